//! Request context: condition keys (case-insensitive names) with single or multiple values,
//! plus keys derived from the principal ARN (`aws:PrincipalArn`, `aws:PrincipalAccount`,
//! `aws:username`, `aws:PrincipalType`, `kms:CallerAccount`).

use super::arn::PrincipalInfo;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One context value: single-valued (`kms:ViaService`) or multi-valued
/// (`kms:EncryptionContextKeys`, `aws:TagKeys`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ContextValue {
    Single(String),
    Multi(Vec<String>),
}

impl ContextValue {
    /// The values as a slice (one element for a single value).
    pub fn as_slice(&self) -> &[String] {
        match self {
            ContextValue::Single(s) => std::slice::from_ref(s),
            ContextValue::Multi(v) => v,
        }
    }

    pub fn is_multi(&self) -> bool {
        matches!(self, ContextValue::Multi(_))
    }
}

/// The request context. Keys are matched case-insensitively; the spelling first used is kept
/// for display and for encryption-context keys (whose case matters to grants).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    entries: BTreeMap<String, (String, ContextValue)>,
}

impl Context {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a single-valued key.
    pub fn set(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.insert(key.into(), ContextValue::Single(value.into()));
        self
    }

    /// Sets a multi-valued key.
    pub fn set_list(&mut self, key: impl Into<String>, values: Vec<String>) -> &mut Self {
        self.insert(key.into(), ContextValue::Multi(values));
        self
    }

    /// Builder form of [`Context::set`].
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.set(key, value);
        self
    }

    /// Builder form of [`Context::set_list`].
    pub fn with_list(mut self, key: impl Into<String>, values: Vec<String>) -> Self {
        self.set_list(key, values);
        self
    }

    /// Inserts a value.
    pub fn insert(&mut self, key: String, value: ContextValue) {
        self.entries.insert(key.to_ascii_lowercase(), (key, value));
    }

    /// Looks a key up, ignoring case.
    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.get_lower(&key.to_ascii_lowercase())
    }

    /// Removes a key, ignoring case.
    pub fn remove(&mut self, key: &str) -> Option<ContextValue> {
        self.entries
            .remove(&key.to_ascii_lowercase())
            .map(|(_, v)| v)
    }

    /// Lookup with an already lower-cased key (no allocation).
    pub fn get_lower(&self, key_lower: &str) -> Option<&ContextValue> {
        self.entries.get(key_lower).map(|(_, v)| v)
    }

    /// Keys as first written, with their values.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextValue)> {
        self.entries.values().map(|(k, v)| (k.as_str(), v))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The keys derivable from a principal ARN (`aws:PrincipalArn`, `aws:PrincipalAccount`,
    /// `aws:PrincipalType`, `aws:username` for IAM users, `kms:CallerAccount`).
    /// [`super::evaluate`] derives these automatically when they are not set; this helper
    /// makes them explicit (e.g. to show them in the UI).
    pub fn with_principal_defaults(principal: &str) -> Context {
        let mut c = Context::new();
        c.add_principal_defaults(principal);
        c
    }

    /// Adds the principal-derived keys that are not already set.
    pub fn add_principal_defaults(&mut self, principal: &str) {
        let info = PrincipalInfo::parse(principal);
        for key in DERIVED_KEYS {
            if self.get_lower(key).is_none() {
                if let Some(v) = derived(&info, key) {
                    let display = DERIVED_DISPLAY
                        .iter()
                        .find(|d| d.eq_ignore_ascii_case(key))
                        .copied()
                        .unwrap_or(key);
                    self.set(display, v.into_owned());
                }
            }
        }
    }
}

const DERIVED_KEYS: [&str; 5] = [
    "aws:principalarn",
    "aws:principalaccount",
    "aws:principaltype",
    "aws:username",
    "kms:calleraccount",
];
const DERIVED_DISPLAY: [&str; 5] = [
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalType",
    "aws:username",
    "kms:CallerAccount",
];

