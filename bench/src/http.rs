//! A bare HTTP/1.1 exchange over one keep-alive TCP connection: the floor of the table,
//! and the way the bench talks to the sandbox's control endpoints.

use std::io::{self, Read, Write};
use std::net::TcpStream;

/// `host:port` of an `http://host:port` base URL.
pub fn authority(base_url: &str) -> Result<&str, String> {
    base_url
        .strip_prefix("http://")
        .map(|rest| rest.trim_end_matches('/'))
        .ok_or_else(|| format!("{base_url} is not an http:// URL"))
}

/// The headers sgpay sends (same names, order and values), then the body.
pub struct RequestHead<'a> {
    /// `host:port`.
    pub authority: &'a str,
    /// e.g. `/api/v1/session/status`.
    pub path: &'a str,
    /// `X-PARTNER-PROJECT`, when the request is signed.
    pub project: Option<&'a str>,
    /// `X-PARTNER-SIGN`.
    pub signature: Option<&'a str>,
    /// `X-PARTNER-IDEMPOTENCY-KEY`.
    pub idempotency_key: Option<&'a str>,
}

/// The complete bytes of a POST request.
pub fn post_request(head: &RequestHead<'_>, body: &[u8]) -> Vec<u8> {
    let mut text = format!(
        "POST {} HTTP/1.1\r\ncontent-length: {}\r\nuser-agent: sgpay/{}\r\n\
         accept: application/json\r\nhost: {}\r\ncontent-type: application/json\r\n",
        head.path,
        body.len(),
        sgpay_version(),
        head.authority
    );
    for (name, value) in [
        ("x-partner-project", head.project),
        ("x-partner-sign", head.signature),
        ("x-partner-idempotency-key", head.idempotency_key),
    ] {
        if let Some(value) = value {
            text.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    text.push_str("\r\n");
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn sgpay_version() -> &'static str {
    // SAFETY: sgpay_version returns a static NUL-terminated string.
    let text = unsafe { std::ffi::CStr::from_ptr(sgpay::ffi::sgpay_version()) };
    text.to_str().unwrap_or("0")
}

/// One keep-alive connection with a reusable read buffer.
pub struct Connection {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Connection {
    /// Connects to `host:port` with Nagle's algorithm off (as every measured client).
    pub fn open(authority: &str) -> io::Result<Connection> {
        let stream = TcpStream::connect(authority)?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            stream,
            buffer: Vec::with_capacity(64 * 1024),
        })
    }

    /// Writes a request and reads its reply; returns the status and the body.
    pub fn exchange(&mut self, request: &[u8]) -> io::Result<(u16, &[u8])> {
        self.stream.write_all(request)?;
        self.buffer.clear();
        let (head_end, status, length) = loop {
            if let Some(parsed) = parse_head(&self.buffer)? {
                break parsed;
            }
            self.fill()?;
        };
        while self.buffer.len() < head_end + length {
            self.fill()?;
        }
        Ok((status, &self.buffer[head_end..head_end + length]))
    }

    fn fill(&mut self) -> io::Result<()> {
        let mut chunk = [0u8; 16 * 1024];
        let read = self.stream.read(&mut chunk)?;
        if read == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "connection closed",
            ));
        }
        self.buffer.extend_from_slice(&chunk[..read]);
        Ok(())
    }
}

/// `(end of head, status, content-length)` once the head is complete.
fn parse_head(buffer: &[u8]) -> io::Result<Option<(usize, u16, usize)>> {
    let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Ok(None);
    };
    let head = std::str::from_utf8(&buffer[..end]).map_err(|_| invalid("head is not text"))?;
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| invalid("no status line"))?;
    let length = lines
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .ok_or_else(|| invalid("reply without content-length"))?;
    Ok(Some((end + 4, status, length)))
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

/// An unsigned POST on a fresh connection (the sandbox's control endpoints).
pub fn control_post(base_url: &str, path: &str, body: &str) -> Result<String, String> {
    let authority = authority(base_url)?;
    let mut connection = Connection::open(authority).map_err(|e| e.to_string())?;
    let head = RequestHead {
        authority,
        path,
        project: None,
        signature: None,
        idempotency_key: None,
    };
    let (status, reply) = connection
        .exchange(&post_request(&head, body.as_bytes()))
        .map_err(|e| e.to_string())?;
    let reply = String::from_utf8_lossy(reply).into_owned();
    if status != 200 {
        return Err(format!("{path}: HTTP {status}: {reply}"));
    }
    Ok(reply)
}
