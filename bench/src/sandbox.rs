//! The sandbox process the bench runs against, started from `target/release/sgpay-sandbox`
//! with no processing delay, and stopped when dropped.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::http;
use crate::placement::Placement;

/// Project name the bench sandboxes accept.
pub const PROJECT: &str = "bench-project";
/// HMAC secret of the HMAC sandbox.
pub const HMAC_SECRET: &str = "bench-hmac-secret";

/// A running sandbox.
pub struct SandboxProcess {
    child: Child,
    url: String,
}

impl SandboxProcess {
    /// Starts the binary with `auth_flags` (`--hmac-secret S` or `--partner-public-key F`),
    /// placed as `placement` says.
    pub fn start(
        binary: &Path,
        auth_flags: &[&str],
        placement: Placement,
    ) -> Result<SandboxProcess, String> {
        let mut command = Command::new(binary);
        command
            .args(["--listen", "127.0.0.1:0", "--project", PROJECT])
            .args(["--processing-delay-ms", "0"])
            .args(auth_flags)
            .stdout(Stdio::piped());
        placement.apply(&mut command);
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout from the sandbox")?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        let Some(url) = line.trim().strip_prefix("sgpay-sandbox listening on ") else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("the sandbox did not start: {line:?}"));
        };
        Ok(SandboxProcess {
            url: url.to_owned(),
            child,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Forgets every session and idempotency record, so each run starts from the same state.
    pub fn reset(&self) -> Result<(), String> {
        http::control_post(&self.url, "/_sandbox/reset", "{}").map(|_| ())
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        // SIGTERM lets it drain; SIGKILL would do too, it keeps nothing on disk.
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}
