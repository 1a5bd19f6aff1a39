//! Runs every contender for every signing mode and operation, in interleaved rounds, each
//! run against a freshly reset sandbox, and gathers the per-call durations.

use std::collections::HashMap;
use std::io::Write;

use crate::contenders::{self, CONTENDERS, Contender, Paths};
use crate::placement::Placement;
use crate::sandbox::SandboxProcess;
use crate::stats::Summary;
use crate::workload::{Auth, ClientArgs, Op};

/// Identifies one row of the per-call table.
pub type RowKey = (Auth, Op, &'static str);

/// Calls per run; scaled by `SGPAY_BENCH_SCALE` (e.g. 0.1 for a quick look).
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Interleaved rounds; each contender runs once per round and configuration.
    pub rounds: usize,
    /// Untimed and timed calls per run with HMAC.
    pub hmac: (usize, usize),
    /// Untimed and timed calls per run with RSA.
    pub rsa: (usize, usize),
}

impl Plan {
    /// The default plan, scaled.
    pub fn scaled(scale: f64) -> Plan {
        let scaled = |n: f64| ((n * scale).round() as usize).max(1);
        Plan {
            rounds: 5,
            hmac: (scaled(100.0), scaled(1500.0)),
            rsa: (scaled(20.0), scaled(250.0)),
        }
    }

    fn calls(&self, auth: Auth) -> (usize, usize) {
        match auth {
            Auth::Hmac => self.hmac,
            Auth::Rsa => self.rsa,
        }
    }
}

/// A sandbox per signing mode and the credential clients sign with.
pub struct Target<'a> {
    /// The sandbox.
    pub sandbox: &'a SandboxProcess,
    /// Signing mode.
    pub auth: Auth,
    /// HMAC secret or RSA key path.
    pub credential: String,
    /// Where the sandbox runs; each client runs there too.
    pub placement: Placement,
}

/// Durations per row, and the rows whose program failed (with why).
#[derive(Default)]
pub struct Measurements {
    /// Nanoseconds per timed call.
    pub samples: HashMap<RowKey, Vec<u64>>,
    /// Failure message per row.
    pub failures: HashMap<RowKey, String>,
}

impl Measurements {
    /// The summary of one row, when it was measured.
    pub fn summary(&self, auth: Auth, op: Op, key: &str) -> Option<Summary> {
        Summary::of(self.samples.get(&(auth, op, static_key(key)?))?)
    }

    /// Why one row's program failed, when it did.
    pub fn failure(&self, auth: Auth, op: Op, key: &str) -> Option<&str> {
        let why = self.failures.get(&(auth, op, static_key(key)?))?;
        Some(why.as_str())
    }
}

/// `key` as the `'static` name rows are stored under.
fn static_key(key: &str) -> Option<&'static str> {
    CONTENDERS.iter().map(|c| c.key).find(|k| *k == key)
}

/// Runs the per-call matrix of `contenders` (keys of [`CONTENDERS`]), each client placed
/// where its target's sandbox is.
pub fn run_all(
    paths: &Paths,
    targets: &[Target<'_>],
    plan: &Plan,
    contenders: &[&str],
) -> Measurements {
    let chosen: Vec<&'static Contender> = CONTENDERS
        .iter()
        .filter(|c| contenders.contains(&c.key))
        .collect();
    let mut measurements = Measurements::default();
    for round in 0..plan.rounds {
        for target in targets {
            for op in [Op::Status, Op::Start] {
                for contender in rotated(&chosen, round) {
                    let key = (target.auth, op, contender.key);
                    if measurements.failures.contains_key(&key) {
                        continue;
                    }
                    progress(round, plan.rounds, target.auth, op, contender);
                    match run_one(paths, target, op, contender, plan) {
                        Ok(samples) => measurements.samples.entry(key).or_default().extend(samples),
                        Err(error) => {
                            eprintln!("  {} failed: {error}", contender.key);
                            measurements.failures.insert(key, error);
                        }
                    }
                }
            }
        }
    }
    eprintln!();
    measurements
}

/// Contenders in a different order each round, so that none is always first after a reset.
fn rotated<'a>(
    chosen: &'a [&'static Contender],
    round: usize,
) -> impl Iterator<Item = &'static Contender> + 'a {
    let n = chosen.len();
    (0..n).map(move |i| chosen[(i + round * 3) % n])
}

fn progress(round: usize, rounds: usize, auth: Auth, op: Op, contender: &Contender) {
    eprint!(
        "\rround {}/{rounds}: {} {} {:<12}",
        round + 1,
        auth.name(),
        op.name(),
        contender.key
    );
    let _ = std::io::stderr().flush();
}

fn run_one(
    paths: &Paths,
    target: &Target<'_>,
    op: Op,
    contender: &Contender,
    plan: &Plan,
) -> Result<Vec<u64>, String> {
    target.sandbox.reset()?;
    let (warmup, calls) = plan.calls(target.auth);
    let args = ClientArgs {
        base_url: target.sandbox.url().to_owned(),
        project: crate::sandbox::PROJECT.to_owned(),
        auth: target.auth,
        credential: target.credential.clone(),
        op,
        warmup,
        calls,
    };
    let mut command = contenders::command(contender, paths);
    target.placement.apply(&mut command);
    let output = crate::process::run(command.args(args.to_args()), contender.key)?;
    let samples = parse_samples(&String::from_utf8_lossy(&output.stdout))?;
    if samples.len() != calls {
        return Err(format!(
            "printed {} durations, expected {calls}",
            samples.len()
        ));
    }
    Ok(samples)
}

fn parse_samples(stdout: &str) -> Result<Vec<u64>, String> {
    stdout
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            line.trim()
                .parse()
                .map_err(|_| format!("not a duration: {line:?}"))
        })
        .collect()
}
