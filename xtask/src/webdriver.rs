//! A small W3C WebDriver client over std's `TcpStream`: the dozen commands
//! the browser tests use, against a chromedriver on 127.0.0.1.
//!
//! Written out rather than pulled in (fantoccini, thirtyfour) because those
//! bring an async runtime and an HTTP stack into a tool that every
//! `cargo xtask` run compiles; WebDriver is JSON over plain HTTP/1.1.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::thread;
use std::time::{Duration, Instant};

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
        base64_decode(encoded)
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

/// One WebDriver command; returns the response's `value`, or its error
/// message.
fn request(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut stream = TcpStream::connect(("127.0.0.1", port))
        .map_err(|e| format!("WebDriver on port {port}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .map_err(|e| e.to_string())?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| format!("WebDriver {method} {path}: {e}"))?;
    // chromedriver keeps the connection open whatever the request says, so
    // the response ends where its length says, not at EOF.
    let (status, body) =
        read_response(&mut stream).map_err(|e| format!("WebDriver {method} {path}: {e}"))?;
    let json: Value = serde_json::from_slice(&body)
        .map_err(|e| format!("WebDriver {method} {path}: bad JSON ({e})"))?;
    let value = json.get("value").cloned().unwrap_or(Value::Null);
    if (200..300).contains(&status) {
        Ok(value)
    } else {
        Err(format!(
            "WebDriver {method} {path}: {} {}",
            value["error"].as_str().unwrap_or("error"),
            value["message"]
                .as_str()
                .unwrap_or("")
                .lines()
                .next()
                .unwrap_or("")
        ))
    }
}

/// Reads one HTTP/1.1 response: its status and body (by Content-Length,
/// chunked, or up to EOF).
fn read_response(stream: &mut impl Read) -> Result<(u16, Vec<u8>), String> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    loop {
        if let Some(response) = complete_response(&data)? {
            return Ok(response);
        }
        let n = stream.read(&mut buffer).map_err(|e| e.to_string())?;
        if n == 0 {
            return complete_response_at_eof(&data);
        }
        data.extend_from_slice(&buffer[..n]);
    }
}

struct Head {
    status: u16,
    body_start: usize,
    length: Option<usize>,
    chunked: bool,
}

fn parse_head(data: &[u8]) -> Result<Option<Head>, String> {
    let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Ok(None);
    };
    let head = std::str::from_utf8(&data[..end]).map_err(|_| "response head is not UTF-8")?;
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or("response has no status")?;
    let mut length = None;
    let mut chunked = false;
    for line in head.lines().skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
        if name == "content-length" {
            length = Some(value.parse().map_err(|_| "bad Content-Length")?);
        } else if name == "transfer-encoding" && value.to_ascii_lowercase().contains("chunked") {
            chunked = true;
        }
    }
    Ok(Some(Head {
        status,
        body_start: end + 4,
        length,
        chunked,
    }))
}

/// The response, once `data` holds all of it.
fn complete_response(data: &[u8]) -> Result<Option<(u16, Vec<u8>)>, String> {
    let Some(head) = parse_head(data)? else {
        return Ok(None);
    };
    let body = &data[head.body_start..];
    if head.chunked {
        return Ok(dechunk(body).map(|b| (head.status, b)));
    }
    match head.length {
        Some(length) if body.len() >= length => Ok(Some((head.status, body[..length].to_vec()))),
        _ => Ok(None),
    }
}

fn complete_response_at_eof(data: &[u8]) -> Result<(u16, Vec<u8>), String> {
    let head = parse_head(data)?.ok_or("connection closed before the response")?;
    let body = &data[head.body_start..];
    if head.chunked || head.length.is_some_and(|l| body.len() < l) {
        return Err("connection closed in the middle of the response".into());
    }
    Ok((head.status, body.to_vec()))
}

fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..)?;
    }
}

fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let clean: Vec<u8> = text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let v = value(c).ok_or_else(|| format!("bad base64 byte {c:#04x}"))?;
            acc |= v << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_base64() {
        assert_eq!(base64_decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(base64_decode("aGk=").unwrap(), b"hi");
        assert_eq!(base64_decode("YWJj").unwrap(), b"abc");
        assert_eq!(base64_decode("").unwrap(), b"");
        assert!(base64_decode("a$==").is_err());
    }

    /// Hands out its bytes a few at a time, like a slow socket.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(buf.len()).min(3);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn reads_responses_by_length_chunks_or_eof() {
        // chromedriver writes "Content-Length:93" without a space.
        let plain = b"HTTP/1.1 200 OK\r\nContent-Length:2\r\n\r\n{}and the next response";
        assert_eq!(
            read_response(&mut Trickle(plain)),
            Ok((200, b"{}".to_vec()))
        );
        let chunked = b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n\
            3\r\n{\"a\r\n3\r\n\":1\r\n1\r\n}\r\n0\r\n\r\n";
        assert_eq!(
            read_response(&mut Trickle(chunked)),
            Ok((404, b"{\"a\":1}".to_vec()))
        );
        let to_eof = b"HTTP/1.1 200 OK\r\n\r\nall of it";
        assert_eq!(
            read_response(&mut Trickle(to_eof)),
            Ok((200, b"all of it".to_vec()))
        );
        assert!(
            read_response(&mut Trickle(
                b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort"
            ))
            .is_err()
        );
        assert!(read_response(&mut Trickle(b"garbage")).is_err());
    }
}
