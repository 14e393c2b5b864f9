//! The envelope in words, English and Japanese: what a step produced (one sentence), the
//! path in numbered steps, and what is modelled where AWS documents nothing.

use std::borrow::Cow;

use crate::cloud::kms::KmsOp;
use crate::cloud::s3::KeyWrap;
use crate::text::Text;

fn t(en: impl Into<Cow<'static, str>>, ja: impl Into<Cow<'static, str>>) -> Text {
    Text::new(en, ja)
}

/// Note shown next to every plaintext data key.
pub static DATA_KEY_NOTE: Text = Text::lit(
    "Plaintext data key: the service uses it in memory to encrypt, then discards it; only the CiphertextBlob is stored.",
    "プレーンテキストのデータキー: サービスはこれをメモリ内で暗号化に使い、その後破棄します。保存されるのは CiphertextBlob だけです。",
);

/// A PutRecord whose record the stream sealed.
pub fn record_stored_encrypted() -> Text {
    t(
        "Stored encrypted (EncryptionType KMS): the record's ciphertext, with the CiphertextBlob of its data key; the plaintext data key stayed in memory.",
        "暗号化して保存しました (EncryptionType KMS)。レコードの暗号文と、そのデータキーの CiphertextBlob が保存され、プレーンテキストのデータキーはメモリ内だけに置かれました。",
    )
}

/// A PutRecord the stream refused with `code`: nothing was stored.
pub fn record_rejected(code: &str) -> Text {
    t(
        format!("Rejected ({code}): the stream did not store this record; the producer received the error."),
        format!("拒否されました ({code})。データストリームはこのレコードを保存していません。プロデューサーにはエラーが返されました。"),
    )
}

/// A PutRecords batch: how its records ended (sealed, stored as plaintext, refused).
pub fn records_put(total: usize, sealed: usize, refused: usize) -> Text {
    let plain = total - sealed - refused;
    t(
        format!("Records in this request: {total} — stored encrypted (EncryptionType KMS): {sealed}; stored as plaintext: {plain}; rejected: {refused}."),
        format!("このリクエストのレコード: {total} 件 (暗号化して保存 (EncryptionType KMS): {sealed} 件、プレーンテキストのまま保存: {plain} 件、拒否: {refused} 件)。"),
    )
}

/// A GetRecords that returned `total` records, `sealed` of them stored encrypted.
pub fn records_read(total: usize, sealed: usize) -> Text {
    let plain = total - sealed;
    t(
        format!("Records returned: {total} — decrypted by Kinesis before returning (EncryptionType KMS): {sealed}; stored as plaintext: {plain}."),
        format!("返されたレコード: {total} 件 (Kinesis が返す前に復号 (EncryptionType KMS): {sealed} 件、プレーンテキストのまま保存: {plain} 件)。"),
    )
}

/// A GetRecords that returned nothing: failed with `code`, or nothing new in the shard.
pub fn nothing_read(code: Option<&str>) -> Text {
    match code {
        Some(code) => t(
            format!("Nothing returned: GetRecords failed ({code}); the records stay in the stream."),
            format!("何も返されていません。GetRecords が失敗しました ({code})。レコードはデータストリームに残っています。"),
        ),
        None => t(
            "No records returned: nothing new in the shard since the last read.",
            "返されたレコードはありません。前回の読み取り以降、シャードに新しいレコードはありません。",
        ),
    }
}

/// Who a KMS call's data key is for (`kinesis`, `s3` or a direct call); the Japanese is
/// followed by its particle, with the space a Latin name takes before it.
fn data_key_user(service: Option<&str>) -> (&'static str, &'static str) {
    match service {
        Some("kinesis") => ("Kinesis", "Kinesis "),
        Some("s3") => ("S3", "S3 "),
        _ => ("the caller", "呼び出し元"),
    }
}

