//! The JS API: the core without Yew, for a teaching page of one's own.
//!
//! ```js
//! import init, { explain, compare } from "./ftpsim_web.js";
//! await init();
//! explain(421, "fr").meanings[0].title;   // "Service non disponible"
//! compare("220", "421", "en").differences; // ["Class: 220 is ...", ...]
//! simulate({ duration: 3600, server: { max_clients: 10 } }).blocking_probability;
//! ```
//!
//! Every function returns plain JSON-like objects (the core's serde form)
//! and throws an `Error` whose message says what was wrong with the input.

use core::fmt;

use ftpsim::explain::{self, Comparison, Explanation};
use ftpsim::sim::{Report, Scenario, ScenarioError, Simulation};
use ftpsim::{Lang, ReplyCode};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Why a call from JavaScript was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The argument named `what` is not a reply code.
    Code { what: &'static str, given: String },
    /// Not `"en"` or `"fr"`.
    Lang(String),
    /// The scenario does not have the shape of one (unknown field, wrong
    /// type): serde's message.
    ScenarioShape(String),
    /// The scenario reads but a value is out of range (the core's check).
    Scenario(ScenarioError),
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Code { what, given } => write!(
                f,
                "{what}: {given} is not an FTP reply code (three digits, 100 to 699)"
            ),
            ApiError::Lang(given) => {
                write!(f, "lang: unknown language {given:?}; use \"en\" or \"fr\"")
            }
            ApiError::ScenarioShape(message) => write!(f, "scenario: {message}"),
            ApiError::Scenario(error) => write!(f, "scenario.{error}"),
        }
    }
}

impl std::error::Error for ApiError {}

/// A code as JavaScript passes it: a number or a string of digits.
#[derive(Clone, Debug, PartialEq)]
pub enum CodeArg {
    Number(f64),
    Text(String),
    Other(String),
}

impl CodeArg {
    fn read(&self, what: &'static str) -> Result<ReplyCode, ApiError> {
        let refused = |given: String| ApiError::Code { what, given };
        match self {
            CodeArg::Number(n) if n.fract() == 0.0 && (100.0..=699.0).contains(n) => {
                // In range and whole, so the cast is exact.
                ReplyCode::new(*n as u16).map_err(|_| refused(n.to_string()))
            }
            CodeArg::Number(n) => Err(refused(n.to_string())),
            CodeArg::Text(s) => s.parse().map_err(|_| refused(format!("{s:?}"))),
            CodeArg::Other(s) => Err(refused(s.clone())),
        }
    }

    fn from_js(value: &JsValue) -> CodeArg {
        if let Some(n) = value.as_f64() {
            CodeArg::Number(n)
        } else if let Some(s) = value.as_string() {
            CodeArg::Text(s)
        } else {
            CodeArg::Other(format!("{value:?}"))
        }
    }
}

fn read_lang(lang: Option<&str>) -> Result<Lang, ApiError> {
    match lang {
        None => Ok(Lang::En),
        Some(tag) => tag.parse().map_err(|_| ApiError::Lang(tag.to_string())),
    }
}

/// [`explain::explain`] with JavaScript's arguments checked.
pub fn explain_code(code: &CodeArg, lang: Option<&str>) -> Result<Explanation, ApiError> {
    Ok(explain::explain(code.read("code")?, read_lang(lang)?))
}

/// [`explain::compare`] with JavaScript's arguments checked.
pub fn compare_codes(a: &CodeArg, b: &CodeArg, lang: Option<&str>) -> Result<Comparison, ApiError> {
    Ok(explain::compare(
        a.read("a")?,
        b.read("b")?,
        read_lang(lang)?,
    ))
}

