//! The sources of a lesson or a question: a small "Sources" disclosure listing the AWS pages
//! its facts come from (titles as AWS writes them, marked `lang="en"`), with its modelled
//! notes when it has any.

use yew::prelude::*;

use super::strings::S;
use crate::Lang;
use envelope_lab::lessons::Source;
use envelope_lab::text::Text;

/// The disclosure (nothing when there is no source and no note). `id` names it for tests
/// and links.
pub fn sources_html(id: &str, sources: &[Source], notes: &[Text], lang: Lang) -> Html {
    if sources.is_empty() && notes.is_empty() {
        return html! {};
    }
    let code = lang.code();
    html! {
        <details class="sources" id={id.to_string()}>
            <summary>{ lang.f(S::SourcesCount, &[&sources.len()]) }</summary>
            if !sources.is_empty() {
                <ul>
                    { for sources.iter().map(|s| html! {
                        <li lang="en"><a href={s.url.clone()} target="_blank" rel="noopener noreferrer">{ &s.title }</a></li>
                    }) }
                </ul>
            }
            { for notes.iter().map(|n| html! {
                <p class="small"><span class="badge">{ lang.t(S::Modelled) }</span>{ " " }{ n.get(code) }</p>
            }) }
        </details>
    }
}
