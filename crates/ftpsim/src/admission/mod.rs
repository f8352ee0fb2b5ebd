//! Admission control: whether a new FTP client is greeted with 220 or turned
//! away, and with which bytes.
//!
//! - [`ServerSpec`]: the one model of a server's settings, as the
//!   simulator, `ftpsim serve` and the playground read it, with its
//!   defaults; [`ServerSpec::limits`] resolves it into the [`Limits`] the
//!   gate enforces (clients, clients per address, connection rate, logins,
//!   a shutdown window, a warm-up).
//! - [`Preset`]: which real server to imitate — the texts it sends and the
//!   moment it checks (vsftpd, Pure-FTPd, ProFTPD, pyftpdlib or plain RFC).
//! - [`Gate`]: the bookkeeping. [`Gate::on_connect`] answers with an
//!   [`Admission`], a value; the caller answers the client with the
//!   preset's words ([`Preset::write_refusal`], [`Preset::write_greeting`])
//!   and later calls [`Gate::on_disconnect`]. The simulator calls it for
//!   every arrival; the server and the [`Session`](crate::session::Session)
//!   for every connection, so both follow the same rules by construction.
//!
//! ```
//! use core::net::{IpAddr, Ipv4Addr};
//! use ftpsim::admission::{Admission, Gate, Preset, ServerSpec};
//! use ftpsim::time::Instant;
//!
//! let spec = ServerSpec { max_clients: Some(1), ..ServerSpec::preset(Preset::Vsftpd) };
//! let mut gate = Gate::from_spec(&spec);
//! let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
//! assert!(gate.on_connect(ip, Instant::ZERO).is_welcome());
//! let Admission::Refuse(refusal) = gate.on_connect(ip, Instant::ZERO) else { panic!() };
//! let mut wire = Vec::new();
//! spec.preset.write_refusal(&refusal, gate.shutdown_message(), &mut wire);
//! assert_eq!(wire, b"421 There are too many connected users, please try later.\r\n");
//! assert!(gate.on_disconnect(ip, Instant::ZERO));
//! ```

mod addresses;
mod banner;
mod decision;
pub mod fingerprint;
mod gate;
mod limits;
mod pause;
mod preset;
#[cfg(feature = "serde")]
pub(crate) mod secs;
mod spec;
pub(crate) mod text;
mod words;

pub(crate) use banner::write_every_line_coded;
pub use banner::{Accounts, Banner};
pub use decision::{Admission, LoginCheck, Refusal, RefusalReason, Welcome};
pub use gate::{AddressTracking, Gate, Slots};
pub use limits::{Limits, RateLimit, Shutdown, Warmup};
pub use pause::AcceptPause;
pub(crate) use preset::{
    DataTexts, Framing, Line, Lines, ListMissing, ListStyle, MlstStyle, SessionTexts,
};
pub use preset::{FailedLoginDelay, LoginStage, Preset, UnknownPreset};
pub use spec::{
    DEFAULT_SHUTDOWN_MESSAGE, FieldError, MAX_SECONDS, RateSpec, ServerSpec, ShutdownSpec,
    check_seconds,
};
