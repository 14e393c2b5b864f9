//! The message header of format version 2, written and read byte for byte (all integers
//! big-endian):
//!
//! ```text
//! version 0x02 (1) | algorithm id (2) | message id (32)
//! | AAD length (2) | AAD = pair count (2), then per pair sorted by key bytes:
//!                          key length (2), key, value length (2), value   (absent when empty)
//! | encrypted data key count (2) | per key: provider id length (2), provider id,
//!                          provider info length (2), provider info, ciphertext length (2), ciphertext
//! | content type 0x02 = framed (1) | frame length (4) | algorithm suite data = commitment key (32)
//! | header authentication tag (16): AES-GCM over an empty plaintext, IV = 12 zero bytes,
//!                          AAD = every header byte before it
//! ```

use super::error::EsdkError;
use super::suite::{AlgorithmSuite, COMMITMENT_LEN, MESSAGE_ID_LEN};
use crate::crypto::{EncryptionContext, TAG_LEN};

/// The message format version this module writes and reads.
pub const VERSION: u8 = 0x02;
/// Content type "framed": the only one the SDKs write today.
pub const CONTENT_FRAMED: u8 = 0x02;
/// The provider id of an encrypted data key wrapped by AWS KMS.
pub const KMS_PROVIDER_ID: &str = "aws-kms";
/// The context key under which signing suites store the base64 compressed public key.
pub const PUBLIC_KEY_CONTEXT_KEY: &str = "aws-crypto-public-key";
/// The largest frame the SDKs accept (2^31 - 1 bytes).
pub const MAX_FRAME_LENGTH: u32 = 0x7FFF_FFFF;

/// One encrypted data key of the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncryptedDataKey {
    /// Who wrapped it: `aws-kms` for KMS.
    pub provider_id: String,
    /// For KMS, the key ARN (bytes, as the format stores them).
    pub provider_info: Vec<u8>,
    /// For KMS, the `CiphertextBlob` of GenerateDataKey.
    pub ciphertext: Vec<u8>,
}

/// A parsed (or to-be-written) header, without its authentication tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The algorithm suite.
    pub suite: AlgorithmSuite,
    /// The 32-byte message id (the HKDF salt).
    pub message_id: [u8; MESSAGE_ID_LEN],
    /// The encryption context, including `aws-crypto-public-key` for signing suites.
    pub context: EncryptionContext,
    /// The encrypted data keys, in header order.
    pub data_keys: Vec<EncryptedDataKey>,
    /// The frame length in bytes.
    pub frame_length: u32,
    /// The commitment key (algorithm suite data).
    pub commitment: [u8; COMMITMENT_LEN],
}

/// The byte ranges of a parsed header, for the lab's drawing of the message and for tests
/// that alter one field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeaderLayout {
    /// The serialized encryption context (AAD), without its length field.
    pub context: (usize, usize),
    /// Every encrypted data key entry, with its count field.
    pub data_keys: (usize, usize),
    /// The frame length field.
    pub frame_length: (usize, usize),
    /// The commitment key.
    pub commitment: (usize, usize),
    /// The header authentication tag.
    pub auth_tag: (usize, usize),
}

impl Header {
    /// The header's bytes, without the authentication tag (the tag's AAD).
    pub fn to_bytes(&self) -> Result<Vec<u8>, EsdkError> {
        let mut out = Vec::with_capacity(128 + self.data_keys.len() * 256);
        out.push(VERSION);
        out.extend_from_slice(&self.suite.id().to_be_bytes());
        out.extend_from_slice(&self.message_id);
        let aad = serialize_context(&self.context)?;
        put_u16(&mut out, aad.len(), "encryption context too large")?;
        out.extend_from_slice(&aad);
        put_u16(&mut out, self.data_keys.len(), "too many data keys")?;
        for key in &self.data_keys {
            put_field(&mut out, key.provider_id.as_bytes())?;
            put_field(&mut out, &key.provider_info)?;
            put_field(&mut out, &key.ciphertext)?;
        }
        out.push(CONTENT_FRAMED);
        out.extend_from_slice(&self.frame_length.to_be_bytes());
        out.extend_from_slice(&self.commitment);
        Ok(out)
    }
}

/// The AAD section: pair count, then each pair length-prefixed, sorted by key bytes; empty
/// for an empty context.
pub fn serialize_context(ctx: &EncryptionContext) -> Result<Vec<u8>, EsdkError> {
    let mut out = Vec::new();
    if ctx.is_empty() {
        return Ok(out);
    }
    put_u16(&mut out, ctx.len(), "too many encryption context pairs")?;
    // A BTreeMap of Strings iterates in byte order of the UTF-8 keys, the format's order.
    for (k, v) in ctx {
        put_field(&mut out, k.as_bytes())?;
        put_field(&mut out, v.as_bytes())?;
    }
    Ok(out)
}

fn put_u16(out: &mut Vec<u8>, n: usize, what: &'static str) -> Result<(), EsdkError> {
    let n = u16::try_from(n).map_err(|_| EsdkError::InvalidRequest(what))?;
    out.extend_from_slice(&n.to_be_bytes());
    Ok(())
}

