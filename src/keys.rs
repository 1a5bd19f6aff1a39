//! Loading RSA keys from PEM text or files, for signing requests and verifying webhooks.

use ring::signature::RsaKeyPair;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{PrivateKeyDer, SubjectPublicKeyInfoDer};

use crate::error::{Error, Result};
use crate::limits::MAX_PEM_FILE_BYTES;

/// DER encoding of the rsaEncryption algorithm identifier's OID (1.2.840.113549.1.1.1).
const RSA_ENCRYPTION_OID: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

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
/// `openssl rsa -pubout` writes) and returns the PKCS#1 `RSAPublicKey` DER inside it.
pub fn rsa_public_key_from_pem(pem: &[u8]) -> Result<Vec<u8>> {
    let spki = SubjectPublicKeyInfoDer::from_pem_slice(pem).map_err(|_| {
        Error::config(
            "the webhook public key is not a PEM public key: expected a block starting with \
             '-----BEGIN PUBLIC KEY-----'",
        )
    })?;
    rsa_key_from_spki(spki.as_ref())
        .ok_or_else(|| Error::config("the webhook public key is not a well-formed RSA public key"))
}

/// Unwraps `SEQUENCE { SEQUENCE { OID rsaEncryption, .. }, BIT STRING { 0, RSAPublicKey } }`.
fn rsa_key_from_spki(der: &[u8]) -> Option<Vec<u8>> {
    let (spki, rest) = der_element(der, 0x30)?;
    if !rest.is_empty() {
        return None;
    }
    let (algorithm, rest) = der_element(spki, 0x30)?;
    let (oid, _) = der_element(algorithm, 0x06)?;
    if oid != RSA_ENCRYPTION_OID {
        return None;
    }
    let (bits, _) = der_element(rest, 0x03)?;
    match bits.split_first() {
        Some((0, key)) if !key.is_empty() => Some(key.to_vec()),
        _ => None,
    }
}

/// Splits one DER element with the expected tag off the front of `input`, returning
/// its contents and what follows it.
fn der_element(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (&first, rest) = input.split_first()?;
    if first != tag {
        return None;
    }
    let (&len_byte, rest) = rest.split_first()?;
    let (len, rest) = if len_byte < 0x80 {
        (usize::from(len_byte), rest)
    } else {
        let count = usize::from(len_byte & 0x7f);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let len = rest[..count]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, &rest[count..])
    };
    (rest.len() >= len).then(|| rest.split_at(len))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/");

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{FIXTURES}{name}")).unwrap()
    }

    #[test]
    fn loads_pkcs1_and_pkcs8_private_keys() {
        let pkcs8 = rsa_private_key_from_pem(&fixture("partner_key.pem")).unwrap();
        let pkcs1 = rsa_private_key_from_pem(&fixture("partner_key_pkcs1.pem")).unwrap();
        assert_eq!(pkcs8.public().as_ref(), pkcs1.public().as_ref());
    }

    #[test]
    fn public_key_matches_private_key() {
        let private = rsa_private_key_from_pem(&fixture("partner_key.pem")).unwrap();
        let public = rsa_public_key_from_pem(&fixture("partner_pub.pem")).unwrap();
        assert_eq!(private.public().as_ref(), public.as_slice());
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
