//! A webhook receiver on tokio + hyper that answers 500 to the first N deliveries, then 200.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::sync::oneshot;

/// One webhook as received.
#[derive(Clone, Debug)]
pub struct Hook {
    /// `X-PARTNER-SIGN`.
    pub signature: String,
    /// Raw body.
    pub body: Vec<u8>,
    /// What the receiver answered.
    pub answered: u16,
}

impl Hook {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("webhook body is JSON")
    }
}

/// A running receiver; stops when dropped.
pub struct Receiver {
    /// `http://127.0.0.1:PORT/hooks`.
    pub url: String,
    hooks: Arc<Mutex<Vec<Hook>>>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Receiver {
    /// Starts a receiver that answers 500 to the first `failures` requests.
    pub fn start(failures: usize) -> Receiver {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}/hooks", listener.local_addr().unwrap());
        let hooks = Arc::new(Mutex::new(Vec::new()));
        let (stop, stopped) = oneshot::channel();
        let shared = hooks.clone();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(serve(listener, shared, failures, stopped));
        });
        Receiver {
            url,
            hooks,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// Everything received so far.
    pub fn hooks(&self) -> Vec<Hook> {
        self.hooks.lock().unwrap().clone()
    }

    /// Waits (at most 10 s) until `count` webhooks were answered 200; returns all received.
    pub fn wait_delivered(&self, count: usize) -> Vec<Hook> {
        let started = Instant::now();
        loop {
            let hooks = self.hooks();
            if hooks.iter().filter(|h| h.answered == 200).count() >= count {
                return hooks;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "only {} webhooks arrived",
                hooks.len()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn serve(
    listener: std::net::TcpListener,
    hooks: Arc<Mutex<Vec<Hook>>>,
    failures: usize,
    mut stopped: oneshot::Receiver<()>,
) {
    let listener = tokio::net::TcpListener::from_std(listener).unwrap();
    let seen = Arc::new(AtomicUsize::new(0));
    loop {
        tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let (hooks, seen) = (hooks.clone(), seen.clone());
                let service = service_fn(move |request: Request<hyper::body::Incoming>| {
                    let (hooks, seen) = (hooks.clone(), seen.clone());
                    async move {
                        let signature = request
                            .headers()
                            .get("x-partner-sign")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("")
                            .to_string();
                        let body = request.into_body().collect().await?.to_bytes().to_vec();
                        let answered = if seen.fetch_add(1, Ordering::SeqCst) < failures { 500 } else { 200 };
                        hooks.lock().unwrap().push(Hook { signature, body, answered });
                        let mut response = Response::new(Full::new(Bytes::from_static(b"ok")));
                        *response.status_mut() = hyper::StatusCode::from_u16(answered).unwrap();
                        Ok::<_, hyper::Error>(response)
                    }
                });
                tokio::spawn(async move {
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
                });
            }
        }
    }
}
