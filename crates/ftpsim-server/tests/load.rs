//! A bounded load test on loopback: tens of thousands of connection
//! attempts, a thousand at once, from three client addresses, against a
//! server with small limits. It ends by itself (every attempt has a
//! timeout) and checks that
//! - no attempt went unanswered, and every refused client got its whole
//!   reply and then the close;
//! - the server never held more sessions than its limits allow, in total
//!   or from one address, and its counts agree with what clients saw;
//! - the process's open file descriptors return to their starting count;
//! - nothing panicked.
//!
//! This file holds one test per size, so that no other test opens
//! descriptors in the same process meanwhile. The large size is ignored
//! by default: `cargo test -p ftpsim-server --release --test load -- --ignored`.

mod common;

use std::time::Duration;

use common::*;
use ftpsim::admission::Preset;
use ftpsim_client::loadgen::{self, LoadConfig};

const MAX_CLIENTS: u32 = 40;
const MAX_PER_IP: u32 = 16;

/// The open descriptors, with what each refers to.
fn open_descriptors() -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir("/proc/self/fd")
        .expect("/proc/self/fd is readable")
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let target = std::fs::read_link(entry.path()).ok()?;
            Some(format!(
                "{} -> {}",
                entry.file_name().to_string_lossy(),
                target.display()
            ))
        })
        .collect();
    found.sort();
    found
}

fn run_load(attempts: u64, concurrency: usize) {
    // Each attempt in flight holds a client and a server descriptor.
    let needed = 2 * concurrency as u64 + 256;
    let limit = rlimit::increase_nofile_limit(needed).expect("raise the descriptor limit");
    assert!(
        limit >= needed,
        "need {needed} open files, the hard limit allows {limit}"
    );

    // The first tokio runtime of a process opens a socket pair for signal
    // delivery that stays open for good (tokio's signal registry is
    // process-wide). Let a first server create it before counting.
    TestServer::start(config(Preset::Rfc)).stop();
    let before = open_descriptors();
    let mut config = config(Preset::Vsftpd);
    config.spec.max_clients = Some(MAX_CLIENTS);
    config.spec.max_per_ip = Some(MAX_PER_IP);
    config.spec.idle_timeout = Some(30.0);
    let server = TestServer::start(config);

    let mut load = LoadConfig::new(server.addr, attempts, concurrency);
    load.source_ips = vec![LOCAL_1, LOCAL_2, LOCAL_3];
    load.timeout = Duration::from_secs(30);
    let report = loadgen::run(&load).expect("the load generator runs");
    let summary = server.stop();
    eprintln!("{report}\nserver: {summary}");

    // Every attempt was answered, completely.
    assert!(
        report.failures.is_empty(),
        "failures: {:?}",
        report.failures
    );
    let welcomed = report.replies.get(&220).copied().unwrap_or(0);
    let refused = report.replies.get(&421).copied().unwrap_or(0);
    assert_eq!(welcomed + refused, attempts, "{:?}", report.replies);
    assert_eq!(
        report.refused_and_closed, refused,
        "a refusal was not closed"
    );
    for (text, count) in &report.texts {
        assert!(
            [
                "220 (vsFTPd 3.0.3)\r\n",
                "421 There are too many connected users, please try later.\r\n",
                "421 There are too many connections from your internet address.\r\n",
            ]
            .contains(&text.as_str()),
            "unexpected reply {text:?} ({count} times)"
        );
    }
    assert!(
        refused > 0,
        "the limits were never reached: the test is too gentle"
    );

    // The server's view agrees, and the limits held.
    assert_eq!(summary.accepted, welcomed);
    assert_eq!(summary.refused_total(), refused);
    assert!(summary.peak <= MAX_CLIENTS, "peak {}", summary.peak);
    assert!(
        summary.peak_per_address <= MAX_PER_IP,
        "peak per address {}",
        summary.peak_per_address
    );
    assert_eq!(summary.live, 0);
    assert_eq!(summary.task_panics, 0);
    assert_eq!(summary.refusal_write_timeouts, 0);

    // Every socket, timer and runtime descriptor is gone.
    assert_eq!(open_descriptors(), before, "descriptors leaked");
}

#[test]
fn twenty_thousand_attempts_a_thousand_at_once() {
    run_load(20_000, 1_000);
}

#[test]
#[ignore = "large: run with --release -- --ignored"]
fn two_hundred_thousand_attempts_a_thousand_at_once() {
    run_load(200_000, 1_000);
}
