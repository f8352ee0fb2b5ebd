//! The flags that edit a server's settings, one per field of the core's
//! [`ServerSpec`]: `ftpsim serve` and `ftpsim simulate` take the same ones,
//! so a setting means the same thing, with the same default, whether it is
//! served or simulated.

use clap::Args;
use ftpsim::admission::{DEFAULT_SHUTDOWN_MESSAGE, Preset, RateSpec, ServerSpec, ShutdownSpec};

/// The flags that edit the server model ([`ServerSpec`]), one per setting.
#[derive(Debug, Args)]
#[command(next_help_heading = "Server (the settings of a scenario's [server] section)")]
pub struct ServerFlags {
    /// Which server to imitate: rfc, vsftpd, pure-ftpd, proftpd, pyftpdlib
    /// (its replies, the order of its checks and its default limits).
    #[arg(long, value_name = "NAME", value_parser = parse_preset)]
    preset: Option<Preset>,
    /// Simultaneous clients (vsftpd max_clients, Pure-FTPd -c, ProFTPD
    /// MaxInstances, pyftpdlib max_cons); 0: unlimited.
    #[arg(long, value_name = "N")]
    max_clients: Option<u32>,
    /// Simultaneous clients from one address (vsftpd max_per_ip, Pure-FTPd -C,
    /// ProFTPD MaxConnectionsPerHost); 0: unlimited.
    #[arg(long, value_name = "N")]
    max_per_ip: Option<u32>,
    /// Simultaneous logged-in sessions, checked after PASS (ProFTPD
    /// MaxClients); 0: unlimited.
    #[arg(long, value_name = "N")]
    max_logged_in: Option<u32>,
    /// Simultaneous sessions logged in as one user (Pure-FTPd -y, ProFTPD
    /// MaxClientsPerUser); 0: unlimited.
    #[arg(long, value_name = "N")]
    max_per_user: Option<u32>,
    /// At most MAX new connections per address in any WINDOW seconds, e.g. 5/60.
    #[arg(long, value_name = "MAX/WINDOW", value_parser = parse_rate)]
    rate: Option<RateSpec>,
    /// Close sessions idle this long, with the preset's reply; 0: never.
    #[arg(long, value_name = "SECONDS")]
    idle_timeout: Option<f64>,
    /// Wrong passwords before the session is closed; 0: no limit.
    #[arg(long, value_name = "N")]
    max_login_attempts: Option<u32>,
    /// Hold the 530 of a wrong password this long, after every failure
    /// (vsftpd delay_failed_login, pyftpdlib auth_failed_timeout); default:
    /// the preset's (vsftpd 1, Pure-FTPd 3 per failure so far, pyftpdlib
    /// 3); 0: at once.
    #[arg(long, value_name = "SECONDS")]
    failed_login_delay: Option<f64>,
    /// Accept no new connection for SECONDS after a session ends; the
    /// connections that come meanwhile wait (ProFTPD's daemon: 0.41, the
    /// preset's default); 0: no pause.
    #[arg(long, value_name = "SECONDS")]
    accept_pause: Option<f64>,
    /// For the first SECONDS, greet with `120 Service ready in N minutes.` and
    /// send the 220 when the warm-up ends.
    #[arg(long, value_name = "SECONDS")]
    warmup: Option<f64>,
    /// Refuse new clients from SECONDS after start; end live sessions at
    /// DISCONNECT_AT (default: the same moment), quoting MESSAGE.
    #[arg(
        long,
        value_name = "SECONDS[,DISCONNECT_AT][:MESSAGE]",
        value_parser = parse_shutdown
    )]
    shutdown_at: Option<ShutdownSpec>,
}

