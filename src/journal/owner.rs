//! Who owns a journal entry: a machine (`journal_owner`, by default the host name), a
//! process id and that process's start time, so that a process id reused by a later
//! process is not mistaken for the owner. Only a process on the same machine can be seen
//! dead; another machine's entries wait for their lease.

/// The process that wrote an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// The machine's name in the journal.
    pub host: String,
    /// Operating-system process id.
    pub pid: u32,
    /// The process's start time in the system's own units; `None` where it is unknown.
    pub started: Option<i64>,
}

impl Owner {
    /// The running process, on the machine named `host` (default: the host name).
    pub fn current(host: Option<String>) -> Owner {
        let pid = std::process::id();
        Owner {
            host: host.unwrap_or_else(host_name),
            pid,
            started: start_time(pid),
        }
    }

    /// True while the owning process runs. Unknown start times count as alive, so that
    /// only the lease decides for them.
    pub fn is_alive(&self) -> bool {
        match (self.started, start_time(self.pid)) {
            (Some(recorded), Some(now)) => recorded == now,
            (Some(_), None) => false,
            (None, _) => true,
        }
    }
}

/// The machine's host name, `localhost` when the system does not tell.
pub fn host_name() -> String {
    system_host_name()
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "localhost".to_owned())
}

#[cfg(target_os = "linux")]
fn system_host_name() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/hostname").ok()
}

#[cfg(windows)]
fn system_host_name() -> Option<String> {
    std::env::var("COMPUTERNAME").ok()
}

#[cfg(not(any(target_os = "linux", windows)))]
fn system_host_name() -> Option<String> {
    std::env::var("HOSTNAME").ok()
}

/// Field 22 of `/proc/<pid>/stat` (clock ticks since boot); `None` for a process that is
/// gone or a zombie.
#[cfg(target_os = "linux")]
fn start_time(pid: u32) -> Option<i64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces and parentheses: skip past its last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    if fields.next()? == "Z" {
        return None;
    }
    fields.nth(18)?.parse().ok()
}

/// The process creation time (a `FILETIME` as 100 ns units); `None` for a process that
/// has exited or cannot be found.
#[cfg(windows)]
fn start_time(pid: u32) -> Option<i64> {
    use windows_sys::Win32::Foundation::{CloseHandle, FILETIME};
    use windows_sys::Win32::System::Threading::{
        GetExitCodeProcess, GetProcessTimes, OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION,
    };
    const STILL_ACTIVE: u32 = 259;
    // SAFETY: plain Win32 calls on a handle opened here and closed before returning; the
    // out-pointers point to locals.
    unsafe {
        let handle = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
        if handle == 0 {
            return None;
        }
        let zero = FILETIME {
            dwLowDateTime: 0,
            dwHighDateTime: 0,
        };
        let (mut created, mut exited, mut kernel, mut user) = (zero, zero, zero, zero);
        let mut exit_code = 0u32;
        let times = GetProcessTimes(handle, &mut created, &mut exited, &mut kernel, &mut user);
        let code = GetExitCodeProcess(handle, &mut exit_code);
        CloseHandle(handle);
        if times == 0 || code == 0 || exit_code != STILL_ACTIVE {
            return None;
        }
        Some((i64::from(created.dwHighDateTime) << 32) | i64::from(created.dwLowDateTime))
    }
}

/// Elsewhere the start time is unknown and only leases decide.
#[cfg(not(any(target_os = "linux", windows)))]
fn start_time(_pid: u32) -> Option<i64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_running_process_is_alive_and_a_changed_start_time_is_not() {
        let me = Owner::current(None);
        assert!(me.is_alive());
        assert!(!me.host.is_empty());
        if let Some(started) = me.started {
            let reused = Owner {
                started: Some(started + 1),
                ..me.clone()
            };
            assert!(!reused.is_alive());
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn an_exited_process_is_dead() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let owner = Owner {
            host: host_name(),
            pid: child.id(),
            started: start_time(child.id()).or(Some(0)),
        };
        child.wait().unwrap();
        assert!(!owner.is_alive());
    }
}
