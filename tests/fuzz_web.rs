//! Fuzzing the web app's decoders of outside input (issue 11 item 14): the share link in
//! the URL fragment and the saved work in localStorage. Mutated links and saved documents
//! never panic, take bounded time, and every refusal is explained in English and Japanese
//! (a scenario refusal with its path). Uses the engine's mutation engine
//! (`engine/tests/fuzz/mutate.rs`); `FUZZ_CASES` sets the number of cases (`make fuzz`).

#[path = "../engine/tests/fuzz/mutate.rs"]
mod mutate;

use std::time::Duration;

use envelope_lab::sim::presets;
use envelope_lab_web::link::{encode_scenario, Link, LinkError};
use envelope_lab_web::state::Mode;
use envelope_lab_web::{runner, storage, Lang};
use serde_json::Value;

const LIMIT: Duration = Duration::from_secs(20);

fn preset_documents() -> Vec<Value> {
    presets::all()
        .iter()
        .filter_map(|p| presets::get(p.name))
        .filter_map(|s| serde_json::to_value(s).ok())
        .collect()
}

/// A scenario the page was given: accepted, or refused with a path and both languages.
fn scenario_checked(doc: &Value) -> Result<&'static str, String> {
    match runner::validate(doc) {
        Ok(()) => Ok("scenario accepted"),
        Err(e) if e.path.is_empty() || e.path.contains('?') => {
            Err(format!("refused with path {:?}: {e}", e.path))
        }
        Err(e) if !e.located().ja_is_japanese() => Err(format!("no Japanese: {:?}", e.located())),
        Err(_) => Ok("scenario refused"),
    }
}

fn check_link(fragment: &str) -> Result<&'static str, String> {
    let link = Link::parse(fragment);
    match &link.scenario {
        None => Ok("no scenario"),
        Some(Err(LinkError::Future(_))) => Ok("newer version"),
        Some(Err(LinkError::Broken(why))) if why.ja_is_japanese() => Ok("broken"),
        Some(Err(LinkError::Broken(why))) => Err(format!("broken link without Japanese: {why:?}")),
        Some(Ok(doc)) => {
            // What a link carries comes back from the link it makes.
            let again = Link::parse(
                &Link {
                    scenario: Some(Ok(doc.clone())),
                    ..Link::default()
                }
                .to_fragment(),
            );
            if again.scenario.as_ref() != Some(&Ok(doc.clone())) {
                return Err("the scenario does not survive a round trip".into());
            }
            scenario_checked(doc)
        }
    }
}

#[test]
fn fuzz_share_links() {
    let seeds: Vec<String> = preset_documents()
        .into_iter()
        .enumerate()
        .map(|(i, doc)| {
            Link {
                scenario: Some(Ok(doc)),
                seed: Some(i as u64),
                step: Some(3 * i),
                mode: Some(Mode::Sandbox),
                lang: Some(if i % 2 == 0 { Lang::En } else { Lang::Ja }),
                lesson: Some(format!("lesson {i}/ä")),
                embed: i % 3 == 0,
            }
            .to_fragment()
        })
        .collect();
    mutate::run("share link", &seeds, mutate::cases(300), LIMIT, check_link);
}

#[test]
fn fuzz_scenarios_in_share_links() {
    // The scenario JSON mutated, then encoded as a well-formed link.
    let seeds: Vec<String> = preset_documents().iter().map(Value::to_string).collect();
    mutate::run("link scenario", &seeds, mutate::cases(300), LIMIT, |json| {
        check_link(&format!("#s={}", encode_scenario_text(json)))
    });
}

/// `encode_scenario` for a document that may not be JSON any more (kept as text).
fn encode_scenario_text(json: &str) -> String {
    match serde_json::from_str::<Value>(json) {
        Ok(doc) => encode_scenario(&doc),
        Err(_) => {
            use base64::Engine;
            let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
            format!("v1.{payload}")
        }
    }
}

#[test]
fn fuzz_saved_work() {
    let seeds: Vec<String> = preset_documents()
        .into_iter()
        .map(|scenario| {
            storage::encode(&storage::Saved {
                v: 1,
                scenario,
                seed: 7,
                lang: Some("ja".into()),
                mode: Some("sandbox".into()),
                speed: Some(5),
                step: Some(12),
                preset: Some("happy-path".into()),
                scale: Some([1, 2, 3, 4, 5]),
            })
        })
        .collect();
    mutate::run(
        "saved work",
        &seeds,
        mutate::cases(300),
        LIMIT,
        |text| match storage::decode(text) {
            Err(why) if why.ja_is_japanese() => Ok("refused"),
            Err(why) => Err(format!("refusal without Japanese: {why:?}")),
            Ok(saved) => scenario_checked(&saved.scenario),
        },
    );
}
