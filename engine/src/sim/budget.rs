//! Run budgets: every accepted scenario runs in bounded time and memory.
//!
//! A scenario may schedule an event a century out while Firehose keeps retrying, which is
//! millions of steps; without a bound that run never ends in a browser tab. A [`Budget`]
//! caps the steps a run makes (and so the steps kept, the services' logs and the time spent)
//! and how far the simulated clock goes. A run that reaches either limit stops cleanly and
//! reports a [`BudgetStop`]: what was cut, and how to change it. Both budgets let every
//! preset and the page's largest producer setting (100,000 invocations of 10 records,
//! 1,280,005 steps) run whole.

use serde::Serialize;

use crate::runtime::clock::{format_duration, SimTime, DAY};
use crate::text::{grouped, Text};

/// The limits of one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Most steps a run makes. The run stops between two scheduled events, so it ends at
    /// this count plus the steps of the event that crossed it (a reader's GetObject of
    /// every object is one event). Events that make no step count too, so a loop of silent
    /// events is bounded the same way.
    pub max_steps: u32,
    /// Farthest simulated time from the start (µs) at which anything is scheduled.
    pub horizon: i64,
}

impl Budget {
    /// Steps by default on the command line: about 400 MB and 3 s for a summary, 1.6 GB
    /// when every step is kept.
    pub const DEFAULT_MAX_STEPS: u32 = 2_500_000;
    /// Simulated time by default: a year of stream retention (the most Kinesis allows,
    /// 8,760 hours) plus a key's longest deletion window (30 days) and a margin.
    pub const DEFAULT_HORIZON: i64 = 400 * DAY;

    /// The web page's budget. A tab keeps every step in Wasm memory, about 0.5 KB a step
    /// (measured: 1,280,005 steps, 656 MiB; 2,500,000 steps, 1,314 MiB and 35 s), so the
    /// page stops at 1,500,000 steps: its largest producer setting still runs whole.
    pub const PAGE: Budget = Budget {
        max_steps: 1_500_000,
        horizon: Budget::DEFAULT_HORIZON,
    };
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            max_steps: Budget::DEFAULT_MAX_STEPS,
            horizon: Budget::DEFAULT_HORIZON,
        }
    }
}

/// Which limit a run reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// [`Budget::max_steps`].
    Steps,
    /// [`Budget::horizon`].
    Horizon,
}

/// How the reader of a [`BudgetStop`] can change the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The command line (`--max-steps`, `--horizon`).
    Cli,
    /// The web page (fixed budget: change the scenario, or use the command line).
    Page,
}

/// A run that stopped at its budget: what was cut.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetStop {
    /// The limit reached.
    pub limit: Limit,
    /// [`Budget::max_steps`] of the run.
    pub max_steps: u32,
    /// [`Budget::horizon`] of the run, as a duration (`400d`).
    pub horizon: String,
    /// Steps made.
    pub steps: u32,
    /// Simulated time the run stopped at (the horizon itself when that was the limit).
    pub stopped_at: String,
    /// Scenario events and readers scheduled after the horizon (not run).
    pub events_not_run: u32,
    /// When the first of them was scheduled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_not_run: Option<String>,
}

impl BudgetStop {
    /// What was cut, in English and Japanese.
    pub fn what(&self) -> Text {
        match self.limit {
            Limit::Steps => Text::new(
                format!(
                    "The run stopped at its budget of {} steps, at simulated time {}: what would have happened after that was not simulated.",
                    grouped(u64::from(self.max_steps)),
                    self.stopped_at
                ),
                format!(
                    "実行はステップ数の上限 ({} ステップ) に達したため、シミュレーション時刻 {} で停止しました。それ以降に起きるはずだったことはシミュレートされていません。",
                    grouped(u64::from(self.max_steps)),
                    self.stopped_at
                ),
            ),
            Limit::Horizon => {
                let (en, ja) = match &self.first_not_run {
                    Some(first) => (
                        format!(
                            "{} scheduled event(s) after it (the first at {first}) and the pipeline's later activity were not simulated.",
                            self.events_not_run
                        ),
                        format!(
                            "それ以降に予定されていた {} 件のイベント (最初は {first}) とパイプラインのその後の動作はシミュレートされていません。",
                            self.events_not_run
                        ),
                    ),
                    None => (
                        "the pipeline's activity after it (Firehose polls and retries) was not simulated.".to_string(),
                        "それ以降のパイプラインの動作 (Firehose のポーリングと再試行) はシミュレートされていません。".to_string(),
                    ),
                };
                let (span_en, span_ja) = self.span();
                Text::new(
                    format!(
                        "The run stopped at its simulated horizon, {span_en} after the start ({}): {en}",
                        self.stopped_at
                    ),
                    format!(
                        "実行は、開始から {span_ja}後のシミュレーション期間の上限 ({}) で停止しました。{ja}",
                        self.stopped_at
                    ),
                )
            }
        }
    }

    /// The horizon in words: `400 days` / `400 日` for whole days, else as written (`36h`).
    fn span(&self) -> (String, String) {
        match self.horizon.strip_suffix('d') {
            Some(days) if days.bytes().all(|b| b.is_ascii_digit()) => {
                (format!("{days} days"), format!("{days} 日"))
            }
            _ => (self.horizon.clone(), self.horizon.clone()),
        }
    }

