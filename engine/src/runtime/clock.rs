//! Simulated time. There is no system clock anywhere in the engine: every timestamp is
//! microseconds since the Unix epoch on the simulation's own clock.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::text::Text;

/// Microseconds per millisecond / second / minute / hour.
pub const MS: i64 = 1_000;
/// One second in microseconds.
pub const SEC: i64 = 1_000_000;
/// One minute in microseconds.
pub const MIN: i64 = 60 * SEC;
/// One hour in microseconds.
pub const HOUR: i64 = 60 * MIN;
/// One day in microseconds.
pub const DAY: i64 = 24 * HOUR;

/// A point on the simulated clock (µs since 1970-01-01T00:00:00Z).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct SimTime(pub i64);

impl SimTime {
    /// The latest time the simulator represents, 9999-12-31T23:59:59.999999Z: RFC 3339 (and
    /// so every timestamp the trace and CloudTrail print) has four-digit years. Later times
    /// are refused where they are written, never shown wrapped or clamped.
    pub const LATEST: SimTime = SimTime(253_402_300_799_999_999);

    /// Parses an RFC 3339 timestamp such as `2024-03-27T10:57:58Z`.
    pub fn parse_rfc3339(s: &str) -> Result<SimTime, String> {
        SimTime::parse_rfc3339_text(s).map_err(|t| t.into_en())
    }

    /// [`SimTime::parse_rfc3339`] with the error in English and Japanese.
    pub fn parse_rfc3339_text(s: &str) -> Result<SimTime, Text> {
        DateTime::parse_from_rfc3339(s)
            .map(|d| SimTime(d.with_timezone(&Utc).timestamp_micros()))
            .map_err(|e| {
                Text::new(
                    format!("not an RFC 3339 time ({e}): {s:?}"),
                    format!("RFC 3339 形式の時刻ではありません ({e}): {s:?}"),
                )
            })
    }

    /// The time as a chrono UTC date-time.
    pub fn datetime(self) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp_micros(self.0).unwrap_or_default()
    }

    /// ISO 8601 with microseconds, e.g. `2024-03-27T10:57:58.105290Z`.
    pub fn iso_micros(self) -> String {
        self.datetime().to_rfc3339_opts(SecondsFormat::Micros, true)
    }

    /// ISO 8601 to the second, as CloudTrail's `eventTime` (`2024-03-27T10:57:58Z`).
    pub fn iso_seconds(self) -> String {
        self.datetime().to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// Seconds since the epoch with millisecond precision, as the AWS CLI prints
    /// `ApproximateArrivalTimestamp`.
    pub fn epoch_seconds_f64(self) -> f64 {
        (self.0 / MS) as f64 / 1000.0
    }

    /// Python's `datetime.isoformat()` of the naive UTC time: microseconds are omitted
    /// when zero, exactly as the seed Lambda's `EVENT_TIME` prints.
    pub fn python_isoformat(self) -> String {
        use chrono::{Datelike, Timelike};
        // Formatted by hand: this runs once per produced record, and chrono's strftime
        // interpreter is several times slower.
        let dt = self.datetime();
        let mut s = String::with_capacity(26);
        push_num(&mut s, dt.year().max(0) as u32, 4);
        s.push('-');
        push_num(&mut s, dt.month(), 2);
        s.push('-');
        push_num(&mut s, dt.day(), 2);
        s.push('T');
        push_num(&mut s, dt.hour(), 2);
        s.push(':');
        push_num(&mut s, dt.minute(), 2);
        s.push(':');
        push_num(&mut s, dt.second(), 2);
        let micros = dt.timestamp_subsec_micros();
        if micros != 0 {
            s.push('.');
            push_num(&mut s, micros, 6);
        }
        s
    }

    /// `self + micros`.
    pub fn plus(self, micros: i64) -> SimTime {
        SimTime(self.0.saturating_add(micros))
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso_micros())
    }
}

/// Appends `v` zero-padded to `width` digits.
fn push_num(s: &mut String, mut v: u32, width: usize) {
    let mut buf = [b'0'; 10];
    let width = width.min(10);
    for i in (0..width).rev() {
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    for &b in &buf[..width] {
        s.push(b as char);
    }
}

/// Parses a duration such as `30m`, `1h30m`, `90s`, `500ms`, `2d` or `0` into µs.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    parse_duration_text(s).map_err(|t| t.into_en())
}

