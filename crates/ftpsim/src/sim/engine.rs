//! The discrete-event engine: a virtual clock that jumps from one event to
//! the next, asking the admission [`Gate`] about every connection.
//!
//! Events are arrivals (one pending at a time, drawn from the arrival
//! process), departures, retries and delayed logins (in a heap). The work per
//! event is constant apart from the heap's `O(log n)`, with `n` the number of
//! live sessions and waiting clients; statistics stream into fixed-size
//! structures, so memory does not grow with the simulated duration.
//!
//! The engine can run in slices ([`Simulation::step`],
//! [`Simulation::run_until`]) so that a user interface can show progress or
//! animate the run, and give a [`Report`] of the part run so far.

use alloc::string::String;
use alloc::vec::Vec;

use super::arrivals::{ArrivalProcess, round_nanos, seconds_to_nanos};
use super::distributions::Distribution;
use super::erlang::erlang_b;
use super::population::{Population, client_ip};
use super::queue::EventQueue;
use super::report::{
    AttemptsCount, ClientOutcomes, CodeCount, ConfidenceInterval, NotALossSystem, ReasonCount,
    Report, Timeline, TimelineBucket, WaitSummary,
};
use super::retry::RetryPolicy;
use super::rng::Rng;
use super::scenario::{Scenario, ScenarioError};
use super::stats::{BATCHES, Batches, LogHistogram, TimelineRecorder, Totals};
use super::transcript::Transcripts;
use crate::admission::{
    AddressTracking, Admission, Gate, Limits, LoginCheck, Refusal, RefusalReason,
};
use crate::time::Instant;

/// The user name simulated clients log in with.
pub const SIMULATED_USER: &str = "anonymous";

const KIND_SHIFT: u32 = 62;
const KIND_DEPARTURE: u64 = 0;
const KIND_RETRY: u64 = 1;
const KIND_LOGIN: u64 = 2;
const INDEX_MASK: u64 = 0xFFFF_FFFF;
/// Bits 32..48 of a tag: 1 + the transcript slot of the connection, or 0.
const TRANSCRIPT_SHIFT: u32 = 32;
const TRANSCRIPT_MASK: u64 = 0xFFFF;

/// Random streams, one per purpose (see [`Rng::stream`]).
const STREAM_ARRIVALS: u64 = 1;
const STREAM_CLIENTS: u64 = 2;
const STREAM_SESSIONS: u64 = 3;
const STREAM_RETRIES: u64 = 4;

/// Attempts histogram size: 1..=15 attempts, then "16 or more".
const ATTEMPT_BINS: usize = 16;

/// A client between attempts, or greeted and about to log in.
#[derive(Clone, Copy, Debug)]
struct Client {
    ip: u32,
    first_at: u64,
    attempts: u32,
}

/// Clients waiting for a retry or a login, addressed by a stable index.
#[derive(Clone, Debug, Default)]
struct Waiting {
    slots: Vec<Client>,
    free: Vec<u32>,
    len: usize,
}

impl Waiting {
    fn insert(&mut self, client: Client) -> u32 {
        self.len += 1;
        match self.free.pop() {
            Some(index) => {
                self.slots[index as usize] = client;
                index
            }
            None => {
                self.slots.push(client);
                (self.slots.len() - 1) as u32
            }
        }
    }

    fn take(&mut self, index: u32) -> Client {
        self.len -= 1;
        self.free.push(index);
        self.slots[index as usize]
    }
}

/// Refusal counts by reason and code; a handful of entries at most.
#[derive(Clone, Debug, Default)]
struct RefusalCounts {
    entries: Vec<(RefusalReason, Option<u16>, u64)>,
}

impl RefusalCounts {
    #[inline]
    fn add(&mut self, refusal: &Refusal) {
        let code = refusal.code.map(|c| c.get());
        match self
            .entries
            .iter_mut()
            .find(|(reason, c, _)| *reason == refusal.reason && *c == code)
        {
            Some(entry) => entry.2 += 1,
            None => self.entries.push((refusal.reason, code, 1)),
        }
    }
}

