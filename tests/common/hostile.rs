//! A loopback server that misbehaves on purpose, one scripted act per connection or per
//! request: it drops connections after reading, stalls, answers HTML, speaks the wrong
//! protocol on a TLS port, or plays a proxy that lies. Stops (and closes every connection
//! it holds) when dropped.
#![allow(dead_code)]

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// What the server does with one request (or, for the `Before*` acts, one connection).
#[derive(Clone, Debug)]
pub enum Act {
    /// Reads the request, then closes the connection without answering.
    DropAfterRead,
    /// Reads the request and holds the connection open without answering.
    StallAfterRead,
    /// Accepts the connection and never reads or writes (a stuck TLS handshake or proxy).
    StallBeforeRead,
    /// Writes these bytes as soon as anything arrives, then closes (a TLS alert, plain HTTP
    /// on a TLS port).
    RawThenClose(Vec<u8>),
    /// Answers a proxy's `CONNECT` with 200, then closes the tunnel.
    ConnectOkThenClose,
    /// Answers with this status, extra header lines and body, keeping the connection.
    Respond(u16, &'static str, String),
}

/// An HTML error page as nginx sends it.
pub fn html_page(status: u16) -> Act {
    Act::Respond(
        status,
        "Content-Type: text/html\r\n",
        format!(
            "<html>\r\n<head><title>{status} Error</title></head>\r\n<body>\r\n<center><h1>{status} \
             Error</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        ),
    )
}

/// The API's error envelope with this status and code.
pub fn api_error(status: u16, code: &str) -> Act {
    Act::Respond(
        status,
        "Content-Type: application/json\r\n",
        format!(r#"{{"status":"error","error":{{"code":"{code}","description":"scripted"}}}}"#),
    )
}

/// A JSON answer with this status and body.
pub fn json_reply(status: u16, body: String) -> Act {
    Act::Respond(status, "Content-Type: application/json\r\n", body)
}

struct Shared {
    script: Vec<Act>,
    /// The act used once the script is spent.
    then: Act,
    next: AtomicUsize,
    requests: AtomicUsize,
    stop: AtomicBool,
    open: Mutex<Vec<TcpStream>>,
}

impl Shared {
    fn next_act(&self) -> Act {
        let index = self.next.fetch_add(1, Ordering::SeqCst);
        self.script.get(index).unwrap_or(&self.then).clone()
    }
}

/// A running hostile server.
pub struct HostileServer {
    port: u16,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl HostileServer {
    /// Plays `script` in order, one act per request (or per connection for acts that
    /// never read a request), then `then` forever.
    pub fn start(script: Vec<Act>, then: Act) -> HostileServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared {
            script,
            then,
            next: AtomicUsize::new(0),
            requests: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
            open: Mutex::new(Vec::new()),
        });
        let for_thread = shared.clone();
        let acceptor = std::thread::spawn(move || accept_loop(listener, for_thread));
        HostileServer {
            port,
            shared,
            acceptor: Some(acceptor),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn http_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// `https://127.0.0.1:PORT`.
    pub fn https_url(&self) -> String {
        format!("https://127.0.0.1:{}", self.port)
    }

    /// Requests read so far (a `CONNECT` counts as one).
    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::SeqCst)
    }
}

impl Drop for HostileServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        for stream in self.shared.open.lock().unwrap().drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        shared
            .open
            .lock()
            .unwrap()
            .push(stream.try_clone().unwrap());
        let shared = shared.clone();
        std::thread::spawn(move || serve(stream, &shared));
    }
}

fn serve(mut stream: TcpStream, shared: &Shared) {
    stream
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    loop {
        let act = shared.next_act();
        match act {
            Act::StallBeforeRead => return hold(&stream, shared),
            Act::RawThenClose(bytes) => {
                if read_some(&mut stream, shared) {
                    let _ = stream.write_all(&bytes);
                }
                return;
            }
            _ => {}
        }
        if !read_request(&mut stream, shared) {
            return;
        }
        shared.requests.fetch_add(1, Ordering::SeqCst);
        match act {
            Act::DropAfterRead => return,
            Act::ConnectOkThenClose => {
                let _ = stream.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
                std::thread::sleep(Duration::from_millis(50));
                return;
            }
            Act::StallAfterRead => return hold(&stream, shared),
            Act::Respond(status, headers, body) => {
                let head = format!(
                    "HTTP/1.1 {status} Scripted\r\n{headers}Content-Length: {}\r\n\r\n",
                    body.len()
                );
                if stream.write_all(head.as_bytes()).is_err()
                    || stream.write_all(body.as_bytes()).is_err()
                {
                    return;
                }
            }
            _ => return,
        }
    }
}

