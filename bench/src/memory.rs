//! Resident memory of a C program making 100 000 `session/status` calls through the C ABI.

use std::process::Command;

use crate::contenders::Paths;

/// Calls after which the first reading is taken.
pub const EARLY_CALLS: u64 = 10_000;
/// Calls in all.
pub const TOTAL_CALLS: u64 = 100_000;

/// Readings of `/proc/self/status` in kB.
#[derive(Debug, Clone, Copy)]
pub struct MemoryReport {
    /// VmRSS after [`EARLY_CALLS`].
    pub rss_early_kb: u64,
    /// VmRSS after [`TOTAL_CALLS`].
    pub rss_end_kb: u64,
    /// VmHWM (peak resident set) at the end.
    pub peak_kb: u64,
}

impl MemoryReport {
    /// Growth between the two readings, kB (negative when it shrank).
    pub fn growth_kb(&self) -> i64 {
        self.rss_end_kb as i64 - self.rss_early_kb as i64
    }
}

/// Runs `bench/build/rss_client` against an HMAC sandbox.
pub fn measure(
    paths: &Paths,
    base_url: &str,
    project: &str,
    secret: &str,
) -> Result<MemoryReport, String> {
    let output = Command::new(paths.build_dir().join("rss_client"))
        .args([
            base_url,
            project,
            secret,
            &EARLY_CALLS.to_string(),
            &TOTAL_CALLS.to_string(),
        ])
        .output()
        .map_err(|e| format!("cannot run rss_client: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "rss_client failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let value = |name: &str| -> Result<u64, String> {
        stdout
            .lines()
            .find_map(|line| line.strip_prefix(name)?.trim().parse().ok())
            .ok_or_else(|| format!("rss_client printed no {name}"))
    };
    Ok(MemoryReport {
        rss_early_kb: value("rss_early_kb")?,
        rss_end_kb: value("rss_end_kb")?,
        peak_kb: value("peak_kb")?,
    })
}