/// A simulation in progress.
#[derive(Debug)]
pub struct Simulation {
    name: Option<String>,
    seed: u64,
    gate: Gate,
    end: u64,
    checks_login: bool,
    login_after: u64,
    disconnect_at: u64,

    arrivals: ArrivalProcess,
    next_arrival: u64,
    population: Population,
    session: Distribution,
    retry: RetryPolicy,
    rng_arrivals: Rng,
    rng_clients: Rng,
    rng_sessions: Rng,
    rng_retries: Rng,

    queue: EventQueue,
    waiting: Waiting,
    transcripts: Transcripts,

    now: u64,
    finished: bool,
    next_boundary: u64,
    events: u64,
    totals: Totals,
    live: u32,
    peak: u32,
    bucket_min: u32,
    bucket_max: u32,
    refusals: RefusalCounts,
    refused_after_greeting: u64,
    ended_by_shutdown: u64,
    awaiting_login: u64,

    clients: u64,
    /// Served at the first attempt without waiting: kept out of the
    /// histograms on the hot path.
    served_at_once: u64,
    /// Served at the first attempt after a wait (a warm-up).
    served_first_try: u64,
    gave_up: u64,
    attempts_histogram: [u64; ATTEMPT_BINS],
    resolved_attempts: u64,
    max_attempts: u32,
    wait: LogHistogram,

    timeline: TimelineRecorder,
    batches: Batches,
    offered_load: Option<f64>,
    prediction: Result<(f64, u32, f64), NotALossSystem>,
}

impl Simulation {
    /// Validates `scenario` and sets up a run driving a [`Gate`] built from
    /// its limits and preset.
    pub fn new(scenario: &Scenario) -> Result<Simulation, ScenarioError> {
        scenario.validate()?;
        let limits = scenario.limits();
        // Nothing here asks for per-address counts beyond the limits.
        let gate = Gate::with_address_tracking(
            limits.clone(),
            scenario.server.preset,
            AddressTracking::WhenLimited,
        );
        let session = scenario.session.distribution()?;
        let seed = scenario.seed;
        let end = seconds_to_nanos(scenario.duration);
        let retry = RetryPolicy::new(&scenario.retry);
        let login_after = seconds_to_nanos(scenario.clients.login_after);
        let mut arrivals = ArrivalProcess::new(&scenario.arrivals);
        let mut rng_arrivals = Rng::stream(seed, STREAM_ARRIVALS);
        let next_arrival = arrivals
            .next_after(0, &mut rng_arrivals)
            .unwrap_or(u64::MAX);
        let prediction = loss_system_prediction(scenario, &limits, &arrivals, &retry);
        let report = &scenario.report;
        let mut simulation = Simulation {
            name: scenario.name.clone(),
            seed,
            checks_login: limits.max_logged_in.is_some() || limits.max_per_user.is_some(),
            login_after,
            disconnect_at: limits
                .shutdown
                .as_ref()
                .map_or(u64::MAX, |s| s.disconnect_at.as_nanos()),
            gate,
            end,
            arrivals,
            next_arrival,
            population: Population::new(&scenario.clients),
            session,
            retry,
            rng_arrivals,
            rng_clients: Rng::stream(seed, STREAM_CLIENTS),
            rng_sessions: Rng::stream(seed, STREAM_SESSIONS),
            rng_retries: Rng::stream(seed, STREAM_RETRIES),
            queue: EventQueue::default(),
            waiting: Waiting::default(),
            transcripts: Transcripts::new(
                report.transcripts_greeted,
                report.transcripts_refused,
                &scenario.server,
            ),
            now: 0,
            finished: false,
            next_boundary: 0,
            events: 0,
            totals: Totals::default(),
            live: 0,
            peak: 0,
            bucket_min: 0,
            bucket_max: 0,
            refusals: RefusalCounts::default(),
            refused_after_greeting: 0,
            ended_by_shutdown: 0,
            awaiting_login: 0,
            clients: 0,
            served_at_once: 0,
            served_first_try: 0,
            gave_up: 0,
            attempts_histogram: [0; ATTEMPT_BINS],
            resolved_attempts: 0,
            max_attempts: 0,
            wait: LogHistogram::new(),
            timeline: TimelineRecorder::new(end, report.timeline_buckets),
            batches: Batches::new(end),
            offered_load: scenario.offered_load(),
            prediction,
        };
        simulation.next_boundary = simulation.compute_next_boundary();
        Ok(simulation)
    }

