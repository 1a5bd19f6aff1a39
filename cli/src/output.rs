//! Terminal manners: text or one JSON document on stdout, colour only on a terminal and
//! never with NO_COLOR (anstream strips it otherwise), errors on stderr, a spinner on
//! stderr for waits over a second, and tables.

use std::io::{IsTerminal, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use anstyle::{AnsiColor, Style};
use serde_json::Value;

use crate::failure::Failure;

/// Green, for what passed.
pub const GOOD: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
/// Red and bold, for what failed.
pub const BAD: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))
    .bold();
/// Yellow, for what was skipped or needs a look.
pub const WARN: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
/// Bold, for headings.
pub const BOLD: Style = Style::new().bold();

/// Where a command's results go.
#[derive(Debug)]
pub struct Out {
    /// `--json`: one JSON document on stdout instead of text.
    pub json: bool,
    /// Whether stdout is a terminal (JSON is indented there).
    pub terminal: bool,
}

impl Out {
    /// Output for this process's stdout.
    pub fn new(json: bool) -> Out {
        Out {
            json,
            terminal: std::io::stdout().is_terminal(),
        }
    }

    /// Writes text to stdout as it is (a closed pipe is not an error).
    pub fn text(&self, text: &str) {
        let mut stdout = anstream::stdout().lock();
        let _ = stdout.write_all(text.as_bytes());
        let _ = stdout.flush();
    }

    /// Writes one line to stdout.
    pub fn line(&self, line: &str) {
        self.text(&format!("{line}\n"));
    }

    /// Writes a JSON document to stdout: indented on a terminal, on one line otherwise.
    pub fn document(&self, value: &Value) {
        let text = if self.terminal {
            serde_json::to_string_pretty(value)
        } else {
            serde_json::to_string(value)
        };
        self.line(&text.unwrap_or_default());
    }

    /// Reports a failure: the error document on stdout with `--json`, and always plain
    /// words and the advice on stderr.
    pub fn failure(&self, failure: &Failure) {
        if failure.quiet {
            return;
        }
        if self.json {
            self.document(&failure.document);
        }
        let mut stderr = anstream::stderr().lock();
        let _ = writeln!(stderr, "{BAD}error:{BAD:#} {}", failure.message);
        if !failure.advice.is_empty() {
            let _ = writeln!(stderr, "  {}", failure.advice);
        }
    }

    /// A table: boxed on a terminal, tab-separated with a header line otherwise (for
    /// scripts and spreadsheets).
    pub fn table(&self, header: &[&str], rows: &[Vec<String>]) {
        if !self.terminal {
            let mut text = header.join("\t");
            text.push('\n');
            for row in rows {
                let cells: Vec<String> = row.iter().map(|c| c.replace(['\t', '\n'], " ")).collect();
                text.push_str(&cells.join("\t"));
                text.push('\n');
            }
            self.text(&text);
            return;
        }
        let mut table = comfy_table::Table::new();
        // Never wrapped: ids and session ids stay whole, to be copied.
        table
            .load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(comfy_table::ContentArrangement::Disabled)
            .set_header(header.to_vec());
        for row in rows {
            table.add_row(row.clone());
        }
        self.line(&table.to_string());
    }
}

/// Runs `work`, showing a spinner with `message` on stderr if it takes over a second and
/// stderr is a terminal.
pub fn while_waiting<T>(message: &str, work: impl FnOnce() -> T) -> T {
    let (done, finished) = mpsc::channel::<()>();
    let message = message.to_owned();
    let spinner = std::thread::spawn(move || {
        if finished.recv_timeout(Duration::from_secs(1)) != Err(RecvTimeoutError::Timeout) {
            return;
        }
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        bar.set_message(message);
        while finished.recv_timeout(Duration::from_millis(100)) == Err(RecvTimeoutError::Timeout) {
            bar.tick();
        }
        bar.finish_and_clear();
    });
    let result = work();
    drop(done);
    let _ = spinner.join();
    result
}
