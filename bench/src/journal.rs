//! The crash-safe journal's cost: per `pay` and per single money-moving call, journal off,
//! on in an SQLite file (on this machine's disk, under cargo's target directory) and on in
//! a shared PostgreSQL journal (a throwaway cluster on loopback, the same as the tests
//! start), and the share of the library that SQLite, the journal and `pay` take.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::json;
use sgpay::PayOptions;
use sgpay::{CallOptions, Client};

use crate::fsyncs;
use crate::postgres;
use crate::stats::Summary;

/// Rounds, each measuring journal off then on, so that drift hits both alike.
const ROUNDS: usize = 5;

/// One measured operation: durations (ns) with the journal off and on.
#[derive(Default)]
pub struct Row {
    /// What was measured.
    pub label: &'static str,
    /// Journal off.
    pub off: Vec<u64>,
    /// Journal on, in an SQLite file.
    pub on: Vec<u64>,
    /// Journal on, in PostgreSQL.
    pub shared: Vec<u64>,
}

/// Where a measured client journals.
#[derive(Clone, Copy)]
enum Journal {
    Off,
    File,
    Shared,
}

/// The stripped library and what of it the journal brings.
pub struct LibrarySize {
    /// `strip -o` of `libsgpay.so`, bytes.
    pub stripped: u64,
    /// Sum of the symbol sizes of SQLite, rusqlite, `sgpay::journal` and `sgpay::pay`, bytes.
    pub journal_symbols: u64,
}

/// Everything this module measured.
pub struct JournalReport {
    /// Per-operation figures.
    pub rows: Result<Vec<Row>, String>,
    /// Library size.
    pub library: Result<LibrarySize, String>,
    /// fsync-class calls per `pay`, journal on.
    pub fsyncs_per_pay: Result<f64, String>,
}

/// Measures against an HMAC sandbox at `url`.
pub fn measure(root: &Path, url: &str, project: &str, secret: &str, scale: f64) -> JournalReport {
    let target = crate::contenders::target_dir(root);
    let journal_dir = target.join("bench-journal");
    let rows = measure_rows(&journal_dir, url, project, secret, scale);
    let fsyncs_per_pay = fsyncs::per_pay(&journal_dir, url, project, secret);
    let _ = std::fs::remove_dir_all(&journal_dir);
    JournalReport {
        rows,
        fsyncs_per_pay,
        library: library_size(&target.join("release/libsgpay.so")),
    }
}

fn measure_rows(
    dir: &Path,
    url: &str,
    project: &str,
    secret: &str,
    scale: f64,
) -> Result<Vec<Row>, String> {
    let scaled = |n: f64| ((n * scale).round() as usize).max(1);
    let mut pay = Row {
        label: "`pay` (create → start → status → confirm → status), HMAC",
        ..Row::default()
    };
    let mut create = Row {
        label: "one `session/create` call, HMAC",
        ..Row::default()
    };
    let cluster = postgres::Cluster::start();
    for round in 0..ROUNDS {
        for journal in [Journal::Off, Journal::File, Journal::Shared] {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let path = dir.join(format!("journal-{round}.db"));
            let mut config = json!({"base_url": url, "project": project, "hmac_secret": secret});
            let (pays, creates) = match journal {
                Journal::Off => (&mut pay.off, &mut create.off),
                Journal::File => {
                    config["journal_path"] = json!(path.display().to_string());
                    (&mut pay.on, &mut create.on)
                }
                Journal::Shared => {
                    config["journal_url"] = json!(cluster.url("disable"));
                    config["journal_schema"] = json!(format!("bench_{round}"));
                    (&mut pay.shared, &mut create.shared)
                }
            };
            let client = Client::from_json(&config.to_string()).map_err(|e| e.to_string())?;
            pays.extend(time_pays(&client, scaled(40.0))?);
            creates.extend(time_creates(&client, scaled(300.0))?);
        }
    }
    Ok(vec![pay, create])
}

pub fn client(
    url: &str,
    project: &str,
    secret: &str,
    journal: Option<&PathBuf>,
) -> Result<Client, String> {
    let mut config = json!({"base_url": url, "project": project, "hmac_secret": secret});
    if let Some(path) = journal {
        config["journal_path"] = json!(path.display().to_string());
    }
    Client::from_json(&config.to_string()).map_err(|e| e.to_string())
}

pub fn time_pays(client: &Client, count: usize) -> Result<Vec<u64>, String> {
    let request = json!({
        "amount_details": {"amount": 10000, "currency": "rub"},
        "payment_details": {"type": "card", "card": {"type": "bank_card", "bank_card": {
            "number": "4242424242424242", "expiration_month": "12", "expiration_year": "30",
            "security_code": "123"}}},
        "customer": {"reference": "bench"},
    })
    .to_string();
    let options = PayOptions {
        poll_interval_ms: Some(1),
        ..Default::default()
    };
    (0..count)
        .map(|_| {
            let started = Instant::now();
            let reply = client.pay(&request, &options).map_err(|e| e.to_string())?;
            let elapsed = started.elapsed().as_nanos() as u64;
            if !reply.contains("\"outcome\":\"succeeded\"") {
                return Err(format!("pay did not succeed: {reply}"));
            }
            Ok(elapsed)
        })
        .collect()
}

