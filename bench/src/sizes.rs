//! Stripped sizes of the library files, now and at commit 8deefc9 (ring, the last before
//! aws-lc-rs): `libsgpay.so` stripped by `strip` (a copy, into `bench/build/sizes/`), and
//! sgpay.dll x64 and x86 as `tools/windows/build` leaves them (MinGW's
//! `strip --strip-unneeded`).

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::contenders::Paths;
use crate::wine_signing;

/// The files measured: label, and bytes at 8deefc9, built once on the machine of
/// `results.md` (2026-12-05): `libsgpay.so` by its `make build` (`cargo build --release -p
/// sgpay -p sgpay-sandbox`, rustc 1.95.0) then `strip -o COPY`, the DLLs by its own
/// `tools/windows/build` (Debian rustc 1.96.0, MinGW GCC 12).
pub const FILES: [(&str, u64); 3] = [
    ("libsgpay.so (Linux x86-64)", 4_445_096),
    ("sgpay.dll x64", 5_235_508),
    ("sgpay.dll x86", 5_076_500),
];

/// One file's size now, or why it could not be had.
pub type Size = Result<u64, String>;

/// The sizes now, in [`FILES`] order.
pub fn measure(paths: &Paths) -> Vec<Size> {
    let windows = wine_signing::windows_dir(&paths.root);
    vec![
        stripped_so(paths),
        dll_size(&windows.join("x64/sgpay.dll")),
        dll_size(&windows.join("x86/sgpay.dll")),
    ]
}

/// Strips a copy of `libsgpay.so`; its size.
fn stripped_so(paths: &Paths) -> Size {
    let library = paths.release_dir().join("libsgpay.so");
    if !library.is_file() {
        return Err(format!("missing {}: run make build", library.display()));
    }
    let dir = paths.build_dir().join("sizes");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let copy: PathBuf = dir.join("libsgpay.so");
    let status = Command::new("strip")
        .arg("-o")
        .arg(&copy)
        .arg(&library)
        .status()
        .map_err(|e| format!("cannot run strip ({e}): install Debian's binutils"))?;
    if !status.success() {
        return Err(format!("strip {} failed: {status}", library.display()));
    }
    file_size(&copy)
}

fn dll_size(dll: &Path) -> Size {
    if !dll.is_file() {
        return Err(format!("missing {}: run make windows", dll.display()));
    }
    file_size(dll)
}

fn file_size(path: &Path) -> Size {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The section of the report.
pub fn render(out: &mut String, sizes: &[Size]) {
    let _ = writeln!(out, "## Library sizes, stripped, bytes\n");
    let _ = writeln!(
        out,
        "| file | at 8deefc9 (ring) | now (aws-lc-rs) | change |\n|---|---:|---:|---:|"
    );
    for ((label, before), now) in FILES.iter().zip(sizes) {
        let cells = match now {
            Ok(now) => format!("{} | {}", grouped(*now), change(*before, *now)),
            Err(e) => format!("failed: {} | ", e.replace('|', "/")),
        };
        let _ = writeln!(out, "| {label} | {} | {cells} |", grouped(*before));
    }
    let _ = writeln!(
        out,
        "\nlibsgpay.so: `strip -o bench/build/sizes/libsgpay.so target/release/libsgpay.so` \
         (`make build`); sgpay.dll: target/windows/ARCH/sgpay.dll as `make windows` leaves it \
         (`strip --strip-unneeded`).\n"
    );
}

/// `+1,234,567 (+12.3 %)`.
fn change(before: u64, now: u64) -> String {
    let delta = now as i64 - before as i64;
    let sign = if delta < 0 { "−" } else { "+" };
    let percent = delta as f64 * 100.0 / before.max(1) as f64;
    format!(
        "{sign}{} ({sign}{:.1} %)",
        grouped(delta.unsigned_abs()),
        percent.abs()
    )
}

/// Digits in groups of three: `8,853,672`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
