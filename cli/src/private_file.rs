//! New files that only their owner can read, for the partner's private key: mode 0600 on
//! Unix; on Windows a protected DACL (nothing inherited from the folder) whose one entry
//! gives the current user full access. Either is set as the file is created, so there is no
//! moment when another user could open it.

use std::fs::File;
use std::io;
use std::path::Path;

/// Whether [`create_new`] keeps the file from other users on this platform.
pub const OWNER_ONLY: bool = cfg!(any(unix, windows));

/// Creates `path`, which must not exist yet, for writing, readable by the current user
/// only (see the module's description).
pub fn create_new(path: &Path) -> io::Result<File> {
    platform::create_new(path)
}

#[cfg(unix)]
mod platform {
    use std::fs::{File, OpenOptions};
    use std::io;
    use std::os::unix::fs::OpenOptionsExt;
    use std::path::Path;

    /// `O_CREAT | O_EXCL` with mode 0600.
    pub fn create_new(path: &Path) -> io::Result<File> {
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
    }
}

#[cfg(windows)]
mod platform {
    use std::fs::File;
    use std::io;
    use std::mem::size_of;
    use std::os::windows::ffi::OsStrExt;
    use std::os::windows::io::{FromRawHandle, RawHandle};
    use std::path::Path;

    use windows_sys::Win32::Foundation::{
        BOOL, CloseHandle, ERROR_INSUFFICIENT_BUFFER, GENERIC_WRITE, HANDLE, INVALID_HANDLE_VALUE,
        PSID,
    };
    use windows_sys::Win32::Security::{
        ACCESS_ALLOWED_ACE, ACL, ACL_REVISION, AddAccessAllowedAce, GetLengthSid,
        GetTokenInformation, InitializeAcl, InitializeSecurityDescriptor, PSECURITY_DESCRIPTOR,
        SE_DACL_PROTECTED, SECURITY_ATTRIBUTES, SECURITY_DESCRIPTOR, SetSecurityDescriptorControl,
        SetSecurityDescriptorDacl, TOKEN_QUERY, TOKEN_USER, TokenUser,
    };
    use windows_sys::Win32::Storage::FileSystem::{
        CREATE_NEW, CreateFileW, FILE_ALL_ACCESS, FILE_ATTRIBUTE_NORMAL,
    };
    use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

    /// The revision `InitializeSecurityDescriptor` takes (winnt.h).
    const SECURITY_DESCRIPTOR_REVISION: u32 = 1;

