//! Interpretation of a server reply: the API's success, the API's error, or something
//! the API never sends.
//!
//! One pass of serde_json over the reply checks that it is JSON, that its arrays and
//! objects nest at most [`MAX_REPLY_DEPTH`] deep, and reads its top-level `status` and
//! `error` members, without building a tree of the rest (docs/safety.md, "Limits").

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

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
    let outline = match outline(&text) {
        Ok(outline) => outline,
        Err(unreadable) => return Err((protocol(status, unreadable.describe(&text)), failure)),
    };
    match outline.status {
        Status::Ok if (200..300).contains(&status) => Ok(text),
        Status::Error => Err(api_error(status, reply.retry_after, outline.error)),
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

/// What the pass over a reply keeps of it.
#[derive(Default)]
struct Outline {
    /// The top-level `status` (the last one, when repeated).
    status: Status,
    /// The top-level `error` member (the last one, when repeated).
    error: Option<Value>,
}

/// The top-level `status` of a reply, as far as it matters.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Status {
    /// `"ok"`.
    Ok,
    /// `"error"`.
    Error,
    /// Absent, another string or not a string.
    #[default]
    Other,
}

/// Why a reply has no outline.
enum Unreadable {
    /// Arrays and objects nest deeper than [`MAX_REPLY_DEPTH`].
    TooDeep,
    /// Not one JSON value (or nothing at all).
    NotJson,
}

impl Unreadable {
    /// What the server answered with, for [`protocol`].
    fn describe(&self, text: &str) -> String {
        match self {
            Unreadable::TooDeep => format!("a reply nested deeper than {MAX_REPLY_DEPTH} levels"),
            Unreadable::NotJson if text.trim().is_empty() => "an empty reply body".to_owned(),
            Unreadable::NotJson => format!("a reply that is not JSON: \"{}\"", quote(text)),
        }
    }
}

/// Reads `text` in one pass: the same JSON that `serde_json::from_str::<Value>` accepts,
/// nested at most [`MAX_REPLY_DEPTH`] deep.
fn outline(text: &str) -> Result<Outline, Unreadable> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let outline = deserializer
        .deserialize_any(TopLevel)
        .and_then(|outline| deserializer.end().map(|()| outline));
    outline.map_err(|error| {
        // The walk's one error of its own is the depth limit: serde_json reports only
        // syntax and end-of-input errors for text.
        if error.is_data() {
            Unreadable::TooDeep
        } else {
            Unreadable::NotJson
        }
    })
}

/// The message of the walk's error: see [`outline`].
const TOO_DEEP: &str = "nested too deep";

/// Makes `$seed` read any one JSON value with itself as the visitor.
macro_rules! seed_of_any_value {
    ($seed:ty => $value:ty) => {
        impl<'de> DeserializeSeed<'de> for $seed {
            type Value = $value;

            fn deserialize<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<$value, D::Error> {
                deserializer.deserialize_any(self)
            }
        }
    };
}

/// What the visitors of any JSON value that keep no scalar share: what they expect, and
/// their methods for the scalars (booleans, numbers, `null` and, unless `but strings` says
/// the visitor reads those itself, strings), each giving `$value`: a scalar opens no
/// nesting and is not kept.
macro_rules! any_value_basics {
    ($type:ty, $value:expr) => {
        any_value_basics!($type, $value, but strings);

        fn visit_str<E>(self, _: &str) -> Result<$type, E> {
            Ok($value)
        }
    };
    ($type:ty, $value:expr, but strings) => {
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON value")
        }

        fn visit_bool<E>(self, _: bool) -> Result<$type, E> {
            Ok($value)
        }

        fn visit_i64<E>(self, _: i64) -> Result<$type, E> {
            Ok($value)
        }

        fn visit_u64<E>(self, _: u64) -> Result<$type, E> {
            Ok($value)
        }

        fn visit_f64<E>(self, _: f64) -> Result<$type, E> {
            Ok($value)
        }

        fn visit_unit<E>(self) -> Result<$type, E> {
            Ok($value)
        }
    };
}

/// Visits the whole reply and keeps its [`Outline`].
struct TopLevel;

impl<'de> Visitor<'de> for TopLevel {
    type Value = Outline;

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Outline, A::Error> {
        let members = Levels::REPLY.enter()?;
        let mut outline = Outline::default();
        while let Some(member) = map.next_key_seed(MemberName)? {
            match member {
                Member::Status => outline.status = map.next_value_seed(StatusWord(members))?,
                Member::Error => outline.error = Some(map.next_value_seed(Keep(members))?),
                Member::Other => map.next_value_seed(Skip(members))?,
            }
        }
        Ok(outline)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Outline, A::Error> {
        Skip(Levels::REPLY).visit_seq(seq)?;
        Ok(Outline::default())
    }

    any_value_basics!(Outline, Outline::default());
}

/// A member of the top-level object, by name.
enum Member {
    Status,
    Error,
    Other,
}

/// Reads a member name of the top-level object without copying it.
struct MemberName;

impl<'de> DeserializeSeed<'de> for MemberName {
    type Value = Member;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Member, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for MemberName {
    type Value = Member;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E>(self, name: &str) -> Result<Member, E> {
        Ok(match name {
            "status" => Member::Status,
            "error" => Member::Error,
            _ => Member::Other,
        })
    }
}

/// Reads the top-level `status` without copying it; a value that is not a string is
/// skipped like any other.
struct StatusWord(Levels);

seed_of_any_value!(StatusWord => Status);

impl<'de> Visitor<'de> for StatusWord {
    type Value = Status;

