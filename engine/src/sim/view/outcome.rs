//! The run summary bar: records produced, stored in the stream, delivered, lost and
//! pending, KMS calls by operation, how many steps failed and the first failure, and the
//! outcome in one sentence in both languages ("10 of 10 records delivered in 1 object,
//! SSE-KMS"). Counted once, by `Simulation::summary`. What happened to the records and which
//! steps failed are separate facts: a reader's denied GetObject fails a step while every
//! record is delivered, so the failed steps have a sentence of their own
//! (`failed_steps`), never folded into the delivery's.

use crate::sim::simulation::Simulation;
use crate::text::{grouped, Text};

/// The summary bar of a run (in the simulation's state now).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RunSummaryView {
    /// Records the producers tried to put.
    pub produced: u64,
    /// Accepted into the stream.
    pub stored: u64,
    /// Rejected by the stream (PutRecord failed).
    pub rejected: u64,
    /// In an S3 object.
    pub delivered: u64,
    /// Lost (retention expired unread, or S3 delivery given up).
    pub lost: u64,
    /// Still in the stream, a Firehose buffer or a retrying batch.
    pub pending: u64,
    /// Objects written during the run that hold records.
    pub objects: usize,
    /// How those objects are encrypted (`SSE-KMS`, `SSE-KMS with a Bucket Key`, `SSE-S3`).
    pub encryption: Vec<String>,
    /// Successful KMS calls per operation (operations with none left out).
    pub kms_calls: Vec<(String, u64)>,
    /// KMS requests that failed (denied, throttled, key state, ciphertext).
    pub kms_failed: u64,
    /// Failed steps.
    pub failures: usize,
    /// The first failed step.
    pub first_failure: Option<u32>,
    /// Nothing is left to happen.
    pub finished: bool,
    /// The outcome in one sentence: what happened to the records.
    pub outcome: Text,
    /// How many steps failed, in one sentence (`None` when none did).
    pub failed_steps: Option<Text>,
}

impl RunSummaryView {
    /// Every record produced was delivered (nothing rejected, lost or pending).
    pub fn all_delivered(&self) -> bool {
        self.delivered == self.produced
    }
}

/// `n` and the English noun, singular or plural.
fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

/// The label of an object's encryption.
fn encryption_label(sse: &str, bucket_key: bool) -> &'static str {
    match (sse, bucket_key) {
        ("aws:kms", true) => "SSE-KMS with a Bucket Key",
        ("aws:kms", false) => "SSE-KMS",
        ("AES256", _) => "SSE-S3",
        _ => "no encryption",
    }
}

fn encryption_label_ja(label: &str) -> &str {
    match label {
        "SSE-KMS with a Bucket Key" => "SSE-KMS、S3 バケットキーあり",
        "no encryption" => "暗号化なし",
        other => other,
    }
}

impl Simulation {
    /// The run summary bar (counts from [`Simulation::summary`]).
    pub fn run_summary(&self) -> RunSummaryView {
        let s = self.summary();
        let written: Vec<_> = s.s3_objects.iter().filter(|o| o.records > 0).collect();
        let mut encryption: Vec<String> = Vec::new();
        for o in &written {
            let label = encryption_label(&o.sse, o.bucket_key).to_string();
            if !encryption.contains(&label) {
                encryption.push(label);
            }
        }
        let kms_calls: Vec<(String, u64)> = s
            .kms
            .calls
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(k, n)| (k.clone(), *n))
            .collect();
        let ok: u64 = kms_calls.iter().map(|(_, n)| n).sum();
        let errors = self.cloud.trace.errors();
        let mut v = RunSummaryView {
            produced: s.records.produced,
            stored: s.records.put_ok,
            rejected: s.records.put_failed,
            delivered: s.records.delivered,
            lost: s.records.lost,
            pending: s.records.pending,
            objects: written.len(),
            encryption,
            kms_calls,
            kms_failed: s.kms.total_requests.saturating_sub(ok),
            failures: errors.len(),
            first_failure: errors.iter().map(|e| e.index).min(),
            finished: s.finished,
            outcome: Text::default(),
            failed_steps: None,
        };
        v.outcome = outcome(&v);
        v.failed_steps = failed_steps(v.failures);
        v
    }
}

