//! Webhook delivery: one ordered queue per session, resent with backoff until answered 200.

use std::collections::HashMap;
use std::io;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::{Request, Uri};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tokio::runtime::Handle;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

use crate::locked::Locked;
use crate::stats::{Event, Stats};
use crate::webhook_key::WebhookKey;

/// First wait before a resend.
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
/// Longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(10);
/// An event not delivered after this long is dropped.
const GIVE_UP_AFTER: Duration = Duration::from_secs(30 * 60);
/// Time allowed for one attempt.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);
/// A session's queue with nothing to send for this long is dropped (a later event makes
/// a new one), so queues do not pile up while the sandbox runs for days.
const IDLE_QUEUE: Duration = Duration::from_secs(1);

type Queues = Locked<HashMap<String, Queue>>;

/// What a delivery task needs.
struct Target {
    uri: Uri,
    key: Arc<WebhookKey>,
    client: Client<HttpConnector, Full<Bytes>>,
    stats: Arc<Stats>,
}

struct Queue {
    sender: mpsc::UnboundedSender<Bytes>,
    task: AbortHandle,
}

/// Sends webhook events to the partner's URL, if one is configured.
pub struct Webhooks {
    target: Option<Arc<Target>>,
    queues: Arc<Queues>,
    runtime: Handle,
}

/// Checks a webhook URL: `http://` with a host.
pub fn parse_url(url: &str) -> io::Result<Uri> {
    let uri: Uri = url
        .parse()
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "webhook_url is not a URL"))?;
    if uri.scheme_str() != Some("http") || uri.host().is_none() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "webhook_url must be an http:// URL with a host",
        ));
    }
    Ok(uri)
}

impl Webhooks {
    /// A sender for `uri` (none when `None`), spawning its tasks on `runtime`.
    pub fn new(uri: Option<Uri>, key: Arc<WebhookKey>, stats: Arc<Stats>, runtime: Handle) -> Self {
        let target = uri.map(|uri| {
            let client = Client::builder(TokioExecutor::new()).build_http();
            Arc::new(Target {
                uri,
                key,
                client,
                stats,
            })
        });
        Webhooks {
            target,
            queues: Arc::new(Locked::default()),
            runtime,
        }
    }

    /// Queues one event of a session; events of one session are sent in order.
    pub fn enqueue(&self, session_id: &str, body: Vec<u8>) {
        let Some(target) = &self.target else {
            return;
        };
        let mut queues = self.queues.lock();
        let queue = queues.entry(session_id.to_string()).or_insert_with(|| {
            let (sender, receiver) = mpsc::unbounded_channel();
            let queues = Arc::downgrade(&self.queues);
            let task = self.runtime.spawn(run_queue(
                target.clone(),
                receiver,
                session_id.to_string(),
                queues,
            ));
            Queue {
                sender,
                task: task.abort_handle(),
            }
        });
        let _ = queue.sender.send(Bytes::from(body));
    }

    /// Drops every queued event and stops every delivery.
    pub fn clear(&self) {
        let mut queues = self.queues.lock();
        for (_, queue) in queues.drain() {
            queue.task.abort();
        }
    }

    /// Number of sessions with events being delivered.
    pub fn queues(&self) -> usize {
        self.queues.lock().len()
    }
}

async fn run_queue(
    target: Arc<Target>,
    mut receiver: mpsc::UnboundedReceiver<Bytes>,
    session_id: String,
    queues: Weak<Queues>,
) {
    loop {
        let body = match tokio::time::timeout(IDLE_QUEUE, receiver.recv()).await {
            Ok(Some(body)) => body,
            Ok(None) => return,
            Err(_) => match take_or_retire(&mut receiver, &session_id, &queues) {
                Some(body) => body,
                None => return,
            },
        };
        deliver(&target, body).await;
    }
}

/// Under the queues' lock (so no event can slip in meanwhile): the next event if one came,
/// else the queue is removed.
fn take_or_retire(
    receiver: &mut mpsc::UnboundedReceiver<Bytes>,
    session_id: &str,
    queues: &Weak<Queues>,
) -> Option<Bytes> {
    let queues = queues.upgrade()?;
    let mut queues = queues.lock();
    match receiver.try_recv() {
        Ok(body) => Some(body),
        Err(_) => {
            queues.remove(session_id);
            None
        }
    }
}

async fn deliver(target: &Target, body: Bytes) {
    let signature = target.key.sign(&body);
    let started = Instant::now();
    let mut wait = FIRST_BACKOFF;
    loop {
        target.stats.count(Event::WebhookAttempt);
        if attempt(target, &body, &signature).await {
            target.stats.count(Event::WebhookDelivered);
            return;
        }
        if started.elapsed() + wait > GIVE_UP_AFTER {
            return;
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(MAX_BACKOFF);
    }
}

async fn attempt(target: &Target, body: &Bytes, signature: &str) -> bool {
    let request = Request::post(target.uri.clone())
        .header("content-type", "application/json")
        .header("x-partner-sign", signature)
        .body(Full::new(body.clone()));
    let Ok(request) = request else {
        return false;
    };
    let exchange = async {
        let response = target.client.request(request).await.ok()?;
        let ok = response.status() == hyper::StatusCode::OK;
        Limited::new(response.into_body(), 64 * 1024)
            .collect()
            .await
            .ok()?;
        Some(ok)
    };
    matches!(
        tokio::time::timeout(ATTEMPT_TIMEOUT, exchange).await,
        Ok(Some(true))
    )
}