/// [`parse_duration`] with the error in English and Japanese.
pub fn parse_duration_text(s: &str) -> Result<i64, Text> {
    let t = s.trim();
    if t == "0" {
        return Ok(0);
    }
    if t.is_empty() {
        return Err(Text::new("empty duration", "期間が空です"));
    }
    let bytes = t.as_bytes();
    let mut i = 0;
    let mut total: i64 = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if start == i {
            return Err(Text::new(
                format!("expected a number in duration {s:?} (e.g. 30m, 1h30m, 90s, 500ms)"),
                format!("期間 {s:?} には数値が必要です (例: 30m、1h30m、90s、500ms)"),
            ));
        }
        let n: i64 = t[start..i].parse().map_err(|_| {
            Text::new(
                format!("number too large in duration {s:?}"),
                format!("期間 {s:?} の数値が大きすぎます"),
            )
        })?;
        let ustart = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        let unit = match &t[ustart..i] {
            "ms" => MS,
            "s" => SEC,
            "m" => MIN,
            "h" => HOUR,
            "d" => DAY,
            "" => {
                return Err(Text::new(
                    format!("missing unit in duration {s:?} (use ms, s, m, h or d)"),
                    format!("期間 {s:?} に単位がありません (ms、s、m、h、d のいずれかを使用してください)"),
                ))
            }
            u => {
                return Err(Text::new(
                    format!("unknown unit {u:?} in duration {s:?} (use ms, s, m, h or d)"),
                    format!("期間 {s:?} の単位 {u:?} は使用できません (ms、s、m、h、d のいずれかを使用してください)"),
                ))
            }
        };
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| {
                Text::new(
                    format!("duration {s:?} is too large"),
                    format!("期間 {s:?} が大きすぎます"),
                )
            })?;
    }
    Ok(total)
}

/// Parses a point in time relative to `start`: a duration offset (`10m`, `+10m`) or an
/// absolute RFC 3339 time.
pub fn parse_at(s: &str, start: SimTime) -> Result<SimTime, String> {
    parse_at_text(s, start).map_err(|t| t.into_en())
}

/// [`parse_at`] with the error in English and Japanese.
pub fn parse_at_text(s: &str, start: SimTime) -> Result<SimTime, Text> {
    let t = s.trim();
    if t.contains('T') {
        return SimTime::parse_rfc3339_text(t);
    }
    let d = parse_duration_text(t.strip_prefix('+').unwrap_or(t))?;
    let at = start.plus(d);
    if at > SimTime::LATEST {
        return Err(Text::new(
            format!(
                "{s:?} is after {}, the latest time the simulator represents",
                SimTime::LATEST.iso_seconds()
            ),
            format!(
                "{s:?} は {} より後の時刻です。シミュレーターが扱えるのはこの時刻までです",
                SimTime::LATEST.iso_seconds()
            ),
        ));
    }
    Ok(at)
}

/// Formats µs as a short duration (`5m`, `1h30m`, `250ms`), the inverse of
/// [`parse_duration`] for whole units.
pub fn format_duration(mut us: i64) -> String {
    if us == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    for (unit, name) in [(DAY, "d"), (HOUR, "h"), (MIN, "m"), (SEC, "s"), (MS, "ms")] {
        if us >= unit {
            out.push_str(&format!("{}{}", us / unit, name));
            us %= unit;
        }
    }
    if us > 0 {
        out.push_str(&format!("{us}us"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30m").unwrap(), 30 * MIN);
        assert_eq!(parse_duration("1h30m").unwrap(), 90 * MIN);
        assert_eq!(parse_duration("500ms").unwrap(), 500 * MS);
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("m").is_err());
        assert_eq!(format_duration(90 * MIN), "1h30m");
    }

    #[test]
    fn times() {
        let t = SimTime::parse_rfc3339("2024-03-27T10:57:58Z").unwrap();
        assert_eq!(t.iso_seconds(), "2024-03-27T10:57:58Z");
        assert_eq!(t.python_isoformat(), "2024-03-27T10:57:58");
        assert_eq!(
            t.plus(105_290).python_isoformat(),
            "2024-03-27T10:57:58.105290"
        );
        assert_eq!(parse_at("+5m", t).unwrap(), t.plus(5 * MIN));
        assert_eq!(SimTime::LATEST.iso_seconds(), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn times_past_the_representable_range_are_refused() {
        let t = SimTime::parse_rfc3339("2024-03-27T10:57:58Z").unwrap();
        let e = parse_at_text("100000000d", t).unwrap_err();
        assert!(e.en().contains("after 9999-12-31T23:59:59Z"), "{}", e.en());
        assert!(e.ja().contains("9999-12-31T23:59:59Z"), "{}", e.ja());
        assert!(
            parse_at("2900000d", t).is_ok(),
            "year 9963 is representable"
        );
        assert!(parse_at("2950000d", t).is_err(), "year 10100 is not");
    }
}
