//! How the `kind`-tagged sections of a scenario file are read.
//!
//! serde's internally tagged enums buffer a whole section before choosing
//! the variant, and an error inside the buffer loses its position: a file
//! with `rate = "fast"` would only be told "something in `arrivals` is
//! wrong". Each section is therefore read as a flat struct with every field
//! of every kind (so a type error names `arrivals.rate` and its line), then
//! checked for the fields its `kind` needs.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::scenario::{ArrivalSpec, JobSpec, RateSegment, RetrySpec, SessionSpec, Spread};
use crate::clients::Jitter;

/// Checks that a section of kind `kind` has exactly the fields it may
/// have: `present` lists every field of the flat struct with whether it was
/// given; `allowed` those this kind accepts.
fn only(
    section: &str,
    kind: &str,
    present: &[(&str, bool)],
    allowed: &[&str],
) -> Result<(), String> {
    for (field, given) in present {
        if *given && !allowed.contains(field) {
            return Err(format!(
                "`{field}` does not apply to a {section} of kind \"{kind}\" (it takes {})",
                if allowed.is_empty() {
                    String::from("no other field")
                } else {
                    allowed
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ));
        }
    }
    Ok(())
}

fn needed<T>(section: &str, kind: &str, field: &str, value: Option<T>) -> Result<T, String> {
    value.ok_or_else(|| format!("a {section} of kind \"{kind}\" needs `{field}`"))
}

fn unknown_kind(section: &str, kind: &str, kinds: &[&str]) -> String {
    format!(
        "unknown {section} kind \"{kind}\"; expected one of {}",
        kinds
            .iter()
            .map(|k| format!("\"{k}\""))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSpread {
    kind: String,
    exponent: Option<f64>,
    fraction: Option<f64>,
}

impl TryFrom<RawSpread> for Spread {
    type Error = String;

    fn try_from(raw: RawSpread) -> Result<Spread, String> {
        const SECTION: &str = "client spread";
        let present = [
            ("exponent", raw.exponent.is_some()),
            ("fraction", raw.fraction.is_some()),
        ];
        let kind = raw.kind.as_str();
        match kind {
            "uniform" => {
                only(SECTION, kind, &present, &[])?;
                Ok(Spread::Uniform)
            }
            "zipf" => {
                only(SECTION, kind, &present, &["exponent"])?;
                Ok(Spread::Zipf {
                    exponent: needed(SECTION, kind, "exponent", raw.exponent)?,
                })
            }
            "greedy" => {
                only(SECTION, kind, &present, &["fraction"])?;
                Ok(Spread::Greedy {
                    fraction: needed(SECTION, kind, "fraction", raw.fraction)?,
                })
            }
            _ => Err(unknown_kind(SECTION, kind, &["uniform", "zipf", "greedy"])),
        }
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawArrivals {
    kind: String,
    rate: Option<f64>,
    segments: Option<Vec<RateSegment>>,
    times: Option<Vec<f64>>,
    users: Option<u32>,
    think: Option<SessionSpec>,
}

impl TryFrom<RawArrivals> for ArrivalSpec {
    type Error = String;

    fn try_from(raw: RawArrivals) -> Result<ArrivalSpec, String> {
        const SECTION: &str = "arrival process";
        let present = [
            ("rate", raw.rate.is_some()),
            ("segments", raw.segments.is_some()),
            ("times", raw.times.is_some()),
            ("users", raw.users.is_some()),
            ("think", raw.think.is_some()),
        ];
        let kind = raw.kind.as_str();
        match kind {
            "poisson" => {
                only(SECTION, kind, &present, &["rate"])?;
                Ok(ArrivalSpec::Poisson {
                    rate: needed(SECTION, kind, "rate", raw.rate)?,
                })
            }
            "piecewise" => {
                only(SECTION, kind, &present, &["segments"])?;
                Ok(ArrivalSpec::Piecewise {
                    segments: needed(SECTION, kind, "segments", raw.segments)?,
                })
            }
            "explicit" => {
                only(SECTION, kind, &present, &["times"])?;
                Ok(ArrivalSpec::Explicit {
                    times: needed(SECTION, kind, "times", raw.times)?,
                })
            }
            "population" => {
                only(SECTION, kind, &present, &["users", "think"])?;
                Ok(ArrivalSpec::Population {
                    users: needed(SECTION, kind, "users", raw.users)?,
                    think: needed(SECTION, kind, "think", raw.think)?,
                })
            }
            _ => Err(unknown_kind(
                SECTION,
                kind,
                &["poisson", "piecewise", "explicit", "population"],
            )),
        }
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSession {
    kind: String,
    seconds: Option<f64>,
    mean: Option<f64>,
    sigma: Option<f64>,
    cv: Option<f64>,
    shape: Option<f64>,
}

impl TryFrom<RawSession> for SessionSpec {
    type Error = String;

    fn try_from(raw: RawSession) -> Result<SessionSpec, String> {
        const SECTION: &str = "session";
        let present = [
            ("seconds", raw.seconds.is_some()),
            ("mean", raw.mean.is_some()),
            ("sigma", raw.sigma.is_some()),
            ("cv", raw.cv.is_some()),
            ("shape", raw.shape.is_some()),
        ];
        let kind = raw.kind.as_str();
        match kind {
            "constant" => {
                only(SECTION, kind, &present, &["seconds"])?;
                Ok(SessionSpec::Constant {
                    seconds: needed(SECTION, kind, "seconds", raw.seconds)?,
                })
            }
            "exponential" => {
                only(SECTION, kind, &present, &["mean"])?;
                Ok(SessionSpec::Exponential {
                    mean: needed(SECTION, kind, "mean", raw.mean)?,
                })
            }
            "lognormal" | "log-normal" => {
                only(SECTION, kind, &present, &["mean", "sigma", "cv"])?;
                Ok(SessionSpec::LogNormal {
                    mean: needed(SECTION, kind, "mean", raw.mean)?,
                    sigma: raw.sigma,
                    cv: raw.cv,
                })
            }
            "pareto" => {
                only(SECTION, kind, &present, &["mean", "shape"])?;
                Ok(SessionSpec::Pareto {
                    mean: needed(SECTION, kind, "mean", raw.mean)?,
                    shape: needed(SECTION, kind, "shape", raw.shape)?,
                })
            }
            _ => Err(unknown_kind(
                SECTION,
                kind,
                &["constant", "exponential", "lognormal", "pareto"],
            )),
        }
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRetry {
    kind: String,
    delay: Option<f64>,
    base: Option<f64>,
    max: Option<f64>,
    mean: Option<f64>,
    max_attempts: Option<u32>,
    jitter: Option<Jitter>,
}

impl TryFrom<RawRetry> for RetrySpec {
    type Error = String;

    fn try_from(raw: RawRetry) -> Result<RetrySpec, String> {
        const SECTION: &str = "retry policy";
        let present = [
            ("delay", raw.delay.is_some()),
            ("base", raw.base.is_some()),
            ("max", raw.max.is_some()),
            ("mean", raw.mean.is_some()),
            ("max_attempts", raw.max_attempts.is_some()),
            ("jitter", raw.jitter.is_some()),
        ];
        let kind = raw.kind.as_str();
        match kind {
            "none" => {
                only(SECTION, kind, &present, &[])?;
                Ok(RetrySpec::None)
            }
            "fixed" => {
                only(SECTION, kind, &present, &["delay", "max_attempts"])?;
                Ok(RetrySpec::Fixed {
                    delay: needed(SECTION, kind, "delay", raw.delay)?,
                    max_attempts: raw.max_attempts,
                })
            }
            "backoff" => {
                only(
                    SECTION,
                    kind,
                    &present,
                    &["base", "max", "max_attempts", "jitter"],
                )?;
                Ok(RetrySpec::Backoff {
                    base: needed(SECTION, kind, "base", raw.base)?,
                    max: needed(SECTION, kind, "max", raw.max)?,
                    max_attempts: needed(SECTION, kind, "max_attempts", raw.max_attempts)?,
                    jitter: raw.jitter.unwrap_or_default(),
                })
            }
            "exponential" => {
                only(SECTION, kind, &present, &["mean", "max_attempts"])?;
                Ok(RetrySpec::Exponential {
                    mean: needed(SECTION, kind, "mean", raw.mean)?,
                    max_attempts: raw.max_attempts,
                })
            }
            _ => Err(unknown_kind(
                SECTION,
                kind,
                &["none", "fixed", "backoff", "exponential"],
            )),
        }
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawJob {
    kind: String,
    files: Option<u32>,
    size: Option<f64>,
    bandwidth: Option<f64>,
}

impl TryFrom<RawJob> for JobSpec {
    type Error = String;

    fn try_from(raw: RawJob) -> Result<JobSpec, String> {
        const SECTION: &str = "job";
        let present = [
            ("files", raw.files.is_some()),
            ("size", raw.size.is_some()),
            ("bandwidth", raw.bandwidth.is_some()),
        ];
        let kind = raw.kind.as_str();
        match kind {
            "session" => {
                only(SECTION, kind, &present, &[])?;
                Ok(JobSpec::Session)
            }
            "transfer" => {
                only(SECTION, kind, &present, &["files", "size", "bandwidth"])?;
                Ok(JobSpec::Transfer {
                    files: needed(SECTION, kind, "files", raw.files)?,
                    size: needed(SECTION, kind, "size", raw.size)?,
                    bandwidth: needed(SECTION, kind, "bandwidth", raw.bandwidth)?,
                })
            }
            _ => Err(unknown_kind(SECTION, kind, &["session", "transfer"])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::scenario::Scenario;

    fn parse(json: &str) -> Result<Scenario, String> {
        serde_json::from_str(json).map_err(|e| alloc::string::ToString::to_string(&e))
    }

    #[test]
    fn sections_read_by_kind() {
        let s = parse(
            r#"{"duration": 5,
                "clients": {"ips": 3, "spread": {"kind": "greedy", "fraction": 0.5}},
                "arrivals": {"kind": "piecewise", "segments": [{"from": 0, "rate": 1}]},
                "session": {"kind": "lognormal", "mean": 4, "cv": 1.5},
                "retry": {"kind": "backoff", "base": 1, "max": 8, "max_attempts": 4, "jitter": "equal"}}"#,
        )
        .unwrap();
        assert_eq!(
            s.retry,
            super::RetrySpec::Backoff {
                base: 1.0,
                max: 8.0,
                max_attempts: 4,
                jitter: super::Jitter::Equal
            }
        );
        // What is written is read back the same.
        let again: Scenario = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(again, s);
    }

    #[test]
    fn a_server_section_is_read_as_serve_reads_it() {
        let none = parse(r#"{"duration": 5}"#).unwrap();
        assert_eq!(none.limits().max_clients, Some(10));
        let vsftpd = parse(r#"{"duration": 5, "server": {"preset": "vsftpd"}}"#).unwrap();
        assert_eq!(vsftpd.limits().max_clients, Some(2000));
        assert_eq!(vsftpd.limits().max_per_ip, Some(50));
        let unlimited = parse(
            r#"{"duration": 5, "server": {"preset": "vsftpd", "max_clients": 0, "max_per_ip": 4}}"#,
        )
        .unwrap();
        assert_eq!(unlimited.limits().max_clients, None);
        assert_eq!(unlimited.limits().max_per_ip, Some(4));
        let err = parse(r#"{"server": {"preset_defaults": true}}"#).unwrap_err();
        assert!(err.contains("preset_defaults"), "{err}");
    }

    #[test]
    fn misplaced_missing_and_unknown_fields_are_explained() {
        let err =
            parse(r#"{"session": {"kind": "exponential", "mean": 3, "shape": 2}}"#).unwrap_err();
        assert!(err.contains("`shape` does not apply"), "{err}");
        let err = parse(r#"{"session": {"kind": "pareto", "mean": 3}}"#).unwrap_err();
        assert!(err.contains("needs `shape`"), "{err}");
        let err = parse(r#"{"retry": {"kind": "sometimes"}}"#).unwrap_err();
        assert!(err.contains("\"backoff\""), "{err}");
        let err = parse(r#"{"arrivals": {"kind": "poisson", "rate": "fast"}}"#).unwrap_err();
        assert!(err.contains("invalid type"), "{err}");
    }
}