    fn visit_str<E>(self, word: &str) -> Result<Status, E> {
        Ok(match word {
            "ok" => Status::Ok,
            "error" => Status::Error,
            _ => Status::Other,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Status, A::Error> {
        Skip(self.0).visit_map(map).map(|()| Status::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Status, A::Error> {
        Skip(self.0).visit_seq(seq).map(|()| Status::Other)
    }

    any_value_basics!(Status, Status::Other, but strings);
}

/// Arrays and objects a value may still open, its own included.
#[derive(Clone, Copy)]
struct Levels(usize);

impl Levels {
    /// All of them: a whole reply.
    const REPLY: Levels = Levels(MAX_REPLY_DEPTH);

    /// Those left inside an array or object: one less, or the depth error when none is left.
    fn enter<E: de::Error>(self) -> Result<Levels, E> {
        match self.0.checked_sub(1) {
            Some(left) => Ok(Levels(left)),
            None => Err(E::custom(TOO_DEEP)),
        }
    }
}

/// Walks one JSON value, keeping nothing, and fails on too deep a nesting.
#[derive(Clone, Copy)]
struct Skip(Levels);

seed_of_any_value!(Skip => ());

impl<'de> Visitor<'de> for Skip {
    type Value = ();

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let inner = Skip(self.0.enter()?);
        while seq.next_element_seed(inner)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let inner = Skip(self.0.enter()?);
        while map.next_key::<IgnoredAny>()?.is_some() {
            map.next_value_seed(inner)?;
        }
        Ok(())
    }

    any_value_basics!((), ());
}

/// Builds one JSON value as a [`Value`], as `serde_json` would, and fails on too deep a
/// nesting.
#[derive(Clone, Copy)]
struct Keep(Levels);

seed_of_any_value!(Keep => Value);

impl<'de> Visitor<'de> for Keep {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = Keep(self.0.enter()?);
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = Keep(self.0.enter()?);
        let mut members = Map::new();
        while let Some(name) = map.next_key::<String>()? {
            let value = map.next_value_seed(inner)?;
            members.insert(name, value);
        }
        Ok(Value::Object(members))
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
}

/// The API's error: its `error` member, redacted, with the HTTP status.
fn api_error(
    status: u16,
    retry_after: Option<std::time::Duration>,
    error: Option<Value>,
) -> (Error, Failure) {
    let error = redaction::redact_json(error.as_ref().unwrap_or(&Value::Null));
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
    use serde_json::Value;

    use super::{MAX_REPLY_DEPTH, Status, interpret, outline};
    use crate::error::Error;
    use crate::retry::Failure;
    use crate::transport::RawReply;

    fn reply(status: u16, body: &str) -> Result<String, (Error, Failure)> {
        interpret(RawReply {
            status,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        })
    }

    /// A success whose `session` is `levels` times `open`, `null`, then as many `close`.
    fn nested_success(levels: usize, open: &str, close: &str) -> String {
        format!(
            r#"{{"status":"ok","session":{}null{}}}"#,
            open.repeat(levels),
            close.repeat(levels)
        )
    }

    fn is_too_deep(result: Result<String, (Error, Failure)>) -> bool {
        match result {
            Err((error, _)) => error.to_string().contains("nested deeper than 64 levels"),
            Ok(_) => false,
        }
    }

    #[test]
    fn nesting_up_to_the_limit_passes_and_one_more_level_does_not() {
        assert_eq!(MAX_REPLY_DEPTH, 64);
        for (open, close, levels_per_step) in
            [("[", "]", 1), (r#"{"a":"#, "}", 1), (r#"[{"b":"#, "}]", 2)]
        {
            let steps = (MAX_REPLY_DEPTH - 1) / levels_per_step;
            let deepest = nested_success(steps, open, close);
            assert!(reply(200, &deepest).is_ok(), "{deepest}");
            let too_deep = nested_success(steps + 1, open, close);
            assert!(is_too_deep(reply(200, &too_deep)), "{too_deep}");
        }
    }

    #[test]
    fn depth_counts_from_the_top_of_the_reply_whatever_its_shape() {
        let array_at_limit = format!("{}{}", "[".repeat(64), "]".repeat(64));
        let (error, _) = reply(200, &array_at_limit).unwrap_err();
        assert!(error.to_string().contains(r#"without "status""#), "{error}");
        let array_too_deep = format!("{}{}", "[".repeat(65), "]".repeat(65));
        assert!(is_too_deep(reply(200, &array_too_deep)));
        let error_too_deep = format!(
            r#"{{"status":"error","error":{{"code":"x","at":{}{}}}}}"#,
            "[".repeat(64),
            "]".repeat(64)
        );
        assert!(is_too_deep(reply(400, &error_too_deep)));
        let status_too_deep = format!(r#"{{"status":{}{},"x":1}}"#, "[".repeat(64), "]".repeat(64));
        assert!(is_too_deep(reply(200, &status_too_deep)));
    }

    #[test]
    fn a_reply_far_too_deep_is_refused_without_exhausting_the_stack() {
        let body = nested_success(100_000, "[", "]");
        assert!(is_too_deep(reply(200, &body)));
        let unclosed = "[".repeat(100_000);
        assert!(is_too_deep(reply(200, &unclosed)));
    }

    #[test]
    fn brackets_inside_strings_do_not_nest() {
        let body = format!(
            r#"{{"status":"ok","note":"{}\"{}","{}":1}}"#,
            "[".repeat(100),
            "{".repeat(100),
            "[".repeat(100)
        );
        assert_eq!(reply(200, &body).unwrap(), body);
    }

    #[test]
    fn only_a_top_level_object_with_status_ok_is_a_success() {
        for body in [
            r#"{"status":"ok"}"#,
            r#" {"session":{"status":"error"},"status":"ok"} "#,
            r#"{"status":"error","status":"ok"}"#,
            r#"{"st\u0061tus":"o\u006b"}"#,
        ] {
            assert_eq!(reply(200, body).unwrap(), body);
        }
        for body in [
            r#"["ok"]"#,
            r#""ok""#,
            r#"{"session":{"status":"ok"}}"#,
            r#"{"status":"ok","status":"pending"}"#,
            r#"{"status":["ok"]}"#,
            r#"{"Status":"ok"}"#,
        ] {
            let (error, failure) = reply(200, body).unwrap_err();
            assert!(matches!(error, Error::Protocol { .. }), "{body}: {error}");
            assert!(matches!(failure, Failure::Malformed), "{body}");
        }
        assert!(reply(503, r#"{"status":"ok"}"#).is_err());
    }

    #[test]
    fn what_serde_json_refuses_is_not_json() {
        for body in [
            r#"{"status":"ok"} {}"#,
            r#"{"status":"ok",}"#,
            r#"{"status":"ok","n":1e400}"#,
            r#"{"status":"ok","s":"\ud800"}"#,
            "{\"status\":\"ok\",\"s\":\"\u{1}\"}",
            r#"{"status":"ok","n":01}"#,
            r#"{"status":"ok","t":tru}"#,
            r#"{"status":"ok""#,
            "<html>[[[[</html>",
        ] {
            assert!(serde_json::from_str::<Value>(body).is_err(), "{body}");
            let (error, _) = reply(200, body).unwrap_err();
            assert!(error.to_string().contains("not JSON"), "{body}: {error}");
        }
        let (error, _) = reply(502, " \r\n").unwrap_err();
        assert!(error.to_string().contains("an empty reply body"), "{error}");
    }

    #[test]
    fn the_outline_agrees_with_a_serde_json_value() {
        for body in [
            r#"{"status":"ok","n":[-0,1.5e3,18446744073709551616,true,false,null],"o":{}}"#,
            r#"{"status":"error","error":{"code":"c","nested":{"a":[1,{"b":"\"\\\/\b\f\n\r\t\u00e9"}]}}}"#,
            r#"{"status":"error","error":"plain","error":{"code":"last"}}"#,
            r#"{"status":"error"}"#,
            r#"{"status":"\ud83d\ude00"}"#,
        ] {
            let value: Value = serde_json::from_str(body).unwrap();
            let outline = outline(body).ok().expect(body);
            let status = match value["status"].as_str() {
                Some("ok") => Status::Ok,
                Some("error") => Status::Error,
                _ => Status::Other,
            };
            assert!(outline.status == status, "{body}");
            assert_eq!(outline.error.as_ref(), value.get("error"), "{body}");
        }
    }

    #[test]
    fn an_api_error_keeps_its_code_status_and_retry_after_and_masks_card_numbers() {
        let body = r#"{"status":"error","error":{"code":"risk_declined","description":"card 4242424242424242 declined"}}"#;
        let (error, failure) = interpret(RawReply {
            status: 429,
            retry_after: Some(std::time::Duration::from_secs(2)),
            body: body.as_bytes().to_vec(),
        })
        .unwrap_err();
        let Error::Api {
            http_status,
            code,
            description,
            ..
        } = &error
        else {
            panic!("{error:?}");
        };
        assert_eq!((*http_status, code.as_str()), (429, "risk_declined"));
        assert!(!description.contains("4242424242424242"), "{description}");
        assert!(matches!(
            failure,
            Failure::Http {
                status: 429,
                retry_after: Some(_),
                code: Some(_)
            }
        ));
    }

    #[test]
    fn a_quote_cut_inside_an_identifier_leaves_no_bare_digit_run() {
        let body = format!("{}{}Q", " ".repeat(100), "4".repeat(30));
        let quoted = super::quote(&body);
        assert!(quoted.ends_with('…'), "{quoted}");
        assert!(!quoted.contains('4'), "{quoted}");
    }
}
