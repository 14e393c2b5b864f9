//! The tutorial panel's own strings (English and Japanese), kept next to the components:
//! a catalogue like the UI's [`crate::i18n::T`], read the same way (`lang.t(S::Goal)`).

envelope_lab::catalogue! {
    /// A string of the tutorial panel.
    pub enum S {
        Lesson => "Lesson", "レッスン";
        ChooseLesson => "Choose a lesson", "レッスンを選択";
        Completed => "Completed", "完了";
        NotCompleted => "Not completed yet", "未完了";
        Goal => "Goal", "目標";
        GoalMet => "Goal met — lesson completed.", "目標を達成しました。レッスン完了です。";
        GoalNotMet => "Not there yet: the checklist updates as you edit.",
            "まだ達成していません。チェックリストは編集するたびに更新されます。";
        Hint => "Hint", "ヒント";
        NextHint => "Show a hint", "ヒントを表示";
        ShowSolution => "Show the solution", "解答を表示";
        ApplySolution => "Apply the solution (undoable)", "解答を適用 (元に戻せます)";
        Solution => "Solution", "解答";
        Notes => "What the simulator models", "シミュレーターのモデル化について";
        Quiz => "Quiz", "クイズ";
        CheckAnswer => "Check answer", "解答を確認";
        Correct => "Correct.", "正解です。";
        Incorrect => "Not quite.", "不正解です。";
        ChooseN => "Choose {0}.", "{0} つ選択してください。";
        OpenScenario => "Open the scenario", "シナリオを開く";
        OpenInSandbox => "Open in the sandbox", "サンドボックスで開く";
        RestartLesson => "Restart the lesson", "レッスンをやり直す";
        Practice => "Practice exam", "模擬試験";
        PracticeScore => "{0} of {1} answered correctly", "{1} 問中 {0} 問正解";
        Progress => "Progress", "進捗";
        ExportProgress => "Export progress", "進捗をエクスポート";
        ImportProgress => "Import progress", "進捗をインポート";
        LoadLesson => "Load your own lesson (JSON)", "自作のレッスンを読み込む (JSON)";
        Loaded => "Loaded", "読み込みました";
        LoadFailed => "Could not load the file", "ファイルを読み込めませんでした";
        ScenarioError => "The scenario does not run", "シナリオを実行できません";
        Modelled => "modelled", "モデル化";
        SourcesCount => "Sources ({0})", "出典 ({0} 件)";
        CourseDone => "lessons completed", "レッスン完了";
        CourseLoading => "Loading the lessons…", "レッスンを読み込んでいます…";
        CourseLoadFailed => "Some lesson files could not be loaded (reload to try again): {0}",
            "一部のレッスンファイルを読み込めませんでした (再読み込みしてください): {0}";
        ProgressImported => "Progress imported", "進捗をインポートしました";
    }
}
