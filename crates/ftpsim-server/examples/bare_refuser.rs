//! The floor to compare against: a bare blocking loop that answers every
//! client with a 421 and closes. No gate, no runtime, no logging: as if the
//! limit were always full.
//!
//! ```text
//! cargo run --release -p ftpsim-server --example bare_refuser -- 127.0.0.1:2124
//! ```

use std::io::Write;
use std::net::TcpListener;
use std::process::ExitCode;

const REFUSAL: &[u8] = b"421 There are too many connected users, please try later.\r\n";

fn main() -> ExitCode {
    let Some(addr) = std::env::args().nth(1) else {
        eprintln!("usage: bare_refuser ADDR:PORT");
        return ExitCode::from(2);
    };
    let listener = match TcpListener::bind(&addr) {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("bare_refuser: cannot listen on {addr}: {err}");
            return ExitCode::from(1);
        }
    };
    for mut stream in listener.incoming().flatten() {
        let _ = stream.write_all(REFUSAL);
    }
    ExitCode::SUCCESS
}
