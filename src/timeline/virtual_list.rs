//! A virtualised list: only the rows in (and just around) the viewport are in the DOM, so
//! a timeline of 100,000 steps scrolls as smoothly as one of ten.
//!
//! Rows have a fixed height (`ROW_HEIGHT` px, matched by `.vlist-row` in style.css; or
//! `TALL_ROW_HEIGHT`, matched by `.vlist.tall-rows .vlist-row`). The
//! space of the rows not rendered is held by two SVG spacers whose `height` attribute is
//! geometry, not an inline style, so the strict CSP (`style-src 'self'`) allows it.
//!
//! The list is one tab stop (a roving tabindex): the row the learner was last on (else the
//! followed one, else the first shown) is reached with Tab, the other rows with the arrow
//! keys, Home, End, Page Up and Page Down, scrolled into view and focused as they go.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::web;

/// Height of one row in CSS pixels (keep in sync with `.vlist-row` in static/style.css).
pub const ROW_HEIGHT: usize = 30;
/// Height of a two-line row (a phone's timeline; `.vlist.tall-rows .vlist-row`).
pub const TALL_ROW_HEIGHT: usize = 44;
/// Rows rendered above and below the visible ones.
pub const OVERSCAN: usize = 8;
/// Rows assumed visible before the viewport has been measured (and in server rendering).
pub const DEFAULT_VISIBLE: usize = 14;

/// Which rows of `row` px to render for a scroll position: `[first, end)`.
pub fn window(count: usize, scroll_top: usize, viewport: usize, row: usize) -> (usize, usize) {
    let visible = viewport.div_ceil(row).max(1);
    let top_row = scroll_top / row;
    let first = top_row.saturating_sub(OVERSCAN).min(count);
    let end = (top_row + visible + OVERSCAN).min(count);
    (first, end)
}

/// The scroll position that brings row `row` (of `height` px) into view, or `None` when it
/// already is.
pub fn scroll_into_view(
    row: usize,
    height: usize,
    scroll_top: usize,
    viewport: usize,
) -> Option<usize> {
    let top = row * height;
    let bottom = top + height;
    if top < scroll_top {
        Some(top)
    } else if bottom > scroll_top + viewport {
        Some(bottom.saturating_sub(viewport))
    } else {
        None
    }
}

#[derive(Properties, PartialEq)]
pub struct VirtualListProps {
    /// Number of rows.
    pub count: usize,
    /// Renders row `i` (its content goes inside a fixed-height `<li>`).
    pub render: Callback<usize, Html>,
    /// A row to keep in view (the current step); scrolled to when it changes.
    #[prop_or_default]
    pub follow: Option<usize>,
    /// Accessible name of the list.
    pub label: AttrValue,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// Row height: [`ROW_HEIGHT`] or [`TALL_ROW_HEIGHT`].
    #[prop_or(ROW_HEIGHT)]
    pub row_height: usize,
}

