//! What the fixes that are not policy edits say, in English and Japanese, and what the
//! engine cannot express as a fix.

use crate::policy::sources;
use crate::text::Text;

/// Removing the scenario event that caused a failure.
pub fn remove_event(action: &str, at: &str, key: &str) -> Text {
    Text::new(
        format!("Removes the {action} event at {at} for {key}: without it the key stays usable, and the calls that failed succeed."),
        format!("{at} の {key} に対する {action} イベントを削除します。これがなければキーは使用可能なままで、失敗した呼び出しは成功します。"),
    )
}

/// Removing a scenario event that names what does not exist.
pub fn remove_missing_event(action: &str, at: &str) -> Text {
    Text::new(
        format!("Removes the {action} event at {at}: it names something that does not exist at that time."),
        format!("{at} の {action} イベントを削除します。このイベントは、その時点では存在しないものを指定しています。"),
    )
}

/// Enabling a disabled key.
pub fn enable_key(key: &str) -> Text {
    Text::new(
        format!("Sets {key}'s state to Enabled (EnableKey). A disabled key refuses every cryptographic operation until it is enabled; its key policy and grants are unchanged ({}).", sources::KMS_KEY_STATES.cite()),
        format!("{key} の状態を有効 (EnableKey) にします。無効なキーは有効にするまですべての暗号化オペレーションを拒否します。キーポリシーとグラントは変わりません (出典: {})。", sources::KMS_KEY_STATES.cite_ja()),
    )
}

/// Cancelling a pending deletion (then enabling).
pub fn cancel_deletion(key: &str) -> Text {
    Text::new(
        format!("Adds CancelKeyDeletion and EnableKey for {key} at the start. CancelKeyDeletion returns a key to Disabled, not Enabled, so EnableKey has to follow before the key can be used again ({}).", sources::KMS_KEY_STATES.cite()),
        format!("開始時に {key} に対する CancelKeyDeletion と EnableKey を追加します。CancelKeyDeletion を実行するとキーは有効ではなく無効の状態に戻るため、再び使うには続けて EnableKey が必要です (出典: {})。", sources::KMS_KEY_STATES.cite_ja()),
    )
}

/// Starting with a pending-deletion key as Enabled.
pub fn start_enabled(key: &str) -> Text {
    Text::new(
        format!("Starts the scenario with {key} Enabled, as if its deletion had been cancelled and the key enabled before the run ({}).", sources::KMS_KEY_STATES.cite()),
        format!("{key} を有効な状態でシナリオを開始します。実行前に削除がキャンセルされ、キーが有効にされた場合と同じです (出典: {})。", sources::KMS_KEY_STATES.cite_ja()),
    )
}

/// Pointing a setting at an AWS managed key instead.
pub fn aws_managed_key(setting: &Text, alias: &str, old: &str) -> Text {
    let (setting, setting_ja) = (setting.en(), setting.get("ja"));
    Text::new(
        format!("Sets {setting} to {alias} instead of {old}. The AWS managed key's policy allows every principal of the account to use it through that service, so no IAM or key-policy change is needed; but you cannot edit that policy, audit use per role in the key policy, or share the key across accounts. Data already encrypted under {old} stays so."),
        format!("{setting_ja}を {old} ではなく {alias} にします。AWS マネージドキーのキーポリシーは、アカウントのすべてのプリンシパルにそのサービス経由での使用を許可しているため、IAM やキーポリシーの変更は不要です。ただし、そのキーポリシーは編集できません。また、どのロールが使っているかをキーポリシーで監査することも、キーをアカウント間で共有することもできません。{old} ですでに暗号化されたデータはそのままです。"),
    )
}

