//! The client-side envelope: an AWS Encryption SDK message as the Envelope tab draws it —
//! its header fields (version, algorithm suite, message id, encryption context with the
//! signing suite's `aws-crypto-public-key`, the `aws-kms` encrypted data keys with the key
//! ARN and KMS's `CiphertextBlob`, content type, frame length, commitment key), the header
//! authentication tag, the frames and the footer signature — read from the message bytes
//! with `esdk::inspect`, never from what the simulation meant to write. Also the server-side
//! layer around it when a stream or bucket encrypts the SDK message again, and which
//! message a producer's `EncryptionSDK.encrypt` or a reader's `EncryptionSDK.decrypt` step
//! handled (found from the trace: those steps carry no detail, so the trace hash is
//! unchanged). Every label in English and Japanese.

use crate::cloud::client_side::{DECRYPT_OPERATION, ENCRYPT_OPERATION};
use crate::esdk::{self, header::KMS_PROVIDER_ID, header::PUBLIC_KEY_CONTEXT_KEY, Header};
use crate::esdk::{AlgorithmSuite, MessageLayout};
use crate::runtime::trace::{Step, StepDetail};
use crate::sim::simulation::Simulation;
use crate::text::Text;

use super::figure::{self, Lane, Part, PartKind};
use super::EnvelopeDetail;

/// Frames listed at most (a record of the lab fits in one).
const FRAMES_SHOWN: usize = 8;
/// Bytes of a long value (a CiphertextBlob, a signature) shown before "…".
pub const PREFIX_BYTES: usize = 16;

/// A value of a field: words in both languages, a literal (ARN, name, number), or bytes
/// (the UI writes them in the chosen encoding; `len` is the whole length when only the
/// first bytes are kept).
#[derive(Debug, Clone, PartialEq)]
pub enum SdkValue {
    Words(Text),
    Literal(String),
    Bytes { bytes: Vec<u8>, len: usize },
}

/// One field of the message.
#[derive(Debug, Clone, PartialEq)]
pub struct SdkField {
    /// A stable name for tests and styling (`suite`, `key-arn`, `blob`, …).
    pub code: &'static str,
    pub label: Text,
    pub value: SdkValue,
    /// What the field is for, where that is not obvious.
    pub note: Option<Text>,
}

/// One part of the message: header, header authentication, a frame, the footer.
#[derive(Debug, Clone, PartialEq)]
pub struct SdkPart {
    /// `header`, `header-auth`, `frame`, `footer`.
    pub code: &'static str,
    pub title: Text,
    /// Its length in bytes.
    pub len: usize,
    pub fields: Vec<SdkField>,
}

/// An AWS Encryption SDK message, field by field.
#[derive(Debug, Clone, PartialEq)]
pub struct SdkMessage {
    /// `AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384`, …
    pub suite_name: &'static str,
    /// 0x0578, …
    pub suite_id: u16,
    /// Whether the suite signs (a footer follows the body).
    pub signed: bool,
    /// The KMS key ARNs of its encrypted data keys.
    pub key_arns: Vec<String>,
    /// The whole message's length in bytes.
    pub len: usize,
    /// How many messages lie back to back where this one was found (an S3 object Firehose
    /// wrote holds one per record), and which one this is (0-based).
    pub of: usize,
    pub index: usize,
    /// Frames not listed (beyond the first few).
    pub frames_hidden: usize,
    pub parts: Vec<SdkPart>,
}

/// A server-side layer around the SDK message (outermost first).
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// `sse-kinesis`, `sse-kms`, `sse-s3`, `bucket-key`, `none`.
    pub code: &'static str,
    /// What wraps it, e.g. "Kinesis SSE under KinesisKey".
    pub title: Text,
    /// Who can remove it.
    pub note: Text,
}

fn t(
    en: impl Into<std::borrow::Cow<'static, str>>,
    ja: impl Into<std::borrow::Cow<'static, str>>,
) -> Text {
    Text::new(en, ja)
}

fn field(code: &'static str, label: Text, value: SdkValue) -> SdkField {
    SdkField {
        code,
        label,
        value,
        note: None,
    }
}

