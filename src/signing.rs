//! Request signatures for `X-PARTNER-SIGN`: RSASSA-PKCS1-v1_5 over SHA-256 (the live API's
//! mode) or HMAC-SHA256, both over the exact body bytes and Base64-encoded.

use aws_lc_rs::hmac;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::error::{Error, Result};

/// Signs request bodies with the key from the configuration.
pub enum Signer {
    /// RSA private key, PKCS#1 v1.5 padding, SHA-256.
    Rsa {
        /// The key pair.
        key: RsaKeyPair,
        /// Randomness for RSA blinding.
        rng: SystemRandom,
    },
    /// Shared secret for HMAC-SHA256, prepared once (boxed: the prepared state is large).
    Hmac(Box<hmac::Key>),
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Signer::Rsa { key, .. } => {
                write!(f, "Signer::Rsa({} bits)", key.public_modulus_len() * 8)
            }
            Signer::Hmac(_) => f.write_str("Signer::Hmac([redacted])"),
        }
    }
}

impl Signer {
    /// An RSA signer.
    pub fn rsa(key: RsaKeyPair) -> Self {
        Signer::Rsa {
            key,
            rng: SystemRandom::new(),
        }
    }

    /// An HMAC-SHA256 signer with this shared secret.
    pub fn hmac(secret: &[u8]) -> Self {
        Signer::Hmac(Box::new(hmac::Key::new(hmac::HMAC_SHA256, secret)))
    }

    /// The Base64 signature of `body`, ready for the `X-PARTNER-SIGN` header.
    pub fn sign(&self, body: &[u8]) -> Result<String> {
        match self {
            Signer::Rsa { key, rng } => {
                let mut signature = vec![0; key.public_modulus_len()];
                key.sign(&RSA_PKCS1_SHA256, rng, body, &mut signature)
                    .map_err(|_| Error::Internal("RSA signing failed".into()))?;
                Ok(BASE64.encode(signature))
            }
            Signer::Hmac(key) => Ok(BASE64.encode(hmac::sign(key, body))),
        }
    }
}
