//! The share link: everything needed to reproduce a view, in the URL fragment.
//!
//! `#s=v1.<base64url of the scenario JSON>&seed=42&step=17&mode=sandbox&lang=ja&lesson=3&embed=1`
//!
//! Every part is optional. The scenario part is versioned: `v1` is this format; a higher
//! version is reported as "made by a newer Envelope Lab", anything unreadable as broken.
//! Decoding never panics.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;

use super::state::Mode;
use crate::i18n::Lang;
use envelope_lab::text::Text;

/// The version this build writes and reads.
pub const LINK_VERSION: u32 = 1;

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

/// Encodes a scenario as `v1.<base64url>`.
pub fn encode_scenario(scenario: &Value) -> String {
    let json = serde_json::to_string(scenario).unwrap_or_else(|_| "{}".into());
    format!(
        "v{LINK_VERSION}.{}",
        URL_SAFE_NO_PAD.encode(json.as_bytes())
    )
}

/// Decodes `v1.<base64url>`.
pub fn decode_scenario(text: &str) -> Result<Value, LinkError> {
    let (version, payload) = text
        .split_once('.')
        .ok_or_else(|| LinkError::Broken(Text::new("no version", "バージョンがありません")))?;
    let version: u32 = version
        .strip_prefix('v')
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| {
            LinkError::Broken(Text::new(
                format!("unknown version {version:?}"),
                format!("不明なバージョン {version:?} です"),
            ))
        })?;
    if version > LINK_VERSION {
        return Err(LinkError::Future(version));
    }
    if version != LINK_VERSION {
        return Err(LinkError::Broken(Text::new(
            format!("unknown version v{version}"),
            format!("不明なバージョン v{version} です"),
        )));
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('=').as_bytes())
        .map_err(|e| {
            LinkError::Broken(Text::new(
                format!("not base64url: {e}"),
                format!("base64url ではありません: {e}"),
            ))
        })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        LinkError::Broken(Text::new(
            format!("not JSON: {e}"),
            format!("JSON ではありません: {e}"),
        ))
    })
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
        assert!(fragment.starts_with("s=v1."), "{fragment}");
        assert_eq!(Link::parse(&format!("#{fragment}")), link);
    }

    #[test]
    fn broken_and_future_links_never_panic() {
        assert_eq!(decode_scenario("v9.abc"), Err(LinkError::Future(9)));
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
        let link = Link::parse("#s=v2.xyz&step=abc&lang=fr&mode=nope&lesson=%&embed=0&zzz");
        assert_eq!(link.scenario, Some(Err(LinkError::Future(2))));
        assert_eq!(
            (link.step, link.lang, link.mode, link.embed),
            (None, None, None, false)
        );
        assert_eq!(link.lesson.as_deref(), Some("%"));
    }
}