impl ServerFlags {
    /// `spec` with every flag given written over it.
    pub fn apply(&self, mut spec: ServerSpec) -> ServerSpec {
        if let Some(preset) = self.preset {
            spec.preset = preset;
        }
        let limits = [
            (&mut spec.max_clients, self.max_clients),
            (&mut spec.max_per_ip, self.max_per_ip),
            (&mut spec.max_logged_in, self.max_logged_in),
            (&mut spec.max_per_user, self.max_per_user),
            (&mut spec.max_login_attempts, self.max_login_attempts),
        ];
        for (setting, flag) in limits {
            if flag.is_some() {
                *setting = flag;
            }
        }
        if self.rate.is_some() {
            spec.rate.clone_from(&self.rate);
        }
        if self.idle_timeout.is_some() {
            spec.idle_timeout = self.idle_timeout;
        }
        if self.warmup.is_some() {
            spec.warmup = self.warmup;
        }
        if self.failed_login_delay.is_some() {
            spec.failed_login_delay = self.failed_login_delay;
        }
        if self.accept_pause.is_some() {
            spec.accept_pause = self.accept_pause;
        }
        if self.shutdown_at.is_some() {
            spec.shutdown.clone_from(&self.shutdown_at);
        }
        spec
    }
}

/// `MAX/WINDOW`: `5/60` is five connections a minute.
fn parse_rate(text: &str) -> Result<RateSpec, String> {
    let (max, window) = text
        .split_once('/')
        .ok_or_else(|| format!("expected MAX/WINDOW such as 5/60, not {text:?}"))?;
    let max = max
        .trim()
        .parse::<u32>()
        .map_err(|_| format!("MAX must be a whole number, not {:?}", max.trim()))?;
    let window = window.trim().parse::<f64>().map_err(|_| {
        format!(
            "WINDOW must be a number of seconds, not {:?}",
            window.trim()
        )
    })?;
    Ok(RateSpec { max, window })
}

/// `SECONDS[,DISCONNECT_AT][:MESSAGE]`: `600`, `600,660`, `600,660:upgrade`.
fn parse_shutdown(text: &str) -> Result<ShutdownSpec, String> {
    let (times, message) = match text.split_once(':') {
        Some((times, message)) => (times, message.to_string()),
        None => (text, DEFAULT_SHUTDOWN_MESSAGE.to_string()),
    };
    let number = |part: &str| {
        part.trim()
            .parse::<f64>()
            .map_err(|_| format!("expected a number of seconds, not {:?}", part.trim()))
    };
    let (refuse_from, disconnect_at) = match times.split_once(',') {
        Some((from, at)) => (number(from)?, number(at)?),
        None => {
            let from = number(times)?;
            (from, from)
        }
    };
    Ok(ShutdownSpec {
        refuse_from,
        disconnect_at,
        message,
    })
}

fn parse_preset(name: &str) -> Result<Preset, String> {
    name.parse::<Preset>().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_as_max_over_window() {
        assert_eq!(
            parse_rate("5/60"),
            Ok(RateSpec {
                max: 5,
                window: 60.0
            })
        );
        assert_eq!(
            parse_rate(" 1 / 0.5 "),
            Ok(RateSpec {
                max: 1,
                window: 0.5
            })
        );
        for bad in ["5", "five/60", "5/soon", "-1/60"] {
            assert!(parse_rate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn shutdowns_read_with_optional_disconnect_time_and_message() {
        let at = |from: f64, at: f64, message: &str| ShutdownSpec {
            refuse_from: from,
            disconnect_at: at,
            message: message.to_string(),
        };
        assert_eq!(
            parse_shutdown("600"),
            Ok(at(600.0, 600.0, DEFAULT_SHUTDOWN_MESSAGE))
        );
        assert_eq!(
            parse_shutdown("600,660"),
            Ok(at(600.0, 660.0, DEFAULT_SHUTDOWN_MESSAGE))
        );
        // A message may itself hold colons.
        assert_eq!(
            parse_shutdown("600,660:back at 10:30"),
            Ok(at(600.0, 660.0, "back at 10:30"))
        );
        assert!(parse_shutdown("soon").is_err());
        assert!(parse_shutdown("600,later:x").is_err());
    }
}
