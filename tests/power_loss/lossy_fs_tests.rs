//! Self-tests of the lossy file system: every write is seen at once, and a power cut keeps
//! exactly what was fsynced.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};

use rusqlite::Connection;

use crate::lossy_fs::LossyFs;

/// A child process, killed when the test ends however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The file's bytes as another process reads them.
fn cat(path: &Path) -> Vec<u8> {
    let output = Command::new("cat").arg(path).output().unwrap();
    assert!(
        output.status.success(),
        "cat {}: {output:?}",
        path.display()
    );
    output.stdout
}

/// The names in a directory, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn unsynced_writes_are_lost_and_synced_writes_survive() {
    let mut lossy = LossyFs::mount("unsynced");
    let loose = lossy.path().join("loose");
    let synced = lossy.path().join("synced");
    fs::write(&loose, b"never synced").unwrap();
    let mut file = File::create(&synced).unwrap();
    file.write_all(b"synced").unwrap();
    file.sync_all().unwrap();
    file.write_all(b", then appended").unwrap();
    drop(file);
    assert_eq!(cat(&loose), b"never synced");
    assert_eq!(cat(&synced), b"synced, then appended");
    let mut stale = File::open(&synced).unwrap();

    lossy.cut_power();

    let mut bytes = Vec::new();
    assert!(
        stale.read_to_end(&mut bytes).is_err(),
        "the old mount is dead"
    );

    assert_eq!(cat(&loose), b"", "the file is there, its bytes are not");
    assert_eq!(cat(&synced), b"synced");
    assert_eq!(fs::metadata(&synced).unwrap().len(), 6);
}

#[test]
fn unsynced_truncate_is_undone() {
    let mut lossy = LossyFs::mount("truncate");
    let path = lossy.path().join("data");
    let mut file = File::create(&path).unwrap();
    file.write_all(b"0123456789").unwrap();
    file.sync_data().unwrap();
    file.set_len(3).unwrap();
    drop(file);
    assert_eq!(fs::read(&path).unwrap(), b"012");

    lossy.cut_power();

    assert_eq!(fs::read(&path).unwrap(), b"0123456789");
}

fn insert(conn: &Connection, phase: &str, rows: usize) {
    for _ in 0..rows {
        conn.execute("INSERT INTO sale (phase) VALUES (?1)", [phase])
            .unwrap();
    }
}

fn count(conn: &Connection, phase: &str) -> i64 {
    conn.query_row(
        "SELECT count(*) FROM sale WHERE phase = ?1",
        [phase],
        |row| row.get(0),
    )
    .unwrap()
}

#[test]
fn sqlite_wal_keeps_exactly_the_synced_commits() {
    let mut lossy = LossyFs::mount("sqlite-wal");
    let db = lossy.path().join("journal.db");
    let conn = Connection::open(&db).unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    conn.execute_batch("CREATE TABLE sale (id INTEGER PRIMARY KEY, phase TEXT NOT NULL)")
        .unwrap();
    insert(&conn, "full", 3);
    let wal_syncs = lossy.fsyncs_of("journal.db-wal");
    assert!(
        wal_syncs >= 4,
        "each FULL commit syncs the WAL: {wal_syncs}"
    );
    conn.pragma_update(None, "synchronous", "OFF").unwrap();
    insert(&conn, "off", 3);
    assert_eq!(lossy.fsyncs_of("journal.db-wal"), wal_syncs);
    assert_eq!(count(&conn, "off"), 3);
    // Closing the last connection would checkpoint: keep it open, as a killed payer does.
    std::mem::forget(conn);

    lossy.cut_power();

    let conn = Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    assert_eq!(count(&conn, "full"), 3);
    assert_eq!(count(&conn, "off"), 0);
}

#[test]
fn counts_fsyncs_per_name() {
    let lossy = LossyFs::mount("fsyncs");
    let dir = lossy.path().join("dir");
    fs::create_dir(&dir).unwrap();
    let file = File::create(dir.join("file")).unwrap();
    file.sync_all().unwrap();
    file.sync_data().unwrap();
    File::open(&dir).unwrap().sync_all().unwrap();
    drop(file);
    fs::write(dir.join("other"), b"closed, not synced").unwrap();

    assert_eq!(lossy.fsyncs_of("dir/file"), 2);
    assert_eq!(lossy.fsyncs_of("dir"), 1);
    assert_eq!(lossy.fsyncs_of("dir/other"), 0);
    assert_eq!(lossy.fsyncs(), 3);
}

#[test]
fn namespace_changes_are_durable_at_once() {
    let mut lossy = LossyFs::mount("namespace");
    let root = lossy.path().to_owned();
    fs::create_dir_all(root.join("kept/inner")).unwrap();
    fs::create_dir(root.join("gone")).unwrap();
    fs::remove_dir(root.join("gone")).unwrap();
    assert!(fs::remove_dir(root.join("kept")).is_err(), "not empty");
    let mut file = File::create(root.join("old")).unwrap();
    file.write_all(b"content").unwrap();
    file.sync_all().unwrap();
    fs::rename(root.join("old"), root.join("kept/new")).unwrap();
    let mut doomed = OpenOptions::new()
        .create(true)
        .truncate(true)
        .read(true)
        .write(true)
        .open(root.join("doomed"))
        .unwrap();
    fs::remove_file(root.join("doomed")).unwrap();
    doomed.write_all(b"still open").unwrap();
    let mut read = String::new();
    doomed.rewind().unwrap();
    doomed.read_to_string(&mut read).unwrap();
    assert_eq!(
        read, "still open",
        "an unlinked file lives on while it is open"
    );
    assert_eq!(names(&root), ["kept"]);

    lossy.cut_power();

    assert_eq!(names(&root), ["kept"]);
    assert_eq!(names(&root.join("kept")), ["inner", "new"]);
    assert_eq!(fs::read(root.join("kept/new")).unwrap(), b"content");
}

#[test]
fn a_process_holding_a_file_does_not_block_the_cut() {
    let mut lossy = LossyFs::mount("held");
    let path = lossy.path().join("held");
    fs::write(&path, b"unsynced").unwrap();
    let holder = Command::new("sleep")
        .arg("60")
        .stdin(File::open(&path).unwrap())
        .spawn()
        .unwrap();
    let _holder = Killed(holder);

    lossy.cut_power();

    assert_eq!(cat(&path), b"");
    fs::write(&path, b"after the cut").unwrap();
    assert_eq!(cat(&path), b"after the cut");
}

#[test]
fn mounts_are_independent_and_leave_nothing_behind() {
    let first = LossyFs::mount("first");
    let mut second = LossyFs::mount("second");
    fs::write(first.path().join("file"), b"first").unwrap();
    fs::write(second.path().join("file"), b"second").unwrap();
    second.cut_power();
    assert_eq!(fs::read(first.path().join("file")).unwrap(), b"first");
    assert_eq!(fs::read(second.path().join("file")).unwrap(), b"");

    let mut panicked = PathBuf::new();
    let unwound = panic::catch_unwind(AssertUnwindSafe(|| {
        let third = LossyFs::mount("panics");
        panicked = third.path().to_owned();
        panic!("a failing test");
    }));
    assert!(unwound.is_err());
    let paths = [first.path().to_owned(), second.path().to_owned(), panicked];
    drop((first, second));

    let mounts = fs::read_to_string("/proc/self/mountinfo").unwrap();
    for path in paths {
        assert!(!path.exists(), "{} is left", path.display());
        assert!(
            !mounts.contains(path.to_str().unwrap()),
            "{} is mounted",
            path.display()
        );
    }
}
