//! Admission control: whether a new FTP client is greeted with 220 or turned
//! away, and with which bytes.
//!
//! - [`Limits`]: what the server accepts (clients, clients per address,
//!   connection rate, logins, a shutdown window, a warm-up).
//! - [`Preset`]: which real server to imitate — the texts it sends and the
//!   moment it checks (vsftpd, Pure-FTPd, ProFTPD, pyftpdlib or plain RFC).
//! - [`Gate`]: the bookkeeping. [`Gate::on_connect`] answers with an
//!   [`Admission`]; the caller sends what it says and later calls
//!   [`Gate::on_disconnect`]. The simulator calls it for every arrival; the
//!   server and the [`Session`](crate::session::Session) for every
//!   connection, so both follow the same rules by construction.
//!
//! ```
//! use core::net::{IpAddr, Ipv4Addr};
//! use ftpsim::admission::{Admission, Gate, Limits, Preset};
//! use ftpsim::time::Instant;
//!
//! let limits = Limits { max_clients: Some(1), ..Limits::default() };
//! let mut gate = Gate::new(limits, Preset::Vsftpd);
//! let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
//! assert!(gate.on_connect(ip, Instant::ZERO).is_welcome());
//! let Admission::Refuse(refusal) = gate.on_connect(ip, Instant::ZERO) else { panic!() };
//! let mut wire = Vec::new();
//! gate.write_refusal(&refusal, &mut wire);
//! assert_eq!(wire, b"421 There are too many connected users, please try later.\r\n");
//! assert!(gate.on_disconnect(ip, Instant::ZERO));
//! ```

mod addresses;
mod banner;
mod decision;
mod gate;
mod limits;
mod preset;
#[cfg(feature = "serde")]
pub(crate) mod secs;
pub(crate) mod text;

pub(crate) use banner::write_every_line_coded;
pub use banner::{Accounts, Banner};
pub use decision::{Admission, LoginCheck, Refusal, RefusalReason, Welcome};
pub use gate::{AddressTracking, Gate};
pub use limits::{Limits, RateLimit, Shutdown, Warmup};
pub(crate) use preset::{Line, SessionTexts};
pub use preset::{LoginStage, Preset, UnknownPreset};
