//! Data shared between threads behind a lock that a panic does not poison.

use std::sync::{Mutex, MutexGuard};

/// A value behind a mutex. Every change the sandbox makes under the lock leaves the value
/// consistent, so a thread that panicked while holding it does not shut the others out.
#[derive(Debug, Default)]
pub struct Locked<T>(Mutex<T>);

impl<T> Locked<T> {
    /// `value`, behind its lock.
    pub fn new(value: T) -> Locked<T> {
        Locked(Mutex::new(value))
    }

    /// Locks the value, waiting for other threads.
    pub fn lock(&self) -> MutexGuard<'_, T> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the value under the lock.
    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        f(&mut self.lock())
    }
}
