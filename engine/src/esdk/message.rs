//! Whole messages: header, header authentication, framed body, footer signature.
//!
//! Decryption checks in the order the official SDKs do (the interop test compares the
//! failure names): header structure, KMS Decrypt of an `aws-kms` data key with the header's
//! context, the public key for signing suites, the commitment key, the header tag, the
//! reader's required context, then each frame in sequence, then the signature.

use super::body::{self, Frame};
use super::error::EsdkError;
use super::header::{self, Header, HeaderLayout, Reader, KMS_PROVIDER_ID, PUBLIC_KEY_CONTEXT_KEY};
use super::kms::KmsClient;
use super::materials::EncryptionMaterials;
use super::sign;
use super::suite::{self, MESSAGE_ID_LEN};
use crate::crypto::{EncryptionContext, Key256, Sealer, NONCE_LEN};
use crate::runtime::rng::SimRng;

/// The SDKs' default frame length.
pub const DEFAULT_FRAME_LENGTH: u32 = 4096;

/// Where each part of a message lies (for the Envelope tab's drawing and for tests).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MessageLayout {
    /// The header's fields.
    pub header: HeaderLayout,
    /// Each frame's (sequence number, start, end).
    pub frames: Vec<(u32, usize, usize)>,
    /// The footer (signature length and signature), for signing suites.
    pub footer: Option<(usize, usize)>,
}

impl MessageLayout {
    /// Where the message ends: after its footer, or after its final frame (where the next
    /// message starts when several are stored back to back, as Firehose writes records).
    pub fn end(&self) -> usize {
        match (self.footer, self.frames.last()) {
            (Some((_, end)), _) | (None, Some(&(_, _, end))) => end,
            (None, None) => self.header.auth_tag.1,
        }
    }
}

/// A decrypted message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decrypted {
    /// The plaintext.
    pub plaintext: Vec<u8>,
    /// The header as read (its context includes `aws-crypto-public-key` when signed).
    pub header: Header,
    /// The layout of the message.
    pub layout: MessageLayout,
    /// The ARN of the KMS key whose Decrypt returned the data key.
    pub key_arn: String,
}

/// Encrypts `plaintext` with `materials` into one message: a fresh message id from `rng`,
/// frames of `frame_length` bytes.
pub fn encrypt_with(
    materials: &EncryptionMaterials,
    rng: &mut SimRng,
    plaintext: &[u8],
    frame_length: u32,
) -> Result<Vec<u8>, EsdkError> {
    if frame_length == 0 || frame_length > header::MAX_FRAME_LENGTH {
        return Err(EsdkError::InvalidRequest(
            "frame length must be 1 to 2^31 - 1",
        ));
    }
    let mut message_id = [0u8; MESSAGE_ID_LEN];
    rng.fill(&mut message_id);
    let suite = materials.suite;
    let head = Header {
        suite,
        message_id,
        context: materials.context.clone(),
        data_keys: vec![materials.encrypted_data_key.clone()],
        frame_length,
        commitment: suite::commitment_key(&materials.data_key, &message_id)?,
    };
    let sealer = Sealer::new(&suite::derive_key(suite, &materials.data_key, &message_id)?);
    let mut out = head.to_bytes()?;
    let tag = sealer.seal(&[0u8; NONCE_LEN], &[], &out);
    out.extend_from_slice(&tag);
    body::write(&mut out, &sealer, &message_id, frame_length, plaintext)?;
    if let Some(signer) = &materials.signer {
        let signature = signer.sign(&out)?;
        out.extend_from_slice(&(signature.len() as u16).to_be_bytes());
        out.extend_from_slice(&signature);
    }
    Ok(out)
}

/// Decrypts `message`. `key_arns` limits which `aws-kms` data keys may be decrypted (the
/// SDK's strict mode; empty = any, its discovery mode); every pair of `required` must be
/// in the message's context.
pub fn decrypt(
    kms: &mut dyn KmsClient,
    message: &[u8],
    key_arns: &[&str],
    required: &EncryptionContext,
) -> Result<Decrypted, EsdkError> {
    let mut r = Reader::new(message);
    let header::Parsed {
        header: head,
        authenticated,
        tag,
        layout: header_layout,
    } = header::parse(&mut r)?;
    let (data_key, key_arn) = decrypt_data_key(kms, &head, key_arns)?;
    let verifier = match head.context.get(PUBLIC_KEY_CONTEXT_KEY) {
        Some(encoded) if head.suite.signs() => {
            Some(sign::verifying_key(encoded, header_layout.context.0)?)
        }
        _ => None,
    };
    let expected = suite::commitment_key(&data_key, &head.message_id)?;
    if !constant_time_eq(&expected, &head.commitment) {
        return Err(EsdkError::CommitmentMismatch);
    }
    let sealer = Sealer::new(&suite::derive_key(head.suite, &data_key, &head.message_id)?);
    // The tag is AES-GCM's over an empty plaintext: the "sealed" bytes are the tag alone.
    sealer
        .open(&[0u8; NONCE_LEN], &tag, authenticated)
        .map_err(|_| EsdkError::HeaderAuthenticationFailed)?;
    check_required(&head.context, required)?;
    let mut layout = MessageLayout {
        header: header_layout,
        ..MessageLayout::default()
    };
    let mut plaintext = Vec::new();
    for frame in frames(&mut r, head.frame_length) {
        let frame = frame?;
        plaintext.extend(body::open(&sealer, &head.message_id, &frame)?);
        layout
            .frames
            .push((frame.sequence_number, frame.span.0, frame.span.1));
    }
    if let Some(key) = verifier {
        let body_end = r.pos();
        let (signature, span) = read_footer(&mut r)?;
        sign::verify(&key, message.get(..body_end).unwrap_or_default(), signature)?;
        layout.footer = Some(span);
    }
    if !r.at_end() {
        return Err(r.malformed("end of message (bytes after the footer)"));
    }
    Ok(Decrypted {
        plaintext,
        header: head,
        layout,
        key_arn,
    })
}

