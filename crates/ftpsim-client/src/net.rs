//! Opening control connections from a chosen source address, and the
//! rules on where ftpsim may connect at all.

use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

use socket2::{Domain, Protocol, SockAddr, Socket, Type};

/// Connects to `target` from `source` (any local address when `None`),
/// giving up after `timeout`.
pub fn connect_from(
    target: SocketAddr,
    source: Option<IpAddr>,
    timeout: Duration,
) -> io::Result<TcpStream> {
    let socket = Socket::new(
        Domain::for_address(target),
        Type::STREAM,
        Some(Protocol::TCP),
    )?;
    if let Some(ip) = source {
        socket.bind(&SockAddr::from(SocketAddr::new(ip, 0)))?;
    }
    socket.connect_timeout(&SockAddr::from(target), timeout)?;
    let stream: TcpStream = socket.into();
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// Sends one command line, CRLF added.
pub fn send_command(stream: &mut TcpStream, command: &str) -> io::Result<()> {
    let mut line = Vec::with_capacity(command.len() + 2);
    line.extend_from_slice(command.as_bytes());
    line.extend_from_slice(b"\r\n");
    stream.write_all(&line)
}

/// `HOST[:PORT]` to one address, port 21 when none is given.
pub fn resolve(target: &str) -> io::Result<SocketAddr> {
    let with_port = if target.parse::<SocketAddr>().is_ok() {
        target.to_string()
    } else if target.parse::<IpAddr>().is_ok() {
        // A bare IPv6 address has colons of its own.
        SocketAddr::new(target.parse().expect("checked above"), 21).to_string()
    } else if target
        .rsplit_once(':')
        .is_some_and(|(_, port)| port.parse::<u16>().is_ok())
    {
        target.to_string()
    } else {
        format!("{target}:21")
    };
    with_port
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("{target}: no address")))
}

/// Whether `ip` is this machine's loopback (127.0.0.0/8 or ::1), where
/// ftpsim may open as many connections as asked, from any source address.
pub fn is_loopback(ip: IpAddr) -> bool {
    ip.is_loopback()
}

/// The loopback source address standing for the `index`-th client
/// address of a scenario (from 0): 127.0.0.2 upwards, so that 127.0.0.1,
/// the usual address of the server itself, is nobody's.
pub fn loopback_source(index: u32) -> Option<IpAddr> {
    // 127.0.0.0/8 holds 2^24 addresses; .0 and .255-ending ones are fine on
    // Linux loopback, only 127.255.255.255 is the broadcast.
    let n = index.checked_add(2)?;
    (n < (1 << 24) - 1)
        .then(|| IpAddr::V4(Ipv4Addr::new(127, (n >> 16) as u8, (n >> 8) as u8, n as u8)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_get_port_21_unless_they_name_one() {
        assert_eq!(
            resolve("127.0.0.1").unwrap(),
            "127.0.0.1:21".parse().unwrap()
        );
        assert_eq!(
            resolve("127.0.0.1:2121").unwrap(),
            "127.0.0.1:2121".parse().unwrap()
        );
        assert_eq!(resolve("::1").unwrap(), "[::1]:21".parse().unwrap());
        assert_eq!(resolve("localhost:2121").unwrap().port(), 2121);
    }

    #[test]
    fn scenario_addresses_map_onto_distinct_loopback_sources() {
        assert_eq!(loopback_source(0), Some("127.0.0.2".parse().unwrap()));
        assert_eq!(loopback_source(254), Some("127.0.1.0".parse().unwrap()));
        assert!(loopback_source(u32::MAX).is_none());
        assert!(loopback_source(0).is_some_and(is_loopback));
    }
}
