//! Running a MinGW-built program under Wine: in a prefix of the bench's own,
//! `bench/build/wineprefix`, made afresh by each run (as `tools/windows/test` does), since a
//! prefix made by another Wine, one without its 32-bit half say, fails to start programs;
//! through `tools/windows/wine-run`, which makes `SGPAY_PRIVATE_KEY_PATH` a Windows path as
//! the Windows tests do.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::contenders::Paths;

/// What to run Windows programs with.
pub struct Wine {
    prefix: PathBuf,
    wine_run: PathBuf,
}

impl Wine {
    /// Makes the prefix afresh (`wineboot --init`, about half a minute); dropping the
    /// [`Wine`] stops its `wineserver`.
    pub fn prepare(paths: &Paths) -> Result<Wine, String> {
        let wine = Wine {
            prefix: paths.build_dir().join("wineprefix"),
            wine_run: paths.root.join("tools/windows/wine-run"),
        };
        if wine.prefix.exists() {
            std::fs::remove_dir_all(&wine.prefix)
                .map_err(|e| format!("cannot remove {}: {e}", wine.prefix.display()))?;
        }
        eprintln!("making the Wine prefix {}...", wine.prefix.display());
        let status = wine
            .with_env(Command::new("wineboot"))
            .arg("--init")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| {
                format!("wine not found ({e}): run tools/windows/ensure-toolchain --wine")
            })?;
        if !status.success() {
            return Err(format!(
                "wineboot --init failed ({status}) in {}",
                wine.prefix.display()
            ));
        }
        Ok(wine)
    }

    /// A command running `program` under Wine; the caller adds its arguments.
    pub fn command(&self, program: &Path) -> Command {
        let mut command = self.with_env(Command::new(&self.wine_run));
        command.arg(program);
        command
    }

    fn with_env(&self, mut command: Command) -> Command {
        command
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=");
        command
    }
}

impl Drop for Wine {
    fn drop(&mut self) {
        let _ = self
            .with_env(Command::new("wineserver"))
            .arg("-k")
            .stderr(Stdio::null())
            .status();
    }
}
