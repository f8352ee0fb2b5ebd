//! A small W3C WebDriver client: the dozen commands the browser tests use,
//! against a chromedriver on 127.0.0.1, over blocking `ureq`.
//!
//! Written out rather than pulled in (fantoccini, thirtyfour) because those
//! bring an async runtime into a tool that every `cargo xtask` run
//! compiles; WebDriver is JSON over plain HTTP/1.1.

use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};

/// The W3C key for an element reference in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// One browser session.
#[derive(Debug)]
pub struct Session {
    port: u16,
    id: String,
}

/// An element found in the page.
#[derive(Clone, Debug)]
pub struct Element(String);

impl Element {
    /// The element as a script argument.
    pub fn to_json(&self) -> Value {
        json!({ ELEMENT_KEY: self.0 })
    }
}

impl Session {
    /// Opens a session with `capabilities` (the `alwaysMatch` object).
    pub fn new(port: u16, capabilities: Value) -> Result<Session, String> {
        let body = json!({ "capabilities": { "alwaysMatch": capabilities } });
        let value = request(port, "POST", "/session", Some(&body))?;
        let id = value["sessionId"]
            .as_str()
            .ok_or_else(|| format!("WebDriver: no session id in {value}"))?
            .to_string();
        Ok(Session { port, id })
    }

    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        request(
            self.port,
            method,
            &format!("/session/{}{path}", self.id),
            body,
        )
    }

    pub fn goto(&self, url: &str) -> Result<(), String> {
        self.call("POST", "/url", Some(&json!({ "url": url })))
            .map(drop)
    }

    pub fn current_url(&self) -> Result<String, String> {
        let value = self.call("GET", "/url", None)?;
        value
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("WebDriver: URL is not a string: {value}"))
    }

    pub fn find(&self, css: &str) -> Result<Element, String> {
        let value = self.call(
            "POST",
            "/element",
            Some(&json!({ "using": "css selector", "value": css })),
        )?;
        element_of(&value).ok_or_else(|| format!("no element matches {css:?}"))
    }

    pub fn find_all(&self, css: &str) -> Result<Vec<Element>, String> {
        let value = self.call(
            "POST",
            "/elements",
            Some(&json!({ "using": "css selector", "value": css })),
        )?;
        Ok(value
            .as_array()
            .map(|items| items.iter().filter_map(element_of).collect())
            .unwrap_or_default())
    }

    /// Polls for `css` until `timeout`.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element, String> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.find(css) {
                Ok(element) => return Ok(element),
                Err(e) if Instant::now() >= deadline => {
                    return Err(format!("waited {timeout:?}: {e}"));
                }
                Err(_) => thread::sleep(Duration::from_millis(50)),
            }
        }
    }

    /// Polls `check` (a JS expression body returning a boolean) until it
    /// is true or `timeout` passes; `what` names it in the error.
    pub fn wait_until(&self, what: &str, check: &str, timeout: Duration) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self.execute(check, json!([]))?;
            if value.as_bool() == Some(true) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "waited {timeout:?} for {what}; last answer {value}"
                ));
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn click(&self, element: &Element) -> Result<(), String> {
        self.call(
            "POST",
            &format!("/element/{}/click", element.0),
            Some(&json!({})),
        )
        .map(drop)
    }

    pub fn clear(&self, element: &Element) -> Result<(), String> {
        self.call(
            "POST",
            &format!("/element/{}/clear", element.0),
            Some(&json!({})),
        )
        .map(drop)
    }

    pub fn send_keys(&self, element: &Element, text: &str) -> Result<(), String> {
        self.call(
            "POST",
            &format!("/element/{}/value", element.0),
            Some(&json!({ "text": text })),
        )
        .map(drop)
    }

    pub fn text(&self, element: &Element) -> Result<String, String> {
        let value = self.call("GET", &format!("/element/{}/text", element.0), None)?;
        Ok(value.as_str().unwrap_or_default().to_string())
    }

    /// A DOM property as a string (e.g. an input's current `value`).
    pub fn property(&self, element: &Element, name: &str) -> Result<Option<String>, String> {
        let value = self.call(
            "GET",
            &format!("/element/{}/property/{name}", element.0),
            None,
        )?;
        Ok(value.as_str().map(str::to_string))
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns
    /// its result.
    pub fn execute(&self, script: &str, args: Value) -> Result<Value, String> {
        self.call(
            "POST",
            "/execute/sync",
            Some(&json!({ "script": script, "args": args })),
        )
    }

    /// Runs `script` and waits for it to call `arguments[arguments.length - 1]`
    /// with its result (within the session's script timeout).
    pub fn execute_async(&self, script: &str, args: Value) -> Result<Value, String> {
        self.call(
            "POST",
            "/execute/async",
            Some(&json!({ "script": script, "args": args })),
        )
    }

    pub fn set_script_timeout(&self, timeout: Duration) -> Result<(), String> {
        let ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
        self.call("POST", "/timeouts", Some(&json!({ "script": ms })))
            .map(drop)
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Result<Vec<u8>, String> {
        let value = self.call("GET", "/screenshot", None)?;
        let encoded = value
            .as_str()
            .ok_or_else(|| "WebDriver: screenshot is not a string".to_string())?;
        BASE64
            .decode(encoded)
            .map_err(|e| format!("WebDriver: screenshot is not base64: {e}"))
    }

    pub fn set_window_size(&self, width: u32, height: u32) -> Result<(), String> {
        self.call(
            "POST",
            "/window/rect",
            Some(&json!({ "width": width, "height": height })),
        )
        .map(drop)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = request(self.port, "DELETE", &format!("/session/{}", self.id), None);
    }
}

fn element_of(value: &Value) -> Option<Element> {
    value[ELEMENT_KEY]
        .as_str()
        .map(|id| Element(id.to_string()))
}

/// Whether a WebDriver server answers on `port`.
pub fn is_ready(port: u16) -> bool {
    request(port, "GET", "/status", None)
        .map(|v| v["ready"].as_bool() == Some(true))
        .unwrap_or(false)
}

/// A script may run for the session's script timeout (a minute in the
/// browser tests) before chromedriver answers.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// The largest response read: a screenshot of a tall page, in base64.
const MAX_RESPONSE: u64 = 64 * 1024 * 1024;

fn agent() -> &'static ureq::Agent {
    static AGENT: OnceLock<ureq::Agent> = OnceLock::new();
    AGENT.get_or_init(|| {
        ureq::Agent::config_builder()
            .timeout_global(Some(REQUEST_TIMEOUT))
            // WebDriver errors come as JSON with a 4xx or 5xx status:
            // read them rather than stop at the status.
            .http_status_as_error(false)
            .build()
            .into()
    })
}

