//! The share link: everything needed to reproduce a view, in the URL fragment.
//!
//! `#s=v2.<base>.<base64url of a JSON Patch>&seed=42&step=17&mode=sandbox&lang=ja&lesson=3&embed=1`
//!
//! Every part is optional. The scenario part is versioned. `v2` (written since links got
//! long) carries only what differs from the default scenario: an RFC 6902 JSON Patch
//! (`envelope_lab::patch`) from it, with `<base>` naming the default it was made from (8 hex
//! digits of a hash of its JSON), so a link made over another default is reported, never
//! applied to the wrong document. `v1.<base64url of the scenario JSON>` (the whole document)
//! is still read. A higher version is reported as "made by a newer Envelope Lab", anything
//! unreadable as broken. Decoding never panics.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;

use super::runner::default_scenario;
use super::state::Mode;
use crate::i18n::Lang;
use envelope_lab::patch::{self, Edit};
use envelope_lab::text::Text;

/// The version this build writes (it reads this one and every earlier one).
pub const LINK_VERSION: u32 = 2;

/// Why the scenario part of a link could not be used.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkError {
    /// Not base64url, not JSON, or no version prefix (why, in English and Japanese).
    Broken(Text),
    /// Made by a newer build.
    Future(u32),
}

/// What a fragment says. Absent parts are `None`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Link {
    pub scenario: Option<Result<Value, LinkError>>,
    pub seed: Option<u64>,
    pub step: Option<usize>,
    pub mode: Option<Mode>,
    pub lang: Option<Lang>,
    pub lesson: Option<String>,
    pub embed: bool,
}

/// Encodes a scenario: `v2.<base>.<base64url of the patch from the default>`, or for a
/// document that is not an object (never a valid scenario) `v1.<base64url>`.
pub fn encode_scenario(scenario: &Value) -> String {
    let base = default_scenario();
    if !scenario.is_object() || !base.is_object() {
        return encode_whole(scenario);
    }
    let mut edits = Vec::new();
    diff(&base, scenario, &mut String::new(), &mut edits);
    let json = serde_json::to_string(&edits).unwrap_or_else(|_| "[]".into());
    format!(
        "v{LINK_VERSION}.{}.{}",
        base_id(&base),
        URL_SAFE_NO_PAD.encode(json.as_bytes())
    )
}

/// `v1.<base64url of the whole JSON>` (the first format).
pub fn encode_whole(scenario: &Value) -> String {
    let json = serde_json::to_string(scenario).unwrap_or_else(|_| "{}".into());
    format!("v1.{}", URL_SAFE_NO_PAD.encode(json.as_bytes()))
}

/// Names a base document: 8 hex digits of the 64-bit FNV-1a hash of its JSON.
fn base_id(base: &Value) -> String {
    let json = serde_json::to_string(base).unwrap_or_default();
    let hash = json.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{:08x}", hash >> 32)
}

/// The edits that turn `from` into `to`: members added, removed or changed, arrays of the
/// same length element by element, anything else replaced whole.
fn diff(from: &Value, to: &Value, path: &mut String, out: &mut Vec<Edit>) {
    match (from, to) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, old) in a {
                let len = push_token(path, key);
                match b.get(key) {
                    Some(new) if new != old => diff(old, new, path, out),
                    Some(_) => {}
                    None => out.push(Edit::Remove { path: path.clone() }),
                }
                path.truncate(len);
            }
            for (key, new) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                let len = push_token(path, key);
                out.push(Edit::Add {
                    path: path.clone(),
                    value: new.clone(),
                });
                path.truncate(len);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (old, new)) in a.iter().zip(b).enumerate() {
                if old != new {
                    let len = push_token(path, &i.to_string());
                    diff(old, new, path, out);
                    path.truncate(len);
                }
            }
        }
        _ => out.push(Edit::Replace {
            path: path.clone(),
            value: to.clone(),
        }),
    }
}

/// Appends `/token` (RFC 6901 escaped) to `path`; returns the length before.
fn push_token(path: &mut String, token: &str) -> usize {
    let len = path.len();
    path.push('/');
    path.push_str(&token.replace('~', "~0").replace('/', "~1"));
    len
}

fn broken(en: String, ja: String) -> LinkError {
    LinkError::Broken(Text::new(en, ja))
}

fn base64_json(payload: &str) -> Result<Value, LinkError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('=').as_bytes())
        .map_err(|e| {
            broken(
                format!("not base64url: {e}"),
                format!("base64url ではありません: {e}"),
            )
        })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        broken(
            format!("not JSON: {e}"),
            format!("JSON ではありません: {e}"),
        )
    })
}

/// Decodes `v2.<base>.<patch>` or `v1.<base64url>`.
pub fn decode_scenario(text: &str) -> Result<Value, LinkError> {
    let (version, payload) = text
        .split_once('.')
        .ok_or_else(|| broken("no version".into(), "バージョンがありません".into()))?;
    let version: u32 = version
        .strip_prefix('v')
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| {
            broken(
                format!("unknown version {version:?}"),
                format!("不明なバージョン {version:?} です"),
            )
        })?;
    match version {
        1 => base64_json(payload),
        2 => {
            let (id, patch_text) = payload.split_once('.').ok_or_else(|| {
                broken(
                    "no base".into(),
                    "基になるシナリオの指定がありません".into(),
                )
            })?;
            let base = default_scenario();
            if id != base_id(&base) {
                return Err(broken(
                    format!("made from another default scenario ({id}) than this Envelope Lab's"),
                    format!("この Envelope Lab とは異なるデフォルトのシナリオ ({id}) から作られています"),
                ));
            }
            let edits: Vec<Edit> =
                serde_json::from_value(base64_json(patch_text)?).map_err(|e| {
                    broken(
                        format!("not a JSON Patch: {e}"),
                        format!("JSON Patch ではありません: {e}"),
                    )
                })?;
            patch::apply(&base, &edits).map_err(|e| {
                broken(
                    format!("the patch does not apply: {e}"),
                    format!("パッチを適用できません: {e}"),
                )
            })
        }
        v if v > LINK_VERSION => Err(LinkError::Future(v)),
        v => Err(broken(
            format!("unknown version v{v}"),
            format!("不明なバージョン v{v} です"),
        )),
    }
}

