//! The `sgpay-sandbox` binary: serves until SIGTERM or SIGINT.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use sgpay_sandbox::Sandbox;
use sgpay_sandbox::cli::Args;

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

fn run(args: &Args) -> io::Result<()> {
    let sandbox = Sandbox::start(args.config()?)?;
    if let Some(path) = &args.webhook_key_out {
        std::fs::write(path, sandbox.webhook_public_key_pem())?;
    }
    if let (Some(path), Some(pem)) = (&args.tls_cert_out, sandbox.tls_certificate_pem()) {
        std::fs::write(path, pem)?;
    }
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "sgpay-sandbox listening on {}", sandbox.url())?;
    stdout.flush()?;
    drop(stdout);
    wait_for_signal()?;
    sandbox.stop();
    Ok(())
}

/// Blocks until SIGTERM or SIGINT (Ctrl-C elsewhere).
fn wait_for_signal() -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let mut term = signal(SignalKind::terminate())?;
            let mut int = signal(SignalKind::interrupt())?;
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
            Ok(())
        }
        #[cfg(not(unix))]
        {
            tokio::signal::ctrl_c().await
        }
    })
}
