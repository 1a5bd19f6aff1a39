//! RSA-2048 signatures per second: sgpay's signer against `openssl speed rsa2048`.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::floor;
use crate::workload::{self, Auth};

/// Signatures per second of `sgpay::internals::signing::Signer` over a `session/start/payment` body,
/// one thread, for about `seconds`.
pub fn sgpay_signs_per_s(key_path: &str, seconds: f64) -> Result<f64, String> {
    let signer = floor::signer(Auth::Rsa, key_path)?;
    let body = workload::start_body("ps_0123456789abcdef");
    for _ in 0..20 {
        signer.sign(body.as_bytes()).map_err(|e| e.to_string())?;
    }
    let budget = Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let mut signatures = 0u64;
    while started.elapsed() < budget {
        for _ in 0..10 {
            signer.sign(body.as_bytes()).map_err(|e| e.to_string())?;
        }
        signatures += 10;
    }
    Ok(signatures as f64 / started.elapsed().as_secs_f64())
}

/// `sign/s` of `openssl speed -seconds N rsa2048` (one process, one thread).
pub fn openssl_signs_per_s(seconds: u32) -> Result<f64, String> {
    let output = Command::new("openssl")
        .args(["speed", "-seconds", &seconds.to_string(), "rsa2048"])
        .output()
        .map_err(|e| format!("cannot run openssl: {e}"))?;
    if !output.status.success() {
        return Err(format!("openssl speed failed: {}", output.status));
    }
    parse_openssl_speed(&String::from_utf8_lossy(&output.stdout))
}

/// Reads `rsa 2048 bits 0.000194s 0.000017s   5150.0  57337.5` (sign/s is the third number).
fn parse_openssl_speed(text: &str) -> Result<f64, String> {
    text.lines()
        .find_map(|line| line.trim().strip_prefix("rsa 2048 bits"))
        .and_then(|rest| rest.split_whitespace().nth(2))
        .and_then(|number| number.parse().ok())
        .ok_or_else(|| "no 'rsa 2048 bits' line in the output of openssl speed".into())
}
