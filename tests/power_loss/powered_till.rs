//! A till whose journal lives on a [`LossyFs`], the cut of its power under a running payer,
//! and the checks every cut must pass.

use std::io::{BufRead, BufReader};
use std::process::Child;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use serde_json::Value;

use crate::common::journal_place::JournalPlace;
use crate::common::payer::{Till, kill};
use crate::lossy_fs::LossyFs;

/// How long an injected delay holds a request: long enough for the cut to land first.
pub const HOLD_MS: u64 = 1500;

/// A till on a disk that loses what was not fsynced.
pub struct PoweredTill {
    /// The payers' sandbox and journal path.
    pub till: Till,
    /// The disk.
    pub fs: LossyFs,
}

impl PoweredTill {
    /// A new sandbox, and a new lossy disk for the journal.
    pub fn new(label: &str) -> PoweredTill {
        let fs = LossyFs::mount(label);
        PoweredTill {
            till: Till::new(JournalPlace::in_folder(fs.path().to_path_buf())),
            fs,
        }
    }

    /// Cuts the power under a running payer: freezes it, drops every write that was not
    /// fsynced, then kills it.
    pub fn cut_power(&mut self, payer: Child) {
        let pid = i32::try_from(payer.id()).unwrap();
        // SAFETY: `pid` is our own child, not yet reaped, so the id names that process.
        let stopped = unsafe { libc::kill(pid, libc::SIGSTOP) };
        assert_eq!(stopped, 0, "the payer could not be frozen");
        self.fs.cut_power();
        kill(payer);
    }

    /// Cuts the power while no payer runs.
    pub fn cut_idle_power(&mut self) {
        self.fs.cut_power();
    }

    /// `PRAGMA integrity_check` of the journal, read by a connection that changes nothing.
    pub fn integrity(&self) -> String {
        let conn = Connection::open_with_flags(
            self.till.journal(),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .expect("the journal opens after the cut");
        conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap()
    }

    /// Recovers in a new process; returns the entries it resolved.
    pub fn recover(&self) -> Vec<Value> {
        let recovered = self.till.run(&["recover"]);
        assert_eq!(recovered["status"], "ok", "{recovered}");
        recovered["entries"].as_array().unwrap().clone()
    }

    /// Every entry of the journal, read by a new process.
    pub fn entries(&self) -> Vec<Value> {
        let listed = self.till.run(&["entries"]);
        assert_eq!(listed["status"], "ok", "{listed}");
        listed["entries"].as_array().unwrap().clone()
    }

    /// What every cut must leave, checked after recovery: a sound journal that knows every
    /// session the sandbox holds, each entry settled with the outcome the sandbox holds,
    /// and no sale charged twice.
    pub fn check_after_recovery(&self) -> Vec<Value> {
        assert_eq!(self.integrity(), "ok");
        let entries = self.entries();
        let known: Vec<&str> = entries
            .iter()
            .filter_map(|e| e["session_id"].as_str())
            .collect();
        let mut with_payment = 0;
        for session_id in self.till.sandbox.session_ids() {
            assert!(
                known.contains(&session_id.as_str()),
                "the sandbox holds {session_id}, which no entry knows: {entries:?}"
            );
            let payments = self.payments_of(&session_id);
            assert!(payments <= 1, "{session_id} has {payments} payments");
            with_payment += payments;
        }
        assert_eq!(self.till.payments_created(), with_payment);
        for entry in &entries {
            assert_eq!(entry["state"], "done", "{entry}");
            let session_id = entry["session_id"].as_str().expect("recovery learnt it");
            assert_eq!(
                entry["outcome"],
                self.till.expected_outcome(session_id),
                "{entry}"
            );
        }
        let mut sessions = known.clone();
        sessions.sort_unstable();
        sessions.dedup();
        assert_eq!(sessions.len(), known.len(), "one session per sale");
        entries
    }

    fn payments_of(&self, session_id: &str) -> u64 {
        let session = self.till.sandbox_session(session_id);
        sgpay::internals::outcome::payments(&session).len() as u64
    }
}

impl std::ops::Deref for PoweredTill {
    type Target = Till;

    fn deref(&self) -> &Till {
        &self.till
    }
}

/// Reads the first line a payer printed (its `pay` document) while it stays alive.
pub fn first_document(payer: &mut Child) -> Value {
    let stdout = payer.stdout.as_mut().expect("stdout is piped");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    serde_json::from_str(&line).unwrap_or_else(|_| panic!("payer printed {line:?}"))
}

/// Lets a held request run out, so the sandbox's state no longer moves under the test.
pub fn let_hold_pass() {
    std::thread::sleep(Duration::from_millis(HOLD_MS + 300));
}
