//! Timestamps in the API's format (`2024-05-27T02:03:00.000000Z`).

use std::time::{SystemTime, UNIX_EPOCH};

/// The current time in the API's timestamp format.
pub fn now_timestamp() -> String {
    format_timestamp(SystemTime::now())
}

/// Formats a point in time as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC).
pub fn format_timestamp(at: SystemTime) -> String {
    let since = at.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs() as i64;
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let of_day = secs.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60,
        since.subsec_micros()
    )
}

/// The current UTC year and month (1–12).
pub fn current_year_month() -> (i64, u32) {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs() as i64;
    let (year, month, _) = civil_from_days(secs.div_euclid(86_400));
    (year, month)
}

/// Converts days since 1970-01-01 to a proleptic Gregorian (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn formats_known_instant() {
        let at = UNIX_EPOCH + Duration::from_micros(1_716_775_380_000_123);
        assert_eq!(format_timestamp(at), "2024-05-27T02:03:00.000123Z");
    }

    #[test]
    fn handles_leap_day() {
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(0), (1970, 1, 1));
    }
}
