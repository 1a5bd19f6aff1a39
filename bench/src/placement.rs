//! Where the per-call table's processes run.
//!
//! A measured client and the sandbox it calls pass each request back and forth, one waiting
//! while the other works. Left to the scheduler, the two often sit on different CPUs, and
//! every request and reply then wakes a sleeping CPU. On a virtual machine that wake-up
//! costs tens of µs, and more the longer the CPU slept: it moves from run to run (the floor
//! alone has measured from 48 to 114 µs here) and grows with the client's own work, so it
//! blurs what a client adds. On one shared CPU the same exchange is the sandbox's work,
//! the client's work and the kernel's, nothing else. The table is measured that way; a
//! second, smaller table measures the main rows with free scheduling, for comparison.

use std::process::Command;

/// Where a sandbox and the clients measured against it run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// All on this one CPU (its number).
    SharedCpu(usize),
    /// Wherever the scheduler puts them.
    Free,
}

impl Placement {
    /// One CPU for all: the last one this process may run on, or free scheduling where
    /// the set of CPUs cannot be read.
    pub fn shared_cpu() -> Placement {
        last_allowed_cpu().map_or(Placement::Free, Placement::SharedCpu)
    }

    /// Makes `command` start on this placement's CPU; every thread it starts stays there.
    pub fn apply(self, command: &mut Command) {
        if let Placement::SharedCpu(cpu) = self {
            pin(command, cpu);
        }
    }

    /// Words for the report.
    pub fn describe(self) -> String {
        match self {
            Placement::SharedCpu(cpu) => format!("the sandbox and the client both on CPU {cpu}"),
            Placement::Free => "free scheduling".to_owned(),
        }
    }
}

#[cfg(target_os = "linux")]
fn last_allowed_cpu() -> Option<usize> {
    // SAFETY: `set` is a plain bit set that sched_getaffinity fills for this process.
    let set = unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        let size = std::mem::size_of::<libc::cpu_set_t>();
        (libc::sched_getaffinity(0, size, &mut set) == 0).then_some(set)
    }?;
    // SAFETY: CPU_ISSET only reads the set, within its size.
    (0..libc::CPU_SETSIZE as usize).rfind(|&cpu| unsafe { libc::CPU_ISSET(cpu, &set) })
}

#[cfg(not(target_os = "linux"))]
fn last_allowed_cpu() -> Option<usize> {
    None
}

#[cfg(target_os = "linux")]
fn pin(command: &mut Command, cpu: usize) {
    use std::os::unix::process::CommandExt;
    // SAFETY: the hook only calls sched_setaffinity, a system call that is safe between fork
    // and exec, on a set built before the fork.
    let set = unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        set
    };
    // SAFETY: as above.
    unsafe {
        command.pre_exec(move || {
            let size = std::mem::size_of::<libc::cpu_set_t>();
            if libc::sched_setaffinity(0, size, &set) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn pin(_command: &mut Command, _cpu: usize) {}