/// The outcome sentence.
pub fn outcome(v: &RunSummaryView) -> Text {
    if v.produced == 0 {
        return Text::lit(
            "No record was produced.",
            "レコードは生成されませんでした。",
        );
    }
    let enc = v.encryption.join(", ");
    let enc_ja: Vec<&str> = v
        .encryption
        .iter()
        .map(|e| encryption_label_ja(e))
        .collect();
    let enc_ja = enc_ja.join("、");
    let (mut en, mut ja) = if v.delivered > 0 {
        (
            format!(
                "{} of {} delivered in {}{}",
                grouped(v.delivered),
                count(v.produced, "record", "records"),
                count(v.objects as u64, "object", "objects"),
                if enc.is_empty() {
                    String::new()
                } else {
                    format!(", {enc}")
                }
            ),
            format!(
                "{} 件中 {} 件のレコードを {} 個のオブジェクトに配信しました{}",
                grouped(v.produced),
                grouped(v.delivered),
                grouped(v.objects as u64),
                if enc_ja.is_empty() {
                    String::new()
                } else {
                    format!(" ({enc_ja})")
                }
            ),
        )
    } else {
        (
            format!("0 of {} delivered", count(v.produced, "record", "records")),
            format!(
                "{} 件のレコードのうち、配信されたものはありません",
                grouped(v.produced)
            ),
        )
    };
    for (n, word, ja_word) in [
        (
            v.rejected,
            "rejected by the stream",
            "件はストリームに拒否されました",
        ),
        (v.lost, "lost", "件は失われました"),
        (v.pending, "pending", "件は保留中です"),
    ] {
        if n > 0 {
            en.push_str(&format!("; {} {word}", grouped(n)));
            ja.push_str(&format!("。{} {ja_word}", grouped(n)));
        }
    }
    en.push('.');
    ja.push('。');
    Text::new(en, ja)
}

/// "1 step failed." / "3 steps failed.", or `None` when no step failed.
pub fn failed_steps(failures: usize) -> Option<Text> {
    (failures > 0).then(|| {
        let n = grouped(failures as u64);
        Text::new(
            format!(
                "{n} {} failed.",
                if failures == 1 { "step" } else { "steps" }
            ),
            format!("{n} 件のステップが失敗しました。"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_and_clauses() {
        let mut v = RunSummaryView {
            produced: 1,
            delivered: 1,
            objects: 1,
            encryption: vec!["SSE-KMS".into()],
            ..RunSummaryView::default()
        };
        assert_eq!(
            outcome(&v).en(),
            "1 of 1 record delivered in 1 object, SSE-KMS."
        );
        v.produced = 1500;
        v.delivered = 1200;
        v.objects = 2;
        v.lost = 300;
        assert_eq!(
            outcome(&v).en(),
            "1,200 of 1,500 records delivered in 2 objects, SSE-KMS; 300 lost."
        );
        assert_eq!(
            outcome(&v).ja(),
            "1,500 件中 1,200 件のレコードを 2 個のオブジェクトに配信しました (SSE-KMS)。300 件は失われました。"
        );
    }

    #[test]
    fn failed_steps_are_a_fact_of_their_own() {
        // Every record delivered while a reader's call failed: the delivery sentence does
        // not change, the failure has its own.
        let v = RunSummaryView {
            produced: 10,
            delivered: 10,
            objects: 1,
            failures: 1,
            ..RunSummaryView::default()
        };
        assert!(v.all_delivered());
        assert_eq!(outcome(&v).en(), "10 of 10 records delivered in 1 object.");
        assert_eq!(failed_steps(1).unwrap().en(), "1 step failed.");
        assert_eq!(
            failed_steps(1_200).unwrap().ja(),
            "1,200 件のステップが失敗しました。"
        );
        assert_eq!(failed_steps(0), None);
        let lost = RunSummaryView {
            lost: 1,
            delivered: 9,
            ..v
        };
        assert!(!lost.all_delivered());
    }
}
