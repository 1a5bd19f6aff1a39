//! Whether any byte of the current request has been written to the server's connection.
//!
//! This is what makes "not sent" exact: every failure before the first byte of the HTTP
//! request is handed to the connection (name resolution, TCP connect, the TLS handshake,
//! a proxy's `CONNECT`, and any timeout during those) provably left the server untouched,
//! whatever error type the network stack chose to report it with. The last link of the
//! agent's connector chain wraps each connection; its writes mark the calling
//! thread's attempt as sent. ureq runs a request on the thread that made it, so a
//! thread-local flag belongs to exactly one attempt.

use std::cell::Cell;

use ureq::Error;
use ureq::unversioned::transport::{Buffers, ConnectionDetails, NextTimeout, Transport};

thread_local! {
    static REQUEST_BYTES_WRITTEN: Cell<bool> = const { Cell::new(false) };
}

/// Starts a new attempt on this thread: nothing of it has been written yet.
pub fn begin_attempt() {
    REQUEST_BYTES_WRITTEN.with(|flag| flag.set(false));
}

/// True once any byte of this thread's current attempt may have reached the connection.
pub fn request_bytes_written() -> bool {
    REQUEST_BYTES_WRITTEN.with(Cell::get)
}

/// Wraps a connection so that its writes are seen, unless it is the connection to a
/// `CONNECT` proxy itself (made by a nested run of the connector chain, without a proxy in
/// its configuration, when the agent has one): the `CONNECT` line is not the request.
pub fn watched<In>(
    inner: In,
    details: &ConnectionDetails,
    agent_has_proxy: bool,
) -> WatchedTransport<In> {
    let to_proxy_itself = agent_has_proxy && details.config.proxy().is_none();
    WatchedTransport {
        inner,
        watched: !to_proxy_itself,
    }
}

/// A connection whose writes mark the current attempt as sent.
#[derive(Debug)]
pub struct WatchedTransport<In> {
    inner: In,
    watched: bool,
}

impl<In: Transport> Transport for WatchedTransport<In> {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), Error> {
        if self.watched && amount > 0 {
            REQUEST_BYTES_WRITTEN.with(|flag| flag.set(true));
        }
        self.inner.transmit_output(amount, timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, Error> {
        self.inner.await_input(timeout)
    }

    fn maybe_await_input(&mut self, timeout: NextTimeout) -> Result<bool, Error> {
        self.inner.maybe_await_input(timeout)
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}
