//! The first day through the built `sgpay`: keygen, key show, check against sandboxes that
//! do and do not know the key, a closed port and a malformed configuration, and the
//! command line's own manners (usage errors, --version, --help).

mod common;

use common::{Scratch, fixture, run, sandbox_with_key};
use serde_json::json;

/// `openssl pkey -in tests/fixtures/partner_key.pem -pubout -outform DER | openssl dgst
/// -sha256 -binary | base64`
const FIXTURE_FINGERPRINT: &str = "SHA256:5r4uEsapJSzI4UG95P26YXaOrC0A8GrhXSHeGjkk6Gg=";

#[test]
fn keygen_then_a_sandbox_that_knows_the_key_passes_check() {
    let dir = Scratch::new("keygen-check");
    let made = run(dir.path(), &["keygen", "--json"]);
    assert_eq!(made.code, 0, "{made:?}");
    let made = made.json();
    let key_path = dir.join("partner.pem");
    let pem = std::fs::read_to_string(&key_path).unwrap();
    assert!(
        pem.starts_with("-----BEGIN PRIVATE KEY-----\n"),
        "PKCS#8 PEM"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "readable by its owner only");
    }
    assert_eq!(made["bits"], 2048);
    let fingerprint = made["fingerprint"].as_str().unwrap().to_owned();
    assert!(fingerprint.starts_with("SHA256:"), "{fingerprint}");

    // `key show` gives the same public key and fingerprint, from the file and from the config.
    let shown = run(dir.path(), &["key", "show", "partner.pem", "--json"]).json();
    assert_eq!(shown["fingerprint"], made["fingerprint"]);
    assert_eq!(shown["public_key_pem"], made["public_key_pem"]);

    let sandbox = sandbox_with_key(made["public_key_pem"].as_str().unwrap(), None);
    dir.write_config(
        "sgpay.json",
        &json!({"base_url": sandbox.url(), "project": "test-project",
                "private_key_path": "partner.pem", "journal_path": "journal.db"}),
    );
    let from_config = run(dir.path(), &["key", "show"]);
    assert_eq!(from_config.code, 0, "{from_config:?}");
    assert!(from_config.stdout.contains(&fingerprint));

    let before = common::requests(&sandbox, "wallet/balance");
    let check = run(dir.path(), &["check"]);
    assert_eq!(check.code, 0, "{check:?}");
    assert!(check.stdout.contains("All checks passed"), "{check:?}");
    assert!(!check.stdout.contains("FAIL"), "{check:?}");
    assert_eq!(
        common::requests(&sandbox, "wallet/balance"),
        before + 1,
        "one signed call"
    );

    let report = run(dir.path(), &["check", "--json"]).json();
    assert_eq!(report["status"], "ok");
    assert_eq!(report["fingerprint"], made["fingerprint"]);
    let checks = report["checks"].as_array().unwrap();
    for step in [
        "configuration",
        "key",
        "local signature",
        "journal",
        "network",
        "signed call",
    ] {
        assert!(
            checks.iter().any(|c| c["name"] == step),
            "{step} missing from {report}"
        );
    }
    assert!(checks.iter().all(|c| c["result"] != "fail"), "{report}");
    sandbox.stop();
}

#[test]
fn check_against_a_sandbox_with_another_key_exits_20_with_the_fingerprint_to_register() {
    let dir = Scratch::new("other-key");
    let sandbox = sandbox_with_key(
        &std::fs::read_to_string(fixture("other_pub.pem")).unwrap(),
        None,
    );
    let config = dir.write_config(
        "partner.json",
        &json!({"base_url": sandbox.url(), "project": "test-project",
                "private_key_path": fixture("partner_key.pem").display().to_string()}),
    );
    // The configuration comes from $SGPAY_CONFIG here.
    let check: common::Run = common::sgpay(dir.path())
        .arg("check")
        .env("SGPAY_CONFIG", &config)
        .output()
        .unwrap()
        .into();
    assert_eq!(check.code, 20, "{check:?}");
    let failed = check.first_failure();
    assert!(failed.contains("signed call"), "{failed}");
    assert!(failed.contains("register"), "{failed}");
    assert!(failed.contains(FIXTURE_FINGERPRINT), "{failed}");
    sandbox.stop();
}

#[test]
fn check_against_a_closed_port_exits_10() {
    let dir = Scratch::new("closed-port");
    let port = common::free_port();
    let config = dir.write_config(
        "c.json",
        &json!({"base_url": format!("http://127.0.0.1:{port}"), "project": "p",
                "private_key_path": fixture("partner_key.pem").display().to_string()}),
    );
    let check = run(dir.path(), &["--config", config.to_str().unwrap(), "check"]);
    assert_eq!(check.code, 10, "{check:?}");
    let failed = check.first_failure();
    assert!(
        failed.contains("network") && failed.contains("cannot be reached"),
        "{failed}"
    );
    assert!(check.stdout.contains("skip  signed call"), "{check:?}");
}

