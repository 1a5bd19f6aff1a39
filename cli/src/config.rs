//! Which configuration file a command uses: `--config FILE`, else the file named by
//! `$SGPAY_CONFIG`, else `./sgpay.json`; its JSON is the one `sgpay_client_new` takes.

use std::io::Read;
use std::path::{Path, PathBuf};

use sgpay::{Client, Config};

use crate::failure::Failure;

/// The configuration file looked for in the current folder.
pub const DEFAULT_FILE: &str = "sgpay.json";
/// The environment variable naming the configuration file.
pub const ENV_VAR: &str = "SGPAY_CONFIG";
/// Larger than any configuration the library accepts (it names its own limit).
const MAX_FILE_BYTES: u64 = 1 << 20;

/// A configuration file's path and text.
#[derive(Debug)]
pub struct ConfigFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its contents.
    pub text: String,
}

impl ConfigFile {
    /// Finds and reads the configuration file.
    pub fn locate(explicit: Option<&Path>) -> Result<ConfigFile, Failure> {
        let (path, how) = match explicit {
            Some(path) => (path.to_path_buf(), "given with --config"),
            None => match std::env::var_os(ENV_VAR).filter(|v| !v.is_empty()) {
                Some(path) => (PathBuf::from(path), "named by $SGPAY_CONFIG"),
                None => (PathBuf::from(DEFAULT_FILE), "the default"),
            },
        };
        let file = std::fs::File::open(&path).map_err(|e| {
            let message = if e.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "the configuration file '{}' ({how}) does not exist",
                    path.display()
                )
            } else {
                format!(
                    "cannot open the configuration file '{}' ({how}): {e}",
                    path.display()
                )
            };
            Failure::config(message).with_advice(
                "Give the configuration (the JSON of sgpay_client_new) with --config FILE, \
                 set SGPAY_CONFIG, or put it in ./sgpay.json.",
            )
        })?;
        let mut bytes = Vec::new();
        file.take(MAX_FILE_BYTES)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::config(format!("cannot read '{}': {e}", path.display())))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Failure::config(format!(
                "the configuration file '{}' is not UTF-8 text",
                path.display()
            ))
        })?;
        Ok(ConfigFile { path, text })
    }

    /// The configuration, validated by the library; errors name the file.
    pub fn parse(&self) -> Result<Config, Failure> {
        Config::from_json(&self.text).map_err(|e| self.failure(e))
    }

    /// A library error with this file named before it.
    pub fn failure(&self, error: sgpay::Error) -> Failure {
        Failure::from(error).in_context(&self.path.display().to_string())
    }
}

/// The client of the configuration file `explicit` names (or the default one).
pub fn client(explicit: Option<&Path>) -> Result<Client, Failure> {
    let file = ConfigFile::locate(explicit)?;
    let config = file.parse()?;
    Client::new(config).map_err(|e| file.failure(e))
}