fn noted(mut f: SdkField, note: Text) -> SdkField {
    f.note = Some(note);
    f
}

fn lit(s: impl Into<String>) -> SdkValue {
    SdkValue::Literal(s.into())
}

fn bytes(b: &[u8]) -> SdkValue {
    SdkValue::Bytes {
        bytes: b.to_vec(),
        len: b.len(),
    }
}

fn prefix(b: &[u8]) -> SdkValue {
    SdkValue::Bytes {
        bytes: b[..b.len().min(PREFIX_BYTES)].to_vec(),
        len: b.len(),
    }
}

fn span_len((start, end): (usize, usize)) -> usize {
    end.saturating_sub(start)
}

/// The messages stored back to back in `body` (at most `limit`), each with its header and
/// layout; stops at the first bytes that are not a message.
pub fn split(body: &[u8], limit: usize) -> Vec<(usize, usize, Header, MessageLayout)> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while at < body.len() && out.len() < limit {
        let Ok((head, layout)) = esdk::inspect(&body[at..]) else {
            break;
        };
        let end = layout.end().clamp(1, body.len() - at);
        out.push((at, at + end, head, layout));
        at += end;
    }
    out
}

/// How many messages lie back to back in `body` (at most `limit` counted).
pub fn count(body: &[u8], limit: usize) -> usize {
    split(body, limit).len()
}

/// Message `index` of those stored back to back in `body`, drawn.
pub fn message_in(body: &[u8], index: usize) -> Option<SdkMessage> {
    // Bounded: a record or object never holds more messages than the run sealed.
    let all = split(body, 100_000);
    let of = all.len();
    let (start, end, head, layout) = all.into_iter().nth(index)?;
    let message = body.get(start..end)?;
    Some(draw(message, &head, &layout, of, index))
}

fn suite_words(suite: AlgorithmSuite) -> Text {
    if suite.signs() {
        t(
            "the SDK's default: AES-256-GCM, HKDF-SHA512 key derivation and key commitment, and an ECDSA P-384 signature in the footer",
            "SDK のデフォルト: AES-256-GCM、HKDF-SHA512 によるキー導出とキーコミットメント、フッターの ECDSA P-384 署名",
        )
    } else {
        t(
            "AES-256-GCM, HKDF-SHA512 key derivation and key commitment; no signature",
            "AES-256-GCM、HKDF-SHA512 によるキー導出とキーコミットメント。署名なし",
        )
    }
}