    /// Runs the whole scenario and reports.
    pub fn run(scenario: &Scenario) -> Result<Report, ScenarioError> {
        let mut simulation = Simulation::new(scenario)?;
        while !simulation.step(u64::MAX) {}
        Ok(simulation.report())
    }

    /// The gate being driven (e.g. to inspect its counts between steps).
    pub fn gate(&self) -> &Gate {
        &self.gate
    }

    /// Simulated time reached so far.
    pub fn now(&self) -> Instant {
        Instant::from_nanos(self.now)
    }

    /// The end of the simulated period.
    pub fn end(&self) -> Instant {
        Instant::from_nanos(self.end)
    }

    /// The fraction of simulated time done, from 0 to 1.
    pub fn progress(&self) -> f64 {
        if self.finished || self.end == 0 {
            1.0
        } else {
            self.now as f64 / self.end as f64
        }
    }

    /// Whether the run has reached the end of the scenario.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Events processed so far.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// Events waiting in the queue: one per live session, waiting client or
    /// pending login. It follows concurrency, not the length of the run.
    pub fn pending_events(&self) -> usize {
        self.queue.len()
    }

    /// Connections held right now.
    pub fn concurrency(&self) -> u32 {
        self.live
    }

    /// Processes at most `max_events` events; returns whether the run is
    /// finished.
    pub fn step(&mut self, max_events: u64) -> bool {
        self.advance(max_events, u64::MAX)
    }

    /// Processes every event before `until` (and no further than the end);
    /// returns whether the run is finished, which `run_until(self.end())`
    /// always is.
    pub fn run_until(&mut self, until: Instant) -> bool {
        self.advance(u64::MAX, until.as_nanos())
    }

    fn advance(&mut self, max_events: u64, until: u64) -> bool {
        let mut budget = max_events;
        // One comparison per event covers both the next boundary and `until`.
        let mut limit = self.next_boundary.min(until);
        while budget > 0 && !self.finished {
            let queued = self.queue.next_at();
            let t = queued.min(self.next_arrival);
            if t >= limit {
                // A boundary at `until` itself is crossed: everything before
                // it has been processed (so `run_until(end)` finishes).
                if self.next_boundary > until {
                    self.move_clock(until);
                    break;
                }
                self.cross_boundary();
                limit = self.next_boundary.min(until);
                continue;
            }
            budget -= 1;
            self.move_clock(t);
            self.events += 1;
            if queued <= self.next_arrival {
                if let Some(event) = self.queue.pop() {
                    self.dispatch(t, event.tag);
                }
            } else {
                self.arrive(t);
            }
        }
        self.finished
    }

    /// Moves the clock to `t`, accumulating the area under concurrency.
    #[inline]
    fn move_clock(&mut self, t: u64) {
        if t > self.now {
            self.totals.area += u128::from(self.live) * u128::from(t - self.now);
            self.now = t;
        }
    }

    fn compute_next_boundary(&self) -> u64 {
        // `disconnect_at` is reset to MAX once the shutdown has happened.
        self.timeline
            .next_boundary()
            .min(self.batches.next_boundary())
            .min(self.disconnect_at)
            .min(self.end)
    }

    /// Closes timeline buckets and batches that end here, applies a
    /// shutdown due now, or finishes the run.
    fn cross_boundary(&mut self) {
        let b = self.next_boundary;
        self.move_clock(b);
        if b == self.disconnect_at {
            self.disconnect_everyone(b);
            self.disconnect_at = u64::MAX;
        }
        while self.timeline.next_boundary() <= b {
            self.timeline
                .close(self.bucket_min, self.bucket_max, self.totals);
            self.bucket_min = self.live;
            self.bucket_max = self.live;
        }
        while self.batches.next_boundary() <= b {
            self.batches.close(self.totals);
        }
        if b >= self.end {
            self.finished = true;
            return;
        }
        self.next_boundary = self.compute_next_boundary();
    }

