//! A FUSE file system that behaves like a disk with a volatile write cache, for power-loss
//! tests (in the spirit of LazyFS and SQLite's crash-test VFS).
//!
//! Every file has two copies of its bytes in memory: the current bytes, which every read
//! sees at once, and the durable bytes, which are all that survives [`LossyFs::cut_power`].
//! Writes, truncates and `fallocate` change the current bytes only; `fsync` and
//! `fdatasync` copy the current bytes of that file to its durable bytes. Closing a file
//! (flush, release) is not a sync.
//!
//! Simplifications of the model:
//! - Metadata is journaled synchronously: create, mkdir, unlink, rmdir and rename are
//!   durable as soon as they return, in both views. A new file's durable content is still
//!   empty until it is fsynced.
//! - A sync is all or nothing per file: there are no torn or reordered writes, and mode and
//!   times are not rolled back by a cut.
//! - Every file belongs to the user who mounted; chown is accepted and ignored. There are no
//!   hard links, symlinks or device nodes, and a file holds at most [`MAX_FILE`] bytes.
//! - Locking is left to the kernel (POSIX locks are local to the mount), so processes must
//!   run on this machine.
//!
//! The mount is made with mount(2) (the caller needs CAP_SYS_ADMIN and `/dev/fuse`) and
//! served by a thread of the test process. A cut fences the old session (it answers `EIO`
//! from then on), aborts its connection through the fuse control file system (files still
//! open on it fail from then on), detaches its mount lazily, and mounts a new session on the
//! same directory, so no page cached by the kernel survives the cut either.

use std::collections::{BTreeMap, HashMap};
use std::ffi::{CStr, CString, OsStr, OsString};
use std::fs::{self, OpenOptions};
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fuser::{
    BackgroundSession, Config, Errno, FileAttr, FileHandle, FileType, Filesystem, FopenFlags,
    Generation, INodeNo, LockOwner, OpenFlags, RenameFlags, ReplyAttr, ReplyCreate, ReplyData,
    ReplyDirectory, ReplyEmpty, ReplyEntry, ReplyOpen, ReplyStatfs, ReplyWrite, Request, Session,
    SessionACL, TimeOrNow, WriteFlags,
};

/// How long the kernel may trust an entry or attribute: not at all, so sizes are never stale.
const TTL: Duration = Duration::ZERO;

/// The largest file: a runaway write gets `EFBIG` instead of exhausting memory.
pub const MAX_FILE: usize = 1 << 30;

/// The root directory's inode number.
const ROOT: u64 = 1;

/// A mounted lossy file system, and the handle that controls it.
///
/// Dropping it unmounts the file system and removes the mount point.
pub struct LossyFs {
    dir: PathBuf,
    disk: Arc<Mutex<Disk>>,
    served: Option<Served>,
}

/// The session that serves the mount.
struct Served {
    session: BackgroundSession,
    /// The kernel's number for the FUSE connection, as the fuse control file system names it.
    connection: u64,
}