#[function_component(VirtualList)]
pub fn virtual_list(props: &VirtualListProps) -> Html {
    let row = props.row_height.max(1);
    let scroll = use_state(|| (0usize, DEFAULT_VISIBLE * ROW_HEIGHT));
    let viewport_ref = use_node_ref();
    // The row holding the list's tab stop, and a row to focus once it is rendered.
    let active: Rc<RefCell<Option<usize>>> = use_mut_ref(|| None);
    let pending: Rc<RefCell<Option<usize>>> = use_mut_ref(|| None);
    {
        let (viewport_ref, active, pending) =
            (viewport_ref.clone(), active.clone(), pending.clone());
        let (follow, count) = (props.follow, props.count);
        use_effect(move || {
            if let Some(el) = viewport_ref.cast::<web_sys::Element>() {
                let stop = active.borrow().filter(|&a| a < count).or(follow);
                web::rove(&el, stop);
                let want = pending.borrow_mut().take();
                if let Some(i) = want {
                    if !web::focus_item(&el, i) {
                        *pending.borrow_mut() = Some(i);
                    }
                }
            }
        });
    }
    let onkeydown = {
        let (viewport_ref, active, pending, scroll) = (
            viewport_ref.clone(),
            active.clone(),
            pending.clone(),
            scroll.clone(),
        );
        let count = props.count;
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = viewport_ref.cast::<web_sys::Element>() else {
                return;
            };
            let Some(from) = web::focused_item(&el) else {
                return;
            };
            let page = (el.client_height().max(0) as usize / row).max(1);
            let to = match e.key().as_str() {
                "ArrowDown" => (from + 1).min(count.saturating_sub(1)),
                "ArrowUp" => from.saturating_sub(1),
                "PageDown" => (from + page).min(count.saturating_sub(1)),
                "PageUp" => from.saturating_sub(page),
                "Home" => 0,
                "End" => count.saturating_sub(1),
                _ => return,
            };
            e.prevent_default();
            e.stop_propagation();
            *active.borrow_mut() = Some(to);
            let top = el.scroll_top().max(0) as usize;
            let height = (el.client_height().max(0) as usize).max(row);
            if let Some(at) = scroll_into_view(to, row, top, height) {
                el.set_scroll_top(at as i32);
                scroll.set((at, height));
            }
            if !web::focus_item(&el, to) {
                *pending.borrow_mut() = Some(to);
            }
            web::rove(&el, Some(to));
        })
    };
    // A row clicked or focused holds the tab stop from then on.
    let onfocusin = {
        let (viewport_ref, active) = (viewport_ref.clone(), active.clone());
        Callback::from(move |_: FocusEvent| {
            if let Some(el) = viewport_ref.cast::<web_sys::Element>() {
                if let Some(i) = web::focused_item(&el) {
                    *active.borrow_mut() = Some(i);
                    web::rove(&el, Some(i));
                }
            }
        })
    };

    let onscroll = {
        let scroll = scroll.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            let top = el.scroll_top().max(0) as usize;
            let height = el.client_height().max(0) as usize;
            let height = if height == 0 {
                DEFAULT_VISIBLE * ROW_HEIGHT
            } else {
                height
            };
            if (top, height) != *scroll {
                scroll.set((top, height));
            }
        })
    };

    // Keep the followed row in view.
    {
        let viewport_ref = viewport_ref.clone();
        let scroll = scroll.clone();
        use_effect_with((props.follow, props.count, row), move |(follow, _, row)| {
            if let (Some(index), Some(el)) = (follow, viewport_ref.cast::<web_sys::Element>()) {
                let top = el.scroll_top().max(0) as usize;
                let height = (el.client_height().max(0) as usize).max(*row);
                if let Some(to) = scroll_into_view(*index, *row, top, height) {
                    el.set_scroll_top(to as i32);
                    scroll.set((to, height));
                }
            }
        });
    }

    let (top, viewport) = *scroll;
    let (first, end) = window(props.count, top, viewport, row);
    let before = first * row;
    let after = (props.count - end) * row;
    let spacer = |h: usize| {
        (h > 0).then(|| {
            html! {
                <li class="vlist-spacer" aria-hidden="true" role="presentation">
                    <svg width="1" height={h.to_string()} focusable="false"></svg>
                </li>
            }
        })
    };
    html! {
        <div class={classes!("vlist", (row > ROW_HEIGHT).then_some("tall-rows"))} ref={viewport_ref} onscroll={onscroll} {onkeydown} {onfocusin} id={props.id.clone()}>
            <ol class="vlist-items" aria-label={props.label.clone()}>
                { for spacer(before) }
                { for (first..end).map(|i| html! {
                    <li key={i} class="vlist-row" data-item={i.to_string()}>{ props.render.emit(i) }</li>
                }) }
                { for spacer(after) }
            </ol>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows() {
        assert_eq!(window(0, 0, 300, ROW_HEIGHT), (0, 0));
        assert_eq!(window(10_000, 0, 300, ROW_HEIGHT), (0, 18));
        let (first, end) = window(10_000, 150_000, 300, ROW_HEIGHT);
        assert_eq!((first, end), (4_992, 5_018));
        assert_eq!(
            window(10_000, 10_000 * ROW_HEIGHT, 300, ROW_HEIGHT),
            (9_992, 10_000)
        );
        assert_eq!(window(5, 10_000_000, 300, ROW_HEIGHT), (5, 5));
        assert_eq!(window(10_000, 44 * 100, 440, TALL_ROW_HEIGHT), (92, 118));
    }

    #[test]
    fn follow() {
        assert_eq!(scroll_into_view(0, ROW_HEIGHT, 0, 300), None);
        assert_eq!(scroll_into_view(10, ROW_HEIGHT, 0, 300), Some(330 - 300));
        assert_eq!(scroll_into_view(2, ROW_HEIGHT, 300, 300), Some(60));
        assert_eq!(
            scroll_into_view(10, TALL_ROW_HEIGHT, 0, 300),
            Some(484 - 300)
        );
    }
}
