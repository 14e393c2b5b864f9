//! The envelope, drawn: a step's cryptography as lanes, one per operation — what goes in,
//! the key (and algorithm) it goes through, and what comes out. The web app draws the lanes
//! (src/envelope.rs); every label is here, in English and Japanese.

use crate::text::Text;

/// What a box of the drawing holds (it decides the box's look).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A plaintext key (data key, bucket key, object key): used in memory, then discarded.
    PlaintextKey,
    /// Plaintext data: a record or an object body.
    Data,
    /// Data encrypted under a data key.
    Ciphertext,
    /// A key encrypted under another key: the CiphertextBlob, a sealed object key.
    WrappedKey,
    /// A request that got nothing back.
    Request,
    /// Nothing came out: the operation was refused or failed.
    Nothing,
}

impl PartKind {
    /// A short stable name (`plaintext-key`, `data`, …), for styling and tests.
    pub fn code(self) -> &'static str {
        match self {
            PartKind::PlaintextKey => "plaintext-key",
            PartKind::Data => "data",
            PartKind::Ciphertext => "ciphertext",
            PartKind::WrappedKey => "wrapped-key",
            PartKind::Request => "request",
            PartKind::Nothing => "nothing",
        }
    }
}

/// One box: what it is, and a short note on what becomes of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub kind: PartKind,
    pub label: Text,
    pub note: Option<Text>,
}

/// One operation: `input` through `via` (a key, or why it stopped), `how` (algorithm and
/// AAD) becomes `output` (`failed`: it did not).
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub input: Part,
    pub via: Text,
    pub how: Option<Text>,
    pub output: Part,
    pub failed: bool,
}

/// What a lane goes through: the key, then the algorithm and AAD.
type Via = (Text, Option<Text>);

fn part(kind: PartKind, en: &'static str, ja: &'static str) -> Part {
    Part {
        kind,
        label: Text::lit(en, ja),
        note: None,
    }
}

impl Part {
    fn noted(mut self, en: &'static str, ja: &'static str) -> Part {
        self.note = Some(Text::lit(en, ja));
        self
    }
}

/// A lane that did not fail (also the client-side figure's, `sdk::lanes`).
pub(super) fn lane(input: Part, (via, how): Via, output: Part) -> Lane {
    Lane {
        input,
        via,
        how,
        output,
        failed: false,
    }
}

/// A lane through something that is not a key (`no encryption`).
fn plain(en: &'static str, ja: &'static str) -> Via {
    (Text::lit(en, ja), None)
}

fn refused(input: Part, code: &str, output: Part) -> Lane {
    Lane {
        input,
        via: Text::new(format!("refused: {code}"), format!("拒否: {code}")),
        how: None,
        output,
        failed: true,
    }
}

fn data_key() -> Part {
    part(
        PartKind::PlaintextKey,
        "Plaintext data key",
        "プレーンテキストのデータキー",
    )
}

fn blob() -> Part {
    part(PartKind::WrappedKey, "CiphertextBlob", "CiphertextBlob")
}

fn record() -> Part {
    part(
        PartKind::Data,
        "Record (plaintext)",
        "レコード (プレーンテキスト)",
    )
}

fn record_ciphertext() -> Part {
    part(PartKind::Ciphertext, "Ciphertext", "暗号文")
}

fn no_data_key() -> Part {
    part(PartKind::Nothing, "No data key", "データキーなし")
}

/// `<op>: KMS key <name>`, then `AES-256-GCM · AAD = encryption context`.
fn via_kms(op: &str, key: &str) -> Via {
    (
        Text::new(
            format!("{op}: KMS key {key}"),
            format!("{op}: KMS キー {key}"),
        ),
        Some(Text::lit(
            "AES-256-GCM · AAD = encryption context",
            "AES-256-GCM、AAD = 暗号化コンテキスト",
        )),
    )
}

/// The data key (or another plaintext key) sealing or opening data with a nonce.
fn via_key(en: &str, ja: &str) -> Via {
    (
        Text::new(format!("{en} + nonce"), format!("{ja}とナンス")),
        Some(Text::lit("AES-256-GCM", "AES-256-GCM")),
    )
}

