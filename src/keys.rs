//! Loading RSA keys from PEM text or files, for signing requests and verifying webhooks.

use aws_lc_rs::signature::{ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256, RsaKeyPair};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{PrivateKeyDer, SubjectPublicKeyInfoDer};

use crate::error::{Error, Result};
use crate::limits::MAX_PEM_FILE_BYTES;

/// Reads a PEM file given in the configuration, bounded in size.
pub fn read_pem_file(path: &str, what: &str) -> Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)
        .map_err(|e| Error::config(format!("cannot open the {what} file '{path}'")).caused_by(e))?;
    let mut text = Vec::new();
    file.take(MAX_PEM_FILE_BYTES + 1)
        .read_to_end(&mut text)
        .map_err(|e| Error::config(format!("cannot read the {what} file '{path}'")).caused_by(e))?;
    if text.len() as u64 > MAX_PEM_FILE_BYTES {
        return Err(Error::config(format!(
            "the {what} file '{path}' is larger than {MAX_PEM_FILE_BYTES} bytes; is it really a PEM file?"
        )));
    }
    Ok(text)
}

/// Parses an RSA private key in PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8
/// (`BEGIN PRIVATE KEY`) PEM form.
pub fn rsa_private_key_from_pem(pem: &[u8]) -> Result<RsaKeyPair> {
    let der = PrivateKeyDer::from_pem_slice(pem).map_err(|_| {
        Error::config(
            "the private key is not a PEM private key: expected a block starting with \
             '-----BEGIN PRIVATE KEY-----' or '-----BEGIN RSA PRIVATE KEY-----'",
        )
    })?;
    let parsed = match &der {
        PrivateKeyDer::Pkcs1(key) => RsaKeyPair::from_der(key.secret_pkcs1_der()),
        PrivateKeyDer::Pkcs8(key) => RsaKeyPair::from_pkcs8(key.secret_pkcs8_der()),
        _ => {
            return Err(Error::config(
                "the private key is not an RSA key; the API needs an RSA key of 2048 bits or more",
            ));
        }
    };
    parsed.map_err(|e| {
        Error::config(format!(
            "the private key is not a usable RSA key ({e}); the API needs an RSA key of 2048 bits or more"
        ))
    })
}

/// Parses an RSA public key in SubjectPublicKeyInfo PEM form (`BEGIN PUBLIC KEY`, what
/// `openssl rsa -pubout` writes), ready to verify RSA-SHA256 signatures of 2048 to 8192
/// bits.
pub fn rsa_public_key_from_pem(pem: &[u8]) -> Result<ParsedPublicKey> {
    let spki = SubjectPublicKeyInfoDer::from_pem_slice(pem).map_err(|_| {
        Error::config(
            "the webhook public key is not a PEM public key: expected a block starting with \
             '-----BEGIN PUBLIC KEY-----'",
        )
    })?;
    ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, spki.as_ref())
        .map_err(|_| Error::config("the webhook public key is not a well-formed RSA public key"))
}

/// A key file of `tests/fixtures/`, for the unit tests.
#[cfg(test)]
pub(crate) fn fixture(name: &str) -> Vec<u8> {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/");
    std::fs::read(format!("{folder}{name}")).unwrap()
}

#[cfg(test)]
mod tests {
    use aws_lc_rs::encoding::AsDer as _;
    use aws_lc_rs::signature::KeyPair as _;

    use super::*;

    #[test]
    fn loads_pkcs1_and_pkcs8_private_keys() {
        let pkcs8 = rsa_private_key_from_pem(&fixture("partner_key.pem")).unwrap();
        let pkcs1 = rsa_private_key_from_pem(&fixture("partner_key_pkcs1.pem")).unwrap();
        assert_eq!(pkcs8.public_key().as_ref(), pkcs1.public_key().as_ref());
    }

    #[test]
    fn public_key_matches_private_key() {
        let private = rsa_private_key_from_pem(&fixture("partner_key.pem")).unwrap();
        let public = rsa_public_key_from_pem(&fixture("partner_pub.pem")).unwrap();
        let spki = private.public_key().as_der().unwrap();
        assert_eq!(spki.as_ref(), public.as_ref());
    }

    #[test]
    fn rejects_garbage_without_echoing_it() {
        let err = rsa_private_key_from_pem(b"not a key SECRET").unwrap_err();
        assert!(!err.to_string().contains("SECRET"));
        assert!(
            rsa_public_key_from_pem(
                b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"
            )
            .is_err()
        );
    }
}
