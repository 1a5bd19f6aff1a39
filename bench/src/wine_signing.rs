//! RSA-2048 signatures per second of sgpay.dll under Wine, x64 and x86, through the C ABI.
//!
//! `bench/build/wine/ARCH/sgpay_client.exe` (`c/sgpay_client.c`, built with MinGW)
//! runs under Wine next to a copy of the DLL measured and calls `session/status` through `sgpay_call`
//! against the native sandboxes on 127.0.0.1, once signing with RSA and once with HMAC, in
//! [`ROUNDS`] interleaved rounds. What RSA adds to a call is the median call of the fastest
//! RSA run minus that of the fastest HMAC run; signatures per second is one second over that:
//! N / (time of N RSA calls − time of N HMAC calls), with medians standing for the times and
//! the fastest of the rounds kept, so that other work on a shared machine weighs less (now
//! and then a whole HMAC run under Wine is three times as slow). sgpay checks no signature on
//! replies, so the difference is the DLL signing each request (the SHA-256 included) plus the
//! native sandbox checking an RSA signature instead of an HMAC (a few tens of µs at most, the
//! same in both columns).

use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::contenders::Paths;
use crate::sandbox::{self, SandboxProcess};
use crate::stats::Summary;
use crate::wine::Wine;
use crate::workload::Auth;

/// The architectures, as `tools/windows/build` names them.
pub const ARCHS: [&str; 2] = ["x64", "x86"];
/// Untimed calls before the timed ones, in every run.
pub const WARMUP: usize = 20;
/// Timed calls of each run.
pub const CALLS: usize = 300;
/// Interleaved rounds of one HMAC and one RSA run per architecture.
pub const ROUNDS: usize = 7;
/// Signatures per second of sgpay.dll at commit 8deefc9 (ring, the last before aws-lc-rs),
/// x64 then x86, by this same measurement on the machine of `results.md` (AMD EPYC, nproc 2,
/// Debian 12, Wine 8.0, rustc 1.96.0 and MinGW GCC 12 for the DLLs), 2026-12-06: its DLLs
/// built once by its own `tools/windows/build` (in a worktree, `SGPAY_WINDOWS_CACHE` apart)
/// and measured by `SGPAY_BENCH_WINDOWS_DIR=<its target/windows> sgpay-bench windows` three
/// times, each followed by a run of today's DLLs (x64 1636, 1627, 1641; x86 289, 290, 288;
/// today's x64 3854, 3427, 3626; x86 299, 296, 258): the median of each.
pub const BEFORE: [f64; 2] = [1636.0, 289.0];

/// What RSA adds to a call on one architecture.
pub struct Rate {
    /// Median HMAC `session/status` call of the fastest HMAC run, µs.
    pub hmac_us: f64,
    /// Median RSA `session/status` call of the fastest RSA run, µs.
    pub rsa_us: f64,
}

impl Rate {
    /// Signatures per second: one second over what RSA adds to a call.
    pub fn signs_per_s(&self) -> f64 {
        1e6 / (self.rsa_us - self.hmac_us)
    }
}

/// One result per architecture, in [`ARCHS`] order, or why Wine could not run at all.
pub type Rates = Result<Vec<Result<Rate, String>>, String>;

/// The sandboxes of both signing modes.
pub struct Sandboxes<'a> {
    /// Checks HMAC signatures with [`sandbox::HMAC_SECRET`].
    pub hmac: &'a SandboxProcess,
    /// Checks RSA signatures with `tests/fixtures/partner_pub.pem`.
    pub rsa: &'a SandboxProcess,
}

/// Measures both architectures.
pub fn measure(paths: &Paths, sandboxes: &Sandboxes) -> Rates {
    let wine = Wine::prepare(paths)?;
    Ok(ARCHS
        .iter()
        .map(|arch| measure_arch(paths, &wine, sandboxes, arch))
        .collect())
}

/// `SGPAY_BENCH_WINDOWS_DIR` (relative to the root when relative), else `target/windows`:
/// where `tools/windows/build` leaves `ARCH/sgpay.dll`.
pub fn windows_dir(root: &Path) -> PathBuf {
    std::env::var_os("SGPAY_BENCH_WINDOWS_DIR")
        .map_or_else(|| root.join("target/windows"), |dir| root.join(dir))
}

fn measure_arch(
    paths: &Paths,
    wine: &Wine,
    sandboxes: &Sandboxes,
    arch: &str,
) -> Result<Rate, String> {
    let exe = stage(paths, arch)?;
    eprintln!("sgpay.dll {arch} under Wine, HMAC then RSA...");
    run(paths, wine, &exe, sandboxes.hmac, Auth::Hmac)?; // Wine's own start-up, untimed
    let mut rate = Rate {
        hmac_us: f64::INFINITY,
        rsa_us: f64::INFINITY,
    };
    for _ in 0..ROUNDS {
        let hmac = median_us(&run(paths, wine, &exe, sandboxes.hmac, Auth::Hmac)?, arch)?;
        let rsa = median_us(&run(paths, wine, &exe, sandboxes.rsa, Auth::Rsa)?, arch)?;
        rate.hmac_us = rate.hmac_us.min(hmac);
        rate.rsa_us = rate.rsa_us.min(rsa);
    }
    Ok(rate)
}

/// The median of one run's calls, µs; a run that printed no duration is a failure (Wine
/// may start and end without running a program of an architecture it lacks).
fn median_us(samples: &[u64], arch: &str) -> Result<f64, String> {
    Summary::of(samples).map(|s| s.median_us).ok_or_else(|| {
        format!("the {arch} client printed no duration: is Wine's {arch} half installed?")
    })
}

