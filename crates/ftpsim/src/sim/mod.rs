//! A seeded discrete-event simulator of connection limits.
//!
//! A [`Scenario`] describes a server's limits and a population of clients;
//! [`Simulation`] plays it out against the same admission gate the server
//! uses and returns a [`Report`]: how many connections were greeted with 220,
//! how many refused and with which code, how close that is to the Erlang B
//! prediction, and a timeline of concurrency.

pub mod distributions;
pub mod erlang;
pub mod rng;
pub mod scenario;

pub use erlang::erlang_b;
pub use rng::Rng;
pub use scenario::{
    ArrivalSpec, ClientSpec, Jitter, PresetName, RateSegment, RateSpec, ReportSpec, RetrySpec,
    Scenario, ScenarioError, ServerSpec, SessionSpec, ShutdownSpec, Spread,
};
