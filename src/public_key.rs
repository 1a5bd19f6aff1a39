//! The public half of the partner's RSA key: what is registered with Smart Glocal, and the
//! fingerprint that names it (`SHA256:` and the Base64 SHA-256 of its DER
//! SubjectPublicKeyInfo, as `ssh-keygen -l` shows keys).

use aws_lc_rs::digest;
use aws_lc_rs::encoding::AsDer as _;
use aws_lc_rs::signature::{KeyPair as _, RsaKeyPair};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::keys;
use crate::signing::Signer;

/// The RSA public key of a partner's private key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerPublicKey {
    spki_der: Vec<u8>,
    modulus_bits: usize,
}

impl PartnerPublicKey {
    /// The public half of an RSA private key in PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8
    /// (`BEGIN PRIVATE KEY`) PEM form; refused with [`crate::Error::Config`] exactly as the
    /// client configuration would refuse the key.
    pub fn from_private_key_pem(pem: &[u8]) -> Result<PartnerPublicKey> {
        let key = keys::rsa_private_key_from_pem(pem)?;
        PartnerPublicKey::of(&key)
            .ok_or_else(|| Error::Internal("the public key could not be encoded".into()))
    }

    /// The public half of the configuration's RSA signing key; `None` when requests are
    /// signed with an HMAC secret.
    pub fn from_config(config: &Config) -> Option<PartnerPublicKey> {
        match &config.signer {
            Signer::Rsa { key, .. } => PartnerPublicKey::of(key),
            Signer::Hmac(_) => None,
        }
    }

    /// `None` only if the key cannot be encoded, which a loaded key always can.
    fn of(key: &RsaKeyPair) -> Option<PartnerPublicKey> {
        let spki = key.public_key().as_der().ok()?;
        Some(PartnerPublicKey {
            spki_der: spki.as_ref().to_vec(),
            modulus_bits: key.public_modulus_len() * 8,
        })
    }

    /// DER SubjectPublicKeyInfo.
    pub fn spki_der(&self) -> &[u8] {
        &self.spki_der
    }

    /// Size of the modulus in bits (2048, 3072, 4096, ...).
    pub fn bits(&self) -> usize {
        self.modulus_bits
    }

    /// PEM (`BEGIN PUBLIC KEY`, what `openssl rsa -pubout` writes): the text to register.
    pub fn pem(&self) -> String {
        let encoded = BASE64.encode(&self.spki_der);
        let mut pem = String::from("-----BEGIN PUBLIC KEY-----\n");
        for line in encoded.as_bytes().chunks(64) {
            pem.push_str(std::str::from_utf8(line).unwrap_or_default());
            pem.push('\n');
        }
        pem.push_str("-----END PUBLIC KEY-----\n");
        pem
    }

    /// `SHA256:` and the Base64 SHA-256 of [`PartnerPublicKey::spki_der`]; the same as
    /// `openssl pkey -pubout -outform DER | openssl dgst -sha256 -binary | base64`.
    pub fn fingerprint(&self) -> String {
        let hash = digest::digest(&digest::SHA256, &self.spki_der);
        format!("SHA256:{}", BASE64.encode(hash.as_ref()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::fixture;
    use rustls_pki_types::SubjectPublicKeyInfoDer;
    use rustls_pki_types::pem::PemObject;

    #[test]
    fn spki_is_what_openssl_writes_for_both_key_forms() {
        let expected =
            SubjectPublicKeyInfoDer::from_pem_slice(&fixture("partner_pub.pem")).unwrap();
        for name in ["partner_key.pem", "partner_key_pkcs1.pem"] {
            let key = PartnerPublicKey::from_private_key_pem(&fixture(name)).unwrap();
            assert_eq!(key.spki_der(), expected.as_ref(), "{name}");
            assert_eq!(key.bits(), 2048);
            let again = SubjectPublicKeyInfoDer::from_pem_slice(key.pem().as_bytes()).unwrap();
            assert_eq!(again.as_ref(), expected.as_ref());
            let fingerprint = key.fingerprint();
            assert!(fingerprint.starts_with("SHA256:") && fingerprint.len() == 7 + 44);
            // `openssl pkey -pubout -outform DER | openssl dgst -sha256 -binary | base64`
            assert_eq!(
                fingerprint,
                "SHA256:5r4uEsapJSzI4UG95P26YXaOrC0A8GrhXSHeGjkk6Gg="
            );
        }
    }

    #[test]
    fn refuses_what_is_not_a_private_key() {
        assert!(PartnerPublicKey::from_private_key_pem(&fixture("partner_pub.pem")).is_err());
    }
}
