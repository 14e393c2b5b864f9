//! The sandbox: the simulator with its summary bar and timeline in the main column, and
//! beside it the preset picker, the side panels and the settings of the selected element.

pub mod presets;

use yew::prelude::*;

use crate::i18n::T;
use crate::settings::Inspector;
use crate::simulator::{controls::Controls, panels::SidePanel};
use crate::timeline::{summary_bar::SummaryBar, Timeline};
use crate::Ctx;

#[derive(Properties, PartialEq)]
pub struct WorkspaceProps {
    /// The diagram (the app builds it for every mode that shows it).
    pub children: Html,
}

/// The sandbox's two columns.
#[function_component(Workspace)]
pub fn workspace(props: &WorkspaceProps) -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = ctx.state.lang;
    html! {
        <div class="workspace">
            <div class="main-col">
                { props.children.clone() }
                <Controls />
                <SummaryBar />
                <Timeline />
            </div>
            <aside class="side-col" aria-label={lang.t(T::SideColumn)}>
                <presets::PresetPicker />
                <SidePanel />
                <Inspector />
            </aside>
        </div>
    }
}
