//! Random identifiers and codes.

use rand::Rng;

/// A new identifier such as `ps_5f0c…` (prefix + 24 lowercase hex digits).
pub fn new_id(prefix: &str) -> String {
    let value: u128 = rand::thread_rng().r#gen();
    format!("{prefix}{:024x}", value >> 32)
}

/// A string of `len` random decimal digits (RRN, auth codes).
pub fn digits(len: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..len)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect()
}
