//! The "modelled" notes a step can carry: where AWS documents nothing (or only a rough
//! figure, or only what public reports observed), the simulator chooses, and the step says
//! so, in English and Japanese. A step holds a small set of [`Note`]s ([`Notes`]): its
//! behaviour's notes and, when it failed with an error whose code, wording or timing is not
//! documented, that error's note (see `cloud/errors.rs`, which attaches it).

use crate::text::Text;

/// A CloudWatch Logs event written while Firehose holds no delivery-role credentials.
pub static LOG_WITHOUT_ROLE_NOTE: Text = Text::lit(
    "Firehose could not assume the delivery role, which is also the role that may write to CloudWatch Logs; whether AWS still logs this error is undocumented. The simulator logs it so the failure is visible.",
    "Firehose は配信ロールを引き受けられませんでした。このロールは CloudWatch Logs への書き込みに使うロールでもあります。AWS がそれでもこのエラーをログに記録するかどうかは文書化されていません。シミュレーターは失敗が見えるように記録します。",
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
    "S3 Bucket Key reuse, as the lab models it: one KMS call per requester, bucket and key per simulated hour. Both the count and the hour are the lab's model; AWS documents a time-limited bucket-level key per requester that cuts KMS requests, without its period or an exact count",
    "S3 バケットキーの再利用 (このラボのモデル): リクエスタ、バケット、キーの組み合わせごとに、シミュレーション時間で 1 時間に 1 回だけ KMS を呼び出します。回数も 1 時間という期間もこのラボのモデルです。AWS が文書化しているのは、リクエスタごとの期限付きのバケットレベルのキーで KMS へのリクエストが減ることだけで、期間や正確な回数は書かれていません",
);

/// A Lambda invocation whose execution role cannot be assumed.
pub static LAMBDA_ROLE_NOTE: Text = Text::lit(
    "AWS rejects an execution role Lambda cannot assume at CreateFunction with this error; what an invocation reports after the trust policy changed is undocumented, so the same error is shown and the function does not run",
    "Lambda が引き受けられない実行ロールは、AWS では CreateFunction の時点でこのエラーになります。信頼ポリシーを後から変更した場合に呼び出しが何を返すかは文書化されていないため、同じエラーを表示し、関数は実行されません。",
);
/// CopyObject in place and Bucket Keys.
pub static COPY_BUCKET_KEY_NOTE: Text = Text::lit(
    "A CopyObject that does not send BucketKeyEnabled gets the destination bucket's Bucket Key setting; when it sends the header, the header decides for that object (S3 User Guide, \"Configuring an S3 Bucket Key at the object level\", https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-bucket-key-object.html). Modelled: the batch copy makes one CopyObject per object as its role and sends BucketKeyEnabled only when the event sets bucket_key_enabled",
    "BucketKeyEnabled を送らない CopyObject には、コピー先バケットの S3 バケットキーの設定が適用されます。ヘッダーを送った場合は、そのオブジェクトについてはヘッダーの値で決まります (Amazon S3 ユーザーガイド「オブジェクトレベルで S3 バケットキーを設定する」、https://docs.aws.amazon.com/ja_jp/AmazonS3/latest/userguide/configuring-bucket-key-object.html)。モデル化している点: バッチコピーはオブジェクトごとにそのロールとして CopyObject を 1 回呼び出し、イベントで bucket_key_enabled を指定した場合にだけ BucketKeyEnabled を送ります",
);
/// StartStreamEncryption / StopStreamEncryption timing.
pub static STREAM_UPDATING_NOTE: Text = Text::lit(
    "the stream stays UPDATING for 5 simulated seconds and records written from ACTIVE on use the new setting (modelled). The StartStreamEncryption API reference says the update normally takes a few seconds but can take minutes, and that it can take up to 5 seconds after the stream is ACTIVE before all records written are encrypted",
    "ストリームはシミュレーション時間で 5 秒間 UPDATING のままで、ACTIVE になってから書き込まれたレコードに新しい設定が適用されます (モデル化)。StartStreamEncryption の API リファレンスによると、更新は通常数秒で完了しますが数分かかることもあり、ストリームが ACTIVE になってから書き込まれたすべてのレコードが暗号化されるまでに最大 5 秒かかることがあります",
);
/// The KMS request quota's window.
pub static KMS_QUOTA_NOTE: Text = Text::lit(
    "KMS quota: the KMS request quotas page counts requests per second; the simulator counts them in whole simulated seconds (where a one-second window starts is the simulator's choice: modelled)",
    "KMS のクォータ: KMS のリクエストクォータのページはリクエスト数を 1 秒あたりで数えます。シミュレーターはシミュレーション時間の 1 秒ごとに区切って数えます (1 秒の時間枠の始まりはシミュレーターの選択です。モデル化)",
);

