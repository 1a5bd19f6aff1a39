//! Throwaway PostgreSQL clusters for the shared-journal tests: Debian's server binaries,
//! a fresh data folder, a free loopback port, password logins, TLS with a certificate from
//! a test CA, run as an unprivileged user (`postgres` when the tests run as root). Each
//! cluster is stopped and its folder removed when its owner drops it, or, for the one
//! shared by a test process, when that process exits (a watchdog waits for its pipe).
#![cfg(unix)]

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};

/// The login the tests use, and its password (a secret that must never show).
pub const USER: &str = "till";
pub const PASSWORD: &str = "pg-Secret-7f3a";

/// A running cluster.
pub struct Cluster {
    dir: PathBuf,
    port: u16,
    bin: PathBuf,
    watchdog: Mutex<Child>,
}

/// The cluster shared by the tests of this process.
pub fn shared() -> &'static Cluster {
    static SHARED: OnceLock<Cluster> = OnceLock::new();
    SHARED.get_or_init(Cluster::start)
}

impl Cluster {
    /// Creates and starts a new cluster.
    pub fn start() -> Cluster {
        let bin = server_binaries();
        let dir = scratch_folder();
        let port = free_port();
        write_certificates(&dir);
        std::fs::write(dir.join("password"), PASSWORD).unwrap();
        hand_to_server_user(&dir);
        as_server_user(&bin.join("initdb"))
            .args([
                "-D",
                "data",
                "-U",
                USER,
                "--pwfile=password",
                "-A",
                "scram-sha-256",
            ])
            .args(["--no-sync", "-E", "UTF8"])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .status()
            .unwrap()
            .success()
            .then_some(())
            .expect("initdb succeeds");
        let settings = format!(
            "listen_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = '{}'\n\
             ssl = on\nssl_cert_file = '{0}/server.crt'\nssl_key_file = '{0}/server.key'\n\
             fsync = on\nmax_connections = 200\n",
            dir.display()
        );
        append(&dir.join("data/postgresql.conf"), &settings);
        let watchdog = watchdog(&bin, &dir);
        let cluster = Cluster {
            dir,
            port,
            bin,
            watchdog: Mutex::new(watchdog),
        };
        cluster.start_server();
        cluster
    }

    /// The URI of the cluster's database with `sslmode`.
    pub fn url(&self, sslmode: &str) -> String {
        format!(
            "postgresql://{USER}:{PASSWORD}@localhost:{}/postgres?sslmode={sslmode}",
            self.port
        )
    }

    /// The test CA that signed the server's certificate.
    pub fn ca(&self) -> PathBuf {
        self.dir.join("ca.crt")
    }

    /// Another CA, which signed nothing the server shows.
    pub fn wrong_ca(&self) -> PathBuf {
        self.dir.join("wrong-ca.crt")
    }

    /// Stops the server at once (as a power cut or a crash would).
    pub fn stop_server(&self) {
        self.pg_ctl(&["stop", "-m", "immediate"]);
    }

    /// Starts the server and waits until it accepts connections.
    pub fn start_server(&self) {
        self.pg_ctl(&["start", "-w", "-l", "server.log"]);
    }

    /// Runs SQL as the test login; returns `psql`'s unaligned output.
    pub fn sql(&self, sql: &str) -> String {
        let mut psql = Command::new(self.bin.join("psql"));
        psql.args(["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql])
            .arg(self.url("disable"));
        String::from_utf8(succeeded(&mut psql, sql)).unwrap()
    }

    fn pg_ctl(&self, args: &[&str]) {
        let status = as_server_user(&self.bin.join("pg_ctl"))
            .args(["-D", "data"])
            .args(args)
            .current_dir(&self.dir)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "pg_ctl {args:?} failed");
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let mut watchdog = self.watchdog.lock().unwrap_or_else(|e| e.into_inner());
        drop(watchdog.stdin.take());
        let _ = watchdog.wait();
    }
}

/// A shell that waits for its stdin to close (this process exiting, or the cluster being
/// dropped), then stops the server and removes the folder.
fn watchdog(bin: &Path, dir: &Path) -> Child {
    let stop = format!(
        "cat >/dev/null; {} {} -D '{}/data' stop -m immediate >/dev/null 2>&1; rm -rf '{}'",
        runner(),
        bin.join("pg_ctl").display(),
        dir.display(),
        dir.display()
    );
    Command::new("sh")
        .args(["-c", &stop])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The newest PostgreSQL server installed by Debian's packages.
fn server_binaries() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (make deps installs Debian's postgresql)")
        .map(|entry| entry.unwrap().path().join("bin"))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    versions.sort_by_key(|bin| {
        let version = bin.parent().unwrap().file_name().unwrap().to_string_lossy();
        version.parse::<u32>().unwrap_or(0)
    });
    versions.pop().expect("a PostgreSQL server is installed")
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// The prefix that runs a command as the server's unprivileged user.
fn runner() -> &'static str {
    if is_root() {
        "runuser -u postgres --"
    } else {
        ""
    }
}

fn as_server_user(program: &Path) -> Command {
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn hand_to_server_user(dir: &Path) {
    if is_root() {
        let status = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(dir)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

fn scratch_folder() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("sgpay-pg-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs `command` to its end and returns its stdout; panics with `what` and its stderr if
/// it fails.
fn succeeded(command: &mut Command, what: &str) -> Vec<u8> {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn append(path: &Path, text: &str) {
    let mut file = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    file.write_all(text.as_bytes()).unwrap();
}

/// A test CA, a server certificate it signed for `localhost` and 127.0.0.1, and a second
/// CA that signed nothing.
fn write_certificates(dir: &Path) {
    let run = |args: &[&str]| {
        let mut openssl = Command::new("openssl");
        openssl.args(args).current_dir(dir);
        succeeded(&mut openssl, &format!("openssl {args:?}"));
    };
    for ca in ["ca", "wrong-ca"] {
        run(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            &format!("/CN=sgpay test {ca}"),
            "-keyout",
            &format!("{ca}.key"),
            "-out",
            &format!("{ca}.crt"),
        ]);
    }
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\n",
    )
    .unwrap();
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ]);
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "server.ext",
        "-out",
        "server.crt",
    ]);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        dir.join("server.key"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
}
