//! The programs measured side by side, and how to start each one.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a measured program stands for in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The raw-socket floor.
    Floor,
    /// sgpay, through one of its interfaces.
    Sgpay,
    /// What a user would write without sgpay.
    Peer,
}

/// One measured program.
#[derive(Debug, Clone, Copy)]
pub struct Contender {
    /// Short stable name.
    pub key: &'static str,
    /// Row label in the table.
    pub label: &'static str,
    /// Floor, sgpay or peer.
    pub role: Role,
    /// For sgpay rows: the peer it is compared with.
    pub peer: Option<&'static str>,
}

/// Every measured program, in table order.
pub const CONTENDERS: [Contender; 7] = [
    Contender {
        key: "floor",
        label: "raw keep-alive socket (floor)",
        role: Role::Floor,
        peer: None,
    },
    Contender {
        key: "rust",
        label: "sgpay Rust API",
        role: Role::Sgpay,
        peer: None,
    },
    Contender {
        key: "c-sgpay",
        label: "sgpay C ABI (C program)",
        role: Role::Sgpay,
        peer: Some("c-curl"),
    },
    Contender {
        key: "c-curl",
        label: "peer: C libcurl + OpenSSL",
        role: Role::Peer,
        peer: None,
    },
    Contender {
        key: "py-sgpay",
        label: "sgpay Python",
        role: Role::Sgpay,
        peer: Some("py-requests"),
    },
    Contender {
        key: "py-requests",
        label: "peer: Python requests + hmac/cryptography",
        role: Role::Peer,
        peer: None,
    },
    Contender {
        key: "cs-sgpay",
        label: "sgpay C# under Mono",
        role: Role::Sgpay,
        peer: None,
    },
];

/// The rows measured again with free scheduling (`crate::placement`): the floor, sgpay
/// from Rust and from C, and libcurl.
pub const FREE_SCHEDULING: [&str; 4] = ["floor", "rust", "c-sgpay", "c-curl"];

/// Where the built programs are.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The repository root.
    pub root: PathBuf,
    /// This executable (the Rust API client and the floor are subcommands of it).
    pub bench_exe: PathBuf,
}

impl Paths {
    /// `bench/build` under the root: the C programs, the C# program, the Python venv.
    pub fn build_dir(&self) -> PathBuf {
        self.root.join("bench/build")
    }

    /// The `release` folder of cargo's target directory.
    pub fn release_dir(&self) -> PathBuf {
        target_dir(&self.root).join("release")
    }

    /// The Python interpreter with sgpay, requests and cryptography installed.
    pub fn python(&self) -> PathBuf {
        std::env::var_os("SGPAY_BENCH_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| self.build_dir().join("venv/bin/python"))
    }
}

/// The command that runs `contender`; the caller appends the client arguments.
pub fn command(contender: &Contender, paths: &Paths) -> Command {
    let build = paths.build_dir();
    let python_script = |name: &str| {
        let mut command = Command::new(paths.python());
        command.arg(paths.root.join("bench/python").join(name));
        command
    };
    match contender.key {
        "floor" => subcommand(&paths.bench_exe, "floor"),
        "rust" => subcommand(&paths.bench_exe, "client"),
        "c-sgpay" => Command::new(build.join("sgpay_client")),
        "c-curl" => Command::new(build.join("curl_client")),
        "py-sgpay" => python_script("sgpay_client.py"),
        "py-requests" => python_script("requests_client.py"),
        "cs-sgpay" => {
            let mut command = Command::new("mono");
            command
                .arg(build.join("SgPayBench.exe"))
                .env("LD_LIBRARY_PATH", paths.release_dir());
            command
        }
        other => unreachable!("no command for {other}"),
    }
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set (relative to `root` when relative),
/// else `target` under `root`.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), |dir| root.join(dir))
}

fn subcommand(exe: &Path, name: &str) -> Command {
    let mut command = Command::new(exe);
    command.arg(name);
    command
}
