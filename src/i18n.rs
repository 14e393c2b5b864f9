//! The string catalogue: every text the UI shows, in English and Japanese. The Japanese
//! follows the terms of AWS's Japanese documentation: キーポリシー, データキー,
//! 暗号化コンテキスト, … API names stay in English.
//!
//! Keys are declared with `envelope_lab::catalogue!`: a key without both languages does not
//! compile, so a missing translation is a compile error, not a blank label. Each key's text
//! is a `'static` [`envelope_lab::text::Text`].

pub use envelope_lab::text::grouped;
use envelope_lab::text::{fill, Catalogue};
use std::fmt::Display;

/// A UI language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The BCP 47 code used in URLs (`lang=ja`) and the `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language's own name, for the picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ja => "日本語",
        }
    }

    /// Reads a code such as `ja`, `ja-JP` or `en-US`; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    /// The first supported language among the browser's preferences, else English.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        preferred
            .into_iter()
            .find_map(Lang::from_code)
            .unwrap_or_default()
    }

    /// The text of a catalogue key (the UI's [`T`], the tutorial's strings) in this language.
    pub fn t(self, key: impl Catalogue) -> &'static str {
        let (en, ja) = key.pair();
        match self {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }

    /// The text of `key` with `{0}`, `{1}`, … replaced by `args`.
    pub fn f(self, key: impl Catalogue, args: &[&dyn Display]) -> String {
        fill(self.t(key), args)
    }
}

/// An undo/redo entry's label as shown in `lang`. Labels are written when the edit is made
/// (the inspector's already in the UI language); the ones written in English elsewhere
/// (a lesson start or its solution, a quiz scenario, a preset, an import, the scenario
/// JSON editor, switching stream SSE) read in Japanese here. A lesson's title is dropped in
/// Japanese (the label holds the English one), leaving "レッスン N".
pub fn history_label(label: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return label.to_string();
    }
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some((n, _title)) = label
        .strip_prefix("Lesson ")
        .and_then(|rest| rest.split_once(": "))
        .filter(|(n, _)| number(n))
    {
        return format!("レッスン {n}");
    }
    if let Some(n) = label
        .strip_prefix("Solution of lesson ")
        .filter(|n| number(n))
    {
        return format!("レッスン {n} の解答");
    }
    if let Some(name) = label.strip_prefix("preset ") {
        return format!("プリセット {name}");
    }
    if let Some(stream) = label.strip_prefix("SSE on ") {
        return format!("SSE 有効 {stream}");
    }
    if let Some(stream) = label.strip_prefix("SSE off ") {
        return format!("SSE 無効 {stream}");
    }
    match label {
        "Quiz scenario" => "クイズのシナリオ".into(),
        "import" => "インポート".into(),
        "scenario JSON" => "シナリオ JSON".into(),
        other => other.to_string(),
    }
}

/// A step's modelled-behaviour note as shown in `lang`: the "Simulation model:" sentence
/// and the engine's note. The engine writes its notes to follow a colon in the CLI
/// (lower-case start); after a full sentence the English note starts a sentence itself.
pub fn model_note(note: &envelope_lab::text::Text, lang: Lang) -> String {
    let lead = lang.t(T::ModelNote);
    let text = note.get(lang.code());
    if lang == Lang::Ja {
        return format!("{lead}{text}");
    }
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
    format!("{lead} {}{}", first.unwrap_or_default(), chars.as_str())
}

/// An account of the diagram's boundaries: its name and id (or "Account <id>"), and its
/// OUs from the root down.
pub fn account_label(a: &envelope_lab::sim::view::AccountBoundary, lang: Lang) -> String {
    let mut label = match &a.name {
        Some(name) => format!("{name} · {}", a.id),
        None => lang.f(T::AccountId, &[&a.id]),
    };
    if !a.ous.is_empty() {
        label.push_str(" · ");
        label.push_str(&lang.f(T::OuPath, &[&a.ous.join(" / ")]));
    }
    label
}

/// An actor name from the engine's trace as shown in `lang`: the service names stay, the
/// engine's English glosses ("on behalf of the producer", "Reader") are translated.
pub fn actor(text: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    if let Some(role) = text.strip_prefix("Batch copy as ") {
        return format!("バッチオペレーションのコピー ({role})");
    }
    const GLOSSES: [(&str, &str); 4] = [
        ("(on behalf of the producer)", "(プロデューサーの代理)"),
        ("(on behalf of the consumer)", "(コンシューマーの代理)"),
        ("(on behalf of the caller)", "(呼び出し元の代理)"),
        ("Reader ", "読み取り "),
    ];
    GLOSSES
        .iter()
        .fold(text.to_string(), |t, (en, ja)| t.replace(en, ja))
}

