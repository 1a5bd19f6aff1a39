//! The TCP link of the connector chain: connecting, timeouts set on the socket only when
//! they change, and a check of a kept-alive connection in one system call.
//!
//! The agent checks a pooled connection when it puts it back and again when it takes it
//! for a request: no byte may be waiting, and the server must not have closed it. `ureq`'s
//! own TCP transport makes three system calls per check (non-blocking on, a one-byte read,
//! non-blocking off); on Unix this one makes one, a peek that does not wait. On Windows,
//! which has no such flag, it makes the same three.
//!
//! Connecting tries the resolved addresses in order. Each gets an equal share of the time
//! left for the rest; a refused or unreachable address, or one whose share runs out, gives
//! way to the next.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Weak};

use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, ShutdownHandle,
    Transport,
};
use ureq::{Error, Timeout};

/// The least time one address is given when several share what is left.
const SHORTEST_SHARE: std::time::Duration = std::time::Duration::from_millis(10);

/// Opens a TCP connection, unless an earlier link (a `CONNECT` proxy) already has one.
#[derive(Debug)]
pub struct TcpConnector;

impl<In: Transport> Connector<In> for TcpConnector {
    type Out = Either<In, TcpTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, Error> {
        if let Some(transport) = chained {
            return Ok(Some(Either::A(transport)));
        }
        let stream = connect(&details.addrs, details.timeout)?;
        if details.config.no_delay() {
            stream.set_nodelay(true)?;
        }
        let config = details.config;
        let transport = TcpTransport {
            stream: Arc::new(stream),
            buffers: LazyBuffers::new(config.input_buffer_size(), config.output_buffer_size()),
            read_timeout: None,
            write_timeout: None,
        };
        let handle = Arc::downgrade(&transport.stream) as Weak<dyn ShutdownHandle>;
        (details.register_shutdown)(handle)?;
        Ok(Some(Either::B(transport)))
    }
}

/// Connects to the first of `addrs` that answers within `budget`.
fn connect(addrs: &[SocketAddr], budget: NextTimeout) -> Result<TcpStream, Error> {
    let total = time_left(budget)?;
    let started = std::time::Instant::now();
    let mut last_error = None;
    for (index, addr) in addrs.iter().enumerate() {
        let attempt = match total {
            Some(total) => {
                let left = total.saturating_sub(started.elapsed());
                if left.is_zero() {
                    return Err(Error::Timeout(budget.reason));
                }
                let others = u32::try_from(addrs.len() - index).unwrap_or(u32::MAX);
                let share = (left / others).max(left.min(SHORTEST_SHARE));
                TcpStream::connect_timeout(addr, share)
            }
            None => TcpStream::connect(addr),
        };
        match attempt {
            Ok(stream) => return Ok(stream),
            Err(e) if timed_out(&e) => last_error = Some(Error::Timeout(Timeout::Connect)),
            Err(e) if concerns_only_this_address(&e) => last_error = Some(Error::Io(e)),
            Err(e) => return Err(Error::Io(e)),
        }
    }
    Err(last_error.unwrap_or_else(|| {
        Error::Io(io::Error::new(
            io::ErrorKind::ConnectionRefused,
            "no address to connect to",
        ))
    }))
}

/// Whether a failed connect leaves the next address worth trying: this one refused, or the
/// local network has no route to it (an IPv6 address on a machine without IPv6, say).
fn concerns_only_this_address(e: &io::Error) -> bool {
    // A VPN or firewall on Windows can refuse an address family with WSAEACCES.
    #[cfg(windows)]
    if e.raw_os_error() == Some(10013) {
        return true;
    }
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::HostUnreachable
            | io::ErrorKind::NetworkUnreachable
            | io::ErrorKind::NetworkDown
            | io::ErrorKind::AddrNotAvailable
    )
}

