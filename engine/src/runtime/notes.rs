//! The "modelled" notes a step can carry: where AWS documents nothing (or only a rough
//! figure), the simulator chooses, and the step says so, in English and Japanese.

use crate::text::Text;

/// A CloudWatch Logs event written while Firehose holds no delivery-role credentials.
pub static LOG_WITHOUT_ROLE_NOTE: Text = Text::lit(
    "Firehose could not assume the delivery role, which is also the role that may write to CloudWatch Logs; whether AWS still logs this error is undocumented. The simulator logs it so the failure is visible.",
    "Firehose は配信ロールを引き受けられませんでした。このロールは CloudWatch Logs への書き込みに使うロールでもあるため、AWS がこのエラーをログに記録するかどうかは文書化されていません。シミュレーターでは失敗が見えるように記録します。",
);
/// Firehose's retried calls.
pub static RETRY_NOTE: Text = Text::lit(
    "Firehose retry schedule: waits double from 1 s (source) or 5 s (S3) up to 5 minutes (modelled; AWS documents only that it retries)",
    "Firehose の再試行間隔: 1 秒 (ソース) または 5 秒 (S3) から倍々に延ばし、最大 5 分 (モデル化。AWS は再試行することだけを文書化しています)",
);
/// Steps whose Kinesis data-key caching is modelled.
pub static CACHE_NOTE: Text = Text::lit(
    "Kinesis data-key reuse: one GenerateDataKey per producer credential and one Decrypt per consumer credential per data key, each reused for 5 simulated minutes (AWS documents only 'about every five minutes')",
    "Kinesis のデータキーの再利用: プロデューサーの認証情報ごとに GenerateDataKey を 1 回、コンシューマーの認証情報ごとにデータキー 1 つにつき Decrypt を 1 回呼び出し、それぞれシミュレーション時間で 5 分間再利用します (AWS が文書化しているのは「約 5 分ごと」のみ)",
);
/// Steps that depend on the S3 Bucket Key period.
pub static BUCKET_KEY_NOTE: Text = Text::lit(
    "S3 Bucket Key reuse: one KMS call per requester, bucket and key per simulated hour (modelled; AWS documents a time-limited key without its period)",
    "S3 バケットキーの再利用: リクエスタ、バケット、キーの組み合わせごとに、シミュレーション時間で 1 時間に 1 回だけ KMS を呼び出します (モデル化。AWS は期間を明記せず「期限付き」のキーとしています)",
);

/// A Lambda invocation whose execution role cannot be assumed.
pub static LAMBDA_ROLE_NOTE: Text = Text::lit(
    "AWS rejects an execution role Lambda cannot assume at CreateFunction with this error; what an invocation reports after the trust policy changed is undocumented, so the same error is shown and the function does not run",
    "Lambda が引き受けられない実行ロールは、AWS では CreateFunction の時点でこのエラーになります。信頼ポリシーを後から変更した場合に呼び出しが何を返すかは文書化されていないため、同じエラーを表示し、関数は実行されません。",
);
/// CopyObject in place and Bucket Keys.
pub static COPY_BUCKET_KEY_NOTE: Text = Text::lit(
    "CopyObject applies a Bucket Key only when the request sets BucketKeyEnabled=true (observed with S3 Batch Operations)",
    "CopyObject は、リクエストで BucketKeyEnabled=true を指定した場合にのみ S3 バケットキーを使います (S3 バッチオペレーションで観察された動作)",
);
/// StartStreamEncryption / StopStreamEncryption timing.
pub static STREAM_UPDATING_NOTE: Text = Text::lit(
    "the stream stays UPDATING for 5 simulated seconds; records written from ACTIVE on use the new setting (AWS: a few seconds, up to 5 s more)",
    "ストリームはシミュレーション時間で 5 秒間 UPDATING のままで、ACTIVE になってから書き込まれたレコードに新しい設定が適用されます (AWS: 数秒、さらに最大 5 秒)",
);
/// The KMS request quota's window.
pub static KMS_QUOTA_NOTE: Text = Text::lit(
    "KMS quota: requests are counted per whole simulated second (modelled window)",
    "KMS のクォータ: リクエスト数はシミュレーション時間の 1 秒単位で数えます (モデル化した時間枠)",
);

/// A Firehose log entry whose error code or message AWS does not publish.
pub static FIREHOSE_ERROR_NOTE: Text = Text::lit(
    "this Firehose error code/message is modelled (not in AWS's published list)",
    "この Firehose のエラーコードとメッセージはモデル化したものです (AWS が公開している一覧にはありません)",
);
/// A scenario's KMS request naming a ciphertext that no step has produced (yet).
pub static MISSING_CIPHERTEXT_NOTE: Text = Text::lit(
    "scenario reference to a ciphertext that was never produced",
    "シナリオが、まだ作成されていない暗号文を参照しています",
);