/// One WebDriver command; returns the response's `value`, or its error
/// message.
fn request(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let url = format!("http://127.0.0.1:{port}{path}");
    let agent = agent();
    let sent = match (method, body) {
        ("GET", _) => agent.get(&url).call(),
        ("DELETE", _) => agent.delete(&url).call(),
        ("POST", Some(body)) => agent.post(&url).send_json(body),
        ("POST", None) => agent.post(&url).send_empty(),
        _ => return Err(format!("WebDriver: no {method} requests here")),
    };
    let mut response = sent.map_err(|e| format!("WebDriver {method} {path}: {e}"))?;
    let status = response.status().as_u16();
    let json: Value = response
        .body_mut()
        .with_config()
        .limit(MAX_RESPONSE)
        .read_json()
        .map_err(|e| format!("WebDriver {method} {path}: bad JSON ({e})"))?;
    let value = json.get("value").cloned().unwrap_or(Value::Null);
    if (200..300).contains(&status) {
        Ok(value)
    } else {
        Err(error_message(method, path, &value))
    }
}

/// A WebDriver error as one line: its code and the first line of its
/// message (chromedriver appends a stack trace).
fn error_message(method: &str, path: &str, value: &Value) -> String {
    format!(
        "WebDriver {method} {path}: {} {}",
        value["error"].as_str().unwrap_or("error"),
        value["message"]
            .as_str()
            .unwrap_or("")
            .lines()
            .next()
            .unwrap_or("")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;

    /// A one-shot HTTP server on loopback that answers with `status` and
    /// `body`, and hands back the request it got.
    fn answer_once(status: &'static str, body: &'static str) -> (u16, thread::JoinHandle<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let handle = thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream);
            let mut head = String::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap();
                }
                head.push_str(&line);
                if line == "\r\n" {
                    break;
                }
            }
            let mut request_body = vec![0; length];
            reader.read_exact(&mut request_body).unwrap();
            // chromedriver writes "Content-Length:N" without a space.
            write!(
                reader.get_mut(),
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length:{}\r\n\r\n{body}",
                body.len()
            )
            .unwrap();
            head + &String::from_utf8(request_body).unwrap()
        });
        (port, handle)
    }

    #[test]
    fn a_command_posts_json_and_returns_the_value() {
        let (port, server) = answer_once("200 OK", r#"{"value":{"sessionId":"abc"}}"#);
        let value = request(port, "POST", "/session", Some(&json!({"capabilities": {}}))).unwrap();
        assert_eq!(value["sessionId"], "abc");
        let seen = server.join().unwrap();
        assert!(seen.starts_with("POST /session HTTP/1.1\r\n"), "{seen}");
        let (_, sent) = seen.split_once("\r\n\r\n").unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(sent).unwrap(),
            json!({"capabilities": {}})
        );
    }

    #[test]
    fn an_error_status_reads_as_the_first_line_of_its_message() {
        let (port, server) = answer_once(
            "404 Not Found",
            r#"{"value":{"error":"no such element","message":"no such element: x\n  (Session info)"}}"#,
        );
        let err = request(port, "GET", "/session/1/element", None).unwrap_err();
        assert_eq!(
            err,
            "WebDriver GET /session/1/element: no such element no such element: x"
        );
        server.join().unwrap();
    }
}
