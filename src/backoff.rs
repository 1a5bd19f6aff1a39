//! Waiting between tries (`session/status` polls, a busy journal): growing intervals,
//! never past a deadline.

use std::time::{Duration, Instant};

/// Longest pause between two polls.
const MAX_INTERVAL: Duration = Duration::from_secs(2);

/// Growing pauses (×1.5 each time, at most [`MAX_INTERVAL`]) that stop at a deadline.
#[derive(Debug)]
pub struct Backoff {
    next: Duration,
    deadline: Instant,
}

impl Backoff {
    /// Starts with `first` as the first pause.
    pub fn new(first: Duration, deadline: Instant) -> Backoff {
        Backoff {
            next: first,
            deadline,
        }
    }

    /// Sleeps for the next pause, cut short at the deadline. False, without sleeping, once
    /// the deadline has come.
    pub fn wait(&mut self) -> bool {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        std::thread::sleep(self.next.min(left));
        self.next = (self.next * 3 / 2).min(MAX_INTERVAL);
        true
    }

    /// True once the deadline has come.
    pub fn expired(&self) -> bool {
        Instant::now() >= self.deadline
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_the_deadline() {
        let start = Instant::now();
        let mut backoff =
            Backoff::new(Duration::from_millis(20), start + Duration::from_millis(70));
        let mut waits = 0;
        while backoff.wait() {
            waits += 1;
        }
        assert!((2..=4).contains(&waits), "{waits} waits");
        assert!(start.elapsed() >= Duration::from_millis(70));
        assert!(start.elapsed() < Duration::from_millis(500));
    }
}
