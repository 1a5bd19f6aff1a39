//! Whether any byte of the current request has been written to the server's connection.
//!
//! This is what makes "not sent" exact: every failure before the first byte of the HTTP
//! request is handed to the connection (name resolution, TCP connect, the TLS handshake,
//! a proxy's `CONNECT`, and any timeout during those) provably left the server untouched,
//! whatever error type the network stack chose to report it with. A connector placed near
//! the end of the agent's chain wraps each connection; its writes mark the calling
//! thread's attempt as sent. ureq runs a request on the thread that made it, so a
//! thread-local flag belongs to exactly one attempt.

use std::cell::Cell;

use ureq::Error;
use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

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

/// The link of the connector chain below the last: wraps connections to the API host so
/// that their writes are seen. The connection to a `CONNECT` proxy itself (made by a nested
/// run of the chain, without a proxy in its configuration) is left unwatched: the `CONNECT`
/// line is not the request.
#[derive(Debug)]
pub struct SendPhaseConnector {
    /// Whether the agent was configured with a proxy.
    pub agent_has_proxy: bool,
}

impl<In: Transport> Connector<In> for SendPhaseConnector {
    type Out = WatchedTransport<In>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, Error> {
        let to_proxy_itself = self.agent_has_proxy && details.config.proxy().is_none();
        Ok(chained.map(|inner| WatchedTransport {
            inner,
            watched: !to_proxy_itself,
        }))
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
