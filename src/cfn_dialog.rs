//! CloudFormation in the page: *Import CloudFormation* (a multi-file picker, or template
//! files dropped anywhere on the page) and *Export CloudFormation* (a YAML download). The
//! engine (`envelope_lab::cfn`) does the work; this component reads the files, applies the
//! result as one undoable edit, and shows what the import filled in, does not simulate and
//! ignores, in the UI language. A failed import leaves the learner's scenario as it was and
//! says where the problem is.

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::i18n::{Lang, T};
use super::state::{Action, Notice};
use super::web;
use super::Ctx;
use envelope_lab::cfn::{self, FunctionCode, Notice as CfnNotice, NoticeKind, Options, Upload};
use envelope_lab::sim::scenario::Scenario;
use envelope_lab::text::Text;

/// What the last import did, shown until the learner closes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// One line: files in, what came out.
    pub summary: Text,
    /// Defaults, not simulated, ignored.
    pub notices: Vec<CfnNotice>,
    /// Inline function code (shown, never run).
    pub code: Vec<FunctionCode>,
}

/// Imports read files: the scenario document and the report, or a located error (the
/// caller keeps the current scenario).
pub fn import_files(files: Vec<(String, Result<String, String>)>) -> Result<(Value, Report), Text> {
    let mut uploads = Vec::with_capacity(files.len());
    for (name, text) in files {
        match text {
            Ok(text) => uploads.push(Upload { name, text }),
            Err(e) => {
                return Err(Text::new(
                    format!("{name} could not be read: {e}"),
                    format!("{name} を読み込めませんでした: {e}"),
                ))
            }
        }
    }
    let n = uploads.len();
    let out = cfn::import(&uploads, &Options::default()).map_err(|e| e.located())?;
    let s = &out.scenario;
    let doc = serde_json::to_value(s).map_err(|e| Text::new(e.to_string(), e.to_string()))?;
    let summary = Text::new(
        format!(
            "{n} template file(s) became {} key(s), {} role(s), {} stream(s), {} producer(s), {} delivery stream(s) and {} bucket(s). The import is one edit: Undo brings your previous scenario back.",
            s.keys.len(), s.roles.len(), s.streams.len(), s.producers.len(), s.delivery_streams.len(), s.buckets.len()
        ),
        format!(
            "{n} 個のテンプレートファイルから、キー {} 個、ロール {} 個、ストリーム {} 個、プロデューサー {} 個、Firehose ストリーム {} 個、バケット {} 個を作成しました。インポートは 1 つの編集です。元に戻すと以前のシナリオに戻ります。",
            s.keys.len(), s.roles.len(), s.streams.len(), s.producers.len(), s.delivery_streams.len(), s.buckets.len()
        ),
    );
    Ok((
        doc,
        Report {
            summary,
            notices: out.notices,
            code: out.code,
        },
    ))
}

/// The current scenario as a CloudFormation template.
pub fn export_template(doc: &Value) -> Result<String, Text> {
    let s = Scenario::from_json(&doc.to_string()).map_err(|e| e.located())?;
    Ok(cfn::export(&s))
}

