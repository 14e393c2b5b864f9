//! The envelope view of a step, rebuilt from the services' state: what was encrypted or
//! decrypted, the plaintext data key, nonce, ciphertext and CiphertextBlob, the KMS key and
//! encryption context, and the path in words (English and Japanese). Nothing here changes
//! the simulation.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::cloud::kms::KmsOp;
use crate::cloud::s3::KeyWrap;
use crate::runtime::trace::{Step, StepDetail};
use crate::sim::inspect::{b64, cut};
use crate::sim::simulation::Simulation;
use crate::text::Text;

/// Note shown next to every plaintext data key.
pub static DATA_KEY_NOTE: Text = Text::lit(
    "Plaintext data key: the service uses it in memory to encrypt, then discards it; only the CiphertextBlob is stored.",
    "プレーンテキストのデータキー: サービスはこれをメモリ内で暗号化に使い、その後破棄します。保存されるのは CiphertextBlob だけです。",
);

fn t(en: impl Into<Cow<'static, str>>, ja: impl Into<Cow<'static, str>>) -> Text {
    Text::new(en, ja)
}

fn data_key_note() -> Text {
    DATA_KEY_NOTE.clone()
}

/// The envelope view of a step.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EnvelopeDetail {
    /// `encrypt` or `decrypt`.
    pub direction: &'static str,
    /// What is being protected (`Kinesis record`, `S3 object`, `data key`).
    pub subject: Text,
    /// Plaintext (UTF-8, lossy; bodies longer than 4 KiB are cut).
    pub plaintext: Option<String>,
    /// Plaintext data key (hex).
    pub data_key_hex: Option<String>,
    /// Why the plaintext key is shown although AWS discards it.
    pub data_key_note: Text,
    /// Nonce (hex).
    pub nonce_hex: Option<String>,
    /// Ciphertext + tag (base64).
    pub ciphertext_base64: Option<String>,
    /// The encrypted data key (base64, this simulator's blob layout).
    pub ciphertext_blob_base64: Option<String>,
    /// KMS key ARN.
    pub kms_key_arn: Option<String>,
    /// Encryption context (AAD of the CiphertextBlob).
    pub encryption_context: BTreeMap<String, String>,
    /// Algorithm.
    pub algorithm: &'static str,
    /// The path in words (encrypt or decrypt order).
    pub path: Vec<Text>,
    /// Modelled parts.
    pub modelled: Option<Text>,
}

impl EnvelopeDetail {
    /// An AES-256-GCM envelope of `subject` with nothing filled in yet.
    fn new(encrypt: bool, subject: Text) -> EnvelopeDetail {
        EnvelopeDetail {
            direction: if encrypt { "encrypt" } else { "decrypt" },
            subject,
            plaintext: None,
            data_key_hex: None,
            data_key_note: data_key_note(),
            nonce_hex: None,
            ciphertext_base64: None,
            ciphertext_blob_base64: None,
            kms_key_arn: None,
            encryption_context: BTreeMap::new(),
            algorithm: "AES-256-GCM",
            path: vec![],
            modelled: None,
        }
    }
}

impl Simulation {
    /// The envelope view of a step (PutRecord, GetRecords, KMS data-key calls, S3 object
    /// writes and reads).
    pub fn envelope(&self, step: &Step) -> Option<EnvelopeDetail> {
        match step.detail {
            StepDetail::PutRecord { record } | StepDetail::PutRecords { first: record, .. } => {
                self.record_envelope(record, true)
            }
            StepDetail::GetRecords { count: 0, .. } => None,
            StepDetail::GetRecords {
                stream,
                shard,
                first,
                ..
            } => {
                let record = *self
                    .cloud
                    .kinesis
                    .shard(stream, shard)?
                    .records
                    .get(first as usize)?;
                self.record_envelope(record, false)
            }
            StepDetail::Kms { call } => self.kms_envelope(step, call),
            StepDetail::PutObject {
                object: Some(o), ..
            }
            | StepDetail::CopyObject { to: Some(o), .. } => self.object_envelope(o, false),
            StepDetail::GetObject { object } => self.object_envelope(object, true),
            _ => None,
        }
    }

    /// A Kinesis record put (`encrypt`) or read: sealed under the producer credential's
    /// data key, or plaintext when the stream did not encrypt it.
    fn record_envelope(&self, record: u32, encrypt: bool) -> Option<EnvelopeDetail> {
        let c = &self.cloud;
        let r = c.kinesis.records.get(record as usize)?;
        let plaintext = c.record_plaintext(record)?;
        let mut e = EnvelopeDetail::new(encrypt, t("Kinesis record", "Kinesis レコード"));
        e.plaintext = Some(cut(&plaintext));
        match r.data_key.and_then(|d| c.kms.data_keys.get(d as usize)) {
            None => e.path = vec![record_not_encrypted()],
            Some(d) => {
                e.data_key_hex = Some(hex::encode(d.plaintext));
                e.nonce_hex = Some(hex::encode(r.nonce));
                e.ciphertext_base64 = Some(b64(&r.stored));
                e.ciphertext_blob_base64 = Some(b64(&d.blob.to_bytes()));
                e.kms_key_arn = Some(self.key_arn(d.key));
                e.encryption_context = c.context_of(d.ctx);
                e.path = record_path(encrypt);
                e.modelled = Some(record_sealing_modelled());
            }
        }
        Some(e)
    }

