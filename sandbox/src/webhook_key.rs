//! The sandbox's own RSA-2048 key, which signs the webhooks it sends.

use std::io;
use std::sync::{Arc, OnceLock};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{KeyPair, RSA_PKCS1_SHA256, RsaKeyPair};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// A private key for signing and its public half as SPKI PEM.
pub struct WebhookKey {
    key_pair: RsaKeyPair,
    public_pem: String,
    rng: SystemRandom,
}

impl WebhookKey {
    /// The key of this process, generated on first use (RSA-2048 generation takes a
    /// noticeable time, so sandboxes started by one test binary share it).
    pub fn shared() -> io::Result<Arc<WebhookKey>> {
        static KEY: OnceLock<Result<Arc<WebhookKey>, String>> = OnceLock::new();
        KEY.get_or_init(|| WebhookKey::generate().map(Arc::new))
            .clone()
            .map_err(io::Error::other)
    }

    fn generate() -> Result<WebhookKey, String> {
        let key_pair = RsaKeyPair::generate(KeySize::Rsa2048)
            .map_err(|_| "cannot generate the webhook key".to_string())?;
        let spki = key_pair
            .public_key()
            .as_der()
            .map_err(|_| "cannot encode the webhook public key".to_string())?;
        let public_pem = pem::encode_config(
            &pem::Pem::new("PUBLIC KEY", spki.as_ref()),
            pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
        );
        Ok(WebhookKey {
            key_pair,
            public_pem,
            rng: SystemRandom::new(),
        })
    }

    /// The public key, `-----BEGIN PUBLIC KEY-----` PEM.
    pub fn public_pem(&self) -> &str {
        &self.public_pem
    }

    /// Base64 RSASSA-PKCS1-v1_5 SHA-256 signature of `body`.
    pub fn sign(&self, body: &[u8]) -> String {
        let mut signature = vec![0u8; self.key_pair.public_modulus_len()];
        match self
            .key_pair
            .sign(&RSA_PKCS1_SHA256, &self.rng, body, &mut signature)
        {
            Ok(()) => STANDARD.encode(signature),
            Err(_) => String::new(),
        }
    }
}
