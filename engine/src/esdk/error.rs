//! Why encrypting or decrypting an SDK message failed. Each failure has a stable name
//! ([`EsdkError::name`]) that the interop test (`engine/tests/esdk_interop.rs`) matches
//! against the official SDK's exception for the same bytes, and a message in English and
//! Japanese.

use std::fmt;

use crate::text::Text;

/// A KMS call's failure as the caller's KMS client reported it (an AWS error code such as
/// `AccessDeniedException` or `InvalidCiphertextException`, and its message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KmsError {
    /// The AWS error code.
    pub code: String,
    /// The error message.
    pub message: String,
}

/// A failure of the SDK message format's operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EsdkError {
    /// The bytes are not a well-formed message: `what` was wrong at byte `offset`.
    MalformedMessage {
        /// Byte offset in the message.
        offset: usize,
        /// What was expected or wrong there.
        what: &'static str,
    },
    /// The header names an algorithm suite this library does not implement.
    UnsupportedAlgorithmSuite(u16),
    /// An encryption request was invalid (a reserved context key, a zero frame length…).
    InvalidRequest(&'static str),
    /// GenerateDataKey failed.
    GenerateDataKeyFailed(KmsError),
    /// No encrypted data key could be decrypted: each `aws-kms` key's Decrypt error, in
    /// header order (empty when the message has no `aws-kms` data key).
    DecryptDataKeyFailed(Vec<KmsError>),
    /// The commitment key in the header is not the one the data key and message id give:
    /// the message was made (or altered) to decrypt differently under another data key.
    CommitmentMismatch,
    /// The header authentication tag does not verify: the header was altered.
    HeaderAuthenticationFailed,
    /// A frame's AES-GCM tag does not verify: the body was altered.
    BodyAuthenticationFailed {
        /// The frame's sequence number.
        sequence_number: u32,
    },
    /// The footer's ECDSA signature does not verify.
    SignatureInvalid,
    /// The message's encryption context lacks a pair the reader required.
    EncryptionContextMismatch {
        /// The required key that is missing or has another value.
        key: String,
    },
    /// The cryptography of the key schedule and signatures is not available: the web app
    /// has not loaded its module (`primitives`), or the module failed.
    CryptoUnavailable,
}

impl From<super::primitives::Unavailable> for EsdkError {
    fn from(_: super::primitives::Unavailable) -> Self {
        EsdkError::CryptoUnavailable
    }
}

impl EsdkError {
    /// The stable name of the failure, shared with the interop test's reading of the
    /// official SDK's exceptions.
    pub fn name(&self) -> &'static str {
        match self {
            EsdkError::MalformedMessage { .. } => "MalformedMessage",
            EsdkError::UnsupportedAlgorithmSuite(_) => "UnsupportedAlgorithmSuite",
            EsdkError::InvalidRequest(_) => "InvalidRequest",
            EsdkError::GenerateDataKeyFailed(_) => "GenerateDataKeyFailed",
            EsdkError::DecryptDataKeyFailed(_) => "DecryptDataKeyFailed",
            EsdkError::CommitmentMismatch => "CommitmentMismatch",
            EsdkError::HeaderAuthenticationFailed => "HeaderAuthenticationFailed",
            EsdkError::BodyAuthenticationFailed { .. } => "BodyAuthenticationFailed",
            EsdkError::SignatureInvalid => "SignatureInvalid",
            EsdkError::EncryptionContextMismatch { .. } => "EncryptionContextMismatch",
            EsdkError::CryptoUnavailable => "CryptoUnavailable",
        }
    }

    /// The failure in English and Japanese.
    pub fn message(&self) -> Text {
        match self {
            EsdkError::MalformedMessage { offset, what } => Text::new(
                format!("not an AWS Encryption SDK message: {what} at byte {offset}"),
                format!("AWS Encryption SDK のメッセージではありません: バイト {offset} の {what}"),
            ),
            EsdkError::UnsupportedAlgorithmSuite(id) => Text::new(
                format!("algorithm suite 0x{id:04X} is not supported (only 0x0478 and 0x0578)"),
                format!("アルゴリズムスイート 0x{id:04X} はサポートされていません (0x0478 と 0x0578 のみ)"),
            ),
            EsdkError::InvalidRequest(why) => Text::new(
                format!("invalid encryption request: {why}"),
                format!("暗号化リクエストが無効です: {why}"),
            ),
            EsdkError::GenerateDataKeyFailed(e) => Text::new(
                format!("GenerateDataKey failed: {}: {}", e.code, e.message),
                format!("GenerateDataKey が失敗しました: {}: {}", e.code, e.message),
            ),
            EsdkError::DecryptDataKeyFailed(errors) => {
                let list = errors
                    .iter()
                    .map(|e| format!("{}: {}", e.code, e.message))
                    .collect::<Vec<_>>()
                    .join("; ");
                Text::new(
                    format!("no encrypted data key could be decrypted with kms:Decrypt ({list})"),
                    format!("kms:Decrypt で復号できる暗号化されたデータキーがありません ({list})"),
                )
            }
            EsdkError::CommitmentMismatch => Text::lit(
                "key commitment validation failed: the commitment key in the header does not match the data key",
                "キーコミットメントの検証に失敗しました: ヘッダーのコミットメントキーがデータキーと一致しません",
            ),
            EsdkError::HeaderAuthenticationFailed => Text::lit(
                "header authentication failed: the header's authentication tag does not verify",
                "ヘッダーの認証に失敗しました: ヘッダーの認証タグを検証できません",
            ),
            EsdkError::BodyAuthenticationFailed { sequence_number } => Text::new(
                format!("frame {sequence_number} failed authentication: its authentication tag does not verify"),
                format!("フレーム {sequence_number} の認証に失敗しました: 認証タグを検証できません"),
            ),
            EsdkError::SignatureInvalid => Text::lit(
                "the message's ECDSA P-384 signature does not verify",
                "メッセージの ECDSA P-384 署名を検証できません",
            ),
            EsdkError::EncryptionContextMismatch { key } => Text::new(
                format!("the message's encryption context does not have the required pair \"{key}\""),
                format!("メッセージの暗号化コンテキストに必須のペア「{key}」がありません"),
            ),
            EsdkError::CryptoUnavailable => Text::lit(
                "the client-side encryption module (HKDF-SHA512, ECDSA P-384) is not loaded",
                "クライアント側の暗号化のモジュール (HKDF-SHA512、ECDSA P-384) が読み込まれていません",
            ),
        }
    }
}

impl fmt::Display for EsdkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name(), self.message().en())
    }
}

impl std::error::Error for EsdkError {}
