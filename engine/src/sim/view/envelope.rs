//! The Envelope tab of a step: the engine's envelope ([`crate::sim::envelope`]) as the UI
//! shows it, with key bytes kept as bytes so one encoding serves every field (base64 as AWS
//! prints blobs, or hex on request).

use crate::sim::envelope::{Lane, Layer, RecordLine, SdkMessage};
use crate::sim::inspect::b64;
use crate::sim::simulation::Simulation;
use crate::text::Text;

/// How key bytes are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Encoding {
    /// Base64, as the AWS CLI prints `Plaintext` and `CiphertextBlob`.
    #[default]
    Base64,
    Hex,
}

/// Bytes of a key, nonce, ciphertext or blob (empty: the step has none).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Bytes(pub Vec<u8>);

impl Bytes {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The bytes written in `encoding`.
    pub fn encode(&self, encoding: Encoding) -> String {
        match encoding {
            Encoding::Base64 => b64(&self.0),
            Encoding::Hex => hex::encode(&self.0),
        }
    }
}

/// The envelope of one step.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct EnvelopeView {
    /// True for a decryption (the reverse path).
    pub decrypt: bool,
    /// What this step produced, in one sentence.
    pub produced: Text,
    /// The drawing: one lane per cryptographic operation.
    pub lanes: Vec<Lane>,
    /// KMS key ARN (empty: none).
    pub key_arn: String,
    /// Plaintext (empty: none).
    pub plaintext: String,
    /// Plaintext data key.
    pub data_key: Bytes,
    /// Nonce.
    pub nonce: Bytes,
    /// Ciphertext + tag.
    pub ciphertext: Bytes,
    /// Encrypted data key (CiphertextBlob).
    pub blob: Bytes,
    /// Encryption context.
    pub context: Vec<(String, String)>,
    /// What was sealed (`Kinesis record`, `S3 object`, `data key`), in both languages.
    pub subject: Text,
    /// The algorithm (`AES-256-GCM`).
    pub algorithm: String,
    /// The path in numbered steps, in both languages.
    pub path: Vec<Text>,
    /// The modelling note, where AWS documents nothing.
    pub modelled: Option<Text>,
    /// The records a PutRecords or GetRecords carried (the first ones), and how many.
    pub records: Vec<RecordLine>,
    pub records_total: usize,
    /// The AWS Encryption SDK message inside (client-side encryption), field by field.
    pub sdk: Option<SdkMessage>,
    /// The server-side layers around that message, outermost first.
    pub layers: Vec<Layer>,
}

impl Simulation {
    /// The envelope of step `i` (encrypt or decrypt path).
    pub fn envelope_at(&self, i: usize) -> Option<EnvelopeView> {
        let d = self.envelope(self.steps().get(i)?)?;
        let bytes = |b: Option<Vec<u8>>| Bytes(b.unwrap_or_default());
        Some(EnvelopeView {
            decrypt: d.direction == "decrypt",
            produced: d.produced,
            lanes: d.lanes,
            key_arn: d.kms_key_arn.unwrap_or_default(),
            plaintext: d.plaintext.unwrap_or_default(),
            data_key: bytes(d.data_key),
            nonce: bytes(d.nonce),
            ciphertext: bytes(d.ciphertext),
            blob: bytes(d.ciphertext_blob),
            context: d.encryption_context.into_iter().collect(),
            subject: d.subject,
            algorithm: d.algorithm.to_string(),
            path: d.path,
            modelled: d.modelled,
            records: d.records,
            records_total: d.records_total,
            sdk: d.sdk,
            layers: d.layers,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bytes_two_encodings() {
        let b = Bytes(vec![0, 1, 0xfe, 0xff]);
        assert_eq!(b.encode(Encoding::Base64), "AAH+/w==");
        assert_eq!(b.encode(Encoding::Hex), "0001feff");
        assert!(Bytes::default().is_empty());
    }
}