/// A socket timeout shows as `TimedOut`, or as `WouldBlock` where the system reports it
/// with `EAGAIN`.
fn timed_out(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

/// A TCP connection and its buffers.
#[derive(Debug)]
pub struct TcpTransport {
    /// Shared (weakly) with the agent, so that it can shut the socket down.
    stream: Arc<TcpStream>,
    buffers: LazyBuffers,
    /// The timeouts as last set on the socket.
    read_timeout: Option<std::time::Duration>,
    write_timeout: Option<std::time::Duration>,
}

/// The time `timeout` leaves, or the timeout error when it leaves none.
fn time_left(timeout: NextTimeout) -> Result<Option<std::time::Duration>, Error> {
    if timeout.after.is_zero() {
        return Err(Error::Timeout(timeout.reason));
    }
    Ok(timeout.not_zero().map(|left| *left))
}

/// Sets a socket timeout through `set`, unless it is set already.
fn update(
    stream: &TcpStream,
    current: &mut Option<std::time::Duration>,
    wanted: Option<std::time::Duration>,
    set: fn(&TcpStream, Option<std::time::Duration>) -> io::Result<()>,
) -> io::Result<()> {
    if *current != wanted {
        set(stream, wanted)?;
        *current = wanted;
    }
    Ok(())
}

/// An I/O error as the agent reports it: a timeout under the name of what was waited for.
fn io_failure(e: io::Error, reason: Timeout) -> Error {
    if timed_out(&e) {
        Error::Timeout(reason)
    } else {
        Error::Io(e)
    }
}

impl TcpTransport {
    /// Reads what has arrived, retrying a read a signal interrupted (Linux does not
    /// restart a socket read that has a timeout) with the time still left.
    fn read(&mut self, timeout: NextTimeout) -> Result<usize, Error> {
        let reason = timeout.reason;
        let started = std::time::Instant::now();
        let limit = time_left(timeout)?;
        let mut wanted = limit;
        loop {
            update(
                &self.stream,
                &mut self.read_timeout,
                wanted,
                TcpStream::set_read_timeout,
            )?;
            let input = self.buffers.input_append_buf();
            match ((&*self.stream).read(input), limit) {
                (Err(e), Some(limit)) if e.kind() == io::ErrorKind::Interrupted => {
                    let left = limit.saturating_sub(started.elapsed());
                    if left.is_zero() {
                        return Err(Error::Timeout(reason));
                    }
                    wanted = Some(left);
                }
                (result, _) => return result.map_err(|e| io_failure(e, reason)),
            }
        }
    }
}

impl Transport for TcpTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), Error> {
        let timeout = timeout.for_write();
        let wanted = time_left(timeout)?;
        update(
            &self.stream,
            &mut self.write_timeout,
            wanted,
            TcpStream::set_write_timeout,
        )?;
        let output = &self.buffers.output()[..amount];
        (&*self.stream)
            .write_all(output)
            .map_err(|e| io_failure(e, timeout.reason))
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, Error> {
        let amount = self.read(timeout.for_read())?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        nothing_waiting(&self.stream)
    }
}

/// True when the connection is open with no byte waiting: the one state in which a kept
/// connection may carry the next request.
#[cfg(unix)]
fn nothing_waiting(stream: &TcpStream) -> bool {
    use std::os::fd::AsRawFd;

    let mut byte = 0u8;
    // SAFETY: the descriptor is the stream's own and stays open for the call; the buffer
    // is one writable byte that outlives it. MSG_DONTWAIT makes the call return at once.
    let read = unsafe {
        libc::recv(
            stream.as_raw_fd(),
            (&raw mut byte).cast(),
            1,
            libc::MSG_PEEK | libc::MSG_DONTWAIT,
        )
    };
    read < 0 && io::Error::last_os_error().kind() == io::ErrorKind::WouldBlock
}

/// True when the connection is open with no byte waiting: the one state in which a kept
/// connection may carry the next request.
#[cfg(not(unix))]
fn nothing_waiting(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let waiting = stream.peek(&mut [0u8]);
    let restored = stream.set_nonblocking(false).is_ok();
    restored && matches!(waiting, Err(e) if e.kind() == io::ErrorKind::WouldBlock)
}

#[cfg(test)]
mod tests {
    use std::net::{Shutdown, TcpListener};

    use super::*;

    fn pair() -> (TcpStream, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        (client, server)
    }

    #[test]
    fn an_idle_open_connection_may_be_reused() {
        let (client, _server) = pair();
        assert!(nothing_waiting(&client));
        assert!(nothing_waiting(&client), "the check reads nothing");
    }

    #[test]
    fn a_byte_waiting_or_a_closed_connection_may_not() {
        let (client, mut server) = pair();
        server.write_all(b"x").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(!nothing_waiting(&client));

        let (client, server) = pair();
        server.shutdown(Shutdown::Both).unwrap();
        drop(server);
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(!nothing_waiting(&client));
    }

    fn within(left: std::time::Duration) -> NextTimeout {
        NextTimeout {
            after: ureq::unversioned::transport::time::Duration::Exact(left),
            reason: Timeout::Connect,
            ..NextTimeout::default()
        }
    }

    #[test]
    fn a_refused_address_gives_way_to_the_next() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let open = listener.local_addr().unwrap();
        let closed = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let stream = connect(&[closed, open], within(std::time::Duration::from_secs(5))).unwrap();
        assert_eq!(stream.peer_addr().unwrap(), open);
    }

    #[test]
    fn when_every_address_refuses_the_last_refusal_is_reported() {
        let closed = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let error = connect(&[closed], within(std::time::Duration::from_secs(5))).unwrap_err();
        assert!(
            matches!(&error, Error::Io(e) if e.kind() == io::ErrorKind::ConnectionRefused),
            "{error:?}"
        );
    }

    #[test]
    fn no_time_left_to_connect_is_a_timeout() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let open = listener.local_addr().unwrap();
        let error = connect(&[open], within(std::time::Duration::ZERO)).unwrap_err();
        assert!(
            matches!(error, Error::Timeout(Timeout::Connect)),
            "{error:?}"
        );
    }

    #[test]
    fn a_socket_timeout_is_reported_as_a_timeout() {
        let error = io::Error::from(io::ErrorKind::WouldBlock);
        assert!(matches!(
            io_failure(error, Timeout::RecvResponse),
            Error::Timeout(Timeout::RecvResponse)
        ));
        let error = io::Error::from(io::ErrorKind::ConnectionReset);
        assert!(matches!(
            io_failure(error, Timeout::RecvResponse),
            Error::Io(_)
        ));
    }
}
