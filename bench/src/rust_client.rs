//! The measured client for the Rust API: `sgpay::Client::call` on one client.

use std::time::Instant;

use sgpay::{CallOptions, Client};

use crate::workload::{self, Auth, ClientArgs, Op};

/// Configuration JSON of an sgpay client for these arguments.
pub fn config_json(args: &ClientArgs) -> String {
    let key = match args.auth {
        Auth::Hmac => "hmac_secret",
        Auth::Rsa => "private_key_path",
    };
    serde_json::json!({
        "base_url": args.base_url,
        "project": args.project,
        key: args.credential,
    })
    .to_string()
}

/// Runs the calls; returns the durations of the timed ones in nanoseconds.
pub fn run(args: &ClientArgs) -> Result<Vec<u64>, String> {
    let client = Client::from_json(&config_json(args)).map_err(|e| e.to_string())?;
    let bodies = prepare(&client, args)?;
    let options = CallOptions::default();
    let mut samples = Vec::with_capacity(args.calls);
    for (index, body) in bodies.iter().enumerate() {
        let started = Instant::now();
        client
            .call(args.op.path(), body, &options)
            .map_err(|e| e.to_string())?;
        let elapsed = started.elapsed().as_nanos() as u64;
        if index >= args.warmup {
            samples.push(elapsed);
        }
    }
    Ok(samples)
}

/// The request bodies of every call, warm-up included (sessions made untimed).
fn prepare(client: &Client, args: &ClientArgs) -> Result<Vec<String>, String> {
    match args.op {
        Op::Status => {
            let id = create_session(client)?;
            call(client, Op::Start.path(), &workload::start_body(&id))?;
            Ok(vec![workload::status_body(&id); args.total()])
        }
        Op::Start => (0..args.total())
            .map(|_| create_session(client).map(|id| workload::start_body(&id)))
            .collect(),
    }
}

/// Makes a session; returns its id.
pub fn create_session(client: &Client) -> Result<String, String> {
    let reply = call(client, "session/create", workload::CREATE_BODY)?;
    workload::session_id(&reply)
}

fn call(client: &Client, operation: &str, body: &str) -> Result<String, String> {
    client
        .call(operation, body, &CallOptions::default())
        .map_err(|e| e.to_string())
}
