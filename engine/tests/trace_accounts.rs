//! `envelope-lab run PRESET` (the text trace, no `--summary`) names the accounts of a run
//! that spans accounts (issue [4/6] §3): a line whose caller and resource are in different
//! accounts says both, and a failed line says whose policy denied it in which account — the
//! same facts `--summary` gives as `denied_by`. Expected facts are the AWS rules the presets
//! are built on (IAM User Guide, "Cross-account policy evaluation logic"; KMS Developer
//! Guide, "Allowing users in other accounts to use a KMS key"; AWS Organizations User Guide,
//! "SCP evaluation"), written here by hand. A run in one account prints what it always did.

use envelope_lab::sim::cli::{run, RunArgs};
use envelope_lab::sim::{presets, Simulation};

fn trace(name: &str) -> String {
    run(&RunArgs {
        preset: Some(name.into()),
        seed: 1,
        ..RunArgs::default()
    })
    .expect("runs")
}

/// The lines of service:operation.
fn lines<'a>(text: &'a str, op: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.contains(op)).collect()
}

#[test]
fn a_single_account_run_prints_the_lines_it_always_did() {
    let mut checked = 0;
    for p in presets::all() {
        let s = p.scenario();
        if s.organization.is_some() || !s.other_accounts().is_empty() {
            continue;
        }
        let text = trace(p.name);
        // Exactly one line per step, each the step's own line and nothing after it.
        let mut sim = Simulation::new(&s, 1).unwrap();
        sim.run_to_end();
        let want: String = sim.steps().iter().map(|st| st.text_line() + "\n").collect();
        assert!(text == want, "{}: the text trace changed", p.name);
        assert!(!text.contains(" [account "), "{}", p.name);
        assert!(!text.contains(" [Denied by "), "{}", p.name);
        checked += 1;
    }
    assert!(checked >= 30, "{checked}");
}

#[test]
fn a_cross_account_call_names_both_accounts_and_a_denial_the_denying_one() {
    // The producer account's role puts to the data account's stream; its IAM does not allow
    // the key, so the GenerateDataKey Kinesis makes for it is denied by the producer
    // account's IAM, and the PutRecord fails because of it.
    let text = trace("org-mistake-iam-missing");
    let puts = lines(&text, "kinesis:PutRecord ");
    assert!(!puts.is_empty());
    for l in &puts {
        assert!(
            l.contains(" [account 333333333333 -> resource in account 123456789012]"),
            "{l}"
        );
        assert!(
            l.ends_with(" [Denied by the caller's identity-based policies (account 333333333333)]"),
            "{l}"
        );
    }
    let gdk = lines(&text, "kms:GenerateDataKey (for #");
    assert!(!gdk.is_empty());
    assert!(gdk[0].contains(" [account 333333333333 -> resource in account 123456789012]"));

    // The reverse: the key policy (data account) does not trust the producer account.
    let text = trace("org-mistake-key-policy-missing");
    for l in lines(&text, "kinesis:PutRecord ") {
        assert!(
            l.ends_with(" [Denied by the key policy (account 123456789012)]"),
            "{l}"
        );
    }
}

#[test]
fn an_scp_level_denial_names_the_account_and_the_ou() {
    let text = trace("org-mistake-scp-ou-level");
    let puts = lines(&text, "kinesis:PutRecord ");
    assert_eq!(puts.len(), 10);
    for l in puts {
        // Caller and stream are in the same account: no account pair, only the denial.
        assert!(!l.contains(" [account "), "{l}");
        assert!(l.ends_with(
            " [Denied by the SCPs of the caller's account (account 123456789012): no SCP attached at OU Prod (ou-ab12-44444444) allows it]"
        ), "{l}");
    }
}

#[test]
fn an_allowed_cross_account_delivery_names_both_accounts_and_no_denial() {
    // The workload account's Firehose role writes into the log-archive account's bucket.
    let text = trace("org-central-log-archive");
    let puts = lines(&text, "s3:PutObject");
    assert!(!puts.is_empty());
    for l in puts {
        assert!(
            l.ends_with(" -> ok [account 123456789012 -> resource in account 222222222222]"),
            "{l}"
        );
    }
    assert!(!text.contains("[Denied by"));
}
