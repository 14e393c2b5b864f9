//! Which uploaded file a nested stack's `TemplateURL` names. CloudFormation fetches the URL
//! after evaluating it with the parent's parameters and pseudo parameters; the lab has only
//! the uploaded files, so it compares the URL's last path segment with their names. Before
//! the stacks are created (to tell root templates from nested ones) the values a URL uses
//! are not all known: a `${…}` whose value is unknown matches any text, so a course's
//! `${Prefix}/${Prefix}-kms.yaml` still names `dva-02-005-kms.yaml`.

use std::collections::BTreeSet;

use super::stack::{url_file_name, Source};
use super::yaml::{Node, V};

/// Stands for an unknown value inside a pattern (never in a file name the lab accepts).
const ANY: char = '\u{0}';

/// Longest URL pattern considered (S3 object keys are at most 1,024 bytes).
const MAX_PATTERN: usize = 2048;

/// A file-name pattern: text where [`ANY`] matches any run of characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern(String);

impl Pattern {
    /// The pattern of the file a `TemplateURL` (as written) names; `value` gives the value
    /// of a parameter or pseudo parameter when it is known.
    pub fn of_url(url: &Node, value: &dyn Fn(&str) -> Option<String>) -> Option<Pattern> {
        let text = url_text(url, value)?;
        if text.len() > MAX_PATTERN {
            return None;
        }
        Some(Pattern(url_file_name(&text).to_string()))
    }

    /// The pattern of any string value (an export name, …) as written.
    pub fn of_value(n: &Node, value: &dyn Fn(&str) -> Option<String>) -> Option<Pattern> {
        let text = url_text(n, value)?;
        (text.len() <= MAX_PATTERN).then_some(Pattern(text))
    }

    /// Whether `name` fits the pattern.
    pub fn matches(&self, name: &str) -> bool {
        glob(&self.0, name)
    }

    /// Whether the pattern has unknown parts.
    pub fn is_exact(&self) -> bool {
        !self.0.contains(ANY)
    }

    /// Whether the pattern says something of the name besides its extension: `*-kms.yaml`
    /// does, `*.yaml` (any template) does not and is never used to pick a file.
    pub fn is_specific(&self) -> bool {
        let stem = self
            .0
            .rsplit_once('.')
            .map_or(self.0.as_str(), |(stem, _)| stem);
        stem.chars().any(|c| c != ANY)
    }

    /// The pattern as the learner wrote it: unknown parts shown as `*`.
    pub fn shown(&self) -> String {
        self.0.replace(ANY, "*")
    }
}

/// The URL with every value `value` knows filled in and the rest as [`ANY`].
fn url_text(url: &Node, value: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    if let Some(s) = url.as_str() {
        return Some(s.replace(ANY, ""));
    }
    let (f, arg) = url.intrinsic()?;
    match (f, &arg.v) {
        ("Fn::Sub", V::Str(s)) => Some(sub_text(s, &|v| value(v))),
        ("Fn::Sub", V::Seq(items)) => {
            let text = items.first()?.as_str()?;
            let vars = items.get(1).and_then(Node::entries).unwrap_or_default();
            let lookup = |v: &str| match vars.iter().find(|e| e.key == v) {
                Some(e) => part(&e.value, value),
                None => value(v),
            };
            Some(sub_text(text, &lookup))
        }
        ("Fn::Join", V::Seq(items)) => {
            let [d, parts] = items.as_slice() else {
                return None;
            };
            let d = d.scalar_text()?;
            let V::Seq(parts) = &parts.v else {
                return None;
            };
            let parts: Vec<String> = parts
                .iter()
                .map(|p| part(p, value).unwrap_or_else(|| ANY.to_string()))
                .collect();
            Some(parts.join(&d))
        }
        _ => None,
    }
}

/// A literal or a `Ref` whose value is known.
fn part(n: &Node, value: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    if let Some(s) = n.scalar_text() {
        return Some(s);
    }
    match n.intrinsic() {
        Some(("Ref", arg)) => value(arg.as_str()?),
        _ => None,
    }
}

fn sub_text(text: &str, value: &dyn Fn(&str) -> Option<String>) -> String {
    use super::intrinsic::{sub_pieces, SubPiece};
    let mut out = String::new();
    for p in sub_pieces(text) {
        match p {
            SubPiece::Text(t) => out.push_str(t),
            SubPiece::Var(v) => match value(v) {
                Some(x) => out.push_str(&x),
                None => out.push(ANY),
            },
            SubPiece::Unclosed => out.push(ANY),
        }
    }
    out
}

