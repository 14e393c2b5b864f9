//! Condition operators with IAM's semantics:
//! - AND across operators and keys, OR across a key's policy values;
//! - a missing key makes a condition false, except for negated operators (true),
//!   `…IfExists` (true) and `Null`;
//! - without a set prefix a multi-valued request key matches when any value matches
//!   (negated operators: when no value matches);
//! - `ForAnyValue:` true when at least one request value matches (false when the key is
//!   missing or empty); `ForAllValues:` true when every request value matches (true when
//!   the key is missing or empty).

use super::arn::ArnGlob;
use super::context::{RequestView, Values};
use super::model::{BaseOperator, Condition, ConditionValue, SetOperator};
use super::variables::Template;
use super::wildcard::Glob;
use std::net::IpAddr;

/// A policy value compiled for its operator.
#[derive(Clone, Debug, PartialEq)]
pub enum Compiled {
    /// Compared as text (String/Bool/Binary/Null operators, or dynamic values).
    Text,
    Glob(Glob),
    Arn(ArnGlob),
    Number(f64),
    /// Milliseconds since the epoch.
    Date(i64),
    Cidr(Cidr),
    /// The value cannot be read as the operator's type (it matches nothing).
    Invalid,
}

/// An IPv4 or IPv6 network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cidr {
    V4(u32, u8),
    V6(u128, u8),
}

impl Cidr {
    pub fn parse(s: &str) -> Option<Cidr> {
        let (addr, len) = match s.split_once('/') {
            Some((a, l)) => (a, Some(l.parse::<u8>().ok()?)),
            None => (s, None),
        };
        match addr.trim().parse::<IpAddr>().ok()? {
            IpAddr::V4(a) => {
                let l = len.unwrap_or(32);
                (l <= 32).then_some(Cidr::V4(u32::from(a), l))
            }
            IpAddr::V6(a) => {
                let l = len.unwrap_or(128);
                (l <= 128).then_some(Cidr::V6(u128::from(a), l))
            }
        }
    }

    pub fn contains(&self, ip: &IpAddr) -> bool {
        match (self, ip) {
            (Cidr::V4(net, len), IpAddr::V4(a)) => {
                let mask = if *len == 0 {
                    0
                } else {
                    u32::MAX << (32 - u32::from(*len))
                };
                (u32::from(*a) & mask) == (net & mask)
            }
            (Cidr::V6(net, len), IpAddr::V6(a)) => {
                let mask = if *len == 0 {
                    0
                } else {
                    u128::MAX << (128 - u32::from(*len))
                };
                (u128::from(*a) & mask) == (net & mask)
            }
            _ => false,
        }
    }
}

/// Parses an IAM date: ISO 8601 (`2024-03-27`, `2024-03-27T10:57:58Z`, with offset or
/// fraction) or epoch seconds. Returns milliseconds since the epoch.
pub fn parse_date(s: &str) -> Option<i64> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<i64>().ok()?.checked_mul(1000);
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.timestamp_millis());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.fZ",
        "%Y-%m-%dT%H:%M:%SZ",
        "%Y-%m-%dT%H:%MZ",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(d.and_utc().timestamp_millis());
        }
    }
    let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis())
}