impl Link {
    /// Builds the fragment (without `#`). Parts equal to the defaults are left out.
    pub fn to_fragment(&self) -> String {
        let mut parts = Vec::new();
        if let Some(Ok(s)) = &self.scenario {
            parts.push(format!("s={}", encode_scenario(s)));
        }
        if let Some(seed) = self.seed {
            parts.push(format!("seed={seed}"));
        }
        if let Some(step) = self.step {
            parts.push(format!("step={step}"));
        }
        if let Some(mode) = self.mode {
            parts.push(format!("mode={}", mode.code()));
        }
        if let Some(lang) = self.lang {
            parts.push(format!("lang={}", lang.code()));
        }
        if let Some(lesson) = &self.lesson {
            parts.push(format!("lesson={}", escape(lesson)));
        }
        if self.embed {
            parts.push("embed=1".into());
        }
        parts.join("&")
    }

    /// Reads a fragment (with or without the leading `#`). Unknown parameters are ignored;
    /// an unreadable number is ignored (the default applies).
    pub fn parse(fragment: &str) -> Link {
        let mut link = Link::default();
        for part in fragment.trim_start_matches('#').split('&') {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            match key {
                "s" => link.scenario = Some(decode_scenario(value)),
                "seed" => link.seed = value.parse().ok(),
                "step" => link.step = value.parse().ok(),
                "mode" => link.mode = Mode::from_code(value),
                "lang" => link.lang = Lang::from_code(value),
                "lesson" if !value.is_empty() => link.lesson = Some(unescape(value)),
                "embed" => link.embed = matches!(value, "1" | "true" | ""),
                _ => {}
            }
        }
        link
    }
}

fn escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn unescape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(Ok(b)) = s.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16)) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trip() {
        let link = Link {
            scenario: Some(Ok(
                json!({"version": 1, "account": "123456789012", "ünï": "コード"}),
            )),
            seed: Some(42),
            step: Some(17),
            mode: Some(Mode::Sandbox),
            lang: Some(Lang::Ja),
            lesson: Some("lesson 3/ä".into()),
            embed: true,
        };
        let fragment = link.to_fragment();
        assert!(fragment.starts_with("s=v2."), "{fragment}");
        assert_eq!(Link::parse(&format!("#{fragment}")), link);
    }

    #[test]
    fn broken_and_future_links_never_panic() {
        assert_eq!(decode_scenario("v9.abc"), Err(LinkError::Future(9)));
        let base = base_id(&default_scenario());
        for bad in [
            "v2.abc".to_string(),
            "v2.00000000.W10".to_string(),
            format!("v2.{base}.!!!"),
            format!("v2.{base}.e30"),
            format!(
                "v2.{base}.{}",
                URL_SAFE_NO_PAD.encode(r#"[{"op":"remove","path":"/nope"}]"#)
            ),
        ] {
            match decode_scenario(&bad) {
                Err(LinkError::Broken(why)) => assert!(why.ja_is_japanese(), "{bad}: {why:?}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
        for bad in [
            "",
            "%é",
            "v1",
            "v1.",
            "v1.!!!",
            "vx.abc",
            "v0.e30",
            "v1.%%",
            "v1.bm90IGpzb24",
            "v18446744073709551616.a",
        ] {
            match decode_scenario(bad) {
                Err(LinkError::Broken(why)) => assert!(why.ja_is_japanese(), "{bad}: {why:?}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
        assert_eq!(unescape("%é%4"), "%é%4");
        let link = Link::parse("#s=v3.xyz&step=abc&lang=fr&mode=nope&lesson=%&embed=0&zzz");
        assert_eq!(link.scenario, Some(Err(LinkError::Future(3))));
        assert_eq!(
            (link.step, link.lang, link.mode, link.embed),
            (None, None, None, false)
        );
        assert_eq!(link.lesson.as_deref(), Some("%"));
    }

    #[test]
    fn a_link_carries_what_differs_from_the_default_and_old_links_still_open() {
        let base = default_scenario();
        let mut doc = base.clone();
        doc["buckets"][0]["default_encryption"]["bucket_key"] = json!(false);
        doc["events"] = json!([{"action": "disable_key", "at": "30s", "key": "KinesisKey"}]);
        doc["new~/member"] = json!(1);
        doc.as_object_mut().unwrap().remove("readers");
        let short = encode_scenario(&doc);
        let whole = encode_whole(&doc);
        assert!(
            short.len() * 5 < whole.len(),
            "{} vs {}",
            short.len(),
            whole.len()
        );
        assert_eq!(decode_scenario(&short), Ok(doc.clone()));
        assert_eq!(decode_scenario(&whole), Ok(doc), "a v1 link still opens");
        assert_eq!(decode_scenario(&encode_scenario(&base)), Ok(base));
        let odd = json!([1, 2]);
        assert_eq!(decode_scenario(&encode_scenario(&odd)), Ok(odd));
    }
}
