//! The request body as the library reads it for its own checks (validation, the values to
//! scrub from errors, what the journal keeps): a JSON tree that borrows its strings from
//! the caller's text, objects kept as lists in written order. Reading it makes no copy of
//! a string without escapes and hashes no key, where a `serde_json::Value` would do both
//! for every member. The bytes sent are always the caller's own text, never this tree.

use serde_json_borrow::{ObjectAsVec, Value};

/// A JSON object of the request.
pub type Object<'a> = ObjectAsVec<'a>;

/// A JSON value of the request.
pub type Json<'a> = Value<'a>;

/// Reads `text` as JSON; `None` when it is not a JSON object.
pub fn parse(text: &str) -> serde_json::Result<Option<Object<'_>>> {
    let value: Json<'_> = serde_json::from_str(text)?;
    Ok(match value {
        Value::Object(object) => Some(object),
        _ => None,
    })
}

/// The member `key` of `object`. When the text names a key twice the last one counts, as
/// for `serde_json` and the servers that read the request.
pub fn get<'o, 'a>(object: &'o Object<'a>, key: &str) -> Option<&'o Json<'a>> {
    object
        .as_vec()
        .iter()
        .rev()
        .find_map(|(name, value)| (**name == *key).then_some(value))
}

/// The member `key` of `value` when `value` is an object.
pub fn member<'o, 'a>(value: &'o Json<'a>, key: &str) -> Option<&'o Json<'a>> {
    value.as_object().and_then(|object| get(object, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_of_two_equal_keys_counts() {
        let object = parse(r#"{"a": 1, "b": {"c": "x"}, "a": 2}"#)
            .unwrap()
            .unwrap();
        assert_eq!(get(&object, "a").and_then(Json::as_u64), Some(2));
        let b = get(&object, "b").unwrap();
        assert_eq!(member(b, "c").and_then(Json::as_str), Some("x"));
        assert!(get(&object, "z").is_none());
    }

    #[test]
    fn escaped_keys_and_strings_are_read() {
        let object = parse(r#"{"session\u005fid": "ps_\u0031"}"#)
            .unwrap()
            .unwrap();
        assert_eq!(
            get(&object, "session_id").and_then(Json::as_str),
            Some("ps_1")
        );
    }

    #[test]
    fn only_an_object_is_a_request() {
        assert!(parse("[1]").unwrap().is_none());
        assert!(parse("\"x\"").unwrap().is_none());
        assert!(parse("{").is_err());
    }
}
