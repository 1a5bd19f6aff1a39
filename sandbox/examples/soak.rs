//! Measures the resident memory of the `sgpay-sandbox` binary, run with its default bounds,
//! while it serves many sessions: each is created with card, amount, customer and
//! metadata under an idempotency key, then cancelled (finished).
//!
//! `cargo build --release -p sgpay-sandbox && cargo run --release -p sgpay-sandbox
//! --example soak -- [SESSIONS] [THREADS] [extra sandbox flags...]`

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use aws_lc_rs::hmac;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

const SECRET: &str = "soak-secret";
const REPORT_EVERY: usize = 100_000;

fn main() {
    let mut args = std::env::args().skip(1);
    let sessions: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let threads: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2);
    let extra: Vec<String> = args.collect();
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| Some(p.parent()?.parent()?.join("sgpay-sandbox")))
        .expect("target directory");
    let mut child = Command::new(&binary)
        .args(["--hmac-secret", SECRET])
        .args(&extra)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", binary.display()));
    let url = first_line_url(&mut child);
    let pid = child.id();
    println!(
        "sandbox pid {pid} at {url}, flags {extra:?}, idle: {} KiB",
        resident_kib(pid)
    );
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (next, url) = (next.clone(), url.clone());
            std::thread::spawn(move || drive(&url, &next, sessions, pid, started))
        })
        .collect();
    for worker in workers {
        worker.join().expect("worker");
    }
    let stats: serde_json::Value = ureq::get(format!("{url}/_sandbox/stats"))
        .call()
        .and_then(|r| r.into_body().read_to_string())
        .map(|text| serde_json::from_str(&text).unwrap_or_default())
        .expect("stats");
    println!(
        "done: {sessions} sessions in {:.0} s; resident {} KiB, peak {} KiB; held {}",
        started.elapsed().as_secs_f64(),
        resident_kib(pid),
        status_kib(pid, "VmHWM:"),
        stats["held"]
    );
    let _ = child.kill();
    let _ = child.wait();
}

fn first_line_url(child: &mut Child) -> String {
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("first line");
    line.trim_end()
        .strip_prefix("sgpay-sandbox listening on ")
        .expect("listening line")
        .to_string()
}

fn drive(url: &str, next: &AtomicUsize, sessions: usize, pid: u32, started: Instant) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    loop {
        let n = next.fetch_add(1, Ordering::Relaxed);
        if n >= sessions {
            return;
        }
        let create = format!(
            r#"{{"payment_details":{{"type":"card","card":{{"type":"bank_card","bank_card":{{"number":"4242424242424242","expiration_month":"12","expiration_year":"39","security_code":"123"}}}}}},"amount_details":{{"amount":{},"currency":"rub"}},"customer":{{"reference":"customer-{n}"}},"metadata":{{"order":"soak-{n}"}}}}"#,
            100 + n % 1000
        );
        let reply = post(
            &agent,
            url,
            "session/create",
            &create,
            Some(&format!("soak-{n}")),
        );
        let id = reply["session"]["id"]
            .as_str()
            .expect("session id")
            .to_string();
        post(
            &agent,
            url,
            "session/cancel",
            &format!(r#"{{"session_id":"{id}"}}"#),
            None,
        );
        if (n + 1) % REPORT_EVERY == 0 {
            println!(
                "{:>8} sessions, {:>4.0} s: resident {} KiB",
                n + 1,
                started.elapsed().as_secs_f64(),
                resident_kib(pid)
            );
        }
    }
}

fn post(
    agent: &ureq::Agent,
    url: &str,
    op: &str,
    body: &str,
    key: Option<&str>,
) -> serde_json::Value {
    let secret = hmac::Key::new(hmac::HMAC_SHA256, SECRET.as_bytes());
    let signature = hmac::sign(&secret, body.as_bytes());
    let mut request = agent
        .post(format!("{url}/api/v1/{op}"))
        .header("X-PARTNER-PROJECT", "test-project")
        .header("X-PARTNER-SIGN", STANDARD.encode(signature))
        .header("Content-Type", "application/json");
    if let Some(key) = key {
        request = request.header("X-PARTNER-IDEMPOTENCY-KEY", key);
    }
    let text = request
        .send(body.as_bytes())
        .and_then(|r| r.into_body().read_to_string())
        .unwrap_or_else(|e| panic!("{op}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{op}: {e}: {text}"))
}

fn resident_kib(pid: u32) -> u64 {
    status_kib(pid, "VmRSS:")
}

fn status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
