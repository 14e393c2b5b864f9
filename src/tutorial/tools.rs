//! The panel's "Progress" tools: export and import the progress document, and load an
//! author's own lesson or quiz file. An import keeps this browser's quiz seed when the file
//! has none, so the learner's order of choices does not change under them.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::store;
use super::strings::S;
use crate::{web, Lang};
use envelope_lab::lessons::Progress;
use envelope_lab::text::Text;

/// What the panel's notice says: (succeeded, what happened, detail).
pub type Message = Option<(bool, S, Text)>;

#[derive(Properties, PartialEq)]
pub struct ToolsProps {
    pub progress: UseStateHandle<Progress>,
    pub message: UseStateHandle<Message>,
    /// Reads an author's file (lesson or quiz JSON).
    pub load_text: Callback<String>,
    pub lang: Lang,
}

#[function_component(ProgressTools)]
pub fn progress_tools(props: &ToolsProps) -> Html {
    let guards: Rc<RefCell<Vec<web::Guard>>> = use_mut_ref(Vec::new);
    let lang = props.lang;
    let export = {
        let progress = props.progress.clone();
        Callback::from(move |_: MouseEvent| {
            web::download("envelope-lab-progress.json", &progress.export())
        })
    };
    let import = {
        let (progress, message, guards) = (
            props.progress.clone(),
            props.message.clone(),
            guards.clone(),
        );
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let (progress, message) = (progress.clone(), message.clone());
            let cb = Callback::from(move |r: Result<String, String>| {
                match r.map_err(Text::en_only).and_then(|t| Progress::import(&t)) {
                    Ok(mut p) => {
                        if p.quiz_seed.is_none() {
                            p.quiz_seed = progress.quiz_seed.clone();
                        }
                        store::save(&p);
                        progress.set(p);
                        message.set(Some((true, S::ProgressImported, Text::default())));
                    }
                    Err(e) => message.set(Some((false, S::LoadFailed, e))),
                }
            });
            if let Some(g) = web::read_file(&input, cb) {
                guards.borrow_mut().push(g);
            }
        })
    };
    let load_file = {
        let (load_text, message, guards) = (
            props.load_text.clone(),
            props.message.clone(),
            guards.clone(),
        );
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let (load_text, message) = (load_text.clone(), message.clone());
            let cb = Callback::from(move |r: Result<String, String>| match r {
                Ok(t) => load_text.emit(t),
                Err(e) => message.set(Some((false, S::LoadFailed, Text::en_only(e)))),
            });
            if let Some(g) = web::read_file(&input, cb) {
                guards.borrow_mut().push(g);
            }
        })
    };
    html! {
        <details class="tutorial-tools">
            <summary>{ lang.t(S::Progress) }</summary>
            <button type="button" class="btn small" id="export-progress" onclick={export}>{ lang.t(S::ExportProgress) }</button>
            <div class="field">
                <label for="import-progress">{ lang.t(S::ImportProgress) }</label>
                <input type="file" id="import-progress" accept="application/json,.json" onchange={import} />
            </div>
            <div class="field">
                <label for="load-lesson">{ lang.t(S::LoadLesson) }</label>
                <input type="file" id="load-lesson" accept="application/json,.json" onchange={load_file} />
            </div>
        </details>
    }
}