/// What a KMS data-key call produced (`code`: it failed with that error).
pub fn kms_produced(op: KmsOp, service: Option<&str>, code: Option<&str>) -> Text {
    let (en, ja) = data_key_user(service);
    match (op, code) {
        (_, Some(code)) => t(
            format!("Nothing: KMS refused the request ({code}), so no data key was returned."),
            format!("何も返されていません。KMS がリクエストを拒否した ({code}) ため、データキーは返されていません。"),
        ),
        (KmsOp::GenerateDataKey, None) => t(
            format!("A new data key, twice: Plaintext for {en} to encrypt with and then discard, and CiphertextBlob (the same key encrypted under the KMS key) to store."),
            format!("新しいデータキーを 2 つの形で返しました。{ja}が暗号化に使って破棄する Plaintext と、保存する CiphertextBlob (同じキーを KMS キーで暗号化したもの) です。"),
        ),
        (_, None) => t(
            format!("The plaintext data key, recovered from the CiphertextBlob, for {en} to decrypt with."),
            format!("CiphertextBlob から復号したプレーンテキストのデータキーを、{ja}が復号に使うために返しました。"),
        ),
    }
}

/// What an S3 object write (or `read`) produced under its key wrap.
pub fn object_produced(wrap: &KeyWrap, read: bool) -> Text {
    match (wrap, read) {
        (KeyWrap::None, false) => t("Stored without encryption.", "暗号化せずに保存しました。"),
        (KeyWrap::None, true) => t("Returned as stored: the object is not encrypted.", "保存されたまま返しました。このオブジェクトは暗号化されていません。"),
        (KeyWrap::S3Owned { .. }, false) => t(
            "Stored encrypted with SSE-S3 (AES256): the encrypted object and its sealed object key; no KMS request.",
            "SSE-S3 (AES256) で暗号化して保存しました。暗号化されたオブジェクトと、暗号化されたオブジェクトのキーが保存されます。KMS へのリクエストはありません。",
        ),
        (KeyWrap::S3Owned { .. }, true) => t(
            "S3 opened the object with its own key and returned the plaintext body; no KMS request.",
            "S3 は自身のキーでオブジェクトを復号し、プレーンテキストの本文を返しました。KMS へのリクエストはありません。",
        ),
        (KeyWrap::Kms { .. }, false) => t(
            "Stored encrypted with SSE-KMS: the encrypted object and the CiphertextBlob of its data key.",
            "SSE-KMS で暗号化して保存しました。暗号化されたオブジェクトと、そのデータキーの CiphertextBlob が保存されます。",
        ),
        (KeyWrap::Kms { .. }, true) => t(
            "S3 had KMS decrypt the object's CiphertextBlob, opened the object with the data key and returned the plaintext body.",
            "S3 はオブジェクトの CiphertextBlob を KMS で復号し、そのデータキーでオブジェクトを復号して、プレーンテキストの本文を返しました。",
        ),
        (KeyWrap::BucketKey { .. }, false) => t(
            "Stored encrypted with SSE-KMS and an S3 Bucket Key: the encrypted object, its sealed object key and the CiphertextBlob of the bucket key.",
            "SSE-KMS と S3 バケットキーで暗号化して保存しました。暗号化されたオブジェクト、暗号化されたオブジェクトのキー、バケットキーの CiphertextBlob が保存されます。",
        ),
        (KeyWrap::BucketKey { .. }, true) => t(
            "S3 recovered the bucket key (from KMS, or the one it holds), opened the object key and then the object, and returned the plaintext body.",
            "S3 はバケットキーを (KMS から、または保持しているものを) 取得し、オブジェクトのキー、続いてオブジェクトを復号して、プレーンテキストの本文を返しました。",
        ),
    }
}

/// Why a Kinesis record is stored as plaintext.
pub fn record_not_encrypted() -> Text {
    t(
        "The stream did not encrypt this record (EncryptionType NONE when it was written): it is stored as plaintext.",
        "このレコードはデータストリームで暗号化されていません (書き込み時の EncryptionType は NONE)。プレーンテキストのまま保存されています。",
    )
}

