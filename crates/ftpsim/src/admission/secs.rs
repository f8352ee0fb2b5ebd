//! Durations and instants in configuration files are seconds, as numbers
//! (`"window": 60`, `"refuse_from": 12.5`, `"idle_timeout": null`).

use core::time::Duration;

use serde::{Deserialize, Deserializer, Serializer};

use crate::time::Instant;

fn seconds<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    let secs = f64::deserialize(deserializer)?;
    if secs.is_finite() && secs >= 0.0 {
        Ok(secs)
    } else {
        Err(serde::de::Error::custom(
            "expected a number of seconds, zero or more",
        ))
    }
}

pub fn serialize<S: Serializer>(value: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(value.as_secs_f64())
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
    let secs = seconds(deserializer)?;
    Duration::try_from_secs_f64(secs).map_err(serde::de::Error::custom)
}

pub mod instant {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Instant, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(value.as_secs_f64())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Instant, D::Error> {
        Ok(Instant::from_secs_f64(super::seconds(deserializer)?))
    }
}

pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(
        value: &Option<Duration>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(duration) => serializer.serialize_some(&duration.as_secs_f64()),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Duration>, D::Error> {
        let secs = Option::<f64>::deserialize(deserializer)?;
        secs.map(|secs| {
            if secs.is_finite() && secs >= 0.0 {
                Duration::try_from_secs_f64(secs).map_err(serde::de::Error::custom)
            } else {
                Err(serde::de::Error::custom(
                    "expected a number of seconds, zero or more",
                ))
            }
        })
        .transpose()
    }
}