fn header_part(head: &Header, layout: &MessageLayout) -> SdkPart {
    let suite = head.suite;
    let mut fields = vec![
        field(
            "version",
            t("Version", "バージョン"),
            SdkValue::Words(t("0x02 (message format version 2)", "0x02 (メッセージ形式のバージョン 2)")),
        ),
        noted(
            field(
                "suite",
                t("Algorithm suite", "アルゴリズムスイート"),
                lit(format!("0x{:04X} {}", suite.id(), suite.name())),
            ),
            suite_words(suite),
        ),
        noted(
            field("message-id", t("Message ID", "メッセージ ID"), bytes(&head.message_id)),
            t(
                "32 random bytes: the salt of the key derivation, so every message has its own keys",
                "ランダムな 32 バイト。キー導出のソルトなので、メッセージごとに別のキーになります",
            ),
        ),
    ];
    for (k, v) in &head.context {
        let f = field(
            "context",
            t(
                format!("Encryption context: {k}"),
                format!("暗号化コンテキスト: {k}"),
            ),
            lit(v.clone()),
        );
        fields.push(if k == PUBLIC_KEY_CONTEXT_KEY {
            noted(
                f,
                t(
                    "added by the SDK for the signing suite: the public key that verifies the footer signature (compressed P-384 point, base64)",
                    "署名付きのスイートで SDK が追加したエントリーです。フッターの署名を検証する公開キー (圧縮した P-384 の点、base64) です",
                ),
            )
        } else {
            noted(
                f,
                t(
                    "the producer's pair: stored in plaintext in the header, sent with every KMS call on the data key and checked by the reader",
                    "プロデューサーが指定したペアです。ヘッダーにプレーンテキストで保存され、データキーに対する KMS の呼び出しに毎回付けて送られ、読み取る側が確認します",
                ),
            )
        });
    }
    if head.context.is_empty() {
        fields.push(field(
            "context",
            t("Encryption context", "暗号化コンテキスト"),
            SdkValue::Words(t("(empty)", "(空)")),
        ));
    }
    let n = head.data_keys.len();
    for (i, edk) in head.data_keys.iter().enumerate() {
        let which = if n > 1 {
            format!(" {}", i + 1)
        } else {
            String::new()
        };
        fields.push(field(
            "provider-id",
            t(
                format!("Encrypted data key{which}: key provider ID"),
                format!("暗号化されたデータキー{which}: キープロバイダー ID"),
            ),
            lit(edk.provider_id.clone()),
        ));
        let info = String::from_utf8_lossy(&edk.provider_info).into_owned();
        let kms = edk.provider_id == KMS_PROVIDER_ID;
        let info_field = field(
            "key-arn",
            t(
                format!("Encrypted data key{which}: key provider information"),
                format!("暗号化されたデータキー{which}: キープロバイダー情報"),
            ),
            lit(info),
        );
        fields.push(if kms {
            noted(
                info_field,
                t(
                    "the ARN of the KMS key that encrypted the data key",
                    "データキーを暗号化した KMS キーの ARN",
                ),
            )
        } else {
            info_field
        });
        let blob = field(
            "blob",
            t(
                format!("Encrypted data key{which}: ciphertext"),
                format!("暗号化されたデータキー{which}: 暗号文"),
            ),
            prefix(&edk.ciphertext),
        );
        fields.push(if kms {
            noted(
                blob,
                t(
                    "the CiphertextBlob GenerateDataKey returned: only kms:Decrypt on that key turns it back into the data key",
                    "GenerateDataKey が返した CiphertextBlob です。そのキーに対する kms:Decrypt でしかデータキーに戻せません",
                ),
            )
        } else {
            blob
        });
    }
    fields.push(field(
        "content-type",
        t("Content type", "コンテンツタイプ"),
        SdkValue::Words(t("0x02 (framed)", "0x02 (フレーム化)")),
    ));
    fields.push(field(
        "frame-length",
        t("Frame length", "フレームの長さ"),
        SdkValue::Words(t(
            format!("{} bytes", head.frame_length),
            format!("{} バイト", head.frame_length),
        )),
    ));
    fields.push(noted(
        field("commitment", t("Commitment key (algorithm suite data)", "コミットメントキー (アルゴリズムスイートのデータ)"), bytes(&head.commitment)),
        t(
            "derived from the data key and the message ID with HKDF-SHA512: a reader recomputes it and refuses a message whose data key does not match (key commitment)",
            "データキーとメッセージ ID から HKDF-SHA512 で導出した値です。読み取る側が計算し直し、データキーと一致しないメッセージは拒否します (キーコミットメント)",
        ),
    ));
    SdkPart {
        code: "header",
        title: t("Header", "ヘッダー"),
        len: layout.header.commitment.1,
        fields,
    }
}

fn header_auth_part(message: &[u8], layout: &MessageLayout) -> SdkPart {
    let (start, end) = layout.header.auth_tag;
    let tag = message.get(start..end).unwrap_or_default();
    SdkPart {
        code: "header-auth",
        title: t("Header authentication", "ヘッダーの認証"),
        len: span_len(layout.header.auth_tag),
        fields: vec![noted(
            field("header-tag", t("Authentication tag", "認証タグ"), bytes(tag)),
            t(
                "AES-GCM over every header byte (IV of 12 zero bytes) under the key derived for this message: changing any header field, the encryption context included, makes it fail",
                "このメッセージ用に導出したキーで、ヘッダーの全バイトに対して計算した AES-GCM の認証タグです (IV は 12 バイトの 0)。暗号化コンテキストを含め、ヘッダーのどのフィールドを変えても検証に失敗します",
            ),
        )],
    }
}