/// The path of a PutRecord the stream refused.
pub fn record_rejected_path() -> Vec<Text> {
    vec![t(
        "Kinesis refused the PutRecord before storing anything: the outcome and the Authorization tab say why (for an encrypted stream, often the producer's GenerateDataKey).",
        "Kinesis は何も保存する前に PutRecord を拒否しました。理由は結果と「認可」タブに示されます (暗号化されたデータストリームでは、多くの場合プロデューサーの GenerateDataKey です)。",
    )]
}

/// What is modelled about Kinesis record encryption.
pub fn record_sealing_modelled() -> Text {
    t(
        "how Kinesis seals each record under the data key (AES-256-GCM, no AAD) is modelled",
        "Kinesis が各レコードをデータキーで暗号化する方法 (AES-256-GCM、追加認証データ (AAD) なし) はモデル化したものです。",
    )
}

/// What is modelled about the CiphertextBlob.
pub fn blob_layout_modelled() -> Text {
    t(
        "the CiphertextBlob layout (key id, nonce, sealed key) is this simulator's; AWS's is opaque",
        "CiphertextBlob のレイアウト (キー ID、ナンス、暗号化されたキー) はこのシミュレーター独自のものです。AWS のレイアウトは公開されていません。",
    )
}

/// What is modelled about S3 object keys.
pub fn object_key_modelled() -> Text {
    t(
        "how S3 derives object keys under a Bucket Key or its own key is modelled",
        "S3 バケットキーまたは S3 独自のキーからオブジェクトのキーを導出する方法はモデル化したものです。",
    )
}

/// How S3 protects an object with this key wrap, in words (`read`: as it is read).
pub fn object_path(wrap: &KeyWrap, read: bool) -> Vec<Text> {
    let call = if read { "Decrypt" } else { "GenerateDataKey" };
    match wrap {
        KeyWrap::None => vec![t(
            "The object is not encrypted.",
            "このオブジェクトは暗号化されていません。",
        )],
        KeyWrap::S3Owned { .. } => vec![t(
            "SSE-S3: S3 encrypts the object under a per-object key that is itself protected by a key S3 owns; no KMS call.",
            "SSE-S3: S3 はオブジェクトごとのキーでオブジェクトを暗号化し、そのキー自体は S3 が所有するキーで保護されます。KMS は呼び出されません。",
        )],
        KeyWrap::Kms { .. } => vec![t(
            format!(
                "SSE-KMS: S3 calls KMS {} on the caller's behalf with context aws:s3:arn = the object ARN; one data key per object.",
                call
            ),
            format!(
                "SSE-KMS: S3 は呼び出し元に代わって、暗号化コンテキスト aws:s3:arn = オブジェクトの ARN を付けて KMS の {} を呼び出します。データキーはオブジェクトごとに 1 つです。",
                call
            ),
        )],
        KeyWrap::BucketKey { .. } => vec![
            t(
                "SSE-KMS with a Bucket Key: S3 holds a bucket-level key obtained from one KMS call per requester (context aws:s3:arn = the bucket ARN).",
                "S3 バケットキーを使う SSE-KMS: S3 は、リクエスタごとに 1 回の KMS 呼び出し (暗号化コンテキスト aws:s3:arn = バケットの ARN) で取得したバケットレベルのキーを保持します。",
            ),
            t(
                "Each object key is derived and protected locally under that bucket key, so most writes and reads need no KMS request.",
                "各オブジェクトのキーはそのバケットキーから S3 内で導出され、保護されるため、ほとんどの書き込みと読み取りで KMS へのリクエストは不要です。",
            ),
        ],
    }
}