/// Runs `scenario` to the end with the core's simulator.
pub fn simulate_scenario(scenario: &Scenario) -> Result<Report, ApiError> {
    Simulation::run(scenario).map_err(ApiError::Scenario)
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// What `code` means, in `lang` ("en" when omitted): its class, category and
/// every meaning the RFCs give it, with the teaching texts.
#[cfg_attr(feature = "api", wasm_bindgen(js_name = explain))]
pub fn explain_js(code: JsValue, lang: Option<String>) -> Result<JsValue, JsError> {
    let explanation = explain_code(&CodeArg::from_js(&code), lang.as_deref())?;
    to_js(&explanation)
}

/// Two codes side by side, in `lang` ("en" when omitted).
#[cfg_attr(feature = "api", wasm_bindgen(js_name = compare))]
pub fn compare_js(a: JsValue, b: JsValue, lang: Option<String>) -> Result<JsValue, JsError> {
    let comparison = compare_codes(
        &CodeArg::from_js(&a),
        &CodeArg::from_js(&b),
        lang.as_deref(),
    )?;
    to_js(&comparison)
}

/// Runs a simulation scenario (the object form of a scenario file, e.g.
/// `{ duration: 3600, seed: 7, server: { preset: "vsftpd", max_clients: 20 } }`;
/// a JSON string works too) and returns its report. The same scenario and
/// seed give the same report as `ftpsim simulate`, number for number. Its
/// `server` is the core's `ServerSpec`: a limit left out is the preset's
/// default (vsftpd's `max_per_ip` of 50 in the example), `0` is unlimited.
///
/// It runs to the end before returning; for long runs in a page, call it
/// from a Web Worker.
#[cfg_attr(feature = "api", wasm_bindgen(js_name = simulate))]
pub fn simulate_js(scenario: JsValue) -> Result<JsValue, JsError> {
    let value = match scenario.as_string() {
        Some(json) => js_sys::JSON::parse(&json)
            .map_err(|_| JsError::new("scenario: the string is not JSON"))?,
        None => scenario,
    };
    let scenario: Scenario = serde_wasm_bindgen::from_value(value)
        .map_err(|e| JsError::from(ApiError::ScenarioShape(e.to_string())))?;
    to_js(&simulate_scenario(&scenario)?)
}

/// A scenario as indented JSON, the form `ftpsim simulate` reads. Empty
/// outside a browser.
pub fn scenario_json(scenario: &Scenario) -> String {
    to_json(scenario)
}

/// Any of the core's values as indented JSON text, for the page to show or
/// save (empty if it does not serialise).
pub fn to_json<T: Serialize>(value: &T) -> String {
    let Ok(value) = to_js(value) else {
        return String::new();
    };
    js_sys::JSON::stringify_with_replacer_and_space(&value, &JsValue::NULL, &JsValue::from(2))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_numbers_and_digit_strings() {
        let e = explain_code(&CodeArg::Number(421.0), Some("fr")).unwrap();
        assert_eq!(e.primary().title, "Service non disponible");
        let e = explain_code(&CodeArg::Text("220".into()), None).unwrap();
        assert_eq!(e.lang, Lang::En);
        let c = compare_codes(
            &CodeArg::Number(220.0),
            &CodeArg::Text(" 421".into()),
            Some("en"),
        )
        .unwrap();
        assert_eq!(c.left.code.get(), 220);
    }

    #[test]
    fn refuses_bad_arguments_with_a_readable_message() {
        for (arg, shown) in [
            (CodeArg::Number(42.5), "42.5"),
            (CodeArg::Number(700.0), "700"),
            (CodeArg::Number(f64::NAN), "NaN"),
            (CodeArg::Text("4x1".into()), "\"4x1\""),
            (CodeArg::Other("undefined".into()), "undefined"),
        ] {
            let err = explain_code(&arg, None).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("code: {shown} is not an FTP reply code (three digits, 100 to 699)")
            );
        }
        let err = compare_codes(&CodeArg::Number(220.0), &CodeArg::Number(1.0), None).unwrap_err();
        assert!(err.to_string().starts_with("b: 1 "), "{err}");
        let bad = Scenario {
            duration: -1.0,
            ..Scenario::default()
        };
        let err = simulate_scenario(&bad).unwrap_err();
        assert!(err.to_string().starts_with("scenario.duration: "), "{err}");
        let err = explain_code(&CodeArg::Number(220.0), Some("de")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "lang: unknown language \"de\"; use \"en\" or \"fr\""
        );
    }
}