/// A Firehose log entry whose error code or message AWS does not publish.
pub static FIREHOSE_ERROR_NOTE: Text = Text::lit(
    "this Firehose error code/message is modelled (not in AWS's published list)",
    "この Firehose のエラーコードとメッセージはモデル化したものです (AWS が公開している一覧にはありません)",
);
/// An object written into another account's bucket with ACLs enabled, and reading it.
pub static OBJECT_OWNERSHIP_NOTE: Text = Text::lit(
    "S3 Object Ownership: with BucketOwnerEnforced the bucket owner owns every object; with ACLs enabled (BucketOwnerPreferred, ObjectWriter) an object another account writes stays that account's unless it is written with the bucket-owner-full-control canned ACL, and a bucket policy does not apply to objects other accounts own (S3 User Guide, \"Controlling ownership of objects and disabling ACLs for your bucket\", \"Bucket policies for Amazon S3\"). Modelled: the lab's writes (Firehose's PutObject included) send no ACL, since the Firehose guide does not say which ACL Firehose sends; such an object's ACL is the default one (FULL_CONTROL for its owner alone), so only its owner's account can read it",
    "S3 オブジェクト所有者: BucketOwnerEnforced では、バケット所有者がすべてのオブジェクトを所有します。ACL が有効な場合 (BucketOwnerPreferred、ObjectWriter)、別のアカウントが書き込んだオブジェクトは、bucket-owner-full-control の既定 ACL を付けて書き込まれない限りそのアカウントが所有し、バケットポリシーは他のアカウントが所有するオブジェクトには適用されません (Amazon S3 ユーザーガイド「バケットのオブジェクトの所有権の制御と ACL の無効化」「Amazon S3 のバケットポリシー」)。モデル化している点: Firehose がどの ACL を送るかは Firehose のガイドに書かれていないため、このラボの書き込み (Firehose の PutObject を含む) は ACL を送りません。そのようなオブジェクトの ACL はデフォルトのもの (所有者だけに FULL_CONTROL) なので、読み取れるのは所有者のアカウントだけです",
);
/// A failure of the AWS Encryption SDK (client-side encryption in a producer or reader).
pub static ENCRYPTION_SDK_NOTE: Text = Text::lit(
    "AWS Encryption SDK failure, named by the lab (each SDK language raises its own exception class for it; engine/tests/esdk_interop.rs matches these names against the official Python SDK's exceptions for the same bytes). The KMS call under it, if any, carries KMS's own error",
    "AWS Encryption SDK の失敗です。名前はこのラボが付けたものです (SDK の言語ごとに例外クラスが異なります。engine/tests/esdk_interop.rs で、同じバイト列に対する公式の Python SDK の例外とこの名前を照合しています)。その下の KMS 呼び出しには KMS 自身のエラーが表示されます",
);
/// A scenario's KMS request naming a ciphertext that no step has produced (yet).
pub static MISSING_CIPHERTEXT_NOTE: Text = Text::lit(
    "scenario reference to a ciphertext that was never produced",
    "シナリオが、まだ作成されていない暗号文を参照しています",
);

