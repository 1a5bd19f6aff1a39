//! API versions: `/api/v1/<method>` and, for the session methods, `/api/v2/session/...`
//! serve the same sessions; v2 uses other names for three members (docs/api.md, "API versions").

use serde_json::{Map, Value};

use crate::reply::ApiError;

/// One version of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `/api/v1/`: `acquiring_payments`, `payments`, `payment_method`.
    V1,
    /// `/api/v2/`: `payment_list`, `payout_list`, `payout_details`.
    V2,
}

/// v1 name and v2 name of each renamed member.
const RENAMED: &[(&str, &str)] = &[
    ("acquiring_payments", "payment_list"),
    ("payments", "payout_list"),
    ("payment_method", "payout_details"),
];

impl Version {
    /// The version and method of a path such as `/api/v2/session/status`; v2 has only the
    /// session methods.
    pub fn split(path: &str) -> Option<(Version, &str)> {
        if let Some(method) = path.strip_prefix("/api/v1/") {
            return Some((Version::V1, method));
        }
        let method = path.strip_prefix("/api/v2/")?;
        method
            .starts_with("session/")
            .then_some((Version::V2, method))
    }

    /// `v1` or `v2`.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V1 => "v1",
            Version::V2 => "v2",
        }
    }

    /// A request body in v1 names: in v2 `payout_details` is the payout destination, and a
    /// `payment_method` member means nothing.
    pub fn request_to_v1(self, mut body: Map<String, Value>) -> Map<String, Value> {
        if self == Version::V2 {
            body.remove("payment_method");
            if let Some(details) = body.remove("payout_details") {
                body.insert("payment_method".into(), details);
            }
        }
        body
    }

    /// A reply made in v1 names, in this version's names.
    pub fn reply_from_v1(self, mut reply: Value) -> Value {
        if self == Version::V2 {
            if let Some(session) = reply.get_mut("session") {
                *session = renamed(session.take());
            }
        }
        reply
    }

    /// An error naming a v1 field, naming it as this version does.
    pub fn error_from_v1(self, mut error: ApiError) -> ApiError {
        if self == Version::V2 && error.code == "request_body_validation_error" {
            if let Some(rest) = error.description.strip_prefix("payment_method") {
                error.description = format!("payout_details{rest}");
            }
        }
        error
    }
}

/// A session with its payment and payout lists, and each payout's destination, renamed;
/// member order is kept.
fn renamed(session: Value) -> Value {
    let Value::Object(members) = session else {
        return session;
    };
    let members = members.into_iter().map(|(key, value)| {
        let value = match (key.as_str(), value) {
            ("payments", Value::Array(payouts)) => {
                Value::Array(payouts.into_iter().map(renamed_payout).collect())
            }
            (_, value) => value,
        };
        (v2_name(key), value)
    });
    Value::Object(members.collect())
}

fn renamed_payout(payout: Value) -> Value {
    match payout {
        Value::Object(members) => Value::Object(
            members
                .into_iter()
                .map(|(key, value)| (v2_name(key), value))
                .collect(),
        ),
        other => other,
    }
}

fn v2_name(key: String) -> String {
    RENAMED
        .iter()
        .find(|(v1, _)| *v1 == key)
        .map_or(key, |(_, v2)| (*v2).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_split_into_version_and_method() {
        assert_eq!(
            Version::split("/api/v1/token"),
            Some((Version::V1, "token"))
        );
        assert_eq!(
            Version::split("/api/v2/session/status"),
            Some((Version::V2, "session/status"))
        );
        assert_eq!(Version::split("/api/v2/token"), None);
        assert_eq!(Version::split("/api/v3/session/status"), None);
    }

    #[test]
    fn v2_renames_lists_and_payout_destination_in_order() {
        let v1 = json!({"status": "ok", "session": {"id": "ps_1", "acquiring_payments": [],
            "payments": [{"id": "po_1", "payment_method": {"type": "card"}, "status": "pending"}],
            "error": null}});
        let v2 = Version::V2.reply_from_v1(v1.clone());
        assert_eq!(
            v2.to_string(),
            json!({"status": "ok", "session": {"id": "ps_1", "payment_list": [],
                "payout_list": [{"id": "po_1", "payout_details": {"type": "card"}, "status": "pending"}],
                "error": null}})
            .to_string()
        );
        assert_eq!(Version::V1.reply_from_v1(v1.clone()), v1);
    }

    #[test]
    fn v2_requests_name_the_destination_payout_details() {
        let body = json!({"payout_details": {"type": "card"}, "payment_method": "ignored"});
        let Value::Object(body) = body else {
            unreachable!()
        };
        let v1 = Version::V2.request_to_v1(body);
        assert_eq!(
            Value::Object(v1),
            json!({"payment_method": {"type": "card"}})
        );
    }
}
