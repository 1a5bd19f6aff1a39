//! Helpers of the `sgpay` suites: the built binary, scratch folders, sandboxes, and a small
//! HTTP endpoint standing in for an application.
#![allow(dead_code)]

#[path = "../../../tests/common/postgres.rs"]
pub mod postgres;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sgpay_sandbox::{Auth, Sandbox, SandboxConfig};

/// The repository's test fixtures.
pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");
/// The project every sandbox here accepts.
pub const PROJECT: &str = "test-project";
/// A card the sandbox approves.
pub const GOOD_CARD: &str = "4242424242424242";

/// The fixture file `name`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

/// A folder of its own for one test, removed when dropped.
pub struct Scratch {
    path: PathBuf,
}

impl Scratch {
    /// A new empty folder named after the test.
    pub fn new(test: &str) -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "sgpay-cli-{test}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Scratch { path }
    }

    /// A path inside the folder.
    pub fn join(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `config` as `name` in the folder and returns its path.
    pub fn write_config(&self, name: &str, config: &Value) -> PathBuf {
        let path = self.join(name);
        std::fs::write(&path, config.to_string()).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// The built `sgpay`, run in `folder`, with no configuration from the environment.
pub fn sgpay(folder: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sgpay"));
    command
        .current_dir(folder)
        .env_remove("SGPAY_CONFIG")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    command
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    /// The exit status.
    pub code: i32,
    /// stdout.
    pub stdout: String,
    /// stderr.
    pub stderr: String,
}

impl Run {
    /// stdout parsed as one JSON document.
    pub fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim())
            .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}): {self:?}"))
    }

    /// The first line of `check`'s report that says a step failed.
    pub fn first_failure(&self) -> &str {
        self.stdout
            .lines()
            .find(|l| l.starts_with("FAIL"))
            .unwrap_or_else(|| panic!("no failed step: {self:?}"))
    }

    /// Asserts that the run ended with the failure status `code` and said each of `words`
    /// on stderr.
    #[track_caller]
    pub fn assert_failed(&self, code: i32, words: &[&str]) {
        assert_eq!(self.code, code, "{self:?}");
        for word in words {
            assert!(
                self.stderr.contains(word),
                "stderr lacks {word:?}: {self:?}"
            );
        }
    }

    /// Asserts that no panic message or backtrace was printed.
    pub fn assert_no_panic(&self) {
        for text in [&self.stdout, &self.stderr] {
            assert!(
                !text.contains("panicked") && !text.contains("RUST_BACKTRACE"),
                "{self:?}"
            );
        }
    }
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        let run = Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        run.assert_no_panic();
        run
    }
}

/// Runs `sgpay args...` in `folder`.
pub fn run(folder: &Path, args: &[&str]) -> Run {
    sgpay(folder).args(args).output().unwrap().into()
}

/// Runs `sgpay args...` in `folder` with `input` on stdin.
pub fn run_with_stdin(folder: &Path, args: &[&str], input: &str) -> Run {
    let mut child = sgpay(folder)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap().into()
}

/// A sandbox checking RSA signatures with the public key in `public_key_pem`.
pub fn sandbox_with_key(public_key_pem: &str, webhook_url: Option<String>) -> Sandbox {
    Sandbox::start(SandboxConfig {
        auth: Auth::RsaPublicKeyPem(public_key_pem.to_owned()),
        project: PROJECT.into(),
        processing_delay: Duration::from_millis(10),
        webhook_url,
        ..Default::default()
    })
    .expect("sandbox starts")
}

/// A sandbox that knows the fixture partner key.
pub fn fixture_sandbox() -> Sandbox {
    sandbox_with_key(
        &std::fs::read_to_string(fixture("partner_pub.pem")).unwrap(),
        None,
    )
}

/// Client configuration for `sandbox` with the fixture key, with `extra` merged in.
pub fn config_for(sandbox: &Sandbox, extra: Value) -> Value {
    let mut config = json!({
        "base_url": sandbox.url(),
        "project": PROJECT,
        "private_key_path": fixture("partner_key.pem").display().to_string(),
    });
    for (key, value) in extra.as_object().unwrap() {
        config[key] = value.clone();
    }
    config
}