fn hold(stream: &TcpStream, shared: &Shared) {
    let mut sink = [0u8; 4096];
    let mut reader = stream;
    while !shared.stop.load(Ordering::SeqCst) {
        match reader.read(&mut sink) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return,
        }
    }
}

/// Waits for the first bytes of anything; false when the peer left or the server stops.
fn read_some(stream: &mut TcpStream, shared: &Shared) -> bool {
    let mut buf = [0u8; 4096];
    while !shared.stop.load(Ordering::SeqCst) {
        match stream.read(&mut buf) {
            Ok(0) => return false,
            Ok(_) => return true,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return false,
        }
    }
    false
}

/// Reads one request head and its `Content-Length` body.
fn read_request(stream: &mut TcpStream, shared: &Shared) -> bool {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    while !shared.stop.load(Ordering::SeqCst) {
        if let Some(end) = find(&data, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                return true;
            }
        }
        match stream.read(&mut buf) {
            Ok(0) => return false,
            Ok(n) => data.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return false,
        }
    }
    false
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Fewest digits of a card number.
const MIN_CARD_DIGITS: usize = 13;
/// Most digits of a card number.
const MAX_CARD_DIGITS: usize = 19;
/// Most characters between two digit groups of one number (as in `4242 - 4242`).
const MAX_GAP_CHARS: usize = 3;

/// Every Luhn-valid number of 13 to 19 digits in `text`, written whole or in groups
/// joined by one to three spaces or punctuation marks (`4242.4242.4242.4242`), also inside
/// a longer chain of groups. Digits written against a letter belong to an identifier (a
/// session id such as `ps_4242424242424242x`, a UUID) and are skipped, as the library's
/// masking does (`src/redaction.rs`); a `*` is a masked digit, never a separator.
pub fn card_numbers_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for chain in chains(&chars, digit_groups(&chars)) {
        for first in 0..chain.len() {
            let mut digits = String::new();
            for group in &chain[first..] {
                digits.extend(&chars[group.clone()]);
                if digits.len() > MAX_CARD_DIGITS {
                    break;
                }
                if digits.len() >= MIN_CARD_DIGITS && luhn_valid(&digits) {
                    found.push(digits.clone());
                }
            }
        }
    }
    found
}

/// The char ranges of the maximal runs of ASCII digits with no letter just before or
/// after them.
fn digit_groups(chars: &[char]) -> Vec<std::ops::Range<usize>> {
    let is_letter = |i: usize| chars.get(i).is_some_and(char::is_ascii_alphabetic);
    let mut groups = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            i += 1;
        } else if !(is_letter(i) || start > 0 && is_letter(start - 1)) {
            groups.push(start..i);
        }
    }
    groups
}

/// The groups split into chains whose neighbours are joined by a separator.
fn chains(chars: &[char], groups: Vec<std::ops::Range<usize>>) -> Vec<Vec<std::ops::Range<usize>>> {
    let mut chains: Vec<Vec<std::ops::Range<usize>>> = Vec::new();
    for group in groups {
        let previous = chains.last_mut().filter(|chain| {
            chain
                .last()
                .is_some_and(|before| is_separator(&chars[before.end..group.start]))
        });
        match previous {
            Some(chain) => chain.push(group),
            None => chains.push(vec![group]),
        }
    }
    chains
}

/// One to three spaces or punctuation marks other than the mask `*`.
fn is_separator(gap: &[char]) -> bool {
    (1..=MAX_GAP_CHARS).contains(&gap.len())
        && gap
            .iter()
            .all(|&c| c != '*' && (c.is_whitespace() || c.is_ascii_punctuation()))
}

/// The Luhn checksum of a string of ASCII digits, kept apart from the library's own so that
/// a fault there cannot hide a leak here: each digit in an even place from the right counts
/// as the digit sum of its double (the table).
fn luhn_valid(digits: &str) -> bool {
    const DOUBLED_DIGIT_SUM: [u32; 10] = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
    let weighted = digits.bytes().rev().enumerate().map(|(n, b)| {
        let d = usize::from(b - b'0');
        if n % 2 == 0 {
            d as u32
        } else {
            DOUBLED_DIGIT_SUM[d]
        }
    });
    weighted.sum::<u32>() % 10 == 0
}
