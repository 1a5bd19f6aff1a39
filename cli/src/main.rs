//! `sgpay`: one command-line tool to set up, check, support and test a Smart Glocal
//! integration, over the library's Rust API (docs/cli.md).

// A failure carries its whole error document; it travels once, to the exit of the process.
#![allow(clippy::result_large_err)]

mod body;
mod check;
mod commands;
mod config;
mod failure;
mod journal;
mod journal_view;
mod keys;
mod output;
mod private_file;
mod webhook;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::failure::Failure;
use crate::output::Out;

/// Exit status of a command line that could not be understood (BSD's EX_USAGE).
const USAGE_ERROR: u8 = 64;

/// What `sgpay --help` says about exit statuses: the library's status numbers.
const EXIT_STATUSES: &str = "\
Exit status (the library's status numbers):
   0  ok
   1  invalid argument: nothing was sent
   2  configuration: bad config, unreadable or invalid key, this machine's setup
  10  not sent: the request never reached the server, safe to send again
  11  outcome unknown: repeat with the same idempotency key, or ask session/status
  20  API error: the API answered \"status\": \"error\"
  21  protocol: unexpected HTTP status or reply
  30  signature: a webhook signature did not verify
  40  journal: the journal cannot be opened or written
  64  usage: the command line is wrong
  98  a bug inside sgpay, caught: please report it

Configuration: --config FILE, else the file named by $SGPAY_CONFIG, else ./sgpay.json
(the JSON of sgpay_client_new; see the README).";

/// Set up, check, support and test a Smart Glocal integration.
#[derive(Debug, Parser)]
#[command(name = "sgpay", after_help = EXIT_STATUSES, disable_help_subcommand = true)]
struct Cli {
    /// Configuration file (default: $SGPAY_CONFIG, else ./sgpay.json).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print one JSON document on stdout instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Make a new RSA private key (PKCS#8 PEM, readable by you only) and show the public key
    /// to register.
    Keygen(keys::KeygenArgs),
    /// Show the public key and fingerprint of a private key.
    #[command(subcommand)]
    Key(keys::KeyCommand),
    /// Check the configuration, the key, the network path and the API, and say what is wrong.
    Check,
    /// Call any API method with a JSON body.
    Call(commands::CallArgs),
    /// Run one whole card payment (create, start, wait, confirm), journaled when configured.
    Pay(commands::PayArgs),
    /// Read and resolve the crash-safe journal.
    #[command(subcommand)]
    Journal(journal::JournalCommand),
    /// Verify webhooks, or receive and forward them.
    #[command(subcommand)]
    Webhook(webhook::WebhookCommand),
    /// Run the local sandbox (the flags of sgpay-sandbox).
    Sandbox(sgpay_sandbox::cli::Args),
}

fn main() -> ExitCode {
    // No input may show a panic message or a backtrace: a panic becomes one plain line.
    std::panic::set_hook(Box::new(|_| {}));
    let matches = match command().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => return usage_error(error),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => return usage_error(error),
    };
    let out = Out::new(cli.json);
    let status = match std::panic::catch_unwind(|| run(cli, &out)) {
        Ok(Ok(())) => 0,
        Ok(Err(failure)) => {
            out.failure(&failure);
            failure.status
        }
        Err(_) => {
            let failure = Failure::new(
                sgpay::ffi::SGPAY_ERR_PANIC,
                "sgpay stopped on an internal error",
                "Please report this bug; if a payment was under way, check it with \
                 `sgpay journal recover` or session/status before charging again.",
            );
            out.failure(&failure);
            failure.status
        }
    };
    ExitCode::from(u8::try_from(status).unwrap_or(99))
}

/// The command line with the versions and the operation list filled in at run time.
fn command() -> clap::Command {
    let version = format!(
        "{} (library sgpay {}, C ABI {})",
        env!("CARGO_PKG_VERSION"),
        sgpay::VERSION,
        sgpay::ffi::SGPAY_ABI_VERSION
    );
    let operations: Vec<String> = sgpay::operations()
        .map(|(path, read_only)| {
            if read_only {
                format!("  {path}  (read-only)")
            } else {
                format!("  {path}")
            }
        })
        .collect();
    Cli::command()
        .version(version)
        .mut_subcommand("call", |call| {
            call.after_help(format!("Operations:\n{}", operations.join("\n")))
        })
}

/// Prints clap's message; help and version go to stdout and exit 0, anything else is a
/// usage error (64).
fn usage_error(error: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let _ = error.print();
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => ExitCode::SUCCESS,
        _ => ExitCode::from(USAGE_ERROR),
    }
}

fn run(cli: Cli, out: &Out) -> Result<(), Failure> {
    let config = cli.config.as_deref();
    match cli.command {
        Command::Keygen(args) => keys::keygen(&args, out),
        Command::Key(keys::KeyCommand::Show { file }) => keys::show(file.as_deref(), config, out),
        Command::Check => check::check(config, out),
        Command::Call(args) => commands::call(&args, config, out),
        Command::Pay(args) => commands::pay(&args, config, out),
        Command::Journal(command) => journal::run(&command, config, out),
        Command::Webhook(command) => webhook::run(&command, config, out),
        Command::Sandbox(args) => sgpay_sandbox::cli::run(&args).map_err(|e| {
            Failure::new(
                sgpay::ffi::SGPAY_ERR_INVALID_ARGUMENT,
                format!("the sandbox cannot start: {e}"),
                "",
            )
        }),
    }
}
