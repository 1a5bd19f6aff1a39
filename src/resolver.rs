//! Name resolution with a short-lived cache. `ureq` resolves the host before every
//! request, pooled connection or not, and with a timeout set it does so on a new thread;
//! like libcurl, sgpay keeps each answer for a minute instead, and never resolves an IP
//! address literal at all.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long a resolved address is reused (libcurl's default DNS cache timeout).
const CACHE_TTL: Duration = Duration::from_secs(60);

/// The system resolver behind a per-agent cache keyed by the URI's authority
/// (`host:port`). An IP address literal is parsed once and kept for good.
#[derive(Debug, Default)]
pub struct CachingResolver {
    system: DefaultResolver,
    cache: Mutex<HashMap<String, Answer>>,
}

/// A cached answer and when it stops being reused (`None`: an IP literal, never).
#[derive(Debug)]
struct Answer {
    expires: Option<Instant>,
    addrs: ResolvedSocketAddrs,
}

impl Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let key = uri.authority().map_or("", |a| a.as_str());
        if let Some(addrs) = self.cached(key) {
            return Ok(addrs);
        }
        let answer = match ip_literal(uri) {
            Some(literal) => {
                let mut addrs = self.system.empty();
                addrs.push(literal);
                Answer {
                    expires: None,
                    addrs,
                }
            }
            None => Answer {
                expires: Some(Instant::now() + CACHE_TTL),
                addrs: self.system.resolve(uri, config, timeout)?,
            },
        };
        let addrs = answer.addrs.clone();
        self.lock().insert(key.to_owned(), answer);
        Ok(addrs)
    }
}

impl CachingResolver {
    /// The cached addresses of `key`, unless they have expired.
    fn cached(&self, key: &str) -> Option<ResolvedSocketAddrs> {
        let cache = self.lock();
        let answer = cache.get(key)?;
        let fresh = answer.expires.is_none_or(|at| Instant::now() < at);
        fresh.then(|| answer.addrs.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Answer>> {
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The socket address of a URI whose host is an IP address, with the scheme's default
/// port when none is given.
fn ip_literal(uri: &Uri) -> Option<SocketAddr> {
    let host = uri.host()?.trim_start_matches('[').trim_end_matches(']');
    let ip: IpAddr = host.parse().ok()?;
    let port = uri.port_u16().or(match uri.scheme_str() {
        Some("https") => Some(443),
        Some("http") => Some(80),
        _ => None,
    })?;
    Some(SocketAddr::new(ip, port))
}
