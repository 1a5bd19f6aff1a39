//! The targets of the benchmark issue, each reported as met or missed with its figures.

use std::fmt::Write;

use crate::instructions::{self, Count};
use crate::memory::{self, MemoryReport};
use crate::report::{Results, auth_label};
use crate::wine_signing;
use crate::workload::{Auth, Op};

/// Growth of the resident set between 10 000 and 100 000 calls still counted as none:
/// less than 3 bytes a call, where leaking one allocation a call would cost 16 or more.
pub const GROWTH_LIMIT_KB: i64 = 256;

/// Turns two medians in µs of one signing mode, ours and the other row's, into whether the
/// target is met and the figures that show it.
type Judge = fn(Auth, f64, f64) -> (bool, String);

/// The targets against a peer, on every case: our row and the peer's, what is compared,
/// and the judgement.
const PEER_TARGETS: [((&str, &str), &str, Judge); 2] = [
    (
        ("py-sgpay", "py-requests"),
        "Python sgpay vs requests",
        python_judge,
    ),
    (("c-sgpay", "c-curl"), "C sgpay vs libcurl", c_judge),
];

/// Writes one met/missed line per target and case.
pub fn write(out: &mut String, results: &Results) {
    let _ = writeln!(out, "## Targets (measured, never asserted)\n");
    for (rows, compared, judge) in PEER_TARGETS {
        for auth in [Auth::Hmac, Auth::Rsa] {
            for op in [Op::Status, Op::Start] {
                let judge = |ours, theirs| judge(auth, ours, theirs);
                comparison_target(out, results, (auth, op), rows, compared, judge);
            }
        }
    }
    for op in [Op::Status, Op::Start] {
        for key in ["c-sgpay", "rust"] {
            floor_target(out, results, op, key);
        }
        free_scheduling_note(out, results, op);
    }
    instructions_target(out, &results.instructions);
    rsa_target(out, &results.signing);
    wine_target(out, &results.wine_signing);
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

/// Writes the line of a target comparing two rows of one case, or says that `compared` was
/// not measured.
fn comparison_target(
    out: &mut String,
    results: &Results,
    (auth, op): (Auth, Op),
    (ours, theirs): (&str, &str),
    compared: &str,
    judge: impl FnOnce(f64, f64) -> (bool, String),
) {
    let line = match compare(results, auth, op, ours, theirs) {
        Some((ours, theirs)) => {
            let (met, figures) = judge(ours, theirs);
            format!("{}: {figures}", verdict(met))
        }
        None => format!("not measured: {compared}"),
    };
    let _ = writeln!(out, "- {line} [{}]", case(auth, op));
}

/// Python sgpay is to be at least 3× as fast as requests.
fn python_judge(_: Auth, ours: f64, theirs: f64) -> (bool, String) {
    let speedup = theirs / ours;
    let figures = format!(
        "Python sgpay {ours:.1} µs vs requests {theirs:.1} µs, {speedup:.2}× faster (target ≥ 3×)"
    );
    (speedup >= 3.0, figures)
}

/// C sgpay is to take at most 1.2 times as long as libcurl + OpenSSL with HMAC, and no
/// longer with RSA-2048, the live API's own mode.
fn c_judge(auth: Auth, ours: f64, theirs: f64) -> (bool, String) {
    let limit = match auth {
        Auth::Hmac => 1.2,
        Auth::Rsa => 1.0,
    };
    let ratio = ours / theirs;
    let figures = format!(
        "C sgpay {ours:.1} µs vs libcurl + OpenSSL {theirs:.1} µs, ratio {ratio:.2} (target ≤ {limit:.1})"
    );
    (ratio <= limit, figures)
}

fn floor_target(out: &mut String, results: &Results, op: Op, key: &str) {
    let name = if key == "rust" { "Rust API" } else { "C ABI" };
    let judge = |ours: f64, floor: f64| {
        let cost = ours - floor;
        let figures = format!(
            "{name} cost over the raw floor {cost:.1} µs ({ours:.1} − {floor:.1}) (target < 30 µs)"
        );
        (cost < 30.0, figures)
    };
    let compared = format!("{name} over the floor");
    let hmac_case = (Auth::Hmac, op);
    comparison_target(out, results, hmac_case, (key, "floor"), &compared, judge);
}

/// The same costs over the floor with free scheduling, shown beside the targets and not
/// judged: they measure this machine's CPU wake-ups as much as the client
/// (`crate::placement`).
fn free_scheduling_note(out: &mut String, results: &Results, op: Op) {
    let measured = &results.free_scheduling;
    let over_floor = |key: &str| {
        let floor = measured.summary(Auth::Hmac, op, "floor")?;
        Some(measured.summary(Auth::Hmac, op, key)?.median_us - floor.median_us)
    };
    if let (Some(c), Some(rust)) = (over_floor("c-sgpay"), over_floor("rust")) {
        let _ = writeln!(
            out,
            "  - with free scheduling, for comparison: C ABI {c:.1} µs, Rust API {rust:.1} µs \
             over the floor [{}]",
            case(Auth::Hmac, op)
        );
    }
}

/// sgpay's C ABI is to execute at most half the instructions per call of libcurl + OpenSSL.
pub fn instructions_target(out: &mut String, counts: &Result<Vec<Count>, String>) {
    let line = match instructions::pair(counts) {
        Some((ours, peer)) => {
            let ratio = ours / peer;
            format!(
                "{}: C sgpay {ours:.0} instructions per call vs libcurl + OpenSSL {peer:.0}, ratio \
                 {ratio:.3} (target ≤ {}) [HMAC session/status, callgrind]",
                verdict(ratio <= instructions::TARGET_RATIO),
                instructions::TARGET_RATIO
            )
        }
        None => "not measured: instructions per call under callgrind".to_owned(),
    };
    let _ = writeln!(out, "- {line}");
}

/// sgpay is to sign at least 0.9 times as many RSA-2048 signatures a second as
/// `openssl speed`.
fn rsa_target(out: &mut String, signing: &(Result<f64, String>, Result<f64, String>)) {
    let line = match signing {
        (Ok(ours), Ok(openssl)) => {
            let ratio = ours / openssl;
            format!(
                "{}: RSA-2048 signing {ours:.0}/s vs OpenSSL {openssl:.0}/s, {ratio:.2}× OpenSSL's rate (target ≥ 0.9×)",
                verdict(ratio >= 0.9)
            )
        }
        _ => "not measured: RSA signing".to_owned(),
    };
    let _ = writeln!(out, "- {line}");
}

/// sgpay.dll is to sign under Wine, on each architecture, no slower than the ring-era DLL.
fn wine_target(out: &mut String, rates: &wine_signing::Rates) {
    let measured = rates.as_ref().map(Vec::as_slice).unwrap_or_default();
    for (index, arch) in wine_signing::ARCHS.iter().enumerate() {
        let before = wine_signing::BEFORE[index];
        let line = match measured.get(index) {
            Some(Ok(rate)) => {
                let now = rate.signs_per_s();
                format!(
                    "{}: sgpay.dll {arch} under Wine signs {now:.0}/s vs {before:.0}/s at 8deefc9 \
                     (ring), {:.2}× (target ≥ 1.0×)",
                    verdict(now >= before),
                    now / before
                )
            }
            _ => format!("not measured: sgpay.dll {arch} under Wine"),
        };
        let _ = writeln!(out, "- {line}");
    }
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