#[function_component(CfnButtons)]
pub fn cfn_buttons() -> Html {
    let report = use_state(|| None::<Report>);
    let reader: Rc<RefCell<Option<web::Guard>>> = use_mut_ref(|| None);
    let drop_guard: Rc<RefCell<Option<web::Guard>>> = use_mut_ref(|| None);
    let ctx = use_context::<Ctx>();
    let state = ctx.as_ref().map(|c| c.state.clone());

    let on_read = {
        let state = state.clone();
        let report = report.clone();
        Callback::from(move |files: Vec<(String, Result<String, String>)>| {
            let Some(state) = state.clone() else { return };
            match import_files(files) {
                Ok((doc, r)) => {
                    state.dispatch(Action::ReplaceScenario {
                        scenario: doc,
                        label: "import".into(),
                    });
                    state.dispatch(Action::Notify(Notice::Imported));
                    report.set(Some(r));
                }
                Err(e) => state.dispatch(Action::Notify(Notice::ImportFailed(e))),
            }
        })
    };
    {
        let on_read = on_read.clone();
        let reader = reader.clone();
        use_effect_with((), move |_| {
            let read = Callback::from(move |files: web_sys::FileList| {
                *reader.borrow_mut() = web::read_files(files, on_read.clone());
            });
            *drop_guard.borrow_mut() = web::on_file_drop(read);
            move || drop(drop_guard.borrow_mut().take())
        });
    }
    let Some(state) = state else { return html! {} };
    let lang = state.lang;
    let on_pick = {
        let reader = reader.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(files) = input.files() {
                *reader.borrow_mut() = web::read_files(files, on_read.clone());
            }
            input.set_value("");
        })
    };
    let on_export = {
        let state = state.clone();
        Callback::from(
            move |_: MouseEvent| match export_template(&state.scenario) {
                Ok(yaml) => {
                    web::download_as("envelope-lab-template.yaml", "application/yaml", &yaml)
                }
                Err(e) => state.dispatch(Action::Notify(Notice::EngineError(e))),
            },
        )
    };
    let hint = lang.t(T::ImportCfnHint);
    html! {
        <>
            <label class="btn small file-label" for="cfn-import-input" title={hint}>{ lang.t(T::ImportCfn) }</label>
            <input type="file" id="cfn-import-input" class="visually-hidden" multiple=true accept=".yaml,.yml,.json,.template,.txt" aria-describedby="cfn-import-hint" onchange={on_pick} />
            <span id="cfn-import-hint" class="visually-hidden">{ hint }</span>
            <button type="button" class="btn small" id="cfn-export-button" onclick={on_export}>{ lang.t(T::ExportCfn) }</button>
            if let Some(r) = (*report).clone() {
                <ReportDialog report={r} {lang} on_close={Callback::from(move |_| report.set(None))} />
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ReportProps {
    pub report: Report,
    pub lang: Lang,
    pub on_close: Callback<()>,
}

/// The import's report: a dialog over the page, closed with its button or Escape.
#[function_component(ReportDialog)]
pub fn report_dialog(p: &ReportProps) -> Html {
    let lang = p.lang;
    let close = {
        let on_close = p.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let on_key = {
        let on_close = p.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_close.emit(());
            }
        })
    };
    let group = |kind: NoticeKind| {
        let items: Vec<&CfnNotice> = p.report.notices.iter().filter(|n| n.kind == kind).collect();
        if items.is_empty() {
            return html! {};
        }
        html! {
            <details class={classes!("cfn-group", format!("cfn-{}", kind_code(kind)))} open={kind == NoticeKind::NotSimulated}>
                <summary>{ format!("{} ({})", kind.title().get(lang.code()), items.len()) }</summary>
                <ul class="cfn-notices">
                    { for items.iter().map(|n| html! { <li class="small">{ n.located().get(lang.code()).to_string() }</li> }) }
                </ul>
            </details>
        }
    };
    html! {
        <div class="cfn-backdrop">
            <section class="cfn-dialog" role="dialog" aria-modal="true" aria-labelledby="cfn-title" onkeydown={on_key}>
                <h2 id="cfn-title">{ lang.t(T::CfnImported) }</h2>
                <p>{ p.report.summary.get(lang.code()).to_string() }</p>
                { group(NoticeKind::NotSimulated) }
                { group(NoticeKind::Default) }
                { group(NoticeKind::Ignored) }
                { for p.report.code.iter().map(|c| html! {
                    <details class="cfn-group">
                        <summary>{ lang.f(T::CfnInlineCode, &[&c.function, &c.runtime]) }</summary>
                        <pre class="cfn-code">{ c.code.clone() }</pre>
                    </details>
                }) }
                <div class="cfn-actions">
                    <button type="button" class="btn" id="cfn-report-close" autofocus=true onclick={close}>{ lang.t(T::Close) }</button>
                </div>
            </section>
        </div>
    }
}

fn kind_code(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::Default => "default",
        NoticeKind::NotSimulated => "not-simulated",
        NoticeKind::Ignored => "ignored",
    }
}
