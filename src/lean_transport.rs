//! A connection that makes as few system calls as a request needs.
//!
//! `ureq` hands a request to its connection in pieces (the head, then the body) and asks
//! for each piece to be sent at once, each with its own timeout: on a socket that is a
//! `setsockopt` and a `send` per piece, and one more `setsockopt` before the reply is read,
//! because the time left always differs by a few microseconds. This last wrapper of a
//! connection holds the pieces until the request is whole and hands them on as one write (one
//! segment, or one TLS record), as libcurl does, and gives the layers below the time left
//! in whole milliseconds, rounded down, so that a socket's timeout is set again only when
//! its millisecond changes. A timeout never grows, and one under a millisecond is passed
//! on as it is.

use ureq::Error;
use ureq::unversioned::transport::time::Duration;
use ureq::unversioned::transport::{Buffers, NextTimeout, Transport};

/// A connection whose request pieces go out in one write, when the reply is awaited.
#[derive(Debug)]
pub struct LeanTransport<In> {
    inner: In,
    /// The request bytes handed over and not yet written.
    unsent: Vec<u8>,
}

impl<In: Transport> LeanTransport<In> {
    /// Wraps `inner`.
    pub fn new(inner: In) -> Self {
        LeanTransport {
            inner,
            unsent: Vec::new(),
        }
    }

    /// Writes what is held, in pieces of the output buffer's size.
    fn flush(&mut self, timeout: NextTimeout) -> Result<(), Error> {
        let mut start = 0;
        while start < self.unsent.len() {
            let output = self.inner.buffers().output();
            let amount = output.len().min(self.unsent.len() - start);
            output[..amount].copy_from_slice(&self.unsent[start..start + amount]);
            self.inner
                .transmit_output(amount, whole_milliseconds(timeout))?;
            start += amount;
        }
        self.unsent.clear();
        Ok(())
    }
}

impl<In: Transport> Transport for LeanTransport<In> {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), Error> {
        let output = self.inner.buffers().output();
        self.unsent.extend_from_slice(&output[..amount]);
        if self.unsent.len() >= output.len() {
            self.flush(timeout)?;
        }
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, Error> {
        self.flush(timeout)?;
        self.inner.await_input(whole_milliseconds(timeout))
    }

    fn maybe_await_input(&mut self, timeout: NextTimeout) -> Result<bool, Error> {
        self.flush(timeout)?;
        self.inner.maybe_await_input(whole_milliseconds(timeout))
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

/// `timeout` with the time left rounded down to the millisecond, unless that would leave
/// nothing.
fn whole_milliseconds(mut timeout: NextTimeout) -> NextTimeout {
    if let Duration::Exact(left) = timeout.after {
        let millis = left.as_millis();
        if millis > 0 {
            let whole = std::time::Duration::from_millis(u64::try_from(millis).unwrap_or(u64::MAX));
            timeout.after = Duration::Exact(whole);
        }
    }
    timeout
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use ureq::unversioned::transport::LazyBuffers;

    use super::*;

    /// What the connection below was asked to do.
    #[derive(Debug, Default)]
    struct Seen {
        writes: Vec<Vec<u8>>,
        timeouts: Vec<std::time::Duration>,
    }

    #[derive(Debug)]
    struct Recording {
        buffers: LazyBuffers,
        seen: Arc<Mutex<Seen>>,
    }

    impl Transport for Recording {
        fn buffers(&mut self) -> &mut dyn Buffers {
            &mut self.buffers
        }

        fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), Error> {
            let bytes = self.buffers.output()[..amount].to_vec();
            let mut seen = self.seen.lock().unwrap();
            seen.writes.push(bytes);
            seen.timeouts.push(*timeout.after);
            Ok(())
        }

        fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, Error> {
            self.seen.lock().unwrap().timeouts.push(*timeout.after);
            Ok(true)
        }

        fn is_open(&mut self) -> bool {
            true
        }
    }

    fn lean(output_size: usize) -> (LeanTransport<Recording>, Arc<Mutex<Seen>>) {
        let seen = Arc::new(Mutex::new(Seen::default()));
        let inner = Recording {
            buffers: LazyBuffers::new(64, output_size),
            seen: Arc::clone(&seen),
        };
        (LeanTransport::new(inner), seen)
    }

    fn hand_over(transport: &mut LeanTransport<Recording>, bytes: &[u8], timeout: NextTimeout) {
        transport.buffers().output()[..bytes.len()].copy_from_slice(bytes);
        transport.transmit_output(bytes.len(), timeout).unwrap();
    }

    fn after(left: std::time::Duration) -> NextTimeout {
        NextTimeout {
            after: Duration::Exact(left),
            ..NextTimeout::default()
        }
    }

    /// What the connection below is asked to write when `pieces` are handed over: before
    /// the reply is awaited, and in all.
    fn writes(output_size: usize, pieces: &[&[u8]]) -> (usize, Vec<Vec<u8>>) {
        let (mut transport, seen) = lean(output_size);
        let timeout = after(std::time::Duration::from_secs(30));
        for piece in pieces {
            hand_over(&mut transport, piece, timeout);
        }
        let before = seen.lock().unwrap().writes.len();
        transport.maybe_await_input(timeout).unwrap();
        transport.await_input(timeout).unwrap();
        let all = seen.lock().unwrap().writes.clone();
        (before, all)
    }

    #[test]
    fn head_and_body_go_out_in_one_write_when_the_reply_is_awaited() {
        let (before, all) = writes(1024, &[b"POST / HTTP/1.1\r\n\r\n", b"{}"]);
        assert_eq!(before, 0);
        assert_eq!(all, [b"POST / HTTP/1.1\r\n\r\n{}".to_vec()]);
    }

    #[test]
    fn a_request_larger_than_the_output_buffer_goes_out_in_buffer_sized_writes() {
        let (before, all) = writes(8, &[b"abcdef", b"ghijkl", b"mn"]);
        assert_eq!(before, 2, "a full buffer is written at once");
        assert_eq!(
            all,
            [b"abcdefgh".to_vec(), b"ijkl".to_vec(), b"mn".to_vec()]
        );
    }

    #[test]
    fn the_time_left_is_rounded_down_to_the_millisecond_and_never_to_nothing() {
        let (mut transport, seen) = lean(64);
        let ms = std::time::Duration::from_millis;
        let us = std::time::Duration::from_micros;
        hand_over(&mut transport, b"x", after(us(29_999_990)));
        transport.await_input(after(us(29_999_400))).unwrap();
        transport.await_input(after(us(400))).unwrap();
        let timeouts = &seen.lock().unwrap().timeouts;
        assert_eq!(timeouts, &[ms(29_999), ms(29_999), us(400)]);
    }

    #[test]
    fn no_timeout_stays_no_timeout() {
        assert!(
            whole_milliseconds(NextTimeout::default())
                .after
                .is_not_happening()
        );
    }
}
