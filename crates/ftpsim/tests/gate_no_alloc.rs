//! The simulator asks the gate about every arrival and departure. Once the
//! gate has seen its working set of addresses, those calls must not touch
//! the allocator; `allocation_counter` counts what they do.

use core::net::{IpAddr, Ipv4Addr};
use core::time::Duration;

use ftpsim::admission::{AddressTracking, Admission, Gate, Limits, Preset, RateLimit};
use ftpsim::time::Instant;

/// A deterministic stream of arrivals and departures over `ips` addresses.
fn churn(gate: &mut Gate, ips: u32, steps: u32, start: u64, wire: &mut Vec<u8>) -> u64 {
    let mut open: [u32; 256] = [0; 256];
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut now = start;
    for _ in 0..steps {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        now += state % 50;
        let n = (state >> 32) as u32 % ips;
        let ip = IpAddr::V4(Ipv4Addr::from(0x0A00_0000 + n));
        let t = Instant::from_millis(now);
        if state & 1 == 0 && open[n as usize] > 0 {
            assert!(gate.on_disconnect(ip, t));
            open[n as usize] -= 1;
        } else {
            match gate.on_connect(ip, t) {
                Admission::Welcome(_) => open[n as usize] += 1,
                Admission::Refuse(refusal) => {
                    wire.clear();
                    let _ = gate
                        .preset()
                        .write_refusal(&refusal, gate.shutdown_message(), wire);
                }
            }
        }
    }
    for (n, count) in open.iter().enumerate().take(ips as usize) {
        let ip = IpAddr::V4(Ipv4Addr::from(0x0A00_0000 + n as u32));
        for _ in 0..*count {
            assert!(gate.on_disconnect(ip, Instant::from_millis(now)));
        }
    }
    now
}

#[test]
fn connect_and_disconnect_do_not_allocate_in_steady_state() {
    for preset in Preset::ALL {
        let limits = Limits {
            max_clients: Some(40),
            max_per_ip: Some(3),
            rate: Some(RateLimit {
                max: 4,
                window: Duration::from_secs(2),
            }),
            ..Limits::default()
        };
        let mut gate = Gate::new(limits, preset);
        let mut wire = Vec::with_capacity(256);
        // Warm up: the table and the rate histories reach their working size.
        let now = churn(&mut gate, 200, 200_000, 0, &mut wire);
        let info = allocation_counter::measure(|| {
            churn(&mut gate, 200, 200_000, now, &mut wire);
        });
        assert_eq!(info.count_total, 0, "{preset}: {info:?}");
        assert_eq!(gate.active(), 0);
    }
}

/// Without a per-address rule, a gate built with
/// `AddressTracking::WhenLimited` (as the simulator builds it) keeps no
/// per-address state: it does not allocate even while warming up.
#[test]
fn an_untracked_gate_never_allocates_for_connections() {
    let limits = Limits {
        max_clients: Some(40),
        ..Limits::default()
    };
    let mut gate =
        Gate::with_address_tracking(limits, Preset::Vsftpd, AddressTracking::WhenLimited);
    assert!(!gate.tracks_addresses());
    let mut wire = Vec::with_capacity(256);
    let info = allocation_counter::measure(|| {
        churn(&mut gate, 200, 200_000, 0, &mut wire);
    });
    assert_eq!(info.count_total, 0, "{info:?}");
    assert_eq!((gate.active(), gate.tracked_addresses()), (0, 0));
}
