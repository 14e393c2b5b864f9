//! The strings of the views that go from "why" to "how": the Fix tab, the summary bar, the
//! filters and failure navigation, grouped steps, the cause of a failed parent step, the
//! evaluation path and the playground's outdated result. A catalogue like the UI's
//! [`crate::i18n::T`], read the same way (`lang.t(F::FixApply)`).

envelope_lab::catalogue! {
    /// A string of the fix, summary and navigation views.
    pub enum F {
        // The Fix tab
        TabFix => "Fix", "修正";
        FixApply => "Apply", "適用";
        FixShowMe => "Show me", "場所を表示";
        FixDiscard => "Discard", "破棄";
        FixWhere => "Where", "場所";
        FixVerified => "verified", "検証済み";
        FixVerifiedRun => "Verified: the simulator re-ran the whole scenario with this change (same seed, more invocations than this run): this operation by this role no longer fails anywhere, and no record delivered before is lost.",
            "検証済み: この変更を加えたシナリオ全体を同じシードで、この実行より多い呼び出し回数で再実行しました。このロールによるこのオペレーションはどこでも失敗せず、以前に配信されたレコードも失われません。";
        FixVerifiedEval => "Verified: the policy engine evaluated the request again with this change, and it is allowed. Anything else the change newly allows is listed.",
            "検証済み: この変更を加えてポリシーエンジンでリクエストを評価し直し、許可されることを確認しました。この変更で新たに許可されるものがほかにあれば、一覧に示しています。";
        FixChangesControl => "changes a control", "制御を変更";
        FixChangesControlWhy => "This removes or narrows a control (a Deny, a condition, an SCP) that someone probably wrote on purpose: check why it is there before you change it.",
            "この変更は、誰かが意図して書いたと考えられる制御 (拒否、条件、SCP) を削除するか狭めます。変更する前に、なぜその制御があるのかを確認してください。";
        FixNextFailure => "Fixes this step; the run then stops at: {0}.", "このステップは修正されますが、実行は次で止まります: {0}。";
        FixNextNone => "Fixes this step; the run then completes without a failure.", "このステップは修正され、実行は失敗なしで完了します。";
        FixRemovedLines => "removed by this fix", "この修正で削除される部分";
        FixAll => "Fix all", "すべて修正";
        FixAllComputing => "Finding the first fix of each failure in turn…", "各失敗の最初の修正を順に探しています…";
        FixAllIntro => "Fix all applies the first fix of each failure in the order the run meets them, as one edit you can undo:",
            "「すべて修正」は、実行で発生する順に各失敗の最初の修正を適用します。1 回の操作で元に戻せます:";
        FixAllApply => "Apply all {0} fixes", "{0} 件の修正をすべて適用";
        FixAllNothing => "The run has no failure to fix.", "修正が必要な失敗はありません。";
        FixAllLeft => "Still failing afterwards: {0}", "適用後も残る失敗: {0}";
        FixAllUndoLabel => "Fix all ({0} fixes)", "すべて修正 ({0} 件)";
        FixLeastPrivilege => "least privilege", "最小権限";
        FixBroader => "broader", "より広い権限";
        FixAlsoAllows => "This also allows:", "この変更で次も許可されます:";
        FixComputing => "Computing verified fixes…", "検証済みの修正を計算しています…";
        FixWaitRun => "Fixes are computed once the run is complete.", "修正は実行が完了してから計算されます。";
        FixWithheld => "This lesson asks you to write the fix yourself: suggested fixes are off while it is open.", "このレッスンでは修正を自分で書きます。レッスンを開いている間は、修正の提案は表示されません。";
        FixNotFailed => "This step did not fail: nothing to fix.", "このステップは失敗していないため、修正はありません。";
        FixNone => "No verified fix was found for this failure.", "この失敗に対する検証済みの修正は見つかりませんでした。";
        FixNoLongerApplies => "This fix no longer applies to the scenario as it is now (it was edited since). Run again to get fresh fixes.",
            "この修正は現在のシナリオには適用できません (その後編集されています)。もう一度実行して新しい修正を取得してください。";
        FixForCause => "These fixes are for the failure that caused it: step {0}.", "これらは原因となった失敗 (ステップ {0}) に対する修正です。";
        FixRejected => "Options considered and not offered ({0})", "検討したが提示しなかった案 ({0})";
        FixPreview => "Preview of the fix:", "修正のプレビュー:";
        FixPreviewHint => "the highlighted lines are what Apply adds or changes, and struck-through lines are what it removes. Nothing is changed until you apply.",
            "ハイライトされた行が「適用」で追加または変更される箇所、取り消し線の行が削除される箇所です。適用するまで何も変更されません。";
        FixApplied => "The fix is applied; the highlighted lines are what it added or changed.",
            "修正を適用しました。ハイライトされた行が追加または変更された箇所です。";
        FixHideHighlight => "Hide highlight", "ハイライトを隠す";
        FixUndoLabel => "Fix: {0} ({1})", "修正: {0} ({1})";
        FixOpenTab => "Fix this", "修正する";
        EditAdd => "Add at", "追加:";
        EditReplace => "Replace at", "置き換え:";
        EditRemove => "Remove at", "削除:";
        EditMove => "Move to", "移動:";
        BucketPolicy => "Bucket policy", "バケットポリシー";

        // The summary bar and the timeline's tools
        SummaryTitle => "Run summary", "実行の概要";
        SummaryRunning => "Running… {0} steps so far. The summary appears when the run is complete.",
            "実行中です… これまでに {0} ステップ。概要は実行が完了すると表示されます。";
        SummaryNone => "none", "なし";
        SumProduced => "Produced", "生成";
        SumStored => "Stored in the stream", "ストリームに保存";
        SumDelivered => "Delivered", "配信済み";
        SumLost => "Lost", "消失";
        SumPending => "Pending", "保留中";
        SumKmsCalls => "KMS calls", "KMS の呼び出し";
        SumKmsFailed => " · {0} failed", "、失敗 {0} 件";
        ListSep => " · ", "、";
        SumFailures => "Failed steps", "失敗したステップ";
        FirstFailure => "First failure", "最初の失敗";
        StepLink => "step {0}: {1} {2}", "ステップ {0}: {1} {2}";
        TimelineTools => "Timeline tools", "タイムラインのツール";
        Show => "Show", "表示";
        FilterAll => "All steps", "すべてのステップ";
        FilterFailures => "Failures", "失敗のみ";
        FilterKms => "KMS calls", "KMS の呼び出し";
        FilterService => "Service: {0}", "サービス: {0}";
        GroupRepeated => "Group repeated steps", "繰り返しのステップをまとめる";
        GroupPeriod => "{0} +{1} each time", "{0} (毎回ほか {1} 件)";
        GroupLabel => "{0}: {1}, repeated ×{2}, {3}", "{0}: {1}、×{2} 回の繰り返し、{3}";
        Repeated => "repeated", "繰り返し";
        IdleShards => "{0} shards", "{0} シャード";
        IdleEmpty => " idle polls, no records", " 空のポーリング (レコードなし)";
        Derived => "derived", "算出値";
        NoneMatch => "No step so far matches this filter.", "これまでのステップにこのフィルターに一致するものはありません。";
        PrevFailure => "Previous failure", "前の失敗";
        NextFailure => "Next failure", "次の失敗";

        // The cause of a failed step, the evaluation path
        CausedBy => "Caused by step {0}: {1} → {2} failed with {3}", "原因はステップ {0} です: {1} → {2} が {3} で失敗しました";
        OpenStep => "Open step {0}", "ステップ {0} を開く";
        CauseAuthz => "The call that failed: step {0}, {1}", "失敗した呼び出し: ステップ {0}、{1}";
        CauseNoPolicy => "No policy decided this failure (see the Fix tab for what caused it).", "この失敗はポリシーの判定によるものではありません (原因は「修正」タブを参照してください)。";
        OwnAuthz => "This step's own authorization", "このステップ自体の認可";
        EvalPathTitle => "Evaluation path", "評価の経路";
        StoppedHere => "Evaluation stopped here", "ここで評価が終了";
        EvalPathLoading => "Loading the evaluation path…", "評価の経路を読み込んでいます…";
        EvalPathFailed => "The evaluation path could not be worked out: {0}", "評価の経路を求められませんでした: {0}";
        Sources => "Sources", "出典";

        // The playground
        Outdated => "Outdated:", "古い結果:";
        OutdatedWhy => "this result was computed from the last valid version of: {0}. It updates as soon as the text is valid again.",
            "この結果は次の最後の有効なバージョンから計算したものです: {0}。テキストが有効になるとすぐに更新されます。";
        And => ", ", "、";
        ShadowedTitle => "A condition that does not protect anything:", "何も保護していない条件:";
        CompareTitle => "Compared with the example's {0} before your edits (Access Analyzer's CheckNoNewAccess, run in this page):", "編集前の例の{0}との比較 (Access Analyzer の CheckNoNewAccess をこのページで実行):";
        CompareWorking => "Comparing…", "比較しています…";
        CompareNoNew => "PASS: your version grants no new access.", "PASS: 編集後のポリシーは新しいアクセスを許可しません。";
        CompareNew => "FAIL: your version grants new access:", "FAIL: 編集後のポリシーは新しいアクセスを許可します:";
        CompareRemoved => "It takes away:", "許可されなくなるアクセス:";
        CompareSampled => "There were more requests to compare than the budget allows: they were sampled at an even stride.", "比較するリクエストが上限より多かったため、等間隔で抽出して比較しました。";

        FixKindChangeCall => "Make the call the way the policy expects (no policy change)", "ポリシーが想定する方法で呼び出す (ポリシーの変更なし)";
        FixKindDenyException => "Add an exception to the explicit Deny", "明示的な拒否に例外を追加する";
        FixKindIdentityStatement => "Allow it in the role's identity-based policy", "ロールのアイデンティティベースのポリシーで許可する";
        FixKindKeyPolicyStatement => "Allow the role in the key policy", "キーポリシーでロールを許可する";
        FixKindGrant => "Create a grant", "グラントを作成する";
        FixKindResourcePolicyStatement => "Allow it in the resource-based policy", "リソースベースのポリシーで許可する";
        FixKindTrustStatement => "Let the service assume the role (trust policy)", "サービスにロールの引き受けを許可する (信頼ポリシー)";
        FixKindTrustPrincipal => "Correct the trust policy's principal", "信頼ポリシーのプリンシパルを修正する";
        FixKindBoundaryStatement => "Allow it in the permissions boundary", "アクセス許可の境界で許可する";
        FixKindScpStatement => "Allow it in the SCP", "SCP で許可する";
        FixKindRemoveDeny => "Remove the explicit Deny", "明示的な拒否を削除する";
        FixKindNarrowDeny => "Narrow the explicit Deny", "明示的な拒否の範囲を狭める";
        FixKindWidenCondition => "Widen the condition", "条件を広げる";
        FixKindContextCondition => "Match the encryption context condition", "暗号化コンテキストの条件に合わせる";
        FixKindEnableKey => "Enable the key", "キーを有効にする";
        FixKindCancelKeyDeletion => "Cancel the key deletion", "キーの削除をキャンセルする";
        FixKindRemoveEvent => "Remove the event that caused it", "原因となったイベントを削除する";
        FixKindUseAwsManagedKey => "Use the AWS managed key", "AWS マネージドキーを使う";
        FixKindDisableBucketKey => "Turn off the S3 Bucket Key", "S3 バケットキーをオフにする";
        FixKindRaiseKmsQuota => "Raise the KMS request quota", "KMS のリクエストクォータを引き上げる";
        FixKindLowerConcurrency => "Lower the producers' concurrency", "プロデューサーの同時実行数を下げる";
        FixKindOriginalCiphertext => "Use the original ciphertext", "元の暗号文を使う";
        FixKindMatchingContext => "Use the matching encryption context", "一致する暗号化コンテキストを使う";
        FixKindFirehoseEncryption => "Give Firehose its own KMS encryption setting", "Firehose ストリームに KMS 暗号化を設定する";
    }
}
