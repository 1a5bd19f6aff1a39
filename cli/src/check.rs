//! `sgpay check`: every step from the configuration to a signed call, each told in plain
//! words with what to do; the exit status is that of the first step that failed.

use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::path::Path;
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};
use sgpay::ffi::{SGPAY_ERR_CONFIG, SGPAY_ERR_JOURNAL, SGPAY_ERR_NOT_SENT};
use sgpay::{CallOptions, Client, Config, JournalLocation, PartnerPublicKey};

use crate::config::ConfigFile;
use crate::failure::Failure;
use crate::output::{self, BAD, BOLD, GOOD, Out, WARN};

/// Largest difference between the server's clock and ours that passes.
const MAX_CLOCK_SKEW: Duration = Duration::from_secs(5 * 60);
/// What the local sign-and-verify step signs.
const PROBE_BODY: &[u8] = br#"{"type":"sgpay.check"}"#;

/// How one step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Pass,
    Fail,
    Skip,
}

/// One step of the check.
#[derive(Debug)]
struct Step {
    name: &'static str,
    verdict: Verdict,
    detail: String,
    /// The exit status a failure of this step ends with.
    status: i32,
}

/// The steps so far.
#[derive(Debug, Default)]
struct Report {
    steps: Vec<Step>,
}

impl Report {
    fn pass(&mut self, name: &'static str, detail: impl Into<String>) {
        self.add(name, Verdict::Pass, detail.into(), 0);
    }

    fn fail(&mut self, name: &'static str, status: i32, detail: impl Into<String>) {
        self.add(name, Verdict::Fail, detail.into(), status);
    }

    fn skip(&mut self, name: &'static str, detail: impl Into<String>) {
        self.add(name, Verdict::Skip, detail.into(), 0);
    }

    fn add(&mut self, name: &'static str, verdict: Verdict, detail: String, status: i32) {
        self.steps.push(Step {
            name,
            verdict,
            detail,
            status,
        });
    }

    /// The exit status: that of the first failure, else 0.
    fn status(&self) -> i32 {
        self.steps
            .iter()
            .find(|s| s.verdict == Verdict::Fail)
            .map_or(0, |s| s.status)
    }
}

/// Runs every step and prints the report; fails with the first failure's status.
pub fn check(config: Option<&Path>, out: &Out) -> Result<(), Failure> {
    let mut report = Report::default();
    let mut context = json!({});
    output::while_waiting("checking", || run(config, &mut report, &mut context));
    print(&report, &context, out);
    match report.status() {
        0 => Ok(()),
        status => {
            let first = report
                .steps
                .iter()
                .find(|s| s.verdict == Verdict::Fail)
                .map(|s| format!("{}: {}", s.name, s.detail))
                .unwrap_or_default();
            // The report already said it all; the failure only sets the exit status.
            Err(Failure::new(status, first, "").quiet())
        }
    }
}

