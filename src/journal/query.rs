//! Which entries a read wants, and the SQL condition both backends build from it.

/// A filter over entries; every field given must match. Entries come oldest first, or
/// only the newest one with [`Query::newest_only`].
#[derive(Debug, Default, Clone, Copy)]
pub struct Query<'a> {
    /// One entry by id.
    pub id: Option<&'a str>,
    /// The entry of a `pay` by its idempotency base.
    pub base_key: Option<&'a str>,
    /// `pay` or `call`.
    pub kind: Option<&'a str>,
    /// The caller's reference for the sale.
    pub reference: Option<&'a str>,
    /// A state name.
    pub state: Option<&'a str>,
    /// The session.
    pub session_id: Option<&'a str>,
    /// Leaves out acknowledged entries.
    pub unacknowledged_only: bool,
    /// Only entries whose outcome is still open (`pending` or `in_doubt`).
    pub open_only: bool,
    /// Only the newest matching entry.
    pub newest_only: bool,
}

impl<'a> Query<'a> {
    /// The `WHERE … ORDER BY …` clause, with parameters written by `placeholder` (given
    /// their 1-based position), and the parameters in order.
    pub fn to_sql(self, placeholder: impl Fn(usize) -> String) -> (String, Vec<&'a str>) {
        let mut conditions = Vec::new();
        let mut args = Vec::new();
        for (column, value) in [
            ("id", self.id),
            ("base_key", self.base_key),
            ("kind", self.kind),
            ("reference", self.reference),
            ("state", self.state),
            ("session_id", self.session_id),
        ] {
            if let Some(value) = value {
                args.push(value);
                conditions.push(format!("{column} = {}", placeholder(args.len())));
            }
        }
        if self.unacknowledged_only {
            conditions.push("acknowledged_at IS NULL".to_owned());
        }
        if self.open_only {
            conditions.push("state IN ('pending', 'in_doubt')".to_owned());
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let order = if self.newest_only {
            "ORDER BY created_at DESC, id DESC LIMIT 1"
        } else {
            "ORDER BY created_at, id"
        };
        (format!("{filter} {order}"), args)
    }
}

#[cfg(test)]
mod tests {
    use super::Query;

    #[test]
    fn conditions_follow_the_fields_and_number_their_parameters() {
        let query = Query {
            reference: Some("r-1"),
            session_id: Some("s-1"),
            open_only: true,
            ..Query::default()
        };
        let (sql, args) = query.to_sql(|n| format!("${n}"));
        assert_eq!(
            sql,
            "WHERE reference = $1 AND session_id = $2 AND state IN ('pending', 'in_doubt') \
             ORDER BY created_at, id"
        );
        assert_eq!(args, ["r-1", "s-1"]);
    }
}
