//! The discrete-event engine: a virtual clock that jumps from one event to
//! the next, asking the admission [`Gate`] about every connection.
//!
//! Events are arrivals (one pending at a time, drawn from the arrival
//! process), departures, retries and delayed logins (in a heap), and, for
//! users with a job of several connections or files, the end of each piece
//! of work and each closed-population user's next start. The work per event
//! is constant apart from the heap's `O(log n)`, with `n` the number of live
//! sessions, waiting clients and users; statistics stream into fixed-size
//! structures, so memory does not grow with the simulated duration.
//!
//! ## Users and their connections
//! A user arrives, opens its client's connections (one, or FileZilla's
//! browsing connection and transfers, lftp's `--parallel`, …) and does its
//! job. Plain users, one connection holding one session and arriving from
//! outside, are the hot path: they carry no state beyond their connection.
//! Every other user has an entry in a slab that its connections point to,
//! holding what the job still needs. A refused connection follows the
//! client's rule for that form of refusal (421, 530 at connect, 530 after
//! PASS, a silent close). A ghost session (the client vanished) keeps its
//! slot until the server's idle timeout.
//!
//! The engine can run in slices ([`Simulation::step`],
//! [`Simulation::run_until`]) so that a user interface can show progress or
//! animate the run, and give a [`Report`] of the part run so far.

use alloc::string::String;
use alloc::vec::Vec;

use super::arrivals::{ArrivalProcess, round_nanos, seconds_to_nanos};
use super::distributions::Distribution;
use super::erlang::{engset, erlang_b};
use super::population::{Population, client_ip};
use super::queue::EventQueue;
use super::report::{
    AttemptsCount, ClientOutcomes, CodeCount, ConfidenceInterval, NotALossSystem, ReasonCount,
    Report, Timeline, TimelineBucket, UserOutcomes, WaitSummary,
};
use super::retry::Reactions;
use super::rng::Rng;
use super::scenario::{ArrivalSpec, ClientSpec, JobSpec, Scenario, ScenarioError};
use super::stats::{BATCHES, Batches, LogHistogram, TimelineRecorder, Totals};
use super::transcript::{TranscriptPlan, Transcripts};
use crate::admission::{
    AcceptPause, AddressTracking, Admission, Gate, Limits, LoginCheck, Refusal, RefusalReason,
};
use crate::clients::RefusalForm;
use crate::time::Instant;

/// The user name simulated clients log in with.
pub const SIMULATED_USER: &str = "anonymous";

const KIND_SHIFT: u32 = 61;
/// A slot is released: index = the client's address.
const KIND_DEPARTURE: u64 = 0;
/// A refused connection tries again: index = its waiting entry.
const KIND_RETRY: u64 = 1;
/// A greeted connection logs in: index = its waiting entry.
const KIND_LOGIN: u64 = 2;
/// A connection of a slab user ends a session or a file: index = the user.
const KIND_WORK: u64 = 3;
/// A closed-population user starts a job: index = the user.
const KIND_START: u64 = 4;
/// A connection that waited in the listen backlog through an accept pause
/// is decided: index = its waiting entry.
const KIND_ACCEPT: u64 = 5;
/// With `KIND_DEPARTURE`: the session's client had vanished, the server
/// ends it at its idle timeout.
const GHOST_FLAG: u64 = 1 << 60;
const INDEX_MASK: u64 = 0xFFFF_FFFF;
/// Bits 32..48 of a tag: 1 + the transcript slot of the connection, or 0.
const TRANSCRIPT_SHIFT: u32 = 32;
const TRANSCRIPT_MASK: u64 = 0xFFFF;

/// Random streams, one per purpose (see [`Rng::stream`]).
const STREAM_ARRIVALS: u64 = 1;
const STREAM_CLIENTS: u64 = 2;
const STREAM_SESSIONS: u64 = 3;
const STREAM_RETRIES: u64 = 4;
const STREAM_GHOSTS: u64 = 5;
const STREAM_THINK: u64 = 6;
const STREAM_TRANSCRIPTS: u64 = 7;

