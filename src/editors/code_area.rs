//! A code text area with line numbers: the policy editors and the lesson's JSON editors.
//! The area grows with its text (no inner vertical scrolling), so the number column stays
//! beside its lines; long lines scroll sideways inside the area. A line can carry a mark
//! (the AWS name of the field written on it, shown on hover) and the line of an error is
//! highlighted. The lines of a statement a fix adds ("Show me") can be highlighted too, in
//! the number column and behind the text, and brought into view.

use yew::prelude::*;

use envelope_lab::policy::json::{self, Node, Value as JsonValue};

/// The last line any part of `node` is on.
fn last_line(node: &Node) -> usize {
    match &node.value {
        JsonValue::Object(members) => members
            .iter()
            .map(|m| m.key_pos.line.max(last_line(&m.value)))
            .max()
            .unwrap_or(node.pos.line),
        JsonValue::Array(items) => items.iter().map(last_line).max().unwrap_or(node.pos.line),
        _ => node.pos.line,
    }
}

/// The lines (1-based, inclusive) of the value at JSON `pointer` in `text`, as the engine's
/// JSON reader locates it; a non-empty object or array also covers the line of its closing
/// bracket when that line holds nothing else (pretty-printed text).
pub fn pointer_lines(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let root = json::parse(text).ok()?;
    let mut node = &root;
    for token in envelope_lab::patch::tokens(pointer).ok()? {
        node = match &node.value {
            JsonValue::Object(members) => &members.iter().rev().find(|m| m.key == token)?.value,
            JsonValue::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    let mut last = last_line(node);
    let container = matches!(&node.value, JsonValue::Object(m) if !m.is_empty())
        || matches!(&node.value, JsonValue::Array(a) if !a.is_empty());
    let closing = text.lines().nth(last).map(str::trim);
    if container && matches!(closing, Some(c) if c.starts_with(['}', ']']) && c.len() <= 2) {
        last += 1;
    }
    Some((node.pos.line, last))
}

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
    /// 1-based first and last line of a statement to highlight (a fix's "Show me").
    #[prop_or_default]
    pub highlight: Option<(usize, usize)>,
    /// Shown, not editable (a fix's preview before it is applied).
    #[prop_or_default]
    pub readonly: bool,
    #[prop_or_default]
    pub oninput: Callback<InputEvent>,
}

#[function_component(CodeArea)]
pub fn code_area(props: &CodeAreaProps) -> Html {
    let lines = props.text.split('\n').count();
    let rows = lines.max(props.min_rows) + 1;
    let frame = use_node_ref();
    {
        // Bring the highlighted statement into view when it changes.
        let frame = frame.clone();
        use_effect_with(props.highlight, move |h| {
            if h.is_some() {
                if let Some(el) = frame.cast::<web_sys::Element>() {
                    crate::web::reveal_in(&el, ".ln.added");
                }
            }
        });
    }
    let added = |n: usize| props.highlight.is_some_and(|(a, b)| (a..=b).contains(&n));
    let numbers = (1..=lines.max(1)).map(|n| {
        let mark = props.marks.iter().find(|(line, _)| *line == n);
        let class = classes!(
            "ln",
            mark.is_some().then_some("marked"),
            (props.error_line == Some(n)).then_some("error"),
            added(n).then_some("added")
        );
        html! { <span {class} title={mark.map(|(_, m)| m.clone())}>{ n }</span> }
    });
    // Bands behind the text, one per line (the text area is transparent and as tall as its
    // text, so band n sits behind line n): the error's line and the highlighted lines.
    let bands = (1..=lines.max(1)).map(|n| {
        let class = if props.error_line == Some(n) {
            Some("error")
        } else {
            added(n).then_some("added")
        };
        html! { <span class={classes!("band", class)}></span> }
    });
    html! {
        <div class={classes!("code-area", props.invalid.then_some("invalid"), props.readonly.then_some("readonly"))} ref={frame}>
            <pre class="gutter" aria-hidden="true">{ for numbers }</pre>
            <div class="code-body">
                if props.highlight.is_some() || props.error_line.is_some() {
                    <div class="bands" aria-hidden="true">{ for bands }</div>
                }
                <textarea id={props.id.clone()} class="code" spellcheck="false" wrap="off" rows={rows.to_string()}
                    value={props.text.clone()} aria-invalid={props.invalid.to_string()} readonly={props.readonly}
                    aria-describedby={props.described_by.clone()} oninput={props.oninput.clone()} />
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_a_statement() {
        let doc = serde_json::json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "kms:*", "Resource": "*"},
            {"Sid": "New", "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": "*"}
        ]});
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let (a, b) = pointer_lines(&text, "/Statement/1").unwrap();
        let shown: Vec<&str> = text.lines().skip(a - 1).take(b - a + 1).collect();
        assert_eq!(shown.first().map(|l| l.trim()), Some("{"));
        assert_eq!(shown.last().map(|l| l.trim()), Some("}"));
        assert!(shown.iter().any(|l| l.contains("\"New\"")));
        assert!(!shown.iter().any(|l| l.contains("kms:*")));
        let version = text
            .lines()
            .position(|l| l.contains("\"Version\""))
            .map(|i| i + 1);
        assert_eq!(pointer_lines(&text, "/Version"), version.map(|v| (v, v)));
        assert_eq!(pointer_lines(&text, "/Statement/9"), None);
        assert_eq!(pointer_lines("{ broken", ""), None);
    }
}