/// Copies the DLL measured next to the client; returns the client's path.
fn stage(paths: &Paths, arch: &str) -> Result<PathBuf, String> {
    let exe = client_path(paths, arch);
    if !exe.is_file() {
        return Err(format!(
            "missing {}: run make -C bench windows",
            exe.display()
        ));
    }
    let dll = windows_dir(&paths.root).join(arch).join("sgpay.dll");
    if !dll.is_file() {
        return Err(format!("missing {}: run make windows", dll.display()));
    }
    let staged = exe.with_file_name("sgpay.dll");
    std::fs::copy(&dll, &staged)
        .map_err(|e| format!("{} to {}: {e}", dll.display(), staged.display()))?;
    Ok(exe)
}

fn client_path(paths: &Paths, arch: &str) -> PathBuf {
    paths
        .build_dir()
        .join("wine")
        .join(arch)
        .join("sgpay_client.exe")
}

/// One run of the client against a freshly reset sandbox: nanoseconds per timed call.
fn run(
    paths: &Paths,
    wine: &Wine,
    exe: &Path,
    sandbox: &SandboxProcess,
    auth: Auth,
) -> Result<Vec<u64>, String> {
    sandbox.reset()?;
    let key_path = paths.root.join("tests/fixtures/partner_key.pem");
    let credential = match auth {
        Auth::Hmac => sandbox::HMAC_SECRET,
        Auth::Rsa => "-",
    };
    let mut command = wine.command(exe);
    command
        .args([
            sandbox.url(),
            sandbox::PROJECT,
            auth.name(),
            credential,
            "status",
        ])
        .args([WARMUP.to_string(), CALLS.to_string()])
        .env("SGPAY_PRIVATE_KEY_PATH", key_path);
    let what = format!("{} {} under Wine", exe.display(), auth.name());
    let output = crate::process::run(&mut command, &what)?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            line.trim()
                .parse()
                .map_err(|_| format!("not a duration: {line:?}"))
        })
        .collect()
}

/// The section of the report.
pub fn render(out: &mut String, rates: &Rates) {
    let heading = "RSA-2048 signatures per second of sgpay.dll under Wine (C ABI \
                   session/status, RSA call − HMAC call)";
    crate::report::section(out, heading, rates, |out, rates| table(out, rates));
}

fn table(out: &mut String, rates: &[Result<Rate, String>]) {
    let _ = writeln!(
        out,
        "| arch | sgpay.dll at 8deefc9 (ring) sig/s | now (aws-lc-rs) sig/s | now/before |\n\
         |---|---:|---:|---:|"
    );
    for ((arch, rate), before) in ARCHS.iter().zip(rates).zip(BEFORE) {
        let _ = writeln!(out, "| {arch} | {before:.0} | {} |", row(rate, before));
    }
    medians(out, rates);
    command(out);
}

/// The median calls behind the rates measured now.
fn medians(out: &mut String, rates: &[Result<Rate, String>]) {
    let medians: Vec<String> = ARCHS
        .iter()
        .zip(rates)
        .filter_map(|(arch, rate)| {
            let rate = rate.as_ref().ok()?;
            Some(format!(
                "{arch} {:.0} µs RSA, {:.0} µs HMAC",
                rate.rsa_us, rate.hmac_us
            ))
        })
        .collect();
    if !medians.is_empty() {
        let _ = writeln!(
            out,
            "\nMedian calls now (fastest run): {}.",
            medians.join("; ")
        );
    }
}

/// How the figures were made.
fn command(out: &mut String) {
    let _ = writeln!(
        out,
        "\nCommand, for each ARCH, {ROUNDS} rounds of HMAC then RSA after one untimed run, each \
         against its sandbox reset before it: `WINEPREFIX=bench/build/wineprefix \
         tools/windows/wine-run bench/build/wine/ARCH/sgpay_client.exe URL {} hmac {} \
         status {WARMUP} {CALLS}`, and the same with `rsa -` and \
         `SGPAY_PRIVATE_KEY_PATH=tests/fixtures/partner_key.pem` against the RSA sandbox; \
         sgpay.dll is copied next to the client from target/windows/ARCH/ (or \
         `SGPAY_BENCH_WINDOWS_DIR`). sig/s = 1 s / (median RSA call − median HMAC call), each \
         of the fastest of the {ROUNDS} runs: the \
         DLL's signing (SHA-256 included), plus the native sandbox checking an RSA signature \
         instead of an HMAC, the same in both columns; sgpay checks no signature on replies. \
         `make -C bench windows` makes this section and the next alone. The before column is \
         recorded, not measured: it comes from one machine (bench/src/wine_signing.rs, \
         `BEFORE`), so now/before holds only there; elsewhere, measure the ring DLLs with \
         `SGPAY_BENCH_WINDOWS_DIR`.\n",
        sandbox::PROJECT,
        sandbox::HMAC_SECRET
    );
}

fn row(rate: &Result<Rate, String>, before: f64) -> String {
    match rate {
        Ok(rate) if rate.rsa_us > rate.hmac_us => {
            let now = rate.signs_per_s();
            format!("{now:.0} | {:.2}", now / before)
        }
        Ok(rate) => format!(
            "failed: RSA calls ({:.0} µs) no slower than HMAC ({:.0} µs) | ",
            rate.rsa_us, rate.hmac_us
        ),
        Err(e) => format!("failed: {} | ", e.replace('|', "/")),
    }
}
