//! The table: per-call figures, signing (also sgpay.dll's under Wine), library sizes,
//! threads, memory, and the targets met or missed.

use std::fmt::Write;

use crate::contenders::{CONTENDERS, Contender, FREE_SCHEDULING, Role};
use crate::memory::{self, MemoryReport};
use crate::placement::Placement;
use crate::runner::{Measurements, Plan};
use crate::stats::Summary;
use crate::targets;
use crate::workload::{Auth, Op};

/// Everything measured in one run.
pub struct Results {
    /// Machine and tool lines.
    pub machine: Vec<String>,
    /// Calls per run.
    pub plan: Plan,
    /// Where the per-call table's sandboxes and clients ran.
    pub placement: Placement,
    /// Per-call durations.
    pub measurements: Measurements,
    /// The main HMAC rows again, with free scheduling.
    pub free_scheduling: Measurements,
    /// Instructions per call under callgrind, sgpay's C ABI and the libcurl peer.
    pub instructions: Result<Vec<crate::instructions::Count>, String>,
    /// sgpay signer and `openssl speed`, signatures per second.
    pub signing: (Result<f64, String>, Result<f64, String>),
    /// What RSA adds to a C ABI call of sgpay.dll under Wine, per architecture.
    pub wine_signing: crate::wine_signing::Rates,
    /// Stripped sizes of `libsgpay.so` and both DLLs.
    pub sizes: Vec<crate::sizes::Size>,
    /// Calls per second by thread count.
    pub threads: Result<Vec<(usize, f64)>, String>,
    /// Resident memory of the C program.
    pub memory: Result<MemoryReport, String>,
    /// The crash-safe journal's cost and size.
    pub journal: crate::journal::JournalReport,
    /// Wall time of the whole run, seconds.
    pub elapsed_s: f64,
}

impl Results {
    /// The summary of one row of the per-call table, when it was measured.
    pub fn summary(&self, auth: Auth, op: Op, key: &str) -> Option<Summary> {
        self.measurements.summary(auth, op, key)
    }
}

/// The whole report as Markdown.
pub fn render(results: &Results) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# sgpay benchmarks\n");
    for line in &results.machine {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(
        out,
        "- loopback, keep-alive, one sandbox per signing mode (`--processing-delay-ms 0`), reset \
         before every run; {}; {} interleaved rounds of {} + {} warm-up calls (HMAC) and {} + \
         {} (RSA) per client; whole run {:.0} s\n",
        results.placement.describe(),
        results.plan.rounds,
        results.plan.hmac.1,
        results.plan.hmac.0,
        results.plan.rsa.1,
        results.plan.rsa.0,
        results.elapsed_s
    );
    per_call_table(&mut out, results);
    free_scheduling_table(&mut out, results);
    crate::instructions::render(&mut out, &results.instructions);
    signing_table(&mut out, results);
    crate::wine_signing::render(&mut out, &results.wine_signing);
    crate::sizes::render(&mut out, &results.sizes);
    threads_table(&mut out, results);
    memory_table(&mut out, results);
    crate::journal::render(&mut out, &results.journal);
    targets::write(&mut out, results);
    out
}

fn per_call_table(out: &mut String, results: &Results) {
    let _ = writeln!(out, "## Per call, one client, sequential calls\n");
    let all = |_: &Contender| true;
    per_call_rows(out, &results.measurements, &[Auth::Hmac, Auth::Rsa], all);
    let _ = writeln!(
        out,
        "\nsgpay/peer below 1 means sgpay is faster. Floor: the same request bytes, signed before \
         the clock starts, over a raw socket; \"over floor\" is what the client adds per call \
         (signing included). Each client makes its own sessions untimed; `session/start/payment` \
         goes to a fresh session with a fresh idempotency key each call.\n"
    );
}

/// The HMAC rows of [`FREE_SCHEDULING`], measured with the sandbox and the clients left to
/// the scheduler.
fn free_scheduling_table(out: &mut String, results: &Results) {
    let _ = writeln!(out, "## The main HMAC rows with free scheduling\n");
    let chosen = |c: &Contender| FREE_SCHEDULING.contains(&c.key);
    per_call_rows(out, &results.free_scheduling, &[Auth::Hmac], chosen);
    let _ = writeln!(
        out,
        "\nThe same runs as the table above, with the sandbox and each client placed by the \
         scheduler instead of sharing one CPU. A request and its reply then often wake a \
         sleeping CPU, which on this virtual machine costs tens of µs, varies from run to run, \
         and grows the longer the CPU slept: the floor and every \"over floor\" move with it \
         (bench/src/placement.rs).\n"
    );
}

