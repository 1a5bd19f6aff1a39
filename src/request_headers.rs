//! The headers of a request: those every request of a client carries (`Host`,
//! `User-Agent`, `Accept`, `Content-Type`, `X-PARTNER-PROJECT`), made once per client, and
//! those of one call (the signature, the submerchant, the idempotency key).

use ureq::http::header::{ACCEPT, CONTENT_TYPE, HOST, HeaderMap, HeaderName, USER_AGENT};
use ureq::http::uri::Scheme;
use ureq::http::{HeaderValue, Uri};

use crate::config::Config;
use crate::error::{Error, Result};

// Header names and the content type, made at compile time rather than parsed per call.
const JSON: HeaderValue = HeaderValue::from_static("application/json");
const X_PARTNER_PROJECT: HeaderName = HeaderName::from_static("x-partner-project");
const X_PARTNER_SIGN: HeaderName = HeaderName::from_static("x-partner-sign");
const X_PARTNER_SUBMERCHANT: HeaderName = HeaderName::from_static("x-partner-submerchant");
const X_PARTNER_IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("x-partner-idempotency-key");

/// The headers every request of a client carries, made once rather than per request.
#[derive(Debug)]
pub struct FixedHeaders {
    host: HeaderValue,
    user_agent: HeaderValue,
    project: HeaderValue,
}

impl FixedHeaders {
    /// The headers of a validated configuration.
    pub fn new(config: &Config) -> Result<FixedHeaders> {
        let base_url = config
            .base_url
            .parse::<Uri>()
            .map_err(|e| Error::config("\"base_url\" does not make a usable URL").caused_by(e))?;
        let value = |text: String, key: &str| {
            HeaderValue::try_from(text).map_err(|_| {
                Error::config(format!("\"{key}\" holds characters HTTP does not allow"))
            })
        };
        Ok(FixedHeaders {
            host: host_header(&base_url)?,
            user_agent: value(user_agent(config.user_agent.as_deref()), "user_agent")?,
            project: value(config.project.clone(), "project")?,
        })
    }
}

/// The headers of one request.
pub struct RequestHeaders<'a> {
    /// `Host`, `User-Agent` and `X-PARTNER-PROJECT`.
    pub fixed: &'a FixedHeaders,
    /// `X-PARTNER-SIGN`.
    pub signature: &'a str,
    /// `X-PARTNER-SUBMERCHANT`.
    pub submerchant: Option<&'a str>,
    /// `X-PARTNER-IDEMPOTENCY-KEY`.
    pub idempotency_key: Option<&'a str>,
}

/// The most headers a request carries: five fixed, three of the call's own.
const MOST_HEADERS: usize = 8;

impl RequestHeaders<'_> {
    /// Every header of the request, in a map made once at its full size. A call's own
    /// value that HTTP does not allow in a header is refused with that header's name, and
    /// nothing should be sent.
    pub fn to_map(&self) -> std::result::Result<HeaderMap, HeaderName> {
        let mut fields = HeaderMap::with_capacity(MOST_HEADERS);
        fields.insert(HOST, self.fixed.host.clone());
        fields.insert(USER_AGENT, self.fixed.user_agent.clone());
        fields.insert(ACCEPT, JSON);
        fields.insert(CONTENT_TYPE, JSON);
        fields.insert(X_PARTNER_PROJECT, self.fixed.project.clone());
        let own = [
            (X_PARTNER_SIGN, Some(self.signature)),
            (X_PARTNER_SUBMERCHANT, self.submerchant),
            (X_PARTNER_IDEMPOTENCY_KEY, self.idempotency_key),
        ];
        for (name, value) in own {
            let Some(value) = value else { continue };
            match HeaderValue::from_str(value) {
                Ok(value) => fields.insert(name, value),
                Err(_) => return Err(name),
            };
        }
        Ok(fields)
    }
}

/// `sgpay/VERSION`, followed by the configured `user_agent` token when there is one.
pub fn user_agent(token: Option<&str>) -> String {
    let own = concat!("sgpay/", env!("CARGO_PKG_VERSION"));
    match token {
        Some(token) => format!("{own} {token}"),
        None => own.to_owned(),
    }
}

/// The host of `url`, with its port when that is not the scheme's default.
fn host_header(url: &Uri) -> Result<HeaderValue> {
    let host = url.host().unwrap_or_default();
    let default_port = if url.scheme() == Some(&Scheme::HTTPS) {
        443
    } else {
        80
    };
    let value = match url.port_u16() {
        Some(port) if port != default_port => format!("{host}:{port}"),
        _ => host.to_owned(),
    };
    HeaderValue::try_from(value)
        .map_err(|e| Error::config("\"base_url\" has a host HTTP does not allow").caused_by(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host_of(url: &str) -> String {
        let value = host_header(&url.parse().unwrap()).unwrap();
        value.to_str().unwrap().to_owned()
    }

    #[test]
    fn the_host_header_names_the_port_only_when_it_is_not_the_default() {
        assert_eq!(
            host_of("https://api.example.com/api/v1/token"),
            "api.example.com"
        );
        assert_eq!(host_of("https://api.example.com:443/x"), "api.example.com");
        assert_eq!(
            host_of("https://api.example.com:8443/x"),
            "api.example.com:8443"
        );
        assert_eq!(host_of("http://127.0.0.1:8080/x"), "127.0.0.1:8080");
        assert_eq!(host_of("http://127.0.0.1:80/x"), "127.0.0.1");
        assert_eq!(host_of("http://[::1]:8080/x"), "[::1]:8080");
    }
}
