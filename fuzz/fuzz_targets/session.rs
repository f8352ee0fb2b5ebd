//! Drives a server session with arbitrary control bytes, data-channel
//! events and time, across presets, and checks after every call what must
//! always hold (no panic; whole, well-formed replies with no raw control
//! byte; `poll_timeout` never in the past; data connections only to the
//! client's own address and ports from 1024; the current directory inside
//! the tree; the tree and the input buffer within their limits; every gate
//! slot back at the end).
//!
//! The model and its checks live in one file shared with the stable
//! property test `crates/ftpsim/tests/session_model.rs`; its header
//! describes the layout of an input.

#![no_main]

#[path = "../../crates/ftpsim/tests/support/session_model.rs"]
mod session_model;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    session_model::Model::run(data);
});