    #[inline]
    fn dispatch(&mut self, t: u64, tag: u64) {
        let index = (tag & INDEX_MASK) as u32;
        let transcript = ((tag >> TRANSCRIPT_SHIFT) & TRANSCRIPT_MASK) as u16;
        match tag >> KIND_SHIFT {
            KIND_DEPARTURE => self.depart(t, index, transcript),
            KIND_RETRY => {
                let mut client = self.waiting.take(index);
                client.attempts = client.attempts.saturating_add(1);
                self.attempt(t, client);
            }
            _ => {
                let client = self.waiting.take(index);
                self.awaiting_login -= 1;
                self.login(t, client, transcript);
            }
        }
    }

    #[inline]
    fn arrive(&mut self, t: u64) {
        self.clients += 1;
        let ip = self.population.pick(&mut self.rng_clients);
        self.next_arrival = match self.arrivals {
            // The common case, inline: one draw, one logarithm.
            ArrivalProcess::Poisson { mean_gap_nanos } if mean_gap_nanos.is_finite() => {
                let gap = -mean_gap_nanos * libm::log(self.rng_arrivals.open01());
                t.saturating_add(round_nanos(gap))
            }
            _ => self
                .arrivals
                .next_after(t, &mut self.rng_arrivals)
                .unwrap_or(u64::MAX),
        };
        self.attempt(
            t,
            Client {
                ip,
                first_at: t,
                attempts: 1,
            },
        );
    }

    #[inline]
    fn attempt(&mut self, t: u64, client: Client) {
        self.totals.attempts += 1;
        let ip = client_ip(client.ip);
        let now = Instant::from_nanos(t);
        match self.gate.on_connect(ip, now) {
            Admission::Welcome(welcome) => {
                self.live += 1;
                if self.live > self.bucket_max {
                    self.bucket_max = self.live;
                    if self.live > self.peak {
                        self.peak = self.live;
                    }
                }
                let transcript = if self.transcripts.wanted() {
                    self.transcripts
                        .welcomed(self.totals.attempts, ip, welcome, now)
                } else {
                    0
                };
                let start = welcome.ready_at.map_or(t, |ready| ready.as_nanos().max(t));
                // A recorded session logs in through its Session, whatever
                // the limits, so that its transcript shows USER and PASS.
                if self.checks_login || transcript != 0 {
                    if self.login_after == 0 && start == t {
                        self.login(t, client, transcript);
                    } else {
                        self.awaiting_login += 1;
                        let index = self.waiting.insert(client);
                        let tag = (KIND_LOGIN << KIND_SHIFT)
                            | (u64::from(transcript) << TRANSCRIPT_SHIFT)
                            | u64::from(index);
                        self.queue.push(start.saturating_add(self.login_after), tag);
                    }
                } else {
                    self.serve(start, start, client, transcript);
                }
            }
            Admission::Refuse(refusal) => {
                if self.transcripts.wanted() {
                    self.transcripts
                        .refused(&self.gate, self.totals.attempts, ip, &refusal, now);
                }
                self.refuse(t, client, &refusal);
            }
        }
    }

    /// The greeted client logs in now (where the gate checks login limits).
    fn login(&mut self, t: u64, client: Client, transcript: u16) {
        let ip = client_ip(client.ip);
        let now = Instant::from_nanos(t);
        let refusal = if transcript != 0 {
            // The session asked the gate and, if refused, released its slot.
            self.transcripts
                .login(&mut self.gate, transcript, now)
                .map(|reason| login_refusal(&self.gate, reason))
        } else {
            match self.gate.on_login(ip, SIMULATED_USER, now) {
                LoginCheck::Allow => None,
                LoginCheck::Refuse(refusal) => {
                    self.gate.on_disconnect(ip, now);
                    Some(refusal)
                }
            }
        };
        match refusal {
            // The 220 went out a login delay ago; the session starts now.
            None => self.serve(t, t.saturating_sub(self.login_after), client, transcript),
            Some(refusal) => {
                self.live -= 1;
                if self.live < self.bucket_min {
                    self.bucket_min = self.live;
                }
                self.refused_after_greeting += 1;
                self.refuse(t, client, &refusal);
            }
        }
    }