    /// `CreateFileW` with `CREATE_NEW`, no sharing, and a security descriptor whose
    /// protected DACL lets the current user alone in.
    pub fn create_new(path: &Path) -> io::Result<File> {
        let name = wide_path(path)?;
        let user = CurrentUser::query()?;
        let acl = owner_only_acl(user.sid())?;
        // SAFETY: all-zero bytes are a valid SECURITY_DESCRIPTOR (null pointers, no flags);
        // InitializeSecurityDescriptor below sets it up properly.
        let mut descriptor: SECURITY_DESCRIPTOR = unsafe { std::mem::zeroed() };
        let pointer: PSECURITY_DESCRIPTOR = (&raw mut descriptor).cast();
        // SAFETY: `pointer` is a SECURITY_DESCRIPTOR-sized buffer that outlives these calls,
        // and `acl` (which the descriptor points to) lives until CreateFileW has returned.
        unsafe {
            succeeded(InitializeSecurityDescriptor(
                pointer,
                SECURITY_DESCRIPTOR_REVISION,
            ))?;
            succeeded(SetSecurityDescriptorDacl(
                pointer,
                1,
                acl.as_ptr().cast(),
                0,
            ))?;
            succeeded(SetSecurityDescriptorControl(
                pointer,
                SE_DACL_PROTECTED,
                SE_DACL_PROTECTED,
            ))?;
        }
        let attributes = SECURITY_ATTRIBUTES {
            nLength: size_of::<SECURITY_ATTRIBUTES>() as u32,
            lpSecurityDescriptor: pointer,
            bInheritHandle: 0,
        };
        // SAFETY: `name` is NUL-terminated, `attributes` and what it points to are alive.
        let handle = unsafe {
            CreateFileW(
                name.as_ptr(),
                GENERIC_WRITE,
                0,
                &attributes,
                CREATE_NEW,
                FILE_ATTRIBUTE_NORMAL,
                0,
            )
        };
        if handle == INVALID_HANDLE_VALUE {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: a valid file handle that nothing else owns; the File closes it.
        Ok(unsafe { File::from_raw_handle(handle as RawHandle) })
    }

    /// The path as a NUL-terminated UTF-16 string.
    fn wide_path(path: &Path) -> io::Result<Vec<u16>> {
        let mut wide: Vec<u16> = path.as_os_str().encode_wide().collect();
        if wide.contains(&0) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the file name contains a NUL character",
            ));
        }
        wide.push(0);
        Ok(wide)
    }

    /// The TOKEN_USER of this process's token, in a buffer aligned for its pointers.
    struct CurrentUser {
        buffer: Vec<u64>,
    }

    impl CurrentUser {
        /// Reads the user out of the process token.
        fn query() -> io::Result<CurrentUser> {
            let token = ProcessToken::open()?;
            let mut needed = 0u32;
            // SAFETY: a size query: no buffer, `needed` receives the size.
            let sized = unsafe {
                GetTokenInformation(token.0, TokenUser, std::ptr::null_mut(), 0, &mut needed)
            };
            let error = io::Error::last_os_error();
            if sized != 0 || error.raw_os_error() != Some(ERROR_INSUFFICIENT_BUFFER as i32) {
                return Err(error);
            }
            let mut buffer = vec![0u64; (needed as usize).div_ceil(size_of::<u64>())];
            let length = (buffer.len() * size_of::<u64>()) as u32;
            // SAFETY: `buffer` holds `length` bytes, at least the `needed` asked for, and is
            // aligned for TOKEN_USER.
            succeeded(unsafe {
                GetTokenInformation(
                    token.0,
                    TokenUser,
                    buffer.as_mut_ptr().cast(),
                    length,
                    &mut needed,
                )
            })?;
            Ok(CurrentUser { buffer })
        }

        /// The user's SID, which points into the buffer.
        fn sid(&self) -> PSID {
            // SAFETY: GetTokenInformation wrote a TOKEN_USER at the start of the buffer.
            unsafe { (*self.buffer.as_ptr().cast::<TOKEN_USER>()).User.Sid }
        }
    }

    /// This process's access token, opened for queries and closed when dropped.
    struct ProcessToken(HANDLE);

    impl ProcessToken {
        /// Opens this process's token for TOKEN_QUERY.
        fn open() -> io::Result<ProcessToken> {
            let mut token: HANDLE = 0;
            // SAFETY: GetCurrentProcess's pseudo handle needs no closing; `token` receives
            // a handle owned by the returned value.
            succeeded(unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) })?;
            Ok(ProcessToken(token))
        }
    }

    impl Drop for ProcessToken {
        fn drop(&mut self) {
            // SAFETY: the handle is open and owned by this value alone.
            unsafe { CloseHandle(self.0) };
        }
    }

    /// An ACL with one entry: full access for `sid` (copied in). Kept as u32 words, the
    /// alignment an ACL needs.
    fn owner_only_acl(sid: PSID) -> io::Result<Vec<u32>> {
        // SAFETY: `sid` points to a valid SID for the duration of the call.
        let sid_length = unsafe { GetLengthSid(sid) } as usize;
        // The ACE's SidStart field is the first word of the SID it holds.
        let bytes =
            size_of::<ACL>() + size_of::<ACCESS_ALLOWED_ACE>() - size_of::<u32>() + sid_length;
        let mut acl = vec![0u32; bytes.div_ceil(size_of::<u32>())];
        let length = (acl.len() * size_of::<u32>()) as u32;
        let pointer: *mut ACL = acl.as_mut_ptr().cast();
        // SAFETY: `pointer` addresses `length` writable, aligned bytes, enough for the
        // header and one ACE with this SID.
        unsafe {
            succeeded(InitializeAcl(pointer, length, ACL_REVISION))?;
            succeeded(AddAccessAllowedAce(
                pointer,
                ACL_REVISION,
                FILE_ALL_ACCESS,
                sid,
            ))?;
        }
        Ok(acl)
    }

    /// A Win32 BOOL result as an io::Result, with the thread's last error on failure.
    fn succeeded(result: BOOL) -> io::Result<()> {
        if result == 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(())
        }
    }
}

#[cfg(not(any(unix, windows)))]
mod platform {
    use std::fs::{File, OpenOptions};
    use std::io;
    use std::path::Path;

    /// A new file with the platform's default permissions.
    pub fn create_new(path: &Path) -> io::Result<File> {
        OpenOptions::new().write(true).create_new(true).open(path)
    }
}