/// What Kinesis does with a record it encrypts (`encrypt`) or decrypts, in words.
pub fn record_path(encrypt: bool) -> Vec<Text> {
    if encrypt {
        vec![
            t(
                "Kinesis takes the producer credential's current data key (GenerateDataKey under the stream's KMS key, reused for about 5 minutes).",
                "Kinesis はプロデューサーの認証情報に対応する現在のデータキーを使います (データストリームの KMS キーによる GenerateDataKey で生成され、約 5 分間再利用されます)。",
            ),
            t(
                "It encrypts the record with AES-256-GCM under the plaintext data key and a fresh nonce.",
                "プレーンテキストのデータキーと新しいナンスを使い、AES-256-GCM でレコードを暗号化します。",
            ),
            t(
                "It stores the ciphertext with a reference to the CiphertextBlob; the plaintext data key stays only in memory.",
                "暗号文を CiphertextBlob への参照とともに保存します。プレーンテキストのデータキーはメモリ内にだけ保持されます。",
            ),
        ]
    } else {
        vec![
            t(
                "Kinesis reads the ciphertext and its CiphertextBlob from storage.",
                "Kinesis はストレージから暗号文とその CiphertextBlob を読み取ります。",
            ),
            t(
                "It asks KMS to Decrypt the CiphertextBlob with the consumer's credentials and the stream-ARN encryption context (cached about 5 minutes).",
                "コンシューマーの認証情報と、データストリームの ARN を値とする暗号化コンテキストを使って、KMS に CiphertextBlob の Decrypt を要求します (結果は約 5 分間キャッシュされます)。",
            ),
            t(
                "It opens the record with AES-256-GCM under the recovered data key and returns the plaintext in GetRecords.",
                "復号したデータキーを使って AES-256-GCM でレコードを復号し、GetRecords でプレーンテキストを返します。",
            ),
        ]
    }
}

/// What KMS does in a data-key call, in words (`code` is the error code of a failed call).
pub fn kms_path(op: KmsOp, ok: bool, code: Option<&str>) -> Vec<Text> {
    match (op, ok) {
        (KmsOp::GenerateDataKey, true) => vec![
            t(
                "KMS draws a random 256-bit data key.",
                "KMS はランダムな 256 ビットのデータキーを生成します。",
            ),
            t(
                "It seals the data key under the KMS key's material with AES-256-GCM, using the encryption context as additional authenticated data.",
                "暗号化コンテキストを追加認証データ (AAD) として、KMS キーのキーマテリアルで AES-256-GCM によりデータキーを暗号化します。",
            ),
            t(
                "It returns both: Plaintext (to use and discard) and CiphertextBlob (to store).",
                "Plaintext (使用後に破棄する) と CiphertextBlob (保存する) の両方を返します。",
            ),
        ],
        (KmsOp::Decrypt, true) => vec![
            t(
                "KMS reads the key id from the CiphertextBlob.",
                "KMS は CiphertextBlob からキー ID を読み取ります。",
            ),
            t(
                "It opens the sealed data key with the request's encryption context as additional authenticated data; the tag verifies.",
                "リクエストの暗号化コンテキストを追加認証データ (AAD) として、暗号化されたデータキーを復号します。認証タグの検証は成功します。",
            ),
            t(
                "It returns the plaintext data key.",
                "プレーンテキストのデータキーを返します。",
            ),
        ],
        (KmsOp::Decrypt, false) if code == Some("InvalidCiphertextException") => vec![
            t(
                "KMS opens the sealed data key with the request's encryption context as additional authenticated data.",
                "KMS はリクエストの暗号化コンテキストを追加認証データ (AAD) として、暗号化されたデータキーの復号を試みます。",
            ),
            t(
                "The GCM tag does not verify (the blob was altered or the context differs in any byte), so KMS returns InvalidCiphertextException with no message.",
                "GCM の認証タグの検証に失敗する (CiphertextBlob が改ざんされたか、暗号化コンテキストが 1 バイトでも異なる) ため、KMS はメッセージなしで InvalidCiphertextException を返します。",
            ),
        ],
        _ => vec![t(
                "The request failed before any cryptography (see the outcome).",
                "暗号処理の前にリクエストが失敗しました (結果を参照してください)。",
        )],
    }
}

