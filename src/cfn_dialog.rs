//! CloudFormation in the page: *Import CloudFormation* (a multi-file picker, or template
//! files dropped anywhere on the page) and *Export CloudFormation* (a YAML download). The
//! importer and exporter run in a Web Worker of their own (src/cfn_work.rs), started the
//! first time either is used, so the app's first download does not carry them. This
//! component reads the files, says while the importer loads and works, applies the result
//! as one undoable edit, and shows what the import filled in, does not simulate and
//! ignores, in the UI language. A failed import leaves the learner's scenario as it was and
//! says where the problem is.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use super::cfn_work::{Answer, Job};
use super::i18n::{Lang, T};
use super::runner;
use super::state::{Action, Notice};
use super::web;
use super::worker_link::{impl_answers, send, start, Link, Shared};
use super::Ctx;
use envelope_lab::cfn::{Declared, NoticeKind};
use envelope_lab::text::{fill, Catalogue, Text};

pub use super::cfn_work::Report;

/// Files as the page read them (kept to import again with other parameter values).
type Files = Vec<(String, Result<String, String>)>;
/// Parameter values by name.
pub type Values = BTreeMap<String, String>;
/// The account of each file, by position (empty: the account the template says, else the
/// scenario's).
pub type Accounts = Vec<String>;
/// One template per account: `(account, YAML)`.
type PerAccount = Vec<(String, String)>;

envelope_lab::catalogue! {
    /// The texts of the parameter form.
    pub enum P {
        Parameters => "Parameters", "パラメータ";
        Intro => "The root templates declare these parameters; the fields hold the values this import used. Change a value and import again.",
            "ルートテンプレートで宣言されているパラメータです。このインポートで使用した値が入力されています。値を変更して、もう一度インポートできます。";
        Needed => "CloudFormation import failed", "CloudFormation をインポートできませんでした";
        NeededIntro => "Give the parameter values and import again.", "パラメータの値を指定して、もう一度インポートしてください。";
        Reimport => "Import again with these values", "この値でもう一度インポート";
        Import => "Import", "インポート";
        Required => "required (no Default)", "必須 (Default なし)";
        Secret => "NoEcho: the value is not shown back", "NoEcho: 値は表示されません";
        Accounts => "Accounts", "アカウント";
        AccountsIntro => "Each file's stacks are created in its account: AWS::AccountId, the ARNs of what they create and their exports are that account's, and templates refer to another account's resources by ARN. The first file's account is the scenario's. A template exported per account says its own; leave a field empty to use it.",
            "各ファイルのスタックは、そのファイルのアカウントに作成されます。AWS::AccountId、作成されるリソースの ARN、エクスポートはそのアカウントのものになり、別アカウントのリソースは ARN で参照します。最初のファイルのアカウントがシナリオのアカウントです。アカウントごとにエクスポートしたテンプレートには自身のアカウントが記録されています。その値を使う場合は空欄のままにしてください。";
        AccountHint => "12 digits", "12 桁の数字";
        ReimportAccounts => "Import again with these accounts", "このアカウントでもう一度インポート";
        ExportTitle => "Export CloudFormation: one template per account", "CloudFormation のエクスポート: アカウントごとのテンプレート";
        ExportIntro => "This scenario spans several accounts. Deploy each account's template in that account; each holds only its account's resources and names the others by ARN. The scenario's own account's template also carries the organization (its SCPs and RCPs are no resource of a member account's stack) and the simulation's settings. Import them back together, that one first.",
            "このシナリオは複数のアカウントにまたがっています。各アカウントのテンプレートはそのアカウントにデプロイしてください。各テンプレートには自分のアカウントのリソースだけが含まれ、他のアカウントのリソースは ARN で参照します。シナリオ自身のアカウントのテンプレートには、組織 (SCP と RCP はメンバーアカウントのスタックのリソースではありません) とシミュレーションの設定も含まれます。インポートし直すときは、このテンプレートを先頭にしてまとめてインポートしてください。";
        ExportAccount => "Account {0}", "アカウント {0}";
        ExportScenarioAccount => "Account {0} (the scenario's)", "アカウント {0} (シナリオのアカウント)";
        ExportAll => "One template with every account", "すべてのアカウントを含む 1 つのテンプレート";
    }
}

