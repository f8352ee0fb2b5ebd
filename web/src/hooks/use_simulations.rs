//! Runs scenarios through the core's simulator in slices, so that a long
//! run never freezes the page: a few milliseconds of events, then the
//! browser gets to paint and handle input, then the next slice.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use ftpsim::sim::{Report, Scenario, Simulation};
use yew::prelude::*;

/// Wall-clock budget of one slice, in milliseconds.
const SLICE_MS: f64 = 25.0;
/// Events between two looks at the clock.
const EVENTS_PER_CHECK: u64 = 2_000;

/// Where one scenario's run stands.
#[derive(Clone, Debug, PartialEq)]
pub enum RunState {
    /// Waiting for the runs before it.
    Queued,
    /// The core refused the scenario (the message names the field).
    Invalid(String),
    Running {
        /// Simulated time done, 0 to 1.
        progress: f64,
        events: u64,
    },
    Done {
        report: Rc<Report>,
        /// Wall-clock time the run took in this browser.
        elapsed_ms: f64,
    },
    /// Stopped by the user before the end; not restarted by coming back to
    /// the same scenario (Back, Forward), only by Run.
    Cancelled,
}

thread_local! {
    /// Scenario lists the user stopped, so that returning to one (Back,
    /// even after another view) does not start it again behind their back.
    static STOPPED: Rc<RefCell<Vec<Vec<Scenario>>>> = Rc::default();
}

/// The runs of a list of scenarios, and how to stop or restart them.
#[derive(Clone, Debug, PartialEq)]
pub struct Runs {
    pub states: Rc<Vec<RunState>>,
    pub cancel: Callback<()>,
    pub restart: Callback<()>,
}

/// Runs `scenarios` one after the other and reports each one's state. A new
/// list cancels the runs of the previous one.
#[hook]
pub fn use_simulations(scenarios: Vec<Scenario>) -> Runs {
    let states = use_state(|| Rc::new(vec![RunState::Queued; scenarios.len()]));
    let generation = use_memo((), |_| Cell::new(0u64));
    let stopped = STOPPED.with(Rc::clone);
    let restarts = use_state(|| 0u32);
    {
        let states = states.clone();
        let generation = generation.clone();
        let stopped = stopped.clone();
        use_effect_with((scenarios.clone(), *restarts), move |(scenarios, _)| {
            let current = generation.get() + 1;
            generation.set(current);
            if stopped.borrow().contains(scenarios) {
                states.set(Rc::new(vec![RunState::Cancelled; scenarios.len()]));
            } else {
                let scenarios = scenarios.clone();
                let cancelled = {
                    let generation = generation.clone();
                    move || generation.get() != current
                };
                yew::platform::spawn_local(run_all(scenarios, states, cancelled));
            }
            move || generation.set(generation.get() + 1)
        });
    }
    let cancel = {
        let (states, generation, stopped) = (states.clone(), generation.clone(), stopped.clone());
        let scenarios = scenarios.clone();
        Callback::from(move |()| {
            generation.set(generation.get() + 1);
            let mut stopped = stopped.borrow_mut();
            if !stopped.contains(&scenarios) {
                stopped.push(scenarios.clone());
            }
            let next = states
                .iter()
                .map(|s| match s {
                    RunState::Done { .. } | RunState::Invalid(_) => s.clone(),
                    _ => RunState::Cancelled,
                })
                .collect();
            states.set(Rc::new(next));
        })
    };
    // Stable from one render to the next while the list stays, so that a
    // form handed it is not redrawn for nothing; it counts in a cell of its
    // own, as a handle kept from an earlier render reads an old value.
    let restart = {
        let restarts = restarts.clone();
        let count = use_memo((), |_| Cell::new(0u32));
        use_callback(scenarios, move |(), scenarios| {
            stopped.borrow_mut().retain(|s| s != scenarios);
            count.set(count.get() + 1);
            restarts.set(count.get());
        })
    };
    Runs {
        states: (*states).clone(),
        cancel,
        restart,
    }
}

async fn run_all(
    scenarios: Vec<Scenario>,
    states: UseStateHandle<Rc<Vec<RunState>>>,
    cancelled: impl Fn() -> bool,
) {
    let mut results = vec![RunState::Queued; scenarios.len()];
    // Nothing is shown until a run is done or a slice has passed: a small
    // scenario is then drawn once, with its results, not first as queued
    // (a whole render of the page for nothing). The page cannot paint in
    // between: this runs in the same task as the render that started it.
    for (i, scenario) in scenarios.iter().enumerate() {
        let mut simulation = match Simulation::new(scenario) {
            Ok(simulation) => simulation,
            Err(error) => {
                results[i] = RunState::Invalid(error.to_string());
                states.set(Rc::new(results.clone()));
                continue;
            }
        };
        let started = now_ms();
        loop {
            let slice_start = now_ms();
            let mut finished = false;
            while !finished && now_ms() - slice_start < SLICE_MS {
                finished = simulation.step(EVENTS_PER_CHECK);
            }
            if cancelled() {
                return;
            }
            if finished {
                results[i] = RunState::Done {
                    report: Rc::new(simulation.report()),
                    elapsed_ms: now_ms() - started,
                };
                states.set(Rc::new(results.clone()));
                break;
            }
            results[i] = RunState::Running {
                progress: simulation.progress(),
                events: simulation.events(),
            };
            states.set(Rc::new(results.clone()));
            // Let the browser paint the progress and handle input.
            yew::platform::time::sleep(Duration::ZERO).await;
            if cancelled() {
                return;
            }
        }
        // Between two scenarios too.
        yew::platform::time::sleep(Duration::ZERO).await;
        if cancelled() {
            return;
        }
    }
}

/// Milliseconds on the page's monotonic clock.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}
