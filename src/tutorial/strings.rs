//! The tutorial panel's own strings (English and Japanese), kept next to the components.

use crate::Lang;

/// A string of the tutorial panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum S {
    Lesson,
    ChooseLesson,
    Completed,
    NotCompleted,
    Goal,
    GoalMet,
    GoalNotMet,
    Hint,
    NextHint,
    ShowSolution,
    ApplySolution,
    Solution,
    Notes,
    Quiz,
    CheckAnswer,
    Correct,
    Incorrect,
    ChooseN,
    OpenScenario,
    OpenInSandbox,
    RestartLesson,
    Practice,
    PracticeScore,
    Progress,
    ExportProgress,
    ImportProgress,
    LoadLesson,
    Loaded,
    LoadFailed,
    ScenarioError,
    Modelled,
    CourseDone,
    CourseLoading,
    CourseLoadFailed,
    ProgressImported,
}

/// The text of `key` in `lang`.
pub fn s(lang: Lang, key: S) -> &'static str {
    let (en, ja) = match key {
        S::Lesson => ("Lesson", "レッスン"),
        S::ChooseLesson => ("Choose a lesson", "レッスンを選択"),
        S::Completed => ("Completed", "完了"),
        S::NotCompleted => ("Not completed yet", "未完了"),
        S::Goal => ("Goal", "目標"),
        S::GoalMet => (
            "Goal met — lesson completed.",
            "目標を達成しました。レッスン完了です。",
        ),
        S::GoalNotMet => (
            "Not there yet: the checklist updates as you edit.",
            "まだ達成していません。チェックリストは編集するたびに更新されます。",
        ),
        S::Hint => ("Hint", "ヒント"),
        S::NextHint => ("Show a hint", "ヒントを表示"),
        S::ShowSolution => ("Show the solution", "解答を表示"),
        S::ApplySolution => ("Apply the solution (undoable)", "解答を適用 (元に戻せます)"),
        S::Solution => ("Solution", "解答"),
        S::Notes => (
            "What the simulator models",
            "シミュレーターのモデル化について",
        ),
        S::Quiz => ("Quiz", "クイズ"),
        S::CheckAnswer => ("Check answer", "解答を確認"),
        S::Correct => ("Correct.", "正解です。"),
        S::Incorrect => ("Not quite.", "不正解です。"),
        S::ChooseN => ("Choose {0}.", "{0} つ選択してください。"),
        S::OpenScenario => ("Open the scenario", "シナリオを開く"),
        S::OpenInSandbox => ("Open in the sandbox", "サンドボックスで開く"),
        S::RestartLesson => ("Restart the lesson", "レッスンをやり直す"),
        S::Practice => ("Practice exam", "模擬試験"),
        S::PracticeScore => ("{0} of {1} answered correctly", "{1} 問中 {0} 問正解"),
        S::Progress => ("Progress", "進捗"),
        S::ExportProgress => ("Export progress", "進捗をエクスポート"),
        S::ImportProgress => ("Import progress", "進捗をインポート"),
        S::LoadLesson => (
            "Load your own lesson (JSON)",
            "自作のレッスンを読み込む (JSON)",
        ),
        S::Loaded => ("Loaded", "読み込みました"),
        S::LoadFailed => ("Could not load the file", "ファイルを読み込めませんでした"),
        S::ScenarioError => ("The scenario does not run", "シナリオを実行できません"),
        S::Modelled => ("modelled", "モデル化"),
        S::CourseDone => ("lessons completed", "レッスン完了"),
        S::ProgressImported => ("Progress imported", "進捗をインポートしました"),
        S::CourseLoading => ("Loading the lessons…", "レッスンを読み込んでいます…"),
        S::CourseLoadFailed => (
            "Some lesson files could not be loaded (reload to try again): {0}",
            "一部のレッスンファイルを読み込めませんでした (再読み込みしてください): {0}",
        ),
    };
    match lang {
        Lang::Ja => ja,
        _ => en,
    }
}

/// `s` with `{0}`, `{1}` replaced.
pub fn f(lang: Lang, key: S, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = s(lang, key).to_string();
    for (i, a) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), &a.to_string());
    }
    out
}

/// The lesson-file language code of a UI language.
pub fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "ja",
        _ => "en",
    }
}
