//! Checks `X-PARTNER-PROJECT` and `X-PARTNER-SIGN` as the live API does.

use std::io;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use hyper::HeaderMap;
use ring::signature::{RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents};
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use sha2::Sha256;

use crate::config::Auth;
use crate::reply::ApiError;

/// Longest `X-PARTNER-SIGN` value looked at (an 8192-bit RSA signature is 1368 chars).
const MAX_SIGNATURE_LEN: usize = 2048;

/// Verifies request signatures with the partner's key or shared secret.
pub enum Verifier {
    /// RSA public key as modulus and exponent (big-endian bytes).
    Rsa(RsaPublicKeyComponents<Vec<u8>>),
    /// HMAC-SHA256 secret.
    Hmac(Vec<u8>),
}

impl Verifier {
    /// Builds a verifier; a PEM that is no RSA public key is `InvalidInput`.
    pub fn new(auth: &Auth) -> io::Result<Self> {
        match auth {
            Auth::HmacSecret(secret) => Ok(Verifier::Hmac(secret.as_bytes().to_vec())),
            Auth::RsaPublicKeyPem(pem) => {
                let key = rsa::RsaPublicKey::from_public_key_pem(pem.trim())
                    .or_else(|_| rsa::RsaPublicKey::from_pkcs1_pem(pem.trim()))
                    .map_err(|_| {
                        io::Error::new(
                            io::ErrorKind::InvalidInput,
                            "the partner public key is not an RSA public key in PEM",
                        )
                    })?;
                Ok(Verifier::Rsa(RsaPublicKeyComponents {
                    n: key.n().to_bytes_be(),
                    e: key.e().to_bytes_be(),
                }))
            }
        }
    }

    /// True when `signature_b64` is a valid signature of `body`.
    pub fn verify(&self, body: &[u8], signature_b64: &str) -> bool {
        if signature_b64.len() > MAX_SIGNATURE_LEN {
            return false;
        }
        let Ok(signature) = STANDARD.decode(signature_b64.trim()) else {
            return false;
        };
        match self {
            Verifier::Rsa(key) => key
                .verify(&RSA_PKCS1_2048_8192_SHA256, body, &signature)
                .is_ok(),
            Verifier::Hmac(secret) => {
                let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
                    return false;
                };
                mac.update(body);
                mac.verify_slice(&signature).is_ok()
            }
        }
    }

    /// Checks the project and signature headers of a request over its raw body.
    pub fn check(&self, project: &str, headers: &HeaderMap, body: &[u8]) -> Result<(), ApiError> {
        let given_project = headers
            .get("x-partner-project")
            .and_then(|v| v.to_str().ok());
        if given_project != Some(project) {
            return Err(ApiError::new(
                401,
                "partner_project_not_found",
                "X-PARTNER-PROJECT is missing or names an unknown project",
            ));
        }
        let signature = headers.get("x-partner-sign").and_then(|v| v.to_str().ok());
        match signature {
            Some(sig) if self.verify(body, sig) => Ok(()),
            Some(_) => Err(ApiError::new(
                401,
                "invalid_sign",
                "X-PARTNER-SIGN does not verify over the request body",
            )),
            None => Err(ApiError::new(
                401,
                "invalid_sign",
                "X-PARTNER-SIGN header is missing",
            )),
        }
    }
}