fn time_creates(client: &Client, count: usize) -> Result<Vec<u64>, String> {
    (0..count)
        .map(|_| {
            let started = Instant::now();
            client
                .call("session/create", "{}", &CallOptions::default())
                .map_err(|e| e.to_string())?;
            Ok(started.elapsed().as_nanos() as u64)
        })
        .collect()
}

fn library_size(library: &Path) -> Result<LibrarySize, String> {
    let stripped_path = std::env::temp_dir().join(format!("sgpay-bench-{}.so", std::process::id()));
    let strip = Command::new("strip")
        .arg("-o")
        .arg(&stripped_path)
        .arg(library)
        .status()
        .map_err(|e| format!("strip: {e}"))?;
    let stripped = std::fs::metadata(&stripped_path).map(|m| m.len());
    let _ = std::fs::remove_file(&stripped_path);
    if !strip.success() {
        return Err(format!("strip failed on {}", library.display()));
    }
    let symbols = Command::new("nm")
        .args(["-S", "-C", "--size-sort"])
        .arg(library)
        .output()
        .map_err(|e| format!("nm: {e}"))?;
    let journal_symbols = String::from_utf8_lossy(&symbols.stdout)
        .lines()
        .filter_map(|line| {
            let mut parts = line.splitn(4, ' ');
            let (_, size, _, name) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
            let ours = name.to_ascii_lowercase().contains("sqlite")
                || name.contains("sgpay::journal")
                || name.contains("sgpay::pay");
            ours.then(|| u64::from_str_radix(size, 16).ok()).flatten()
        })
        .sum();
    Ok(LibrarySize {
        stripped: stripped.map_err(|e| e.to_string())?,
        journal_symbols,
    })
}

/// The section of the report.
pub fn render(out: &mut String, report: &JournalReport) {
    let _ = writeln!(
        out,
        "## Crash-safe journal: cost per call, journal off vs on\n"
    );
    let _ = writeln!(
        out,
        "Journal file in `bench-journal/` under cargo's target directory (this machine's \
         disk; WAL, `synchronous=NORMAL` with one `FULL` commit per sale); the shared journal \
         in a PostgreSQL cluster on loopback (`synchronous_commit` on for the one durable \
         commit per sale, off for the rest, fsync on); {ROUNDS} interleaved rounds: off, \
         file, PostgreSQL.\n"
    );
    match &report.rows {
        Ok(rows) => {
            let _ = writeln!(
                out,
                "| measured | calls | off median µs | SQLite median µs | SQLite p99 µs | SQLite added µs | PostgreSQL median µs | PostgreSQL p99 µs | PostgreSQL added µs |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|"
            );
            for row in rows {
                let summaries = (
                    Summary::of(&row.off),
                    Summary::of(&row.on),
                    Summary::of(&row.shared),
                );
                if let (Some(off), Some(on), Some(shared)) = summaries {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {:.1} | {:.1} | {:.1} | {:+.1} | {:.1} | {:.1} | {:+.1} |",
                        row.label,
                        row.on.len(),
                        off.median_us,
                        on.median_us,
                        on.p99_us,
                        on.median_us - off.median_us,
                        shared.median_us,
                        shared.p99_us,
                        shared.median_us - off.median_us
                    );
                }
            }
        }
        Err(e) => {
            let _ = writeln!(out, "failed: {e}");
        }
    }
    measured(out, &report.fsyncs_per_pay, "fsyncs per `pay`", |per_pay| {
        format!(
            "fsync-class calls per `pay`, journal on: **{per_pay:.2}** (`strace -f -c -e \
             trace=fsync,fdatasync,sync_file_range,msync` over {} sales in one client, less \
             the opening).",
            fsyncs::SALES
        )
    });
    measured(out, &report.library, "Library size", |size| {
        format!(
            "Library: `libsgpay.so` stripped {} kB, of which SQLite, rusqlite, the journal \
             and `pay` take about {} kB (sum of their symbol sizes).\n",
            size.stripped / 1024,
            size.journal_symbols / 1024
        )
    });
}

/// Writes a paragraph with the figure, or saying that its measurement failed.
fn measured<T>(
    out: &mut String,
    figure: &Result<T, String>,
    name: &str,
    paragraph: impl FnOnce(&T) -> String,
) {
    let _ = match figure {
        Ok(value) => writeln!(out, "\n{}", paragraph(value)),
        Err(e) => writeln!(out, "\n{name}: failed: {e}"),
    };
}