/// Turning the Bucket Key off.
pub fn disable_bucket_key(bucket: &str) -> Text {
    Text::new(
        format!("Turns the S3 Bucket Key off in {bucket}'s default encryption. With a Bucket Key the encryption context is the bucket's ARN, which the key policy's condition does not expect; without it each object gets its own data key with the object's ARN as context. The cost: one KMS request per object instead of one per requester and period."),
        format!("{bucket} のデフォルトの暗号化で S3 バケットキーをオフにします。バケットキーを使うと暗号化コンテキストはバケットの ARN になり、キーポリシーの条件はそれを想定していません。オフにするとオブジェクトごとにデータキーが作られ、コンテキストはオブジェクトの ARN になります。代償として、リクエスタと期間ごとに 1 回ではなく、オブジェクトごとに 1 回 KMS を呼び出します。"),
    )
}

/// Setting a bucket's Object Ownership to BucketOwnerEnforced.
pub fn bucket_owner_enforced(bucket: &str, account: &str) -> Text {
    Text::new(
        format!("Sets S3 Object Ownership of {bucket} to BucketOwnerEnforced, in the bucket owner's account {account}: ACLs are disabled and the bucket owner owns every object written from then on, so its bucket policy and IAM decide who reads them (S3 User Guide, \"Controlling ownership of objects and disabling ACLs for your bucket\"). Objects already written keep their owner. The alternative, writers sending the bucket-owner-full-control ACL with BucketOwnerPreferred, is not a Firehose setting."),
        format!("{bucket} の S3 オブジェクト所有者を、バケット所有者のアカウント {account} で BucketOwnerEnforced に設定します。ACL が無効になり、以後書き込まれるすべてのオブジェクトをバケット所有者が所有するため、読み取れるかどうかはバケットポリシーと IAM で決まります (Amazon S3 ユーザーガイド「バケットのオブジェクトの所有権の制御と ACL の無効化」)。書き込み済みのオブジェクトの所有者は変わりません。BucketOwnerPreferred で書き込み側が bucket-owner-full-control ACL を送る方法もありますが、Firehose にはその設定がありません。"),
    )
}

/// Raising the KMS request quota.
pub fn raise_quota(from: u32, to: u32) -> Text {
    Text::new(
        format!("Raises the KMS request quota from {from} to {to} requests per second (the most this run asked for in one second). In AWS the shared quota for cryptographic operations is per account and Region, calls made for you by AWS services count, and an increase is requested in Service Quotas ({}).", sources::KMS_REQUEST_QUOTAS.cite()),
        format!("KMS のリクエストクォータを毎秒 {from} から {to} リクエスト (この実行で 1 秒間に要求された最大数) に引き上げます。AWS では暗号化オペレーションの共有クォータはアカウントとリージョンごとで、AWS のサービスが代わりに行う呼び出しも数えられ、引き上げは Service Quotas で申請します (出典: {})。", sources::KMS_REQUEST_QUOTAS.cite_ja()),
    )
}

/// Fewer concurrent environments, so fewer data keys at once.
pub fn lower_concurrency(producer: &str, from: u32, to: u32) -> Text {
    Text::new(
        format!("Lowers {producer}'s concurrency from {from} to {to}. Each execution environment has its own credentials, and Kinesis asks KMS for a data key per credential, reusing it for about five minutes: fewer environments make fewer GenerateDataKey calls in the same second."),
        format!("{producer} の同時実行数を {from} から {to} に下げます。実行環境ごとに認証情報が異なり、Kinesis は認証情報ごとに KMS にデータキーを要求して約 5 分間再利用します。環境が少ないほど、同じ 1 秒間の GenerateDataKey 呼び出しが減ります。"),
    )
}

/// Decrypting the ciphertext as it was made.
pub fn original_ciphertext() -> Text {
    Text::new(
        "Decrypts the CiphertextBlob as KMS returned it (tamper: false). AES-GCM authenticates every bit of the ciphertext, so a changed blob can never be decrypted: the only fix is the original.",
        "KMS が返した CiphertextBlob をそのまま復号します (tamper: false)。AES-GCM は暗号文のすべてのビットを認証するため、変更された暗号文は決して復号できません。元の暗号文を使うことが唯一の修正です。",
    )
}