/// A Kinesis record sealed under the producer credential's data key (`encrypt`) or opened
/// for a consumer.
pub fn record_sealed(encrypt: bool, key: &str) -> Vec<Lane> {
    let via_data_key = || via_key("Plaintext data key", "プレーンテキストのデータキー");
    if encrypt {
        vec![
            lane(
                data_key().noted("discarded after use", "使用後に破棄"),
                via_kms("GenerateDataKey", key),
                blob().noted("stored with the record", "レコードとともに保存"),
            ),
            lane(
                record(),
                via_data_key(),
                record_ciphertext().noted("stored in the shard", "シャードに保存"),
            ),
        ]
    } else {
        vec![
            lane(
                blob().noted("stored with the record", "レコードとともに保存"),
                via_kms("Decrypt", key),
                data_key().noted("in memory only", "メモリ内だけ"),
            ),
            lane(
                record_ciphertext(),
                via_data_key(),
                record().noted("returned by GetRecords", "GetRecords で返却"),
            ),
        ]
    }
}

/// A record the stream did not encrypt (EncryptionType NONE).
pub fn record_plain(encrypt: bool) -> Vec<Lane> {
    vec![lane(
        record(),
        plain(
            "no encryption (EncryptionType NONE)",
            "暗号化なし (EncryptionType NONE)",
        ),
        record().noted(
            if encrypt {
                "stored as plaintext"
            } else {
                "read as stored"
            },
            if encrypt {
                "プレーンテキストのまま保存"
            } else {
                "保存されたまま読み取り"
            },
        ),
    )]
}

/// A record the stream refused (`code`): nothing stored.
pub fn record_rejected(code: &str) -> Vec<Lane> {
    vec![refused(
        record(),
        code,
        part(PartKind::Nothing, "Not stored", "保存されない"),
    )]
}

/// A KMS GenerateDataKey or Decrypt (`generate`) that succeeded, or failed with `code`.
pub fn kms_call(generate: bool, key: &str, code: Option<&str>) -> Vec<Lane> {
    match (generate, code) {
        (true, None) => vec![lane(
            part(
                PartKind::PlaintextKey,
                "New data key (256 random bits)",
                "新しいデータキー (ランダムな 256 ビット)",
            )
            .noted(
                "returned as Plaintext; discarded after use",
                "Plaintext として返却、使用後に破棄",
            ),
            via_kms("GenerateDataKey", key),
            blob().noted(
                "returned as CiphertextBlob; stored",
                "CiphertextBlob として返却、保存",
            ),
        )],
        (false, None) => vec![lane(
            blob(),
            via_kms("Decrypt", key),
            data_key().noted("returned as Plaintext", "Plaintext として返却"),
        )],
        (true, Some(code)) => vec![refused(
            part(
                PartKind::Request,
                "GenerateDataKey request",
                "GenerateDataKey リクエスト",
            ),
            code,
            no_data_key(),
        )],
        (false, Some("InvalidCiphertextException")) => vec![Lane {
            input: blob().noted(
                "altered, or sent with another encryption context",
                "改ざんされたか、別の暗号化コンテキストで送信",
            ),
            via: Text::new(
                format!("Decrypt: KMS key {key}"),
                format!("Decrypt: KMS キー {key}"),
            ),
            how: Some(Text::lit(
                "the GCM tag does not verify",
                "GCM の認証タグの検証に失敗",
            )),
            output: part(
                PartKind::Nothing,
                "InvalidCiphertextException",
                "InvalidCiphertextException",
            ),
            failed: true,
        }],
        (false, Some(code)) => vec![refused(blob(), code, no_data_key())],
    }
}

fn object_body() -> Part {
    part(PartKind::Data, "Object body", "オブジェクトの本文")
}

fn object_ciphertext() -> Part {
    part(
        PartKind::Ciphertext,
        "Encrypted object",
        "暗号化されたオブジェクト",
    )
}

fn object_key() -> Part {
    part(
        PartKind::PlaintextKey,
        "Object key (plaintext)",
        "オブジェクトのキー (プレーンテキスト)",
    )
}

fn sealed_object_key() -> Part {
    part(
        PartKind::WrappedKey,
        "Sealed object key",
        "暗号化されたオブジェクトのキー",
    )
    .noted("stored with the object", "オブジェクトとともに保存")
}

