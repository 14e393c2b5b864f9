//! The lesson's editors: a policy editor (the UI's [`PolicyEditor`]) for policy documents and
//! a JSON editor for other scenario values (events, settings). Both number their lines; the
//! JSON editor names each field as AWS does (CloudFormation property or API parameter) and
//! places a scenario error on its own lines. Only a value the scenario accepts is applied,
//! as an undoable `Edit`; until then the text is kept as a draft and the simulation runs the
//! last accepted version. A change to a part of the scenario the lesson does not let the
//! learner change (its `editable` pointers, e.g. lesson 13's existing objects) is refused:
//! those parts are the lesson's premise and are read-only.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::strings::S;
use crate::state::{set_pointer, Action};
use crate::{error_context, CodeArea, Ctx, Lang, PolicyEditor, T};
use envelope_lab::lessons::{patch, scope, EditorSpec};
use envelope_lab::policy::{json, PolicyKind};
use envelope_lab::sim::fields::{annotate, aws_context, locate};
use envelope_lab::sim::scenario::policy_kind_at;
use envelope_lab::sim::Scenario;
use envelope_lab::text::Text;

fn is_policy(v: &Value) -> bool {
    v.get("Statement").is_some()
}

/// Why an editor's text is not applied: where in the text (when it is somewhere in it),
/// and why.
#[derive(Clone, Debug, PartialEq)]
struct Problem {
    at: Option<(usize, usize)>,
    path: String,
    message: Text,
}