/// Decrypting with the context the data key was made with.
pub fn matching_context(ctx: &str) -> Text {
    Text::new(
        format!("Sends the encryption context the data key was made with ({ctx}) instead of another one. The context is additional authenticated data: Decrypt needs exactly the same pairs (case-sensitive, in any order)."),
        format!("別の暗号化コンテキストではなく、データキーの作成時と同じコンテキスト ({ctx}) を送ります。暗号化コンテキストは追加認証データであり、Decrypt には大文字と小文字を区別してまったく同じペア (順序は任意) が必要です。"),
    )
}

/// A direct KMS call left to the service the policies expect it through.
pub fn through_service(
    op: &str,
    role: &str,
    via: &str,
    event: usize,
    made_for: (u32, &str),
) -> Text {
    let (step, parent) = made_for;
    Text::new(
        format!("No policy change needed: call {op} through the service instead of directly. Removes the direct {op} by {role} (event {event}). The policies allow {role} to use the key only when a service calls KMS on its behalf (kms:ViaService {via}), and this run shows the way that works: at step {step} ({parent}) the service asked KMS for {op} for {role}, and it was allowed. The control stays as written; the data is encrypted by the service call, not by a KMS call of your own."),
        format!("ポリシーの変更は不要です: {op} を直接ではなく、サービス経由で呼び出します。{role} による {op} の直接呼び出し (イベント {event}) を削除します。ポリシーが {role} にキーの使用を許可しているのは、サービスが {role} に代わって KMS を呼び出す場合 (kms:ViaService が {via}) だけです。この実行でもその方法は成功しています: ステップ {step} ({parent}) でサービスが {role} に代わって {op} を KMS に要求し、許可されました。制御は書かれたとおりに残り、データは自分で KMS を呼び出すのではなく、サービスの呼び出しで暗号化されます。"),
    )
}

/// A copy event that sends the SSE-KMS headers a bucket policy asks for.
pub fn copy_with_headers(event: usize, role: &str, key: &str, arn: &str, bucket: &str) -> Text {
    Text::new(
        format!("No policy change needed: the copy (event {event}, {role}) asks for SSE-KMS with {key}. Each CopyObject then sends x-amz-server-side-encryption: aws:kms and x-amz-server-side-encryption-aws-kms-key-id: {arn}, which is what the bucket policy of {bucket} requires; its Deny keeps refusing every upload without them. {role} needs kms:GenerateDataKey on {key} for this, which the re-run checked."),
        format!("ポリシーの変更は不要です: コピー (イベント {event}、{role}) で {key} を使う SSE-KMS を指定します。各 CopyObject は x-amz-server-side-encryption: aws:kms と x-amz-server-side-encryption-aws-kms-key-id: {arn} を送るようになり、{bucket} のバケットポリシーの要件を満たします。その Deny は、これらのヘッダーのないアップロードを引き続きすべて拒否します。このためには {role} に {key} に対する kms:GenerateDataKey が必要で、再実行で確認済みです。"),
    )
}

/// Firehose given its own KMS encryption setting, so its uploads send the headers.
pub fn firehose_encryption(stream: &str, key: &str, arn: &str, same_key: bool) -> Text {
    let (same, same_ja) = if same_key {
        (
            " It is the key the bucket's default encryption already uses, so the objects are encrypted as before.",
            "バケットのデフォルトの暗号化がすでに使っているキーなので、オブジェクトはこれまでどおりに暗号化されます。",
        )
    } else {
        ("", "")
    };
    Text::new(
        format!("No policy change needed: gives Firehose stream {stream} its own encryption setting (EncryptionConfiguration, KMSEncryptionConfig) with {key}.{same} Firehose then asks for SSE-KMS on each PutObject, sending x-amz-server-side-encryption: aws:kms and x-amz-server-side-encryption-aws-kms-key-id: {arn}, so the bucket policy's Deny on uploads without them no longer matches. Relying on the bucket's default encryption sends no encryption header, which is exactly what the Deny refuses ({}).", sources::FIREHOSE_ENCRYPTION_CONFIGURATION.cite()),
        format!("ポリシーの変更は不要です: Firehose ストリーム {stream} に独自の暗号化の設定 (EncryptionConfiguration の KMSEncryptionConfig) として {key} を指定します。{same_ja}Firehose は各 PutObject で SSE-KMS を要求し、x-amz-server-side-encryption: aws:kms と x-amz-server-side-encryption-aws-kms-key-id: {arn} を送るため、これらのヘッダーのないアップロードを拒否するバケットポリシーの Deny に一致しなくなります。バケットのデフォルトの暗号化に任せるリクエストは暗号化ヘッダーを送らず、まさにそれを Deny が拒否しています (出典: {})。", sources::FIREHOSE_ENCRYPTION_CONFIGURATION.cite_ja()),
    )
}