/// How S3 protects an object: the key lanes, then the body sealed under the object's key;
/// a read (`!write`) runs the same lanes backwards (unwrap the keys, then open the body).
fn object(write: bool, mut keys: Vec<Lane>, body_key: (&str, &str)) -> Vec<Lane> {
    keys.push(lane(
        object_body(),
        via_key(body_key.0, body_key.1),
        object_ciphertext().noted("stored in the bucket", "バケットに保存"),
    ));
    if write {
        return keys;
    }
    keys.into_iter()
        .map(|l| Lane {
            input: Part {
                note: None,
                ..l.output
            },
            via: l.via,
            how: l.how,
            output: l.input,
            failed: l.failed,
        })
        .collect()
}

/// An object stored without encryption.
pub fn object_plain() -> Vec<Lane> {
    vec![lane(
        object_body(),
        plain("no encryption", "暗号化なし"),
        object_body().noted("stored as is", "そのまま保存"),
    )]
}

/// SSE-S3: the object key sealed under a key S3 owns.
pub fn object_sse_s3(write: bool) -> Vec<Lane> {
    let key = lane(
        object_key().noted("discarded after use", "使用後に破棄"),
        (
            Text::lit("a key S3 owns (SSE-S3)", "S3 が所有するキー (SSE-S3)"),
            Some(Text::lit("AES-256-GCM", "AES-256-GCM")),
        ),
        sealed_object_key(),
    );
    object(write, vec![key], ("Object key", "オブジェクトのキー"))
}

/// SSE-KMS: the object key is a KMS data key (context aws:s3:arn = the object ARN).
pub fn object_sse_kms(write: bool, key: &str) -> Vec<Lane> {
    let op = if write { "GenerateDataKey" } else { "Decrypt" };
    let wrap = lane(
        data_key().noted("discarded after use", "使用後に破棄"),
        via_kms(op, key),
        blob().noted("stored with the object", "オブジェクトとともに保存"),
    );
    object(
        write,
        vec![wrap],
        ("Plaintext data key", "プレーンテキストのデータキー"),
    )
}

/// SSE-KMS with an S3 Bucket Key: a bucket key from KMS (context = the bucket ARN), the
/// object key sealed under it in S3.
pub fn object_bucket_key(write: bool, key: &str) -> Vec<Lane> {
    let op = if write { "GenerateDataKey" } else { "Decrypt" };
    let bucket_key = lane(
        part(
            PartKind::PlaintextKey,
            "Bucket key (plaintext)",
            "バケットキー (プレーンテキスト)",
        )
        .noted(
            "kept by S3 for a while (modelled)",
            "S3 が一定時間保持 (モデル化)",
        ),
        via_kms(op, key),
        blob().noted("stored with the object", "オブジェクトとともに保存"),
    );
    let object_key = lane(
        object_key().noted("discarded after use", "使用後に破棄"),
        (
            Text::lit(
                "the bucket key, in S3 (modelled)",
                "S3 内のバケットキー (モデル化)",
            ),
            Some(Text::lit("AES-256-GCM", "AES-256-GCM")),
        ),
        sealed_object_key(),
    );
    object(
        write,
        vec![bucket_key, object_key],
        ("Object key", "オブジェクトのキー"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_an_object_reverses_every_lane() {
        let write = object_bucket_key(true, "S3Key");
        let read = object_bucket_key(false, "S3Key");
        assert_eq!(write.len(), 3);
        assert_eq!(read.len(), 3);
        assert_eq!(read[0].input.kind, PartKind::WrappedKey);
        assert!(read[0].via.en().starts_with("Decrypt: KMS key S3Key"));
        assert_eq!(read[0].output.kind, PartKind::PlaintextKey);
        assert_eq!(read[2].input.kind, PartKind::Ciphertext);
        assert_eq!(read[2].output.kind, PartKind::Data);
    }

    #[test]
    fn failures_produce_nothing() {
        let l = &kms_call(true, "K", Some("AccessDeniedException"))[0];
        assert!(l.failed);
        assert_eq!(l.output.kind, PartKind::Nothing);
        assert!(l.via.en().contains("AccessDeniedException"));
        assert!(record_rejected("KMSDisabledException")[0].failed);
    }
}
