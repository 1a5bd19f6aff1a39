//! The `sgpay-sandbox` binary: serves until SIGTERM or SIGINT.

use std::process::ExitCode;

use clap::Parser;
use sgpay_sandbox::cli::{Args, run};

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sgpay-sandbox: {error}");
            ExitCode::FAILURE
        }
    }
}
