//! The evaluation path (the engine's `policy::evaluation_path`) as jobs of the policy tools
//! worker: the path of a row of the sandbox's run (`Job::EvalPath`, the Authorization tab)
//! and the path and the conditions that protect nothing of a playground request
//! (`Job::PlaygroundPath`). The path evaluates the request again without each statement in
//! turn and carries its own sentences (every stage's label and note in both languages), so
//! neither its code nor its words need to be in the app's Wasm: the app keeps the decision
//! (`explain`, which the simulation needs anyway) and draws the path from the worker's
//! answer when it comes.
//!
//! The answer is JSON the app keeps as a `serde_json::Value` and reads through
//! [`PathPanel`]'s methods, as `PlaintextPanel` does: a derived decoder of the path's types
//! would cost the app more code than it saves (docs/SIZE.md, step 8). Everything the view
//! draws is decided here (a stage's class and glyph, a statement's badge class), so the app
//! matches on none of the engine's path types.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use envelope_lab::policy::cli::parse_eval_input;
use envelope_lab::policy::{
    evaluation_path, shadowed_conditions, EvaluationPath, StageOutcome, StatementRole,
};
use envelope_lab::text::Text;

use super::{text_of, with_last_run};

/// An evaluation path as the worker sends it (see the module's comment).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathPanel(pub Value);

/// One stage of the path as the view draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct StageRow {
    /// The engine's stage name (`IdentityPolicies`), for `data-stage`.
    pub stage: String,
    /// The outcome's class: `denied`, `allowed`, `passed`, `na`, `not-reached`.
    pub class: String,
    /// The outcome's shape, so it is not told by colour alone.
    pub glyph: String,
    /// What the stage said, in words.
    pub outcome: Text,
    /// The decision was made here.
    pub stopped: bool,
    pub label: Text,
    pub note: Text,
}

/// An outcome's class and glyph.
fn outcome_class(o: StageOutcome) -> (&'static str, &'static str) {
    match o {
        StageOutcome::Denied => ("denied", "✗"),
        StageOutcome::Allowed => ("allowed", "✓"),
        StageOutcome::Passed => ("passed", "→"),
        StageOutcome::NotApplicable => ("na", "–"),
        StageOutcome::NotReached => ("not-reached", "·"),
    }
}

/// A statement's part as a badge's class.
fn role_class(role: StatementRole) -> &'static str {
    match role {
        StatementRole::Deciding => "deciding",
        StatementRole::Redundant => "redundant",
        StatementRole::Contributing => "contributing",
        StatementRole::NotMatched { near: true } => "near",
        StatementRole::NotMatched { near: false } => "unmatched",
    }
}

impl PathPanel {
    /// The panel of an engine path, with the notes on conditions that protect nothing (the
    /// playground's; none for a run's row).
    pub fn of(path: &EvaluationPath, shadowed: &[Text]) -> PathPanel {
        let stages: Vec<Value> = path
            .stages
            .iter()
            .map(|st| {
                let (class, glyph) = outcome_class(st.outcome);
                json!({
                    "stage": format!("{:?}", st.stage),
                    "class": class,
                    "glyph": glyph,
                    "outcome": st.outcome.label(),
                    "stopped": st.stopped,
                    "label": st.label,
                    "note": st.note,
                })
            })
            .collect();
        let statements: Vec<Value> = path
            .statements
            .iter()
            .map(|s| {
                json!({
                    "policy": s.policy,
                    "statement": s.statement,
                    "class": role_class(s.role),
                    "text": s.role.label(),
                })
            })
            .collect();
        PathPanel(json!({
            "stages": stages,
            "statements": statements,
            "sources": path.sources,
            "shadowed": shadowed,
        }))
    }

    /// The stages in AWS's order.
    pub fn stages(&self) -> Vec<StageRow> {
        let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
        list(&self.0["stages"])
            .map(|st| StageRow {
                stage: s(&st["stage"]),
                class: s(&st["class"]),
                glyph: s(&st["glyph"]),
                outcome: text_of(&st["outcome"]),
                stopped: st["stopped"] == true,
                label: text_of(&st["label"]),
                note: text_of(&st["note"]),
            })
            .collect()
    }