/// A frame: sequence number, whether final, IV, encrypted content length, tag.
fn frame_part(
    message: &[u8],
    (seq, start, end): (u32, usize, usize),
    frame_length: u32,
) -> SdkPart {
    let frame = message.get(start..end).unwrap_or_default();
    let is_final = frame.starts_with(&[0xFF, 0xFF, 0xFF, 0xFF]);
    // Final: marker (4), sequence number (4), IV (12), content length (4), content, tag (16);
    // regular: sequence number (4), IV (12), content (frame length), tag (16).
    let (iv_at, content) = if is_final {
        (8, frame.len().saturating_sub(40))
    } else {
        (4, frame_length as usize)
    };
    let iv = frame.get(iv_at..iv_at + 12).unwrap_or_default();
    let tag = frame
        .get(frame.len().saturating_sub(16)..)
        .unwrap_or_default();
    let title = if is_final {
        t(
            format!("Frame {seq} (final frame)"),
            format!("フレーム {seq} (最終フレーム)"),
        )
    } else {
        t(format!("Frame {seq}"), format!("フレーム {seq}"))
    };
    SdkPart {
        code: "frame",
        title,
        len: frame.len(),
        fields: vec![
            noted(
                field("frame-iv", t("IV", "初期化ベクトル (IV)"), bytes(iv)),
                t("8 zero bytes and the sequence number: unique per frame", "8 バイトの 0 とシーケンス番号。フレームごとに一意です"),
            ),
            field(
                "frame-content",
                t("Encrypted content", "暗号化されたコンテンツ"),
                SdkValue::Words(t(format!("{content} bytes"), format!("{content} バイト"))),
            ),
            noted(
                field("frame-tag", t("Authentication tag", "認証タグ"), bytes(tag)),
                t(
                    "AES-256-GCM; the AAD binds the message ID, the frame's sequence number and length, so frames cannot be reordered or cut",
                    "AES-256-GCM。AAD にメッセージ ID、フレームのシーケンス番号と長さが含まれるため、フレームの並べ替えや切り詰めはできません",
                ),
            ),
        ],
    }
}

fn footer_part(message: &[u8], (start, end): (usize, usize)) -> SdkPart {
    let signature = message
        .get(start.saturating_add(2)..end)
        .unwrap_or_default();
    SdkPart {
        code: "footer",
        title: t("Footer", "フッター"),
        len: end.saturating_sub(start),
        fields: vec![
            field(
                "signature-length",
                t("Signature length", "署名の長さ"),
                SdkValue::Words(t(format!("{} bytes", signature.len()), format!("{} バイト", signature.len()))),
            ),
            noted(
                field("signature", t("Signature", "署名"), prefix(signature)),
                t(
                    "ECDSA P-384 with SHA-384 over the header and body, by a private key the SDK made for this message and discarded: whoever can decrypt the data key still cannot forge a message that verifies",
                    "ヘッダーと本文に対する SHA-384 の ECDSA P-384 署名です。SDK がこのメッセージのために作って破棄したプライベートキーで署名するため、データキーを復号できる人でも検証に通るメッセージは偽造できません",
                ),
            ),
        ],
    }
}

/// The drawing of one message (`of` messages where it was found, this is number `index`).
pub fn draw(
    message: &[u8],
    head: &Header,
    layout: &MessageLayout,
    of: usize,
    index: usize,
) -> SdkMessage {
    let mut parts = vec![header_part(head, layout), header_auth_part(message, layout)];
    for &f in layout.frames.iter().take(FRAMES_SHOWN) {
        parts.push(frame_part(message, f, head.frame_length));
    }
    if let Some(span) = layout.footer {
        parts.push(footer_part(message, span));
    }
    SdkMessage {
        suite_name: head.suite.name(),
        suite_id: head.suite.id(),
        signed: head.suite.signs(),
        key_arns: head
            .data_keys
            .iter()
            .filter(|k| k.provider_id == KMS_PROVIDER_ID)
            .map(|k| String::from_utf8_lossy(&k.provider_info).into_owned())
            .collect(),
        len: message.len(),
        of,
        index,
        frames_hidden: layout.frames.len().saturating_sub(FRAMES_SHOWN),
        parts,
    }
}

fn part(kind: PartKind, label: Text, note: Option<Text>) -> Part {
    Part { kind, label, note }
}