/// Kinesis's `KMSAccessDeniedException` on a put: the code is documented, the wording is not.
pub static KINESIS_PUT_DENIAL_NOTE: Text = Text::lit(
    "the PutRecord API reference describes KMSAccessDeniedException (\"The ciphertext references a key that doesn't exist or that you don't have access to.\") without giving the message Kinesis returns; this IAM-style message is observed in public reports (an older report shows \"User … is not authorized to encrypt records in stream …\")",
    "PutRecord の API リファレンスは KMSAccessDeniedException を説明していますが (「The ciphertext references a key that doesn't exist or that you don't have access to.」)、Kinesis が返すメッセージは示していません。この IAM 形式のメッセージは公開された報告で観察されたものです (以前の報告では「User … is not authorized to encrypt records in stream …」)",
);
/// Kinesis's `KMSAccessDeniedException` on a read.
pub static KINESIS_READ_DENIAL_NOTE: Text = Text::lit(
    "the wording of a GetRecords KMSAccessDeniedException is modelled on the observed wording for puts; the only report for reads shows a different sentence: \"User … is not authorized to decrypt records in stream ACCOUNT:STREAM:CREATION-EPOCH\"",
    "GetRecords の KMSAccessDeniedException の文言は、書き込み時に観察された文言にならったモデルです。読み取りについて唯一の報告では別の文「User … is not authorized to decrypt records in stream ACCOUNT:STREAM:CREATION-EPOCH」になっています",
);
/// Kinesis's other KMS errors.
pub static KINESIS_KMS_ERROR_NOTE: Text = Text::lit(
    "Kinesis documents this error code for PutRecord(s) and GetRecords, not its message; the simulator passes on the message KMS gave (modelled)",
    "このエラーコードは PutRecord(s) と GetRecords のエラーとして Kinesis のドキュメントにありますが、メッセージは文書化されていません。シミュレーターは KMS が返したメッセージをそのまま使います (モデル化)",
);
/// KMS's answer for a key pending deletion.
pub static KMS_PENDING_DELETION_NOTE: Text = Text::lit(
    "for a key pending deletion the KMS key states table lists DisabledException or KMSInvalidStateException (\"<key ARN> is pending deletion\") without saying which an operation gets; the simulator answers KMSInvalidStateException (modelled choice; https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html)",
    "削除保留中のキーについて、KMS のキーの状態の表は DisabledException または KMSInvalidStateException (「<キー ARN> is pending deletion」) を挙げていますが、どのオペレーションがどちらになるかは書かれていません。シミュレーターは KMSInvalidStateException を返します (モデル化した選択。https://docs.aws.amazon.com/ja_jp/kms/latest/developerguide/key-state.html)",
);
/// KMS's NotFoundException text.
pub static KMS_NOT_FOUND_NOTE: Text = Text::lit(
    "the NotFoundException message \"Key '<key ARN>' does not exist\" is observed in public reports, not documented",
    "NotFoundException のメッセージ「Key '<キー ARN>' does not exist」は公開された報告で観察されたもので、文書化されていません",
);
/// KMS's InvalidCiphertextException carries no message.
pub static INVALID_CIPHERTEXT_NOTE: Text = Text::lit(
    "InvalidCiphertextException is documented; that KMS sends it without a message is observed in public reports",
    "InvalidCiphertextException は文書化されています。KMS がこのエラーをメッセージなしで返すことは、公開された報告で観察されたものです",
);
/// S3's codes for KMS problems on the caller's behalf.
pub static S3_KMS_ERROR_NOTE: Text = Text::lit(
    "S3 does not document the code and message it returns when KMS refuses a key in this state or throttles; the simulator prefixes KMS's code with KMS. and passes on its message (modelled)",
    "KMS がこの状態のキーを拒否したときやスロットリングしたときに S3 が返すコードとメッセージは文書化されていません。シミュレーターは KMS のコードに KMS. を付け、KMS のメッセージをそのまま使います (モデル化)",
);
/// GetObject of an SSE-KMS object without kms:Decrypt.
pub static S3_READ_KMS_DENIAL_NOTE: Text = Text::lit(
    "this message is the one AWS's Knowledge Center gives (s3-download-object-ciphertext-error); reports from 2025 show the IAM-style text instead (\"User: … is not authorized to perform: kms:Decrypt on resource: <key ARN> because no identity-based policy allows the kms:Decrypt action\", observed)",
    "このメッセージは AWS ナレッジセンター (s3-download-object-ciphertext-error) に記載のものです。2025 年の報告では IAM 形式の文言 (「User: … is not authorized to perform: kms:Decrypt on resource: <キー ARN> because no identity-based policy allows the kms:Decrypt action」) が観察されています",
);
/// PutObject when KMS refused the data key.
pub static S3_WRITE_KMS_DENIAL_NOTE: Text = Text::lit(
    "S3 documents no message for an upload KMS refused on the caller's behalf; the simulator answers AccessDenied \"Access Denied\" (modelled)",
    "KMS が呼び出し元に代わる要求を拒否したアップロードについて、S3 はメッセージを文書化していません。シミュレーターは AccessDenied「Access Denied」を返します (モデル化)",
);
/// A pending-deletion S3 key logged by Firehose as S3.KMS.NotFoundException.
pub static FIREHOSE_KEY_STATE_NOTE: Text = Text::lit(
    "Firehose documents S3.KMS.NotFoundException for a KMS key that was not found; logging a key pending deletion with it is modelled",
    "Firehose は見つからない KMS キーについて S3.KMS.NotFoundException を文書化しています。削除保留中のキーをこのコードで記録するのはモデル化したものです",
);
/// Firehose gives a failing batch up when the source stream's retention period has passed.
pub static FIREHOSE_RETENTION_NOTE: Text = Text::lit(
    "Firehose retries failed S3 delivery for up to 24 hours for a Direct PUT source and, for a Kinesis Data Streams or Amazon MSK source, until the stream's retention period ends (Firehose guide, \"Handle data delivery failures\", https://docs.aws.amazon.com/firehose/latest/dev/retry.html). Modelled: the period is counted from when the batch was formed",
    "Firehose は、S3 への配信に失敗すると、Direct PUT ソースでは最大 24 時間、Kinesis Data Streams または Amazon MSK ソースではストリームのデータ保持期間が終わるまで再試行します (Firehose のガイド「データ配信の失敗を処理する」、https://docs.aws.amazon.com/ja_jp/firehose/latest/dev/retry.html)。モデル化している点: 期間はバッチを作成した時点から数えます",
);
/// Records leaving the stream's retention unread.
pub static RECORDS_EXPIRED_NOTE: Text = Text::lit(
    "not an AWS API call: the simulator shows here the records that passed the stream's retention period unread (the code and message are its own)",
    "AWS の API 呼び出しではありません。データ保持期間を過ぎて読まれなかったレコードをシミュレーターがここに示しています (コードとメッセージはシミュレーター独自のものです)",
);
/// AssumeRole by a service principal.
pub static SERVICE_ASSUME_ROLE_NOTE: Text = Text::lit(
    "CloudTrail records the AssumeRole a service makes with your role, with the service principal as the caller (IAM User Guide, \"Logging IAM and AWS STS API calls with AWS CloudTrail\", https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html). Modelled: the AccessDenied message when the trust policy refuses, which uses IAM's wording",
    "サービスがロールを引き受ける AssumeRole は、サービスプリンシパルを呼び出し元として CloudTrail に記録されます (IAM ユーザーガイド「AWS CloudTrail による IAM および AWS STS の API コールのログ記録」、https://docs.aws.amazon.com/ja_jp/IAM/latest/UserGuide/cloudtrail-integration.html)。モデル化している点: 信頼ポリシーが拒否した場合の AccessDenied のメッセージで、IAM の文言を使っています",
);
/// The condition keys of an S3 object request (PutObject, CopyObject, GetObject).
pub static S3_REQUEST_KEYS_NOTE: Text = Text::lit(
    "S3's condition keys for this request come from its headers (S3 User Guide, \"Bucket policy examples using condition keys\"): s3:x-amz-server-side-encryption and s3:x-amz-server-side-encryption-aws-kms-key-id exist only when the request sends those headers, and a request that relies on the bucket's default encryption sends neither. Modelled: which headers Firehose sends (with KMSEncryptionConfig, aws:kms and the key's ARN; without it, none: the Firehose guide names the key S3 uses, not the headers), and that every request is signed with Signature Version 4 in the Authorization header (s3:signatureversion AWS4-HMAC-SHA256, s3:authType REST-HEADER)",
    "このリクエストの S3 の条件キーはリクエストヘッダーから設定されます (Amazon S3 ユーザーガイド「条件キーを使用したバケットポリシーの例」)。s3:x-amz-server-side-encryption と s3:x-amz-server-side-encryption-aws-kms-key-id は、リクエストがそのヘッダーを送った場合にだけ存在します。バケットのデフォルトの暗号化に任せるリクエストはどちらも送りません。モデル化している点: Firehose が送るヘッダー (KMSEncryptionConfig があれば aws:kms とキーの ARN、なければどちらも送りません。Firehose のガイドには S3 が使うキーは書かれていますが、ヘッダーは書かれていません) と、すべてのリクエストが Authorization ヘッダーの署名バージョン 4 で署名されること (s3:signatureversion は AWS4-HMAC-SHA256、s3:authType は REST-HEADER)",
);
/// An error only the simulator can give (an inconsistent scenario reference).
pub static SIMULATOR_ERROR_NOTE: Text = Text::lit(
    "an error of the simulator itself (no AWS call gives it)",
    "シミュレーター自身のエラーです (AWS の呼び出しでは発生しません)",
);