    /// The client, greeted at `greeted_at`, has its session from `start`;
    /// it will leave after a session length.
    #[inline]
    fn serve(&mut self, start: u64, greeted_at: u64, client: Client, transcript: u16) {
        self.totals.greeted += 1;
        if client.attempts == 1 && greeted_at == client.first_at {
            // Most clients: greeted at once. Counted here, folded into the
            // histograms when a report is made.
            self.served_at_once += 1;
        } else {
            if client.attempts == 1 {
                self.served_first_try += 1;
            }
            self.resolve(client.attempts);
            self.wait.record(greeted_at.saturating_sub(client.first_at));
        }
        let length = seconds_to_nanos(self.session.sample(&mut self.rng_sessions));
        let tag = (KIND_DEPARTURE << KIND_SHIFT)
            | (u64::from(transcript) << TRANSCRIPT_SHIFT)
            | u64::from(client.ip);
        self.queue.push(start.saturating_add(length), tag);
    }

    #[inline]
    fn refuse(&mut self, t: u64, client: Client, refusal: &Refusal) {
        self.totals.refused += 1;
        self.refusals.add(refusal);
        match self
            .retry
            .delay_after(client.attempts, &mut self.rng_retries)
        {
            Some(delay) => {
                let index = self.waiting.insert(client);
                let tag = (KIND_RETRY << KIND_SHIFT) | u64::from(index);
                self.queue
                    .push(t.saturating_add(seconds_to_nanos(delay)), tag);
            }
            None => {
                self.gave_up += 1;
                self.resolve(client.attempts);
            }
        }
    }

    #[inline]
    fn resolve(&mut self, attempts: u32) {
        let bin = (attempts as usize).clamp(1, ATTEMPT_BINS) - 1;
        self.attempts_histogram[bin] += 1;
        self.resolved_attempts += u64::from(attempts);
        if attempts > self.max_attempts {
            self.max_attempts = attempts;
        }
    }

    #[inline]
    fn depart(&mut self, t: u64, ip_index: u32, transcript: u16) {
        let now = Instant::from_nanos(t);
        if transcript != 0 {
            // The session releases its own slots when the client quits.
            self.transcripts.quit(&mut self.gate, transcript, now);
        } else {
            let ip = client_ip(ip_index);
            if self.checks_login {
                self.gate.on_logout(ip, SIMULATED_USER, now);
            }
            self.gate.on_disconnect(ip, now);
        }
        self.live -= 1;
        if self.live < self.bucket_min {
            self.bucket_min = self.live;
        }
    }

    /// The shutdown ends every live session (and every greeted client still
    /// waiting to log in) at `t`.
    fn disconnect_everyone(&mut self, t: u64) {
        let now = Instant::from_nanos(t);
        let cut = self.queue.extract(|e| e.tag >> KIND_SHIFT != KIND_RETRY);
        for event in cut {
            let index = (event.tag & INDEX_MASK) as u32;
            let transcript = ((event.tag >> TRANSCRIPT_SHIFT) & TRANSCRIPT_MASK) as u16;
            let kind = event.tag >> KIND_SHIFT;
            if kind == KIND_LOGIN {
                // Greeted but not logged in yet: it counts as served, with a
                // session the shutdown cut short. Its 220 went out a login
                // delay before the login that was due.
                let client = self.waiting.take(index);
                self.awaiting_login -= 1;
                self.totals.greeted += 1;
                if client.attempts == 1 {
                    self.served_first_try += 1;
                }
                self.resolve(client.attempts);
                let greeted_at = event.at.saturating_sub(self.login_after).min(t);
                self.wait.record(greeted_at.saturating_sub(client.first_at));
                if transcript == 0 {
                    self.gate.on_disconnect(client_ip(client.ip), now);
                }
            } else if transcript == 0 {
                let ip = client_ip(index);
                if self.checks_login {
                    self.gate.on_logout(ip, SIMULATED_USER, now);
                }
                self.gate.on_disconnect(ip, now);
            }
            if transcript != 0 {
                // The session sends the preset's shutdown reply and releases
                // its slots.
                self.transcripts.shutdown(&mut self.gate, transcript, now);
            }
            self.live -= 1;
            self.ended_by_shutdown += 1;
        }
        self.bucket_min = self.bucket_min.min(self.live);
    }

