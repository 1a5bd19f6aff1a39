//! Verification of incoming webhooks: `X-PARTNER-SIGN` checked over the raw body, before
//! the body is parsed.

use aws_lc_rs::hmac;
use aws_lc_rs::signature::ParsedPublicKey;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::error::{Error, Result};
use crate::keys;
use crate::limits::{MAX_SIGNATURE_LEN, MAX_WEBHOOK_BODY};

/// Checks webhook signatures with the key from the configuration.
pub enum WebhookVerifier {
    /// Smart Glocal's RSA public key, parsed once.
    Rsa(ParsedPublicKey),
    /// Shared secret for HMAC-SHA256, prepared once (boxed: the prepared state is large).
    Hmac(Box<hmac::Key>),
}

impl std::fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WebhookVerifier::Rsa(_) => f.write_str("WebhookVerifier::Rsa"),
            WebhookVerifier::Hmac(_) => f.write_str("WebhookVerifier::Hmac([redacted])"),
        }
    }
}

impl WebhookVerifier {
    /// An RSA-SHA256 verifier with Smart Glocal's public key, in SubjectPublicKeyInfo PEM
    /// form (`BEGIN PUBLIC KEY`); a PEM that is no such key is [`Error::Config`].
    pub fn rsa_public_key_pem(pem: &[u8]) -> Result<Self> {
        keys::rsa_public_key_from_pem(pem).map(WebhookVerifier::Rsa)
    }

    /// An HMAC-SHA256 verifier with this shared secret.
    pub fn hmac(secret: &[u8]) -> Self {
        WebhookVerifier::Hmac(Box::new(hmac::Key::new(hmac::HMAC_SHA256, secret)))
    }

    /// Verifies `signature` (the `X-PARTNER-SIGN` header) over `body`, then parses the body.
    /// Returns the body as text: a JSON object with a `type` field.
    pub fn verify<'a>(&self, body: &'a [u8], signature: &str) -> Result<&'a str> {
        if body.len() > MAX_WEBHOOK_BODY {
            return Err(Error::invalid(format!(
                "the webhook body is {} bytes; the limit is {MAX_WEBHOOK_BODY}",
                body.len()
            )));
        }
        let signature = decode_signature(signature)?;
        let valid = match self {
            WebhookVerifier::Rsa(key) => key.verify_sig(body, &signature).is_ok(),
            WebhookVerifier::Hmac(key) => hmac::verify(key, body, &signature).is_ok(),
        };
        if !valid {
            return Err(Error::Signature(
                "the webhook signature does not match its body: reject the webhook (answer non-200) \
                 and do not act on it"
                    .into(),
            ));
        }
        parse_event(body)
    }
}

fn decode_signature(signature: &str) -> Result<Vec<u8>> {
    let trimmed = signature.trim();
    if trimmed.is_empty() || trimmed.len() > MAX_SIGNATURE_LEN {
        return Err(Error::Signature(
            "the webhook signature header is empty or too long: reject the webhook".into(),
        ));
    }
    BASE64.decode(trimmed).map_err(|_| {
        Error::Signature("the webhook signature is not valid Base64: reject the webhook".into())
    })
}

fn parse_event(body: &[u8]) -> Result<&str> {
    let text = std::str::from_utf8(body).map_err(|_| Error::Protocol {
        http_status: None,
        message: "the webhook body is signed but is not UTF-8 text".into(),
    })?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| Error::Protocol {
        http_status: None,
        message: format!("the webhook body is signed but is not valid JSON ({e})"),
    })?;
    if !value.get("type").is_some_and(|t| t.is_string()) {
        return Err(Error::Protocol {
            http_status: None,
            message: "the webhook body is signed but is not a JSON object with a \"type\"".into(),
        });
    }
    Ok(text)
}
