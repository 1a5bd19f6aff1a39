//! Calls per second of `session/status` (HMAC) from 1, 2 and 4 threads sharing one client.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sgpay::{CallOptions, Client};

use crate::rust_client;
use crate::workload::{self, Auth, ClientArgs, Op};

/// Thread counts measured.
pub const THREAD_COUNTS: [usize; 3] = [1, 2, 4];

/// Calls per second for each of [`THREAD_COUNTS`], each measured for `seconds`.
pub fn measure(
    base_url: &str,
    project: &str,
    secret: &str,
    seconds: f64,
) -> Result<Vec<(usize, f64)>, String> {
    let args = ClientArgs {
        base_url: base_url.to_owned(),
        project: project.to_owned(),
        auth: Auth::Hmac,
        credential: secret.to_owned(),
        op: Op::Status,
        warmup: 0,
        calls: 0,
    };
    let client = Client::from_json(&rust_client::config_json(&args)).map_err(|e| e.to_string())?;
    let id = rust_client::create_session(&client)?;
    let body = workload::status_body(&id);
    THREAD_COUNTS
        .iter()
        .map(|&threads| Ok((threads, calls_per_second(&client, &body, threads, seconds)?)))
        .collect()
}

/// Runs `threads` callers on one client: a short warm-up, then `seconds` counted.
fn calls_per_second(
    client: &Client,
    body: &str,
    threads: usize,
    seconds: f64,
) -> Result<f64, String> {
    let counting = AtomicBool::new(false);
    let stop = AtomicBool::new(false);
    let calls = AtomicU64::new(0);
    let failure = std::sync::Mutex::new(None);
    let elapsed = std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let options = CallOptions::default();
                while !stop.load(Ordering::Relaxed) {
                    if let Err(e) = client.call(Op::Status.path(), body, &options) {
                        *failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(e.to_string());
                        stop.store(true, Ordering::Relaxed);
                    } else if counting.load(Ordering::Relaxed) {
                        calls.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
        std::thread::sleep(Duration::from_millis(300));
        counting.store(true, Ordering::Relaxed);
        let started = Instant::now();
        std::thread::sleep(Duration::from_secs_f64(seconds));
        counting.store(false, Ordering::Relaxed);
        let elapsed = started.elapsed();
        stop.store(true, Ordering::Relaxed);
        elapsed
    });
    if let Some(error) = failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(error);
    }
    Ok(calls.load(Ordering::Relaxed) as f64 / elapsed.as_secs_f64())
}
