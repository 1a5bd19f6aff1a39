//! Time as the journal keeps it: leases in milliseconds since the Unix epoch (compared
//! across machines, so their clocks must agree to within the lease margin).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The end of a lease of `lease` from now.
pub fn lease_end(lease: Duration) -> i64 {
    now_ms().saturating_add(lease.as_millis().min(i64::MAX as u128) as i64)
}
