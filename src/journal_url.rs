//! `journal_url`: where a shared journal lives, as a libpq connection URI
//! (`postgresql://user:password@host:port/dbname?sslmode=…`). The password is kept only
//! inside the parsed connection settings: every text shown (Debug output, errors, logs)
//! comes from [`JournalUrl::redacted`].

use std::str::FromStr;

use crate::error::{Error, Result};

/// How the connection to PostgreSQL is protected (libpq's `sslmode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// Plain TCP.
    Disable,
    /// TLS when the server offers it (unverified, as libpq does), else plain TCP.
    Prefer,
    /// TLS always, the certificate unverified (libpq's meaning of `require`).
    Require,
    /// TLS always, the certificate chain checked against the Mozilla roots and the
    /// configuration's `ca_bundle_path`, and the host name against the certificate.
    VerifyFull,
}

impl SslMode {
    fn parse(value: &str) -> Result<SslMode> {
        match value {
            "disable" => Ok(SslMode::Disable),
            "prefer" => Ok(SslMode::Prefer),
            "require" => Ok(SslMode::Require),
            "verify-full" => Ok(SslMode::VerifyFull),
            _ => Err(Error::config(
                "\"journal_url\" has an sslmode this client does not offer: use disable, \
                 prefer, require or verify-full",
            )),
        }
    }
}

/// A parsed `journal_url`.
#[derive(Clone)]
pub struct JournalUrl {
    /// The connection settings, password included.
    pub settings: postgres::Config,
    /// The `sslmode` asked for (libpq's default, `prefer`, when the URI names none).
    pub ssl_mode: SslMode,
    redacted: String,
}

impl std::fmt::Debug for JournalUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.redacted)
    }
}

impl JournalUrl {
    /// Parses a libpq URI; an error never repeats the URI or its password.
    pub fn parse(url: &str) -> Result<JournalUrl> {
        if !(url.starts_with("postgresql://") || url.starts_with("postgres://")) {
            return Err(Error::config(
                "\"journal_url\" must be a PostgreSQL URI: \
                 postgresql://user:password@host:port/dbname?sslmode=verify-full",
            ));
        }
        let (without_mode, mode) = take_ssl_mode(url)?;
        let mut settings = postgres::Config::from_str(&without_mode).map_err(|e| {
            let reason = e.to_string();
            let safe = password_of(url).is_none_or(|p| p.is_empty() || !reason.contains(p));
            Error::config(format!(
                "\"journal_url\" is not a valid PostgreSQL URI{}; the form is \
                 postgresql://user:password@host:port/dbname?sslmode=verify-full",
                if safe {
                    format!(" ({reason})")
                } else {
                    String::new()
                }
            ))
        })?;
        if settings.get_hosts().is_empty() || settings.get_dbname().is_none() {
            return Err(Error::config(
                "\"journal_url\" must name a host and a database: \
                 postgresql://user:password@host:port/dbname",
            ));
        }
        let ssl_mode = SslMode::parse(mode.as_deref().unwrap_or("prefer"))?;
        settings.ssl_mode(match ssl_mode {
            SslMode::Disable => postgres::config::SslMode::Disable,
            SslMode::Prefer => postgres::config::SslMode::Prefer,
            SslMode::Require | SslMode::VerifyFull => postgres::config::SslMode::Require,
        });
        Ok(JournalUrl {
            settings,
            ssl_mode,
            redacted: redact(url),
        })
    }

    /// The URI with its password replaced by `***`: safe to show.
    pub fn redacted(&self) -> &str {
        &self.redacted
    }
}

/// Removes the `sslmode` parameter, which this client interprets itself (the driver knows
/// no `verify-full`), and returns it.
fn take_ssl_mode(url: &str) -> Result<(String, Option<String>)> {
    let Some((base, query)) = url.split_once('?') else {
        return Ok((url.to_owned(), None));
    };
    let mut mode = None;
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        match pair.split_once('=') {
            Some(("sslmode", value)) => mode = Some(value.to_owned()),
            _ => kept.push(pair),
        }
    }
    let rest = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Ok((rest, mode))
}

/// The user-info part of a URI (`user:password`), when there is one.
fn user_info(url: &str) -> Option<(usize, &str)> {
    let start = url.find("://")? + 3;
    let authority_end = url[start..]
        .find(['/', '?'])
        .map_or(url.len(), |i| start + i);
    let at = url[start..authority_end].rfind('@')?;
    Some((start, &url[start..start + at]))
}

fn password_of(url: &str) -> Option<&str> {
    user_info(url)?
        .1
        .split_once(':')
        .map(|(_, password)| password)
}

/// The URI with the password of its user-info replaced by `***`.
pub fn redact(url: &str) -> String {
    let Some((start, info)) = user_info(url) else {
        return url.to_owned();
    };
    let Some((user, _)) = info.split_once(':') else {
        return url.to_owned();
    };
    format!("{}{user}:***{}", &url[..start], &url[start + info.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_never_shows() {
        let url = "postgresql://till:s3cr3t@db.example:5433/shop?sslmode=verify-full";
        let parsed = JournalUrl::parse(url).unwrap();
        assert_eq!(
            parsed.redacted(),
            "postgresql://till:***@db.example:5433/shop?sslmode=verify-full"
        );
        assert!(!format!("{parsed:?}").contains("s3cr3t"));
        assert_eq!(parsed.ssl_mode, SslMode::VerifyFull);
        assert_eq!(parsed.settings.get_password(), Some(&b"s3cr3t"[..]));
    }

    #[test]
    fn bad_uris_are_refused_without_echoing_them() {
        for url in [
            "mysql://till:s3cr3t@db/shop",
            "postgresql://till:s3cr3t@db/shop?sslmode=verify-ca",
            "postgresql://till:s3cr3t@db:notaport/shop",
            "postgresql://till:s3cr3t@db",
        ] {
            let error = JournalUrl::parse(url).unwrap_err().to_string();
            assert!(!error.contains("s3cr3t"), "{url}: {error}");
            assert!(error.contains("journal_url"), "{url}: {error}");
        }
    }

    #[test]
    fn sslmode_defaults_to_prefer_and_other_parameters_stay() {
        let parsed = JournalUrl::parse("postgres://till@db/shop?application_name=till-7").unwrap();
        assert_eq!(parsed.ssl_mode, SslMode::Prefer);
        assert_eq!(parsed.settings.get_application_name(), Some("till-7"));
    }
}
