//! The timeline: one row per step so far (virtualised; `row.rs`), grouped and filtered
//! once the run is complete (`grouped_rows.rs`), with the summary bar and the timeline's
//! tools above it (`summary_bar.rs`). The open step's details are `crate::step`.

pub mod grouped_rows;
mod row;
pub mod summary_bar;
pub mod virtual_list;

pub use row::{row_html, RowPlace};

use std::rc::Rc;

use yew::prelude::*;

use crate::fixes::F;
use crate::i18n::T;
use crate::state::Action;
use crate::step::StepDetails;
use crate::Ctx;
use grouped_rows::Item;
use summary_bar::TimelineTools;
use virtual_list::{VirtualList, ROW_HEIGHT, TALL_ROW_HEIGHT};

#[function_component(Timeline)]
pub fn timeline() -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    // Every step reached since the run (re)started; those after the cursor are marked ahead.
    let count = s.listed().min(ctx.run.len());
    let cursor = s.cursor;
    let ready = grouped_rows::use_grouping(&ctx.run, s);
    let layout = {
        let run = ctx.run.clone();
        let state = (*ctx.state).clone();
        let key = (
            s.revision,
            s.run_done,
            s.filter.clone(),
            s.grouping(),
            s.open_groups.clone(),
            s.expanded,
            ready,
        );
        use_memo(key, move |_| {
            grouped_rows::entries(&run, &state)
                .map(|e| Rc::new(grouped_rows::layout(e, &state.open_groups, state.expanded)))
        })
    };
    let idle_open = use_state(|| None::<usize>);
    // The group the learner just opened or closed stays in view (until the cursor moves).
    let toggled = use_state(|| None::<usize>);
    {
        let toggled = toggled.clone();
        use_effect_with(s.cursor, move |_| toggled.set(None));
    }
    let row_of = {
        let run = ctx.run.clone();
        let state = ctx.state.clone();
        let expanded = s.expanded;
        move |i: usize, current: bool| {
            let Some(row) = run.row(i) else {
                return html! {};
            };
            let is_expanded = expanded == Some(i);
            let onclick = {
                let state = state.clone();
                Callback::from(move |_: MouseEvent| {
                    state.dispatch(if is_expanded {
                        Action::Expand(None)
                    } else {
                        Action::Show { row: i, tab: None }
                    })
                })
            };
            let place = if current {
                RowPlace::Current
            } else if i + 1 > cursor {
                RowPlace::Ahead
            } else {
                RowPlace::Past
            };
            row_html(&row, lang, is_expanded, place, onclick)
        }
    };
    let (shown, render, follow) = match (*layout).clone() {
        None => {
            let render = Callback::from(move |i: usize| row_of(i, i + 1 == cursor));
            (count, render, cursor.min(count).checked_sub(1))
        }
        Some(layout) => {
            let shown = layout.count(count);
            let state = ctx.state.clone();
            let run = ctx.run.clone();
            let idle_open = idle_open.clone();
            let toggled_item = (*toggled).and_then(|first| {
                layout.items.iter().position(|it| matches!(it, Item::Group { entry, .. } if layout.group(*entry).is_some_and(|g| g.first() == first)))
            });
            let follow = toggled_item.or(s
                .expanded
                .or(cursor.min(count).checked_sub(1))
                .and_then(|r| layout.item_of(r))
                .filter(|&i| i < shown)
                .or(shown.checked_sub(1)));
            let toggled = toggled.clone();
            let current_row = cursor.min(count).checked_sub(1);
            let render = Callback::from(move |i: usize| match layout.items.get(i) {
                Some(Item::Row(r)) => row_of(*r, Some(*r) == current_row),
                Some(Item::Member(r)) => {
                    html! { <div class="tl-member">{ row_of(*r, Some(*r) == current_row) }</div> }
                }
                Some(Item::Group { entry, open }) => match layout.group(*entry) {
                    Some(g) if !*open && grouped_rows::single_so_far(g, count) => {
                        row_of(g.first(), Some(g.first()) == current_row)
                    }
                    Some(g) => {
                        let state = state.clone();
                        let toggled = toggled.clone();
                        let first = g.first();
                        let onclick = Callback::from(move |_: MouseEvent| {
                            toggled.set(Some(first));
                            state.dispatch(Action::ToggleGroup(first));
                        });
                        grouped_rows::group_row(g, &run, count, *open, lang, onclick)
                    }
                    None => html! {},
                },
                Some(Item::Idle(entry)) => match layout.idle(*entry) {
                    Some(p) => {
                        let idle_open = idle_open.clone();
                        let entry = *entry;
                        let open = *idle_open == Some(entry);
                        let onclick = Callback::from(move |_: MouseEvent| {
                            idle_open.set(if open { None } else { Some(entry) })
                        });
                        grouped_rows::idle_row(p, lang, open, onclick)
                    }
                    None => html! {},
                },
                None => html! {},
            });
            (shown, render, follow)
        }
    };
    let idle_note = (*idle_open).and_then(|e| {
        (*layout)
            .as_ref()
            .and_then(|l| l.idle(e))
            .map(|p| p.note.get(lang.code()).to_string())
    });
    html! {
        <section class="timeline" aria-labelledby="timeline-title" id="timeline">
            <h2 id="timeline-title" class="section-title">{ lang.t(T::Timeline) }</h2>
            <TimelineTools />
            <div class="tl-head" aria-hidden="true">
                <span class="c-n">{ "#" }</span>
                <span class="c-time">{ lang.t(T::ColTime) }</span>
                <span class="c-actor">{ lang.t(T::ColActor) }</span>
                <span class="c-op">{ lang.t(T::ColOperation) }</span>
                <span class="c-principal">{ lang.t(T::ColPrincipal) }</span>
                <span class="c-outcome">{ lang.t(T::ColOutcome) }</span>
            </div>
            if count == 0 {
                <p class="muted empty">{ lang.t(T::NoStepsYet) }</p>
            } else if shown == 0 {
                <p class="muted empty" id="timeline-empty">{ lang.t(F::NoneMatch) }</p>
            } else {
                <VirtualList count={shown} {render} {follow} label={lang.t(T::Timeline)} id="timeline-list"
                    row_height={if s.narrow { TALL_ROW_HEIGHT } else { ROW_HEIGHT }} />
            }
            if let Some(note) = idle_note {
                <p class="model-note" id="idle-note"><span class="badge derived">{ lang.t(F::Derived) }</span>{ note }</p>
            }
            if let Some(i) = s.expanded.filter(|&i| i < count) {
                <StepDetails index={i} />
            }
        </section>
    }
}