    /// A KMS call on a data key: GenerateDataKey seals a new one, Decrypt opens one.
    fn kms_envelope(&self, step: &Step, call: u32) -> Option<EnvelopeDetail> {
        let c = &self.cloud;
        let k = c.kms.calls.get(call as usize)?;
        let d = k.data_key.and_then(|d| c.kms.data_keys.get(d as usize));
        let ok = step.outcome.is_ok();
        let mut e =
            EnvelopeDetail::new(k.op == KmsOp::GenerateDataKey, t("data key", "データキー"));
        e.data_key_hex = d.filter(|_| ok).map(|d| hex::encode(d.plaintext));
        e.nonce_hex = d.map(|d| hex::encode(d.blob.nonce));
        e.ciphertext_blob_base64 = d.map(|d| b64(&d.blob.to_bytes()));
        e.kms_key_arn = Some(self.key_arn(k.key));
        e.encryption_context = c.context_of(k.ctx);
        e.path = kms_path(k.op, ok, step.outcome.code());
        e.modelled = Some(blob_layout_modelled());
        Some(e)
    }

    /// An S3 object version written or read (`read`), as its encryption protects it.
    fn object_envelope(&self, o: u32, read: bool) -> Option<EnvelopeDetail> {
        let c = &self.cloud;
        let obj = c.s3.objects.get(o as usize)?;
        let body = c.s3_body_unchecked(o)?;
        let mut e = EnvelopeDetail::new(!read, t("S3 object", "S3 オブジェクト"));
        e.plaintext = Some(cut(&body));
        match &obj.wrap {
            KeyWrap::None => {}
            KeyWrap::S3Owned { .. } => {
                e.data_key_hex = c.s3_object_key_unchecked(o).map(hex::encode)
            }
            KeyWrap::Kms { data_key } | KeyWrap::BucketKey { data_key, .. } => {
                let d = c.kms.data_keys.get(*data_key as usize)?;
                e.data_key_hex = match obj.wrap {
                    KeyWrap::Kms { .. } => Some(hex::encode(d.plaintext)),
                    _ => c.s3_object_key_unchecked(o).map(hex::encode),
                };
                e.ciphertext_blob_base64 = Some(b64(&d.blob.to_bytes()));
                e.encryption_context = c.context_of(d.ctx);
                e.kms_key_arn = Some(self.key_arn(d.key));
            }
        }
        if !matches!(obj.wrap, KeyWrap::None) {
            e.nonce_hex = Some(hex::encode(obj.body_nonce));
            e.ciphertext_base64 = Some(b64(&obj.body[..obj.body.len().min(4096)]));
        }
        e.path = object_path(&obj.wrap, read);
        e.modelled = matches!(
            obj.wrap,
            KeyWrap::BucketKey { .. } | KeyWrap::S3Owned { .. }
        )
        .then(object_key_modelled);
        Some(e)
    }
}

/// Why a Kinesis record is stored as plaintext.
fn record_not_encrypted() -> Text {
    t(
        "The stream did not encrypt this record (EncryptionType NONE when it was written): it is stored as plaintext.",
        "このレコードはデータストリームで暗号化されていません (書き込み時の EncryptionType は NONE)。プレーンテキストのまま保存されています。",
    )
}

/// What is modelled about Kinesis record encryption.
fn record_sealing_modelled() -> Text {
    t(
        "how Kinesis seals each record under the data key (AES-256-GCM, no AAD) is modelled",
        "Kinesis が各レコードをデータキーで暗号化する方法 (AES-256-GCM、追加認証データ (AAD) なし) はモデル化したものです。",
    )
}

/// What is modelled about the CiphertextBlob.
fn blob_layout_modelled() -> Text {
    t(
        "the CiphertextBlob layout (key id, nonce, sealed key) is this simulator's; AWS's is opaque",
        "CiphertextBlob のレイアウト (キー ID、ナンス、暗号化されたキー) はこのシミュレーター独自のものです。AWS のレイアウトは公開されていません。",
    )
}

/// What is modelled about S3 object keys.
fn object_key_modelled() -> Text {
    t(
        "how S3 derives object keys under a Bucket Key or its own key is modelled",
        "S3 バケットキーまたは S3 独自のキーからオブジェクトのキーを導出する方法はモデル化したものです。",
    )
}

/// How S3 protects an object with this key wrap, in words (`read`: as it is read).
fn object_path(wrap: &KeyWrap, read: bool) -> Vec<Text> {
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
fn record_path(encrypt: bool) -> Vec<Text> {
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
fn kms_path(op: KmsOp, ok: bool, code: Option<&str>) -> Vec<Text> {
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
