//! A code text area with line numbers: the policy editors and the lesson's JSON editors.
//! The area grows with its text (no inner vertical scrolling), so the number column stays
//! beside its lines; long lines scroll sideways inside the area. A line can carry a mark
//! (the AWS name of the field written on it, shown on hover) and the line of an error is
//! highlighted.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CodeAreaProps {
    /// The text area's id (labels and tests find it by this).
    pub id: AttrValue,
    pub text: String,
    /// The text is not accepted (red border, `aria-invalid`).
    #[prop_or_default]
    pub invalid: bool,
    /// The id of the element that describes the text's state.
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
    /// Fewest rows shown.
    #[prop_or(8)]
    pub min_rows: usize,
    /// 1-based lines with a note shown on hover beside the number.
    #[prop_or_default]
    pub marks: Vec<(usize, String)>,
    /// The 1-based line of an error.
    #[prop_or_default]
    pub error_line: Option<usize>,
    pub oninput: Callback<InputEvent>,
}

#[function_component(CodeArea)]
pub fn code_area(props: &CodeAreaProps) -> Html {
    let lines = props.text.split('\n').count();
    let rows = lines.max(props.min_rows) + 1;
    let numbers = (1..=lines.max(1)).map(|n| {
        let mark = props.marks.iter().find(|(line, _)| *line == n);
        let class = classes!(
            "ln",
            mark.is_some().then_some("marked"),
            (props.error_line == Some(n)).then_some("error")
        );
        html! { <span {class} title={mark.map(|(_, m)| m.clone())}>{ n }</span> }
    });
    html! {
        <div class={classes!("code-area", props.invalid.then_some("invalid"))}>
            <pre class="gutter" aria-hidden="true">{ for numbers }</pre>
            <textarea id={props.id.clone()} class="code" spellcheck="false" wrap="off" rows={rows.to_string()}
                value={props.text.clone()} aria-invalid={props.invalid.to_string()}
                aria-describedby={props.described_by.clone()} oninput={props.oninput.clone()} />
        </div>
    }
}
