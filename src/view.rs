//! The plain data the components render, prepared from the simulation by `engine.rs`.
//! Keeping these UI-owned keeps components testable with hand-made values.

use envelope_lab::text::Text;

/// One timeline row.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RowView {
    pub index: usize,
    /// `10:57:58.020`.
    pub time: String,
    pub actor: String,
    pub service: String,
    pub operation: String,
    pub principal: String,
    /// `(code, message)` when the step failed.
    pub error: Option<(String, String)>,
    /// Nesting depth (a KMS call made for a PutRecord is 1).
    pub depth: usize,
    /// The simulator's modelling note, when the behaviour is not documented AWS behaviour.
    pub modelled: Option<String>,
}

/// The envelope of one step.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct EnvelopeView {
    /// True for a decryption (the reverse path).
    pub decrypt: bool,
    pub key_arn: String,
    pub plaintext: String,
    pub data_key_hex: String,
    pub nonce_hex: String,
    pub ciphertext: String,
    pub blob: String,
    pub context: Vec<(String, String)>,
    /// What was sealed (`Kinesis record`, `S3 object`, `data key`), in both languages.
    pub subject: Text,
    /// The algorithm (`AES-256-GCM`).
    pub algorithm: String,
    /// The path in numbered steps, in both languages.
    pub path: Vec<Text>,
    /// The modelling note, where AWS documents nothing.
    pub modelled: Option<Text>,
}

/// One S3 object (inventory row).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ObjectView {
    pub key: String,
    pub size: u64,
    /// `NOT-SSE`, `SSE-S3`, `SSE-KMS`.
    pub encryption_status: String,
    pub bucket_key: bool,
    pub kms_key: Option<String>,
}

/// The result of opening an object as a role.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ObjectRead {
    pub ok: bool,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub error: Option<(String, String)>,
    /// The authorization of the KMS Decrypt (or GetObject) behind it.
    pub explanation: Option<envelope_lab::policy::Explanation>,
    /// The steps the request wrote (`s3 GetObject ✓`, `kms Decrypt ✗ AccessDeniedException`).
    pub steps: Vec<String>,
}

/// KMS usage of the run.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct UsageView {
    pub by_operation: Vec<(String, u64)>,
    pub records_encrypted: u64,
    pub kinesis_data_keys: u64,
    pub objects: u64,
    pub s3_kms_requests: u64,
    pub bucket_key: bool,
    pub customer_keys: u64,
}