/// Glob matching where [`ANY`] matches any run of characters (linear backtracking on the
/// last `ANY` only, so bounded by pattern × name).
fn glob(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < n.len() {
        if i < p.len() && p[i] == ANY {
            star = Some((i, j));
            i += 1;
        } else if i < p.len() && p[i] == n[j] {
            i += 1;
            j += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == ANY)
}

/// The files of the upload that a nested stack of another file names: these are never
/// created as root stacks. A URL's values are filled in where they are known before any
/// stack is created (the parent's parameter given by the learner or its `Default`, the
/// Region, account, partition and URL suffix); when no uploaded file has the name so
/// resolved, a file matching the URL with every value unknown is the one it names (as the
/// creation does, [`pick`]).
pub fn nested_files(
    files: &[Source],
    value_in: &dyn Fn(usize, &str) -> Option<String>,
) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    for (parent, f) in files.iter().enumerate() {
        for url in template_urls(&f.root) {
            let known = |v: &str| value_in(parent, v);
            let resolved = Pattern::of_url(url, &known);
            let open = Pattern::of_url(url, &|_| None);
            if let Some(i) = pick(files, resolved.as_ref(), open.as_ref(), &[parent]).first() {
                out.insert(*i);
            }
        }
    }
    out
}

/// The uploaded files a URL names, excluding `exclude` (the parent and the stacks it is
/// nested in): those matching `resolved` (the URL with what is known), else those matching
/// `open` (every value unknown).
pub fn pick(
    files: &[Source],
    resolved: Option<&Pattern>,
    open: Option<&Pattern>,
    exclude: &[usize],
) -> Vec<usize> {
    let find = |p: &Pattern| -> Vec<usize> {
        (0..files.len())
            .filter(|i| !exclude.contains(i) && p.matches(&files[*i].name))
            .collect()
    };
    if let Some(found) = resolved.map(find).filter(|f| !f.is_empty()) {
        return found;
    }
    open.filter(|p| p.is_specific())
        .map(find)
        .unwrap_or_default()
}

/// The `TemplateURL` of every `AWS::CloudFormation::Stack` in a template, as written.
fn template_urls(root: &Node) -> Vec<&Node> {
    let Some(resources) = root.get("Resources").and_then(Node::entries) else {
        return vec![];
    };
    resources
        .iter()
        .filter(|r| {
            r.value.get("Type").and_then(Node::as_str) == Some("AWS::CloudFormation::Stack")
        })
        .filter_map(|r| r.value.get("Properties")?.get("TemplateURL"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(s: &str) -> Node {
        super::super::yaml::parse(0, &format!("!Sub {s:?}")).unwrap()
    }

    #[test]
    fn unknown_values_match_any_text_and_known_ones_only_themselves() {
        let url = sub("https://${B}.s3.${AWS::Region}.amazonaws.com/${Prefix}/${Prefix}-kms.yaml");
        let open = Pattern::of_url(&url, &|_| None).unwrap();
        assert_eq!(open.shown(), "*-kms.yaml");
        assert!(open.matches("dva-02-005-kms.yaml"));
        assert!(open.matches("${Prefix}-kms.yaml"));
        assert!(!open.matches("kms.yaml"));
        assert!(!open.matches("dva-kms.yml"));
        let known = |v: &str| (v == "Prefix").then(|| "app".to_string());
        let resolved = Pattern::of_url(&url, &known).unwrap();
        assert!(resolved.is_exact());
        assert!(resolved.matches("app-kms.yaml"));
        assert!(!resolved.matches("dva-kms.yaml"));
    }

    #[test]
    fn a_pattern_of_only_unknowns_and_an_extension_picks_nothing() {
        let p = |s: &str| Pattern(s.replace('*', &ANY.to_string()));
        assert!(p("*-kms.yaml").is_specific());
        assert!(p("kms.*").is_specific());
        assert!(!p("*.yaml").is_specific());
        assert!(!p("*").is_specific());
        assert!(!p("**.json").is_specific());
    }

    #[test]
    fn glob_backtracks_and_stays_anchored() {
        let p = |s: &str| Pattern(s.replace('*', &ANY.to_string()));
        assert!(p("*-*-kms.yaml").matches("a-b-c-kms.yaml"));
        assert!(p("a*").matches("a"));
        assert!(!p("*a").matches("ab"));
        assert!(p("*").matches(""));
        let long = "a".repeat(2000);
        assert!(!p(&format!("{}b", "*a".repeat(500))).matches(&long));
    }

    #[test]
    fn join_urls_fill_refs() {
        let url = super::super::yaml::parse(
            0,
            "Fn::Join: ['', ['https://b/', !Ref Prefix, '-kinesis.yaml']]",
        )
        .unwrap();
        let p = Pattern::of_url(&url, &|_| None).unwrap();
        assert_eq!(p.shown(), "*-kinesis.yaml");
        let p = Pattern::of_url(&url, &|_| Some("x".into())).unwrap();
        assert_eq!(p.shown(), "x-kinesis.yaml");
    }
}