impl LossyFs {
    /// Mounts an empty file system on a new directory under the temporary directory, named
    /// after `label`. Panics if it cannot be mounted.
    pub fn mount(label: &str) -> LossyFs {
        let dir = std::env::temp_dir().join(unique_name(label));
        fs::create_dir(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
        let mut lossy = LossyFs {
            dir,
            disk: Arc::new(Mutex::new(Disk::new())),
            served: None,
        };
        lossy.serve();
        lossy
    }

    /// The mount point.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// How many fsync and fsyncdir calls the file system has received, in all.
    pub fn fsyncs(&self) -> u64 {
        self.disk().fsyncs.values().sum()
    }

    /// How many fsync and fsyncdir calls were made on `name`, a path relative to the mount
    /// point, under that name.
    pub fn fsyncs_of(&self, name: &str) -> u64 {
        let disk = self.disk();
        disk.fsyncs.get(Path::new(name)).copied().unwrap_or(0)
    }

    /// Cuts the power: every byte not fsynced is lost, and processes that open the files from
    /// now on see exactly the durable bytes.
    ///
    /// The processes using the file system must be stopped or killed first. Files they still
    /// hold open belong to the old, dead mount: every use of them fails.
    pub fn cut_power(&mut self) {
        self.disk().cut();
        self.stop()
            .unwrap_or_else(|e| panic!("unmounting {}: {e}", self.dir.display()));
        self.serve();
    }

    /// Mounts a session serving the disk as it is now.
    fn serve(&mut self) {
        let volume = Volume {
            disk: Arc::clone(&self.disk),
            generation: self.disk().generation,
        };
        let fuse = mount_fuse(&self.dir)
            .unwrap_or_else(|e| panic!("mounting FUSE on {}: {e}", self.dir.display()));
        let session = Session::from_fd(volume, fuse, SessionACL::Owner, Config::default())
            .and_then(Session::spawn)
            .unwrap_or_else(|e| panic!("serving FUSE on {}: {e}", self.dir.display()));
        let root = fs::metadata(&self.dir);
        let served = root.map(|root| Served {
            session,
            connection: connection_number(root.dev()),
        });
        self.served = Some(served.unwrap_or_else(|e| panic!("{}: {e}", self.dir.display())));
    }

    /// Ends the session: aborts its connection, so that files still open on it fail at once
    /// instead of waiting for an answer (a process that exits with a dirty shared mapping of
    /// one would otherwise wait forever), detaches the mount and waits for the session thread.
    fn stop(&mut self) -> io::Result<()> {
        let served = self.served.take();
        let aborted = served.as_ref().map(|served| abort(served.connection));
        let detached = match detach(&self.dir) {
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => Ok(()),
            detached => detached,
        };
        if let (Some(served), Some(Ok(()))) = (served, &aborted) {
            // The session ends with the error that the abort gives it.
            let _ = served.session.join();
        }
        aborted.unwrap_or(Ok(())).and(detached)
    }

    fn disk(&self) -> MutexGuard<'_, Disk> {
        self.disk.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for LossyFs {
    fn drop(&mut self) {
        if let Err(e) = self.stop().and_then(|()| fs::remove_dir(&self.dir)) {
            eprintln!("unmounting {}: {e}", self.dir.display());
        }
    }
}

/// A directory name that no other mount of any test process uses.
fn unique_name(label: &str) -> String {
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    let sequence = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    format!("{label}-{}-{nanos}-{sequence}", std::process::id())
}

/// Mounts a FUSE file system on `dir` and returns the `/dev/fuse` descriptor that serves it.
fn mount_fuse(dir: &Path) -> io::Result<OwnedFd> {
    let device = OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/fuse")?;
    let (uid, gid) = owner();
    let options = format!(
        "fd={},rootmode=40000,user_id={uid},group_id={gid}",
        device.as_raw_fd()
    );
    mount(c"lossyfs", dir, c"fuse", &options)?;
    Ok(device.into())
}

/// The name of a FUSE connection in the fuse control file system: the kernel's number for
/// the device of its mount.
fn connection_number(dev: u64) -> u64 {
    (u64::from(libc::major(dev)) << 20) | u64::from(libc::minor(dev))
}

/// Aborts a FUSE connection, through a private mount of the fuse control file system: every
/// request on it fails from then on, and its session's thread ends.
fn abort(connection: u64) -> io::Result<()> {
    let control = std::env::temp_dir().join(unique_name("fusectl"));
    fs::create_dir(&control)?;
    let aborted = mount(c"fusectl", &control, c"fusectl", "").and_then(|()| {
        let written = fs::write(control.join(connection.to_string()).join("abort"), "1");
        detach(&control).and(written)
    });
    fs::remove_dir(&control).and(aborted)
}

/// The user and group that own the mount and every file in it: this process's.
fn owner() -> (u32, u32) {
    // SAFETY: getuid and getgid have no preconditions and cannot fail.
    unsafe { (libc::getuid(), libc::getgid()) }
}

/// mount(2), without set-user-id files or devices.
fn mount(source: &CStr, dir: &Path, kind: &CStr, options: &str) -> io::Result<()> {
    let target = c_path(dir)?;
    let options = CString::new(options)?;
    // SAFETY: every pointer is a NUL-terminated string that outlives the call.
    let result = unsafe {
        libc::mount(
            source.as_ptr(),
            target.as_ptr(),
            kind.as_ptr(),
            libc::MS_NOSUID | libc::MS_NODEV,
            options.as_ptr().cast(),
        )
    };
    if result != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Detaches the mount on `dir` at once; files still open on it keep it alive, unreachable.
fn detach(dir: &Path) -> io::Result<()> {
    let target = c_path(dir)?;
    // SAFETY: `target` is a NUL-terminated string that outlives the call.
    if unsafe { libc::umount2(target.as_ptr(), libc::MNT_DETACH) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

fn c_path(path: &Path) -> io::Result<CString> {
    Ok(CString::new(path.as_os_str().as_bytes())?)
}

/// A file or directory.
struct Node {
    kind: FileType,
    perm: u16,
    /// The directory that holds it; `None` once it is unlinked (open handles still work).
    parent: Option<u64>,
    name: OsString,
    children: BTreeMap<OsString, u64>,
    /// What reads see.
    current: Vec<u8>,
    /// What survives a power cut.
    durable: Vec<u8>,
    mtime: SystemTime,
}

impl Node {
    fn new(kind: FileType, perm: u16) -> Node {
        Node {
            kind,
            perm,
            parent: None,
            name: OsString::new(),
            children: BTreeMap::new(),
            current: Vec::new(),
            durable: Vec::new(),
            mtime: SystemTime::now(),
        }
    }

    fn is_dir(&self) -> bool {
        self.kind == FileType::Directory
    }
}

/// The state shared by the control handle and every session.
struct Disk {
    /// The session allowed to serve; older sessions are fenced off by a cut.
    generation: u64,
    nodes: HashMap<u64, Node>,
    next_ino: u64,
    /// Sync calls per path, relative to the root.
    fsyncs: BTreeMap<PathBuf, u64>,
}

impl Disk {
    fn new() -> Disk {
        Disk {
            generation: 0,
            nodes: HashMap::from([(ROOT, Node::new(FileType::Directory, 0o755))]),
            next_ino: ROOT + 1,
            fsyncs: BTreeMap::new(),
        }
    }

    /// Loses every unsynced byte and fences off the sessions that served until now.
    fn cut(&mut self) {
        self.generation += 1;
        self.nodes
            .retain(|&ino, node| ino == ROOT || node.parent.is_some());
        for node in self.nodes.values_mut() {
            node.current.clone_from(&node.durable);
        }
    }

    fn node(&self, ino: u64) -> Result<&Node, Errno> {
        self.nodes.get(&ino).ok_or(Errno::ENOENT)
    }

    fn node_mut(&mut self, ino: u64) -> Result<&mut Node, Errno> {
        self.nodes.get_mut(&ino).ok_or(Errno::ENOENT)
    }

    /// A regular file, for reading and writing.
    fn file_mut(&mut self, ino: u64) -> Result<&mut Node, Errno> {
        let node = self.node_mut(ino)?;
        if node.is_dir() {
            return Err(Errno::EISDIR);
        }
        Ok(node)
    }

    fn child(&self, parent: u64, name: &OsStr) -> Result<u64, Errno> {
        let dir = self.node(parent)?;
        if !dir.is_dir() {
            return Err(Errno::ENOTDIR);
        }
        dir.children.get(name).copied().ok_or(Errno::ENOENT)
    }

    fn attr(&self, ino: u64) -> Result<FileAttr, Errno> {
        let node = self.node(ino)?;
        let size = node.current.len() as u64;
        let (uid, gid) = owner();
        Ok(FileAttr {
            ino: INodeNo(ino),
            size,
            blocks: size.div_ceil(512),
            atime: node.mtime,
            mtime: node.mtime,
            ctime: node.mtime,
            crtime: node.mtime,
            kind: node.kind,
            perm: node.perm,
            nlink: if node.is_dir() { 2 } else { 1 },
            uid,
            gid,
            rdev: 0,
            blksize: 4096,
            flags: 0,
        })
    }

    fn lookup(&self, parent: u64, name: &OsStr) -> Result<FileAttr, Errno> {
        self.attr(self.child(parent, name)?)
    }

    /// Creates an empty file or directory, durable at once.
    fn make(
        &mut self,
        parent: u64,
        name: &OsStr,
        kind: FileType,
        mode: u32,
    ) -> Result<FileAttr, Errno> {
        match self.child(parent, name) {
            Ok(_) => return Err(Errno::EEXIST),
            Err(e) if e != Errno::ENOENT => return Err(e),
            Err(_) => {}
        }
        let ino = self.next_ino;
        self.next_ino += 1;
        let perm = u16::try_from(mode & 0o7777).map_err(|_| Errno::EINVAL)?;
        self.nodes.insert(ino, Node::new(kind, perm));
        self.link(ino, parent, name)?;
        self.attr(ino)
    }

    /// open(2) with `O_CREAT`: makes the file, or opens it if another process made it first.
    fn create(
        &mut self,
        parent: u64,
        name: &OsStr,
        mode: u32,
        flags: i32,
    ) -> Result<FileAttr, Errno> {
        let Ok(ino) = self.child(parent, name) else {
            return self.make(parent, name, FileType::RegularFile, mode);
        };
        if flags & libc::O_EXCL != 0 {
            return Err(Errno::EEXIST);
        }
        self.file_mut(ino)?;
        if flags & libc::O_TRUNC != 0 {
            self.resize(ino, 0)?;
        }
        self.attr(ino)
    }

    fn link(&mut self, ino: u64, parent: u64, name: &OsStr) -> Result<(), Errno> {
        self.node_mut(parent)?.children.insert(name.to_owned(), ino);
        let node = self.node_mut(ino)?;
        node.parent = Some(parent);
        node.name = name.to_owned();
        Ok(())
    }

    fn unlink(&mut self, ino: u64) -> Result<(), Errno> {
        let node = self.node_mut(ino)?;
        if let Some(parent) = node.parent.take() {
            let name = node.name.clone();
            self.node_mut(parent)?.children.remove(&name);
        }
        Ok(())
    }

    /// Whether `ino` may go away in place of a file (`as_dir` false) or a directory.
    fn check_removable(&self, ino: u64, as_dir: bool) -> Result<(), Errno> {
        let node = self.node(ino)?;
        match (node.is_dir(), as_dir) {
            (true, false) => Err(Errno::EISDIR),
            (false, true) => Err(Errno::ENOTDIR),
            (true, true) if !node.children.is_empty() => Err(Errno::ENOTEMPTY),
            _ => Ok(()),
        }
    }

    /// Unlinks a file (`as_dir` false) or removes an empty directory, durable at once.
    fn remove(&mut self, parent: u64, name: &OsStr, as_dir: bool) -> Result<(), Errno> {
        let ino = self.child(parent, name)?;
        self.check_removable(ino, as_dir)?;
        self.unlink(ino)
    }

    /// Renames, replacing the target if there is one, durable at once.
    fn rename(
        &mut self,
        (parent, name): (u64, &OsStr),
        (new_parent, new_name): (u64, &OsStr),
        flags: RenameFlags,
    ) -> Result<(), Errno> {
        if !(flags - RenameFlags::RENAME_NOREPLACE).is_empty() {
            return Err(Errno::EINVAL);
        }
        let ino = self.child(parent, name)?;
        match self.child(new_parent, new_name) {
            Ok(target) if target == ino => return Ok(()),
            Ok(_) if flags.contains(RenameFlags::RENAME_NOREPLACE) => return Err(Errno::EEXIST),
            Ok(target) => {
                self.check_removable(target, self.node(ino)?.is_dir())?;
                self.unlink(target)?;
            }
            Err(e) if e != Errno::ENOENT => return Err(e),
            Err(_) => {}
        }
        self.unlink(ino)?;
        self.link(ino, new_parent, new_name)
    }

    fn read(&self, ino: u64, offset: u64, size: u32) -> Result<Vec<u8>, Errno> {
        let node = self.node(ino)?;
        if node.is_dir() {
            return Err(Errno::EISDIR);
        }
        let data = &node.current;
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(data.len());
        let end = start.saturating_add(size as usize).min(data.len());
        Ok(data[start..end].to_vec())
    }

    /// Writes `bytes` at `offset` of the current bytes, filling a gap with zeros.
    fn write(&mut self, ino: u64, offset: u64, bytes: &[u8]) -> Result<u32, Errno> {
        let start = usize::try_from(offset).map_err(|_| Errno::EFBIG)?;
        let end = start.checked_add(bytes.len()).ok_or(Errno::EFBIG)?;
        self.grow(ino, end)?;
        let node = self.file_mut(ino)?;
        node.current[start..end].copy_from_slice(bytes);
        node.mtime = SystemTime::now();
        u32::try_from(bytes.len()).map_err(|_| Errno::EFBIG)
    }

    /// Extends the current bytes with zeros to at least `len`.
    fn grow(&mut self, ino: u64, len: usize) -> Result<(), Errno> {
        let current = self.file_mut(ino)?.current.len();
        if len > current {
            self.resize(ino, len as u64)?;
        }
        Ok(())
    }

    /// Truncates or extends the current bytes.
    fn resize(&mut self, ino: u64, size: u64) -> Result<(), Errno> {
        let size = usize::try_from(size)
            .ok()
            .filter(|&size| size <= MAX_FILE)
            .ok_or(Errno::EFBIG)?;
        let node = self.file_mut(ino)?;
        node.current.resize(size, 0);
        node.mtime = SystemTime::now();
        Ok(())
    }

    /// Applies a setattr: size changes the current bytes only; owners are ignored.
    fn set_attr(
        &mut self,
        ino: u64,
        mode: Option<u32>,
        size: Option<u64>,
        mtime: Option<TimeOrNow>,
    ) -> Result<FileAttr, Errno> {
        if let Some(size) = size {
            self.resize(ino, size)?;
        }
        let node = self.node_mut(ino)?;
        if let Some(mode) = mode {
            node.perm = u16::try_from(mode & 0o7777).map_err(|_| Errno::EINVAL)?;
        }
        match mtime {
            Some(TimeOrNow::SpecificTime(time)) => node.mtime = time,
            Some(TimeOrNow::Now) => node.mtime = SystemTime::now(),
            None => {}
        }
        self.attr(ino)
    }

    /// Preallocates: mode 0 may grow the file; `FALLOC_FL_KEEP_SIZE` changes nothing here.
    fn fallocate(&mut self, ino: u64, offset: u64, length: u64, mode: i32) -> Result<(), Errno> {
        let end = offset.checked_add(length).ok_or(Errno::EFBIG)?;
        let end = usize::try_from(end).map_err(|_| Errno::EFBIG)?;
        match mode {
            0 => self.grow(ino, end),
            libc::FALLOC_FL_KEEP_SIZE => self.file_mut(ino).map(|_| ()),
            _ => Err(Errno::EOPNOTSUPP),
        }
    }

    /// fsync or fsyncdir: the current bytes become durable, and the call is counted.
    fn sync(&mut self, ino: u64) -> Result<(), Errno> {
        let node = self.node_mut(ino)?;
        node.durable.clone_from(&node.current);
        let path = self.path_of(ino);
        *self.fsyncs.entry(path).or_default() += 1;
        Ok(())
    }

    /// The path of `ino` relative to the root, or its last name once unlinked.
    fn path_of(&self, ino: u64) -> PathBuf {
        let mut names = Vec::new();
        let mut next = Some(ino).filter(|&ino| ino != ROOT);
        while let Some(node) = next.and_then(|ino| self.nodes.get(&ino)) {
            names.push(&node.name);
            next = node.parent.filter(|&ino| ino != ROOT);
        }
        names.iter().rev().collect()
    }

    /// The entries of a directory, with `.` and `..`.
    fn entries(&self, ino: u64) -> Result<Vec<(u64, FileType, OsString)>, Errno> {
        let dir = self.node(ino)?;
        if !dir.is_dir() {
            return Err(Errno::ENOTDIR);
        }
        let mut entries = vec![
            (ino, FileType::Directory, OsString::from(".")),
            (
                dir.parent.unwrap_or(ino),
                FileType::Directory,
                OsString::from(".."),
            ),
        ];
        for (name, &child) in &dir.children {
            entries.push((child, self.node(child)?.kind, name.clone()));
        }
        Ok(entries)
    }
}

/// One FUSE session's view of the disk: it serves only until the next power cut.
struct Volume {
    disk: Arc<Mutex<Disk>>,
    generation: u64,
}

impl Volume {
    /// Runs `op` on the disk, or fails with `EIO` if the power was cut since this session began.
    fn with<T>(&self, op: impl FnOnce(&mut Disk) -> Result<T, Errno>) -> Result<T, Errno> {
        let mut disk = self.disk.lock().map_err(|_| Errno::EIO)?;
        if disk.generation != self.generation {
            return Err(Errno::EIO);
        }
        op(&mut disk)
    }
}

/// Files are opened without `FOPEN_KEEP_CACHE`, so an open drops cached pages, and with
/// `FOPEN_NOFLUSH`: close sends no request, so a process (even this one, at exit) never
/// waits on a session that is gone.
const OPEN_FLAGS: FopenFlags = FopenFlags::FOPEN_NOFLUSH;

/// Sends a result as the reply, or its errno.
trait Answer<T> {
    fn answer(self, result: Result<T, Errno>);
}

/// Implements [`Answer`] for each reply type: `reply: value type => how it succeeds`.
macro_rules! answers {
    ($($reply:ty: $value:ty => |$this:ident, $ok:pat_param| $success:expr;)*) => {$(
        impl Answer<$value> for $reply {
            fn answer(self, result: Result<$value, Errno>) {
                match result {
                    Ok($ok) => {
                        let $this = self;
                        $success
                    }
                    Err(e) => self.error(e),
                }
            }
        }
    )*};
}

answers! {
    ReplyEntry: FileAttr => |r, attr| r.entry(&TTL, &attr, Generation(0));
    ReplyAttr: FileAttr => |r, attr| r.attr(&TTL, &attr);
    ReplyCreate: FileAttr =>
        |r, attr| r.created(&TTL, &attr, Generation(0), FileHandle(0), OPEN_FLAGS);
    ReplyOpen: () => |r, ()| r.opened(FileHandle(0), OPEN_FLAGS);
    ReplyEmpty: () => |r, ()| r.ok();
    ReplyData: Vec<u8> => |r, data| r.data(&data);
    ReplyWrite: u32 => |r, written| r.written(written);
}

impl Filesystem for Volume {
    fn lookup(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEntry) {
        reply.answer(self.with(|disk| disk.lookup(parent.0, name)));
    }

    fn getattr(&self, _req: &Request, ino: INodeNo, _fh: Option<FileHandle>, reply: ReplyAttr) {
        reply.answer(self.with(|disk| disk.attr(ino.0)));
    }

    fn setattr(
        &self,
        _req: &Request,
        ino: INodeNo,
        mode: Option<u32>,
        _uid: Option<u32>,
        _gid: Option<u32>,
        size: Option<u64>,
        _atime: Option<TimeOrNow>,
        mtime: Option<TimeOrNow>,
        _ctime: Option<SystemTime>,
        _fh: Option<FileHandle>,
        _crtime: Option<SystemTime>,
        _chgtime: Option<SystemTime>,
        _bkuptime: Option<SystemTime>,
        _flags: Option<fuser::BsdFileFlags>,
        reply: ReplyAttr,
    ) {
        reply.answer(self.with(|disk| disk.set_attr(ino.0, mode, size, mtime)));
    }

    fn mkdir(
        &self,
        _req: &Request,
        parent: INodeNo,
        name: &OsStr,
        mode: u32,
        umask: u32,
        reply: ReplyEntry,
    ) {
        let mode = mode & !umask;
        reply.answer(self.with(|disk| disk.make(parent.0, name, FileType::Directory, mode)));
    }

    fn unlink(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        reply.answer(self.with(|disk| disk.remove(parent.0, name, false)));
    }

    fn rmdir(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        reply.answer(self.with(|disk| disk.remove(parent.0, name, true)));
    }

    fn rename(
        &self,
        _req: &Request,
        parent: INodeNo,
        name: &OsStr,
        new_parent: INodeNo,
        new_name: &OsStr,
        flags: RenameFlags,
        reply: ReplyEmpty,
    ) {
        let (from, to) = ((parent.0, name), (new_parent.0, new_name));
        reply.answer(self.with(|disk| disk.rename(from, to, flags)));
    }

    fn open(&self, _req: &Request, ino: INodeNo, _flags: OpenFlags, reply: ReplyOpen) {
        reply.answer(self.with(|disk| disk.node(ino.0).map(|_| ())));
    }

    fn read(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        size: u32,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        reply: ReplyData,
    ) {
        reply.answer(self.with(|disk| disk.read(ino.0, offset, size)));
    }

    fn write(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        data: &[u8],
        _write_flags: WriteFlags,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        reply: ReplyWrite,
    ) {
        reply.answer(self.with(|disk| disk.write(ino.0, offset, data)));
    }

    /// Not a sync. Files are opened with `FOPEN_NOFLUSH`, so this is seldom called.
    fn flush(
        &self,
        _req: &Request,
        _ino: INodeNo,
        _fh: FileHandle,
        _lock_owner: LockOwner,
        reply: ReplyEmpty,
    ) {
        reply.ok();
    }

    fn fsync(&self, _req: &Request, ino: INodeNo, _fh: FileHandle, _data: bool, reply: ReplyEmpty) {
        reply.answer(self.with(|disk| disk.sync(ino.0)));
    }

    fn readdir(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        mut reply: ReplyDirectory,
    ) {
        let entries = match self.with(|disk| disk.entries(ino.0)) {
            Ok(entries) => entries,
            Err(e) => return reply.error(e),
        };
        let skip = usize::try_from(offset).unwrap_or(usize::MAX);
        for (index, (child, kind, name)) in entries.into_iter().enumerate().skip(skip) {
            if reply.add(INodeNo(child), index as u64 + 1, kind, name) {
                break;
            }
        }
        reply.ok();
    }

    fn fsyncdir(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        _data: bool,
        reply: ReplyEmpty,
    ) {
        reply.answer(self.with(|disk| disk.sync(ino.0)));
    }

    fn statfs(&self, _req: &Request, _ino: INodeNo, reply: ReplyStatfs) {
        let blocks = (MAX_FILE / 4096) as u64;
        reply.statfs(blocks, blocks, blocks, 1 << 20, 1 << 20, 4096, 255, 4096);
    }

    fn access(&self, _req: &Request, ino: INodeNo, _mask: fuser::AccessFlags, reply: ReplyEmpty) {
        reply.answer(self.with(|disk| disk.node(ino.0).map(|_| ())));
    }

    fn create(
        &self,
        _req: &Request,
        parent: INodeNo,
        name: &OsStr,
        mode: u32,
        umask: u32,
        flags: i32,
        reply: ReplyCreate,
    ) {
        let mode = mode & !umask;
        reply.answer(self.with(|disk| disk.create(parent.0, name, mode, flags)));
    }

    fn fallocate(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        length: u64,
        mode: i32,
        reply: ReplyEmpty,
    ) {
        reply.answer(self.with(|disk| disk.fallocate(ino.0, offset, length, mode)));
    }
}
