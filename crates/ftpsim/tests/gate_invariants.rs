//! Whatever the sequence of connects, disconnects, logins and logouts, the
//! gate never lets more in than its limits allow, refuses only for a true
//! reason, and its counts return to zero when everything is closed.

use core::net::{IpAddr, Ipv4Addr};
use core::time::Duration;

use ftpsim::admission::{
    AddressTracking, Admission, Gate, Limits, LoginCheck, Preset, RateLimit, RefusalReason,
    Shutdown,
};
use ftpsim::time::Instant;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Connect {
        ip: u8,
    },
    /// Disconnect the n-th open connection (modulo how many are open).
    Disconnect {
        nth: usize,
    },
    /// Disconnect from an address that may have nothing open.
    StrayDisconnect {
        ip: u8,
    },
    /// Log in the n-th open, not yet logged-in connection as a user.
    Login {
        nth: usize,
        user: u8,
    },
    /// Log out the n-th logged-in connection.
    Logout {
        nth: usize,
    },
    Wait {
        millis: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..4).prop_map(|ip| Op::Connect { ip }),
        3 => any::<usize>().prop_map(|nth| Op::Disconnect { nth }),
        1 => (0u8..4).prop_map(|ip| Op::StrayDisconnect { ip }),
        2 => (any::<usize>(), 0u8..3).prop_map(|(nth, user)| Op::Login { nth, user }),
        1 => any::<usize>().prop_map(|nth| Op::Logout { nth }),
        2 => (0u64..3_000).prop_map(|millis| Op::Wait { millis }),
    ]
}

fn limits() -> impl Strategy<Value = Limits> {
    (
        proptest::option::of(0u32..6),
        proptest::option::of(0u32..4),
        proptest::option::of((0u32..4, 1u64..5_000)),
        proptest::option::of(0u32..4),
        proptest::option::of(0u32..3),
        proptest::option::of((0u64..60_000, 0u64..60_000)),
    )
        .prop_map(
            |(clients, per_ip, rate, logged, per_user, shutdown)| Limits {
                max_clients: clients,
                max_per_ip: per_ip,
                rate: rate.map(|(max, ms)| RateLimit {
                    max,
                    window: Duration::from_millis(ms),
                }),
                max_logged_in: logged,
                max_per_user: per_user,
                shutdown: shutdown.map(|(a, b)| Shutdown {
                    refuse_from: Instant::from_millis(a),
                    disconnect_at: Instant::from_millis(b),
                    message: "bye".into(),
                }),
                warmup: None,
            },
        )
}

fn preset() -> impl Strategy<Value = Preset> {
    proptest::sample::select(Preset::ALL.to_vec())
}

fn addr(ip: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 0, 0, ip + 1))
}