    /// The part of statement `statement` of the explanation's policy `policy`: its badge's
    /// class and words.
    pub fn role(&self, policy: usize, statement: usize) -> Option<(String, Text)> {
        list(&self.0["statements"])
            .find(|x| x["policy"] == policy && x["statement"] == statement)
            .map(|x| {
                (
                    x["class"].as_str().unwrap_or_default().to_string(),
                    text_of(&x["text"]),
                )
            })
    }

    /// The AWS pages the order is from.
    pub fn sources(&self) -> Vec<Text> {
        list(&self.0["sources"]).map(text_of).collect()
    }

    /// The conditions that protect nothing, in words (the playground's).
    pub fn shadowed(&self) -> Vec<Text> {
        list(&self.0["shadowed"]).map(text_of).collect()
    }
}

fn list(v: &Value) -> impl Iterator<Item = &Value> {
    v.as_array().into_iter().flatten()
}

/// The evaluation path of row `row`'s authorization in the run of (`scenario`, `seed`) with
/// the page's options (`None`: no such row, no authorization, or the scenario does not run).
/// On the run the Fix tab's jobs keep (`LAST_RUN`): the path only reads the run, so a row's
/// path and its fixes, asked one after the other, rebuild the run once.
pub fn run_path(scenario: &str, seed: u64, row: u32) -> Option<PathPanel> {
    with_last_run(scenario, seed, |l| {
        let path = l
            .sim
            .as_ref()?
            .evaluation_path_at(usize::try_from(row).ok()?)?;
        Some(PathPanel::of(&path, &[]))
    })
}

/// The evaluation path of a playground request, given as its `eval` input document (text),
/// with the conditions that protect nothing (`None`: the input does not parse).
pub fn playground_path(input: &str) -> Option<PathPanel> {
    let parsed = parse_eval_input(input).ok()?;
    let set = parsed.policy_set();
    let shadowed: Vec<Text> = shadowed_conditions(&parsed.request, &set)
        .into_iter()
        .map(|f| f.text)
        .collect();
    Some(PathPanel::of(
        &evaluation_path(&parsed.request, &set),
        &shadowed,
    ))
}

#[cfg(test)]
mod tests {
    use super::super::{answer, page_options, to_json, Answer, Job};
    use super::*;
    use envelope_lab::sim::{presets, Simulation};

    fn ask_run_path(scenario: &str, seed: u64, row: u32) -> Option<PathPanel> {
        let job = to_json(&Job::EvalPath {
            id: 11,
            scenario: scenario.to_string(),
            seed,
            row,
        });
        let Ok(Answer::EvalPathed { id, path }) = serde_json::from_str(&answer(&job)) else {
            panic!("not an evaluation path answer");
        };
        assert_eq!(id, 11);
        path
    }

    /// What the panel says is what the engine's path says: every stage's name, outcome,
    /// stop, label and note, every statement's part, the sources.
    fn assert_same(panel: &PathPanel, path: &EvaluationPath, what: &str) {
        let stages = panel.stages();
        assert_eq!(stages.len(), path.stages.len(), "{what}");
        for (row, st) in stages.iter().zip(&path.stages) {
            assert_eq!(row.stage, format!("{:?}", st.stage), "{what}");
            assert_eq!(row.class, outcome_class(st.outcome).0, "{what}");
            assert_eq!(row.outcome, st.outcome.label(), "{what}");
            assert_eq!(row.stopped, st.stopped, "{what}");
            assert_eq!(row.label, st.label, "{what}");
            assert_eq!(row.note, st.note, "{what}");
            assert!(
                row.note.ja_is_japanese() && row.label.ja_is_japanese(),
                "{what}"
            );
        }
        for s in &path.statements {
            assert_eq!(
                panel.role(s.policy, s.statement),
                Some((role_class(s.role).to_string(), s.role.label())),
                "{what}"
            );
        }
        assert_eq!(panel.sources(), path.sources, "{what}");
    }

