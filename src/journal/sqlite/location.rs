//! Where the journal may live. A journal on a network drive can lose a committed write
//! when the link drops, which is exactly when a till needs it, so such paths are refused
//! unless the configuration says `"journal_allow_network_drive": true`.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Refuses `path` when it is on a network file system and that was not allowed.
pub fn check(path: &str, allow_network_drive: bool) -> Result<()> {
    if allow_network_drive || !is_network_path(path) {
        return Ok(());
    }
    Err(Error::journal(format!(
        "the journal at \"{path}\" is on a network drive, where a committed write can be lost \
         when the link drops; put it on a local disk, or set \"journal_allow_network_drive\": \
         true to insist"
    )))
}

/// True when `path` lies on a network file system, as far as the system tells.
pub fn is_network_path(path: &str) -> bool {
    if path.starts_with("\\\\") || path.starts_with("//") {
        return true;
    }
    is_on_network_file_system(&existing_folder(Path::new(path)))
}

/// The nearest folder of `path` that exists (the file itself may not exist yet).
fn existing_folder(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute
        .ancestors()
        .skip(1)
        .find_map(|folder| folder.canonicalize().ok())
        .unwrap_or(absolute)
}

#[cfg(target_os = "linux")]
fn is_on_network_file_system(folder: &Path) -> bool {
    const NETWORK_TYPES: &[&str] = &[
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
        "fuse.sshfs",
        "davfs",
        "ncpfs",
    ];
    let Ok(mounts) = std::fs::read_to_string("/proc/self/mounts") else {
        return false;
    };
    mounts
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let _device = fields.next()?;
            let mount_point = fields.next()?.replace("\\040", " ");
            let fs_type = fields.next()?;
            folder
                .starts_with(&mount_point)
                .then(|| (mount_point.len(), fs_type.to_owned()))
        })
        .max_by_key(|(length, _)| *length)
        .is_some_and(|(_, fs_type)| NETWORK_TYPES.contains(&fs_type.as_str()))
}

#[cfg(windows)]
fn is_on_network_file_system(folder: &Path) -> bool {
    use std::os::windows::ffi::OsStrExt;
    use std::path::Component;
    use windows_sys::Win32::Storage::FileSystem::GetDriveTypeW;
    use windows_sys::Win32::System::WindowsProgramming::DRIVE_REMOTE;

    let Some(Component::Prefix(prefix)) = folder.components().next() else {
        return false;
    };
    let mut root: Vec<u16> = prefix.as_os_str().encode_wide().collect();
    if matches!(
        prefix.kind(),
        std::path::Prefix::UNC(..) | std::path::Prefix::VerbatimUNC(..)
    ) {
        return true;
    }
    root.extend("\\\0".encode_utf16());
    // SAFETY: `root` is a NUL-terminated UTF-16 string that outlives the call.
    unsafe { GetDriveTypeW(root.as_ptr()) == DRIVE_REMOTE }
}

#[cfg(not(any(target_os = "linux", windows)))]
fn is_on_network_file_system(_folder: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unc_paths_are_network_drives_unless_allowed() {
        assert!(is_network_path("\\\\server\\share\\till.db"));
        assert!(is_network_path("//server/share/till.db"));
        assert!(check("//server/share/till.db", false).is_err());
        assert!(check("//server/share/till.db", true).is_ok());
    }

    #[test]
    fn a_local_temporary_folder_is_not_a_network_drive() {
        let path = std::env::temp_dir()
            .join("sgpay-location-test")
            .join("till.db");
        assert!(!is_network_path(path.to_str().unwrap()));
    }
}