/// A lane as the server-side figure draws one (`figure::lane`): what goes in, through what
/// (and how), what comes out.
fn lane(input: Part, via: Text, how: Option<Text>, output: Part) -> Lane {
    figure::lane(input, (via, how), output)
}

/// The SDK's work on one message: the data key (from KMS, or the cache), the key
/// derivation, the frames, the signature; read backwards for a decryption.
/// `kms`: None when the data key came from the cache; Some(Err(code)) when KMS refused.
pub fn lanes(encrypt: bool, key: &str, signed: bool, kms: Option<Result<(), &str>>) -> Vec<Lane> {
    let data_key = || {
        part(
            PartKind::PlaintextKey,
            t("Plaintext data key", "プレーンテキストのデータキー"),
            None,
        )
    };
    let edk = || {
        part(
            PartKind::WrappedKey,
            t("Encrypted data key", "暗号化されたデータキー"),
            Some(t(
                "the CiphertextBlob, in the header",
                "CiphertextBlob、ヘッダー内",
            )),
        )
    };
    let op = if encrypt {
        "GenerateDataKey"
    } else {
        "Decrypt"
    };
    let kms_via = t(
        format!("{op}: KMS key {key}"),
        format!("{op}: KMS キー {key}"),
    );
    let kms_how = Some(t(
        "the SDK's own call · AAD = encryption context",
        "SDK 自身の呼び出し、AAD = 暗号化コンテキスト",
    ));
    let mut out = Vec::new();
    match kms {
        Some(Err(code)) => {
            let request = part(
                PartKind::Request,
                t(format!("{op} request"), format!("{op} リクエスト")),
                None,
            );
            out.push(Lane {
                input: if encrypt { request } else { edk() },
                via: t(format!("refused: {code}"), format!("拒否: {code}")),
                how: None,
                output: part(
                    PartKind::Nothing,
                    t(
                        "No data key: nothing sealed or opened",
                        "データキーなし: 暗号化も復号もされない",
                    ),
                    None,
                ),
                failed: true,
            });
            return out;
        }
        None => out.push(lane(
            part(
                PartKind::PlaintextKey,
                t("Cached data key", "キャッシュされたデータキー"),
                Some(t("reused: no KMS call", "再利用: KMS の呼び出しなし")),
            ),
            t(
                "the caching materials manager",
                "キャッシュする暗号化マテリアルマネージャー",
            ),
            Some(t(
                "within max_age, max_messages, max_bytes",
                "max_age、max_messages、max_bytes の範囲内",
            )),
            edk(),
        )),
        Some(Ok(())) if encrypt => out.push(lane(data_key(), kms_via, kms_how, edk())),
        Some(Ok(())) => out.push(lane(edk(), kms_via, kms_how, data_key())),
    }
    out.push(lane(
        data_key(),
        t(
            "HKDF-SHA512 (salt = message ID)",
            "HKDF-SHA512 (ソルト = メッセージ ID)",
        ),
        None,
        part(
            PartKind::PlaintextKey,
            t(
                "Frame key + commitment key",
                "フレームのキーとコミットメントキー",
            ),
            Some(t(
                "commitment key stored in the header",
                "コミットメントキーはヘッダーに保存",
            )),
        ),
    ));
    let record = || {
        part(
            PartKind::Data,
            t("Record (plaintext)", "レコード (プレーンテキスト)"),
            None,
        )
    };
    let frames = || {
        part(
            PartKind::Ciphertext,
            t("Header tag + frames", "ヘッダーの認証タグとフレーム"),
            None,
        )
    };
    let via = t(
        "frame key + per-frame IV",
        "フレームのキーとフレームごとの IV",
    );
    let how = Some(t("AES-256-GCM", "AES-256-GCM"));
    out.push(if encrypt {
        lane(record(), via, how, frames())
    } else {
        lane(frames(), via, how, record())
    });
    if signed {
        let sig = || {
            part(
                PartKind::WrappedKey,
                t("Footer signature", "フッターの署名"),
                None,
            )
        };
        let message = || {
            part(
                PartKind::Ciphertext,
                t("Header + body", "ヘッダーと本文"),
                None,
            )
        };
        out.push(if encrypt {
            lane(
                message(),
                t(
                    "ECDSA P-384 private key (discarded)",
                    "ECDSA P-384 のプライベートキー (破棄)",
                ),
                Some(t(
                    "public key in the encryption context",
                    "公開キーは暗号化コンテキスト内",
                )),
                sig(),
            )
        } else {
            lane(
                sig(),
                t(
                    "aws-crypto-public-key from the context",
                    "コンテキストの aws-crypto-public-key",
                ),
                Some(t("ECDSA P-384 verify", "ECDSA P-384 で検証")),
                part(
                    PartKind::Data,
                    t("Signature verified", "署名を検証済み"),
                    None,
                ),
            )
        });
    }
    out
}

