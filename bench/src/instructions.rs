//! Instructions per call, counted by callgrind: `session/status` (HMAC) from C, through
//! sgpay's C ABI and through libcurl + OpenSSL. Both programs share one loop
//! (`c/bench_common.h`: warm-up calls, then measured calls); each runs twice under
//! `valgrind --tool=callgrind` with the same warm-up and two call counts, and the
//! difference of the two runs' instruction totals over the difference of their calls is
//! what one call costs, start-up and session set-up cancelled out. Unlike durations, the
//! counts do not depend on what else the machine is doing. Kernel time is not counted.

use std::fmt::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::contenders::{self, CONTENDERS, Contender, Paths};
use crate::sandbox::{self, SandboxProcess};
use crate::workload::{Auth, ClientArgs, Op};

/// Untimed calls before the measured ones, in both runs.
pub const WARMUP: usize = 200;
/// Measured calls of the short and of the long run.
pub const CALLS: [usize; 2] = [200, 1200];
/// The C ABI client and its peer, in table order.
const KEYS: [&str; 2] = ["c-sgpay", "c-curl"];
/// sgpay's instructions per call may be at most this share of the peer's.
pub const TARGET_RATIO: f64 = 0.5;
/// The figures at commit 140ac20, before the one-pass reply check (issue 25), by this same
/// measurement on the machine of `results.md`: sgpay C ABI, then libcurl + OpenSSL.
pub const BEFORE: [u64; 2] = [76_790, 110_580];

/// Instructions per call of one program.
pub struct Count {
    /// The measured program.
    pub contender: &'static Contender,
    /// Instructions per `session/status` call.
    pub per_call: f64,
}

/// Counts both programs against the HMAC sandbox.
pub fn measure(paths: &Paths, hmac: &SandboxProcess) -> Result<Vec<Count>, String> {
    let out_dir = paths.build_dir().join("callgrind");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    KEYS.iter()
        .map(|key| {
            let contender = CONTENDERS
                .iter()
                .find(|c| c.key == *key)
                .ok_or_else(|| format!("no contender {key}"))?;
            let per_call = per_call(paths, hmac, contender, &out_dir)?;
            Ok(Count {
                contender,
                per_call,
            })
        })
        .collect()
}

/// (instructions of the long run − those of the short run) / (its extra calls).
fn per_call(
    paths: &Paths,
    hmac: &SandboxProcess,
    contender: &Contender,
    out_dir: &Path,
) -> Result<f64, String> {
    let mut totals = [0u64; 2];
    for (total, calls) in totals.iter_mut().zip(CALLS) {
        *total = run_counted(paths, hmac, contender, calls, out_dir)?;
    }
    let extra_calls = (CALLS[1] - CALLS[0]) as f64;
    Ok((totals[1] as f64 - totals[0] as f64) / extra_calls)
}

/// Runs the program once under callgrind; returns the instructions it executed.
fn run_counted(
    paths: &Paths,
    hmac: &SandboxProcess,
    contender: &Contender,
    calls: usize,
    out_dir: &Path,
) -> Result<u64, String> {
    hmac.reset()?;
    let out_file = out_dir.join(format!("{}-{calls}.out", contender.key));
    let program = contenders::command(contender, paths);
    let mut command = Command::new("valgrind");
    command
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out_file.display()))
        .arg(program.get_program())
        .args(program.get_args())
        .args(client_args(hmac, calls).to_args());
    for (name, value) in program.get_envs() {
        if let Some(value) = value {
            command.env(name, value);
        }
    }
    let what = format!("{} under callgrind (Debian's valgrind)", contender.key);
    crate::process::run(command.stdout(Stdio::null()), &what)?;
    summary(&out_file)
}

fn client_args(hmac: &SandboxProcess, calls: usize) -> ClientArgs {
    ClientArgs {
        base_url: hmac.url().to_owned(),
        project: sandbox::PROJECT.to_owned(),
        auth: Auth::Hmac,
        credential: sandbox::HMAC_SECRET.to_owned(),
        op: Op::Status,
        warmup: WARMUP,
        calls,
    }
}

/// The `summary:` line of a callgrind output file: every instruction of the run.
fn summary(out_file: &Path) -> Result<u64, String> {
    let text =
        std::fs::read_to_string(out_file).map_err(|e| format!("{}: {e}", out_file.display()))?;
    text.lines()
        .find_map(|line| line.strip_prefix("summary:")?.trim().parse().ok())
        .ok_or_else(|| format!("no summary line in {}", out_file.display()))
}

/// The section of the report.
pub fn render(out: &mut String, counts: &Result<Vec<Count>, String>) {
    let heading = "Instructions per call (callgrind), HMAC session/status from C";
    crate::report::section(out, heading, counts, |out, counts| table(out, counts));
}

fn table(out: &mut String, counts: &[Count]) {
    let _ = writeln!(
        out,
        "| client | instructions per call | at 140ac20 (before) | sgpay/peer |\n|---|---:|---:|---:|"
    );
    let peer = counts.iter().find(|c| c.contender.peer.is_none());
    for (count, before) in counts.iter().zip(BEFORE) {
        let ratio = match (count.contender.peer, peer) {
            (Some(_), Some(peer)) => format!("{:.3}", count.per_call / peer.per_call),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "| {} | {:.0} | {before} | {ratio} |",
            count.contender.label, count.per_call
        );
    }
    let _ = writeln!(
        out,
        "\nCommand, for each of `bench/build/sgpay_client` and `bench/build/curl_client` and \
         CALLS = {} then {}: `valgrind --tool=callgrind \
         --callgrind-out-file=bench/build/callgrind/KEY-CALLS.out PROGRAM URL {} hmac SECRET \
         status {WARMUP} CALLS` against the HMAC sandbox, reset before each run; (Ir of the \
         long run − Ir of the short one) / {}. Both programs run the same loop \
         (`bench/c/bench_common.h`); kernel work is not counted. `make -C bench instructions` \
         makes this section alone; `callgrind_annotate` reads the files.\n",
        CALLS[0],
        CALLS[1],
        sandbox::PROJECT,
        CALLS[1] - CALLS[0]
    );
}

/// sgpay's count and the peer's, when both were measured.
pub fn pair(counts: &Result<Vec<Count>, String>) -> Option<(f64, f64)> {
    let counts = counts.as_ref().ok()?;
    let ours = counts.iter().find(|c| c.contender.peer.is_some())?;
    let peer = counts.iter().find(|c| c.contender.peer.is_none())?;
    Some((ours.per_call, peer.per_call))
}
