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
        GoalChecking => "Checking the goal on this scenario…", "このシナリオで目標を確認しています…";
        GoalCheckFailed => "The goal could not be checked: {0}. The lesson still works; edit the scenario to try again.",
            "目標を確認できませんでした: {0}。レッスンはそのまま使えます。シナリオを編集するともう一度確認します。";
        Hint => "Hint", "ヒント";
        NextHint => "Show a hint", "ヒントを表示";
        ShowSolution => "Show the solution", "解答を表示";
        ApplySolution => "Apply the solution (undoable)", "解答を適用 (元に戻せます)";
        Solution => "Solution", "解答";
        Notes => "What the simulator models", "シミュレーターのモデル化について";
        Quiz => "Quiz", "クイズ";
        CheckAnswer => "Check answer", "答え合わせ";
        Correct => "Correct.", "正解です。";
        Incorrect => "Not quite.", "不正解です。";
        ChooseN => "Choose {0}.", "{0} つ選択してください。";
        FirstAnswerCounts => "Your first answer counts ({0} attempts).", "最初の回答が採点されます (回答 {0} 回)。";
        RetryCorrect => "Your latest answer is correct.", "最新の回答は正解です。";
        RetryIncorrect => "Your latest answer is not quite right.", "最新の回答は不正解です。";
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
        ScenarioLoading => "Loading the scenario…", "シナリオを読み込んでいます…";
        Modelled => "modelled", "モデル化";
        SourcesCount => "Sources ({0})", "出典 ({0} 件)";
        CourseDone => "{0}/{1} lessons completed", "{0}/{1} レッスン完了";
        CourseLoading => "Loading the lessons…", "レッスンを読み込んでいます…";
        CourseLoadFailed => "Some lesson files could not be loaded (reload to try again): {0}",
            "一部のレッスンファイルを読み込めませんでした (再読み込みしてください): {0}";
        ProgressImported => "Progress imported", "進捗をインポートしました";

        // The first visit's welcome.
        WelcomeStep => "Welcome: step {0} of {1}", "ようこそ (ステップ {0} / {1})";
        Welcome1Title => "Welcome to Envelope Lab: a pipeline you can take apart",
            "Envelope Lab へようこそ: 分解して確かめられるパイプライン";
        Welcome1 => "The diagram shows a Lambda function writing records to a Kinesis data stream, Firehose reading them and writing objects to S3, and the KMS keys that protect the data on the way. Everything runs in this page: no AWS account, nothing sent anywhere, and the encryption is real AES-256-GCM.",
            "図は、Lambda 関数が Kinesis データストリームにレコードを書き込み、Firehose がそれを読み取って S3 にオブジェクトとして書き込む流れと、途中でデータを保護する KMS キーを表しています。すべてこのページの中で動きます。AWS アカウントは不要で、どこにもデータを送らず、暗号化は本物の AES-256-GCM です。";
        Welcome2Title => "One API call at a time", "API の呼び出しを 1 つずつ";
        Welcome2 => "Step (or press Space) to move on by one call: PutRecord, GenerateDataKey, Decrypt, PutObject… Each row of the timeline opens the request and the response, why the call was allowed or denied, the envelope of keys, and the CloudTrail event.",
            "「ステップ」(またはスペースキー) で、呼び出しを 1 つずつ進めます。PutRecord、GenerateDataKey、Decrypt、PutObject などです。タイムラインの各行を開くと、リクエストとレスポンス、呼び出しが許可または拒否された理由、キーのエンベロープ、CloudTrail イベントを確認できます。";
        Welcome3Title => "{0} short lessons", "全 {0} 回の短いレッスン";
        Welcome3 => "Each lesson starts from a pipeline that is broken or not yet safe and gives you a goal, with a checklist that updates as you edit. Hints and a solution are there when you need them, and a short quiz ends each lesson. Your progress stays in this browser.",
            "各レッスンは、壊れているか、まだ安全でないパイプラインから始まります。目標とチェックリストがあり、チェックリストは編集するたびに更新されます。必要なときはヒントと解答を見られ、各レッスンの最後には短いクイズがあります。進捗はこのブラウザに保存されます。";
        WelcomeNext => "Next", "次へ";
        WelcomeBack => "Back", "戻る";
        WelcomeStart => "Start lesson {0}", "レッスン {0} を始める";
        WelcomeSkip => "Explore the sandbox instead", "サンドボックスを自由に試す";

        // Completion and the course overview.
        Learned => "What this lesson taught", "このレッスンで学んだこと";
        NextLesson => "Next lesson: {0}", "次のレッスン: {0}";
        CourseFinished => "That was the last lesson. See how you did in the course overview, or try the practice exam.",
            "最後のレッスンが終わりました。コースの概要で結果を確認するか、模擬試験に挑戦してください。";
        Overview => "Course overview", "コースの概要";
        CloseOverview => "Close the overview", "概要を閉じる";
        DoneEdited => "completed by editing", "編集して完了";
        DoneSolution => "completed with the solution", "解答を適用して完了";
        DoneFix => "completed with a suggested fix", "提案された修正を適用して完了";
        InProgress => "in progress", "学習中";
        NotStarted => "not started", "未着手";
        QuizTally => "quiz: {0} of {1} correct", "クイズ: {1} 問中 {0} 問正解";
        OpenLesson => "Open lesson {0}", "レッスン {0} を開く";
        CompletedEarlier => "Completed earlier ({0}). Your current scenario does not meet the goal now: the checklist shows it as it is.",
            "以前に完了しています ({0})。現在のシナリオは目標を満たしていません。チェックリストは現在の状態を表示しています。";

        // The split view's tabs on narrow screens.
        Panes => "Lesson or simulator", "レッスンとシミュレーターの切り替え";
        PaneLesson => "Lesson", "レッスン";
        PaneSimulator => "Simulator", "シミュレーター";

        // The lesson's JSON editors.
        AwsNames => "The AWS names of these fields", "これらのフィールドの AWS での名前";
        ColLine => "Line", "行";
        InAws => "In AWS: {0}", "AWS では: {0}";
    }
}

#[cfg(test)]
mod tests {
    use super::S;
    use envelope_lab::text::{placeholders, Catalogue};

    #[test]
    fn the_tutorial_strings_use_the_glossary_terms_and_the_same_placeholders() {
        for key in S::ALL {
            let t = key.text();
            let problems = envelope_lab::lessons::style::ja_problems(t.ja());
            assert!(problems.is_empty(), "{key:?}: {problems:?}");
            assert_eq!(placeholders(t.en()), placeholders(t.ja()), "{key:?}");
        }
    }

    /// Issue [2/6] §6: the welcome counts lessons as Japanese does (not 「15 の短いレッスン」),
    /// and the course's end is told as done (not 「これで最後のレッスンです」).
    #[test]
    fn japanese_counts_lessons_and_tells_the_end_as_done() {
        let title = envelope_lab::text::fill(S::Welcome3Title.text().ja(), &[&15]);
        assert_eq!(title, "全 15 回の短いレッスン");
        let finished = S::CourseFinished.text();
        let end = finished.ja();
        assert!(end.starts_with("最後のレッスンが終わりました。"), "{end}");
        assert!(!end.contains("これで最後のレッスンです"));
    }
}
