//! The library prints nothing: a panic inside the C boundary becomes `SGPAY_ERR_PANIC` with
//! its message, masked, in the error document and the log callback, and nothing reaches the
//! host's standard error; a panic of the host's own still goes to the host's panic hook.
//! The probe runs in a child process (this test binary again) whose stderr is read whole.
// The boundary's body returns the library's `CallError`, large by design (src/lib.rs).
#![allow(clippy::result_large_err)]

use std::ffi::{CStr, c_char};
use std::process::Command;
use std::sync::Mutex;

use sgpay::internals::boundary;

const CHILD: &str = "SGPAY_SILENT_PANICS_CHILD";
const CARD: &str = "4242424242424242";

/// Logged lines, from the probe's log sink.
static LOGGED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Panics inside the boundary; returns the status and the error document.
fn probe() -> (i32, String) {
    let mut out: *mut c_char = std::ptr::null_mut();
    // SAFETY: `out` is a writable `char *`; the document is freed below.
    let status = unsafe {
        boundary::run(&mut out, || {
            panic!("probe with card {CARD} inside the boundary")
        })
    };
    // SAFETY: the boundary set `out` to a string it allocated.
    let document = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_owned();
    // SAFETY: `out` came from the library and is freed once.
    unsafe { sgpay::ffi::sgpay_string_free(out) };
    (status, document)
}

/// The child: panics inside the boundary on this thread and on eight others, then once in
/// "host" code; prints what it saw on stdout.
fn child() {
    std::panic::set_hook(Box::new(|_| println!("host hook called")));
    sgpay::internals::logging::set_sink(
        Some(Box::new(|_, line| {
            LOGGED.lock().unwrap().push(line.to_owned())
        })),
        5,
    );
    let mut results = vec![probe()];
    let threads: Vec<_> = (0..8).map(|_| std::thread::spawn(probe)).collect();
    results.extend(threads.into_iter().map(|t| t.join().unwrap()));
    // A line of its own: the test harness has written its own words on the current one.
    println!();
    for (status, document) in results {
        println!("status {status} document {document}");
    }
    for line in LOGGED.lock().unwrap().iter() {
        println!("logged {line}");
    }
    let _ = std::panic::catch_unwind(|| panic!("the host's own panic"));
}

#[test]
fn a_panic_inside_the_library_writes_nothing_to_stderr() {
    if std::env::var_os(CHILD).is_some() {
        child();
        return;
    }
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_panic_inside_the_library_writes_nothing_to_stderr",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert_eq!(stderr, "", "the library wrote to stderr");
    assert!(!stdout.contains(CARD), "{stdout}");
    let documents: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("status "))
        .collect();
    assert_eq!(documents.len(), 9, "{stdout}");
    for line in &documents {
        assert!(line.starts_with("status 98 "), "{line}");
        assert!(line.contains("probe with card 424242******4242"), "{line}");
    }
    let logged = stdout.lines().filter(|l| l.starts_with("logged ")).count();
    assert_eq!(logged, 9, "each panic reaches the log callback: {stdout}");
    assert_eq!(
        stdout.matches("host hook called").count(),
        1,
        "only the host's own panic reaches the host's hook: {stdout}"
    );
}