/// `Client::user` of a plain user: no slab entry.
const NO_USER: u32 = u32::MAX;

/// Attempts histogram size: 1..=15 attempts, then "16 or more".
const ATTEMPT_BINS: usize = 16;

/// One connection of a user between attempts, or greeted and about to log
/// in.
#[derive(Clone, Copy, Debug)]
struct Client {
    ip: u32,
    first_at: u64,
    attempts: u32,
    /// The user's slab entry, or [`NO_USER`].
    user: u32,
}

/// A user whose job needs more than one plain connection, or who belongs
/// to a closed population.
#[derive(Clone, Copy, Debug, Default)]
struct User {
    ip: u32,
    arrived_at: u64,
    /// Files not started yet.
    files_left: u32,
    /// Files being moved now.
    in_flight: u32,
    /// Connections admitted and not yet ended by the client.
    alive: u32,
    /// Connections not yet admitted: trying, waiting to retry or to log in.
    pending: u32,
    refusals: u32,
    first_refused: bool,
    done: bool,
    failed: bool,
}

/// What users do, resolved from the scenario.
#[derive(Clone, Debug)]
struct UserModel {
    /// Rules for a user with one connection.
    alone: Reactions,
    /// Rules for the connections of a user with several.
    parallel: Reactions,
    connections: u32,
    /// Nanoseconds per file of a transfer job; 0 for a session job.
    per_file: u64,
    files: u32,
    ghost_fraction: f64,
    /// How long a ghost session holds its slot after its client vanished.
    ghost_hold: u64,
    /// A closed population: its size and think time.
    population: Option<(u32, Distribution)>,
    /// Every user is a plain one: one connection, a session job, arriving
    /// from outside.
    plain: bool,
}

impl UserModel {
    fn new(scenario: &Scenario) -> Result<UserModel, ScenarioError> {
        let clients = &scenario.clients;
        let (behaviour, parallel) = clients.behaviours(&scenario.retry);
        let connections = clients.connections_per_user();
        let (files, per_file) = match scenario.job {
            JobSpec::Session => (0, 0),
            JobSpec::Transfer {
                files,
                size,
                bandwidth,
            } => (files, seconds_to_nanos(size / bandwidth).max(1)),
        };
        let population = match &scenario.arrivals {
            ArrivalSpec::Population { users, think } => Some((
                *users,
                think.distribution().map_err(|e| {
                    ScenarioError::new(e.field.replacen("session", "arrivals.think", 1), e.message)
                })?,
            )),
            _ => None,
        };
        let ghost_hold = scenario
            .server
            .idle_timeout()
            .map_or(u64::MAX, |idle| seconds_to_nanos(idle.as_secs_f64()));
        Ok(UserModel {
            alone: Reactions::new(&behaviour),
            parallel: Reactions::new(&parallel),
            connections,
            per_file,
            files,
            ghost_fraction: clients.ghost_fraction,
            ghost_hold,
            plain: connections == 1 && per_file == 0 && population.is_none(),
            population,
        })
    }

    /// The rules for a refused connection of a user who has `alive` others
    /// admitted: with one in, the job goes on and the extra connection
    /// follows the job's rules (FileZilla's queue tries again every 5 s);
    /// with none, the user meets the refusal as a lone client does
    /// (FileZilla's "Could not connect to server" after one retry).
    fn reactions(&self, alive: u32) -> &Reactions {
        if ClientSpec::job_rules_apply(self.connections, alive) {
            &self.parallel
        } else {
            &self.alone
        }
    }

    /// Whether any refused connection is ever tried again.
    fn retries(&self) -> bool {
        self.alone.retries() || (self.connections > 1 && self.parallel.retries())
    }
}

/// Users with a slab entry, addressed by a stable index. A closed
/// population keeps its users at `0..users` for the whole run.
#[derive(Clone, Debug, Default)]
struct Users {
    slots: Vec<User>,
    free: Vec<u32>,
}

impl Users {
    fn insert(&mut self, user: User) -> u32 {
        match self.free.pop() {
            Some(index) => {
                self.slots[index as usize] = user;
                index
            }
            None => {
                self.slots.push(user);
                (self.slots.len() - 1) as u32
            }
        }
    }
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
    /// The server accepts nothing for a while after a session ends
    /// (ProFTPD).
    pause: AcceptPause,