fn run(explicit: Option<&Path>, report: &mut Report, context: &mut Value) {
    let file = match ConfigFile::locate(explicit) {
        Ok(file) => file,
        Err(failure) => return report.fail("configuration", failure.status, failure.message),
    };
    context["config_path"] = json!(file.path.display().to_string());
    let config = match file.parse() {
        Ok(config) => config,
        Err(failure) => return report.fail("configuration", failure.status, failure.message),
    };
    report.pass(
        "configuration",
        format!(
            "{}: {} for project {}",
            file.path.display(),
            config.base_url,
            config.project
        ),
    );
    let public = PartnerPublicKey::from_config(&config);
    match &public {
        Some(key) => {
            context["fingerprint"] = json!(key.fingerprint());
            report.pass(
                "key",
                format!("RSA {} bits, fingerprint {}", key.bits(), key.fingerprint()),
            );
        }
        None => report.pass("key", "HMAC-SHA256 shared secret"),
    }
    match sign_and_verify(&config, public.as_ref(), &file.text) {
        Ok(how) => report.pass("local signature", how),
        Err(why) => return report.fail("local signature", SGPAY_ERR_CONFIG, why),
    }
    let journal = config
        .journal
        .as_ref()
        .map(|journal| match &journal.location {
            JournalLocation::File { path, .. } => format!("{path} opens and is writable"),
            JournalLocation::Shared { url, schema } => format!(
                "{} answers, schema \"{schema}\" is up to date",
                url.redacted()
            ),
        });
    let client = match Client::new(config) {
        Ok(client) => {
            match journal {
                Some(found) => report.pass("journal", found),
                None => report.skip(
                    "journal",
                    "no journal_path or journal_url: payments are not journaled \
                     (recommended on a till)",
                ),
            }
            client
        }
        Err(error) => {
            let failure = Failure::from(error);
            if failure.status != SGPAY_ERR_JOURNAL {
                return report.fail("connection settings", failure.status, failure.message);
            }
            report.fail("journal", failure.status, failure.message);
            // The network can still be checked, with a client that journals nothing.
            let without_journal = file.parse().ok().and_then(|mut config| {
                config.journal = None;
                Client::new(config).ok()
            });
            match without_journal {
                Some(client) => client,
                None => return,
            }
        }
    };
    let config = client.config();
    if let Err(why) = reach(config) {
        report.fail("network", SGPAY_ERR_NOT_SENT, why);
        report.skip("TLS and HTTP", "the host cannot be reached");
        report.skip("signed call", "the host cannot be reached");
        return;
    }
    let target = match &config.proxy {
        Some(_) => "the proxy",
        None => "the host",
    };
    report.pass(
        "network",
        format!("{target} resolves and accepts TCP connections"),
    );
    let probe = match client.probe() {
        Ok(probe) => probe,
        Err(error) => {
            let failure = Failure::from(error);
            report.fail("TLS and HTTP", failure.status, failure.message);
            report.skip("signed call", "the host does not answer HTTP");
            return;
        }
    };
    let tls = if config.base_url.starts_with("https://") {
        "TLS handshake verified, "
    } else {
        "plain HTTP (loopback only), "
    };
    report.pass(
        "TLS and HTTP",
        format!(
            "{tls}HTTP {} in {} ms",
            probe.http_status,
            probe.elapsed.as_millis()
        ),
    );
    match probe.server_date {
        Some(date) => clock(report, date),
        None => report.skip("clock", "the server sent no Date header"),
    }
    signed_call(report, &client, public.as_ref());
}

/// Signs locally and verifies the signature with the key's public half (or the secret).
fn sign_and_verify(
    config: &Config,
    public: Option<&PartnerPublicKey>,
    config_text: &str,
) -> Result<String, String> {
    use base64::Engine as _;
    let signature = config
        .signer
        .sign(PROBE_BODY)
        .map_err(|e| format!("signing failed: {e}"))?;
    let signature = base64::engine::general_purpose::STANDARD
        .decode(signature)
        .map_err(|_| "the signature is not Base64".to_owned())?;
    match public {
        Some(key) => {
            let verifier = aws_lc_rs::signature::UnparsedPublicKey::new(
                &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
                key.spki_der(),
            );
            verifier.verify(PROBE_BODY, &signature).map_err(|_| {
                "a signature made with the private key does not verify with its public key"
                    .to_owned()
            })?;
            Ok("RSA-SHA256 signature made and verified".into())
        }
        None => {
            let secret = serde_json::from_str::<Value>(config_text)
                .ok()
                .and_then(|v| v["hmac_secret"].as_str().map(str::to_owned))
                .unwrap_or_default();
            let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret.as_bytes());
            aws_lc_rs::hmac::verify(&key, PROBE_BODY, &signature)
                .map_err(|_| "the HMAC signature does not verify".to_owned())?;
            Ok("HMAC-SHA256 signature made and verified".into())
        }
    }
}

/// Resolves the host (or the proxy) and opens a TCP connection to it.
fn reach(config: &Config) -> Result<(), String> {
    let (url, what) = match &config.proxy {
        Some(proxy) => (proxy.as_str(), "the proxy"),
        None => (config.base_url.as_str(), "the API host"),
    };
    let uri: hyper::Uri = url
        .parse()
        .map_err(|_| format!("{what} '{url}' is not a URL"))?;
    let host = uri.host().unwrap_or_default();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let port = uri
        .port_u16()
        .unwrap_or(if uri.scheme_str() == Some("https") {
            443
        } else {
            80
        });
    let addresses: Vec<SocketAddr> = (bare, port)
        .to_socket_addrs()
        .map_err(|e| {
            format!(
                "the name of {what} '{host}' does not resolve ({e}): check the address and \
                 this computer's DNS"
            )
        })?
        .collect();
    let mut last = None;
    for address in &addresses {
        match TcpStream::connect_timeout(address, config.connect_timeout) {
            Ok(_) => return Ok(()),
            Err(e) => last = Some(e),
        }
    }
    let why = last.map_or_else(|| "no address".to_owned(), |e| e.to_string());
    Err(format!(
        "{what} {host}:{port} cannot be reached ({why}): is the address right, and does a \
         firewall let this computer out? Nothing was sent"
    ))
}