impl P {
    fn t(self, lang: Lang) -> &'static str {
        let (en, ja) = self.pair();
        match lang {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }
}

/// The worker's loader on the served site (index.html copies it next to the app), and the
/// data block that carries the whole worker in the single-file build (scripts/bundle.mjs).
const WORKER_SCRIPT: &str = "cfn-worker.js";
const WORKER_BLOCK: &str = "envelope-lab-cfn-worker";

/// The page's side of the worker: started on first use (pointing at or focusing the
/// buttons starts it early) and then kept.
type Importer = Link<Answer>;

fn importer() -> Importer {
    Link::new(WORKER_SCRIPT, WORKER_BLOCK, |why| {
        T::CfnUnavailable.text().map(|t, _| fill(t, &[&why]))
    })
}

impl_answers!(Answer, |id, error| Answer::Failed {
    id,
    error,
    parameters: vec![],
});

/// What the import dialog shows while the worker loads and works.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Busy {
    /// Starting the worker, with this many files to import.
    Loading(usize),
    /// The worker is importing this many files.
    Importing(usize),
}

#[function_component(CfnButtons)]
pub fn cfn_buttons() -> Html {
    let report = use_state(|| None::<Report>);
    let busy = use_state(|| None::<Busy>);
    let exporting = use_state(|| false);
    let importer: Shared<Answer> = use_mut_ref(importer);
    // The import the dialog waits for; a new import or Cancel moves it on, and the answers
    // of earlier ones are then ignored.
    let ticket: Rc<RefCell<u32>> = use_mut_ref(|| 0);
    let reader: Rc<RefCell<Option<web::Guard>>> = use_mut_ref(|| None);
    let drop_guard: Rc<RefCell<Option<web::Guard>>> = use_mut_ref(|| None);
    let ctx = use_context::<Ctx>();
    let state = ctx.as_ref().map(|c| c.state.clone());

    // The last files read and the values they were imported with; `ask` is a failed
    // import that needs parameter values (the form, with the error).
    let last: Rc<RefCell<(Files, Values, Accounts)>> = use_mut_ref(Default::default);
    // A scenario of several accounts: the templates the export dialog offers.
    let per_account = use_state(|| None::<(String, PerAccount)>);
    let ask = use_state(|| None::<(Text, Vec<Declared>)>);

    let import_with = {
        let state = state.clone();
        let (report, busy, ask) = (report.clone(), busy.clone(), ask.clone());
        let (importer, ticket, last) = (importer.clone(), ticket.clone(), last.clone());
        Callback::from(
            move |(mine, files, values, accounts): (u32, Files, Values, Accounts)| {
                let Some(state) = state.clone() else { return };
                if *ticket.borrow() != mine {
                    return;
                }
                let n = files.len();
                *last.borrow_mut() = (files.clone(), values.clone(), accounts.clone());
                let on_answer = {
                    let (busy, report, ticket, ask) =
                        (busy.clone(), report.clone(), ticket.clone(), ask.clone());
                    Callback::from(move |answer: Answer| {
                        if *ticket.borrow() != mine {
                            return;
                        }
                        match answer {
                            Answer::Ready => busy.set(Some(Busy::Importing(n))),
                            Answer::Imported {
                                scenario,
                                report: r,
                                ..
                            } => {
                                busy.set(None);
                                ask.set(None);
                                state.dispatch(Action::ReplaceScenario {
                                    scenario,
                                    label: "import".into(),
                                });
                                state.dispatch(Action::Notify(Notice::Imported));
                                report.set(Some(r));
                            }
                            Answer::Failed {
                                error, parameters, ..
                            } => {
                                busy.set(None);
                                if !parameters.is_empty() {
                                    ask.set(Some((error.clone(), parameters)));
                                }
                                state.dispatch(Action::Notify(Notice::ImportFailed(error)));
                            }
                            _ => {}
                        }
                    })
                };
                let job = |id| Job::Import {
                    id,
                    files,
                    params: values,
                    accounts,
                };
                send(&importer, job, on_answer);
            },
        )
    };
    // A new import: a new ticket, the dialog says it is loading or working.
    let begin = {
        let (busy, ticket, importer) = (busy.clone(), ticket.clone(), importer.clone());
        move |n: usize| -> u32 {
            let mine = {
                let mut t = ticket.borrow_mut();
                *t += 1;
                *t
            };
            let ready = importer.borrow().is_ready();
            busy.set(Some(if ready {
                Busy::Importing(n)
            } else {
                Busy::Loading(n)
            }));
            start(&importer);
            mine
        }
    };
    let on_files = {
        let (import_with, reader, begin) = (import_with.clone(), reader.clone(), begin.clone());
        let has_state = state.is_some();
        Callback::from(move |files: web_sys::FileList| {
            if !has_state {
                return;
            }
            let mine = begin(files.length() as usize);
            let import_with = import_with.clone();
            let read = Callback::from(move |files: Files| {
                import_with.emit((mine, files, Values::new(), Accounts::new()));
            });
            *reader.borrow_mut() = web::read_files(files, read);
        })
    };
    let reimport = {
        let (import_with, last, ask, report) = (
            import_with.clone(),
            last.clone(),
            ask.clone(),
            report.clone(),
        );
        let begin = begin.clone();
        Callback::from(move |values: Values| {
            let (files, _, accounts) = last.borrow().clone();
            if files.is_empty() {
                return;
            }
            ask.set(None);
            report.set(None);
            let mine = begin(files.len());
            import_with.emit((mine, files, values, accounts));
        })
    };
    // The same files again, each in the account the learner gave.
    let reaccount = {
        let (import_with, last, report) = (import_with.clone(), last.clone(), report.clone());
        Callback::from(move |accounts: Accounts| {
            let (files, values, _) = last.borrow().clone();
            if files.is_empty() {
                return;
            }
            report.set(None);
            let mine = begin(files.len());
            import_with.emit((mine, files, values, accounts));
        })
    };
    {
        let on_files = on_files.clone();
        use_effect_with((), move |_| {
            *drop_guard.borrow_mut() = web::on_file_drop(on_files);
            move || drop(drop_guard.borrow_mut().take())
        });
    }
    let Some(state) = state else { return html! {} };
    let lang = state.lang;
    let on_pick = Callback::from(move |e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        if let Some(files) = input.files() {
            if files.length() > 0 {
                on_files.emit(files);
            }
        }
        input.set_value("");
    });
    let on_export = {
        let (state, importer, exporting) = (state.clone(), importer.clone(), exporting.clone());
        let per_account = per_account.clone();
        Callback::from(move |_: MouseEvent| {
            if *exporting {
                return;
            }
            // A scenario the simulation refuses is explained here, located, without the worker.
            if let Err(e) = runner::validate(&state.scenario) {
                state.dispatch(Action::Notify(Notice::ExportFailed(e.located())));
                return;
            }
            exporting.set(true);
            let (state2, exporting) = (state.clone(), exporting.clone());
            let per_account = per_account.clone();
            let done = Callback::from(move |answer: Answer| match answer {
                // Several accounts: the dialog offers each account's template.
                Answer::Exported { yaml, accounts, .. } if !accounts.is_empty() => {
                    exporting.set(false);
                    per_account.set(Some((yaml, accounts)));
                }
                Answer::Exported { yaml, .. } => {
                    exporting.set(false);
                    web::download_as("envelope-lab-template.yaml", "application/yaml", &yaml);
                }
                Answer::Failed { error, .. } => {
                    exporting.set(false);
                    state2.dispatch(Action::Notify(Notice::ExportFailed(error)));
                }
                _ => {}
            });
            let scenario = (*state.scenario).clone();
            send(&importer, |id| Job::Export { id, scenario }, done);
        })
    };
    let warm = {
        let importer = importer.clone();
        move || {
            let importer = importer.clone();
            Callback::from(move |_: web_sys::Event| start(&importer))
        }
    };
    let warm_pointer = {
        let warm = warm();
        Callback::from(move |e: PointerEvent| warm.emit(e.into()))
    };
    let warm_focus = {
        let warm = warm();
        Callback::from(move |e: FocusEvent| warm.emit(e.into()))
    };
    let cancel = {
        let (busy, ticket) = (busy.clone(), ticket.clone());
        Callback::from(move |_: ()| {
            *ticket.borrow_mut() += 1;
            busy.set(None);
        })
    };
    let hint = lang.t(T::ImportCfnHint);
    let export_label = if *exporting {
        T::CfnExporting
    } else {
        T::ExportCfn
    };
    html! {
        <>
            <label class="btn small file-label" for="cfn-import-input" title={hint} onpointerenter={warm_pointer.clone()}>{ lang.t(T::ImportCfn) }</label>
            <input type="file" id="cfn-import-input" class="visually-hidden" multiple=true accept=".yaml,.yml,.json,.template,.txt" aria-describedby="cfn-import-hint" onchange={on_pick} onfocus={warm_focus.clone()} />
            <span id="cfn-import-hint" class="visually-hidden">{ hint }</span>
            <button type="button" class="btn small" id="cfn-export-button" onclick={on_export} onpointerenter={warm_pointer} onfocus={warm_focus} aria-busy={exporting.to_string()}>{ lang.t(export_label) }</button>
            if let Some(b) = *busy {
                <BusyDialog busy={b} {lang} on_cancel={cancel} />
            }
            if let Some(r) = (*report).clone() {
                <ReportDialog report={r} {lang} values={last.borrow().1.clone()} on_reimport={reimport.clone()} on_accounts={reaccount} on_close={Callback::from(move |_| report.set(None))} />
            }
            if let Some((all, templates)) = (*per_account).clone() {
                <ExportDialog {all} {templates} {lang} on_close={Callback::from(move |_| per_account.set(None))} />
            }
            if let Some((error, parameters)) = (*ask).clone() {
                <AskDialog {error} {parameters} {lang} values={last.borrow().1.clone()} on_submit={reimport} on_close={Callback::from(move |_| ask.set(None))} />
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct BusyProps {
    busy: Busy,
    lang: Lang,
    on_cancel: Callback<()>,
}

/// While the importer loads and works: what it is doing, and Cancel (or Escape), which
/// leaves the scenario as it is.
#[function_component(BusyDialog)]
fn busy_dialog(p: &BusyProps) -> Html {
    let lang = p.lang;
    let cancel = {
        let on_cancel = p.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on_cancel.emit(()))
    };
    let (dialog, on_key) = crate::dialog::use_dialog(p.on_cancel.clone());
    let (status, loading) = match p.busy {
        Busy::Loading(_) => (lang.t(T::CfnLoading).to_string(), true),
        Busy::Importing(n) => (lang.f(T::CfnReading, &[&n]), false),
    };
    html! {
        <div class="cfn-backdrop">
            <section class="cfn-dialog cfn-busy" role="dialog" aria-modal="true" aria-labelledby="cfn-busy-title" aria-busy="true" ref={dialog} onkeydown={on_key}>
                <h2 id="cfn-busy-title">{ lang.t(T::CfnImporting) }</h2>
                <p id="cfn-status" role="status" data-phase={if loading { "loading" } else { "importing" }}>{ status }</p>
                <progress class="cfn-progress" aria-labelledby="cfn-status"></progress>
                if loading {
                    <p class="small muted">{ lang.t(T::CfnLoadingWhy) }</p>
                }
                <div class="cfn-actions">
                    <button type="button" class="btn" id="cfn-cancel" autofocus=true onclick={cancel}>{ lang.t(T::Cancel) }</button>
                </div>
            </section>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ReportProps {
    pub report: Report,
    pub lang: Lang,
    pub on_close: Callback<()>,
    /// The values this import used (the form starts from them).
    #[prop_or_default]
    pub values: Values,
    /// Import the same files again with other parameter values.
    #[prop_or_default]
    pub on_reimport: Callback<Values>,
    /// Import the same files again, each in the account given.
    #[prop_or_default]
    pub on_accounts: Callback<Accounts>,
}

/// The import's report: a dialog over the page, closed with its button or Escape.
#[function_component(ReportDialog)]
pub fn report_dialog(p: &ReportProps) -> Html {
    let lang = p.lang;
    let close = {
        let on_close = p.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let (dialog, on_key) = crate::dialog::use_dialog(p.on_close.clone());
    let group = |kind: NoticeKind| {
        let items: Vec<_> = p.report.notices.iter().filter(|n| n.kind == kind).collect();
        if items.is_empty() {
            return html! {};
        }
        html! {
            <details class={classes!("cfn-group", format!("cfn-{}", kind_code(kind)))} open={kind == NoticeKind::NotSimulated}>
                <summary>{ format!("{} ({})", kind.title().get(lang.code()), items.len()) }</summary>
                <ul class="cfn-notices">
                    { for items.iter().map(|n| html! { <li class="small">{ n.text.get(lang.code()).to_string() }</li> }) }
                </ul>
            </details>
        }
    };
    html! {
        <div class="cfn-backdrop">
            <section class="cfn-dialog" role="dialog" aria-modal="true" aria-labelledby="cfn-title" ref={dialog} onkeydown={on_key}>
                <h2 id="cfn-title">{ lang.t(T::CfnImported) }</h2>
                <p>{ p.report.summary.get(lang.code()).to_string() }</p>
                { group(NoticeKind::NotSimulated) }
                { group(NoticeKind::Default) }
                { group(NoticeKind::Ignored) }
                if !p.report.parameters.is_empty() {
                    <details class="cfn-group cfn-params-group">
                        <summary>{ format!("{} ({})", P::Parameters.t(lang), p.report.parameters.len()) }</summary>
                        <p class="small muted">{ P::Intro.t(lang) }</p>
                        <ParamForm parameters={p.report.parameters.clone()} values={p.values.clone()} {lang} submit={P::Reimport} on_submit={p.on_reimport.clone()} />
                    </details>
                }
                if p.report.accounts.len() > 1 {
                    <details class="cfn-group cfn-accounts-group">
                        <summary>{ format!("{} ({})", P::Accounts.t(lang), p.report.accounts.len()) }</summary>
                        <p class="small muted">{ P::AccountsIntro.t(lang) }</p>
                        <AccountForm files={p.report.accounts.clone()} {lang} on_submit={p.on_accounts.clone()} />
                    </details>
                }
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

#[derive(Properties, PartialEq)]
pub struct AskProps {
    /// Why the import failed (located, both languages).
    pub error: Text,
    pub parameters: Vec<Declared>,
    pub values: Values,
    pub lang: Lang,
    pub on_submit: Callback<Values>,
    pub on_close: Callback<()>,
}

/// An import that failed on a parameter: the error, and the form to import again.
#[function_component(AskDialog)]
pub fn ask_dialog(p: &AskProps) -> Html {
    let lang = p.lang;
    let (dialog, on_key) = crate::dialog::use_dialog(p.on_close.clone());
    use_effect_with((), |_| web::focus("cfn-param-0"));
    html! {
        <div class="cfn-backdrop">
            <section class="cfn-dialog cfn-ask" role="dialog" aria-modal="true" aria-labelledby="cfn-ask-title" aria-describedby="cfn-ask-error" ref={dialog} onkeydown={on_key}>
                <h2 id="cfn-ask-title">{ P::Needed.t(lang) }</h2>
                <p id="cfn-ask-error" class="cfn-error" role="alert">{ p.error.get(lang.code()).to_string() }</p>
                <p class="small muted">{ P::NeededIntro.t(lang) }</p>
                <ParamForm parameters={p.parameters.clone()} values={p.values.clone()} {lang} submit={P::Import} on_submit={p.on_submit.clone()} on_cancel={Some(p.on_close.clone())} />
            </section>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct FormProps {
    pub parameters: Vec<Declared>,
    /// Values given before (else each Default).
    pub values: Values,
    pub lang: Lang,
    /// The submit button's text.
    pub submit: P,
    pub on_submit: Callback<Values>,
    /// A Cancel button beside the submit button, when given.
    #[prop_or_default]
    pub on_cancel: Option<Callback<()>>,
}

/// One field per root parameter: a choice when the template lists AllowedValues, else a
/// text field, starting from the value given before or the Default; a parameter without
/// a Default is required.
#[function_component(ParamForm)]
pub fn param_form(p: &FormProps) -> Html {
    let lang = p.lang;
    let values = {
        let start: Values = p
            .parameters
            .iter()
            .filter_map(|d| {
                let v = p.values.get(&d.name).or(d.default.as_ref())?;
                Some((d.name.clone(), v.clone()))
            })
            .collect();
        use_state(move || start)
    };
    let on_submit = submit_values(&values, &p.on_submit);
    let field = |i: usize, d: &Declared| {
        let id = format!("cfn-param-{i}");
        let current = values.get(&d.name).cloned().unwrap_or_default();
        let set = {
            let (values, name) = (values.clone(), d.name.clone());
            move |v: String| {
                let mut m = (*values).clone();
                m.insert(name.clone(), v);
                values.set(m);
            }
        };
        let input = if d.allowed.is_empty() {
            let set = set.clone();
            let oninput = Callback::from(move |e: InputEvent| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                set(input.value());
            });
            let kind = if d.no_echo { "password" } else { "text" };
            html! { <input type={kind} id={id.clone()} name={d.name.clone()} value={current.clone()} required={d.default.is_none()} {oninput} /> }
        } else {
            let onchange = Callback::from(move |e: Event| {
                let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                set(select.value());
            });
            html! {
                <select id={id.clone()} name={d.name.clone()} {onchange}>
                    { for d.allowed.iter().map(|a| html! { <option value={a.clone()} selected={*a == current}>{ a.clone() }</option> }) }
                </select>
            }
        };
        let mut notes = vec![d.kind.clone()];
        if d.default.is_none() {
            notes.push(P::Required.t(lang).to_string());
        }
        if d.no_echo {
            notes.push(P::Secret.t(lang).to_string());
        }
        html! {
            <div class="cfn-param">
                <label for={id}><code>{ d.name.clone() }</code>{ format!(" ({})", notes.join(if lang == Lang::Ja { "、" } else { ", " })) }</label>
                { input }
                if let Some(desc) = &d.description {
                    <span class="small muted">{ desc.clone() }</span>
                }
            </div>
        }
    };
    html! {
        <form class="cfn-params" onsubmit={on_submit}>
            { for p.parameters.iter().enumerate().map(|(i, d)| field(i, d)) }
            <div class="cfn-actions">
                if let Some(cancel) = p.on_cancel.clone() {
                    <button type="button" class="btn" id="cfn-ask-close" onclick={Callback::from(move |_: MouseEvent| cancel.emit(()))}>{ lang.t(T::Cancel) }</button>
                }
                <button type="submit" class="btn primary" id="cfn-params-submit">{ p.submit.t(lang) }</button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct AccountFormProps {
    /// Each file and the account the import used.
    pub files: Vec<(String, String)>,
    pub lang: Lang,
    pub on_submit: Callback<Accounts>,
}

/// One account id field per file, starting from the account the import used.
#[function_component(AccountForm)]
pub fn account_form(p: &AccountFormProps) -> Html {
    let lang = p.lang;
    let values = {
        let start: Accounts = p.files.iter().map(|(_, a)| a.clone()).collect();
        use_state(move || start)
    };
    let on_submit = submit_values(&values, &p.on_submit);
    let field = |i: usize, file: &str| {
        let id = format!("cfn-account-{i}");
        let current = values.get(i).cloned().unwrap_or_default();
        let oninput = {
            let values = values.clone();
            Callback::from(move |e: InputEvent| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                let mut v = (*values).clone();
                if let Some(slot) = v.get_mut(i) {
                    *slot = input.value();
                }
                values.set(v);
            })
        };
        html! {
            <div class="cfn-param">
                <label for={id.clone()}><code>{ file.to_string() }</code>{ format!(" ({})", P::AccountHint.t(lang)) }</label>
                <input type="text" id={id} name={format!("account-{i}")} inputmode="numeric" pattern="[0-9]{12}" maxlength="12" value={current} {oninput} />
            </div>
        }
    };
    html! {
        <form class="cfn-params cfn-accounts" onsubmit={on_submit}>
            { for p.files.iter().enumerate().map(|(i, (f, _))| field(i, f)) }
            <div class="cfn-actions">
                <button type="submit" class="btn primary" id="cfn-accounts-submit">{ P::ReimportAccounts.t(lang) }</button>
            </div>
        </form>
    }
}

/// A form's submit: the page stays, `done` hears the form's current values.
fn submit_values<V: Clone + 'static>(
    values: &UseStateHandle<V>,
    done: &Callback<V>,
) -> Callback<SubmitEvent> {
    let (values, done) = (values.clone(), done.clone());
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        done.emit((*values).clone());
    })
}

#[derive(Properties, PartialEq)]
pub struct ExportProps {
    /// The one template with every account.
    pub all: String,
    /// One template per account, the scenario's own first.
    pub templates: Vec<(String, String)>,
    pub lang: Lang,
    pub on_close: Callback<()>,
}

/// The export of a scenario of several accounts: one download per account, and the one
/// template with every account.
#[function_component(ExportDialog)]
pub fn export_dialog(p: &ExportProps) -> Html {
    let lang = p.lang;
    let (dialog, on_key) = crate::dialog::use_dialog(p.on_close.clone());
    let close = {
        let on_close = p.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let button = |i: usize, account: &str, yaml: &str| {
        let (account, yaml) = (account.to_string(), yaml.to_string());
        let label = match i {
            0 => P::ExportScenarioAccount,
            _ => P::ExportAccount,
        };
        let text = fill(label.t(lang), &[&account]);
        let onclick = Callback::from(move |_: MouseEvent| {
            let name = format!("envelope-lab-{account}.yaml");
            web::download_as(&name, "application/yaml", &yaml);
        });
        html! { <li><button type="button" class="btn" id={format!("cfn-export-account-{i}")} {onclick}>{ text }</button></li> }
    };
    let all = {
        let yaml = p.all.clone();
        Callback::from(move |_: MouseEvent| {
            web::download_as("envelope-lab-template.yaml", "application/yaml", &yaml);
        })
    };
    html! {
        <div class="cfn-backdrop">
            <section class="cfn-dialog cfn-export" role="dialog" aria-modal="true" aria-labelledby="cfn-export-title" ref={dialog} onkeydown={on_key}>
                <h2 id="cfn-export-title">{ P::ExportTitle.t(lang) }</h2>
                <p class="small">{ P::ExportIntro.t(lang) }</p>
                <ul class="cfn-export-list">
                    { for p.templates.iter().enumerate().map(|(i, (a, y))| button(i, a, y)) }
                </ul>
                <div class="cfn-actions">
                    <button type="button" class="btn" id="cfn-export-all" onclick={all}>{ P::ExportAll.t(lang) }</button>
                    <button type="button" class="btn primary" id="cfn-export-close" autofocus=true onclick={close}>{ lang.t(T::Close) }</button>
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
