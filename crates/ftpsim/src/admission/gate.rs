//! The gate: counts what is open and decides, for each new connection and
//! each login, whether it may proceed.

use alloc::collections::BTreeMap;
use alloc::string::String;
use core::net::IpAddr;
use core::time::Duration;

use super::addresses::Addresses;
use super::decision::{Admission, LoginCheck, Refusal, RefusalReason, Welcome};
use super::limits::Limits;
use super::preset::{ConnectCheck, Preset};
use super::spec::ServerSpec;
use crate::time::Instant;

/// Admission control for one server.
///
/// The gate is pure bookkeeping: it never sees a socket. A driver calls
/// [`Gate::on_connect`] for every new control connection and, for each one
/// welcomed, exactly one [`Gate::on_disconnect`] when it ends;
/// [`Gate::on_login`] when a session is about to be logged in and, for
/// each login allowed, exactly one [`Gate::on_logout`]. A refused
/// connection or login holds nothing and must not be released.
///
/// Invariant: `active() <= max_clients`, `active_from(ip) <= max_per_ip`,
/// at most `rate.max` admissions per address in any `rate.window`,
/// `logged_in() <= max_logged_in` and `logged_in_as(user) <= max_per_user`,
/// whatever the order of calls (checked by property tests).
///
/// By default the gate counts open connections per client address whatever
/// its limits, so that [`Gate::active_from`] answers and a release from an
/// address with nothing open is caught. A driver that needs neither (the
/// simulator) can build it with [`AddressTracking::WhenLimited`]: then,
/// unless `max_per_ip` or `rate` is set, no per-address state is kept at
/// all, which makes each decision several times cheaper.
#[derive(Clone, Debug)]
pub struct Gate {
    limits: Limits,
    preset: Preset,
    active: u32,
    logged_in: u32,
    /// Whether `addresses` is kept (fixed at construction: the limits that
    /// need it cannot change afterwards).
    tracks_addresses: bool,
    addresses: Addresses,
    users: BTreeMap<String, u32>,
    /// Passive listeners and data connections open, for a preset that
    /// counts them against `max_clients`.
    data_sockets: u32,
}

/// What a live session asks of the gate: a login check, and the release of
/// the slots it holds. [`Gate`] is one; a server that shares its gate
/// between threads implements it by locking the gate for just these calls,
/// so that no other command of any session waits for the lock.
pub trait Slots {
    /// See [`Gate::on_login`].
    fn login(&mut self, peer: IpAddr, user: &str, now: Instant) -> LoginCheck;
    /// See [`Gate::on_logout`].
    fn logout(&mut self, peer: IpAddr, user: &str, now: Instant);
    /// See [`Gate::on_disconnect`].
    fn release(&mut self, peer: IpAddr, now: Instant);
    /// See [`Gate::open_data_socket`].
    fn open_data_socket(&mut self) -> bool;
    /// See [`Gate::close_data_socket`].
    fn close_data_socket(&mut self);
}

impl Slots for Gate {
    fn login(&mut self, peer: IpAddr, user: &str, now: Instant) -> LoginCheck {
        self.on_login(peer, user, now)
    }

    fn logout(&mut self, peer: IpAddr, user: &str, now: Instant) {
        // A session releases what it took, exactly once; a false here would
        // be a bug in the session, which the gate's counts already guard.
        let _ = self.on_logout(peer, user, now);
    }

    fn release(&mut self, peer: IpAddr, now: Instant) {
        let _ = self.on_disconnect(peer, now);
    }

    fn open_data_socket(&mut self) -> bool {
        Gate::open_data_socket(self)
    }

    fn close_data_socket(&mut self) {
        Gate::close_data_socket(self);
    }
}

/// When the gate keeps per-address counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AddressTracking {
    /// Always: [`Gate::active_from`] is exact and a release from an address
    /// with nothing open is refused, whatever the limits.
    #[default]
    Always,
    /// Only when a per-address rule (`max_per_ip`, `rate`) needs it.
    /// Without one, [`Gate::active_from`] is always 0 and
    /// [`Gate::on_disconnect`] checks only that some connection is open.
    WhenLimited,
}