/// The lanes of a server-side layer around SDK messages: what it seals or opens is the
/// producer's ciphertext, not the record (`object`: several messages, one per record).
pub fn relabel_for_sdk(lanes: &mut [Lane], object: bool) {
    let label = if object {
        t(
            "SDK messages (one per record)",
            "SDK メッセージ (レコードごとに 1 件)",
        )
    } else {
        t(
            "SDK message (client-side ciphertext)",
            "SDK メッセージ (クライアント側の暗号文)",
        )
    };
    for lane in lanes {
        for part in [&mut lane.input, &mut lane.output] {
            if part.kind == PartKind::Data {
                part.label = label.clone();
            }
        }
    }
}

impl Simulation {
    /// The SDK message of record `record` when its producer seals client-side.
    pub(crate) fn record_sdk_message(&self, record: u32) -> Option<SdkMessage> {
        let c = &self.cloud;
        let r = c.kinesis.records.get(record as usize)?;
        c.lambda
            .producers
            .get(r.producer as usize)?
            .client_side
            .as_ref()?;
        message_in(&c.record_plaintext(record)?, 0)
    }

    /// Whether object `o` holds SDK messages (the records it carries were sealed
    /// client-side).
    pub(crate) fn object_holds_sdk(&self, o: u32) -> bool {
        let c = &self.cloud;
        c.s3.objects
            .get(o as usize)
            .and_then(|obj| obj.records.first())
            .and_then(|r| c.kinesis.records.get(*r as usize))
            .and_then(|r| c.lambda.producers.get(r.producer as usize))
            .is_some_and(|p| p.client_side.is_some())
    }

    /// The KMS call a step made directly under it (None: it made none).
    fn kms_child(&self, i: usize) -> Option<&Step> {
        self.steps()
            .iter()
            .skip(i + 1)
            .take_while(|s| s.parent.is_some())
            .find(|s| s.parent == Some(i as u32) && s.service == "kms")
    }