    /// How to change the budget for `who`, in English and Japanese.
    pub fn how(&self, who: Audience) -> Text {
        match (self.limit, who) {
            (Limit::Steps, Audience::Cli) => Text::lit(
                "Run again with a larger --max-steps, or look at an earlier part with --until.",
                "より大きな --max-steps を指定して再実行するか、--until で前の部分を確認してください。",
            ),
            (Limit::Horizon, Audience::Cli) => Text::lit(
                "Run again with a longer --horizon (for example --horizon 1000d) to include it.",
                "含めるには、より長い --horizon (例: --horizon 1000d) を指定して再実行してください。",
            ),
            (Limit::Steps, Audience::Page) => Text::lit(
                "Lower the producers' invocations or records per invocation; longer runs work on the command line (envelope-lab run --max-steps N).",
                "プロデューサーの呼び出し回数または 1 回あたりのレコード数を減らしてください。より長い実行はコマンドライン (envelope-lab run --max-steps N) で行えます。",
            ),
            (Limit::Horizon, Audience::Page) => Text::lit(
                "Move the events earlier; longer simulated times work on the command line (envelope-lab run --horizon 1000d).",
                "イベントの時刻を早めてください。より長いシミュレーション期間はコマンドライン (envelope-lab run --horizon 1000d) で扱えます。",
            ),
        }
    }

    /// [`BudgetStop::what`] followed by [`BudgetStop::how`].
    pub fn notice(&self, who: Audience) -> Text {
        let (what, how) = (self.what(), self.how(who));
        Text::new(
            format!("{} {}", what.en(), how.en()),
            format!("{}{}", what.ja(), how.ja()),
        )
    }
}

/// Tracks a running simulation against its budget.
#[derive(Debug, Clone)]
pub(crate) struct Meter {
    pub(crate) budget: Budget,
    /// `start + budget.horizon` (never past [`SimTime::LATEST`]).
    pub(crate) horizon: SimTime,
    /// Events handled so far (with or without a step).
    pub(crate) events: u64,
    /// The step limit stopped the run.
    pub(crate) out_of_steps: bool,
    /// Scenario events and readers dropped for being past the horizon, and the first time.
    pub(crate) events_cut: u32,
    pub(crate) first_cut: Option<SimTime>,
    /// Something the run would have done was past the horizon.
    pub(crate) cut: bool,
}

impl Meter {
    pub(crate) fn new(budget: Budget, start: SimTime) -> Meter {
        Meter {
            budget,
            horizon: start.plus(budget.horizon.max(0)).min(SimTime::LATEST),
            events: 0,
            out_of_steps: false,
            events_cut: 0,
            first_cut: None,
            cut: false,
        }
    }

    /// Whether the run may handle one more event after `steps` steps; false from the first
    /// refusal on.
    pub(crate) fn admit(&mut self, steps: u32) -> bool {
        let max = self.budget.max_steps;
        if self.out_of_steps || steps >= max || self.events >= u64::from(max) {
            self.out_of_steps = true;
            return false;
        }
        self.events += 1;
        true
    }

    /// Notes something scheduled at `at`, past the horizon, that will not run
    /// (`scenario_event`: a scenario event or reader, which the notice counts).
    pub(crate) fn note_cut(&mut self, at: SimTime, scenario_event: bool) {
        self.cut = true;
        if scenario_event {
            self.events_cut = self.events_cut.saturating_add(1);
            self.first_cut = Some(self.first_cut.map_or(at, |t| t.min(at)));
        }
    }

    /// The stop to report once the run can go no further (`drained`: nothing is left in
    /// its queue), at `now` after `steps` steps.
    pub(crate) fn stop(&self, drained: bool, now: SimTime, steps: u32) -> Option<BudgetStop> {
        let limit = if self.out_of_steps {
            Limit::Steps
        } else if drained && self.cut {
            Limit::Horizon
        } else {
            return None;
        };
        let stopped_at = match limit {
            Limit::Steps => now,
            Limit::Horizon => self.horizon,
        };
        Some(BudgetStop {
            limit,
            max_steps: self.budget.max_steps,
            horizon: format_duration(self.budget.horizon),
            steps,
            stopped_at: stopped_at.iso_seconds(),
            events_not_run: self.events_cut,
            first_not_run: self.first_cut.map(SimTime::iso_seconds),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_step_limit_refuses_from_the_first_refusal_on() {
        let mut m = Meter::new(
            Budget {
                max_steps: 3,
                horizon: DAY,
            },
            SimTime(0),
        );
        assert!(m.admit(0) && m.admit(2));
        assert!(!m.admit(3));
        assert!(!m.admit(0), "once out of steps, always out");
        let stop = m.stop(false, SimTime(5), 3).expect("a stop");
        assert_eq!(stop.limit, Limit::Steps);
        assert!(stop.what().en().contains("budget of 3 steps"));
        assert!(stop.what().ja().contains("3 ステップ"));
    }

    #[test]
    fn a_horizon_cut_is_reported_only_once_the_run_drained() {
        let mut m = Meter::new(Budget::default(), SimTime(0));
        m.note_cut(SimTime(500 * DAY), true);
        m.note_cut(SimTime(450 * DAY), true);
        assert_eq!(m.stop(false, SimTime(DAY), 10), None);
        let stop = m.stop(true, SimTime(DAY), 10).expect("a stop");
        assert_eq!(stop.limit, Limit::Horizon);
        assert_eq!(stop.events_not_run, 2);
        assert_eq!(stop.first_not_run.as_deref(), Some("1971-03-27T00:00:00Z"));
        assert_eq!(stop.horizon, "400d");
        for who in [Audience::Cli, Audience::Page] {
            assert!(stop.notice(who).ja_is_japanese());
        }
    }
}
