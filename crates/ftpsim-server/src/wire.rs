//! Writing replies to a socket: whole, or one byte at a time, always under a
//! deadline so that a client that never reads cannot hold the server.

use std::io;
use std::net::TcpStream as StdTcpStream;
use std::time::Duration;

use tokio::io::{AsyncWrite, AsyncWriteExt};

/// Why a write did not complete.
#[derive(Debug)]
pub enum WriteFailure {
    /// The deadline passed first.
    TimedOut,
    /// The peer is gone (reset, broken pipe) or another socket error.
    Io(io::Error),
}

impl std::fmt::Display for WriteFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteFailure::TimedOut => f.write_str("write timed out"),
            WriteFailure::Io(err) => write!(f, "write failed: {err}"),
        }
    }
}

/// How replies reach the wire.
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    /// One byte per write, `interval` apart.
    pub bytewise: bool,
    pub interval: Duration,
    /// The bound on writing one reply (bytewise: one byte).
    pub timeout: Duration,
}

/// Writes `bytes` to `stream` under `pace`, flushing at the end. The
/// timeout bounds the whole reply, or, bytewise, each byte (the pauses
/// between bytes are the server's own doing, not the client's).
pub async fn write_reply<W>(stream: &mut W, bytes: &[u8], pace: Pace) -> Result<(), WriteFailure>
where
    W: AsyncWrite + Unpin,
{
    if !pace.bytewise {
        return bounded(pace.timeout, async {
            stream.write_all(bytes).await?;
            stream.flush().await
        })
        .await;
    }
    for (index, byte) in bytes.iter().enumerate() {
        if index > 0 {
            if pace.interval.is_zero() {
                tokio::task::yield_now().await;
            } else {
                tokio::time::sleep(pace.interval).await;
            }
        }
        bounded(pace.timeout, async {
            stream.write_all(std::slice::from_ref(byte)).await?;
            stream.flush().await
        })
        .await?;
    }
    Ok(())
}

async fn bounded(
    timeout: Duration,
    write: impl Future<Output = io::Result<()>>,
) -> Result<(), WriteFailure> {
    match tokio::time::timeout(timeout, write).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(err)) => Err(WriteFailure::Io(err)),
        Err(_) => Err(WriteFailure::TimedOut),
    }
}

/// The outcome of trying to send a refusal without waiting.
#[derive(Debug)]
pub enum Immediate {
    /// Every byte is in the kernel's send buffer.
    Done,
    /// Only the first `written` bytes went: the rest needs a task.
    Partial { written: usize },
    /// The peer is already gone.
    Failed(io::Error),
}

/// Writes `bytes` to a freshly accepted socket without ever blocking
/// (`MSG_DONTWAIT`, so the socket itself may stay in blocking mode and no
/// system call is spent switching it). A new connection's send buffer is
/// empty and holds kilobytes, so a refusal (tens of bytes) goes in one call.
pub fn write_now(stream: &StdTcpStream, bytes: &[u8]) -> Immediate {
    let socket = socket2::SockRef::from(stream);
    let mut written = 0;
    while written < bytes.len() {
        match socket.send_with_flags(&bytes[written..], libc::MSG_DONTWAIT | libc::MSG_NOSIGNAL) {
            Ok(0) => {
                return Immediate::Failed(io::Error::from(io::ErrorKind::WriteZero));
            }
            Ok(n) => written += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                return Immediate::Partial { written };
            }
            Err(err) => return Immediate::Failed(err),
        }
    }
    Immediate::Done
}
