//! The sources of a lesson or a question: a small "Sources" disclosure listing the AWS pages
//! its facts come from (titles as AWS writes them), with its modelled notes when it has any.
//! A Japanese learner gets AWS's Japanese page and, where the lesson names it, its title
//! (an English title stays marked `lang="en"`).

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
                    { for sources.iter().map(|s| {
                        let (title, own) = s.title_in(code);
                        let title_lang = if own { code } else { "en" };
                        html! {
                            <li lang={title_lang}><a href={s.url_in(code)} target="_blank" rel="noopener noreferrer">{ title }</a></li>
                        }
                    }) }
                </ul>
            }
            { for notes.iter().map(|n| html! {
                <p class="small"><span class="badge">{ lang.t(S::Modelled) }</span>{ " " }{ n.get(code) }</p>
            }) }
        </details>
    }
}