impl Gate {
    /// The gate of the server `spec` describes, tracking every address.
    pub fn from_spec(spec: &ServerSpec) -> Gate {
        Gate::new(spec.limits(), spec.preset)
    }

    /// A gate that tracks every address ([`AddressTracking::Always`]).
    pub fn new(limits: Limits, preset: Preset) -> Gate {
        Gate::with_address_tracking(limits, preset, AddressTracking::Always)
    }

    /// A gate that keeps per-address counts as `tracking` says.
    pub fn with_address_tracking(
        limits: Limits,
        preset: Preset,
        tracking: AddressTracking,
    ) -> Gate {
        let tracks_addresses = match tracking {
            AddressTracking::Always => true,
            AddressTracking::WhenLimited => limits.max_per_ip.is_some() || limits.rate.is_some(),
        };
        Gate {
            limits,
            preset,
            active: 0,
            logged_in: 0,
            tracks_addresses,
            addresses: Addresses::default(),
            users: BTreeMap::new(),
            data_sockets: 0,
        }
    }

    /// Whether the gate keeps per-address counts (see [`AddressTracking`]).
    pub fn tracks_addresses(&self) -> bool {
        self.tracks_addresses
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    pub fn preset(&self) -> Preset {
        self.preset
    }

    /// Open connections that were welcomed and not yet released.
    pub fn active(&self) -> u32 {
        self.active
    }

    /// Open connections from `ip`; always 0 when the gate does not
    /// [track addresses](Gate::tracks_addresses).
    pub fn active_from(&self, ip: IpAddr) -> u32 {
        self.addresses.active(ip)
    }

    /// Sessions logged in and not yet logged out.
    pub fn logged_in(&self) -> u32 {
        self.logged_in
    }

    /// Sessions logged in as `user`.
    pub fn logged_in_as(&self, user: &str) -> u32 {
        self.users.get(user).copied().unwrap_or(0)
    }

    /// How many client addresses the gate currently remembers (open
    /// connections, or admissions inside the rate window).
    pub fn tracked_addresses(&self) -> usize {
        self.addresses.len()
    }

    /// A new control connection from `ip`: welcome it (taking a slot) or
    /// refuse it (taking nothing). Makes the checks in the order the preset's
    /// server makes them, and does not allocate once the addresses it sees
    /// are known.
    pub fn on_connect(&mut self, ip: IpAddr, now: Instant) -> Admission {
        let table = self.preset.table();
        for check in table.connect_order {
            let failed = match check {
                ConnectCheck::Clients => self
                    .limits
                    .max_clients
                    .filter(|&max| {
                        self.active + table.sockets_counted_besides_clients + self.data_sockets
                            >= max
                    })
                    .map(|max| (RefusalReason::TooManyClients, max)),
                ConnectCheck::PerAddress => self
                    .limits
                    .max_per_ip
                    .filter(|&max| self.addresses.active(ip) >= max)
                    .map(|max| (RefusalReason::TooManyFromAddress, max)),
                ConnectCheck::Rate => self
                    .limits
                    .rate
                    .filter(|rate| self.addresses.rate_exceeded(ip, now, rate))
                    .map(|rate| (RefusalReason::RateLimited, rate.max)),
                ConnectCheck::Shutdown => self
                    .refusing_from()
                    .filter(|&from| now >= from)
                    .map(|_| (RefusalReason::ShuttingDown, 0)),
            };
            if let Some((reason, limit)) = failed {
                return Admission::Refuse(self.refusal(reason, limit));
            }
        }
        self.active += 1;
        if self.tracks_addresses {
            self.addresses.admit(ip, now, self.limits.rate.as_ref());
        }
        Admission::Welcome(Welcome {
            number: self.active,
            ready_at: self
                .limits
                .warmup
                .map(|w| w.ready_at)
                .filter(|&ready| now < ready),
        })
    }

    /// A session wants a data socket (a passive listener, or a data
    /// connection). Under a preset that counts them against `max_clients`
    /// (pyftpdlib), it is refused when every slot is taken, and counts until
    /// [`Gate::close_data_socket`]; under the others it is always allowed
    /// and counts nothing.
    pub fn open_data_socket(&mut self) -> bool {
        if !self.preset.counts_data_sockets() {
            return true;
        }
        let table = self.preset.table();
        let used = self.active + table.sockets_counted_besides_clients + self.data_sockets;
        if self.limits.max_clients.is_some_and(|max| used >= max) {
            return false;
        }
        self.data_sockets += 1;
        true
    }

    /// A data socket allowed by [`Gate::open_data_socket`] was closed.
    pub fn close_data_socket(&mut self) {
        if self.preset.counts_data_sockets() {
            self.data_sockets = self.data_sockets.saturating_sub(1);
        }
    }

    /// Data sockets counted now.
    pub fn data_sockets(&self) -> u32 {
        self.data_sockets
    }

    /// A welcomed connection from `ip` has ended: frees its slot. Returns
    /// false (and changes nothing) when no connection from `ip` was open
    /// (without [address tracking](Gate::tracks_addresses): when no
    /// connection at all was open), so a driver's double release cannot
    /// corrupt the counts.
    #[must_use = "false means nothing from this address was open: a double release"]
    pub fn on_disconnect(&mut self, ip: IpAddr, now: Instant) -> bool {
        if self.active == 0
            || (self.tracks_addresses
                && !self.addresses.release(ip, now, self.limits.rate.as_ref()))
        {
            return false;
        }
        self.active -= 1;
        true
    }

    /// A session from `ip` is about to be logged in as `user` (after its
    /// password was accepted, or at USER where the preset logs anonymous
    /// users in straight away). Checks `max_logged_in` and `max_per_user`.
    ///
    /// `ip` and `now` are not consulted by today's limits; they are in the
    /// signature so that per-address login limits (ProFTPD
    /// `MaxClientsPerHost`) can be added without changing every caller.
    pub fn on_login(&mut self, ip: IpAddr, user: &str, now: Instant) -> LoginCheck {
        let _ = (ip, now);
        if let Some(max) = self.limits.max_logged_in
            && self.logged_in >= max
        {
            return LoginCheck::Refuse(self.refusal(RefusalReason::TooManyLoggedIn, max));
        }
        if let Some(max) = self.limits.max_per_user
            && self.logged_in_as(user) >= max
        {
            return LoginCheck::Refuse(self.refusal(RefusalReason::TooManyForUser, max));
        }
        self.logged_in += 1;
        match self.users.get_mut(user) {
            Some(count) => *count += 1,
            None => {
                self.users.insert(user.into(), 1);
            }
        }
        LoginCheck::Allow
    }

    /// A logged-in session of `user` has ended. Returns false (and changes
    /// nothing) when no session of `user` was logged in.
    #[must_use = "false means this user had no login open: a double release"]
    pub fn on_logout(&mut self, ip: IpAddr, user: &str, now: Instant) -> bool {
        // Kept symmetric with `on_login`.
        let _ = (ip, now);
        let Some(count) = self.users.get_mut(user) else {
            return false;
        };
        *count -= 1;
        if *count == 0 {
            self.users.remove(user);
        }
        self.logged_in -= 1;
        true
    }

    /// Starts a shutdown now: new connections are refused from `now`, and
    /// live sessions are ended at `now + grace` with `message` (sessions
    /// notice it at their next input or timeout, or at once through
    /// [`Session::shutdown`](crate::session::Session::shutdown)). Replaces
    /// any planned shutdown.
    pub fn begin_shutdown(&mut self, now: Instant, grace: Duration, message: &str) {
        self.limits.shutdown = Some(super::Shutdown {
            refuse_from: now,
            disconnect_at: now + grace,
            message: message.into(),
        });
    }

    /// When new connections start being refused for the shutdown.
    pub fn refusing_from(&self) -> Option<Instant> {
        self.limits
            .shutdown
            .as_ref()
            .map(|s| s.refuse_from.min(s.disconnect_at))
    }

    /// When live sessions are ended for the shutdown.
    pub fn disconnect_at(&self) -> Option<Instant> {
        self.limits.shutdown.as_ref().map(|s| s.disconnect_at)
    }

    fn refusal(&self, reason: RefusalReason, limit: u32) -> Refusal {
        Refusal {
            reason,
            code: self.preset.table().rule(reason).code,
            limit,
        }
    }

    /// The operator's text of the shutdown in force ("" without one), which
    /// a shutdown refusal may quote.
    pub fn shutdown_message(&self) -> &str {
        self.limits
            .shutdown
            .as_ref()
            .map_or("", |s| s.message.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admission::{RateLimit, Warmup};
    use alloc::string::String;
    use alloc::vec::Vec;
    use core::net::Ipv4Addr;

    fn ip(last: u8) -> IpAddr {
        IpAddr::V4(Ipv4Addr::new(127, 0, 0, last))
    }

    fn at(secs: u64) -> Instant {
        Instant::from_millis(secs * 1000)
    }

    fn refusal_wire(gate: &Gate, admission: Admission) -> Option<String> {
        let Admission::Refuse(refusal) = admission else {
            panic!("expected a refusal, got {admission:?}");
        };
        let mut out = Vec::new();
        let wrote = gate
            .preset()
            .write_refusal(&refusal, gate.shutdown_message(), &mut out);
        assert_eq!(wrote, !out.is_empty());
        assert_eq!(
            gate.preset()
                .refusal_reply(&refusal, gate.shutdown_message())
                .map(|r| r.to_bytes()),
            wrote.then(|| out.clone())
        );
        wrote.then(|| String::from_utf8(out).unwrap())
    }

    /// Two clients allowed overall and per address: the third from one
    /// address, then a client from another address.
    fn third_connections(preset: Preset, max_clients: u32, max_per_ip: u32) -> [Option<String>; 2] {
        let limits = Limits {
            max_clients: Some(max_clients),
            max_per_ip: Some(max_per_ip),
            ..Limits::default()
        };
        let mut gate = Gate::new(limits, preset);
        for _ in 0..2 {
            assert!(gate.on_connect(ip(1), at(0)).is_welcome());
        }
        let same = gate.on_connect(ip(1), at(0));
        let same = refusal_wire(&gate, same);
        let other = gate.on_connect(ip(2), at(0));
        let other = if max_clients - preset.sockets_counted_besides_clients() > 2 {
            assert!(other.is_welcome());
            None
        } else {
            refusal_wire(&gate, other)
        };
        [same, other]
    }

    #[test]
    fn vsftpd_refusals_are_the_measured_bytes() {
        let [_, other] = third_connections(Preset::Vsftpd, 2, 2);
        assert_eq!(
            other.as_deref(),
            Some("421 There are too many connected users, please try later.\r\n")
        );
        let [same, _] = third_connections(Preset::Vsftpd, 10, 2);
        assert_eq!(
            same.as_deref(),
            Some("421 There are too many connections from your internet address.\r\n")
        );
    }

    #[test]
    fn pure_ftpd_refusals_are_the_measured_bytes() {
        let [_, other] = third_connections(Preset::PureFtpd, 2, 5);
        assert_eq!(
            other.as_deref(),
            Some("421 2 users (the maximum) are already logged in, sorry\r\n")
        );
        let [same, _] = third_connections(Preset::PureFtpd, 10, 2);
        assert_eq!(
            same.as_deref(),
            Some("421 Too many connections (2) from this IP\r\n")
        );
    }

    #[test]
    fn proftpd_refusals_are_silent_or_530() {
        let [_, other] = third_connections(Preset::Proftpd, 2, 5);
        assert_eq!(other, None);
        let [same, _] = third_connections(Preset::Proftpd, 10, 2);
        assert_eq!(
            same.as_deref(),
            Some(
                "530 Sorry, the maximum number of connections (2) for your host are already connected.\r\n"
            )
        );
    }

    #[test]
    fn pyftpdlib_and_rfc_refusals() {
        // max_cons = 3 admits two clients: pyftpdlib counts its listener.
        let [_, other] = third_connections(Preset::Pyftpdlib, 3, 5);
        assert_eq!(
            other.as_deref(),
            Some("421 Too many connections. Service temporarily unavailable.\r\n")
        );
        let [same, _] = third_connections(Preset::Pyftpdlib, 10, 2);
        assert_eq!(
            same.as_deref(),
            Some("421 Too many connections from the same IP address.\r\n")
        );
        let [same, other] = third_connections(Preset::Rfc, 2, 2);
        for wire in [same, other] {
            assert_eq!(
                wire.as_deref(),
                Some("421 Service not available, closing control connection.\r\n")
            );
        }
    }

    #[test]
    fn proftpd_login_limits_answer_530_after_pass() {
        let limits = Limits {
            max_logged_in: Some(1),
            max_per_user: Some(1),
            ..Limits::default()
        };
        let mut gate = Gate::new(limits, Preset::Proftpd);
        assert_eq!(gate.on_login(ip(1), "alice", at(0)), LoginCheck::Allow);
        let LoginCheck::Refuse(refusal) = gate.on_login(ip(1), "bob", at(0)) else {
            panic!()
        };
        assert_eq!(refusal.reason, RefusalReason::TooManyLoggedIn);
        assert_eq!(
            gate.preset()
                .refusal_reply(&refusal, "")
                .unwrap()
                .to_bytes(),
            b"530 Sorry, the maximum number of allowed clients (1) are already connected.\r\n"
        );
        assert!(gate.on_logout(ip(1), "alice", at(1)));
        assert!(!gate.on_logout(ip(1), "alice", at(1)));
        assert_eq!(gate.logged_in(), 0);
    }

    #[test]
    fn pure_ftpd_per_user_limit() {
        let limits = Limits {
            max_per_user: Some(1),
            ..Limits::default()
        };
        let mut gate = Gate::new(limits, Preset::PureFtpd);
        assert_eq!(gate.on_login(ip(1), "anonymous", at(0)), LoginCheck::Allow);
        assert_eq!(gate.on_login(ip(1), "alice", at(0)), LoginCheck::Allow);
        let LoginCheck::Refuse(refusal) = gate.on_login(ip(2), "anonymous", at(0)) else {
            panic!()
        };
        assert_eq!(
            gate.preset()
                .refusal_reply(&refusal, "")
                .unwrap()
                .to_bytes(),
            b"421 I can't accept more than 1 connections as the same user\r\n"
        );
        assert_eq!(gate.logged_in_as("anonymous"), 1);
    }

    #[test]
    fn rate_limit_is_a_sliding_window_per_address() {
        let limits = Limits {
            rate: Some(RateLimit {
                max: 2,
                window: Duration::from_secs(10),
            }),
            ..Limits::default()
        };
        let mut gate = Gate::new(limits, Preset::Rfc);
        assert!(gate.on_connect(ip(1), at(0)).is_welcome());
        assert!(gate.on_connect(ip(1), at(5)).is_welcome());
        let refused = gate.on_connect(ip(1), at(9));
        assert_eq!(
            refused.refusal().unwrap().reason,
            RefusalReason::RateLimited
        );
        assert!(gate.on_connect(ip(2), at(9)).is_welcome());
        // The admission at 0 leaves the window at 10; the one at 5 is still in.
        assert!(gate.on_connect(ip(1), at(10)).is_welcome());
        assert!(!gate.on_connect(ip(1), at(14)).is_welcome());
        assert!(gate.on_connect(ip(1), at(15)).is_welcome());
    }

    #[test]
    fn warmup_welcomes_with_ready_at_until_ready() {
        let limits = Limits {
            warmup: Some(Warmup { ready_at: at(90) }),
            ..Limits::default()
        };
        let mut gate = Gate::new(limits, Preset::Vsftpd);
        let Admission::Welcome(welcome) = gate.on_connect(ip(1), at(0)) else {
            panic!()
        };
        assert_eq!(welcome.ready_at, Some(at(90)));
        let Admission::Welcome(welcome) = gate.on_connect(ip(1), at(90)) else {
            panic!()
        };
        assert_eq!(welcome.ready_at, None);
    }

    #[test]
    fn begin_shutdown_refuses_from_now() {
        let mut gate = Gate::new(Limits::default(), Preset::Proftpd);
        assert!(gate.on_connect(ip(1), at(1)).is_welcome());
        gate.begin_shutdown(at(5), Duration::from_secs(10), "bye");
        assert_eq!(gate.refusing_from(), Some(at(5)));
        assert_eq!(gate.disconnect_at(), Some(at(15)));
        let refused = gate.on_connect(ip(1), at(5));
        assert_eq!(
            refusal_wire(&gate, refused).as_deref(),
            Some("500 FTP server shut down (bye) -- please try again later\r\n")
        );
    }

    #[test]
    fn address_tracking_when_limited() {
        let untracked = Gate::with_address_tracking(
            Limits {
                max_clients: Some(2),
                ..Limits::default()
            },
            Preset::Rfc,
            AddressTracking::WhenLimited,
        );
        assert!(!untracked.tracks_addresses());
        let mut gate = untracked;
        assert!(!gate.on_disconnect(ip(1), at(0)));
        assert!(gate.on_connect(ip(1), at(0)).is_welcome());
        assert!(gate.on_connect(ip(2), at(0)).is_welcome());
        assert!(!gate.on_connect(ip(3), at(0)).is_welcome());
        // No per-address counts: 0, and nothing remembered.
        assert_eq!((gate.active_from(ip(1)), gate.tracked_addresses()), (0, 0));
        assert!(gate.on_disconnect(ip(1), at(0)));
        assert!(gate.on_disconnect(ip(2), at(0)));
        assert!(!gate.on_disconnect(ip(2), at(0)));
        assert_eq!(gate.active(), 0);

        for limits in [
            Limits {
                max_per_ip: Some(1),
                ..Limits::default()
            },
            Limits {
                rate: Some(RateLimit {
                    max: 1,
                    window: Duration::from_secs(1),
                }),
                ..Limits::default()
            },
        ] {
            let mut gate =
                Gate::with_address_tracking(limits, Preset::Rfc, AddressTracking::WhenLimited);
            assert!(gate.tracks_addresses());
            assert!(gate.on_connect(ip(1), at(0)).is_welcome());
            assert_eq!(gate.active_from(ip(1)), 1);
            assert!(!gate.on_disconnect(ip(2), at(0)));
        }
        assert!(Gate::new(Limits::default(), Preset::Rfc).tracks_addresses());
    }

    #[test]
    fn pyftpdlib_counts_its_listening_socket_against_max_cons() {
        let limits = Limits {
            max_clients: Some(2),
            ..Limits::default()
        };
        for (preset, admitted) in [(Preset::Pyftpdlib, 1), (Preset::Vsftpd, 2)] {
            let mut gate = Gate::new(limits.clone(), preset);
            let welcomed = (0..4)
                .filter(|_| gate.on_connect(ip(1), at(0)).is_welcome())
                .count();
            assert_eq!(welcomed, admitted, "{preset}");
        }
    }

    #[test]
    fn releases_are_checked() {
        let mut gate = Gate::new(Limits::default(), Preset::Rfc);
        assert!(!gate.on_disconnect(ip(1), at(0)));
        assert!(gate.on_connect(ip(1), at(0)).is_welcome());
        assert!(!gate.on_disconnect(ip(2), at(0)));
        assert!(gate.on_disconnect(ip(1), at(0)));
        assert!(!gate.on_disconnect(ip(1), at(0)));
        assert_eq!((gate.active(), gate.tracked_addresses()), (0, 0));
    }
}