/// The modelled label of the Firehose encryption fix.
pub fn firehose_headers_modelled() -> Text {
    Text::lit(
        "which headers Firehose sends: with KMSEncryptionConfig, aws:kms and the key's ARN; without it, none. The Firehose guide names the key S3 uses, not the headers",
        "Firehose が送るヘッダー: KMSEncryptionConfig があれば aws:kms とキーの ARN、なければどちらも送りません。Firehose のガイドには S3 が使うキーは書かれていますが、ヘッダーは書かれていません",
    )
}

/// The modelled label of the throttling fixes.
pub fn throttling_modelled() -> Text {
    Text::lit(
        "the simulator counts KMS requests per whole second and reuses a Kinesis data key per credential for 5 minutes; AWS documents the quota and 'about every five minutes', not these exact windows",
        "シミュレーターは KMS リクエストを 1 秒単位で数え、Kinesis のデータキーを認証情報ごとに 5 分間再利用します。AWS が文書化しているのはクォータと「約 5 分ごと」であり、これらの正確な時間枠ではありません",
    )
}

/// What a deleted key leaves that no fix can undo.
pub fn deleted_key_note(key: &str) -> Text {
    Text::new(
        format!("{key} is deleted: AWS cannot restore a deleted KMS key, and data encrypted under it can no longer be decrypted. A fix can only make new data use another key."),
        format!("{key} は削除されています。AWS は削除された KMS キーを復元できず、そのキーで暗号化されたデータはもう復号できません。修正としてできるのは、新しいデータに別のキーを使わせることだけです。"),
    )
}

/// Why a proposed fix was dropped: the re-run still fails.
pub fn still_fails() -> Text {
    Text::lit(
        "a re-run of the scenario with this edit still fails the same way",
        "この変更を加えてシナリオを再実行しても、同じように失敗します",
    )
}

/// Why a proposed fix was dropped: its re-run did not get to the end of the pipeline.
pub fn not_rerun() -> Text {
    Text::lit(
        "the re-run of the scenario with this edit did not reach its end, so the fix is not verified",
        "この変更を加えたシナリオの再実行が最後まで進まなかったため、修正は検証されていません",
    )
}

/// Why a proposed fix was dropped: the re-run delivers fewer of a producer's records.
pub fn loses_records(producer: &str, before: u64, after: u64) -> Text {
    Text::new(
        format!("with this edit {producer}'s records delivered to S3 fall from {before} to {after} over the re-run: it breaks what worked"),
        format!("この変更を加えると、再実行で S3 に配信される {producer} のレコードが {before} 件から {after} 件に減ります。動いていたものが壊れます"),
    )
}

/// Why nothing is offered for a failure.
pub fn no_fix_reason(rejected: &[super::RejectedOption]) -> Text {
    match rejected.first() {
        Some(r) => Text::new(
            format!("No edit the engine could propose clears this failure in a full re-run. The nearest one, {}, was not offered: {}", r.kind.as_str(), r.reason.en()),
            format!("完全な再実行でこの失敗をなくす変更は見つかりませんでした。最も近い案 ({}) は提示していません: {}", r.kind.as_str(), r.reason.get("ja")),
        ),
        None => Text::lit(
            "The engine has no edit for this kind of failure: it is not caused by a policy, a key's state, the quota or an encryption setting the scenario holds.",
            "この種類の失敗に対する変更はありません。原因がシナリオに含まれるポリシー、キーの状態、クォータ、暗号化の設定ではないためです。",
        ),
    }
}