/// A key derived from the principal, if derivable.
fn derived<'a>(info: &PrincipalInfo<'a>, key_lower: &str) -> Option<Cow<'a, str>> {
    match key_lower {
        "aws:principalarn" => info.principal_arn(),
        "aws:principalaccount" | "kms:calleraccount" => info.account.map(Cow::Borrowed),
        "aws:principaltype" => info.principal_type().map(Cow::Borrowed),
        "aws:username" => info.user_name().map(Cow::Borrowed),
        _ => None,
    }
}

impl Serialize for Context {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.entries.len()))?;
        for (k, v) in self.iter() {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Values accepted when reading a context from JSON: strings, lists of strings, and
/// booleans or numbers (stored as their text, as AWS compares them).
#[derive(Deserialize)]
#[serde(untagged)]
enum RawValue {
    Scalar(RawScalar),
    List(Vec<RawScalar>),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawScalar {
    Str(String),
    Bool(bool),
    Num(serde_json::Number),
}

impl RawScalar {
    fn into_string(self) -> String {
        match self {
            RawScalar::Str(s) => s,
            RawScalar::Bool(b) => b.to_string(),
            RawScalar::Num(n) => n.to_string(),
        }
    }
}

impl<'de> Deserialize<'de> for Context {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw: BTreeMap<String, RawValue> = BTreeMap::deserialize(d)?;
        let mut c = Context::new();
        for (k, v) in raw {
            let value = match v {
                RawValue::Scalar(s) => ContextValue::Single(s.into_string()),
                RawValue::List(l) => {
                    ContextValue::Multi(l.into_iter().map(RawScalar::into_string).collect())
                }
            };
            c.insert(k, value);
        }
        Ok(c)
    }
}

/// Values of a key as seen by a condition: borrowed from the context or derived.
pub enum Values<'a> {
    Slice(&'a [String]),
    Derived(Cow<'a, str>),
}

impl Values<'_> {
    pub fn len(&self) -> usize {
        match self {
            Values::Slice(s) => s.len(),
            Values::Derived(_) => 1,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let (slice, one): (&[String], Option<&str>) = match self {
            Values::Slice(s) => (s, None),
            Values::Derived(d) => (&[], Some(d.as_ref())),
        };
        slice.iter().map(String::as_str).chain(one)
    }
}

/// The request as conditions and variables see it.
pub struct RequestView<'a> {
    pub ctx: &'a Context,
    pub principal: PrincipalInfo<'a>,
    pub action: &'a str,
    pub resource: &'a str,
    /// The caller has a permissions boundary (a `Deny` + `NotPrincipal` then always applies).
    pub boundary_attached: bool,
}

impl<'a> RequestView<'a> {
    /// The values of a (lower-cased) key: from the context, else derived from the principal.
    pub fn values(&self, key_lower: &str) -> Option<Values<'a>> {
        if let Some(v) = self.ctx.get_lower(key_lower) {
            return Some(Values::Slice(v.as_slice()));
        }
        derived(&self.principal, key_lower).map(Values::Derived)
    }

    /// Encryption-context pairs of the request, from `kms:EncryptionContext:<key>` keys,
    /// with the key's spelling as set.
    pub fn encryption_context(&self) -> impl Iterator<Item = (&'a str, &'a str)> {
        const PREFIX: &str = "kms:encryptioncontext:";
        self.ctx
            .entries
            .range::<str, _>((
                std::ops::Bound::Included(PREFIX),
                std::ops::Bound::Unbounded,
            ))
            .take_while(|(k, _)| k.starts_with(PREFIX))
            .filter_map(|(_, (orig, v))| {
                let key = orig.get(PREFIX.len()..)?;
                match v {
                    ContextValue::Single(s) => Some((key, s.as_str())),
                    ContextValue::Multi(_) => None,
                }
            })
    }
}
