//! A small static file server for `target/site`, std only: GET and HEAD,
//! the MIME types the site needs (browsers insist on `application/wasm` for
//! streaming compilation), nothing outside the site directory, loopback only.
//!
//! Every response says `no-cache` with an `ETag`: the browser asks again each
//! time, so a rebuilt site shows at once, and a file that did not change
//! comes back as `304 Not Modified`: a return visit takes the wasm from the
//! browser's cache instead of downloading it again.

use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Duration;

pub const DEFAULT_PORT: u16 = 8421;

/// Longest request head read; the site's requests are far shorter.
const MAX_HEAD: usize = 16 * 1024;

/// Serves `site` on 127.0.0.1:`port` until the process is stopped.
pub fn serve_forever(site: &Path, port: u16) -> Result<(), String> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e} (try --port)"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!(
        "Serving {} at http://{addr}/  (Ctrl-C to stop)",
        site.display()
    );
    let site = Arc::new(site.to_path_buf());
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => {
                let site = Arc::clone(&site);
                thread::spawn(move || handle(stream, &site));
            }
            Err(e) => eprintln!("xtask serve: accept failed: {e}"),
        }
    }
    Ok(())
}

/// A server running in the background on a free port, for the tests and
/// the benchmark; stopped when dropped.
#[derive(Debug)]
pub struct Background {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Background {
    pub fn start(site: &Path) -> Result<Background, String> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let stop = Arc::new(AtomicBool::new(false));
        let site = Arc::new(site.to_path_buf());
        let thread = {
            let stop = Arc::clone(&stop);
            thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    if let Ok(stream) = stream {
                        let site = Arc::clone(&site);
                        thread::spawn(move || handle(stream, &site));
                    }
                }
            })
        };
        Ok(Background {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT/`
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept so that the thread sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn handle(stream: TcpStream, site: &Path) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(&stream);
    let request = read_request(&mut reader);
    let mut out = &stream;
    let _ = match request {
        Ok(request) => respond(&mut out, site, &request),
        Err(_) => write_status(&mut out, 400, "Bad Request", false),
    };
    let _ = out.flush();
}

/// What the server reads of a request.
#[derive(Debug)]
struct Request {
    method: String,
    target: String,
    /// The `If-None-Match` header: the ETags of the copies the browser has.
    if_none_match: Option<String>,
}

/// Reads the request line and the one header the server acts on.
fn read_request(reader: &mut impl BufRead) -> io::Result<Request> {
    // Every read is bounded by what is left of MAX_HEAD, so a client that
    // never sends a newline cannot grow a line without end.
    let mut first = String::new();
    let mut total = Read::take(&mut *reader, MAX_HEAD as u64).read_line(&mut first)?;
    let mut if_none_match = None;
    while total < MAX_HEAD {
        let mut header = String::new();
        let n = Read::take(&mut *reader, (MAX_HEAD - total) as u64).read_line(&mut header)?;
        total += n;
        if n == 0 || header == "\r\n" || header == "\n" {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("if-none-match")
        {
            if_none_match = Some(value.trim().to_string());
        }
    }
    let mut parts = first.split_whitespace();
    match (parts.next(), parts.next()) {
        (Some(method), Some(target)) => Ok(Request {
            method: method.to_string(),
            target: target.to_string(),
            if_none_match,
        }),
        _ => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "no request line",
        )),
    }
}

fn respond(out: &mut impl Write, site: &Path, request: &Request) -> io::Result<()> {
    let head_only = match request.method.as_str() {
        "GET" => false,
        "HEAD" => true,
        _ => return write_status(out, 405, "Method Not Allowed", false),
    };
    let Some(path) = resolve(site, &request.target) else {
        return write_status(out, 404, "Not Found", head_only);
    };
    let Ok(metadata) = fs::metadata(&path) else {
        return write_status(out, 404, "Not Found", head_only);
    };
    let etag = entity_tag(&metadata);
    if request
        .if_none_match
        .as_deref()
        .is_some_and(|tags| matches_any(tags, &etag))
    {
        return write!(
            out,
            "HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nCache-Control: no-cache\r\n\
             Connection: close\r\n\r\n"
        );
    }
    match fs::read(&path) {
        Ok(body) => {
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
                 ETag: {etag}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n\
                 Connection: close\r\n\r\n",
                mime_type(&path),
                body.len()
            )?;
            if !head_only {
                out.write_all(&body)?;
            }
            Ok(())
        }
        Err(_) => write_status(out, 404, "Not Found", head_only),
    }
}

/// A file's ETag from its length and modification time: a rebuild writes
/// the file again, which changes the time even when the bytes are the same
/// (one download more, never a stale file).
fn entity_tag(metadata: &fs::Metadata) -> String {
    let modified = metadata
        .modified()
        .ok()
        .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |since| since.as_nanos());
    format!("\"{:x}-{modified:x}\"", metadata.len())
}

/// Whether an `If-None-Match` list names `etag` (weak tags compare equal to
/// strong ones here, as RFC 9110 asks of this header).
fn matches_any(tags: &str, etag: &str) -> bool {
    tags.split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

fn write_status(out: &mut impl Write, code: u16, reason: &str, head_only: bool) -> io::Result<()> {
    let body = format!("{code} {reason}\n");
    write!(
        out,
        "HTTP/1.1 {code} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if !head_only {
        out.write_all(body.as_bytes())?;
    }
    Ok(())
}

/// The file a request target names inside `site`, or `None` when it names
/// nothing there (including any attempt to climb out with `..`).
fn resolve(site: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path)?;
    let mut file = site.to_path_buf();
    for component in Path::new(path.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(out).ok()?;
    (!decoded.contains(['\0', '\\'])).then_some(decoded)
}

fn mime_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_site(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ftpsim-serve-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(dir.join("index.html"), "<p>home</p>").unwrap();
        fs::write(dir.join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        fs::write(dir.join("sub").join("a b.js"), "export {};").unwrap();
        dir
    }

    fn get(server: &Background, request: &str) -> String {
        let mut stream = TcpStream::connect(server.addr).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        String::from_utf8_lossy(&response).into_owned()
    }

    #[test]
    fn serves_files_with_their_mime_types() {
        let site = temp_site("mime");
        let server = Background::start(&site).unwrap();
        let home = get(&server, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(home.starts_with("HTTP/1.1 200 OK\r\n"), "{home}");
        assert!(home.contains("Content-Type: text/html; charset=utf-8\r\n"));
        assert!(home.ends_with("<p>home</p>"));
        let wasm = get(&server, "GET /app_bg.wasm?v=1 HTTP/1.1\r\n\r\n");
        assert!(
            wasm.contains("Content-Type: application/wasm\r\n"),
            "{wasm}"
        );
        assert!(wasm.contains("Content-Length: 8\r\n"));
        let js = get(&server, "HEAD /sub/a%20b.js HTTP/1.1\r\n\r\n");
        assert!(js.contains("text/javascript"), "{js}");
        assert!(js.ends_with("\r\n\r\n"), "HEAD has no body: {js}");
        drop(server);
        fs::remove_dir_all(site).unwrap();
    }

    fn etag_of(response: &str) -> &str {
        response
            .lines()
            .find_map(|line| line.strip_prefix("ETag: "))
            .unwrap_or_else(|| panic!("no ETag in {response}"))
    }

    #[test]
    fn an_unchanged_file_is_not_sent_again() {
        let site = temp_site("etag");
        let server = Background::start(&site).unwrap();
        let first = get(&server, "GET /app_bg.wasm HTTP/1.1\r\n\r\n");
        let etag = etag_of(&first).to_string();
        assert!(first.contains("Cache-Control: no-cache\r\n"), "{first}");

        for header in [
            format!("If-None-Match: {etag}"),
            format!("if-none-match: \"other\", W/{etag}"),
            "If-None-Match: *".to_string(),
        ] {
            let again = get(
                &server,
                &format!("GET /app_bg.wasm HTTP/1.1\r\n{header}\r\n\r\n"),
            );
            assert!(
                again.starts_with("HTTP/1.1 304 Not Modified\r\n"),
                "{header}: {again}"
            );
            assert!(again.ends_with("\r\n\r\n"), "a 304 has no body: {again}");
            assert_eq!(etag_of(&again), etag);
        }
        let other = get(
            &server,
            "GET /app_bg.wasm HTTP/1.1\r\nIf-None-Match: \"other\"\r\n\r\n",
        );
        assert!(other.starts_with("HTTP/1.1 200 OK\r\n"), "{other}");
        assert!(other.ends_with("\0asm\x01\0\0\0"), "{other}");

        // A rebuilt file has a new tag, so the old one fetches it again.
        fs::write(site.join("app_bg.wasm"), b"\0asm\x01\0\0\0\0").unwrap();
        let rebuilt = get(
            &server,
            &format!("GET /app_bg.wasm HTTP/1.1\r\nIf-None-Match: {etag}\r\n\r\n"),
        );
        assert!(rebuilt.starts_with("HTTP/1.1 200 OK\r\n"), "{rebuilt}");
        assert_ne!(etag_of(&rebuilt), etag);
        drop(server);
        fs::remove_dir_all(site).unwrap();
    }

    #[test]
    fn refuses_what_is_not_in_the_site() {
        let site = temp_site("refuse");
        let server = Background::start(&site).unwrap();
        for target in [
            "/../Cargo.toml",
            "/sub/../../x",
            "/%2e%2e/x",
            "/missing",
            "/a%zz",
            "/x%00",
        ] {
            let response = get(&server, &format!("GET {target} HTTP/1.1\r\n\r\n"));
            assert!(response.starts_with("HTTP/1.1 404"), "{target}: {response}");
        }
        let post = get(&server, "POST / HTTP/1.1\r\n\r\n");
        assert!(post.starts_with("HTTP/1.1 405"), "{post}");
        let garbage = get(&server, "\r\n\r\n");
        assert!(garbage.starts_with("HTTP/1.1 400"), "{garbage}");
        drop(server);
        fs::remove_dir_all(site).unwrap();
    }
}
