//! fsync-class calls per `pay` with the journal on, counted by `strace -f -c` around a child
//! that opens a client and pays N sales: the run with 20 sales less the run with none, over
//! 20, so that opening the journal is not counted.

use std::path::Path;
use std::process::Command;

use crate::journal;

/// Sales in the counted run.
pub const SALES: usize = 20;

/// The system calls that force data to the disk.
const TRACED: &str = "trace=fsync,fdatasync,sync_file_range,msync";

/// `sgpay-bench pay-sales URL PROJECT SECRET JOURNAL N`: opens one client with the journal
/// at JOURNAL and pays N sales.
pub fn pay_sales(args: &[String]) -> Result<(), String> {
    let [url, project, secret, path, count] = args else {
        return Err("usage: sgpay-bench pay-sales URL PROJECT SECRET JOURNAL N".into());
    };
    let count: usize = count
        .parse()
        .map_err(|_| format!("{count:?} is not a count"))?;
    let client = journal::client(url, project, secret, Some(&path.into()))?;
    journal::time_pays(&client, count).map(drop)
}

/// Counts fsync-class calls per `pay` (journal on), in a fresh journal under `dir`.
pub fn per_pay(dir: &Path, url: &str, project: &str, secret: &str) -> Result<f64, String> {
    let opening = count(dir, "open", url, project, secret, 0)?;
    let sales = count(dir, "sales", url, project, secret, SALES)?;
    Ok(sales.saturating_sub(opening) as f64 / SALES as f64)
}

fn count(
    dir: &Path,
    name: &str,
    url: &str,
    project: &str,
    secret: &str,
    sales: usize,
) -> Result<u64, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let journal = dir.join(format!("fsyncs-{name}.db"));
    let summary = dir.join(format!("fsyncs-{name}.strace"));
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let status = Command::new("strace")
        .args(["-f", "-c", "-e", TRACED, "-o"])
        .arg(&summary)
        .arg(exe)
        .args(["pay-sales", url, project, secret])
        .arg(&journal)
        .arg(sales.to_string())
        .status()
        .map_err(|e| format!("strace could not run ({e}): install Debian's strace"))?;
    if !status.success() {
        return Err(format!("the traced payer failed ({status})"));
    }
    let text = std::fs::read_to_string(&summary).map_err(|e| e.to_string())?;
    Ok(total_calls(&text))
}

/// The calls column of the `total` line of `strace -c` (0 when nothing was traced).
fn total_calls(summary: &str) -> u64 {
    summary
        .lines()
        .find(|line| line.trim_end().ends_with("total"))
        .and_then(|line| line.split_whitespace().nth(3))
        .and_then(|calls| calls.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_total_line() {
        let summary = "% time     seconds  usecs/call     calls    errors syscall\n\
            ------ ----------- ----------- --------- --------- ----------------\n\
            100.00    0.004000         190        21           fsync\n\
            ------ ----------- ----------- --------- --------- ----------------\n\
            100.00    0.004000         190        21           total\n";
        assert_eq!(super::total_calls(summary), 21);
        assert_eq!(super::total_calls(""), 0);
    }
}
