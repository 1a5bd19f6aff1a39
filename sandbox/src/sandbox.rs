//! [`Sandbox`]: a running sandbox on a background thread, for blocking Rust code.

use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener as StdListener};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::watch;

use crate::config::SandboxConfig;
use crate::flow::timeouts::spawn_ticker;
use crate::state::State;
use crate::{clock_endpoint, server, tls};

/// A sandbox serving on a local port until stopped or dropped.
pub struct Sandbox {
    state: Arc<State>,
    addr: SocketAddr,
    url: String,
    tls_certificate_pem: Option<String>,
    stop: watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Binds `config.listen` and starts serving on a background thread with its own tokio
    /// runtime. Returns once the socket is listening. A bad key, webhook URL or address is an
    /// error.
    pub fn start(config: SandboxConfig) -> io::Result<Sandbox> {
        let listener = StdListener::bind(config.listen)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let tls = config.tls.then(tls::self_signed).transpose()?;
        let url = base_url(addr, tls.is_some());
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("sgpay-sandbox")
            .enable_all()
            .build()?;
        let state = Arc::new(State::new(&config, url.clone(), runtime.handle().clone())?);
        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let (stop, stopped) = watch::channel(false);
        let tls_certificate_pem = tls.as_ref().map(|t| t.certificate_pem.clone());
        let acceptor = tls.map(|t| t.acceptor);
        spawn_ticker(&state);
        let server_state = state.clone();
        let thread = std::thread::Builder::new()
            .name("sgpay-sandbox".into())
            .spawn(move || {
                runtime.block_on(server::run(server_state, listener, acceptor, stopped));
                runtime.shutdown_timeout(Duration::from_secs(1));
            })?;
        Ok(Sandbox {
            state,
            addr,
            url,
            tls_certificate_pem,
            stop,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT` (`https://` with TLS).
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The public key that verifies its webhooks, SPKI PEM (`BEGIN PUBLIC KEY`).
    pub fn webhook_public_key_pem(&self) -> String {
        self.state.webhook_key.public_pem().to_string()
    }

    /// The self-signed certificate (PEM) when serving HTTPS.
    pub fn tls_certificate_pem(&self) -> Option<String> {
        self.tls_certificate_pem.clone()
    }

    /// Queues a fault; same JSON as `POST /_sandbox/faults`. `Err` describes a bad spec.
    pub fn push_fault(&self, fault: serde_json::Value) -> Result<(), String> {
        self.state.faults.push(&fault).map(|_| ())
    }

    /// The counters; same JSON as `GET /_sandbox/stats`.
    pub fn stats(&self) -> serde_json::Value {
        self.state.stats_json()
    }

    /// The id of every session it holds, in no particular order: what a test compares with
    /// what a client recorded.
    pub fn session_ids(&self) -> Vec<String> {
        self.state.store().sessions.keys().cloned().collect()
    }

    /// Moves the sandbox clock forward by `by` and runs the time limits that have passed
    /// (same as `POST /_sandbox/clock`); returns how many payments they ended.
    pub fn advance_clock(&self, by: Duration) -> usize {
        clock_endpoint::advance(&self.state, by)
    }

    /// The sandbox's time in the API's format; same as `now` of `GET /_sandbox/clock`.
    pub fn now(&self) -> String {
        self.state.clock.now().timestamp()
    }

    /// Forgets all sessions, tokens, faults, idempotency records, pending webhooks and
    /// counters, and sets the clock back to real time.
    pub fn reset(&self) {
        self.state.reset();
    }

    /// Stops serving; when it returns, the port is closed.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        let _ = self.stop.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        self.state.webhooks.clear();
    }
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox").field("url", &self.url).finish()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.shut_down();
    }
}

fn base_url(addr: SocketAddr, tls: bool) -> String {
    let scheme = if tls { "https" } else { "http" };
    let shown = if addr.ip().is_unspecified() {
        SocketAddr::from((Ipv4Addr::LOCALHOST, addr.port()))
    } else {
        addr
    };
    format!("{scheme}://{shown}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shareable<T: Send + Sync>() {}

    #[test]
    fn sandbox_can_be_shared_between_threads() {
        shareable::<Sandbox>();
    }

    #[test]
    fn url_shows_loopback_for_unspecified_addresses() {
        let any = SocketAddr::from(([0, 0, 0, 0], 8080));
        assert_eq!(base_url(any, false), "http://127.0.0.1:8080");
        let v6 = "[::1]:9".parse().unwrap();
        assert_eq!(base_url(v6, true), "https://[::1]:9");
    }
}
