//! The page's preset scenarios: the classic presets built in the page
//! (`presets::get_core`), the organization and client-side ones asked of the policy tools
//! worker (`tools_work::preset`) the first time they are needed and kept for the page's
//! life, so each is fetched once and then is as quick as a classic one.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde_json::Value;
use yew::Callback;

use envelope_lab::sim::presets;
use envelope_lab::text::Text;

use super::super::tools_work::{Answer, Job};
use super::send;

thread_local! {
    /// The lazy presets' documents the worker has sent (at most one per preset name).
    static FETCHED: RefCell<BTreeMap<&'static str, Value>> = const { RefCell::new(BTreeMap::new()) };
}

/// The scenario document of the preset `name` if the page has it now: a classic preset, or
/// a lazy one already fetched.
pub fn preset_now(name: &str) -> Option<Value> {
    let info = presets::info(name)?;
    if info.is_core() {
        presets::get_core(name).and_then(|s| serde_json::to_value(s).ok())
    } else {
        FETCHED.with(|f| f.borrow().get(info.name).cloned())
    }
}

/// Whether `name` is a preset the page must ask the worker for before it has it.
pub fn preset_pending(name: &str) -> bool {
    presets::info(name).is_some_and(|p| !p.is_core()) && preset_now(name).is_none()
}

fn unknown(name: &str) -> Text {
    Text::new(
        format!("unknown preset {name:?}"),
        format!("プリセット {name:?} はありません"),
    )
}

/// The scenario document of the preset `name` to `done`: at once when the page has it,
/// else when the worker has built it (or why it could not).
pub fn load_preset(name: &str, done: Callback<Result<Value, Text>>) {
    if let Some(doc) = preset_now(name) {
        return done.emit(Ok(doc));
    }
    let Some(info) = presets::info(name) else {
        return done.emit(Err(unknown(name)));
    };
    let name = info.name;
    send(
        move |id| Job::Preset {
            id,
            name: name.to_string(),
        },
        Callback::from(move |answer: Answer| match answer {
            Answer::PresetBuilt {
                scenario: Some(doc),
                ..
            } => {
                FETCHED.with(|f| f.borrow_mut().insert(name, doc.clone()));
                done.emit(Ok(doc));
            }
            Answer::PresetBuilt { scenario: None, .. } => done.emit(Err(unknown(name))),
            Answer::Failed { error, .. } => done.emit(Err(error)),
            // The worker's ready answer, heard first.
            _ => {}
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    #[test]
    fn classic_presets_are_at_once_and_lazy_ones_after_the_worker() {
        assert!(preset_now("happy-path").is_some());
        assert!(!preset_pending("happy-path"));
        assert!(preset_pending("org-central-log-archive"));
        let got = Rc::new(RefCell::new(None));
        let put = got.clone();
        load_preset(
            "org-central-log-archive",
            Callback::from(move |r| *put.borrow_mut() = Some(r)),
        );
        let expected =
            serde_json::to_value(presets::get("org-central-log-archive").unwrap()).unwrap();
        assert_eq!(got.borrow().clone(), Some(Ok(expected.clone())));
        assert_eq!(preset_now("org-central-log-archive"), Some(expected));
        assert!(!preset_pending("org-central-log-archive"));
        let put = got.clone();
        load_preset(
            "no-such",
            Callback::from(move |r| *put.borrow_mut() = Some(r)),
        );
        assert!(matches!(got.borrow().clone(), Some(Err(_))));
    }
}
