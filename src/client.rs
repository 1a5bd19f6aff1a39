//! The client: configuration, a pooled connection agent and the call entry points.
//! One client may be shared by many threads.

use serde::Deserialize;

use crate::call;
use crate::call_error::CallError;
use crate::config::Config;
use crate::endpoints::Endpoints;
use crate::error::{Error, Result};
use crate::journal::listing::{self, Filter};
use crate::journal::{self, Journal};
use crate::limits::{self, MAX_HEADER_VALUE_LEN, MAX_IDEMPOTENCY_KEY_LEN};
use crate::options_document::parse_or_default;
use crate::pay::{self, PayOptions};
use crate::recovery::{self, RecoverOptions};
use crate::request_headers::FixedHeaders;
use crate::transport;

/// Per-call options (docs/c-abi.md, "Call options").
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallOptions {
    /// Sent as `X-PARTNER-IDEMPOTENCY-KEY`; generated when absent for every operation
    /// that is not read-only.
    pub idempotency_key: Option<String>,
    /// Overrides the configured `X-PARTNER-SUBMERCHANT`.
    pub submerchant: Option<String>,
}

impl CallOptions {
    /// Parses options JSON; `None` or an empty text means no options.
    pub fn from_json(json: Option<&str>) -> Result<CallOptions> {
        let options: CallOptions = parse_or_default(json, "options")?;
        options.validate()?;
        Ok(options)
    }

    pub(crate) fn validate(&self) -> Result<()> {
        if let Some(key) = &self.idempotency_key {
            let valid = (1..=MAX_IDEMPOTENCY_KEY_LEN).contains(&key.len())
                && key.bytes().all(|b| b.is_ascii_graphic());
            if !valid {
                return Err(Error::invalid(format!(
                    "\"idempotency_key\" must be 1 to {MAX_IDEMPOTENCY_KEY_LEN} printable ASCII \
                     characters without spaces"
                )));
            }
        }
        if let Some(submerchant) = &self.submerchant {
            if !limits::is_header_text(submerchant) {
                return Err(Error::invalid(format!(
                    "\"submerchant\" must be 1 to {MAX_HEADER_VALUE_LEN} printable ASCII characters"
                )));
            }
        }
        Ok(())
    }
}

/// A Smart Glocal API client.
pub struct Client {
    pub(crate) config: Config,
    pub(crate) agent: ureq::Agent,
    /// Every method's URL, parsed once.
    pub(crate) endpoints: Endpoints,
    /// The headers every request of this client carries, made once.
    pub(crate) fixed_headers: FixedHeaders,
    /// The crash-safe journal, when `journal_path` or `journal_url` is configured.
    pub(crate) journal: Option<Journal>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Builds a client from a validated configuration.
    pub fn new(config: Config) -> Result<Client> {
        let agent = transport::build_agent(&config)?;
        let endpoints = Endpoints::new(&config)?;
        let fixed_headers = FixedHeaders::new(&config)?;
        let journal = match &config.journal {
            Some(settings) => Some(Journal::open(
                settings,
                config.deadline,
                config.ca_bundle_path.as_deref(),
            )?),
            None => None,
        };
        Ok(Client {
            config,
            agent,
            endpoints,
            fixed_headers,
            journal,
        })
    }

    /// Builds a client from configuration JSON.
    pub fn from_json(config_json: &str) -> Result<Client> {
        Client::new(Config::from_json(config_json)?)
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Calls an API method (`operation` is its path, e.g. `session/start/payment`) with a
    /// JSON request body. Returns the server's reply body unchanged on success.
    pub fn call(
        &self,
        operation: &str,
        request_json: &str,
        options: &CallOptions,
    ) -> Result<String, CallError> {
        call::execute(self, operation, request_json, options, None)
    }

    /// [`Client::call`] for a request journaled under an existing entry (a step of `pay`,
    /// or a request recovery re-sends) instead of an entry of its own.
    pub(crate) fn call_in_entry(
        &self,
        operation: &str,
        request_json: &str,
        options: &CallOptions,
        entry: Option<&journal::Link>,
    ) -> Result<String, CallError> {
        call::execute(self, operation, request_json, options, entry)
    }

    /// Runs one whole card payment (docs/journal.md, "pay"): creates the session unless the request
    /// carries `session_id`, starts the payment, waits, confirms (unless options say
    /// `"confirm": "manual"`) and waits for a final status, journaled at every step when the
    /// journal is on. A decline is an outcome, not an error.
    pub fn pay(&self, request_json: &str, options: &PayOptions) -> Result<String, CallError> {
        pay::pay(self, request_json, options)
    }

    /// Lists journal entries: `{"status":"ok","entries":[...]}`.
    pub fn journal_entries(&self, filter: &Filter) -> Result<String> {
        listing::entries(self.journal()?, filter).map(|v| v.to_string())
    }

    /// Resolves what crashed processes and unanswered requests left open:
    /// `{"status":"ok","entries":[...]}`.
    pub fn journal_recover(&self, options: &RecoverOptions) -> Result<String> {
        recovery::recover(self, self.journal()?, options).map(|v| v.to_string())
    }

    /// Marks that the till has recorded an entry's outcome: `{"status":"ok","entry":{...}}`.
    pub fn journal_acknowledge(&self, entry_id: &str) -> Result<String> {
        listing::acknowledge(self.journal()?, entry_id).map(|v| v.to_string())
    }

    fn journal(&self) -> Result<&Journal> {
        self.journal.as_ref().ok_or_else(|| {
            Error::config(
                "no journal is configured: set \"journal_path\" (a file on this machine) or \
                 \"journal_url\" (a PostgreSQL database shared by many) in the configuration",
            )
        })
    }

    /// Verifies a webhook's `X-PARTNER-SIGN` over its raw body with the configured webhook
    /// key, then returns the body.
    pub fn verify_webhook<'a>(&self, body: &'a [u8], signature: &str) -> Result<&'a str> {
        let verifier = self.config.webhook_verifier.as_ref().ok_or_else(|| {
            Error::config(
                "no webhook key is configured: set \"webhook_public_key_pem\", \
                 \"webhook_public_key_path\" or \"webhook_hmac_secret\"",
            )
        })?;
        verifier.verify(body, signature)
    }
}
