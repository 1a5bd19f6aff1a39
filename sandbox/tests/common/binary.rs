//! The `sgpay-sandbox` binary run as a child process.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A running `sgpay-sandbox` binary; killed when dropped if it is still running.
pub struct Binary {
    /// The child process.
    pub child: Child,
    /// The URL from its first line, `sgpay-sandbox listening on <url>`.
    pub url: String,
}

impl Binary {
    /// Starts the binary with `args` and reads the URL from its first line.
    pub fn spawn(args: &[&str]) -> Binary {
        let mut child = Command::new(path())
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("binary starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim_end()
            .strip_prefix("sgpay-sandbox listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        Binary { child, url }
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The path of the built `sgpay-sandbox` binary.
pub fn path() -> &'static str {
    env!("CARGO_BIN_EXE_sgpay-sandbox")
}