/// The CloudTrail tab of a KMS step: what of the event is the simulator's.
pub static CLOUDTRAIL_NOTE: Text = Text::lit(
    "Shape of the KMS guide's current CloudTrail examples (eventVersion 1.11, additionalEventData.keyMaterialId). Modelled: for a call a service makes for you, invokedBy, sourceIPAddress and userAgent name that service (the guide's example of such an event shows a placeholder); keyMaterialId, requestID, eventID, principalId and accessKeyId are derived by the simulator; keyMaterialId is left out of failed calls and tlsDetails out of calls made by a service. A service's AssumeRole has the shape of the IAM guide's STS events with userIdentity type AWSService and invokedBy the service principal; modelled there: sourceIPAddress and userAgent name the service, requestID, eventID, the access key ID and the one-hour expiration are derived, and the session token is left out. Across accounts each party carries its own account, and the event shown is the copy in the caller's account (KMS logs a successful cross-account call in both accounts and a denied one only in the caller's); its sharedEventID is derived by the simulator.",
    "KMS のガイドにある現行の CloudTrail イベントの例 (eventVersion 1.11、additionalEventData.keyMaterialId) の形式です。モデル化している点: サービスが代わりに行う呼び出しでは、invokedBy、sourceIPAddress、userAgent にそのサービス名を入れます (ガイドのこの種のイベントの例ではプレースホルダーになっています)。keyMaterialId、requestID、eventID、principalId、accessKeyId はシミュレーターが生成した値です。失敗した呼び出しには keyMaterialId を、サービスによる呼び出しには tlsDetails を含めていません。サービスによる AssumeRole は、IAM のガイドにある STS イベントの形式で、userIdentity の type は AWSService、invokedBy はサービスプリンシパルです。ここでモデル化している点: sourceIPAddress と userAgent にはそのサービス名を入れ、requestID、eventID、アクセスキー ID、1 時間後の有効期限はシミュレーターが生成し、セッショントークンは含めていません。アカウントをまたぐ呼び出しでは、それぞれの当事者に自身のアカウントを記載し、表示するイベントは呼び出し元アカウントのコピーです (KMS は成功したクロスアカウントの呼び出しを両方のアカウントに、拒否された呼び出しは呼び出し元のアカウントにだけ記録します)。その sharedEventID はシミュレーターが生成した値です。",
);

