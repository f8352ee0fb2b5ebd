//! Limits and session configuration read from JSON, as scenario files and
//! the server's configuration hold them: durations and instants in seconds.
#![cfg(feature = "serde")]

use core::time::Duration;

use ftpsim::admission::{Limits, Preset, RateLimit, Shutdown, Warmup};
use ftpsim::session::SessionConfig;
use ftpsim::time::Instant;

#[test]
fn limits_from_json() {
    let json = r#"{
        "max_clients": 10,
        "max_per_ip": 2,
        "rate": { "max": 5, "window": 60 },
        "shutdown": { "refuse_from": 12.5, "disconnect_at": 20, "message": "maint" },
        "warmup": { "ready_at": 0.25 }
    }"#;
    let limits: Limits = serde_json::from_str(json).unwrap();
    assert_eq!(
        limits,
        Limits {
            max_clients: Some(10),
            max_per_ip: Some(2),
            rate: Some(RateLimit {
                max: 5,
                window: Duration::from_secs(60),
            }),
            shutdown: Some(Shutdown {
                refuse_from: Instant::from_millis(12_500),
                disconnect_at: Instant::from_millis(20_000),
                message: "maint".into(),
            }),
            warmup: Some(Warmup {
                ready_at: Instant::from_millis(250),
            }),
            ..Limits::default()
        }
    );
    let back: Limits = serde_json::from_str(&serde_json::to_string(&limits).unwrap()).unwrap();
    assert_eq!(back, limits);
    assert_eq!(
        serde_json::from_str::<Limits>("{}").unwrap(),
        Limits::default()
    );
}

#[test]
fn bad_limits_are_errors_with_a_reason() {
    let err = serde_json::from_str::<Limits>(r#"{"max_clinets": 3}"#).unwrap_err();
    assert!(err.to_string().contains("max_clinets"), "{err}");
    let err = serde_json::from_str::<Limits>(r#"{"rate": {"max": 1, "window": -1}}"#).unwrap_err();
    assert!(err.to_string().contains("seconds"), "{err}");
    assert_eq!(err.line(), 1);
}

#[test]
fn presets_by_name_and_session_config() {
    assert_eq!(
        serde_json::from_str::<Preset>(r#""pure-ftpd""#).unwrap(),
        Preset::PureFtpd
    );
    assert_eq!(
        serde_json::to_string(&Preset::Proftpd).unwrap(),
        r#""proftpd""#
    );
    let err = serde_json::from_str::<Preset>(r#""iis""#).unwrap_err();
    assert!(
        err.to_string().contains("expected one of rfc, vsftpd"),
        "{err}"
    );

    let config: SessionConfig = serde_json::from_str(
        r#"{ "users": [["alice", "pw"]], "anonymous": false, "idle_timeout": 300,
             "failed_login_delay": { "per_failure": 3 },
             "banner": { "server_port": 2121, "clock_at_origin": 32400 } }"#,
    )
    .unwrap();
    assert_eq!(config.users, vec![("alice".to_string(), "pw".to_string())]);
    assert_eq!(config.idle_timeout, Some(Duration::from_secs(300)));
    assert_eq!(
        config.failed_login_delay,
        Preset::PureFtpd.default_failed_login_delay()
    );
    assert_eq!(config.banner.server_port, 2121);
    assert_eq!(config.max_line, SessionConfig::default().max_line);
    let back: SessionConfig =
        serde_json::from_str(&serde_json::to_string(&config).unwrap()).unwrap();
    assert_eq!(back, config);
}