fn put_field(out: &mut Vec<u8>, bytes: &[u8]) -> Result<(), EsdkError> {
    put_u16(
        out,
        bytes.len(),
        "a header field is longer than 65535 bytes",
    )?;
    out.extend_from_slice(bytes);
    Ok(())
}

/// A bounds-checked reader over a message: every read names what it expected, so a short
/// or altered message is a located error, never a panic.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    /// The current offset.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Whether every byte has been read.
    pub fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// The bytes read so far from `start`.
    pub fn since(&self, start: usize) -> &'a [u8] {
        self.bytes.get(start..self.pos).unwrap_or_default()
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], EsdkError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else {
            return Err(self.malformed(what));
        };
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    /// The next `N` bytes as an array.
    pub fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], EsdkError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, what)?);
        Ok(out)
    }

    /// A big-endian u16.
    pub fn u16(&mut self, what: &'static str) -> Result<u16, EsdkError> {
        Ok(u16::from_be_bytes(self.array(what)?))
    }

    /// A big-endian u32.
    pub fn u32(&mut self, what: &'static str) -> Result<u32, EsdkError> {
        Ok(u32::from_be_bytes(self.array(what)?))
    }

    /// A u16-length-prefixed field.
    pub fn field(&mut self, what: &'static str) -> Result<&'a [u8], EsdkError> {
        let n = self.u16(what)? as usize;
        self.take(n, what)
    }

    /// A malformed-message error at the current offset.
    pub fn malformed(&self, what: &'static str) -> EsdkError {
        EsdkError::MalformedMessage {
            offset: self.pos,
            what,
        }
    }
}

/// A header as read, with what its tag covers.
#[derive(Debug, Clone)]
pub struct Parsed<'a> {
    /// The header.
    pub header: Header,
    /// The bytes the header tag authenticates (every header byte before the tag).
    pub authenticated: &'a [u8],
    /// The header authentication tag.
    pub tag: [u8; TAG_LEN],
    /// Where its fields lie.
    pub layout: HeaderLayout,
}

/// Reads a header and its authentication tag. Only the structure is checked here.
pub fn parse<'a>(r: &mut Reader<'a>) -> Result<Parsed<'a>, EsdkError> {
    let start = r.pos();
    let mut layout = HeaderLayout::default();
    if r.array::<1>("version")?[0] != VERSION {
        return Err(EsdkError::MalformedMessage {
            offset: start,
            what: "message format version (only version 2 is supported)",
        });
    }
    let id = r.u16("algorithm id")?;
    let suite = AlgorithmSuite::from_id(id).ok_or(EsdkError::UnsupportedAlgorithmSuite(id))?;
    let message_id = r.array::<MESSAGE_ID_LEN>("message id")?;
    let aad_len = r.u16("AAD length")? as usize;
    let aad_start = r.pos();
    let aad = r.take(aad_len, "encryption context")?;
    layout.context = (aad_start, r.pos());
    let context = parse_context(aad, aad_start)?;
    let keys_start = r.pos();
    let data_keys = parse_data_keys(r)?;
    layout.data_keys = (keys_start, r.pos());
    if r.array::<1>("content type")?[0] != CONTENT_FRAMED {
        return Err(EsdkError::MalformedMessage {
            offset: r.pos() - 1,
            what: "content type (only framed, 0x02, is supported)",
        });
    }
    let fl_start = r.pos();
    let frame_length = r.u32("frame length")?;
    layout.frame_length = (fl_start, r.pos());
    if frame_length == 0 || frame_length > MAX_FRAME_LENGTH {
        return Err(EsdkError::MalformedMessage {
            offset: fl_start,
            what: "frame length (1 to 2^31 - 1)",
        });
    }
    let commitment_start = r.pos();
    let commitment = r.array::<COMMITMENT_LEN>("commitment key")?;
    layout.commitment = (commitment_start, r.pos());
    let authenticated = r.since(start);
    let tag_start = r.pos();
    let tag = r.array::<TAG_LEN>("header authentication tag")?;
    layout.auth_tag = (tag_start, r.pos());
    check_public_key_entry(suite, &context, aad_start)?;
    let header = Header {
        suite,
        message_id,
        context,
        data_keys,
        frame_length,
        commitment,
    };
    Ok(Parsed {
        header,
        authenticated,
        tag,
        layout,
    })
}

fn parse_data_keys(r: &mut Reader<'_>) -> Result<Vec<EncryptedDataKey>, EsdkError> {
    let count = r.u16("encrypted data key count")?;
    if count == 0 {
        return Err(r.malformed("encrypted data key count (at least one)"));
    }
    let mut keys = Vec::with_capacity(count.min(16) as usize);
    for _ in 0..count {
        let provider = r.field("key provider id")?;
        let provider_id = std::str::from_utf8(provider)
            .map_err(|_| r.malformed("key provider id (UTF-8)"))?
            .to_string();
        let provider_info = r.field("key provider information")?.to_vec();
        let ciphertext = r.field("encrypted data key")?.to_vec();
        keys.push(EncryptedDataKey {
            provider_id,
            provider_info,
            ciphertext,
        });
    }
    Ok(keys)
}