/// Reads an editor's text as the value at `pointer` of `scenario`: the value, or the first
/// problem (JSON syntax, or what the scenario's validation says) placed on the text's lines.
fn check(
    text: &str,
    pointer: &str,
    scenario: &Value,
    editable: &[String],
) -> Result<Value, Problem> {
    json::parse(text).map_err(|e| Problem {
        at: Some((e.pos.line, e.pos.column)),
        path: String::new(),
        message: e.message,
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| Problem {
        at: Some((e.line(), e.column())),
        path: String::new(),
        message: envelope_lab::sim::scenario::json_error_text(&e),
    })?;
    let mut doc = scenario.clone();
    if !set_pointer(&mut doc, pointer, value.clone()) {
        return Err(Problem {
            at: None,
            path: pointer.to_string(),
            message: Text::new("cannot be set here", "ここには設定できません"),
        });
    }
    if let Some(first) = scope::outside(scenario, &doc, editable).into_iter().next() {
        // `locate` reads a dotted path (`buckets.0.existing_objects.0.sse`).
        let dotted = first.trim_start_matches('/').replace('/', ".");
        return Err(Problem {
            at: locate(pointer, text, &dotted).map(|p| (p.line, p.column)),
            path: first.clone(),
            message: Text::new(
                format!("read-only: {first} is part of the lesson's premise; change only {}", editable.join(", ")),
                format!("読み取り専用です。{first} はレッスンの前提なので変更できません。変更できるのは {} だけです", editable.join("、")),
            ),
        });
    }
    match Scenario::from_value(&doc) {
        Ok(_) => Ok(value),
        Err(e) => Err(Problem {
            at: locate(pointer, text, &e.path).map(|p| (p.line, p.column)),
            path: e.path,
            message: e.message,
        }),
    }
}

#[derive(Properties, PartialEq)]
pub struct LessonEditorProps {
    pub index: usize,
    pub spec: EditorSpec,
    pub lang: Lang,
    /// The pointers the lesson lets the learner change.
    pub editable: Rc<Vec<String>>,
}

/// One editor bound to a JSON pointer of the scenario.
#[function_component(LessonEditor)]
pub fn lesson_editor(props: &LessonEditorProps) -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = props.lang;
    let id = format!("lesson-editor-{}", props.index);
    let pointer = props.spec.pointer.clone();
    let value = patch::get(&ctx.state.scenario, &pointer)
        .cloned()
        .unwrap_or(Value::Null);
    let draft = ctx.state.drafts.get(&id).cloned();
    let label = props.spec.label.get(lang.code()).to_string();
    let on_valid = {
        let state = ctx.state.clone();
        let pointer = pointer.clone();
        let id = id.clone();
        let label = label.clone();
        Callback::from(move |v: Value| {
            state.dispatch(Action::Edit {
                pointer: pointer.clone(),
                value: v,
                label: label.clone(),
                coalesce: Some(id.clone()),
            })
        })
    };
    let on_draft = {
        let state = ctx.state.clone();
        let id = id.clone();
        Callback::from(move |text: Option<String>| {
            state.dispatch(Action::SetDraft {
                editor: id.clone(),
                text,
            })
        })
    };
    let context = aws_context(&pointer)
        .map(|c| html! { <p class="muted small aws-context">{ lang.f(S::InAws, &[&c]) }</p> });
    // The scenario says what kind of policy the pointer holds; another object with a
    // Statement is linted as an identity policy.
    let kind =
        policy_kind_at(&pointer).or_else(|| is_policy(&value).then_some(PolicyKind::Identity));
    if let Some(kind) = kind {
        return html! {
            <div class="lesson-editor">
                <PolicyEditor id={id} label={label} value={value} draft={draft} kind={kind} lang={lang}
                    on_draft={on_draft} on_valid={on_valid} rows={12} />
                { for context }
            </div>
        };
    }
    let text = draft.unwrap_or_else(|| {
        if value.is_null() {
            "[]".to_string()
        } else {
            serde_json::to_string_pretty(&value).unwrap_or_default()
        }
    });
    let props = JsonEditorProps {
        id: id.into(),
        label: label.into(),
        pointer: pointer.into(),
        text,
        scenario: ctx.state.scenario.clone(),
        editable: props.editable.clone(),
        lang,
        on_draft,
        on_valid,
    };
    html! {
        <div class="lesson-editor">
            <JsonEditor ..props />
            { for context }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct JsonEditorProps {
    id: AttrValue,
    label: AttrValue,
    pointer: AttrValue,
    text: String,
    scenario: Rc<Value>,
    editable: Rc<Vec<String>>,
    lang: Lang,
    on_draft: Callback<Option<String>>,
    on_valid: Callback<Value>,
}

/// A JSON value of the scenario that is not a policy: numbered lines, the AWS name of each
/// field, problems on the editor's own lines.
#[function_component(JsonEditor)]
fn json_editor(props: &JsonEditorProps) -> Html {
    let lang = props.lang;
    let checked = {
        let (text, pointer) = (props.text.clone(), props.pointer.to_string());
        let editable = props.editable.clone();
        use_memo(
            (props.text.clone(), props.scenario.clone()),
            move |(_, scenario)| check(&text, &pointer, scenario, &editable).err(),
        )
    };
    let names = {
        let (text, pointer) = (props.text.clone(), props.pointer.to_string());
        use_memo(props.text.clone(), move |_| annotate(&pointer, &text))
    };
    let oninput = {
        let (on_draft, on_valid) = (props.on_draft.clone(), props.on_valid.clone());
        let (pointer, scenario) = (props.pointer.to_string(), props.scenario.clone());
        let editable = props.editable.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            let text = area.value();
            on_draft.emit(Some(text.clone()));
            if let Ok(v) = check(&text, &pointer, &scenario, &editable) {
                on_valid.emit(v);
            }
        })
    };
    let status_id = format!("{}-status", props.id);
    let marks: Vec<(usize, String)> = names
        .iter()
        .map(|f| (f.line, format!("{} ↔ {}", f.field, f.aws)))
        .collect();
    let status = match &*checked {
        Some(p) => problem_html(p, &props.text, lang),
        None => html! { <p class="editor-ok">{ "✓ " }{ lang.t(T::EditorValid) }</p> },
    };
    html! {
        <div class="policy-editor json-editor">
            <label for={props.id.clone()} class="editor-label">{ &props.label }</label>
            <CodeArea id={props.id.clone()} text={props.text.clone()} invalid={checked.is_some()}
                described_by={AttrValue::from(status_id.clone())} min_rows={6} {marks}
                error_line={checked.as_ref().as_ref().and_then(|p| p.at).map(|(line, _)| line)} {oninput} />
            <div id={status_id} class="editor-status" aria-live="polite">{ status }</div>
            if !names.is_empty() {
                <details class="aws-names" open=true>
                    <summary>{ lang.t(S::AwsNames) }</summary>
                    <ul class="aws-names-list">
                        { for names.iter().map(|f| html! {
                            <li>
                                <span class="num" title={lang.t(S::ColLine)}>{ f.line }</span>
                                <code title={f.field.clone()}>{ f.field.rsplit(['.', ']']).next().unwrap_or(&f.field) }</code>
                                <span aria-hidden="true">{ " ↔ " }</span>
                                <code class="aws-name">{ breakable(f.aws) }</code>
                            </li>
                        }) }
                    </ul>
                </details>
            }
        </div>
    }
}

/// An AWS name that may wrap after its dots only (`BufferingHints.SizeInMBs`).
fn breakable(name: &str) -> Html {
    let parts: Vec<&str> = name.split('.').collect();
    let last = parts.len().saturating_sub(1);
    html! { <>{ for parts.iter().enumerate().map(|(i, p)| html! {
        <>{ *p }if i < last { { "." }<wbr /> }</>
    }) }</> }
}

/// A problem: at its line and column with the line itself and a caret, or at its path.
fn problem_html(p: &Problem, text: &str, lang: Lang) -> Html {
    let message = p.message.get(lang.code());
    let head = match p.at {
        Some((line, column)) => lang.f(T::ErrorAt, &[&line, &column, &message]),
        None => lang.f(T::ErrorAtPath, &[&p.path, &message]),
    };
    let context =
        p.at.and_then(|(line, column)| error_context(text, line, column));
    html! {
        <div class="editor-error" role="alert">
            <p>
                <strong>{ head }</strong>
                if p.at.is_some() && !p.path.is_empty() { <span class="muted">{ format!(" ({})", p.path) }</span> }
            </p>
            if let (Some((src, caret)), Some((line, _))) = (context, p.at) {
                <pre class="error-context"><code>{ format!("{line:>4} | {src}\n     | {caret}") }</code></pre>
            }
            <p class="muted small">{ lang.t(T::EditorInvalid) }</p>
        </div>
    }
}