    arrivals: ArrivalProcess,
    next_arrival: u64,
    population: Population,
    /// Addresses a closed population is spread over.
    ips: u32,
    session: Distribution,
    model: UserModel,
    rng_arrivals: Rng,
    rng_clients: Rng,
    rng_sessions: Rng,
    rng_retries: Rng,
    rng_ghosts: Rng,
    rng_think: Rng,

    queue: EventQueue,
    waiting: Waiting,
    users: Users,
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

    /// Users with a slab entry: arrived, done, failed.
    users_arrived: u64,
    users_completed: u64,
    users_failed: u64,
    /// Users (of any kind) refused at the first attempt of a connection.
    users_first_refused: u64,
    /// Refusals of slab users whose outcome is known.
    user_refusals: u64,
    users_resolved: u64,
    max_user_refusals: u32,
    /// Refusals followed by another try.
    retries: u64,
    completion: LogHistogram,

    timeline: TimelineRecorder,
    batches: Batches,
    offered_load: Option<f64>,
    prediction: Result<(f64, u32, f64), NotALossSystem>,
    engset: Option<(u32, f64)>,
}

impl Simulation {
    /// Validates `scenario` and sets up a run driving a [`Gate`] built from
    /// its limits and preset.
    ///
    /// ```
    /// use ftpsim::sim::{Scenario, Simulation};
    ///
    /// // The default scenario: M/M/10/10 at 10 erlangs for an hour.
    /// let mut simulation = Simulation::new(&Scenario::default()).unwrap();
    /// while !simulation.step(10_000) {}
    /// let report = simulation.report();
    /// assert_eq!(report.greeted + report.refused + report.awaiting_login, report.attempts);
    /// assert!(report.erlang_b.is_some());
    /// ```
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
        let model = UserModel::new(scenario)?;
        let seed = scenario.seed;
        let end = seconds_to_nanos(scenario.duration);
        let login_after = seconds_to_nanos(scenario.clients.login_after);
        let mut arrivals = ArrivalProcess::new(&scenario.arrivals);
        let mut rng_arrivals = Rng::stream(seed, STREAM_ARRIVALS);
        let next_arrival = arrivals
            .next_after(0, &mut rng_arrivals)
            .unwrap_or(u64::MAX);
        let prediction = loss_system_prediction(scenario, &limits, &arrivals, &model);
        let engset = engset_prediction(scenario, &limits, &model, &session);
        let holding = seconds_to_nanos(session.mean() + ghost_seconds(&model));
        let report = &scenario.report;
        let mut simulation = Simulation {
            name: scenario.name.clone(),
            seed,
            checks_login: limits.max_logged_in.is_some() || limits.max_per_user.is_some(),
            login_after,
            pause: AcceptPause::new(scenario.server.accept_pause()),
            disconnect_at: limits
                .shutdown
                .as_ref()
                .map_or(u64::MAX, |s| s.disconnect_at.as_nanos()),
            gate,
            end,
            arrivals,
            next_arrival,
            population: Population::new(&scenario.clients),
            ips: scenario.clients.ips.max(1),
            session,
            model,
            rng_arrivals,
            rng_clients: Rng::stream(seed, STREAM_CLIENTS),
            rng_sessions: Rng::stream(seed, STREAM_SESSIONS),
            rng_retries: Rng::stream(seed, STREAM_RETRIES),
            rng_ghosts: Rng::stream(seed, STREAM_GHOSTS),
            rng_think: Rng::stream(seed, STREAM_THINK),
            queue: EventQueue::default(),
            waiting: Waiting::default(),
            users: Users::default(),
            transcripts: Transcripts::new(
                &TranscriptPlan {
                    greeted: report.transcripts_greeted,
                    refused: report.transcripts_refused,
                    server: &scenario.server,
                    ghosts: scenario.clients.ghost_fraction > 0.0,
                    end,
                    refuse_from: limits.shutdown.as_ref().map(|s| s.refuse_from.as_nanos()),
                    holding,
                },
                Rng::stream(seed, STREAM_TRANSCRIPTS),
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
            users_arrived: 0,
            users_completed: 0,
            users_failed: 0,
            users_first_refused: 0,
            user_refusals: 0,
            users_resolved: 0,
            max_user_refusals: 0,
            retries: 0,
            completion: LogHistogram::new(),
            timeline: TimelineRecorder::new(end, report.timeline_buckets),
            batches: Batches::new(end),
            offered_load: scenario.offered_load(),
            prediction,
            engset,
        };
        simulation.next_boundary = simulation.compute_next_boundary();
        simulation.start_population();
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
            KIND_DEPARTURE => self.depart(t, index, transcript, tag & GHOST_FLAG != 0),
            KIND_RETRY => {
                let mut client = self.waiting.take(index);
                client.attempts = client.attempts.saturating_add(1);
                self.attempt(t, client);
            }
            KIND_LOGIN => {
                let client = self.waiting.take(index);
                self.awaiting_login -= 1;
                self.login(t, client, transcript);
            }
            KIND_WORK => self.work_done(t, index, transcript),
            KIND_ACCEPT => {
                let client = self.waiting.take(index);
                self.attempt(t, client);
            }
            _ => self.start_job(t, index),
        }
    }

    #[inline]
    fn arrive(&mut self, t: u64) {
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
        if self.model.plain {
            self.clients += 1;
            self.attempt(
                t,
                Client {
                    ip,
                    first_at: t,
                    attempts: 1,
                    user: NO_USER,
                },
            );
        } else {
            let user = self.users.insert(User::default());
            self.begin_job(t, user, ip);
        }
    }

    /// Schedules every member of a closed population's first start, after a
    /// think time.
    fn start_population(&mut self) {
        let Some((count, think)) = self.model.population else {
            return;
        };
        for member in 0..count {
            let index = self.users.insert(User::default());
            let at = seconds_to_nanos(think.sample(&mut self.rng_think));
            if at < self.end {
                self.queue
                    .push(at, (KIND_START << KIND_SHIFT) | u64::from(index));
            }
            debug_assert_eq!(index, member);
        }
    }

    /// A closed-population user starts a new job from its own address.
    fn start_job(&mut self, t: u64, user: u32) {
        let ip = user % self.ips;
        self.begin_job(t, user, ip);
    }

    /// A slab user arrives at `t` from address `ip` and opens its
    /// connections.
    fn begin_job(&mut self, t: u64, user: u32, ip: u32) {
        self.users_arrived += 1;
        let connections = self.model.connections;
        self.users.slots[user as usize] = User {
            ip,
            arrived_at: t,
            files_left: self.model.files,
            pending: connections,
            ..User::default()
        };
        for _ in 0..connections {
            self.clients += 1;
            self.attempt(
                t,
                Client {
                    ip,
                    first_at: t,
                    attempts: 1,
                    user,
                },
            );
        }
    }

    #[inline]
    fn attempt(&mut self, t: u64, client: Client) {
        let now = Instant::from_nanos(t);
        let accepted = self.pause.accepts_at(now);
        if accepted > now {
            // The server is not accepting: the connection waits in the
            // listen backlog and is decided when the pause is over.
            let index = self.waiting.insert(client);
            self.queue.push(
                accepted.as_nanos(),
                (KIND_ACCEPT << KIND_SHIFT) | u64::from(index),
            );
            return;
        }
        self.totals.attempts += 1;
        let ip = client_ip(client.ip);
        match self.gate.on_connect(ip, now) {
            Admission::Welcome(welcome) => {
                self.live += 1;
                if self.live > self.bucket_max {
                    self.bucket_max = self.live;
                    if self.live > self.peak {
                        self.peak = self.live;
                    }
                }
                let transcript = if self.transcripts.wants_greeted(t) {
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
                self.transcripts
                    .refused(&self.gate, self.totals.attempts, ip, &refusal, now);
                self.refuse(t, client, &refusal, false);
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
                    let released = self.gate.on_disconnect(ip, now);
                    debug_assert!(released, "the simulator releases only what it holds");
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
                self.session_ended(t);
                self.refused_after_greeting += 1;
                self.refuse(t, client, &refusal, true);
            }
        }
    }

    /// The client, greeted at `greeted_at`, has its session from `start`.
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
        if client.user == NO_USER {
            // A plain user: its session, then QUIT (or it vanishes, and the
            // server ends the session at its idle timeout).
            let length = seconds_to_nanos(self.session.sample(&mut self.rng_sessions));
            let mut at = start.saturating_add(length);
            let mut tag = (KIND_DEPARTURE << KIND_SHIFT)
                | (u64::from(transcript) << TRANSCRIPT_SHIFT)
                | u64::from(client.ip);
            if self.ghost() {
                at = at.saturating_add(self.model.ghost_hold);
                tag |= GHOST_FLAG;
            }
            self.queue.push(at, tag);
        } else {
            self.connection_admitted(start, client.user, transcript);
        }
    }

    /// Whether the session just ending is a ghost (its client vanished).
    #[inline]
    fn ghost(&mut self) -> bool {
        self.model.ghost_fraction > 0.0 && self.rng_ghosts.open01() < self.model.ghost_fraction
    }

    /// A slab user's connection has its session from `start`: it holds a
    /// session, or moves the next file.
    fn connection_admitted(&mut self, start: u64, index: u32, transcript: u16) {
        let per_file = self.model.per_file;
        let user = &mut self.users.slots[index as usize];
        user.pending -= 1;
        user.alive += 1;
        let work_tag = (KIND_WORK << KIND_SHIFT)
            | (u64::from(transcript) << TRANSCRIPT_SHIFT)
            | u64::from(index);
        if per_file == 0 {
            // A session job is done once every connection is in.
            if user.pending == 0 && !user.failed && !user.done {
                user.done = true;
                let waited = start.saturating_sub(user.arrived_at);
                self.users_completed += 1;
                self.completion.record(waited);
            }
            let length = seconds_to_nanos(self.session.sample(&mut self.rng_sessions));
            self.queue.push(start.saturating_add(length), work_tag);
        } else if user.files_left > 0 {
            user.files_left -= 1;
            user.in_flight += 1;
            self.queue.push(start.saturating_add(per_file), work_tag);
        } else {
            // Nothing left to move: the connection says QUIT at once.
            self.connection_ended(start, index, transcript);
        }
    }

    /// A slab user's connection ends its session, or one of its files.
    fn work_done(&mut self, t: u64, index: u32, transcript: u16) {
        if self.model.per_file == 0 {
            self.connection_ended(t, index, transcript);
            return;
        }
        let user = &mut self.users.slots[index as usize];
        user.in_flight -= 1;
        if user.files_left > 0 {
            user.files_left -= 1;
            user.in_flight += 1;
            let tag = (KIND_WORK << KIND_SHIFT)
                | (u64::from(transcript) << TRANSCRIPT_SHIFT)
                | u64::from(index);
            self.queue.push(t.saturating_add(self.model.per_file), tag);
            return;
        }
        if user.in_flight == 0 && !user.done && !user.failed {
            user.done = true;
            let took = t.saturating_sub(user.arrived_at);
            self.users_completed += 1;
            self.completion.record(took);
        }
        self.connection_ended(t, index, transcript);
    }

    /// The client ends one of a slab user's connections at `t`: QUIT, or it
    /// vanishes and the server holds the slot until its idle timeout.
    fn connection_ended(&mut self, t: u64, index: u32, transcript: u16) {
        let ip = self.users.slots[index as usize].ip;
        let mut tag = (KIND_DEPARTURE << KIND_SHIFT)
            | (u64::from(transcript) << TRANSCRIPT_SHIFT)
            | u64::from(ip);
        if self.ghost() {
            tag |= GHOST_FLAG;
            self.queue
                .push(t.saturating_add(self.model.ghost_hold), tag);
        } else {
            self.depart(t, ip, transcript, false);
        }
        self.users.slots[index as usize].alive -= 1;
        self.finish_if_idle(t, index);
    }

    /// A slab user with no connection left admitted or trying is over: its
    /// outcome is counted, and a closed-population user thinks, then starts
    /// again; any other frees its entry.
    fn finish_if_idle(&mut self, t: u64, index: u32) {
        let user = &mut self.users.slots[index as usize];
        if user.alive > 0 || user.pending > 0 {
            return;
        }
        if !user.done && !user.failed {
            user.failed = true;
            self.users_failed += 1;
        }
        let refusals = user.refusals;
        self.user_refusals += u64::from(refusals);
        self.users_resolved += 1;
        self.max_user_refusals = self.max_user_refusals.max(refusals);
        match self.model.population {
            Some((_, think)) => {
                let at = t.saturating_add(seconds_to_nanos(think.sample(&mut self.rng_think)));
                if at < self.end {
                    self.queue
                        .push(at, (KIND_START << KIND_SHIFT) | u64::from(index));
                }
            }
            None => self.users.free.push(index),
        }
    }

    #[inline]
    fn refuse(&mut self, t: u64, client: Client, refusal: &Refusal, after_login: bool) {
        self.totals.refused += 1;
        self.refusals.add(refusal);
        let form = RefusalForm::of(refusal.code.map(|c| c.get()), after_login);
        let alive = if client.user == NO_USER {
            0
        } else {
            self.users.slots[client.user as usize].alive
        };
        let delay = self
            .model
            .reactions(alive)
            .policy(form)
            .delay_after(client.attempts, &mut self.rng_retries);
        if client.user == NO_USER {
            if client.attempts == 1 {
                self.users_first_refused += 1;
            }
        } else {
            let user = &mut self.users.slots[client.user as usize];
            user.refusals += 1;
            if client.attempts == 1 && !user.first_refused {
                user.first_refused = true;
                self.users_first_refused += 1;
            }
        }
        match delay {
            Some(delay) => {
                self.retries += 1;
                let index = self.waiting.insert(client);
                let tag = (KIND_RETRY << KIND_SHIFT) | u64::from(index);
                self.queue
                    .push(t.saturating_add(seconds_to_nanos(delay)), tag);
            }
            None => {
                self.gave_up += 1;
                self.resolve(client.attempts);
                if client.user != NO_USER {
                    self.connection_gave_up(t, client.user);
                }
            }
        }
    }

    /// One of a slab user's connections will not be admitted: a session job
    /// fails; a transfer job goes on over the connections it has, if any.
    fn connection_gave_up(&mut self, t: u64, index: u32) {
        let per_file = self.model.per_file;
        let user = &mut self.users.slots[index as usize];
        user.pending -= 1;
        if per_file == 0 && !user.done && !user.failed {
            user.failed = true;
            self.users_failed += 1;
        }
        self.finish_if_idle(t, index);
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

    /// The server releases a slot from address `ip_index`: the client said
    /// QUIT, or (a ghost) the idle timeout ended its session.
    #[inline]
    fn depart(&mut self, t: u64, ip_index: u32, transcript: u16, ghost: bool) {
        let now = Instant::from_nanos(t);
        if transcript != 0 {
            // The session releases its own slots.
            if ghost {
                self.transcripts
                    .idle_timeout(&mut self.gate, transcript, now);
            } else {
                self.transcripts.quit(&mut self.gate, transcript, now);
            }
        } else {
            let ip = client_ip(ip_index);
            if self.checks_login {
                let logged_out = self.gate.on_logout(ip, SIMULATED_USER, now);
                debug_assert!(logged_out, "the simulator logs out only who logged in");
            }
            let released = self.gate.on_disconnect(ip, now);
            debug_assert!(released, "the simulator releases only what it holds");
        }
        self.live -= 1;
        if self.live < self.bucket_min {
            self.bucket_min = self.live;
        }
        self.session_ended(t);
    }

    /// A session ended at `t`: a server with an accept pause (ProFTPD)
    /// takes no new connection until the pause is over.
    #[inline]
    fn session_ended(&mut self, t: u64) {
        self.pause.session_ended(Instant::from_nanos(t));
    }

    /// The shutdown ends every live session (and every greeted client still
    /// waiting to log in) at `t`.
    fn disconnect_everyone(&mut self, t: u64) {
        let now = Instant::from_nanos(t);
        let cut = self.queue.extract(|e| {
            let kind = e.tag >> KIND_SHIFT;
            // Connections still trying or waiting in the backlog hold no
            // session to end.
            kind != KIND_RETRY && kind != KIND_START && kind != KIND_ACCEPT
        });
        for event in cut {
            let index = (event.tag & INDEX_MASK) as u32;
            let transcript = ((event.tag >> TRANSCRIPT_SHIFT) & TRANSCRIPT_MASK) as u16;
            let kind = event.tag >> KIND_SHIFT;
            let mut user = NO_USER;
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
                    let released = self.gate.on_disconnect(client_ip(client.ip), now);
                    debug_assert!(released, "the simulator releases only what it holds");
                }
                if client.user != NO_USER {
                    user = client.user;
                    let session_job = self.model.per_file == 0;
                    let entry = &mut self.users.slots[user as usize];
                    entry.pending -= 1;
                    entry.alive += 1;
                    // Greeted: for a session job, that is what it came for.
                    if session_job && entry.pending == 0 && !entry.failed && !entry.done {
                        entry.done = true;
                        let waited = greeted_at.saturating_sub(entry.arrived_at);
                        self.users_completed += 1;
                        self.completion.record(waited);
                    }
                }
            } else if transcript == 0 {
                let ip = if kind == KIND_WORK {
                    self.users.slots[index as usize].ip
                } else {
                    index
                };
                let ip = client_ip(ip);
                if self.checks_login {
                    let logged_out = self.gate.on_logout(ip, SIMULATED_USER, now);
                    debug_assert!(logged_out, "the simulator logs out only who logged in");
                }
                let released = self.gate.on_disconnect(ip, now);
                debug_assert!(released, "the simulator releases only what it holds");
            }
            if kind == KIND_WORK {
                user = index;
                let entry = &mut self.users.slots[user as usize];
                entry.in_flight = entry
                    .in_flight
                    .saturating_sub(u32::from(self.model.per_file > 0));
            }
            if transcript != 0 {
                // The session sends the preset's shutdown reply and releases
                // its slots.
                self.transcripts.shutdown(&mut self.gate, transcript, now);
            }
            self.live -= 1;
            self.ended_by_shutdown += 1;
            self.session_ended(t);
            if user != NO_USER {
                self.users.slots[user as usize].alive -= 1;
                self.finish_if_idle(t, user);
            }
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
        refused_by_reason.sort_unstable_by_key(|e| (e.reason, e.code));
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
        by_code.sort_unstable_by(|a, b| a.code.cmp(&b.code));
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
            engset: self.engset.map(|(_, b)| b),
            engset_sources: self.engset.map(|(sources, _)| sources),
            users: self.user_outcomes(),
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

impl Simulation {
    /// Per-user outcomes: for plain users, each one's connection says it
    /// all; others keep their own counts.
    fn user_outcomes(&self) -> UserOutcomes {
        let ratio = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);
        let seconds = |nanos: u64| nanos as f64 / 1e9;
        let summary = |histogram: &LogHistogram| {
            histogram.mean().map(|mean| WaitSummary {
                mean: mean / 1e9,
                p50: seconds(histogram.quantile(0.5).unwrap_or(0)),
                p90: seconds(histogram.quantile(0.9).unwrap_or(0)),
                p99: seconds(histogram.quantile(0.99).unwrap_or(0)),
                max: seconds(histogram.max()),
            })
        };
        let (users, completed, failed, refusals, resolved, max_refusals, time_to_complete) =
            if self.model.plain {
                let served = self.totals.greeted;
                let mut wait = self.wait.clone();
                wait.record_many(0, self.served_at_once);
                // A plain user saw one refusal per attempt but the last,
                // unless it gave up at its last.
                let resolved = served + self.gave_up;
                let resolved_attempts = self.resolved_attempts + self.served_at_once;
                (
                    self.clients,
                    served,
                    self.gave_up,
                    resolved_attempts.saturating_sub(served),
                    resolved,
                    self.max_attempts
                        .saturating_sub(u32::from(self.gave_up == 0)),
                    summary(&wait),
                )
            } else {
                (
                    self.users_arrived,
                    self.users_completed,
                    self.users_failed,
                    self.user_refusals,
                    self.users_resolved,
                    self.max_user_refusals,
                    summary(&self.completion),
                )
            };
        UserOutcomes {
            users,
            users_completed: completed,
            users_failed: failed,
            users_active: users.saturating_sub(completed + failed),
            user_failure_probability: ratio(failed, completed + failed),
            first_attempt_blocking: ratio(self.users_first_refused, users),
            mean_refusals: ratio(refusals, resolved),
            max_refusals,
            mean_retries: ratio(self.retries, users),
            time_to_complete,
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
/// arrivals at a constant rate of plain users (one connection, one
/// session), one global limit `c` (connections, or logins made at the
/// instant of the greeting), nothing else that refuses, and refused clients
/// that give up. Ghost sessions only lengthen the mean holding time, which
/// is all Erlang B depends on.
fn loss_system_prediction(
    scenario: &Scenario,
    limits: &Limits,
    arrivals: &ArrivalProcess,
    model: &UserModel,
) -> Result<(f64, u32, f64), NotALossSystem> {
    if model.population.is_some() {
        return Err(NotALossSystem::ClosedPopulation);
    }
    if !arrivals.constant_rate() {
        return Err(NotALossSystem::ArrivalsNotPoisson);
    }
    if model.connections > 1 {
        return Err(NotALossSystem::SeveralConnections);
    }
    if model.per_file > 0 {
        return Err(NotALossSystem::TransferJobs);
    }
    let servers = single_limit(scenario, limits, model)?;
    let load = scenario
        .offered_load()
        .ok_or(NotALossSystem::ArrivalsNotPoisson)?;
    let blocking = erlang_b(load, servers).ok_or(NotALossSystem::LoadNotFinite)?;
    Ok((load, servers, blocking))
}

/// The one limit `c` that refuses, when nothing else does and refused
/// clients give up; shared by the Erlang B and Engset predictions.
fn single_limit(
    scenario: &Scenario,
    limits: &Limits,
    model: &UserModel,
) -> Result<u32, NotALossSystem> {
    if model.retries() {
        return Err(NotALossSystem::Retries);
    }
    if !scenario.server.accept_pause().is_zero() {
        return Err(NotALossSystem::AcceptPause);
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
    if model.ghost_fraction > 0.0 && model.ghost_hold == u64::MAX {
        // Ghosts held for ever: the holding time has no finite mean.
        return Err(NotALossSystem::LoadNotFinite);
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
    Ok(servers)
}

/// Engset applies to a closed population of one-connection users with a
/// session job, exponential think times, one limit and no retries: the
/// call congestion with one source fewer than the population. Returns the
/// sources and the prediction.
fn engset_prediction(
    scenario: &Scenario,
    limits: &Limits,
    model: &UserModel,
    session: &Distribution,
) -> Option<(u32, f64)> {
    let ArrivalSpec::Population { users, think } = &scenario.arrivals else {
        return None;
    };
    let exponential_think = matches!(think, super::scenario::SessionSpec::Exponential { .. });
    if !exponential_think || model.connections > 1 || model.per_file > 0 {
        return None;
    }
    let servers = single_limit(scenario, limits, model).ok()?;
    let holding = session.mean() + ghost_seconds(model);
    let per_idle_source = holding / think.mean();
    let sources = users.saturating_sub(1);
    engset(per_idle_source, sources, servers).map(|b| (sources, b))
}

/// The mean extra time a session holds its slot because its client may
/// have vanished, in seconds.
fn ghost_seconds(model: &UserModel) -> f64 {
    if model.ghost_fraction > 0.0 {
        model.ghost_fraction * model.ghost_hold as f64 / 1e9
    } else {
        0.0
    }
}

// The method's text quotes the number of batches.
const _: () = assert!(BATCHES == 32);
