//! `sgpay keygen` and `sgpay key show`: the partner's RSA key pair, the public key to
//! register with Smart Glocal and its fingerprint.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use aws_lc_rs::rsa::{KeyPair, KeySize};
use serde_json::json;
use sgpay::PartnerPublicKey;

use crate::config::ConfigFile;
use crate::failure::Failure;
use crate::output::{self, BOLD, Out};
use crate::private_file;

/// Larger than any PEM key file.
const MAX_KEY_FILE_BYTES: u64 = 1 << 20;

/// `sgpay keygen`.
#[derive(Debug, clap::Args)]
pub struct KeygenArgs {
    /// Where to write the private key.
    #[arg(long, value_name = "FILE", default_value = "partner.pem")]
    pub out: PathBuf,
    /// Key size in bits.
    #[arg(long, default_value = "2048", value_parser = ["2048", "3072", "4096"])]
    pub bits: String,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `sgpay key ...`.
#[derive(Debug, clap::Subcommand)]
pub enum KeyCommand {
    /// Show the public key and fingerprint of a private key (PKCS#1 or PKCS#8 PEM; default:
    /// the configuration's key).
    Show {
        /// The private key file.
        file: Option<PathBuf>,
    },
}

/// Makes the key, writes it readable by its owner only, prints the public key.
pub fn keygen(args: &KeygenArgs, out: &Out) -> Result<(), Failure> {
    if !args.force && args.out.exists() {
        return Err(Failure::invalid(format!(
            "'{}' already exists: it is not overwritten",
            args.out.display()
        ))
        .with_advice(
            "Keep the key you have (registered keys cannot be replaced silently), choose \
             another file with --out, or replace it with --force.",
        ));
    }
    let size = match args.bits.as_str() {
        "3072" => KeySize::Rsa3072,
        "4096" => KeySize::Rsa4096,
        _ => KeySize::Rsa2048,
    };
    let pem = output::while_waiting("generating the RSA key", || generate(size))?;
    // The library loads what was made, exactly as a client configuration would.
    let public = PartnerPublicKey::from_private_key_pem(pem.as_bytes()).map_err(Failure::from)?;
    write_private_key(&args.out, pem.as_bytes(), args.force)?;
    if out.json {
        out.document(&json!({
            "status": "ok",
            "private_key_path": args.out.display().to_string(),
            "bits": public.bits(),
            "public_key_pem": public.pem(),
            "fingerprint": public.fingerprint(),
        }));
        return Ok(());
    }
    let private = if private_file::OWNER_ONLY {
        ", readable by you only"
    } else {
        ""
    };
    out.line(&format!(
        "Wrote {} (RSA {} bits, PKCS#8{private}). Keep it secret; back it up.",
        args.out.display(),
        public.bits()
    ));
    out.line("");
    out.line(&format!(
        "{BOLD}Register this public key with Smart Glocal:{BOLD:#}"
    ));
    out.text(&public.pem());
    out.line(&format!("Fingerprint: {}", public.fingerprint()));
    Ok(())
}

/// A new RSA key as PKCS#8 PEM.
fn generate(size: KeySize) -> Result<String, Failure> {
    let internal = |what: &str| {
        Failure::new(
            sgpay::ffi::SGPAY_ERR_INTERNAL,
            format!("RSA key generation failed ({what})"),
            "Please report this bug.",
        )
    };
    let pair = KeyPair::generate(size).map_err(|_| internal("generate"))?;
    let der: Pkcs8V1Der<'static> = pair.as_der().map_err(|_| internal("PKCS#8 encoding"))?;
    Ok(private_key_pem(der.as_ref()))
}

/// PKCS#8 DER as `BEGIN PRIVATE KEY` PEM text, with Unix line ends.
fn private_key_pem(der: &[u8]) -> String {
    let config = pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF);
    pem::encode_config(&pem::Pem::new("PRIVATE KEY", der), config)
}

/// Writes the key into a new file created readable by its owner only (mode 0600 on Unix,
/// an ACL for the current user on Windows: never readable by others, not even for a
/// moment), then moves it into place: never over an existing file unless `replace`.
fn write_private_key(path: &Path, pem: &[u8], replace: bool) -> Result<(), Failure> {
    let cannot =
        |e: std::io::Error| Failure::invalid(format!("cannot write '{}': {e}", path.display()));
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| Failure::invalid(format!("'{}' is not a file name", path.display())))?;
    let temporary = folder.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = write_new_private_file(&temporary, pem);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(cannot(e));
    }
    let placed = if replace {
        std::fs::rename(&temporary, path)
    } else {
        // A hard link never replaces an existing file: another process's key is safe.
        let linked = std::fs::hard_link(&temporary, path);
        let _ = std::fs::remove_file(&temporary);
        match linked {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(Failure::invalid(format!(
                    "'{}' already exists: it is not overwritten",
                    path.display()
                )));
            }
            Err(_) => write_new_private_file(path, pem),
            ok => ok,
        }
    };
    placed.map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        cannot(e)
    })
}

/// Creates `path` (which must not exist) readable by its owner only, and writes `data` to disk.
fn write_new_private_file(path: &Path, data: &[u8]) -> std::io::Result<()> {
    let mut file = private_file::create_new(path)?;
    file.write_all(data)?;
    file.sync_all()
}

/// Prints the public key of a key file, or of the configuration's key.
pub fn show(file: Option<&Path>, config: Option<&Path>, out: &Out) -> Result<(), Failure> {
    let (public, source) = match file {
        Some(path) => {
            let mut pem = Vec::new();
            std::fs::File::open(path)
                .and_then(|f| f.take(MAX_KEY_FILE_BYTES).read_to_end(&mut pem))
                .map_err(|e| Failure::config(format!("cannot read '{}': {e}", path.display())))?;
            let public = PartnerPublicKey::from_private_key_pem(&pem)
                .map_err(|e| Failure::from(e).in_context(&path.display().to_string()))?;
            (public, path.display().to_string())
        }
        None => {
            let file = ConfigFile::locate(config)?;
            let parsed = file.parse()?;
            let public = PartnerPublicKey::from_config(&parsed).ok_or_else(|| {
                Failure::config(format!(
                    "{}: requests are signed with an HMAC secret; there is no public key to show",
                    file.path.display()
                ))
            })?;
            (public, format!("the key of {}", file.path.display()))
        }
    };
    if out.json {
        out.document(&json!({
            "status": "ok",
            "source": source,
            "bits": public.bits(),
            "public_key_pem": public.pem(),
            "fingerprint": public.fingerprint(),
        }));
    } else {
        out.line(&format!("{source}: RSA {} bits", public.bits()));
        out.text(&public.pem());
        out.line(&format!("Fingerprint: {}", public.fingerprint()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_load_in_the_library_and_match_aws_lc() {
        use aws_lc_rs::encoding::PublicKeyX509Der;
        use aws_lc_rs::signature::KeyPair as _;
        let pair = KeyPair::generate(KeySize::Rsa2048).unwrap();
        let der: Pkcs8V1Der<'static> = pair.as_der().unwrap();
        let public =
            PartnerPublicKey::from_private_key_pem(private_key_pem(der.as_ref()).as_bytes())
                .unwrap();
        let spki: PublicKeyX509Der<'static> = pair.public_key().as_der().unwrap();
        assert_eq!(public.spki_der(), spki.as_ref());
        assert_eq!(public.bits(), 2048);
    }
}
