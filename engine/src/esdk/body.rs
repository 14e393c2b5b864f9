//! The framed body. Each frame is AES-256-GCM under the derived key with
//!
//! - IV = 8 zero bytes ‖ sequence number (4 bytes): unique per frame, so no randomness;
//! - AAD = message id ‖ "AWSKMSEncryptionClient Frame" (or "… Final Frame")
//!   ‖ sequence number (4) ‖ plaintext length (8).
//!
//! ```text
//! regular frame: sequence number (4) | IV (12) | ciphertext (frame length) | tag (16)
//! final frame:   0xFFFFFFFF (4) | sequence number (4) | IV (12) | length (4) | ciphertext | tag (16)
//! ```
//!
//! Sequence numbers start at 1. The last frame is always a final frame, even when full;
//! an empty plaintext is one empty final frame.

use super::error::EsdkError;
use super::header::Reader;
use crate::crypto::{Nonce, Sealer, NONCE_LEN, TAG_LEN};

const FRAME_STRING: &[u8] = b"AWSKMSEncryptionClient Frame";
const FINAL_FRAME_STRING: &[u8] = b"AWSKMSEncryptionClient Final Frame";
const FINAL_MARKER: u32 = 0xFFFF_FFFF;

/// One frame as read from a message (structure only; nothing verified).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame<'a> {
    /// The sequence number.
    pub sequence_number: u32,
    /// Whether it is the final frame.
    pub is_final: bool,
    /// The IV as stored.
    pub iv: Nonce,
    /// The ciphertext.
    pub ciphertext: &'a [u8],
    /// The authentication tag.
    pub tag: [u8; TAG_LEN],
    /// Where the frame starts and ends in the message.
    pub span: (usize, usize),
}

/// The IV of frame `seq`.
pub fn frame_iv(seq: u32) -> Nonce {
    let mut iv = [0u8; NONCE_LEN];
    iv[8..].copy_from_slice(&seq.to_be_bytes());
    iv
}

/// The AAD of a frame.
fn frame_aad(message_id: &[u8], seq: u32, is_final: bool, len: usize) -> Vec<u8> {
    let label = if is_final {
        FINAL_FRAME_STRING
    } else {
        FRAME_STRING
    };
    let mut aad = Vec::with_capacity(message_id.len() + label.len() + 12);
    aad.extend_from_slice(message_id);
    aad.extend_from_slice(label);
    aad.extend_from_slice(&seq.to_be_bytes());
    aad.extend_from_slice(&(len as u64).to_be_bytes());
    aad
}

/// Appends the framed body of `plaintext` to `out`.
pub fn write(
    out: &mut Vec<u8>,
    sealer: &Sealer,
    message_id: &[u8],
    frame_length: u32,
    plaintext: &[u8],
) -> Result<(), EsdkError> {
    let size = frame_length as usize;
    let mut chunks: Vec<&[u8]> = plaintext.chunks(size.max(1)).collect();
    if chunks.is_empty() {
        chunks.push(&[]);
    }
    if chunks.len() >= FINAL_MARKER as usize {
        return Err(EsdkError::InvalidRequest("more than 2^32 - 2 frames"));
    }
    let last = chunks.len() - 1;
    for (i, chunk) in chunks.into_iter().enumerate() {
        let seq = i as u32 + 1;
        let is_final = i == last;
        let iv = frame_iv(seq);
        let sealed = sealer.seal(
            &iv,
            chunk,
            &frame_aad(message_id, seq, is_final, chunk.len()),
        );
        let (ct, tag) = sealed.split_at(sealed.len().saturating_sub(TAG_LEN));
        if is_final {
            out.extend_from_slice(&FINAL_MARKER.to_be_bytes());
        }
        out.extend_from_slice(&seq.to_be_bytes());
        out.extend_from_slice(&iv);
        if is_final {
            out.extend_from_slice(&(ct.len() as u32).to_be_bytes());
        }
        out.extend_from_slice(ct);
        out.extend_from_slice(tag);
    }
    Ok(())
}

/// Reads the next frame; `frame_length` from the header bounds a final frame's length.
pub fn read<'a>(r: &mut Reader<'a>, frame_length: u32) -> Result<Frame<'a>, EsdkError> {
    let start = r.pos();
    let first = r.u32("frame sequence number")?;
    let is_final = first == FINAL_MARKER;
    let sequence_number = if is_final {
        r.u32("final frame sequence number")?
    } else {
        first
    };
    let iv = r.array::<NONCE_LEN>("frame IV")?;
    let len = if is_final {
        let at = r.pos();
        let len = r.u32("final frame content length")?;
        if len > frame_length {
            return Err(EsdkError::MalformedMessage {
                offset: at,
                what: "final frame content length (longer than the frame length)",
            });
        }
        len
    } else {
        frame_length
    };
    let ciphertext = r.take(len as usize, "frame content")?;
    let tag = r.array::<TAG_LEN>("frame authentication tag")?;
    Ok(Frame {
        sequence_number,
        is_final,
        iv,
        ciphertext,
        tag,
        span: (start, r.pos()),
    })
}

/// Decrypts one frame, checking its tag.
pub fn open(sealer: &Sealer, message_id: &[u8], frame: &Frame<'_>) -> Result<Vec<u8>, EsdkError> {
    let aad = frame_aad(
        message_id,
        frame.sequence_number,
        frame.is_final,
        frame.ciphertext.len(),
    );
    let mut sealed = Vec::with_capacity(frame.ciphertext.len() + TAG_LEN);
    sealed.extend_from_slice(frame.ciphertext);
    sealed.extend_from_slice(&frame.tag);
    sealer
        .open(&frame.iv, &sealed, &aad)
        .map_err(|_| EsdkError::BodyAuthenticationFailed {
            sequence_number: frame.sequence_number,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_split_and_end_with_a_final_frame() {
        let sealer = Sealer::new(&[4u8; 32]);
        let id = [1u8; 32];
        for (len, frames) in [(0usize, 1usize), (1, 1), (8, 1), (9, 2), (16, 2), (17, 3)] {
            let plaintext = vec![0x5A; len];
            let mut out = Vec::new();
            write(&mut out, &sealer, &id, 8, &plaintext).unwrap();
            let mut r = Reader::new(&out);
            let mut got = Vec::new();
            let mut n = 0;
            loop {
                let f = read(&mut r, 8).unwrap();
                n += 1;
                assert_eq!(f.sequence_number, n as u32);
                assert_eq!(f.iv, frame_iv(n as u32));
                got.extend(open(&sealer, &id, &f).unwrap());
                if f.is_final {
                    break;
                }
            }
            assert!(r.at_end());
            assert_eq!((got, n), (plaintext, frames), "plaintext of {len} bytes");
        }
    }

    #[test]
    fn final_frame_layout() {
        let sealer = Sealer::new(&[4u8; 32]);
        let mut out = Vec::new();
        write(&mut out, &sealer, &[1u8; 32], 8, b"abc").unwrap();
        assert_eq!(&out[..8], &[0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1]);
        assert_eq!(&out[8..20], &frame_iv(1));
        assert_eq!(&out[20..24], &[0, 0, 0, 3]);
        assert_eq!(out.len(), 24 + 3 + 16);
    }
}