/// Reads a message's structure without any key: its header and layout (the Envelope tab's
/// drawing of a message nobody decrypted; tests that alter one field).
pub fn inspect(message: &[u8]) -> Result<(Header, MessageLayout), EsdkError> {
    let mut r = Reader::new(message);
    let header::Parsed {
        header: head,
        layout: header_layout,
        ..
    } = header::parse(&mut r)?;
    let mut layout = MessageLayout {
        header: header_layout,
        ..MessageLayout::default()
    };
    for frame in frames(&mut r, head.frame_length) {
        let frame = frame?;
        layout
            .frames
            .push((frame.sequence_number, frame.span.0, frame.span.1));
    }
    if head.suite.signs() {
        layout.footer = Some(read_footer(&mut r)?.1);
    }
    Ok((head, layout))
}

/// The frames in order, each checked to carry the next sequence number; ends after the
/// final frame (or the first error).
fn frames<'r, 'a>(
    r: &'r mut Reader<'a>,
    frame_length: u32,
) -> impl Iterator<Item = Result<Frame<'a>, EsdkError>> + 'r {
    let mut next = 1u32;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let at = r.pos();
        let frame = body::read(r, frame_length).and_then(|f| {
            if f.sequence_number == next {
                Ok(f)
            } else {
                Err(EsdkError::MalformedMessage {
                    offset: at,
                    what: "frame sequence number (frames out of order)",
                })
            }
        });
        done = frame.as_ref().map_or(true, |f| f.is_final);
        next = next.wrapping_add(1);
        Some(frame)
    })
}

fn read_footer<'a>(r: &mut Reader<'a>) -> Result<(&'a [u8], (usize, usize)), EsdkError> {
    let start = r.pos();
    let signature = r.field("footer signature")?;
    Ok((signature, (start, r.pos())))
}

/// Asks KMS to decrypt each `aws-kms` data key (allowed by `key_arns`) in header order
/// until one succeeds, as the SDK's KMS keyring does; collects each failure.
fn decrypt_data_key(
    kms: &mut dyn KmsClient,
    head: &Header,
    key_arns: &[&str],
) -> Result<(Key256, String), EsdkError> {
    let mut errors = Vec::new();
    for edk in head
        .data_keys
        .iter()
        .filter(|k| k.provider_id == KMS_PROVIDER_ID)
    {
        let Ok(arn) = std::str::from_utf8(&edk.provider_info) else {
            continue;
        };
        if !key_arns.is_empty() && !key_arns.contains(&arn) {
            continue;
        }
        match kms.decrypt(arn, &edk.ciphertext, &head.context) {
            Ok(answer) if answer.key_arn == arn => {
                if let Ok(key) = Key256::try_from(answer.plaintext.as_slice()) {
                    return Ok((key, arn.to_string()));
                }
                errors.push(unexpected("the plaintext data key is not 32 bytes"));
            }
            Ok(_) => errors.push(unexpected("KMS answered with another KeyId")),
            Err(e) => errors.push(e),
        }
    }
    Err(EsdkError::DecryptDataKeyFailed(errors))
}

fn unexpected(message: &str) -> super::error::KmsError {
    super::error::KmsError {
        code: "UnexpectedResponse".into(),
        message: message.into(),
    }
}

fn check_required(
    context: &EncryptionContext,
    required: &EncryptionContext,
) -> Result<(), EsdkError> {
    match required.iter().find(|(k, v)| context.get(*k) != Some(*v)) {
        Some((k, _)) => Err(EsdkError::EncryptionContextMismatch { key: k.clone() }),
        None => Ok(()),
    }
}

/// Equality that takes the same time wherever the first difference is (the commitment
/// check must not leak how much of a forged commitment was right).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
