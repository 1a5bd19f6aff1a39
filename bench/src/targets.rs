//! The targets of the benchmark issue, each reported as met or missed with its figures.

use std::fmt::Write;

use crate::memory::{self, MemoryReport};
use crate::report::{Results, auth_label};
use crate::workload::{Auth, Op};

/// Growth of the resident set between 10 000 and 100 000 calls still counted as none:
/// less than 3 bytes a call, where leaking one allocation a call would cost 16 or more.
pub const GROWTH_LIMIT_KB: i64 = 256;

/// Writes one met/missed line per target and case.
pub fn write(out: &mut String, results: &Results) {
    let _ = writeln!(out, "## Targets (measured, never asserted)\n");
    for auth in [Auth::Hmac, Auth::Rsa] {
        for op in [Op::Status, Op::Start] {
            python_target(out, results, auth, op);
        }
    }
    for auth in [Auth::Hmac, Auth::Rsa] {
        for op in [Op::Status, Op::Start] {
            c_target(out, results, auth, op);
        }
    }
    for op in [Op::Status, Op::Start] {
        for key in ["c-sgpay", "rust"] {
            floor_target(out, results, op, key);
        }
    }
    rsa_target(out, &results.signing);
    memory_target(out, &results.memory);
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}

fn compare(results: &Results, auth: Auth, op: Op, ours: &str, theirs: &str) -> Option<(f64, f64)> {
    let ours = results.summary(auth, op, ours)?;
    let theirs = results.summary(auth, op, theirs)?;
    Some((ours.median_us, theirs.median_us))
}

fn case(auth: Auth, op: Op) -> String {
    format!("{} {}", auth_label(auth), op.path())
}

fn python_target(out: &mut String, results: &Results, auth: Auth, op: Op) {
    let line = match compare(results, auth, op, "py-sgpay", "py-requests") {
        Some((ours, theirs)) => {
            let speedup = theirs / ours;
            format!(
                "{}: Python sgpay {ours:.1} µs vs requests {theirs:.1} µs, {speedup:.2}× faster (target ≥ 3×)",
                verdict(speedup >= 3.0)
            )
        }
        None => "not measured: Python sgpay vs requests".to_owned(),
    };
    let _ = writeln!(out, "- {line} [{}]", case(auth, op));
}

fn c_target(out: &mut String, results: &Results, auth: Auth, op: Op) {
    let line = match compare(results, auth, op, "c-sgpay", "c-curl") {
        Some((ours, theirs)) => {
            let ratio = ours / theirs;
            format!(
                "{}: C sgpay {ours:.1} µs vs libcurl + OpenSSL {theirs:.1} µs, ratio {ratio:.2} (target ≤ 1.2)",
                verdict(ratio <= 1.2)
            )
        }
        None => "not measured: C sgpay vs libcurl".to_owned(),
    };
    let _ = writeln!(out, "- {line} [{}]", case(auth, op));
}

fn floor_target(out: &mut String, results: &Results, op: Op, key: &str) {
    let name = if key == "rust" { "Rust API" } else { "C ABI" };
    let line = match compare(results, Auth::Hmac, op, key, "floor") {
        Some((ours, floor)) => {
            let cost = ours - floor;
            format!(
                "{}: {name} cost over the raw floor {cost:.1} µs ({ours:.1} − {floor:.1}) (target < 30 µs)",
                verdict(cost < 30.0)
            )
        }
        None => format!("not measured: {name} over the floor"),
    };
    let _ = writeln!(out, "- {line} [{}]", case(Auth::Hmac, op));
}

fn rsa_target(out: &mut String, signing: &(Result<f64, String>, Result<f64, String>)) {
    let line = match signing {
        (Ok(ours), Ok(openssl)) => {
            let ratio = openssl / ours;
            format!(
                "{}: RSA-2048 signing {ours:.0}/s vs OpenSSL {openssl:.0}/s, OpenSSL is {ratio:.2}× faster (target ≤ 1.5×)",
                verdict(ratio <= 1.5)
            )
        }
        _ => "not measured: RSA signing".to_owned(),
    };
    let _ = writeln!(out, "- {line}");
}

fn memory_target(out: &mut String, memory: &Result<MemoryReport, String>) {
    let line = match memory {
        Ok(m) => format!(
            "{}: resident memory grew {:+} kB between {} and {} calls (target: none; counted as none below {GROWTH_LIMIT_KB} kB)",
            verdict(m.growth_kb() < GROWTH_LIMIT_KB),
            m.growth_kb(),
            memory::EARLY_CALLS,
            memory::TOTAL_CALLS
        ),
        Err(_) => "not measured: memory growth".to_owned(),
    };
    let _ = writeln!(out, "- {line}");
}
