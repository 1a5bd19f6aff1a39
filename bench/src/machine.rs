//! The machine and tool versions printed above the table.

use std::process::Command;

use crate::contenders::Paths;

/// Lines describing where the figures come from.
pub fn describe(paths: &Paths) -> Vec<String> {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    vec![
        format!("- CPU: {} (nproc {cores})", cpu_model()),
        format!(
            "- OS: {}, kernel {}",
            os_name(),
            read_trimmed("/proc/sys/kernel/osrelease")
        ),
        format!("- load average at start: {}", load_average()),
        format!(
            "- sgpay {}; {}; {}; {}; {}",
            env!("CARGO_PKG_VERSION"),
            first_line("openssl", &["version"]),
            first_line("curl-config", &["--version"]),
            first_line(&paths.python().to_string_lossy(), &["--version"]),
            first_line("mono", &["--version"])
                .split(" (")
                .next()
                .unwrap_or("mono: not found")
                .to_owned(),
        ),
    ]
}

fn cpu_model() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    info.lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            (name.trim() == "model name").then(|| value.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

fn os_name() -> String {
    let release = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    release
        .lines()
        .find_map(|line| line.strip_prefix("PRETTY_NAME="))
        .map(|name| name.trim_matches('"').to_owned())
        .unwrap_or_else(|| "unknown OS".into())
}

fn load_average() -> String {
    let text = read_trimmed("/proc/loadavg");
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn read_trimmed(path: &str) -> String {
    std::fs::read_to_string(path)
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|_| "unknown".into())
}

fn first_line(program: &str, args: &[&str]) -> String {
    let name = program.rsplit('/').next().unwrap_or(program);
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| {
            let text = if o.stdout.is_empty() {
                o.stderr
            } else {
                o.stdout
            };
            String::from_utf8_lossy(&text)
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_owned()
        })
        .filter(|line| !line.is_empty())
        .unwrap_or_else(|| format!("{name}: not found"))
}