/// The stream's server-side layer around a client-side record (`key`: the stream's KMS
/// key's name; None: the stream does not encrypt).
pub fn stream_layer(key: Option<&str>) -> super::Layer {
    match key {
        Some(key) => super::Layer {
            code: "sse-kinesis",
            title: t(
                format!("Server-side: Kinesis SSE under KMS key {key} (EncryptionType KMS)"),
                format!("サーバー側: KMS キー {key} による Kinesis の SSE (EncryptionType KMS)"),
            ),
            note: t(
                "Kinesis removes this layer for any consumer allowed kinesis:GetRecords and kms:Decrypt through Kinesis; what they receive is still the SDK message inside.",
                "kinesis:GetRecords と Kinesis 経由の kms:Decrypt を許可されたコンシューマーには、Kinesis がこの層を外します。受け取るのは、やはり中の SDK メッセージです。",
            ),
        },
        None => super::Layer {
            code: "none",
            title: t(
                "No server-side encryption on the stream (EncryptionType NONE)",
                "ストリームのサーバー側の暗号化なし (EncryptionType NONE)",
            ),
            note: t(
                "Kinesis stores the SDK message as the producer sent it: readers of the stream get the message, not the record.",
                "Kinesis はプロデューサーが送った SDK メッセージをそのまま保存します。ストリームを読む側が受け取るのはレコードではなくメッセージです。",
            ),
        },
    }
}

/// The bucket's server-side layer around the SDK messages of an object (`key`: the name
/// of its KMS key).
pub fn object_layer(wrap: &KeyWrap, key: Option<&str>) -> super::Layer {
    let key = key.unwrap_or("");
    let kms_note = || {
        t(
            "S3 removes this layer for readers allowed s3:GetObject and kms:Decrypt on that key; they receive the SDK messages, one per record, back to back.",
            "s3:GetObject とそのキーに対する kms:Decrypt を許可された読み取り側には、S3 がこの層を外します。受け取るのはレコードごとの SDK メッセージを連結したものです。",
        )
    };
    match wrap {
        KeyWrap::Kms { .. } => super::Layer {
            code: "sse-kms",
            title: t(
                format!("Server-side: SSE-KMS under KMS key {key}"),
                format!("サーバー側: KMS キー {key} による SSE-KMS"),
            ),
            note: kms_note(),
        },
        KeyWrap::BucketKey { .. } => super::Layer {
            code: "bucket-key",
            title: t(
                format!("Server-side: SSE-KMS with an S3 Bucket Key under KMS key {key}"),
                format!("サーバー側: KMS キー {key} と S3 バケットキーによる SSE-KMS"),
            ),
            note: kms_note(),
        },
        KeyWrap::S3Owned { .. } => super::Layer {
            code: "sse-s3",
            title: t(
                "Server-side: SSE-S3 (a key S3 owns)",
                "サーバー側: SSE-S3 (S3 が所有するキー)",
            ),
            note: t(
                "S3 removes this layer for anyone allowed s3:GetObject; they receive the SDK messages, one per record, back to back.",
                "s3:GetObject を許可された誰に対しても S3 がこの層を外します。受け取るのはレコードごとの SDK メッセージを連結したものです。",
            ),
        },
        KeyWrap::None => super::Layer {
            code: "none",
            title: t("No server-side encryption on the object", "オブジェクトのサーバー側の暗号化なし"),
            note: t(
                "S3 stores the SDK messages as Firehose wrote them, one per record, back to back.",
                "S3 は Firehose が書いたとおりに、レコードごとの SDK メッセージを連結して保存します。",
            ),
        },
    }
}
