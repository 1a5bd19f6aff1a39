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

/// The system resolver behind a per-agent cache keyed by `host:port`.
#[derive(Debug, Default)]
pub struct CachingResolver {
    system: DefaultResolver,
    cache: Mutex<HashMap<String, (Instant, ResolvedSocketAddrs)>>,
}

impl Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let Some(literal) = ip_literal(uri) else {
            return self.cached_or_resolved(uri, config, timeout);
        };
        let mut addrs = self.system.empty();
        addrs.push(literal);
        Ok(addrs)
    }
}

impl CachingResolver {
    fn cached_or_resolved(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let key = uri
            .authority()
            .map(|a| a.as_str().to_owned())
            .unwrap_or_default();
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, addrs)) = cache.get(&key).filter(|(at, _)| at.elapsed() < CACHE_TTL) {
            return Ok(addrs.clone());
        }
        drop(cache);
        let addrs = self.system.resolve(uri, config, timeout)?;
        cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.insert(key, (Instant::now(), addrs.clone()));
        Ok(addrs)
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
