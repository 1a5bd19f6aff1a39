//! `X-PARTNER-IDEMPOTENCY-KEY`: the same key and body replay the first reply.
//!
//! Only replies with HTTP 200 are kept; a request that failed (validation, wrong state,
//! injected `status` fault) leaves no record, so the same key can be used again.

use std::collections::HashMap;

use aws_lc_rs::digest;

use crate::bounded::BoundedMap;
use crate::locked::Locked;
use crate::reply::Reply;

type Fingerprint = [u8; 32];

/// What to do with a request carrying an idempotency key.
pub enum Lookup {
    /// First use: process it, then call [`Idempotency::finish`] with the ticket.
    Fresh(Ticket),
    /// Seen before with the same body: send this reply again.
    Replay(Reply),
    /// Seen before with a different body.
    Conflict,
    /// The first request with this key is still being processed.
    InFlight,
}

/// A claimed key, to be finished with the reply.
pub struct Ticket {
    key: String,
    fingerprint: Fingerprint,
}

struct Records {
    /// Keys of requests that succeeded, with their reply; the oldest are forgotten first.
    done: BoundedMap<String, (Fingerprint, Reply)>,
    /// Keys of requests still being processed.
    in_flight: HashMap<String, Fingerprint>,
}

impl Records {
    fn new(max_done: usize) -> Records {
        Records {
            done: BoundedMap::new(max_done),
            in_flight: HashMap::new(),
        }
    }
}

/// The idempotency records of one sandbox.
pub struct Idempotency {
    records: Locked<Records>,
}

impl Default for Idempotency {
    fn default() -> Self {
        Idempotency::new(crate::config::DEFAULT_MAX_IDEMPOTENCY_KEYS)
    }
}

fn fingerprint(operation: &str, body: &[u8]) -> Fingerprint {
    let mut hasher = digest::Context::new(&digest::SHA256);
    hasher.update(operation.as_bytes());
    hasher.update(&[0u8]);
    hasher.update(body);
    let mut fingerprint = Fingerprint::default();
    fingerprint.copy_from_slice(hasher.finish().as_ref());
    fingerprint
}

impl Idempotency {
    /// No records yet; at most `max_records` finished ones are kept, the oldest forgotten first.
    pub fn new(max_records: usize) -> Idempotency {
        Idempotency {
            records: Locked::new(Records::new(max_records)),
        }
    }

    /// Number of records kept, finished or in flight.
    pub fn len(&self) -> usize {
        self.records
            .with(|records| records.done.len() + records.in_flight.len())
    }

    /// Looks a key up for an operation and body, claiming it when it is new.
    pub fn begin(&self, key: &str, operation: &str, body: &[u8]) -> Lookup {
        let print = fingerprint(operation, body);
        self.records.with(
            |records| match (records.done.get(key), records.in_flight.get(key)) {
                (Some((seen, reply)), _) if *seen == print => Lookup::Replay(reply.clone()),
                (_, Some(seen)) if *seen == print => Lookup::InFlight,
                (Some(_), _) | (_, Some(_)) => Lookup::Conflict,
                (None, None) => {
                    records.in_flight.insert(key.to_string(), print);
                    Lookup::Fresh(Ticket {
                        key: key.to_string(),
                        fingerprint: print,
                    })
                }
            },
        )
    }

    /// Stores the reply of a claimed key when it is a success, or releases the key.
    pub fn finish(&self, ticket: Ticket, reply: &Reply) {
        self.records.with(|records| {
            records.in_flight.remove(&ticket.key);
            if reply.status == 200 {
                records
                    .done
                    .insert(ticket.key, (ticket.fingerprint, reply.clone()));
            }
        });
    }

    /// Forgets every record.
    pub fn clear(&self) {
        self.records
            .with(|records| *records = Records::new(records.done.capacity()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok() -> Reply {
        Reply::bytes(200, "application/json", "{}")
    }

    #[test]
    fn replays_same_body_and_refuses_other() {
        let idem = Idempotency::default();
        let Lookup::Fresh(ticket) = idem.begin("k", "session/create", b"{}") else {
            panic!("first use must be fresh");
        };
        assert!(matches!(
            idem.begin("k", "session/create", b"{}"),
            Lookup::InFlight
        ));
        idem.finish(ticket, &ok());
        assert!(matches!(idem.begin("k", "session/create", b"{}"), Lookup::Replay(r) if r == ok()));
        assert!(matches!(
            idem.begin("k", "session/create", b"{ }"),
            Lookup::Conflict
        ));
        assert!(matches!(
            idem.begin("k", "session/status", b"{}"),
            Lookup::Conflict
        ));
    }

    #[test]
    fn keeps_at_most_the_bound() {
        let idem = Idempotency::new(3);
        for n in 0..10 {
            let Lookup::Fresh(ticket) = idem.begin(&n.to_string(), "op", b"a") else {
                panic!("first use must be fresh");
            };
            idem.finish(ticket, &ok());
        }
        assert_eq!(idem.len(), 3);
        assert!(matches!(idem.begin("9", "op", b"a"), Lookup::Replay(_)));
        assert!(matches!(idem.begin("0", "op", b"a"), Lookup::Fresh(_)));
    }

    #[test]
    fn errors_release_the_key() {
        let idem = Idempotency::default();
        let Lookup::Fresh(ticket) = idem.begin("k", "op", b"a") else {
            panic!("first use must be fresh");
        };
        idem.finish(ticket, &Reply::bytes(400, "application/json", "{}"));
        assert!(matches!(idem.begin("k", "op", b"b"), Lookup::Fresh(_)));
    }
}