/// The configuration members of a test's journal: `journal.db` in its folder, or, when
/// `SGPAY_TEST_JOURNAL=postgres`, a schema of its own in a cluster this process starts.
pub fn journal_config(test: &str) -> Value {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    if std::env::var("SGPAY_TEST_JOURNAL").is_ok_and(|backend| backend == "postgres") {
        let cluster = postgres::shared();
        json!({
            "journal_url": cluster.url("verify-full"),
            "journal_schema": format!(
                "cli_{test}_{}_{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ),
            "ca_bundle_path": cluster.ca(),
        })
    } else {
        json!({"journal_path": "journal.db"})
    }
}

/// A folder for `test` configured for a new [`fixture_sandbox`] and the test's journal
/// ([`journal_config`]), with a [`sale`] of [`GOOD_CARD`] in `sale.json`.
pub fn journaled_till(test: &str) -> (Scratch, Sandbox) {
    let dir = Scratch::new(test);
    let sandbox = fixture_sandbox();
    dir.write_config("sgpay.json", &config_for(&sandbox, journal_config(test)));
    std::fs::write(dir.join("sale.json"), sale(GOOD_CARD).to_string()).unwrap();
    (dir, sandbox)
}

/// A card payment request (for `pay`, or `session/start/payment` with a session id).
pub fn sale(card: &str) -> Value {
    json!({
        "amount_details": {"amount": 10000, "currency": "rub"},
        "payment_details": {"type": "card", "card": {"type": "bank_card", "bank_card": {
            "number": card, "expiration_month": "12", "expiration_year": "30",
            "security_code": "123"}}},
        "customer": {"reference": "till-7"},
    })
}

/// How many requests of `operation` the sandbox received.
pub fn requests(sandbox: &Sandbox, operation: &str) -> u64 {
    sandbox.stats()["requests"][operation].as_u64().unwrap_or(0)
}

/// Waits until `done` holds; panics after 20 s with `what`.
pub fn wait_for(what: &str, done: impl Fn() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A free port on 127.0.0.1 (bound, then released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One HTTP request an [`Endpoint`] received.
#[derive(Debug, Clone)]
pub struct Received {
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl Received {
    /// The value of header `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// An application's HTTP endpoint on 127.0.0.1: records every request and answers each
/// with the next status of its script (the last one repeating).
pub struct Endpoint {
    port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Endpoint {
    /// Starts answering with `statuses` in turn.
    pub fn start(statuses: &[u16]) -> Endpoint {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let statuses = statuses.to_vec();
        let thread = {
            let received = Arc::clone(&received);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let served = received.lock().unwrap().len();
                            let status = statuses[served.min(statuses.len() - 1)];
                            if let Some(request) = serve_one(stream, status) {
                                received.lock().unwrap().push(request);
                            }
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        Endpoint {
            port,
            received,
            stop,
            thread: Some(thread),
        }
    }

    /// Its URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hook", self.port)
    }

    /// The requests so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Reads one request and answers it with `status`, closing the connection.
fn serve_one(stream: TcpStream, status: u16) -> Option<Received> {
    stream.set_nonblocking(false).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        let (name, value) = trimmed.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let answer = format!("{{\"answered\":{status}}}");
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status} Status\r\nContent-Type: application/json\r\nX-App: endpoint\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{answer}",
        answer.len()
    )
    .ok()?;
    stream.flush().ok()?;
    Some(Received { headers, body })
}

/// A running `sgpay` whose stdout is read line by line; killed when dropped.
pub struct Running {
    child: Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Running {
    /// Starts `sgpay args...` in `folder`.
    pub fn start(folder: &Path, args: &[&str]) -> Running {
        let mut child = sgpay(folder)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Running { child, lines }
    }

    /// The next line of stdout; panics after 20 s.
    pub fn next_line(&self) -> String {
        self.lines
            .recv_timeout(Duration::from_secs(20))
            .expect("a line on stdout")
    }

    /// The child process.
    pub fn child(&mut self) -> &mut Child {
        &mut self.child
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