    /// An `EncryptionSDK.encrypt` or `EncryptionSDK.decrypt` step's envelope: the message
    /// it sealed (the record the producer then put) or opened (message k of the object the
    /// reader read just before), and the SDK's lanes.
    pub(crate) fn sdk_step_envelope(&self, i: usize) -> Option<EnvelopeDetail> {
        let step = self.steps().get(i)?;
        let encrypt = match step.operation {
            ENCRYPT_OPERATION => true,
            DECRYPT_OPERATION => false,
            _ => return None,
        };
        let subject = t(
            "AWS Encryption SDK message",
            "AWS Encryption SDK のメッセージ",
        );
        let mut e = EnvelopeDetail::new(encrypt, subject);
        e.algorithm = "AES-256-GCM (AWS Encryption SDK)";
        let kms = self.kms_child(i);
        let kms_outcome = kms.map(|k| match k.outcome.code() {
            Some(code) => Err(code),
            None => Ok(()),
        });
        let message = if encrypt {
            self.sealed_message(i, step)
        } else {
            self.opened_message(i, step)
        };
        if let Some(call) = kms.and_then(|k| match k.detail {
            StepDetail::Kms { call } => self.cloud.kms.calls.get(call as usize),
            _ => None,
        }) {
            e.kms_key_arn = Some(self.key_arn(call.key));
            e.encryption_context = self.cloud.context_of(call.ctx);
            if step.outcome.is_ok() || call.error.is_none() {
                if let Some(d) = call
                    .data_key
                    .and_then(|d| self.cloud.kms.data_keys.get(d as usize))
                {
                    e.ciphertext_blob = Some(d.blob.to_bytes());
                }
            }
        }
        let key_name = |arn: &str| {
            self.cloud
                .kms
                .keys
                .iter()
                .find(|k| k.arn == arn)
                .map_or_else(|| arn.to_string(), |k| k.name.clone())
        };
        let signed = message.as_ref().is_some_and(|m| m.signed);
        let arn = message
            .as_ref()
            .and_then(|m| m.key_arns.first().cloned())
            .or_else(|| e.kms_key_arn.clone())
            .unwrap_or_default();
        if e.kms_key_arn.is_none() && !arn.is_empty() {
            e.kms_key_arn = Some(arn.clone());
        }
        // A cached data key when no KMS call ran under the step, unless the step failed.
        let kms_outcome = match kms_outcome {
            None if !step.outcome.is_ok() => None,
            o => o,
        };
        e.lanes = if step.outcome.is_ok() || kms_outcome.is_some_and(|o| o.is_err()) {
            lanes(encrypt, &key_name(&arn), signed, kms_outcome)
        } else {
            let code = step.outcome.code().unwrap_or("error");
            vec![Lane {
                input: part(
                    PartKind::Ciphertext,
                    t("SDK message", "SDK メッセージ"),
                    None,
                ),
                via: t(format!("refused: {code}"), format!("拒否: {code}")),
                how: None,
                output: part(
                    PartKind::Nothing,
                    t("No plaintext returned", "プレーンテキストは返されない"),
                    None,
                ),
                failed: true,
            }]
        };
        e.produced = words_produced(
            encrypt,
            step.outcome.code(),
            kms.is_none() && step.outcome.is_ok(),
        );
        e.path = words_path(encrypt, signed);
        e.modelled = Some(sdk_modelled());
        e.sdk = message;
        Some(e)
    }

    /// The message an encrypt step sealed: the producer's next put after it carries it
    /// (for a PutRecords batch, the k-th record, k = the encrypt steps in between).
    fn sealed_message(&self, i: usize, step: &Step) -> Option<SdkMessage> {
        if !step.outcome.is_ok() {
            return None;
        }
        let steps = self.steps();
        let mut k = 0usize;
        for s in steps.iter().skip(i + 1) {
            if s.actor != step.actor {
                continue;
            }
            if s.operation == ENCRYPT_OPERATION {
                k += 1;
                continue;
            }
            let first = match s.detail {
                StepDetail::PutRecord { record } => record,
                StepDetail::PutRecords { first, .. } => first,
                _ => continue,
            };
            return self.record_sdk_message(first.checked_add(k as u32)?);
        }
        None
    }

    /// The message a decrypt step opened: the reader's latest GetObject before it, message
    /// k of that object (k = the decrypt steps in between).
    fn opened_message(&self, i: usize, step: &Step) -> Option<SdkMessage> {
        let steps = self.steps();
        let mut k = 0usize;
        for s in steps[..i].iter().rev() {
            if s.actor != step.actor {
                continue;
            }
            if s.operation == DECRYPT_OPERATION {
                k += 1;
                continue;
            }
            if let StepDetail::GetObject { object } = s.detail {
                let body = self.cloud.s3_body_unchecked(object)?;
                return message_in(&body, k);
            }
        }
        None
    }
}