/// One modelled note: a name for each static above, so a step can hold several in a few
/// bytes ([`Notes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Note {
    /// [`LOG_WITHOUT_ROLE_NOTE`]
    LogWithoutRole,
    /// [`RETRY_NOTE`]
    Retry,
    /// [`CACHE_NOTE`]
    Cache,
    /// [`BUCKET_KEY_NOTE`]
    BucketKey,
    /// [`LAMBDA_ROLE_NOTE`]
    LambdaRole,
    /// [`COPY_BUCKET_KEY_NOTE`]
    CopyBucketKey,
    /// [`STREAM_UPDATING_NOTE`]
    StreamUpdating,
    /// [`KMS_QUOTA_NOTE`]
    KmsQuota,
    /// [`FIREHOSE_ERROR_NOTE`]
    FirehoseError,
    /// [`MISSING_CIPHERTEXT_NOTE`]
    MissingCiphertext,
    /// [`KINESIS_PUT_DENIAL_NOTE`]
    KinesisPutDenial,
    /// [`KINESIS_READ_DENIAL_NOTE`]
    KinesisReadDenial,
    /// [`KINESIS_KMS_ERROR_NOTE`]
    KinesisKmsError,
    /// [`KMS_PENDING_DELETION_NOTE`]
    KmsPendingDeletion,
    /// [`KMS_NOT_FOUND_NOTE`]
    KmsNotFound,
    /// [`INVALID_CIPHERTEXT_NOTE`]
    InvalidCiphertext,
    /// [`S3_KMS_ERROR_NOTE`]
    S3KmsError,
    /// [`S3_READ_KMS_DENIAL_NOTE`]
    S3ReadKmsDenial,
    /// [`S3_WRITE_KMS_DENIAL_NOTE`]
    S3WriteKmsDenial,
    /// [`FIREHOSE_KEY_STATE_NOTE`]
    FirehoseKeyState,
    /// [`FIREHOSE_RETENTION_NOTE`]
    FirehoseRetention,
    /// [`RECORDS_EXPIRED_NOTE`]
    RecordsExpired,
    /// [`SERVICE_ASSUME_ROLE_NOTE`]
    ServiceAssumeRole,
    /// [`SIMULATOR_ERROR_NOTE`]
    SimulatorError,
    /// [`S3_REQUEST_KEYS_NOTE`]
    S3RequestKeys,
    /// [`ENCRYPTION_SDK_NOTE`]
    EncryptionSdk,
    /// [`OBJECT_OWNERSHIP_NOTE`]
    ObjectOwnership,
}