/// Parses the AAD section (at `base` in the message): UTF-8 keys and values, no duplicate
/// keys, nothing left over, and pairs written in sorted order as the SDKs write them.
pub fn parse_context(aad: &[u8], base: usize) -> Result<EncryptionContext, EsdkError> {
    let mut ctx = EncryptionContext::new();
    if aad.is_empty() {
        return Ok(ctx);
    }
    let mut r = Reader::new(aad);
    let located = |e: EsdkError| match e {
        EsdkError::MalformedMessage { offset, what } => EsdkError::MalformedMessage {
            offset: base + offset,
            what,
        },
        other => other,
    };
    let count = r.u16("encryption context pair count").map_err(located)?;
    if count == 0 {
        return Err(located(
            r.malformed("encryption context pair count (at least one)"),
        ));
    }
    for _ in 0..count {
        let key = r.field("encryption context key").map_err(located)?;
        let value = r.field("encryption context value").map_err(located)?;
        let (Ok(k), Ok(v)) = (std::str::from_utf8(key), std::str::from_utf8(value)) else {
            return Err(located(r.malformed("encryption context (UTF-8)")));
        };
        if ctx.insert(k.to_string(), v.to_string()).is_some() {
            return Err(located(r.malformed("encryption context (duplicate key)")));
        }
    }
    if !r.at_end() {
        return Err(located(r.malformed("encryption context (extra bytes)")));
    }
    Ok(ctx)
}

/// A signing suite's context must hold the public key; a non-signing suite's must not.
fn check_public_key_entry(
    suite: AlgorithmSuite,
    ctx: &EncryptionContext,
    offset: usize,
) -> Result<(), EsdkError> {
    match (suite.signs(), ctx.contains_key(PUBLIC_KEY_CONTEXT_KEY)) {
        (true, false) => Err(EsdkError::MalformedMessage {
            offset,
            what: "encryption context (no aws-crypto-public-key for a signing suite)",
        }),
        (false, true) => Err(EsdkError::MalformedMessage {
            offset,
            what: "encryption context (aws-crypto-public-key for a suite that does not sign)",
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        let mut context = EncryptionContext::new();
        context.insert("b".into(), "2".into());
        context.insert("a".into(), "1".into());
        Header {
            suite: AlgorithmSuite::Aes256GcmHkdfSha512CommitKey,
            message_id: [7; 32],
            context,
            data_keys: vec![EncryptedDataKey {
                provider_id: KMS_PROVIDER_ID.into(),
                provider_info: b"arn:aws:kms:us-east-1:111122223333:key/k".to_vec(),
                ciphertext: vec![9; 5],
            }],
            frame_length: 4096,
            commitment: [3; 32],
        }
    }

    #[test]
    fn layout_is_the_documented_one() {
        let bytes = header().to_bytes().unwrap();
        // version, suite id, then the 32-byte message id
        assert_eq!(&bytes[..3], &[0x02, 0x04, 0x78]);
        // AAD length 14 = count (2) + four length-prefixed strings (3 each), sorted by key
        assert_eq!(&bytes[35..37], &[0, 14]);
        assert_eq!(
            &bytes[37..51],
            b"\x00\x02\x00\x01a\x00\x011\x00\x01b\x00\x012"
        );
        assert_eq!(&bytes[51..53], &[0, 1]);
        assert_eq!(&bytes[53..62], b"\x00\x07aws-kms");
        let tail = &bytes[bytes.len() - 37..];
        assert_eq!(tail[0], 0x02);
        assert_eq!(&tail[1..5], &4096u32.to_be_bytes());
        assert_eq!(&tail[5..], &[3u8; 32]);
    }

    #[test]
    fn parse_round_trips_and_locates_truncation() {
        let h = header();
        let mut bytes = h.to_bytes().unwrap();
        let n = bytes.len();
        bytes.extend_from_slice(&[0xAA; 16]);
        let parsed = parse(&mut Reader::new(&bytes)).unwrap();
        assert_eq!(parsed.header, h);
        assert_eq!(parsed.authenticated.len(), n);
        assert_eq!(parsed.tag, [0xAA; 16]);
        assert_eq!(parsed.layout.auth_tag, (n, n + 16));
        for cut in [0, 1, 3, 36, 40, n - 1, n + 15] {
            let err = parse(&mut Reader::new(&bytes[..cut])).unwrap_err();
            assert_eq!(err.name(), "MalformedMessage", "cut at {cut}");
        }
    }

    #[test]
    fn empty_context_has_no_count_field() {
        assert!(serialize_context(&EncryptionContext::new())
            .unwrap()
            .is_empty());
        let dup = b"\x00\x02\x00\x01a\x00\x011\x00\x01a\x00\x012";
        assert_eq!(
            parse_context(dup, 0).unwrap_err().name(),
            "MalformedMessage"
        );
    }
}