fn words_produced(encrypt: bool, code: Option<&str>, cached: bool) -> Text {
    match (encrypt, code) {
        (true, None) if cached => t(
            "One AWS Encryption SDK message, sealed with a cached data key (no KMS call): the producer puts this message, not the record, into the stream.",
            "キャッシュされたデータキーで暗号化した AWS Encryption SDK のメッセージ 1 つです (KMS の呼び出しなし)。プロデューサーはレコードではなく、このメッセージをストリームに書き込みます。",
        ),
        (true, None) => t(
            "One AWS Encryption SDK message: the producer puts this message, not the record, into the stream; only kms:Decrypt on its KMS key opens it.",
            "AWS Encryption SDK のメッセージ 1 つです。プロデューサーはレコードではなく、このメッセージをストリームに書き込みます。開けるのは、その KMS キーに対する kms:Decrypt を持つ者だけです。",
        ),
        (false, None) => t(
            "The record in plaintext: the reader's SDK decrypted the data key with KMS, checked the commitment, the header, the required encryption context, every frame and the signature.",
            "プレーンテキストのレコードです。読み取る側の SDK が KMS でデータキーを復号し、コミットメント、ヘッダー、必須の暗号化コンテキスト、各フレーム、署名を確認しました。",
        ),
        (true, Some(code)) => t(
            format!("Nothing sealed: the SDK raised {code}, so the function put no record."),
            format!("何も暗号化されていません。SDK が {code} を発生させたため、関数はレコードを書き込んでいません。"),
        ),
        (false, Some(code)) => t(
            format!("No plaintext: the SDK raised {code} and returned nothing of the message."),
            format!("プレーンテキストは返されていません。SDK が {code} を発生させ、メッセージの内容は何も返されていません。"),
        ),
    }
}

fn words_path(encrypt: bool, signed: bool) -> Vec<Text> {
    let mut out = if encrypt {
        vec![
            t(
                "The SDK asks KMS for a data key itself (GenerateDataKey with the producer's encryption context, as the function's role: no kms:ViaService), or takes one from its cache.",
                "SDK は自分で KMS にデータキーを要求します (プロデューサーの暗号化コンテキストを付けた GenerateDataKey を関数のロールとして呼び出すので、kms:ViaService はありません)。またはキャッシュから取り出します。",
            ),
            t(
                "It derives this message's frame key and commitment key from the data key with HKDF-SHA512, salted with a fresh message ID.",
                "新しいメッセージ ID をソルトにして、データキーから HKDF-SHA512 でこのメッセージのフレームのキーとコミットメントキーを導出します。",
            ),
            t(
                "It writes the header (with the encrypted data key and the commitment key), authenticates it, and encrypts the record into frames with AES-256-GCM.",
                "ヘッダー (暗号化されたデータキーとコミットメントキーを含む) を書いて認証し、レコードを AES-256-GCM でフレームに暗号化します。",
            ),
        ]
    } else {
        vec![
            t(
                "The SDK reads the header and asks KMS to Decrypt the encrypted data key with the header's encryption context, as the reader (only the key it was told to use).",
                "SDK はヘッダーを読み、ヘッダーの暗号化コンテキストを付けて、暗号化されたデータキーの Decrypt を読み取る側として KMS に要求します (指定されたキーだけを使います)。",
            ),
            t(
                "It recomputes the commitment key and checks the header tag and the encryption context the reader requires.",
                "コミットメントキーを計算し直し、ヘッダーの認証タグと、読み取る側が要求する暗号化コンテキストを確認します。",
            ),
            t(
                "It opens each frame in sequence with AES-256-GCM.",
                "各フレームを順に AES-256-GCM で復号します。",
            ),
        ]
    };
    if signed {
        out.push(if encrypt {
            t(
                "It signs header and body with a new ECDSA P-384 key (public key in the context) and appends the signature as the footer.",
                "新しい ECDSA P-384 のキー (公開キーはコンテキスト内) でヘッダーと本文に署名し、署名をフッターとして付けます。",
            )
        } else {
            t(
                "It verifies the footer signature with the public key from the context before returning the plaintext.",
                "プレーンテキストを返す前に、コンテキストの公開キーでフッターの署名を検証します。",
            )
        });
    }
    out
}

/// What of a drawn SDK message is the simulator's.
pub fn sdk_modelled() -> Text {
    t(
        "the message follows the AWS Encryption SDK's format byte for byte (tested against the official SDK); only the encrypted data key's ciphertext is this simulator's CiphertextBlob layout (AWS's is opaque)",
        "メッセージは AWS Encryption SDK の形式にバイト単位で従っています (公式の SDK で検証済み)。暗号化されたデータキーの暗号文だけは、このシミュレーター独自の CiphertextBlob のレイアウトです (AWS のレイアウトは公開されていません)",
    )
}
