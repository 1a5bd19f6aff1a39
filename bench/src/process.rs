//! Running a measured program: no input, its errors captured, and a failure told in one
//! line.

use std::process::{Command, Output, Stdio};

/// Runs `command` with no input and its stderr captured. Not starting, or a failing exit,
/// becomes "`what`: …" with the status and the last line the program wrote to stderr.
pub fn run(command: &mut Command, what: &str) -> Result<Output, String> {
    let output = command
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("{what} could not run: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("{what}: {}: {}", output.status, last_line(&stderr)));
    }
    Ok(output)
}

/// The last non-empty line of a program's output, at most 300 characters.
fn last_line(text: &str) -> String {
    text.lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("no message")
        .chars()
        .take(300)
        .collect()
}
