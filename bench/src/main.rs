//! `sgpay-bench`: the benchmark table of `make bench`.
//!
//! - `sgpay-bench run [--root DIR]` measures everything and prints the table (also written to
//!   `bench/results.md`). `SGPAY_BENCH_SCALE=0.1` shortens every run for a quick look.
//! - `sgpay-bench client ARGS` is the measured Rust API client, `sgpay-bench floor ARGS` the
//!   raw-socket floor; `ARGS` as described in [`workload`].
//! - `sgpay-bench instructions [--root DIR]` prints only the callgrind section: instructions
//!   per HMAC `session/status` call from C, sgpay against libcurl + OpenSSL.
//! - `sgpay-bench windows [--root DIR]` prints only the Windows sections: RSA-2048
//!   signatures per second of sgpay.dll x64 and x86 under Wine, and the stripped sizes of
//!   `libsgpay.so` and both DLLs, each against commit 8deefc9 (ring).
//! - `sgpay-bench sign KEY_PATH SECONDS` prints sgpay's RSA signatures per second (to profile).
//! - `sgpay-bench pay-sales URL PROJECT SECRET JOURNAL N` pays N sales through one journaled
//!   client: the process whose fsyncs the journal section counts.

mod contenders;
mod floor;
mod fsyncs;
mod http;
mod instructions;
mod journal;
mod machine;
mod memory;
mod placement;
/// The throwaway PostgreSQL cluster of the shared journal's row (the tests' own).
#[allow(dead_code)]
#[path = "../../tests/common/postgres.rs"]
mod postgres;
mod process;
mod report;
mod runner;
mod rust_client;
mod sandbox;
mod signing;
mod sizes;
mod stats;
mod targets;
mod threads;
mod wine;
mod wine_signing;
mod workload;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use contenders::{CONTENDERS, FREE_SCHEDULING, Paths};
use placement::Placement;
use report::Results;
use runner::{Plan, Target};
use sandbox::SandboxProcess;
use workload::{Auth, ClientArgs};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("client") => measured_client(&args[1..], rust_client::run),
        Some("floor") => measured_client(&args[1..], floor::run),
        Some("run") => run(&args[1..]),
        Some("sign") => sign(&args[1..]),
        Some("journal") => journal_only(&args[1..]),
        Some("instructions") => instructions_only(&args[1..]),
        Some("windows") => windows_only(&args[1..]),
        Some("pay-sales") => fsyncs::pay_sales(&args[1..]),
        _ => Err(
            "usage: sgpay-bench run [--root DIR] | journal [--root DIR] | instructions [--root DIR] \
             | windows [--root DIR] | client ARGS | floor ARGS | sign KEY_PATH SECONDS \
             | pay-sales URL PROJECT SECRET JOURNAL N"
                .into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sgpay-bench: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs a measured client and prints one duration (ns) per timed call.
fn measured_client(
    args: &[String],
    client: fn(&ClientArgs) -> Result<Vec<u64>, String>,
) -> Result<(), String> {
    let args = ClientArgs::parse(args)?;
    let samples = client(&args)?;
    let mut text = String::with_capacity(samples.len() * 8);
    for sample in samples {
        text.push_str(&sample.to_string());
        text.push('\n');
    }
    std::io::stdout()
        .write_all(text.as_bytes())
        .map_err(|e| e.to_string())
}

/// Prints sgpay's RSA signatures per second, for profiling the signer alone.
fn sign(args: &[String]) -> Result<(), String> {
    let [key_path, seconds] = args else {
        return Err("usage: sgpay-bench sign KEY_PATH SECONDS".into());
    };
    let seconds: f64 = seconds
        .parse()
        .map_err(|_| format!("{seconds:?} is not seconds"))?;
    println!("{:.0}", signing::sgpay_signs_per_s(key_path, seconds)?);
    Ok(())
}

/// Measures and prints only the journal's section of the table.
fn journal_only(args: &[String]) -> Result<(), String> {
    let root = root(args)?;
    let sandbox_binary = contenders::target_dir(&root).join("release/sgpay-sandbox");
    let hmac = SandboxProcess::start(
        &sandbox_binary,
        &["--hmac-secret", sandbox::HMAC_SECRET],
        Placement::Free,
    )?;
    let report = journal::measure(
        &root,
        hmac.url(),
        sandbox::PROJECT,
        sandbox::HMAC_SECRET,
        scale()?,
    );
    let mut out = String::new();
    journal::render(&mut out, &report);
    print!("{out}");
    Ok(())
}

/// Measures and prints only the callgrind section of the table, with its target.
fn instructions_only(args: &[String]) -> Result<(), String> {
    let paths = paths(args)?;
    let hmac = SandboxProcess::start(
        &paths.release_dir().join("sgpay-sandbox"),
        &["--hmac-secret", sandbox::HMAC_SECRET],
        Placement::Free,
    )?;
    let counts = instructions::measure(&paths, &hmac);
    let mut out = String::new();
    instructions::render(&mut out, &counts);
    targets::instructions_target(&mut out, &counts);
    print!("{out}");
    Ok(())
}

/// Measures and prints only the Windows sections: signatures per second under Wine, sizes.
fn windows_only(args: &[String]) -> Result<(), String> {
    let paths = paths(args)?;
    let (hmac, rsa) = sandboxes(&paths, Placement::Free)?;
    let sandboxes = wine_signing::Sandboxes {
        hmac: &hmac,
        rsa: &rsa,
    };
    let rates = wine_signing::measure(&paths, &sandboxes);
    let mut out = String::new();
    wine_signing::render(&mut out, &rates);
    sizes::render(&mut out, &sizes::measure(&paths));
    print!("{out}");
    Ok(())
}

/// The HMAC sandbox and the RSA one (`tests/fixtures/partner_pub.pem`), placed as
/// `placement` says.
fn sandboxes(
    paths: &Paths,
    placement: Placement,
) -> Result<(SandboxProcess, SandboxProcess), String> {
    let binary = paths.release_dir().join("sgpay-sandbox");
    let public_key = paths.root.join("tests/fixtures/partner_pub.pem");
    let hmac = SandboxProcess::start(&binary, &["--hmac-secret", sandbox::HMAC_SECRET], placement)?;
    let rsa = SandboxProcess::start(
        &binary,
        &["--partner-public-key", &public_key.to_string_lossy()],
        placement,
    )?;
    Ok((hmac, rsa))
}

/// The per-call matrix of `contenders` for each of `auths`, against sandboxes started for
/// it and placed, with every client, as `placement` says.
fn per_call(
    paths: &Paths,
    placement: Placement,
    auths: &[Auth],
    (plan, contenders): (&Plan, &[&str]),
) -> Result<runner::Measurements, String> {
    let (hmac, rsa) = sandboxes(paths, placement)?;
    let key_path = paths.root.join("tests/fixtures/partner_key.pem");
    let targets: Vec<Target<'_>> = auths
        .iter()
        .map(|&auth| {
            let (sandbox, credential) = match auth {
                Auth::Hmac => (&hmac, sandbox::HMAC_SECRET.to_owned()),
                Auth::Rsa => (&rsa, key_path.to_string_lossy().into_owned()),
            };
            Target {
                sandbox,
                auth,
                credential,
                placement,
            }
        })
        .collect();
    Ok(runner::run_all(paths, &targets, plan, contenders))
}

fn paths(args: &[String]) -> Result<Paths, String> {
    Ok(Paths {
        root: root(args)?,
        bench_exe: std::env::current_exe().map_err(|e| e.to_string())?,
    })
}

fn run(args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let paths = paths(args)?;
    let scale = scale()?;
    let machine = machine::describe(&paths);
    let key_path = paths.root.join("tests/fixtures/partner_key.pem");
    let key_path = key_path.to_string_lossy().into_owned();
    let plan = Plan::scaled(scale);
    let placement = Placement::shared_cpu();
    let all = CONTENDERS.map(|c| c.key);
    let both = [Auth::Hmac, Auth::Rsa];
    let measurements = per_call(&paths, placement, &both, (&plan, &all))?;
    eprintln!("the main HMAC rows again, with free scheduling...");
    let free = (&plan, &FREE_SCHEDULING[..]);
    let free_scheduling = per_call(&paths, Placement::Free, &[Auth::Hmac], free)?;
    let (hmac, rsa) = sandboxes(&paths, Placement::Free)?;
    eprintln!("instructions per call under callgrind...");
    let instructions = instructions::measure(&paths, &hmac);
    eprintln!("threads sharing one client...");
    hmac.reset()?;
    let threads = threads::measure(
        hmac.url(),
        sandbox::PROJECT,
        sandbox::HMAC_SECRET,
        2.0 * scale.min(1.0),
    );
    eprintln!("memory over {} calls...", memory::TOTAL_CALLS);
    hmac.reset()?;
    let memory = memory::measure(&paths, hmac.url(), sandbox::PROJECT, sandbox::HMAC_SECRET);
    eprintln!("journal cost, off vs on...");
    hmac.reset()?;
    let journal = journal::measure(
        &paths.root,
        hmac.url(),
        sandbox::PROJECT,
        sandbox::HMAC_SECRET,
        scale,
    );
    eprintln!("RSA signatures per second (sgpay, then openssl speed)...");
    let signing = (
        signing::sgpay_signs_per_s(&key_path, 3.0),
        signing::openssl_signs_per_s(3),
    );
    eprintln!("sgpay.dll under Wine, RSA against HMAC...");
    let wine_signing = wine_signing::measure(
        &paths,
        &wine_signing::Sandboxes {
            hmac: &hmac,
            rsa: &rsa,
        },
    );
    drop((hmac, rsa));
    let results = Results {
        machine,
        plan,
        placement,
        measurements,
        free_scheduling,
        instructions,
        signing,
        wine_signing,
        sizes: sizes::measure(&paths),
        threads,
        memory,
        journal,
        elapsed_s: started.elapsed().as_secs_f64(),
    };
    let table = report::render(&results);
    print!("{table}");
    let out = paths.root.join("bench/results.md");
    std::fs::write(&out, &table).map_err(|e| format!("cannot write {}: {e}", out.display()))
}

/// `--root DIR`, or the parent of this crate's directory.
fn root(args: &[String]) -> Result<PathBuf, String> {
    match args {
        [] => Ok(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")),
        [flag, dir] if flag == "--root" => Ok(PathBuf::from(dir)),
        _ => Err("usage: sgpay-bench run|journal|instructions|windows [--root DIR]".into()),
    }
    .and_then(|dir| {
        dir.canonicalize()
            .map_err(|e| format!("{}: {e}", dir.display()))
    })
}

fn scale() -> Result<f64, String> {
    match std::env::var("SGPAY_BENCH_SCALE") {
        Ok(text) => text
            .parse::<f64>()
            .ok()
            .filter(|s| *s > 0.0)
            .ok_or_else(|| format!("SGPAY_BENCH_SCALE={text} is not a positive number")),
        Err(_) => Ok(1.0),
    }
}
