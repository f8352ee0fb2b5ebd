//! A seeded discrete-event simulator of connection limits.
//!
//! A [`Scenario`] describes a server's limits and a population of clients;
//! [`Simulation`] plays it out against the same admission
//! [`Gate`](crate::admission::Gate) the server uses and returns a [`Report`]:
//! how many connections were greeted with 220, how many refused and with
//! which code, how close that is to the Erlang B prediction, and a timeline
//! of concurrency.
//!
//! ```
//! use ftpsim::sim::{Scenario, Simulation};
//!
//! let scenario = Scenario { duration: 2_000.0, ..Scenario::default() };
//! let report = Simulation::run(&scenario).unwrap();
//! assert_eq!(report.attempts, report.greeted + report.refused);
//! // An M/M/10/10 system at 10 erlangs refuses about 21% of connections.
//! assert!((report.erlang_b.unwrap() - 0.2146).abs() < 1e-4);
//! ```

mod arrivals;
pub mod distributions;
mod engine;
pub mod erlang;
mod population;
mod queue;
pub mod report;
mod retry;
pub mod rng;
pub mod scenario;
#[cfg(feature = "serde")]
mod scenario_format;
mod stats;
mod transcript;

pub use engine::{SIMULATED_USER, Simulation};
pub use erlang::{engset, erlang_b};
pub use population::client_ip;
pub use report::{NotALossSystem, Report};
pub use rng::Rng;
// The server model is the admission module's; scenarios carry it as their
// `[server]` section.
pub use crate::admission::{RateSpec, ServerSpec, ShutdownSpec};
pub use crate::clients::Jitter;
pub use scenario::{
    ArrivalSpec, CUSTOM_PROFILE, ClientSpec, JobSpec, RateSegment, ReportSpec, RetrySpec, Scenario,
    ScenarioError, SessionSpec, Spread,
};
