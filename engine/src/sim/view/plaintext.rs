//! "Who can read the plaintext" for the scenario as the UI shows it: which layers protect
//! the records (server-side, client-side, both, none) and, per role, what it gets from the
//! stream, through Firehose and from an S3 object — the engine's
//! [`Simulation::who_reads_plaintext`], evaluated by the policy engine. Labels in English
//! and Japanese.

use serde::{Deserialize, Serialize};

use crate::sim::plaintext::{PlaintextRow, Reach};
use crate::sim::scenario::EncryptionType;
use crate::sim::simulation::Simulation;
use crate::text::Text;

/// The layers protecting the records (as JSON in snake case, as [`Reach`]: the web app
/// gets the view from its policy tools worker this way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layers {
    /// Server-side encryption with KMS keys only (the stream's, or the bucket's SSE-KMS).
    ServerSide,
    /// The producer seals client-side; no server-side encryption.
    ClientSide,
    /// Client-side inside server-side.
    Both,
    /// Neither.
    None,
}

impl Layers {
    /// A stable name (`sse`, `client-side`, `both`, `none`).
    pub fn code(self) -> &'static str {
        match self {
            Layers::ServerSide => "sse",
            Layers::ClientSide => "client-side",
            Layers::Both => "both",
            Layers::None => "none",
        }
    }

    /// What the layers mean for who reads the plaintext, in one sentence.
    pub fn text(self) -> Text {
        match self {
            Layers::ServerSide => Text::lit(
                "Server-side encryption (KMS keys) only: each service decrypts for any caller its policies allow, so reading the stream or the object returns plaintext.",
                "サーバー側の暗号化 (KMS キー) のみ: 各サービスはポリシーで許可された呼び出し元のために復号するので、ストリームやオブジェクトを読めばプレーンテキストが返ります。",
            ),
            Layers::ClientSide => Text::lit(
                "Client-side encryption only: the services store and move AWS Encryption SDK messages; only holders of kms:Decrypt on the producer's key can read the records.",
                "クライアント側の暗号化のみ: サービスは AWS Encryption SDK のメッセージを保存して運ぶだけです。レコードを読めるのは、プロデューサーのキーに対する kms:Decrypt を持つ者だけです。",
            ),
            Layers::Both => Text::lit(
                "Both layers: the services remove their server-side layer for allowed callers, who then hold SDK messages; only kms:Decrypt on the producer's key opens those.",
                "二重の暗号化: サービスは許可された呼び出し元のためにサーバー側の層を外しますが、残るのは SDK メッセージです。それを開けるのは、プロデューサーのキーに対する kms:Decrypt だけです。",
            ),
            Layers::None => Text::lit(
                "No encryption: whoever may read the stream or the object reads the records.",
                "暗号化なし: ストリームやオブジェクトを読める者は、そのままレコードを読めます。",
            ),
        }
    }
}

impl Reach {
    /// A stable name (`plaintext`, `ciphertext-only`, `denied`, `not-applicable`).
    pub fn code(self) -> &'static str {
        match self {
            Reach::Plaintext => "plaintext",
            Reach::CiphertextOnly => "ciphertext-only",
            Reach::Denied => "denied",
            Reach::NotApplicable => "not-applicable",
        }
    }

    /// The cell's words.
    pub fn text(self) -> Text {
        match self {
            Reach::Plaintext => Text::lit("Can read the plaintext", "プレーンテキストを読める"),
            Reach::CiphertextOnly => Text::lit(
                "Sees ciphertext only (SDK messages)",
                "暗号文 (SDK メッセージ) だけ見える",
            ),
            Reach::Denied => Text::lit("Denied", "拒否"),
            Reach::NotApplicable => Text::lit("Does not read here", "ここでは読まない"),
        }
    }
}

/// The whole view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaintextView {
    pub layers: Layers,
    /// One row per role of the scenario.
    pub rows: Vec<PlaintextRow>,
    /// Whether an S3 object exists to read (the column says so otherwise).
    pub has_object: bool,
}

/// How the view is computed, shown under it.
pub static PLAINTEXT_METHOD: Text = Text::lit(
    "Computed by the policy engine from the policies and key states at the end of the run, with the requests the services and the SDK make: GetRecords and KMS Decrypt through Kinesis (the stream's context), GetObject and KMS Decrypt through S3 (the object's or bucket's context), and the reader's own direct Decrypt with the producer's encryption context. Firehose reads only as its source role and never runs the SDK.",
    "ポリシーエンジンが、実行終了時点のポリシーとキーの状態から、サービスと SDK が行うリクエストで評価した結果です。Kinesis 経由の GetRecords と KMS Decrypt (ストリームのコンテキスト)、S3 経由の GetObject と KMS Decrypt (オブジェクトまたはバケットのコンテキスト)、そして読み取る側自身がプロデューサーの暗号化コンテキストで直接呼び出す Decrypt です。Firehose はソースロールとしてだけ読み取り、SDK は実行しません。",
);

impl Simulation {
    /// The view of [`Simulation::who_reads_plaintext`] (adds sessions: call it on a copy
    /// of the run, as opening an object does).
    pub fn plaintext_view(&mut self) -> PlaintextView {
        let s = self.scenario();
        let server_side = s
            .streams
            .first()
            .is_some_and(|st| st.encryption.encryption_type == EncryptionType::Kms)
            // SSE-S3 is left out: S3 removes it for anyone allowed GetObject, so it decides
            // nothing about who reads the plaintext.
            || self.cloud.s3.objects.iter().any(|o| {
                o.current
                    && matches!(
                        o.wrap,
                        crate::cloud::s3::KeyWrap::Kms { .. } | crate::cloud::s3::KeyWrap::BucketKey { .. }
                    )
            });
        let client_side = self
            .cloud
            .lambda
            .producers
            .iter()
            .any(|p| p.client_side.is_some());
        let layers = match (server_side, client_side) {
            (true, true) => Layers::Both,
            (true, false) => Layers::ServerSide,
            (false, true) => Layers::ClientSide,
            (false, false) => Layers::None,
        };
        let has_object = self
            .cloud
            .s3
            .objects
            .iter()
            .any(|o| o.current && !o.records.is_empty());
        PlaintextView {
            layers,
            rows: self.who_reads_plaintext(),
            has_object,
        }
    }
}
