//! What a reply costs the allocator, counted by `allocation_counter`: taken
//! one by one with `poll_output` (a `Vec<u8>` each), and written into the
//! driver's own buffer with `write_replies` (nothing, once the buffers have
//! grown). Printed with `--nocapture`; the figures go in the benchmarks'
//! notes.

use std::sync::Arc;

use core::net::{IpAddr, Ipv4Addr};

use ftpsim::admission::{Gate, Preset, ServerSpec};
use ftpsim::session::{Output, Session, SessionConfig};
use ftpsim::time::Instant;

const COMMANDS: u64 = 1_000;

/// A logged-in session with its first replies taken, and the gate.
fn logged_in() -> (Session, Gate) {
    let spec = ServerSpec::preset(Preset::Vsftpd);
    let mut gate = Gate::from_spec(&spec);
    let config = Arc::new(SessionConfig::from_spec(&spec));
    let peer = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let mut session = Session::connect(&mut gate, config, peer, Instant::ZERO);
    session.handle_input(&mut gate, Instant::ZERO, b"USER anonymous\r\nPASS x\r\n");
    while session.poll_output().is_some() {}
    (session, gate)
}

/// Allocations per NOOP and its `200 NOOP ok.`, the replies taken with
/// `take`; the first round lets every buffer reach its size.
fn allocations_per_reply(take: impl Fn(&mut Session, &mut Vec<u8>) -> usize) -> f64 {
    let (mut session, mut gate) = logged_in();
    let mut wire = Vec::with_capacity(64 * 1024);
    let run = |session: &mut Session, gate: &mut Gate, wire: &mut Vec<u8>| {
        for _ in 0..COMMANDS {
            session.handle_input(gate, Instant::ZERO, b"NOOP\r\n");
            let taken = take(session, wire);
            assert_eq!(taken, b"200 NOOP ok.\r\n".len());
            wire.clear();
        }
    };
    run(&mut session, &mut gate, &mut wire);
    let info = allocation_counter::measure(|| run(&mut session, &mut gate, &mut wire));
    info.count_total as f64 / COMMANDS as f64
}

#[test]
fn replies_written_into_the_drivers_buffer_cost_no_allocation() {
    let one_by_one = allocations_per_reply(|session, wire| {
        let mut taken = 0;
        while let Some(output) = session.poll_output() {
            if let Output::Send(bytes) = output {
                wire.extend_from_slice(&bytes);
                taken += bytes.len();
            }
        }
        taken
    });
    let into_buffer = allocations_per_reply(|session, wire| session.write_replies(wire));
    eprintln!(
        "allocations per reply: {one_by_one:.2} taken with poll_output, {into_buffer:.2} written with write_replies"
    );
    assert!(one_by_one >= 1.0, "a Vec per reply: {one_by_one}");
    assert_eq!(into_buffer, 0.0);
}