/// Why Fix all stopped with a failure left that has options.
pub fn too_many_fixes(n: usize) -> Text {
    Text::new(
        format!("Fix all stops after {n} fixes; apply them and ask again for the rest."),
        format!("「すべて修正」は {n} 件の修正で止まります。適用してから残りをもう一度確認してください。"),
    )
}

/// Retrying throttled calls with backoff: what the SDK does, said as a note (the scenario
/// has no retry setting to edit).
pub fn retry_with_backoff() -> Text {
    Text::new(
        format!("Also: retry throttled calls with exponential backoff and jitter. AWS SDKs retry a ThrottlingException on their own; the KMS quota is shared by every caller in the account and Region, so backoff spreads a burst instead of failing it ({}). Modelled: the simulator does not retry a throttled PutRecord, so this cannot be applied here.", sources::KMS_REQUEST_QUOTAS.cite()),
        format!("あわせて、スロットリングされた呼び出しをエクスポネンシャルバックオフとジッターで再試行してください。AWS SDK は ThrottlingException を自動で再試行します。KMS のクォータはアカウントとリージョンのすべての呼び出し元で共有されるため、バックオフによってバーストを失敗させずに分散できます (出典: {})。モデル化: シミュレーターはスロットリングされた PutRecord を再試行しないため、ここでは適用できません。", sources::KMS_REQUEST_QUOTAS.cite_ja()),
    )
}

/// Why a proposed fix was dropped: the edit does not apply or the scenario is not valid.
pub fn does_not_apply(detail: &Text) -> Text {
    Text::new(
        format!("the edit cannot be applied: {}", detail.en()),
        format!("この変更は適用できません: {}", detail.get("ja")),
    )
}

/// Why a policy fix cannot be written into the scenario.
pub fn not_in_scenario() -> Text {
    Text::lit(
        "the document is not part of the scenario (an AWS managed key's policy cannot be edited)",
        "このドキュメントはシナリオに含まれていません (AWS マネージドキーのキーポリシーは編集できません)",
    )
}

/// One line about a failed step and its cause.
pub fn failure(op: &str, who: &str, code: &str, cause: Option<(&str, &str)>) -> Text {
    match cause {
        Some((cause_op, cause_code)) => Text::new(
            format!("{op} by {who} failed with {code}, because {cause_op} failed with {cause_code}"),
            format!("{who} による {op} は {code} で失敗しました。{cause_op} が {cause_code} で失敗したためです"),
        ),
        None => Text::new(
            format!("{op} by {who} failed with {code}"),
            format!("{who} による {op} は {code} で失敗しました"),
        ),
    }
}

/// A reader requiring the producer's encryption context (AWS Encryption SDK).
pub fn required_context(ctx: &str) -> Text {
    Text::new(
        format!("Requires the encryption context the producer seals with ({ctx}). The SDK takes the context from the message header and KMS accepted it; the reader's check is what refused the message, so the pairs it requires must be the ones the producer writes (check with the producer's owner that this is the data you expect)."),
        format!("プロデューサーが暗号化に使う暗号化コンテキスト ({ctx}) を要求するようにします。SDK はメッセージのヘッダーからコンテキストを取り出し、KMS はそれを受け入れました。メッセージを拒否したのはリーダー側のチェックなので、要求するペアはプロデューサーが書き込むペアと同じである必要があります (期待するデータであることをプロデューサーの所有者に確認してください)。"),
    )
}

/// Reading the SDK messages as they were stored.
pub fn original_message() -> Text {
    Text::lit(
        "Reads the AWS Encryption SDK messages as the producer made them (tamper: false). Each frame is sealed with AES-GCM and the whole message is signed: a changed byte can never be decrypted, so the only fix is the original message.",
        "プロデューサーが作成したとおりの AWS Encryption SDK メッセージを読みます (tamper: false)。各フレームは AES-GCM で保護され、メッセージ全体に署名があるため、変更されたバイトは決して復号できません。元のメッセージを使うことが唯一の修正です。",
    )
}