impl Note {
    /// Every note, in declaration order (a note's bit in [`Notes`] is its position here).
    pub const ALL: [Note; 27] = [
        Note::LogWithoutRole,
        Note::Retry,
        Note::Cache,
        Note::BucketKey,
        Note::LambdaRole,
        Note::CopyBucketKey,
        Note::StreamUpdating,
        Note::KmsQuota,
        Note::FirehoseError,
        Note::MissingCiphertext,
        Note::KinesisPutDenial,
        Note::KinesisReadDenial,
        Note::KinesisKmsError,
        Note::KmsPendingDeletion,
        Note::KmsNotFound,
        Note::InvalidCiphertext,
        Note::S3KmsError,
        Note::S3ReadKmsDenial,
        Note::S3WriteKmsDenial,
        Note::FirehoseKeyState,
        Note::FirehoseRetention,
        Note::RecordsExpired,
        Note::ServiceAssumeRole,
        Note::SimulatorError,
        Note::S3RequestKeys,
        Note::EncryptionSdk,
        Note::ObjectOwnership,
    ];

    /// What the note says, in both languages.
    pub fn text(self) -> &'static Text {
        match self {
            Note::LogWithoutRole => &LOG_WITHOUT_ROLE_NOTE,
            Note::Retry => &RETRY_NOTE,
            Note::Cache => &CACHE_NOTE,
            Note::BucketKey => &BUCKET_KEY_NOTE,
            Note::LambdaRole => &LAMBDA_ROLE_NOTE,
            Note::CopyBucketKey => &COPY_BUCKET_KEY_NOTE,
            Note::StreamUpdating => &STREAM_UPDATING_NOTE,
            Note::KmsQuota => &KMS_QUOTA_NOTE,
            Note::FirehoseError => &FIREHOSE_ERROR_NOTE,
            Note::MissingCiphertext => &MISSING_CIPHERTEXT_NOTE,
            Note::KinesisPutDenial => &KINESIS_PUT_DENIAL_NOTE,
            Note::KinesisReadDenial => &KINESIS_READ_DENIAL_NOTE,
            Note::KinesisKmsError => &KINESIS_KMS_ERROR_NOTE,
            Note::KmsPendingDeletion => &KMS_PENDING_DELETION_NOTE,
            Note::KmsNotFound => &KMS_NOT_FOUND_NOTE,
            Note::InvalidCiphertext => &INVALID_CIPHERTEXT_NOTE,
            Note::S3KmsError => &S3_KMS_ERROR_NOTE,
            Note::S3ReadKmsDenial => &S3_READ_KMS_DENIAL_NOTE,
            Note::S3WriteKmsDenial => &S3_WRITE_KMS_DENIAL_NOTE,
            Note::FirehoseKeyState => &FIREHOSE_KEY_STATE_NOTE,
            Note::FirehoseRetention => &FIREHOSE_RETENTION_NOTE,
            Note::RecordsExpired => &RECORDS_EXPIRED_NOTE,
            Note::ServiceAssumeRole => &SERVICE_ASSUME_ROLE_NOTE,
            Note::SimulatorError => &SIMULATOR_ERROR_NOTE,
            Note::S3RequestKeys => &S3_REQUEST_KEYS_NOTE,
            Note::EncryptionSdk => &ENCRYPTION_SDK_NOTE,
            Note::ObjectOwnership => &OBJECT_OWNERSHIP_NOTE,
        }
    }

    fn bit(self) -> u64 {
        1 << (self as u32)
    }
}

