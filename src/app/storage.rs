//! What survives a reload: the sandbox scenario and preferences, as one JSON document in
//! localStorage. This module is the pure codec; `web.rs` reads and writes the browser's
//! storage. A document that cannot be read is reported and replaced, never a blank page.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use envelope_lab::text::Text;

/// localStorage key.
pub const KEY: &str = "envelope-lab:v1";

/// The saved document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    /// Format version (1).
    pub v: u32,
    pub scenario: Value,
    pub seed: u64,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default)]
    pub speed: Option<u32>,
    #[serde(default)]
    pub step: Option<usize>,
    /// The preset the scenario was loaded from (so it reads "<preset> (edited)" after a
    /// reload).
    #[serde(default)]
    pub preset: Option<String>,
    #[serde(default)]
    pub scale: Option<[u32; 5]>,
}

/// Reads a saved document; the error says what is wrong (shown to the learner, in English
/// and Japanese).
pub fn decode(text: &str) -> Result<Saved, Text> {
    let saved: Saved = serde_json::from_str(text).map_err(|e| {
        Text::new(
            e.to_string(),
            format!("保存されたデータの形式が正しくありません: {e}"),
        )
    })?;
    if saved.v != 1 {
        return Err(Text::new(
            format!("unknown format version {}", saved.v),
            format!("不明な形式のバージョン {} です", saved.v),
        ));
    }
    if !saved.scenario.is_object() {
        return Err(Text::new(
            "the saved scenario is not a JSON object",
            "保存されたシナリオが JSON オブジェクトではありません",
        ));
    }
    Ok(saved)
}

pub fn encode(saved: &Saved) -> String {
    serde_json::to_string(saved).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trip_and_corruption() {
        let saved = Saved {
            v: 1,
            scenario: json!({"version": 1}),
            seed: 9,
            lang: Some("ja".into()),
            mode: None,
            speed: Some(5),
            step: Some(3),
            preset: Some("happy-path".into()),
            scale: Some([1, 2, 3, 4, 5]),
        };
        assert_eq!(decode(&encode(&saved)), Ok(saved));
        for bad in [
            "",
            "{",
            "null",
            "{\"v\":2,\"scenario\":{},\"seed\":1}",
            "{\"v\":1,\"scenario\":[],\"seed\":1}",
            "\u{0}garbage",
        ] {
            let e = decode(bad).err();
            assert!(
                e.as_ref().is_some_and(|e| e.ja_is_japanese()),
                "{bad}: {e:?}"
            );
        }
    }
}
