//! The floor: the same request bytes sgpay sends, prepared and signed before the clock
//! starts, written to a raw keep-alive socket, and the reply read. What is left of a call
//! when no client library does any work.

use std::time::Instant;

use sgpay::internals::signing::Signer;

use crate::http::{self, Connection, RequestHead};
use crate::workload::{self, Auth, ClientArgs, Op};

/// Builds the signer for these arguments with sgpay's own key loading.
pub fn signer(auth: Auth, credential: &str) -> Result<Signer, String> {
    match auth {
        Auth::Hmac => Ok(Signer::hmac(credential.as_bytes())),
        Auth::Rsa => {
            let pem = std::fs::read(credential).map_err(|e| format!("{credential}: {e}"))?;
            let key = sgpay::internals::keys::rsa_private_key_from_pem(&pem)
                .map_err(|e| e.to_string())?;
            Ok(Signer::rsa(key))
        }
    }
}

/// A signed request maker over one connection.
struct RawClient<'a> {
    args: &'a ClientArgs,
    authority: &'a str,
    signer: Signer,
    connection: Connection,
    keys_made: u64,
}

impl RawClient<'_> {
    /// The complete request bytes for a body (signed; start calls get a fresh key).
    fn request(&mut self, op_path: &str, body: &str) -> Result<Vec<u8>, String> {
        let signature = self
            .signer
            .sign(body.as_bytes())
            .map_err(|e| e.to_string())?;
        let key = (op_path != Op::Status.path()).then(|| {
            self.keys_made += 1;
            // Shaped like the UUID v4 keys sgpay makes, so the bytes sent are as long.
            format!(
                "{:08x}-0000-4000-8000-{:012x}",
                std::process::id(),
                self.keys_made
            )
        });
        let path = format!("/api/v1/{op_path}");
        let head = RequestHead {
            authority: self.authority,
            path: &path,
            project: Some(&self.args.project),
            signature: Some(&signature),
            idempotency_key: key.as_deref(),
        };
        Ok(http::post_request(&head, body.as_bytes()))
    }

    /// Sends a request and returns the reply body; anything but HTTP 200 is an error.
    fn send(&mut self, request: &[u8]) -> Result<String, String> {
        let (status, body) = self
            .connection
            .exchange(request)
            .map_err(|e| e.to_string())?;
        let body = String::from_utf8_lossy(body).into_owned();
        if status != 200 {
            return Err(format!("HTTP {status}: {body}"));
        }
        Ok(body)
    }

    fn call(&mut self, op_path: &str, body: &str) -> Result<String, String> {
        let request = self.request(op_path, body)?;
        self.send(&request)
    }

    fn create_session(&mut self) -> Result<String, String> {
        let reply = self.call("session/create", workload::CREATE_BODY)?;
        workload::session_id(&reply)
    }
}

/// Runs the calls; returns the durations of the timed ones in nanoseconds.
pub fn run(args: &ClientArgs) -> Result<Vec<u64>, String> {
    let authority = http::authority(&args.base_url)?;
    let mut client = RawClient {
        args,
        authority,
        signer: signer(args.auth, &args.credential)?,
        connection: Connection::open(authority).map_err(|e| e.to_string())?,
        keys_made: 0,
    };
    let requests = prepare(&mut client)?;
    let mut samples = Vec::with_capacity(args.calls);
    for (index, request) in requests.iter().enumerate() {
        let started = Instant::now();
        let (status, _) = client
            .connection
            .exchange(request)
            .map_err(|e| e.to_string())?;
        let elapsed = started.elapsed().as_nanos() as u64;
        if status != 200 {
            return Err(format!("{}: HTTP {status}", args.op.path()));
        }
        if index >= args.warmup {
            samples.push(elapsed);
        }
    }
    Ok(samples)
}

/// Every request of the run, signed and complete, before the clock starts.
fn prepare(client: &mut RawClient<'_>) -> Result<Vec<Vec<u8>>, String> {
    let total = client.args.total();
    match client.args.op {
        Op::Status => {
            let id = client.create_session()?;
            client.call(Op::Start.path(), &workload::start_body(&id))?;
            let request = client.request(Op::Status.path(), &workload::status_body(&id))?;
            Ok(vec![request; total])
        }
        Op::Start => (0..total)
            .map(|_| {
                let id = client.create_session()?;
                client.request(Op::Start.path(), &workload::start_body(&id))
            })
            .collect(),
    }
}