#[derive(Debug)]
struct Conn {
    ip: IpAddr,
    user: Option<String>,
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    /// Both tracking modes; with `WhenLimited` and no per-address rule the
    /// per-address counts are not kept, and everything else holds the same.
    #[test]
    fn the_gate_never_exceeds_its_limits(
        limits in limits(),
        preset in preset(),
        tracking in proptest::sample::select(vec![AddressTracking::Always, AddressTracking::WhenLimited]),
        ops in proptest::collection::vec(op(), 0..200),
    ) {
        let mut gate = Gate::with_address_tracking(limits.clone(), preset, tracking);
        let tracked = tracking == AddressTracking::Always
            || limits.max_per_ip.is_some()
            || limits.rate.is_some();
        prop_assert_eq!(gate.tracks_addresses(), tracked);
        let mut now = Instant::ZERO;
        let mut open: Vec<Conn> = Vec::new();
        // Admission times per address, for the sliding-window rate check.
        let mut admitted: Vec<(IpAddr, Instant)> = Vec::new();

        for op in ops {
            match op {
                Op::Wait { millis } => now += Duration::from_millis(millis),
                Op::Connect { ip } => {
                    let ip = addr(ip);
                    let from_ip = open.iter().filter(|c| c.ip == ip).count() as u32;
                    let recent = |window: Duration| admitted
                        .iter()
                        .filter(|(a, t)| *a == ip && now.saturating_duration_since(*t) < window)
                        .count() as u32;
                    match gate.on_connect(ip, now) {
                        Admission::Welcome(welcome) => {
                            open.push(Conn { ip, user: None });
                            admitted.push((ip, now));
                            prop_assert_eq!(welcome.number, open.len() as u32);
                        }
                        Admission::Refuse(refusal) => {
                            let justified = match refusal.reason {
                                RefusalReason::TooManyClients => limits.max_clients.is_some_and(
                                    |m| open.len() as u32 + preset.sockets_counted_besides_clients() >= m),
                                RefusalReason::TooManyFromAddress =>
                                    limits.max_per_ip.is_some_and(|m| from_ip >= m),
                                RefusalReason::RateLimited =>
                                    limits.rate.is_some_and(|r| recent(r.window) >= r.max),
                                RefusalReason::ShuttingDown => limits.shutdown.as_ref().is_some_and(
                                    |s| now >= s.refuse_from.min(s.disconnect_at)),
                                _ => false,
                            };
                            prop_assert!(justified, "unjustified {:?}", refusal);
                            let mut wire = Vec::new();
                            let wrote = preset.write_refusal(&refusal, gate.shutdown_message(), &mut wire);
                            prop_assert_eq!(wrote, refusal.code.is_some());
                        }
                    }
                }
                Op::Disconnect { nth } => {
                    if !open.is_empty() {
                        let conn = open.remove(nth % open.len());
                        if let Some(user) = &conn.user {
                            prop_assert!(gate.on_logout(conn.ip, user, now));
                        }
                        prop_assert!(gate.on_disconnect(conn.ip, now));
                    }
                }
                Op::StrayDisconnect { ip } => {
                    let ip = addr(ip);
                    let has_open = open.iter().any(|c| c.ip == ip);
                    // Untracked, a stray release is caught only when
                    // nothing at all is open.
                    if !has_open && (tracked || open.is_empty()) {
                        prop_assert!(!gate.on_disconnect(ip, now));
                    }
                }
                Op::Login { nth, user } => {
                    let candidates: Vec<usize> =
                        (0..open.len()).filter(|&i| open[i].user.is_none()).collect();
                    if !candidates.is_empty() {
                        let i = candidates[nth % candidates.len()];
                        let user = format!("user{user}");
                        let logged = open.iter().filter(|c| c.user.is_some()).count() as u32;
                        let same = open.iter().filter(|c| c.user.as_deref() == Some(&user)).count() as u32;
                        match gate.on_login(open[i].ip, &user, now) {
                            LoginCheck::Allow => open[i].user = Some(user),
                            LoginCheck::Refuse(refusal) => {
                                let justified = match refusal.reason {
                                    RefusalReason::TooManyLoggedIn =>
                                        limits.max_logged_in.is_some_and(|m| logged >= m),
                                    RefusalReason::TooManyForUser =>
                                        limits.max_per_user.is_some_and(|m| same >= m),
                                    _ => false,
                                };
                                prop_assert!(justified, "unjustified {:?}", refusal);
                            }
                        }
                    }
                }
                Op::Logout { nth } => {
                    let logged: Vec<usize> =
                        (0..open.len()).filter(|&i| open[i].user.is_some()).collect();
                    if !logged.is_empty() {
                        let i = logged[nth % logged.len()];
                        let user = open[i].user.take().unwrap();
                        prop_assert!(gate.on_logout(open[i].ip, &user, now));
                    }
                }
            }

            // The limits hold after every step, and the counts agree with
            // the model.
            prop_assert_eq!(gate.active(), open.len() as u32);
            if let Some(max) = limits.max_clients {
                prop_assert!(gate.active() <= max);
            }
            for ip in (0..4).map(addr) {
                let n = open.iter().filter(|c| c.ip == ip).count() as u32;
                prop_assert_eq!(gate.active_from(ip), if tracked { n } else { 0 });
                if let Some(max) = limits.max_per_ip {
                    prop_assert!(n <= max);
                }
                if let Some(rate) = limits.rate {
                    let in_window = admitted
                        .iter()
                        .filter(|(a, t)| *a == ip && now.saturating_duration_since(*t) < rate.window)
                        .count() as u32;
                    prop_assert!(in_window <= rate.max);
                }
            }
            let logged = open.iter().filter(|c| c.user.is_some()).count() as u32;
            prop_assert_eq!(gate.logged_in(), logged);
            if let Some(max) = limits.max_logged_in {
                prop_assert!(logged <= max);
            }
            for user in 0..3 {
                let user = format!("user{user}");
                let n = open.iter().filter(|c| c.user.as_deref() == Some(&user)).count() as u32;
                prop_assert_eq!(gate.logged_in_as(&user), n);
                if let Some(max) = limits.max_per_user {
                    prop_assert!(n <= max);
                }
            }
        }

        // Close everything: all counts return to zero, and once the rate
        // window has passed the gate forgets every address.
        for conn in open.drain(..) {
            if let Some(user) = &conn.user {
                prop_assert!(gate.on_logout(conn.ip, user, now));
            }
            prop_assert!(gate.on_disconnect(conn.ip, now));
        }
        prop_assert_eq!(gate.active(), 0);
        prop_assert_eq!(gate.logged_in(), 0);
        for ip in (0..4).map(addr) {
            prop_assert_eq!(gate.active_from(ip), 0);
        }
    }
}
