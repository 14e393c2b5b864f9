//! Yew components only; no AWS logic.

use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    html! { <main><h1>{ "Envelope Lab" }</h1></main> }
}
