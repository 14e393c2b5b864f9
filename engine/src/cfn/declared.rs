//! The parameters the learner can give an import: those the root templates declare (a
//! nested stack's come from its parent), each with its type, `Default`, `AllowedValues`
//! and `Description`, so the page can ask for them (a choice where AllowedValues lists
//! them, the Default filled in) before or after an import.

use serde::{Deserialize, Serialize};

use super::nesting;
use super::stack::{Settings, Source};
use super::yaml::{self, Node, V};
use super::Upload;

/// One root parameter, as the template declares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declared {
    /// Its logical name.
    pub name: String,
    /// The file declaring it (the first root, when several do).
    pub file: String,
    /// `Type` (`String`, `Number`, `CommaDelimitedList`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// `Default`, when it is a string (or a number).
    pub default: Option<String>,
    /// `AllowedValues`, in order (empty: any value).
    pub allowed: Vec<String>,
    /// `Description`.
    pub description: Option<String>,
    /// `NoEcho`: the value is a secret (the page does not show it back).
    pub no_echo: bool,
}

/// The parameters of the root templates of `files`, in document order. Files that do not
/// parse are left out (the import itself reports them).
pub fn root_parameters(files: &[Upload]) -> Vec<Declared> {
    let sources: Vec<Source> = files
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            Some(Source {
                name: f.name.clone(),
                root: yaml::parse(i as u16, &f.text).ok()?,
            })
        })
        .collect();
    let settings = Settings {
        account: super::DEFAULT_ACCOUNT.into(),
        region: super::DEFAULT_REGION.into(),
        ..Settings::default()
    };
    let value_in = |p: usize, v: &str| super::stack::known_value(&sources[p].root, &settings, v);
    let nested = nesting::nested_files(&sources, &value_in);
    let mut out: Vec<Declared> = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        if nested.contains(&i) {
            continue;
        }
        let entries = s
            .root
            .get("Parameters")
            .and_then(Node::entries)
            .unwrap_or_default();
        for e in entries {
            if out.iter().any(|d| d.name == e.key) {
                continue;
            }
            let text = |k: &str| e.value.get(k).and_then(Node::scalar_text);
            let allowed = match e.value.get("AllowedValues").map(|n| &n.v) {
                Some(V::Seq(items)) => items.iter().filter_map(Node::scalar_text).collect(),
                _ => vec![],
            };
            let kind = text("Type").unwrap_or_default();
            // A Systems Manager type's Default names a parameter the lab cannot read: the
            // learner gives the value itself (params.rs).
            let ssm = kind.starts_with("AWS::SSM::Parameter::Value<");
            out.push(Declared {
                name: e.key.clone(),
                file: s.name.clone(),
                default: text("Default").filter(|_| !ssm),
                kind,
                allowed,
                description: text("Description"),
                no_echo: text("NoEcho").is_some_and(|v| v.eq_ignore_ascii_case("true")),
            });
        }
    }
    out
}
