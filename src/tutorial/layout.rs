//! The tutorial's split view: the lesson on the left, the simulator (diagram, controls,
//! settings, timeline) on the right, each scrolling on its own so the diagram stays in view
//! while the learner reads and edits. On a narrow screen one shows at a time, chosen by two
//! buttons kept at the top of the screen (static/style.css, "Tutorial split view").

use yew::prelude::*;

use super::strings::S;
use super::TutorialPanel;
use crate::i18n::grouped;
use crate::Ctx;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pane {
    Lesson,
    Simulator,
}

#[derive(Properties, PartialEq)]
pub struct WorkspaceProps {
    /// The simulator column's content.
    pub children: Html,
}

#[function_component(Workspace)]
pub fn workspace(props: &WorkspaceProps) -> Html {
    let pane = use_state(|| Pane::Lesson);
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let tab = |p: Pane, id: &'static str, label: String| {
        let pane = pane.clone();
        let selected = *pane == p;
        let onclick = Callback::from(move |_: MouseEvent| pane.set(p));
        let controls = match p {
            Pane::Lesson => "lesson-col",
            Pane::Simulator => "sim-col",
        };
        html! {
            <button type="button" class={classes!("pane-tab", selected.then_some("on"))} {id}
                aria-pressed={selected.to_string()} aria-controls={controls} {onclick}>{ label }</button>
        }
    };
    // The step counter in short: "3/26" ("…" while the run is still being simulated).
    let counter = format!(
        "{}/{}{}",
        grouped(s.cursor as u64),
        grouped(s.total as u64),
        if s.run_done { "" } else { "…" }
    );
    let shown = match *pane {
        Pane::Lesson => "lesson",
        Pane::Simulator => "simulator",
    };
    let tour = s.welcome.map(|w| w.to_string());
    html! {
        <div class="workspace tutorial" data-pane={shown} data-tour={tour}>
            <div class="pane-tabs" role="group" aria-label={lang.t(S::Panes)}>
                { tab(Pane::Lesson, "pane-lesson", lang.t(S::PaneLesson).to_string()) }
                { tab(Pane::Simulator, "pane-simulator", format!("{} ({counter})", lang.t(S::PaneSimulator))) }
            </div>
            <aside class="lesson-col" id="lesson-col" aria-label={lang.t(S::PaneLesson)}>
                <TutorialPanel />
            </aside>
            <div class="main-col sim-col" id="sim-col">
                { props.children.clone() }
            </div>
        </div>
    }
}