    /// The report of the run so far (the whole run once finished).
    pub fn report(&self) -> Report {
        let totals = self.totals;
        let blocking = if totals.attempts == 0 {
            0.0
        } else {
            totals.refused as f64 / totals.attempts as f64
        };
        let mut refused_by_reason: Vec<ReasonCount> = self
            .refusals
            .entries
            .iter()
            .map(|&(reason, code, count)| ReasonCount {
                reason: reason.key(),
                code,
                count,
            })
            .collect();
        refused_by_reason.sort_by(|a, b| (a.reason, a.code).cmp(&(b.reason, b.code)));
        let mut by_code: Vec<CodeCount> = Vec::new();
        for entry in &refused_by_reason {
            let code = match entry.code {
                Some(code) => alloc::format!("{code}"),
                None => String::from("silent_close"),
            };
            match by_code.iter_mut().find(|c| c.code == code) {
                Some(c) => c.count += entry.count,
                None => by_code.push(CodeCount {
                    code,
                    count: entry.count,
                }),
            }
        }
        by_code.sort_by(|a, b| a.code.cmp(&b.code));
        let interval = self
            .batches
            .interval()
            .map(|(low, high)| ConfidenceInterval {
                low,
                high,
                level: 0.95,
                method: BATCH_METHOD,
            });
        let seconds = |nanos: u64| nanos as f64 / 1e9;
        let mean_concurrency = if self.now == 0 {
            0.0
        } else {
            totals.area as f64 / self.now as f64
        };
        let buckets = self
            .timeline
            .buckets(self.bucket_min, self.bucket_max, totals, self.now)
            .into_iter()
            .map(|b| TimelineBucket {
                start: seconds(b.start),
                end: seconds(b.end),
                concurrency_min: b.min,
                concurrency_max: b.max,
                concurrency_mean: if b.end > b.start {
                    b.area as f64 / (b.end - b.start) as f64
                } else {
                    f64::from(b.min)
                },
                greeted: b.greeted,
                refused: b.refused,
            })
            .collect();
        let served = totals.greeted;
        let resolved = served + self.gave_up;
        let still_trying = self.clients - resolved;
        let mut histogram = self.attempts_histogram;
        histogram[0] += self.served_at_once;
        let resolved_attempts = self.resolved_attempts + self.served_at_once;
        let mut wait = self.wait.clone();
        wait.record_many(0, self.served_at_once);
        let attempts_histogram = histogram
            .iter()
            .enumerate()
            .filter(|&(_, &clients)| clients > 0)
            .map(|(i, &clients)| AttemptsCount {
                attempts: i as u32 + 1,
                or_more: i + 1 == ATTEMPT_BINS,
                clients,
            })
            .collect();
        let quantile = |q: f64| seconds(wait.quantile(q).unwrap_or(0));
        let time_to_first_220 = wait.mean().map(|mean| WaitSummary {
            mean: mean / 1e9,
            p50: quantile(0.5),
            p90: quantile(0.9),
            p99: quantile(0.99),
            max: seconds(wait.max()),
        });
        debug_assert_eq!(wait.count(), served);
        Report {
            scenario: self.name.clone(),
            preset: self.gate.preset().name(),
            seed: self.seed,
            simulated_seconds: seconds(self.now),
            finished: self.finished,
            events: self.events,
            attempts: totals.attempts,
            greeted: totals.greeted,
            refused: totals.refused,
            awaiting_login: self.awaiting_login,
            refused_after_greeting: self.refused_after_greeting,
            refused_by_reason,
            refused_by_code: by_code,
            ended_by_shutdown: self.ended_by_shutdown,
            blocking_probability: blocking,
            blocking_confidence_interval: interval,
            offered_load: self.offered_load,
            erlang_b: self.prediction.ok().map(|p| p.2),
            erlang_b_servers: self.prediction.ok().map(|p| p.1),
            erlang_b_not_applicable: self.prediction.err(),
            peak_concurrency: self.peak,
            mean_concurrency,
            final_concurrency: self.live,
            clients: ClientOutcomes {
                clients: self.clients,
                served,
                served_first_try: self.served_first_try + self.served_at_once,
                gave_up: self.gave_up,
                still_trying,
                mean_attempts: (resolved > 0).then(|| resolved_attempts as f64 / resolved as f64),
                max_attempts: self.max_attempts,
                attempts_histogram,
                time_to_first_220,
            },
            timeline: Timeline {
                bucket_seconds: seconds(self.end) / f64::from(self.timeline.count()),
                buckets,
            },
            transcripts: self.transcripts.report(),
        }
    }
}

