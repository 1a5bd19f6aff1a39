//! The process-wide log sink: one line per request attempt and per retry decision.
//! Every line passes through [`crate::redaction`] before it leaves the library.

use std::sync::RwLock;
use std::sync::atomic::{AtomicI32, Ordering};

use crate::redaction::SensitiveValues;

/// Severity of a log line; the numbers are the C ABI's `level` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(i32)]
pub enum Level {
    /// A call failed.
    Error = 1,
    /// An attempt failed and may be retried.
    Warn = 2,
    /// One line per request.
    Info = 3,
    /// Details of retry decisions.
    Debug = 4,
    /// Everything else.
    Trace = 5,
}

/// Receives log lines. Called on the thread that made the call.
pub type Sink = Box<dyn Fn(Level, &str) + Send + Sync>;

static SINK: RwLock<Option<Sink>> = RwLock::new(None);
static MAX_LEVEL: AtomicI32 = AtomicI32::new(0);

/// Installs (or, with `None`, removes) the sink. Once this returns, the previous sink is
/// never called again: calls into it finish before the swap.
pub fn set_sink(sink: Option<Sink>, max_level: i32) {
    let mut guard = SINK
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let level = if sink.is_some() {
        max_level.clamp(0, 5)
    } else {
        0
    };
    *guard = sink;
    MAX_LEVEL.store(level, Ordering::Release);
}

/// True when a line at `level` would reach the sink.
pub fn enabled(level: Level) -> bool {
    (level as i32) <= MAX_LEVEL.load(Ordering::Acquire)
}

/// Sends one line about a request to the sink, if one is installed at that level. The
/// line is built only when it will be used; this is one of the two places where text
/// leaves the library (the error document is the other), so card numbers are masked and
/// the request's own card data and secrets (`sensitive`) removed here.
pub fn log(level: Level, sensitive: &SensitiveValues, line: impl FnOnce() -> String) {
    if !enabled(level) {
        return;
    }
    let guard = SINK.read().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(sink) = guard.as_ref() {
        sink(level, &sensitive.scrub(&line()));
    }
}