    /// The Authorization tab's path of every authorized row of a failing run (the failure
    /// and its cause among them), computed by the worker from the scenario's text and the
    /// seed, is the path the engine gives on the page's own run.
    #[test]
    fn a_run_rows_path_survives_the_trip() {
        for name in [
            "explicit-deny",
            "producer-missing-generate-data-key",
            "scp-deny-key-deletion",
            "rcp-data-perimeter",
        ] {
            let scenario = presets::get(name).expect("preset");
            let text = serde_json::to_string(&scenario).expect("json");
            let mut sim = Simulation::with_options(&scenario, 1, page_options()).expect("runs");
            sim.run_to_end();
            let mut asked = 0;
            for row in 0..sim.steps().len() {
                let Some(path) = sim.evaluation_path_at(row) else {
                    assert_eq!(ask_run_path(&text, 1, row as u32), None, "{name} {row}");
                    continue;
                };
                let failed = !sim.steps()[row].outcome.is_ok();
                // Every failed row, and the first few others (the run has hundreds).
                if !failed && asked > 6 {
                    continue;
                }
                asked += 1;
                let panel = ask_run_path(&text, 1, row as u32).expect("a path");
                assert_same(&panel, &path, &format!("{name} row {row}"));
                assert!(panel.shadowed().is_empty());
            }
        }
    }

    #[test]
    fn no_row_or_a_scenario_that_does_not_run_has_no_path() {
        let text =
            serde_json::to_string(&presets::get("explicit-deny").expect("preset")).expect("json");
        assert_eq!(ask_run_path(&text, 1, u32::MAX), None);
        assert_eq!(ask_run_path("{\"not\": \"a scenario\"", 1, 0), None);
    }

    /// Another seed or scenario is its own run: the kept run is rebuilt, never answered for.
    #[test]
    fn the_path_is_of_the_asked_run() {
        let deny =
            serde_json::to_string(&presets::get("explicit-deny").expect("preset")).expect("json");
        let happy =
            serde_json::to_string(&presets::get("happy-path").expect("preset")).expect("json");
        let stopped = |text: &str| {
            (0..200u32)
                .filter_map(|row| ask_run_path(text, 1, row))
                .any(|p| p.stages().iter().any(|s| s.stopped && s.class == "denied"))
        };
        assert!(stopped(&deny), "explicit-deny has a denied row");
        assert!(!stopped(&happy), "happy-path has none");
        assert!(stopped(&deny), "and explicit-deny again");
    }

    /// A playground request's path and notes from its `eval` input.
    #[test]
    fn a_playground_path_survives_the_trip() {
        let input = json!({
            "request": {
                "principal": "arn:aws:sts::123456789012:assumed-role/R/s",
                "action": "kms:Decrypt",
                "resource": "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "context": {"kms:ViaService": "secretsmanager.ap-northeast-1.amazonaws.com"}
            },
            "identity_policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}],
            "resource_policy": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*",
                 "Condition": {"StringLike": {"kms:ViaService": "secretsmanager.*.amazonaws.com"}}},
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"}
            ]}
        })
        .to_string();
        let job = to_json(&Job::PlaygroundPath {
            id: 12,
            input: input.clone(),
        });
        let Ok(Answer::EvalPathed { id, path }) = serde_json::from_str(&answer(&job)) else {
            panic!("not an evaluation path answer");
        };
        assert_eq!(id, 12);
        let panel = path.expect("a path");
        let parsed = parse_eval_input(&input).expect("input");
        let set = parsed.policy_set();
        assert_same(
            &panel,
            &evaluation_path(&parsed.request, &set),
            "playground",
        );
        let notes = panel.shadowed();
        assert!(
            !notes.is_empty(),
            "the second statement shadows the condition"
        );
        assert!(notes.iter().all(Text::ja_is_japanese));
        assert_eq!(playground_path("{"), None);
    }
}