/// Parses an IAM number (integer or decimal).
pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    let ok = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'));
    if !ok {
        return None;
    }
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Compiles a policy value for `op` once, at parse time, unless it has a variable. (A value
/// with only escapes such as `${$}` is compiled too: resolving it again for every request
/// would make each evaluation as long as the pattern.)
pub fn compile(op: BaseOperator, text: &str, template: &Template) -> Compiled {
    use BaseOperator as B;
    if template.has_variables() {
        return Compiled::Text;
    }
    let or_invalid = |o: Option<Compiled>| o.unwrap_or(Compiled::Invalid);
    match op {
        B::StringLike | B::StringNotLike => Compiled::Glob(template.static_glob()),
        B::ArnEquals | B::ArnLike | B::ArnNotEquals | B::ArnNotLike => {
            Compiled::Arn(ArnGlob::from_glob(template.static_glob()))
        }
        B::NumericEquals
        | B::NumericNotEquals
        | B::NumericLessThan
        | B::NumericLessThanEquals
        | B::NumericGreaterThan
        | B::NumericGreaterThanEquals => or_invalid(parse_number(text).map(Compiled::Number)),
        B::DateEquals
        | B::DateNotEquals
        | B::DateLessThan
        | B::DateLessThanEquals
        | B::DateGreaterThan
        | B::DateGreaterThanEquals => or_invalid(parse_date(text).map(Compiled::Date)),
        B::IpAddress | B::NotIpAddress => or_invalid(Cidr::parse(text).map(Compiled::Cidr)),
        _ => Compiled::Text,
    }
}

/// Does one request value match one policy value under the operator's *positive* form?
fn positive(op: BaseOperator, pv: &ConditionValue, rv: &str, view: &RequestView<'_>) -> bool {
    use BaseOperator as B;
    let dynamic = pv.template.is_dynamic();
    match op {
        B::StringEquals | B::StringNotEquals => {
            if dynamic {
                pv.template.resolve_string(view).is_some_and(|s| s == rv)
            } else {
                pv.text == rv
            }
        }
        B::StringEqualsIgnoreCase | B::StringNotEqualsIgnoreCase => {
            let eq = |s: &str| {
                s.chars()
                    .flat_map(char::to_lowercase)
                    .eq(rv.chars().flat_map(char::to_lowercase))
            };
            if dynamic {
                pv.template.resolve_string(view).is_some_and(|s| eq(&s))
            } else {
                eq(&pv.text)
            }
        }
        B::StringLike | B::StringNotLike => match &pv.compiled {
            Compiled::Glob(g) => g.matches(rv),
            _ => pv
                .template
                .resolve_glob(view)
                .is_some_and(|g| g.matches(rv)),
        },
        B::ArnEquals | B::ArnLike | B::ArnNotEquals | B::ArnNotLike => match &pv.compiled {
            Compiled::Arn(g) => g.matches(rv),
            _ => pv
                .template
                .resolve_glob(view)
                .is_some_and(|g| ArnGlob::from_glob(g).matches(rv)),
        },
        B::NumericEquals
        | B::NumericNotEquals
        | B::NumericLessThan
        | B::NumericLessThanEquals
        | B::NumericGreaterThan
        | B::NumericGreaterThanEquals => {
            let (Compiled::Number(p), Some(r)) = (&pv.compiled, parse_number(rv)) else {
                return false;
            };
            compare(op, r.partial_cmp(p))
        }
        B::DateEquals
        | B::DateNotEquals
        | B::DateLessThan
        | B::DateLessThanEquals
        | B::DateGreaterThan
        | B::DateGreaterThanEquals => {
            let (Compiled::Date(p), Some(r)) = (&pv.compiled, parse_date(rv)) else {
                return false;
            };
            compare(op, Some(r.cmp(p)))
        }
        B::Bool => pv.text.eq_ignore_ascii_case(rv),
        B::BinaryEquals => {
            use base64::Engine;
            let e = base64::engine::general_purpose::STANDARD;
            match (e.decode(pv.text.trim()), e.decode(rv.trim())) {
                (Ok(a), Ok(b)) => a == b,
                _ => pv.text == rv,
            }
        }
        B::IpAddress | B::NotIpAddress => {
            let (Compiled::Cidr(c), Ok(ip)) = (&pv.compiled, rv.trim().parse::<IpAddr>()) else {
                return false;
            };
            c.contains(&ip)
        }
        B::Null => false,
    }
}

fn compare(op: BaseOperator, ord: Option<std::cmp::Ordering>) -> bool {
    use std::cmp::Ordering::*;
    use BaseOperator as B;
    let Some(o) = ord else { return false };
    match op {
        B::NumericEquals | B::NumericNotEquals | B::DateEquals | B::DateNotEquals => o == Equal,
        B::NumericLessThan | B::DateLessThan => o == Less,
        B::NumericLessThanEquals | B::DateLessThanEquals => o != Greater,
        B::NumericGreaterThan | B::DateGreaterThan => o == Greater,
        B::NumericGreaterThanEquals | B::DateGreaterThanEquals => o != Less,
        _ => false,
    }
}

/// One request value against all policy values: OR across policy values, negated for the
/// negated operators.
fn value_ok(cond: &Condition, rv: &str, view: &RequestView<'_>) -> bool {
    let op = cond.operator.base;
    let any = cond.values.iter().any(|pv| positive(op, pv, rv, view));
    if op.is_negated() {
        !any
    } else {
        any
    }
}

/// Evaluates one condition (operator + key) against the request.
pub fn evaluate_condition(cond: &Condition, view: &RequestView<'_>) -> bool {
    let op = &cond.operator;
    let values = view.values(&cond.key_lower);
    let present = values.as_ref().is_some_and(|v| !v.is_empty());
    if op.base == BaseOperator::Null {
        // "true": the key must be absent; "false": present. OR across values.
        return cond.values.iter().any(|pv| {
            if pv.text.eq_ignore_ascii_case("true") {
                !present
            } else if pv.text.eq_ignore_ascii_case("false") {
                present
            } else {
                false
            }
        });
    }
    let values: Values<'_> = match values {
        Some(v) if present => v,
        _ => {
            if op.if_exists {
                return true;
            }
            return match op.set {
                Some(SetOperator::ForAnyValue) => false,
                Some(SetOperator::ForAllValues) => true,
                None => op.base.is_negated(),
            };
        }
    };
    match op.set {
        Some(SetOperator::ForAllValues) => values.iter().all(|rv| value_ok(cond, rv, view)),
        Some(SetOperator::ForAnyValue) => values.iter().any(|rv| value_ok(cond, rv, view)),
        None => {
            let b = op.base;
            let any = values
                .iter()
                .any(|rv| cond.values.iter().any(|pv| positive(b, pv, rv, view)));
            if b.is_negated() {
                !any
            } else {
                any
            }
        }
    }
}

