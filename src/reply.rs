//! Interpretation of a server reply: the API's success, the API's error, or something
//! the API never sends.

use serde_json::Value;

use crate::error::Error;
use crate::limits::MAX_REPLY_DEPTH;
use crate::redaction;
use crate::retry::Failure;
use crate::transport::RawReply;

/// Characters of an unexpected body quoted in an error message.
const QUOTED_BODY_CHARS: usize = 120;

/// Returns the body unchanged on success, or the error with how the attempt failed.
pub fn interpret(reply: RawReply) -> Result<String, (Error, Failure)> {
    let status = reply.status;
    let failure = http_failure(&reply, None);
    let Ok(text) = String::from_utf8(reply.body) else {
        return Err((
            protocol(status, "a reply body that is not UTF-8 text".into()),
            failure,
        ));
    };
    if exceeds_depth(&text, MAX_REPLY_DEPTH) {
        return Err((
            protocol(
                status,
                format!("a reply nested deeper than {MAX_REPLY_DEPTH} levels"),
            ),
            failure,
        ));
    }
    if (200..300).contains(&status) && is_ok_envelope(&text) {
        return Ok(text);
    }
    let Ok(value) = serde_json::from_str::<Value>(&text) else {
        let what = if text.trim().is_empty() {
            "an empty reply body".to_owned()
        } else {
            format!("a reply that is not JSON: \"{}\"", quote(&text))
        };
        return Err((protocol(status, what), failure));
    };
    match value.get("status").and_then(Value::as_str) {
        Some("ok") if (200..300).contains(&status) => Ok(text),
        Some("error") => Err(api_error(status, reply.retry_after, &value)),
        _ => Err((
            protocol(
                status,
                format!(
                    "a JSON reply without \"status\": \"ok\": \"{}\"",
                    quote(&text)
                ),
            ),
            failure,
        )),
    }
}

/// The top-level `status` of a reply, read without building the whole document.
#[derive(serde::Deserialize)]
struct Envelope<'a> {
    #[serde(borrow)]
    status: Option<std::borrow::Cow<'a, str>>,
}

/// True for a well-formed JSON object whose `status` is `"ok"`: the common case, checked
/// without building a tree of the reply.
fn is_ok_envelope(text: &str) -> bool {
    serde_json::from_str::<Envelope<'_>>(text).is_ok_and(|e| e.status.as_deref() == Some("ok"))
}

/// True when arrays and objects in `text` nest deeper than `max`, strings skipped.
/// (serde_json skips the fields it does not keep without a depth limit.)
fn exceeds_depth(text: &str, max: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for byte in text.bytes() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

fn api_error(
    status: u16,
    retry_after: Option<std::time::Duration>,
    value: &Value,
) -> (Error, Failure) {
    let error = redaction::redact_json(value.get("error").unwrap_or(&Value::Null));
    let code = error
        .get("code")
        .and_then(Value::as_str)
        .unwrap_or("unknown")
        .to_owned();
    let description = error
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("the server gave no description")
        .to_owned();
    // A Retry-After on a success status asks for nothing.
    let retry_after = retry_after.filter(|_| !(200..300).contains(&status));
    let failure = Failure::Http {
        status,
        retry_after,
        code: Some(code.clone()),
    };
    let error = Error::Api {
        http_status: status,
        code,
        description,
        error,
    };
    (error, failure)
}

fn http_failure(reply: &RawReply, code: Option<String>) -> Failure {
    if (200..300).contains(&reply.status) {
        Failure::Malformed
    } else {
        Failure::Http {
            status: reply.status,
            retry_after: reply.retry_after,
            code,
        }
    }
}

fn protocol(status: u16, what: String) -> Error {
    Error::Protocol {
        http_status: Some(status),
        message: format!(
            "the server answered HTTP {status} with {what}; this is not the Smart Glocal API's \
             reply format (a proxy or the wrong base_url?)"
        ),
    }
}

/// The start of an unexpected body, on one line. Card numbers are masked before the cut,
/// which could otherwise leave the first digits of one too few to be recognised, and again
/// after it, which could cut the letter off an identifier and leave its digits bare.
fn quote(text: &str) -> String {
    let masked = redaction::mask_card_numbers(&text.replace(['\n', '\r'], " "));
    let mut quoted: String = masked.chars().take(QUOTED_BODY_CHARS).collect();
    if masked.chars().count() > QUOTED_BODY_CHARS {
        quoted.push('…');
    }
    redaction::mask_card_numbers(&quoted)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_quote_cut_inside_an_identifier_leaves_no_bare_digit_run() {
        let body = format!("{}{}Q", " ".repeat(100), "4".repeat(30));
        let quoted = super::quote(&body);
        assert!(quoted.ends_with('…'), "{quoted}");
        assert!(!quoted.contains('4'), "{quoted}");
    }
}
