//! A modal dialog's keyboard behaviour, for any dialog of the app (the CloudFormation
//! import's progress and report use it): on opening it takes the focus (its `autofocus`
//! element, else its first control), Tab and Shift+Tab stay inside it, focus that would land
//! behind it is brought back, Escape closes it, and on closing the focus goes back to where
//! it was (the button that opened it).

use yew::prelude::*;

use super::web;

/// Put the returned `NodeRef` on the dialog element and the callback as its `onkeydown`.
#[hook]
pub fn use_dialog(on_close: Callback<()>) -> (NodeRef, Callback<KeyboardEvent>) {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            let opener = web::active_element();
            let guard = node.cast::<web_sys::Element>().and_then(|el| {
                web::focus_first_in(&el);
                web::keep_focus_in(el)
            });
            move || {
                drop(guard);
                web::restore_focus(opener);
            }
        });
    }
    let onkeydown = {
        let node = node.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                e.prevent_default();
                on_close.emit(());
            }
            "Tab" => {
                if let Some(el) = node.cast::<web_sys::Element>() {
                    web::wrap_tab(&el, &e);
                }
            }
            _ => {}
        })
    };
    (node, onkeydown)
}