/// The per-call table's head and its rows: every case of `auths`, the contenders `chosen`.
fn per_call_rows(
    out: &mut String,
    measured: &Measurements,
    auths: &[Auth],
    chosen: impl Fn(&Contender) -> bool,
) {
    let _ = writeln!(
        out,
        "| signing | call | client | median µs | p99 µs | calls/s | over floor µs | sgpay/peer (median) |"
    );
    let _ = writeln!(out, "|---|---|---|---:|---:|---:|---:|---:|");
    for &auth in auths {
        for op in [Op::Status, Op::Start] {
            let floor = measured.summary(auth, op, "floor");
            for contender in CONTENDERS.iter().filter(|c| chosen(c)) {
                let row = per_call_row(measured, (auth, op), contender, floor);
                let (signing, call, client) = (auth_label(auth), op.path(), contender.label);
                let _ = writeln!(out, "| {signing} | {call} | {client} | {row} |");
            }
        }
    }
}

fn per_call_row(
    measurements: &Measurements,
    (auth, op): (Auth, Op),
    contender: &Contender,
    floor: Option<Summary>,
) -> String {
    let Some(summary) = measurements.summary(auth, op, contender.key) else {
        let why = measurements
            .failure(auth, op, contender.key)
            .unwrap_or("not measured");
        return format!("failed: {} | | | | ", why.replace('|', "/"));
    };
    let over_floor = match (contender.role, floor) {
        (Role::Floor, _) | (_, None) => "".to_owned(),
        (_, Some(floor)) => format!("{:+.1}", summary.median_us - floor.median_us),
    };
    let ratio = contender
        .peer
        .and_then(|peer| measurements.summary(auth, op, peer))
        .map(|peer| format!("{:.2}", summary.median_us / peer.median_us))
        .unwrap_or_default();
    format!(
        "{:.1} | {:.1} | {:.0} | {over_floor} | {ratio}",
        summary.median_us, summary.p99_us, summary.calls_per_s
    )
}

/// `HMAC` or `RSA-2048`.
pub fn auth_label(auth: Auth) -> &'static str {
    match auth {
        Auth::Hmac => "HMAC",
        Auth::Rsa => "RSA-2048",
    }
}

fn signing_table(out: &mut String, results: &Results) {
    let _ = writeln!(out, "## RSA-2048 signatures per second, one thread\n");
    let _ = writeln!(out, "| signer | signatures/s |\n|---|---:|");
    let (sgpay, openssl) = &results.signing;
    let _ = writeln!(
        out,
        "| sgpay::internals::signing::Signer (aws-lc-rs), over a start/payment body | {} |",
        figure(sgpay)
    );
    let _ = writeln!(
        out,
        "| `openssl speed -seconds 3 rsa2048` (sign/s) | {} |\n",
        figure(openssl)
    );
}

fn figure(value: &Result<f64, String>) -> String {
    match value {
        Ok(v) => format!("{v:.0}"),
        Err(e) => format!("failed: {e}"),
    }
}

/// Writes a section: its heading, then its table, or why it could not be measured.
pub fn section<T>(
    out: &mut String,
    heading: &str,
    measured: &Result<T, String>,
    table: impl FnOnce(&mut String, &T),
) {
    let _ = writeln!(out, "## {heading}\n");
    match measured {
        Ok(value) => table(out, value),
        Err(e) => {
            let _ = writeln!(out, "failed: {e}\n");
        }
    }
}

fn threads_table(out: &mut String, results: &Results) {
    let heading = "Threads sharing one client (Rust API, HMAC session/status)";
    section(out, heading, &results.threads, |out, rows| {
        let _ = writeln!(out, "| threads | calls/s | vs 1 thread |\n|---:|---:|---:|");
        let single = rows.first().map_or(1.0, |r| r.1);
        for (threads, rate) in rows {
            let _ = writeln!(out, "| {threads} | {rate:.0} | {:.2}× |", rate / single);
        }
        let _ = writeln!(out, "\nThe sandbox shares the same cores.\n");
    });
}

fn memory_table(out: &mut String, results: &Results) {
    let heading = "Memory of a C program, HMAC session/status through the C ABI";
    section(out, heading, &results.memory, |out, m| {
        let _ = writeln!(out, "| reading | kB |\n|---|---:|");
        let readings = [
            (memory::EARLY_CALLS, m.rss_early_kb),
            (memory::TOTAL_CALLS, m.rss_end_kb),
        ];
        for (calls, kb) in readings {
            let _ = writeln!(out, "| VmRSS after {calls} calls | {kb} |");
        }
        let _ = writeln!(out, "| growth between the two | {:+} |", m.growth_kb());
        let _ = writeln!(out, "| peak (VmHWM) | {} |\n", m.peak_kb);
    });
}
