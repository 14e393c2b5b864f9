//! The first state of the page, and what it keeps: the share link (fragment) over the work
//! saved in this browser over the defaults, problems with either becoming notices; the
//! document saved on every change; the share link of the current state.

use std::rc::Rc;

use yew::prelude::*;

use envelope_lab::text::Text;

use super::link::{Link, LinkError};
use super::state::{self, Mode, Notice, State};
use super::{runner, storage, web, AppProps, NARROW_QUERY};
use crate::i18n::Lang;
use crate::sandbox::presets;

/// The share link for the current state.
pub fn share_link(s: &State) -> Link {
    let default = runner::default_scenario();
    Link {
        scenario: (*s.scenario != default).then(|| Ok((*s.scenario).clone())),
        seed: Some(s.seed),
        step: Some(s.cursor),
        mode: Some(s.mode),
        lang: Some(s.lang),
        // A lesson's link opens the lesson; elsewhere the lesson last open does not matter.
        lesson: s.lesson.clone().filter(|_| s.mode == Mode::Tutorial),
        embed: s.embed,
    }
}

/// The first state: link (fragment) over saved work over defaults; problems become notices.
pub(super) fn boot(props: &AppProps) -> State {
    let fragment = props.fragment.clone().unwrap_or_else(web::fragment);
    let languages = props.languages.clone().unwrap_or_else(web::languages);
    let mut link = Link::parse(&fragment);
    let lang = link
        .lang
        .unwrap_or_else(|| Lang::negotiate(languages.iter().map(String::as_str)));
    let mut notices = Vec::new();

    // Saved work.
    let saved_text = match &props.saved {
        Some(s) => Ok(Some(s.clone())),
        None => web::storage_get(storage::KEY),
    };
    let saved = match saved_text {
        Ok(Some(text)) => match storage::decode(&text) {
            Ok(saved) => match runner::validate(&saved.scenario) {
                Ok(()) => Some(saved),
                Err(e) => {
                    notices.push(Notice::StorageCorrupt(e.located()));
                    None
                }
            },
            Err(e) => {
                notices.push(Notice::StorageCorrupt(e));
                None
            }
        },
        Ok(None) => None,
        Err(e) => {
            // The browser's own exception text; the notice's sentence is translated.
            notices.push(Notice::StorageCorrupt(Text::new(e.clone(), e)));
            None
        }
    };

    let mut scenario = saved
        .as_ref()
        .map(|s| s.scenario.clone())
        .unwrap_or_else(runner::default_scenario);
    let mut linked_scenario = false;
    // A link that cannot be used changes nothing: the saved work (or the default) is shown
    // as it was, and the link's seed and step are not applied to it.
    let mut bad_link = true;
    match link.scenario.take() {
        Some(Ok(doc)) => match runner::validate(&doc) {
            Ok(()) => {
                scenario = doc;
                linked_scenario = true;
                bad_link = false;
            }
            Err(e) => notices.push(Notice::BadLinkScenario(e.located())),
        },
        Some(Err(LinkError::Future(v))) => notices.push(Notice::FutureLink(v)),
        Some(Err(LinkError::Broken(why))) => notices.push(Notice::BadLink(why)),
        None => bad_link = false,
    }
    if bad_link {
        link.seed = None;
        link.step = None;
    }
    // A link's scenario is shown as its own state: work saved in this browser that differs
    // is kept aside, never saved over.
    let aside = saved
        .as_ref()
        .filter(|s| linked_scenario && s.scenario != scenario)
        .cloned();
    if aside.is_some() {
        notices.push(Notice::LinkOpened);
    }
    let seed = link.seed.or(saved.as_ref().map(|s| s.seed)).unwrap_or(1);
    let mut state = State::new(scenario, seed, lang);
    if let Some(saved) = &saved {
        if link.lang.is_none() {
            if let Some(l) = saved.lang.as_deref().and_then(Lang::from_code) {
                state.lang = l;
            }
        }
        if let Some(m) = saved.mode.as_deref().and_then(Mode::from_code) {
            state.mode = m;
        }
        if let Some(v) = saved.speed {
            state.speed = v.clamp(1, 1000);
        }
        if let Some([shards, records_per_second, producers, consumers, objects_per_hour]) =
            saved.scale
        {
            state.scale = state::Scale {
                shards,
                records_per_second,
                producers,
                consumers,
                objects_per_hour,
            };
        }
        if !linked_scenario && link.step.is_none() {
            state.pending_step = saved.step.filter(|&n| n > 0);
        }
        if !linked_scenario {
            state.preset = saved.preset.clone();
        }
    }
    if let Some(m) = link.mode {
        state.mode = m;
    }
    if let Some(step) = link.step {
        state.pending_step = Some(step);
    }
    state.embed = link.embed;
    state.lesson = link.lesson;
    state.notices = notices;
    state.narrow = web::on_media(NARROW_QUERY, Callback::noop()).0;
    if state.preset.is_none() {
        // The default scenario (or a saved or linked one) that is exactly a preset is that
        // preset, so an edit reads "<preset> (edited)".
        if let presets::Origin::Preset(name) = presets::origin(&state.scenario, None) {
            state.preset = Some(name.to_string());
        }
    }
    state.linked_scenario = linked_scenario;
    state.aside = aside.map(Rc::new);
    if first_visit(&fragment, saved.is_some() || !state.notices.is_empty()) {
        state.mode = Mode::Tutorial;
        state.welcome = Some(0);
    }
    state
}

/// A first visit: no link state, nothing saved in this browser (no sandbox work, no course
/// progress) and not inside another page (an embedding page keeps control). It opens the
/// tutorial with a short welcome that leads into the first lesson.
fn first_visit(fragment: &str, saved: bool) -> bool {
    let no_progress = matches!(
        web::storage_get(envelope_lab::lessons::progress::STORAGE_KEY),
        Ok(None)
    );
    fragment.trim_start_matches('#').trim().is_empty() && !saved && no_progress && !web::in_frame()
}