/// The notes of one step: a set of [`Note`]s in one word (a step stays small).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Notes(u64);

impl Notes {
    /// No note.
    pub const NONE: Notes = Notes(0);

    /// Adds a note (a note already present is kept once).
    pub fn add(&mut self, note: Note) {
        self.0 |= note.bit();
    }

    /// Whether `note` is in the set.
    pub fn contains(self, note: Note) -> bool {
        self.0 & note.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The notes, in [`Note::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Note> {
        Note::ALL.into_iter().filter(move |n| self.contains(*n))
    }

    /// The notes' texts, in [`Note::ALL`] order.
    pub fn texts(self) -> impl Iterator<Item = &'static Text> {
        self.iter().map(Note::text)
    }

    /// The notes in one language, one after another (the CLI's JSON and the UI's one-line
    /// forms); `None` when there is none.
    pub fn joined(self, lang: &str) -> Option<String> {
        let parts: Vec<&str> = self.texts().map(|t| t.get(lang)).collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

impl From<Note> for Notes {
    fn from(n: Note) -> Notes {
        let mut s = Notes::NONE;
        s.add(n);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_note_has_its_own_bit_and_text_in_both_languages() {
        for (i, n) in Note::ALL.iter().enumerate() {
            assert_eq!(*n as usize, i, "{n:?} out of order in Note::ALL");
            assert!(n.text().missing().is_empty(), "{n:?}");
            assert!(n.text().ja_is_japanese(), "{n:?}");
        }
        let mut s = Notes::NONE;
        s.add(Note::Retry);
        s.add(Note::S3KmsError);
        s.add(Note::Retry);
        assert_eq!(
            s.iter().collect::<Vec<_>>(),
            [Note::Retry, Note::S3KmsError]
        );
        assert!(Note::ALL.len() <= 64);
    }
}