/// The refusal a session's login refusal stands for: the same reason, the
/// code the preset sends for it, and the limit that was reached.
fn login_refusal(gate: &Gate, reason: RefusalReason) -> Refusal {
    let limits = gate.limits();
    let limit = match reason {
        RefusalReason::TooManyForUser => limits.max_per_user,
        _ => limits.max_logged_in,
    };
    Refusal {
        reason,
        code: gate.preset().table().rule(reason).code,
        limit: limit.unwrap_or(0),
    }
}

const BATCH_METHOD: &str = "batch means: the run cut into 32 equal stretches of time; \
                            ratio estimator with Student's t at 31 degrees of freedom";

/// Erlang B applies when the scenario is a pure loss system: Poisson
/// arrivals at a constant rate, one global limit `c` (connections, or
/// logins made at the instant of the greeting), nothing else that refuses,
/// and refused clients that give up.
fn loss_system_prediction(
    scenario: &Scenario,
    limits: &Limits,
    arrivals: &ArrivalProcess,
    retry: &RetryPolicy,
) -> Result<(f64, u32, f64), NotALossSystem> {
    if !arrivals.constant_rate() {
        return Err(NotALossSystem::ArrivalsNotPoisson);
    }
    if retry.retries() {
        return Err(NotALossSystem::Retries);
    }
    if limits.rate.is_some() {
        return Err(NotALossSystem::RateLimit);
    }
    if limits.shutdown.is_some() {
        return Err(NotALossSystem::Shutdown);
    }
    if limits.warmup.is_some() {
        return Err(NotALossSystem::Warmup);
    }
    if limits.max_per_user.is_some() {
        return Err(NotALossSystem::PerUserLimit);
    }
    let login_limit = match limits.max_logged_in {
        Some(_) if scenario.clients.login_after > 0.0 => {
            return Err(NotALossSystem::DelayedLoginLimit);
        }
        other => other,
    };
    // pyftpdlib's max_cons counts its listener: fewer slots for clients.
    let preset = scenario.server.preset;
    let client_slots = limits
        .max_clients
        .map(|max| max.saturating_sub(preset.sockets_counted_besides_clients()));
    let servers = match (client_slots, login_limit) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => return Err(NotALossSystem::NoLimit),
    };
    if limits.max_per_ip.is_some_and(|per_ip| per_ip < servers) {
        return Err(NotALossSystem::PerAddressLimit);
    }
    let load = scenario
        .offered_load()
        .ok_or(NotALossSystem::ArrivalsNotPoisson)?;
    let blocking = erlang_b(load, servers).ok_or(NotALossSystem::LoadNotFinite)?;
    Ok((load, servers, blocking))
}

// The method's text quotes the number of batches.
const _: () = assert!(BATCHES == 32);