envelope_lab::catalogue! {
    /// A key of the UI catalogue.
    pub enum T {
        // Top bar
        Tagline => "KMS envelope encryption, step by step: Lambda → Kinesis → Firehose → S3",
                   "KMS のエンベロープ暗号化をステップごとに: Lambda → Kinesis → Firehose → S3";
        Mode => "Mode", "モード";
        ModeTutorial => "Tutorial", "チュートリアル";
        ModeSandbox => "Sandbox", "サンドボックス";
        ModePlayground => "Key-policy playground", "キーポリシーのプレイグラウンド";
        Language => "Language", "言語";
        Seed => "Seed", "シード";
        NewSeed => "New seed", "新しいシード";
        ShareLink => "Share link", "共有リンク";
        LinkCopied => "The link to this exact state is in the address bar and on the clipboard.",
                      "この状態へのリンクをアドレスバーとクリップボードに入れました。";
        LinkReady => "The link to this exact state is in the address bar.",
                     "この状態へのリンクをアドレスバーに入れました。";
        ExportJson => "Export JSON", "JSON をエクスポート";
        ImportJson => "Import JSON", "JSON をインポート";
        ImportCfn => "Import CloudFormation", "CloudFormation をインポート";
        ImportCfnHint => "Choose or drop template files: YAML or JSON, the root and every nested template",
                         "テンプレートファイルを選択するか、ページにドロップしてください (YAML または JSON、ルートとネストされたテンプレートすべて)";
        ExportCfn => "Export CloudFormation", "CloudFormation をエクスポート";
        CfnImported => "CloudFormation imported", "CloudFormation をインポートしました";
        CfnInlineCode => "Inline code of {0} ({1}): shown, never run",
                         "{0} のインラインコード ({1}): 表示のみで、実行されません";
        CfnImporting => "Importing CloudFormation", "CloudFormation をインポートしています";
        CfnLoading => "Loading the importer…", "インポーターを読み込んでいます…";
        CfnLoadingWhy => "The importer loads the first time you import or export a template, so that the page itself opens faster.",
                         "ページをすばやく開けるように、インポーターはテンプレートを初めてインポートまたはエクスポートするときに読み込まれます。";
        CfnReading => "Reading {0} template file(s)…", "{0} 個のテンプレートファイルを読み込んでいます…";
        CfnExporting => "Exporting…", "エクスポートしています…";
        CfnUnavailable => "the CloudFormation importer could not be loaded ({0})",
                          "CloudFormation のインポーターを読み込めませんでした ({0})";
        Cancel => "Cancel", "キャンセル";
        Undo => "Undo", "元に戻す";
        Redo => "Redo", "やり直す";
        UndoWhat => "Undo: {0}", "元に戻す: {0}";
        RedoWhat => "Redo: {0}", "やり直す: {0}";
        PanelObjects => "S3 objects", "S3 オブジェクト";
        PanelLogs => "Firehose error log", "Firehose エラーログ";
        PanelCost => "KMS usage and cost", "KMS の使用量とコスト";
        Close => "Close", "閉じる";
        Menu => "Menu", "メニュー";
        MoreTools => "More", "その他の操作";
        AccountId => "Account {0}", "アカウント {0}";
        OuPath => "OU {0}", "OU {0}";
        Dismiss => "Dismiss", "閉じる";
        Footer => "Envelope Lab {0} — a deterministic simulation in your browser: no AWS account, no network.",
                  "Envelope Lab {0} — ブラウザ内で動く決定論的なシミュレーションです。AWS アカウントもネットワークも使いません。";
        ModelNote => "Simulation model: where AWS documents nothing, the behaviour shown is the model's choice.",
                     "シミュレーションのモデル: AWS が文書化していない挙動は、このモデルによる選択です。";

        // Controls
        Controls => "Simulation controls", "シミュレーションの操作";
        Reset => "Reset", "リセット";
        StepBack => "Step back", "1 つ戻る";
        Step => "Step", "ステップ";
        Play => "Play", "再生";
        Pause => "Pause", "一時停止";
        RunToEnd => "Run to end", "最後まで実行";
        Speed => "Speed", "速度";
        StepsPerSecond => "{0} steps/s", "毎秒 {0} ステップ";
        StepPerSecond => "{0} step/s", "毎秒 {0} ステップ";
        StepCounter => "Step {0} of {1}", "ステップ {0} / {1}";
        Computing => "Simulating… {0} {0:step|steps} so far", "シミュレーション中… {0} ステップ";
        KeyboardHint => "Keys: Space or → step · ← step back · r reset · n / p next / previous failure — anywhere but a text field or list; Space on a focused button presses it",
                        "キー操作: スペースまたは → でステップ、← で 1 つ戻る、r でリセット、n / p で次 / 前の失敗へ移動 (入力欄とリスト以外で有効です。ボタンにフォーカスがあるときは、スペースでそのボタンを押します)";

        // Diagram
        Diagram => "Pipeline diagram", "パイプラインの図";
        DiagramTitle => "Pipeline: Lambda → Kinesis data stream → Firehose → S3 bucket, with two KMS keys",
                        "パイプライン: Lambda → Kinesis データストリーム → Firehose → S3 バケット (KMS キー 2 つ)";
        DiagramAsText => "The diagram as text", "図の内容 (テキスト)";
        NodeLambda => "Lambda (producer)", "Lambda (プロデューサー)";
        NodeStream => "Kinesis data stream", "Kinesis データストリーム";
        NodeFirehose => "Firehose stream", "Firehose ストリーム";
        NodeBucket => "S3 bucket", "S3 バケット";
        NodeKey => "KMS key", "KMS キー";
        IamRoleNamed => "IAM role {0}", "IAM ロール {0}";
        RecordsInShard => "{0} {0:record|records} ({1} encrypted)", "レコード {0} 件 (暗号化 {1} 件)";
        RecordsInBuffer => "{0} {0:record|records} buffered", "バッファ内のレコード {0} 件";
        ObjectsInBucket => "{0} {0:object|objects}", "オブジェクト {0} 個";
        SseOn => "SSE: KMS", "SSE: KMS";
        Separator => " · ", "、";
        SseOff => "SSE: off", "SSE: オフ";
        OpenSettings => "Opens its settings beside the diagram.", "図の横に設定を開きます。";
        CurrentStep => "Current step: {0}", "現在のステップ: {0}";
        NothingYet => "Nothing has happened yet.", "まだ何も起きていません。";

        // Timeline
        Timeline => "Timeline", "タイムライン";
        ColTime => "Time", "時刻";
        ColActor => "Actor → service", "アクター → サービス";
        ColOperation => "Operation", "オペレーション";
        ColPrincipal => "Principal", "プリンシパル";
        ColOutcome => "Outcome", "結果";
        OutcomeOk => "OK", "成功";
        NoStepsYet => "No steps yet. Press Step (or Space) to start.", "まだステップはありません。「ステップ」(またはスペース) で開始します。";
        StepDetails => "Details of step {0}", "ステップ {0} の詳細";
        TabRequest => "Request / Response", "リクエスト / レスポンス";
        TabAuthorization => "Authorization", "認可";
        TabEnvelope => "Envelope", "エンベロープ";
        TabCloudTrail => "CloudTrail", "CloudTrail";
        Request => "Request", "リクエスト";
        Response => "Response", "レスポンス";
        NoneForStep => "Not applicable to this step.", "このステップには該当しません。";
        NoCloudTrail => "This step writes no KMS event to CloudTrail.", "このステップは CloudTrail に KMS イベントを記録しません。";

        // Authorization
        Decision => "Decision", "判定";
        DecidingRule => "Deciding rule", "判定の根拠";
        Allowed => "Allowed", "許可";
        ExplicitDeny => "Explicit deny", "明示的な拒否";
        ImplicitDeny => "Implicit deny", "暗黙的な拒否";
        KeyPolicy => "Key policy", "キーポリシー";
        IdentityPolicy => "Identity-based policy", "アイデンティティベースのポリシー";
        ResourcePolicy => "Resource-based policy", "リソースベースのポリシー";
        PermissionsBoundary => "Permissions boundary", "アクセス許可の境界";
        StatementN => "Statement {0}", "ステートメント {0}";
        Matched => "matched", "一致";
        NotMatched => "not matched", "不一致";
        ConditionKey => "Condition key", "条件キー";
        RequestValue => "Request value", "リクエストの値";
        PolicyValue => "Policy value", "ポリシーの値";
        Operator => "Operator", "条件演算子";
        ResultCol => "Result", "結果";
        Absent => "(absent)", "(なし)";
        Principal => "Principal", "プリンシパル";
        Action => "Action", "アクション";
        Resource => "Resource", "リソース";

        // Envelope
        Plaintext => "Plaintext", "プレーンテキスト";
        PlaintextDataKey => "Plaintext data key", "プレーンテキストのデータキー";
        DataKeyDiscarded => "discarded by the service once used; never stored", "使用後にサービスが破棄し、保存されません";
        Nonce => "Nonce", "ナンス";
        Ciphertext => "Ciphertext", "暗号文";
        EncryptedDataKey => "Encrypted data key (CiphertextBlob)", "暗号化されたデータキー (CiphertextBlob)";
        EncryptionContext => "Encryption context (additional authenticated data)", "暗号化コンテキスト (追加認証データ)";
        ThisStep => "This step:", "このステップ:";
        EnvelopeDrawn => "The envelope, drawn", "エンベロープの図";
        KeyBytes => "Key bytes", "キーのバイト列";
        Base64 => "base64 (as AWS prints them)", "base64 (AWS の表示形式)";
        Hex => "hex", "16 進数";
        RecordsCarried => "Records in this step: {0}", "このステップのレコード: {0} 件";
        RecordsFirstShown => "(the first {0} are listed)", "(最初の {0} 件を表示)";
        ColData => "Data", "データ";
        EncryptionTypeAbsent => "absent: plaintext", "なし: プレーンテキスト";
        RecordRejected => "rejected, not stored", "拒否 (保存されていません)";
        KmsKey => "KMS key", "KMS キー";

        // Inspector and editors
        Inspector => "Settings", "設定";
        InspectorHint => "Select an element of the diagram to see and edit its settings.",
                         "図の要素を選ぶと、その設定を表示して編集できます。";
        EditorValid => "Valid — applied and re-simulated.", "有効です。適用して再シミュレーションしました。";
        EditorValidUnedited => "Valid.", "有効です。";
        EditorInvalid => "Not applied: the simulation still uses the last valid version.", "未適用: シミュレーションは最後の有効なバージョンを使っています。";
        ErrorAt => "Line {0}, column {1}: {2}", "{0} 行 {1} 列: {2}";
        ErrorAtPath => "{0}: {1}", "{0}: {1}";
        CannotBeSet => "{0}: cannot be set", "{0}: 設定できません";
        LintFindings => "Lint findings", "lint の指摘";
        NoFindings => "No lint findings.", "lint の指摘はありません。";
        TrustPolicy => "Trust policy", "信頼ポリシー";
        InlinePolicy => "Inline policy {0}", "インラインポリシー {0}";
        KeyState => "Key state", "キーの状態";
        StateEnabled => "Enabled", "有効";
        StateDisabled => "Disabled", "無効";
        StatePendingDeletion => "Pending deletion", "削除保留中";
        StateDeleted => "Deleted", "削除済み";
        EnableKey => "Enable key", "キーを有効にする";
        DisableKey => "Disable key", "キーを無効にする";
        ScheduleDeletion => "Schedule key deletion", "キーの削除をスケジュールする";
        DeleteKeyNow => "Delete key (end of waiting period)", "キーを削除 (待機期間の終了)";
        KeyStateAt => "From (offset from start, e.g. 30s; empty = from the start)", "開始時刻 (開始からのオフセット、例: 30s。空欄 = 最初から)";
        StreamEncryption => "Server-side encryption (SSE)", "サーバー側の暗号化 (SSE)";
        EncryptionOn => "On (KMS)", "オン (KMS)";
        EncryptionOff => "Off", "オフ";
        EncryptionKey => "KMS key", "KMS キー";
        BufferSize => "Buffer size (MiB, 1–128)", "バッファサイズ (MiB、1～128)";
        BufferInterval => "Buffer interval (seconds, 0–900)", "バッファ間隔 (秒、0～900)";
        BucketKey => "S3 Bucket Key", "S3 バケットキー";
        BucketKeyHelp => "One bucket-level key per requester, derived from one KMS call, reused for many objects.",
                         "リクエスタごとに 1 回の KMS 呼び出しから作るバケットレベルのキーを、多数のオブジェクトで再利用します。";
        DefaultEncryption => "Default encryption", "デフォルトの暗号化";
        Readers => "Reader roles", "読み取りロール";
        ReaderAt => "Reads at {0}", "{0} に読み取り";
        AddReader => "Add reader", "読み取りを追加";
        Remove => "Remove", "削除";
        Role => "Role", "ロール";
        Records => "Records per invocation", "呼び出しごとのレコード数";
        Invocations => "Invocations", "呼び出し回数";
        ApplyAt => "Apply at", "適用時刻";
        ScenarioJson => "Whole scenario (JSON)", "シナリオ全体 (JSON)";
        InvalidNumber => "Enter a whole number between {0} and {1}.", "{0}～{1} の整数を入力してください。";

        // Side panels
        OpenAsRole => "Open as role", "ロールを指定して開く";
        OpenObject => "Open", "開く";
        Size => "Size", "サイズ";
        EncryptionStatus => "Encryption status", "暗号化ステータス";
        BucketKeyStatus => "Bucket Key status", "バケットキーのステータス";
        NoObjects => "No objects in the bucket yet. Step or run to the end.", "バケットにはまだオブジェクトがありません。ステップを進めるか最後まで実行してください。";
        ObjectOpened => "GetObject as {0} at step {1}", "ステップ {1} の時点で {0} として GetObject";
        ObjectsAtStep => "Objects in the bucket at step {0}.", "ステップ {0} の時点でバケットにあるオブジェクト。";
        OpenObjectAs => "Open as {0}", "{0} として開く";
        WhyDecision => "Why: authorization", "理由: 認可の評価";
        ObjectReadSteps => "Steps this request made (on a copy of the run; the timeline is unchanged):", "このリクエストで発生したステップ (実行のコピー上で評価。タイムラインは変わりません):";
        Presets => "Presets", "プリセット";
        Modelled => "Modelled", "モデル化";
        LoadPreset => "Load preset", "プリセットを読み込む";
        PresetLoading => "Loading the preset…", "プリセットを読み込んでいます…";
        PresetLoadFailed => "The preset could not be loaded: {0}", "プリセットを読み込めませんでした: {0}";
        CurrentScenario => "Current scenario:", "現在のシナリオ:";
        CustomScenario => "custom scenario", "カスタムシナリオ";
        PresetEdited => "{0} (edited)", "{0} (編集済み)";
        CustomScenarioHelp => "Not one of the presets: it came from a link, a file, an embedding page or a lesson. Choose a preset and Load to start from one.",
                              "プリセットではないシナリオです (リンク、ファイル、埋め込み元のページ、レッスンから読み込まれました)。プリセットを選んで読み込むと、そこから始められます。";
        EditedScenarioHelp => "Loaded from the preset {0}, then edited. Choose a preset and Load to start again from it.",
                              "プリセット {0} を読み込んでから編集したシナリオです。プリセットを選んで読み込むと、そこからやり直せます。";
        AtStep => "At step {0}", "ステップ {0} の時点";
        WholeRun => "Whole run", "実行全体";
        WholeRunSoFar => "Whole run (so far)", "実行全体 (ここまで)";
        RunSummary => "Run summary (determinism)", "実行の概要 (決定性)";
        StepsTotal => "Steps", "ステップ数";
        TraceHashNote => "SHA-256 over every step of the trace. The same scenario and seed give the same hash here and in the native CLI (envelope-lab run --summary).", "トレースの全ステップに対する SHA-256。同じシナリオとシードなら、ここでもネイティブ CLI (envelope-lab run --summary) でも同じハッシュになります。";
        Headers => "Response headers", "レスポンスヘッダー";
        Body => "Body", "本文";
        Inventory => "Inventory", "インベントリ";
        LogGroup => "Log group {0}, log stream {1}", "ロググループ {0}、ログストリーム {1}";
        NoLogErrors => "No delivery errors logged.", "配信エラーは記録されていません。";
        RequestsByOperation => "KMS requests by operation", "オペレーション別の KMS リクエスト";
        Operation => "Operation", "オペレーション";
        DataKeyReuse => "Data-key reuse", "データキーの再利用";
        DataKeyReuseText => "{0} {0:record|records} encrypted with {1} data {1:key|keys}.", "{0} 件のレコードを {1} 個のデータキーで暗号化しました。";
        BucketKeySavings => "S3 Bucket Key", "S3 バケットキー";
        BucketKeySavingsText => "{0} {0:object|objects} written with {1} S3 KMS {1:request|requests}.", "{0} 個のオブジェクトを {1} 件の S3 の KMS リクエストで書き込みました。";
        Scale => "Scale for the monthly estimate", "月額の見積もりの規模";
        Shards => "Shards", "シャード";
        RecordsPerSecond => "Records per second", "1 秒あたりのレコード数";
        Producers => "Producers (credentials)", "プロデューサー (認証情報)";
        Consumers => "Consumers", "コンシューマー";
        ObjectsPerHour => "Objects per hour", "1 時間あたりのオブジェクト数";
        MonthlyCost => "Estimated KMS cost per month", "KMS の月額コストの見積もり";
        CostBreakdown => "{0} {0:request|requests}/month: ${1} for requests + ${2} for {3} {3:key|keys}", "月 {0} 件のリクエスト: リクエスト ${1} + キー {3} 個 ${2}";
        CostBucketKeyOff => "Without S3 Bucket Keys: {0} S3 requests/month", "S3 バケットキーなし: S3 のリクエスト 月 {0} 件";
        CostBucketKeyOn => "With S3 Bucket Keys: {0} S3 requests/month", "S3 バケットキーあり: S3 のリクエスト 月 {0} 件";
        CostModel => "Model: Kinesis asks KMS for a new data key about every 5 minutes per credential; prices $1 per key-month and $0.03 per 10,000 requests (first 20,000 free).",
                     "モデル: Kinesis は認証情報ごとに約 5 分おきに KMS に新しいデータキーを要求します。料金はキー 1 個あたり月 $1、10,000 リクエストあたり $0.03 (月 20,000 リクエストまで無料)。";

        // Client-side encryption: cost, objects, the SDK message, who can read the plaintext
        ClientSideCost => "Client-side encryption: the producer's KMS requests", "クライアント側の暗号化: プロデューサーの KMS リクエスト";
        ClientSideRunCalls => "{0} sealed {1} {1:record|records} with {2} GenerateDataKey {2:request|requests} ({3}).",
                              "{0} は {1} 件のレコードを {2} 件の GenerateDataKey リクエストで暗号化しました ({3})。";
        CachingOff => "no data key caching: one request per record", "データキーのキャッシュなし: レコードごとに 1 リクエスト";
        CachingOn => "data key caching, max_age {0}: {1} {1:request|requests} saved", "データキーのキャッシュあり (max_age {0}): {1} 件のリクエストを節約";
        ClientSideMonthly => "At this scale, per month: {0} GenerateDataKey requests without caching (one per record); {1} with caching (max_age {2}).",
                             "この規模での月間: キャッシュなしで GenerateDataKey リクエスト {0} 件 (レコードごとに 1 件)、キャッシュあり (max_age {2}) で {1} 件。";
        SseComparison => "Server-side (Kinesis SSE) beside it: {0} KMS requests in this run; {1}/month at this scale.",
                         "比較のためのサーバー側 (Kinesis の SSE): この実行で KMS リクエスト {0} 件、この規模で月 {1} 件。";
        SseComparisonModel => "One data key per credential every 5 minutes, as the lab simulates Kinesis. AWS documents a call about every 5 minutes per credential and estimates about 12 KMS calls every 5 minutes per stream and credential read at the tip; the exact cadence is not documented.",
                              "このラボが Kinesis をシミュレートするとおり、認証情報ごとに 5 分に 1 つのデータキーと数えています。AWS は認証情報ごとに約 5 分に 1 回の呼び出しと記載し、最新の位置で読み取る場合はストリームと認証情報ごとに 5 分で約 12 回の KMS 呼び出しと見積もっています。正確な間隔は文書化されていません。";
        CachingTradeoff => "The trade-off: with caching one data key protects many records, so one exposed data key exposes all of them; max_age, max_messages and max_bytes limit how many.",
                           "トレードオフ: キャッシュを使うと 1 つのデータキーが多くのレコードを保護するため、そのデータキーが 1 つ漏れるとそれらすべてが読まれます。その数を制限するのが max_age、max_messages、max_bytes です。";
        ObjectSdkMessages => "Holds {0} AWS Encryption SDK {0:message|messages} (one per record), not records: opening it returns the messages; only kms:Decrypt on the producer's key turns them into records.",
                             "レコードではなく、AWS Encryption SDK のメッセージ {0} 件 (レコードごとに 1 件) が入っています。開くと返るのはメッセージで、レコードに戻せるのはプロデューサーのキーに対する kms:Decrypt だけです。";
        DurationMinutes => "{0} min", "{0} 分";
        DurationSeconds => "{0} s", "{0} 秒";
        SdkMessageTitle => "AWS Encryption SDK message", "AWS Encryption SDK のメッセージ";
        SdkMessageSize => "{0} bytes, algorithm suite {1}", "{0} バイト、アルゴリズムスイート {1}";
        SdkMessageOf => "Message {0} of {1} stored back to back here (one per record).", "ここに連結して保存されている {1} 件のメッセージのうち {0} 件目です (レコードごとに 1 件)。";
        SdkPartBytes => "{0} bytes", "{0} バイト";
        SdkFirstBytes => "first {0} of {1} bytes", "{1} バイト中の先頭 {0} バイト";
        SdkFramesHidden => "{0} more {0:frame|frames} not listed.", "ほかに {0} 個のフレームがあります (表示していません)。";
        SdkInside => "Inside:", "その中:";
        PanelPlaintext => "Who can read the plaintext", "プレーンテキストを読めるのは誰か";
        PlaintextCaption => "What each role gets at each place, evaluated from the scenario's policies", "各ロールが各場所で得られるもの (シナリオのポリシーから評価)";
        PlaintextStream => "Stream records (GetRecords)", "ストリームのレコード (GetRecords)";
        PlaintextFirehose => "Firehose (as its source role)", "Firehose (ソースロールとして)";
        PlaintextObject => "S3 objects (GetObject)", "S3 オブジェクト (GetObject)";
        PlaintextPending => "Shown when the run is complete.", "実行が完了すると表示されます。";
        PlaintextComputing => "Working out who can read the plaintext (the policy tools replay the run)…", "プレーンテキストを読めるのは誰かを評価しています (ポリシーツールが実行を再生しています)…";
        PlaintextFailed => "Who can read the plaintext could not be worked out: {0}", "プレーンテキストを読めるのは誰かを評価できませんでした: {0}";
        PlaintextNoRun => "The scenario does not run, so there is nothing to evaluate.", "シナリオを実行できないため、評価する対象がありません。";
        PlaintextNoObject => "No object was written in this run: the S3 column says so.", "この実行ではオブジェクトが書き込まれていないため、S3 の列は該当なしです。";

        // Playground
        Playground => "Key-policy playground", "キーポリシーのプレイグラウンド";
        PlaygroundIntro => "Send any KMS request against a key policy and IAM policies; every statement and condition is explained.",
                           "任意の KMS リクエストをキーポリシーと IAM ポリシーに照らして評価し、ステートメントと条件ごとに説明します。";
        Example => "Example", "例";
        PgPrincipal => "Principal ARN", "プリンシパルの ARN";
        PgAction => "Action", "アクション";
        PgKeyArn => "Key ARN", "キーの ARN";
        PgViaService => "kms:ViaService (empty = direct call)", "kms:ViaService (空欄 = 直接呼び出し)";
        PgCallerAccount => "kms:CallerAccount", "kms:CallerAccount";
        PgContext => "Encryption context (JSON object)", "暗号化コンテキスト (JSON オブジェクト)";
        PgResult => "The request, decided", "リクエストの判定";
        PgIamPolicy => "IAM policy of the principal", "プリンシパルの IAM ポリシー";
        ExampleKinesis => "Kinesis stream key (seed stack)", "Kinesis ストリームのキー (シードスタック)";
        ExampleS3 => "S3 bucket key (seed stack)", "S3 バケットのキー (シードスタック)";
        ExampleEventBridge => "EventBridge connection key (kms:EncryptionContext:SecretARN)", "EventBridge 接続のキー (kms:EncryptionContext:SecretARN)";
        ExampleRootOnly => "Root-only key policy (IAM decides)", "ルートのみのキーポリシー (IAM で判定)";
        PgContextSyntax => "Encryption context: line {0}, column {1}: {2}", "暗号化コンテキスト: {0} 行 {1} 列: {2}";
        PgContextNotObject => "The encryption context must be a JSON object of strings, such as {\"purpose\": \"demo\"}.",
                              "暗号化コンテキストは、{\"purpose\": \"demo\"} のように値が文字列の JSON オブジェクトで指定してください。";
        PgContextValue => "The encryption context value of \"{0}\" must be a string, not {1}.",
                          "暗号化コンテキストの \"{0}\" の値には文字列を指定してください (指定された値: {1})。";
        JsonUnreadable => "{0}", "この JSON は読み込めません: {0}";

        // Notices
        BadLink => "This link could not be read ({0}). Nothing was changed: your work is as it was.",
                   "このリンクを読み込めませんでした ({0})。何も変更していません。作業は元のままです。";
        FutureLink => "This link was made by a newer Envelope Lab (format {0}). Nothing was changed: your work is as it was.",
                      "このリンクは新しいバージョンの Envelope Lab で作られています (形式 {0})。何も変更していません。作業は元のままです。";
        BadLinkScenario => "The scenario in this link is not valid ({0}). Nothing was changed: your work is as it was.",
                           "このリンクのシナリオは無効です ({0})。何も変更していません。作業は元のままです。";
        LinkOpened => "This is the scenario from a link. Your saved work is kept — go back to it at any time. Changes made here are not saved unless you keep this instead.",
                      "リンクのシナリオを表示しています。保存した作業はそのまま残っているので、いつでも戻れます。ここでの変更は、こちらを残すことにしない限り保存されません。";
        LinkBack => "Go back to my saved work", "保存した作業に戻る";
        LinkKeep => "Keep this instead", "こちらを残す";
        StorageCorrupt => "The work saved in this browser could not be read ({0}); it was replaced by the default scenario.",
                          "このブラウザに保存された作業を読み込めませんでした ({0})。デフォルトのシナリオに置き換えました。";
        ImportFailed => "Import failed: {0}", "インポートに失敗しました: {0}";
        ExportFailed => "Export failed: {0}", "エクスポートに失敗しました: {0}";
        Imported => "Scenario imported.", "シナリオをインポートしました。";
        EngineError => "The simulation could not run this scenario: {0}", "このシナリオはシミュレーションできません: {0}";
        CryptoLoading => "Loading client-side encryption… (the AWS Encryption SDK's cryptography is downloaded the first time a scenario seals or opens records client-side; the run starts once it is here)",
                         "クライアント側の暗号化を読み込んでいます… (AWS Encryption SDK の暗号処理は、クライアント側で暗号化または復号するシナリオを初めて実行するときにダウンロードされます。届いたら実行を始めます)";
        CryptoFailed => "This scenario needs client-side encryption, which could not be loaded: {0}. Your scenario is kept as it is; try again once the file can be reached.",
                        "このシナリオにはクライアント側の暗号化が必要ですが、読み込めませんでした: {0}。シナリオはそのまま残っています。ファイルにアクセスできるようになったら、もう一度お試しください。";
        CryptoRetry => "Try again", "もう一度試す";
        SkipToMain => "Skip to the main content", "メインコンテンツへ移動";
        SideColumn => "Lesson, settings and panels", "レッスン、設定、パネル";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use envelope_lab::text::placeholders;

    #[test]
    fn every_key_has_both_languages() {
        for key in T::ALL {
            let text = key.text();
            assert!(
                text.missing().is_empty(),
                "{key:?} lacks {:?}",
                text.missing()
            );
            assert_eq!(
                placeholders(text.en()),
                placeholders(text.ja()),
                "{key:?}: placeholders differ"
            );
        }
    }

    #[test]
    fn the_japanese_uses_the_glossary_terms() {
        for key in T::ALL {
            let problems = envelope_lab::lessons::style::ja_problems(key.text().ja());
            assert!(problems.is_empty(), "{key:?}: {problems:?}");
        }
    }

    #[test]
    fn a_model_note_starts_its_own_sentence_in_english() {
        let note =
            envelope_lab::text::Text::lit("the PutRecord API reference says so", "日本語の注記");
        assert_eq!(
            model_note(&note, Lang::En),
            "Simulation model: where AWS documents nothing, the behaviour shown is the model's choice. The PutRecord API reference says so"
        );
        assert!(model_note(&note, Lang::Ja).ends_with("。日本語の注記"));
        assert!(!model_note(&note, Lang::Ja).contains("。 "));
    }

    #[test]
    fn actors_are_translated_in_japanese_only() {
        let a = "Kinesis (on behalf of the producer)";
        assert_eq!(actor(a, Lang::En), a);
        assert_eq!(actor(a, Lang::Ja), "Kinesis (プロデューサーの代理)");
        assert_eq!(
            actor("Batch copy as BatchCopyRole", Lang::Ja),
            "バッチオペレーションのコピー (BatchCopyRole)"
        );
    }

    #[test]
    fn history_labels_read_in_japanese() {
        let l = "Lesson 4: Your own key for the stream";
        assert_eq!(history_label(l, Lang::En), l);
        assert_eq!(history_label(l, Lang::Ja), "レッスン 4");
        assert_eq!(
            history_label("Solution of lesson 12", Lang::Ja),
            "レッスン 12 の解答"
        );
        assert_eq!(
            history_label("preset explicit-deny", Lang::Ja),
            "プリセット explicit-deny"
        );
        assert_eq!(history_label("import", Lang::Ja), "インポート");
        assert_eq!(history_label("Lesson x: y", Lang::Ja), "Lesson x: y");
        assert_eq!(history_label("Key policy (K)", Lang::Ja), "Key policy (K)");
    }

    #[test]
    fn negotiation_and_filling() {
        assert_eq!(Lang::negotiate(["fr-FR", "ja-JP", "en"]), Lang::Ja);
        assert_eq!(Lang::negotiate(["de"]), Lang::En);
        assert_eq!(
            Lang::Ja.f(T::ImportFailed, &[&"x"]),
            "インポートに失敗しました: x"
        );
    }
}
