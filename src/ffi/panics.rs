//! Keeps the library silent when it panics. A panic inside the boundary is caught and
//! becomes `SGPAY_ERR_PANIC`, but Rust's panic hook would still write its message and a
//! backtrace to the host's standard error, which a till often sends to a log file. The
//! hook installed here, once, takes the message of a panic raised inside the boundary
//! (card numbers masked) for the error document and the log callback, and prints nothing;
//! every other panic goes to the hook that was there before, so a Rust host keeps its own.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;

use crate::logging::{self, Level};
use crate::redaction;

thread_local! {
    /// How many boundaries this thread is inside.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// The message of the last panic caught inside a boundary on this thread.
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

static INSTALL: Once = Once::new();

/// Runs `body`, catching a panic without printing it: the panic's message, masked, is
/// logged at error level and returned as the error.
pub fn catch_silently<T>(body: impl FnOnce() -> T) -> Result<T, String> {
    INSTALL.call_once(install);
    DEPTH.with(|depth| depth.set(depth.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(body));
    DEPTH.with(|depth| depth.set(depth.get() - 1));
    result.map_err(|payload| {
        let message = CAUGHT
            .with(RefCell::take)
            .unwrap_or_else(|| payload_text(payload.as_ref()));
        logging::log(Level::Error, &Default::default(), || {
            format!("sgpay caught an internal bug: {message}")
        });
        message
    })
}

/// Chains the library's hook in front of the one already installed.
fn install() {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let inside = DEPTH.try_with(Cell::get).unwrap_or(0) > 0;
        if inside {
            let _ = CAUGHT.try_with(|caught| caught.replace(Some(describe(info))));
        } else {
            previous(info);
        }
    }));
}

/// The panic's message and where it was raised, card numbers masked.
fn describe(info: &PanicHookInfo<'_>) -> String {
    let message = payload_text(info.payload());
    let text = match info.location() {
        Some(at) => format!("{message} at {}:{}", at.file(), at.line()),
        None => message,
    };
    redaction::mask_card_numbers(&text)
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into());
    redaction::mask_card_numbers(&text)
}