#[test]
fn a_malformed_config_exits_2_naming_the_problem() {
    let dir = Scratch::new("bad-config");
    std::fs::write(
        dir.join("sgpay.json"),
        r#"{"base_url": "https://example.test", "project": "p", "hmac_secret": "s", "colour": 1}"#,
    )
    .unwrap();
    let check = run(dir.path(), &["check"]);
    assert_eq!(check.code, 2, "{check:?}");
    assert!(
        check.stdout.contains("colour"),
        "names the unknown key: {check:?}"
    );
    // Every command reads the configuration the same way.
    let call = run(
        dir.path(),
        &["call", "session/status", r#"{"session_id":"ps_1"}"#],
    );
    call.assert_failed(2, &["sgpay.json", "colour"]);

    std::fs::write(dir.join("sgpay.json"), "{not json").unwrap();
    let check = run(dir.path(), &["check", "--json"]);
    assert_eq!(check.code, 2, "{check:?}");
    let report = check.json();
    assert_eq!(report["checks"][0]["result"], "fail");
    assert!(
        report["checks"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("invalid configuration JSON")
    );

    std::fs::remove_file(dir.join("sgpay.json")).unwrap();
    // A missing configuration: named, and what to do about it (`--config`) said.
    run(dir.path(), &["journal", "list"])
        .assert_failed(2, &["sgpay.json", "does not exist", "--config"]);
}

#[test]
fn keygen_never_overwrites_without_force() {
    let dir = Scratch::new("keygen-force");
    std::fs::write(dir.join("partner.pem"), "keep me").unwrap();
    run(dir.path(), &["keygen"]).assert_failed(1, &["already exists", "--force"]);
    assert_eq!(
        std::fs::read_to_string(dir.join("partner.pem")).unwrap(),
        "keep me"
    );

    let other = run(
        dir.path(),
        &["keygen", "--out", "till.pem", "--bits", "3072", "--json"],
    );
    assert_eq!(other.code, 0, "{other:?}");
    assert_eq!(other.json()["bits"], 3072);
    assert_eq!(
        std::fs::read_to_string(dir.join("partner.pem")).unwrap(),
        "keep me"
    );

    let forced = run(dir.path(), &["keygen", "--force"]);
    assert_eq!(forced.code, 0, "{forced:?}");
    let replaced = std::fs::read_to_string(dir.join("partner.pem")).unwrap();
    assert!(replaced.starts_with("-----BEGIN PRIVATE KEY-----"));
    assert!(forced.stdout.contains("-----BEGIN PUBLIC KEY-----"));
    assert!(
        !forced.stdout.contains("PRIVATE KEY"),
        "the private key is never printed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let bad_bits = run(
        dir.path(),
        &["keygen", "--bits", "1024", "--out", "weak.pem"],
    );
    assert_eq!(bad_bits.code, 64, "{bad_bits:?}");
    assert!(!dir.join("weak.pem").exists());
}

#[test]
fn key_show_reads_pkcs1_and_pkcs8_and_refuses_other_files() {
    let dir = Scratch::new("key-show");
    for name in ["partner_key.pem", "partner_key_pkcs1.pem"] {
        let path = fixture(name);
        let shown = run(dir.path(), &["key", "show", path.to_str().unwrap()]);
        assert_eq!(shown.code, 0, "{shown:?}");
        assert!(shown.stdout.contains(FIXTURE_FINGERPRINT), "{shown:?}");
        let public = std::fs::read_to_string(fixture("partner_pub.pem")).unwrap();
        let body = |pem: &str| {
            pem.lines()
                .filter(|l| !l.starts_with("-----"))
                .collect::<String>()
        };
        assert!(shown.stdout.contains(&public) || body(&shown.stdout).contains(&body(&public)));
    }
    let public = fixture("partner_pub.pem");
    run(dir.path(), &["key", "show", public.to_str().unwrap()])
        .assert_failed(2, &["not a PEM private key"]);
}

#[test]
fn usage_errors_exit_64_and_help_lists_the_exit_statuses() {
    let dir = Scratch::new("usage");
    for args in [
        &["frobnicate"][..],
        &["pay"],
        &["journal", "list", "--state", "lost"],
        &[],
    ] {
        let wrong = run(dir.path(), args);
        assert_eq!(wrong.code, 64, "{args:?}: {wrong:?}");
    }
    let help = run(dir.path(), &["--help"]);
    assert_eq!(help.code, 0);
    for line in [
        "0  ok",
        "1  invalid argument",
        "2  configuration",
        "10  not sent",
        "11  outcome unknown",
        "20  API error",
        "21  protocol",
        "30  signature",
        "40  journal",
        "64  usage",
    ] {
        assert!(help.stdout.contains(line), "--help lacks {line:?}");
    }
    let call_help = run(dir.path(), &["call", "--help"]);
    assert!(
        call_help.stdout.contains("session/start/payment"),
        "lists the operations"
    );
    let version = run(dir.path(), &["--version"]);
    assert_eq!(version.code, 0);
    assert!(version.stdout.contains(env!("CARGO_PKG_VERSION")));
    assert!(version.stdout.contains("library sgpay"), "{version:?}");
}

#[test]
fn the_sandbox_subcommand_serves_what_check_and_pay_need() {
    let dir = Scratch::new("sandbox-subcommand");
    let public = fixture("partner_pub.pem");
    let sandbox = common::Running::start(
        dir.path(),
        &[
            "sandbox",
            "--listen",
            "127.0.0.1:0",
            "--partner-public-key",
            public.to_str().unwrap(),
            "--processing-delay-ms",
            "10",
            "--webhook-key-out",
            "webhook.pem",
        ],
    );
    let ready = sandbox.next_line();
    let url = ready
        .strip_prefix("sgpay-sandbox listening on ")
        .unwrap_or_else(|| panic!("{ready}"))
        .to_owned();
    assert!(dir.join("webhook.pem").exists(), "the sandbox's flags work");
    dir.write_config(
        "sgpay.json",
        &json!({"base_url": url, "project": "test-project",
                "private_key_path": fixture("partner_key.pem").display().to_string()}),
    );
    let check = run(dir.path(), &["check"]);
    assert_eq!(check.code, 0, "{check:?}");
    let paid = common::run_with_stdin(
        dir.path(),
        &["--json", "pay", "-"],
        &common::sale(common::GOOD_CARD).to_string(),
    );
    assert_eq!(paid.code, 0, "{paid:?}");
    assert_eq!(paid.json()["outcome"], "succeeded");
    drop(sandbox);
}

#[test]
fn check_tells_a_refused_tls_handshake_from_a_trusted_one() {
    let dir = Scratch::new("tls");
    let sandbox = sgpay_sandbox::Sandbox::start(sgpay_sandbox::SandboxConfig {
        auth: sgpay_sandbox::Auth::RsaPublicKeyPem(
            std::fs::read_to_string(fixture("partner_pub.pem")).unwrap(),
        ),
        project: "test-project".into(),
        tls: true,
        ..Default::default()
    })
    .unwrap();
    assert!(sandbox.url().starts_with("https://"));
    std::fs::write(dir.join("ca.pem"), sandbox.tls_certificate_pem().unwrap()).unwrap();
    let key = fixture("partner_key.pem").display().to_string();
    let untrusted = dir.write_config(
        "untrusted.json",
        &json!({"base_url": sandbox.url(), "project": "test-project", "private_key_path": key}),
    );
    let check = run(
        dir.path(),
        &["--config", untrusted.to_str().unwrap(), "check"],
    );
    assert_eq!(check.code, 10, "{check:?}");
    let failed = check.first_failure();
    assert!(
        failed.contains("TLS handshake") && failed.contains("ca_bundle_path"),
        "{failed}"
    );
    assert!(
        check.stdout.contains("ok    network"),
        "TCP worked: {check:?}"
    );

    let trusted = dir.write_config(
        "trusted.json",
        &json!({"base_url": sandbox.url(), "project": "test-project", "private_key_path": key,
                "ca_bundle_path": "ca.pem"}),
    );
    let check = run(
        dir.path(),
        &["--config", trusted.to_str().unwrap(), "check"],
    );
    assert_eq!(check.code, 0, "{check:?}");
    assert!(check.stdout.contains("TLS handshake verified"), "{check:?}");
    sandbox.stop();
}

#[test]
fn check_says_when_the_journal_cannot_be_written_and_still_checks_the_rest() {
    let dir = Scratch::new("journal-dir");
    let sandbox = common::fixture_sandbox();
    std::fs::create_dir(dir.join("journal.db")).unwrap();
    dir.write_config(
        "sgpay.json",
        &common::config_for(&sandbox, json!({"journal_path": "journal.db"})),
    );
    let check = run(dir.path(), &["--json", "check"]);
    assert_eq!(check.code, 40, "{check:?}");
    let report = check.json();
    let step = |name: &str| {
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name} step: {report}"))
    };
    assert_eq!(step("journal")["result"], "fail");
    assert!(
        step("journal")["detail"]
            .as_str()
            .unwrap()
            .contains("journal.db")
    );
    assert_eq!(step("signed call")["result"], "pass", "{report}");
    sandbox.stop();
}