/// The policy values as evaluated for this request (variables substituted), for display. A
/// value whose variables resolve to much more text than the policy holds is shown as written
/// (the request values are shown once elsewhere), so that an explanation stays proportional to
/// its input when many statements use a variable with a long value.
pub fn display_policy_values(cond: &Condition, view: &RequestView<'_>) -> Vec<String> {
    cond.values
        .iter()
        .map(|pv| {
            if !pv.template.is_dynamic() {
                return pv.text.clone();
            }
            match pv.template.resolved_len(view) {
                None => format!("{} (unresolved)", pv.text),
                Some(n) if n > 2 * pv.text.len() + 64 => pv.text.clone(),
                Some(_) => pv
                    .template
                    .resolve_string(view)
                    .unwrap_or_else(|| pv.text.clone()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_and_dates() {
        let c = Cidr::parse("203.0.113.0/24").unwrap();
        assert!(c.contains(&"203.0.113.9".parse().unwrap()));
        assert!(!c.contains(&"203.0.114.9".parse().unwrap()));
        assert!(Cidr::parse("2001:db8::/32")
            .unwrap()
            .contains(&"2001:db8::1".parse().unwrap()));
        assert!(Cidr::parse("0.0.0.0/0")
            .unwrap()
            .contains(&"1.2.3.4".parse().unwrap()));
        assert!(Cidr::parse("1.2.3.4/33").is_none());
        assert_eq!(parse_date("1970-01-02"), Some(86_400_000));
        assert_eq!(parse_date("86400"), Some(86_400_000));
        assert_eq!(
            parse_date("2024-03-27T10:57:58Z"),
            parse_date("2024-03-27T19:57:58+09:00")
        );
        assert!(parse_date("yesterday").is_none());
        assert_eq!(parse_number("10.5"), Some(10.5));
        assert!(parse_number("ten").is_none());
    }

    /// A `StringLike` value made only of text and escapes (`${$}`, `${?}`, `${*}`) is fixed:
    /// it is compiled once at parse time, not rebuilt for every request. Rebuilding it part by
    /// part was quadratic: a 100 KB pattern took seconds per evaluation.
    #[test]
    fn escape_only_patterns_are_compiled_once() {
        let value = "a${$}b${?}c${*}".repeat(8_000);
        let json = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"*","Resource":"*",
            "Condition":{{"StringLike":{{"s3:prefix":["{value}","x*${{aws:username}}"]}}}}}}]}}"#
        );
        let policy = crate::policy::parse_policy(&json).unwrap();
        let values = &policy.statements[0].conditions[0].values;
        let Compiled::Glob(g) = &values[0].compiled else {
            panic!("not compiled: {:?}", values[0].compiled);
        };
        // Escapes are literal characters, so the whole value is plain text.
        assert!(!g.has_wildcard());
        let text = "a$b?c*".repeat(8_000);
        let mut steps = 0;
        assert!(g.matches_counted(&text, true, &mut steps));
        assert!(steps <= text.len());
        // A value with a variable is resolved per request.
        assert_eq!(values[1].compiled, Compiled::Text);
    }
}