fn clock(report: &mut Report, server: SystemTime) {
    let now = SystemTime::now();
    let (skew, ahead) = match server.duration_since(now) {
        Ok(d) => (d, "ahead of"),
        Err(e) => (e.duration(), "behind"),
    };
    // The Date header has whole seconds.
    if skew <= MAX_CLOCK_SKEW {
        report.pass(
            "clock",
            format!("within {} s of the server's", skew.as_secs().max(1)),
        );
    } else {
        report.fail(
            "clock",
            SGPAY_ERR_CONFIG,
            format!(
                "the server's clock is {} minutes {ahead} this computer's: set this \
                 computer's clock (NTP); dates in requests and certificate checks depend on it",
                skew.as_secs() / 60
            ),
        );
    }
}

/// One signed read-only call: proves the server knows the project and the key.
fn signed_call(report: &mut Report, client: &Client, public: Option<&PartnerPublicKey>) {
    let now = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    let body = json!({"request_datetime": now}).to_string();
    let error = match client.call("wallet/balance", &body, &CallOptions::default()) {
        Ok(_) => {
            return report.pass(
                "signed call",
                "wallet/balance answered: the server accepts this project and key",
            );
        }
        Err(error) => error,
    };
    let project = &client.config().project;
    let status = error.status();
    let detail = match &error.error {
        sgpay::Error::Api { code, .. } if code == "invalid_sign" => match public {
            Some(key) => format!(
                "the server does not accept this key's signatures: register the public key \
                 with fingerprint {} for project {project} with Smart Glocal (`sgpay key show` \
                 prints it), or point private_key_path at the key you registered",
                key.fingerprint()
            ),
            None => "the server does not accept the HMAC signature: check hmac_secret".into(),
        },
        sgpay::Error::Api { code, .. } if code == "partner_project_not_found" => format!(
            "the server does not know the project \"{project}\": check \"project\" in the \
             configuration against what Smart Glocal issued"
        ),
        _ => Failure::from(error).message,
    };
    report.fail("signed call", status, detail);
}

fn print(report: &Report, context: &Value, out: &Out) {
    if out.json {
        let checks: Vec<Value> = report
            .steps
            .iter()
            .map(|s| {
                json!({
                    "name": s.name,
                    "result": match s.verdict {
                        Verdict::Pass => "pass",
                        Verdict::Fail => "fail",
                        Verdict::Skip => "skipped",
                    },
                    "detail": s.detail,
                    "status": (s.verdict == Verdict::Fail).then_some(s.status),
                })
            })
            .collect();
        let status = report.status();
        out.document(&json!({
            "status": if status == 0 { "ok" } else { "error" },
            "exit_status": status,
            "config_path": context["config_path"],
            "fingerprint": context["fingerprint"],
            "checks": checks,
        }));
        return;
    }
    for step in &report.steps {
        let mark = match step.verdict {
            Verdict::Pass => format!("{GOOD}ok  {GOOD:#}"),
            Verdict::Fail => format!("{BAD}FAIL{BAD:#}"),
            Verdict::Skip => format!("{WARN}skip{WARN:#}"),
        };
        out.line(&format!("{mark}  {:<18}  {}", step.name, step.detail));
    }
    let failed = report
        .steps
        .iter()
        .filter(|s| s.verdict == Verdict::Fail)
        .count();
    if failed == 0 {
        out.line(&format!("{BOLD}All checks passed.{BOLD:#}"));
    } else {
        out.line(&format!(
            "{BAD}{failed} check{} failed{BAD:#} (exit status {}).",
            if failed == 1 { "" } else { "s" },
            report.status()
        ));
    }
}
