//! Checks `X-PARTNER-PROJECT` and `X-PARTNER-SIGN` as the live API does.

use std::io;

use aws_lc_rs::hmac;
use aws_lc_rs::signature::{ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hyper::HeaderMap;

use crate::config::Auth;
use crate::reply::ApiError;

/// Longest `X-PARTNER-SIGN` value looked at (an 8192-bit RSA signature is 1368 chars).
const MAX_SIGNATURE_LEN: usize = 2048;

/// Verifies request signatures with the partner's key or shared secret.
pub enum Verifier {
    /// The partner's RSA public key.
    Rsa(ParsedPublicKey),
    /// HMAC-SHA256 with the shared secret (boxed: the prepared state is large).
    Hmac(Box<hmac::Key>),
}

impl Verifier {
    /// Builds a verifier; a PEM that is no RSA public key is `InvalidInput`.
    pub fn new(auth: &Auth) -> io::Result<Self> {
        match auth {
            Auth::HmacSecret(secret) => Ok(Verifier::Hmac(Box::new(hmac::Key::new(
                hmac::HMAC_SHA256,
                secret.as_bytes(),
            )))),
            Auth::RsaPublicKeyPem(pem) => {
                // `BEGIN PUBLIC KEY` (SubjectPublicKeyInfo) or `BEGIN RSA PUBLIC KEY` (PKCS#1).
                let key = pem::parse(pem.trim())
                    .ok()
                    .filter(|pem| pem.tag().ends_with("PUBLIC KEY"))
                    .and_then(|pem| {
                        ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, pem.contents()).ok()
                    })
                    .ok_or_else(|| {
                        io::Error::new(
                            io::ErrorKind::InvalidInput,
                            "the partner public key is not an RSA public key in PEM",
                        )
                    })?;
                Ok(Verifier::Rsa(key))
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
            Verifier::Rsa(key) => key.verify_sig(body, &signature).is_ok(),
            Verifier::Hmac(key) => hmac::verify(key, body, &signature).is_ok(),
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
