//! The AWS Encryption SDK message format (engine/src/esdk/) from outside: round trips for
//! both committing suites, the documented byte layout, the commitment key recomputed with a
//! second HKDF written here from RFC 5869 over HMAC-SHA512, every single-byte alteration
//! and every truncation rejected, KMS denials and the reader's required context.
//! The official SDK's side is engine/tests/esdk_interop.rs.

use base64::Engine;
use envelope_lab::crypto::EncryptionContext;
use envelope_lab::esdk::{
    self, AlgorithmSuite, DecryptedKey, EncryptRequest, EsdkError, GeneratedKey, KmsClient,
    KmsError, LocalKms,
};
use envelope_lab::runtime::rng::SimRng;
use hmac::{Hmac, Mac};
use sha2::Sha512;

const ARN: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn kms() -> LocalKms {
    let mut kms = LocalKms::new(SimRng::derived(7, 1));
    kms.add_key(ARN, &[0x11; 32]);
    kms
}

fn context() -> EncryptionContext {
    [("stream", "orders"), ("purpose", "lab"), ("ja", "暗号化")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn seal(suite: AlgorithmSuite, plaintext: &[u8], frame_length: u32, seed: u64) -> Vec<u8> {
    let ctx = context();
    let request = EncryptRequest {
        key_arn: ARN,
        suite,
        context: &ctx,
        frame_length,
    };
    let mut kms = LocalKms::new(SimRng::derived(seed, 1));
    kms.add_key(ARN, &[0x11; 32]);
    esdk::encrypt(&mut kms, &mut SimRng::new(seed), &request, plaintext).unwrap()
}

fn open(message: &[u8]) -> Result<Vec<u8>, EsdkError> {
    esdk::decrypt(&mut kms(), message, &[ARN], &EncryptionContext::new()).map(|d| d.plaintext)
}

#[test]
fn both_suites_round_trip_at_frame_boundaries() {
    for suite in AlgorithmSuite::ALL {
        for len in [0usize, 1, 127, 128, 129, 256, 1000] {
            let plaintext: Vec<u8> = (0..len).map(|i| (i * 7) as u8).collect();
            let message = seal(suite, &plaintext, 128, 3);
            let d = esdk::decrypt(&mut kms(), &message, &[ARN], &context()).unwrap();
            assert_eq!(d.plaintext, plaintext, "{} {len}", suite.name());
            assert_eq!(
                d.layout.frames.len(),
                (len / 128) + 1 - usize::from(len > 0 && len % 128 == 0)
            );
            assert_eq!(d.key_arn, ARN);
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    for suite in AlgorithmSuite::ALL {
        assert_eq!(
            seal(suite, b"record", 4096, 9),
            seal(suite, b"record", 4096, 9)
        );
        assert_ne!(
            seal(suite, b"record", 4096, 9),
            seal(suite, b"record", 4096, 10)
        );
    }
}

/// RFC 5869 over HMAC-SHA512, written here independently of the `hkdf` crate.
fn hkdf32(salt: &[u8], ikm: &[u8], info: &[u8]) -> [u8; 32] {
    let mut extract = Hmac::<Sha512>::new_from_slice(salt).unwrap();
    extract.update(ikm);
    let prk = extract.finalize().into_bytes();
    let mut expand = Hmac::<Sha512>::new_from_slice(&prk).unwrap();
    expand.update(info);
    expand.update(&[1]);
    let t1 = expand.finalize().into_bytes();
    let mut out = [0u8; 32];
    out.copy_from_slice(&t1[..32]);
    out
}

#[test]
fn header_bytes_are_the_documented_ones() {
    for suite in AlgorithmSuite::ALL {
        let message = seal(suite, b"hello", 4096, 5);
        let (header, layout) = esdk::inspect(&message).unwrap();
        // version 2, the suite id, the 32-byte message id, then the AAD length
        assert_eq!(message[0], 0x02);
        assert_eq!(u16::from_be_bytes([message[1], message[2]]), suite.id());
        assert_eq!(&message[3..35], &header.message_id);
        let aad_len = u16::from_be_bytes([message[35], message[36]]) as usize;
        assert_eq!(layout.header.context, (37, 37 + aad_len));
        let pairs = u16::from_be_bytes([message[37], message[38]]);
        assert_eq!(pairs as usize, 3 + usize::from(suite.signs()));
        assert_eq!(
            header.context.contains_key("aws-crypto-public-key"),
            suite.signs()
        );
        if let Some(pk) = header.context.get("aws-crypto-public-key") {
            let point = base64::engine::general_purpose::STANDARD
                .decode(pk)
                .unwrap();
            assert_eq!(point.len(), 49, "compressed P-384 point");
            assert!(point[0] == 2 || point[0] == 3);
        }
        // one encrypted data key from aws-kms with the key ARN as provider information
        assert_eq!(header.data_keys.len(), 1);
        let edk = &header.data_keys[0];
        assert_eq!(edk.provider_id, "aws-kms");
        assert_eq!(edk.provider_info, ARN.as_bytes());
        assert_eq!(&edk.ciphertext[..4], b"ELB1");
        // content type framed, frame length, 32-byte commitment, 16-byte header tag
        let (fl, fl_end) = layout.header.frame_length;
        assert_eq!(message[fl - 1], 0x02);
        assert_eq!(&message[fl..fl_end], &4096u32.to_be_bytes());
        assert_eq!(layout.header.commitment, (fl_end, fl_end + 32));
        assert_eq!(layout.header.auth_tag, (fl_end + 32, fl_end + 48));
        // one final frame: 0xFFFFFFFF, sequence number 1, IV = 8 zero bytes ‖ 1, length 5
        let f = layout.frames[0].1;
        assert_eq!(&message[f..f + 8], &[0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1]);
        assert_eq!(
            &message[f + 8..f + 20],
            &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
        );
        assert_eq!(&message[f + 20..f + 24], &[0, 0, 0, 5]);
        // the footer (signing suite): length, then a DER SEQUENCE
        match layout.footer {
            Some((start, end)) => {
                assert_eq!(end, message.len());
                let len = u16::from_be_bytes([message[start], message[start + 1]]) as usize;
                assert_eq!(start + 2 + len, end);
                assert_eq!(message[start + 2], 0x30);
            }
            None => assert_eq!(layout.frames[0].2, message.len()),
        }
        // the commitment is HKDF-SHA512(salt = message id, ikm = data key, "COMMITKEY")
        let data_key = kms()
            .decrypt(ARN, &edk.ciphertext, &header.context)
            .unwrap()
            .plaintext;
        assert_eq!(
            header.commitment,
            hkdf32(&header.message_id, &data_key, b"COMMITKEY")
        );
    }
}

/// Flips a bit at every offset of a short message: each must fail, none may panic.
#[test]
fn every_altered_byte_is_rejected() {
    for suite in AlgorithmSuite::ALL {
        let message = seal(suite, b"0123456789abcdefghij", 16, 11);
        for i in 0..message.len() {
            // the lowest bit at even offsets, the highest at odd ones
            let bit = if i % 2 == 0 { 0x01u8 } else { 0x80 };
            let mut bad = message.clone();
            bad[i] ^= bit;
            assert!(
                open(&bad).is_err(),
                "{}: byte {i} ^ {bit:#x} accepted",
                suite.name()
            );
        }
        for cut in 0..message.len() {
            let err = open(&message[..cut]).unwrap_err();
            assert!(
                matches!(err, EsdkError::MalformedMessage { .. }),
                "{} cut at {cut}: {err}",
                suite.name()
            );
        }
        let mut longer = message.clone();
        longer.push(0);
        assert_eq!(open(&longer).unwrap_err().name(), "MalformedMessage");
    }
}

/// One byte of each part, and the failure it must be named by (the interop test holds the
/// official SDK to the same names).
#[test]
fn each_part_fails_by_its_name() {
    for suite in AlgorithmSuite::ALL {
        let message = seal(suite, &[0x42; 300], 128, 13);
        let (_, layout) = esdk::inspect(&message).unwrap();
        let h = &layout.header;
        let mut cases = vec![
            ("message id", 10, "CommitmentMismatch"),
            ("context value", h.context.1 - 1, "DecryptDataKeyFailed"),
            (
                "frame length",
                h.frame_length.1 - 1,
                "HeaderAuthenticationFailed",
            ),
            ("commitment", h.commitment.0 + 3, "CommitmentMismatch"),
            ("header tag", h.auth_tag.0, "HeaderAuthenticationFailed"),
            (
                "frame 1 ciphertext",
                layout.frames[0].1 + 20,
                "BodyAuthenticationFailed",
            ),
            (
                "final frame tag",
                layout.frames[2].2 - 1,
                "BodyAuthenticationFailed",
            ),
            (
                "sequence number",
                layout.frames[1].1 + 3,
                "MalformedMessage",
            ),
        ];
        if let Some((_, end)) = layout.footer {
            cases.push(("signature", end - 1, "SignatureInvalid"));
        }
        for (part, at, name) in cases {
            let mut bad = message.clone();
            bad[at] ^= 1;
            let err = open(&bad).unwrap_err();
            assert_eq!(err.name(), name, "{} {part}: {err}", suite.name());
            assert!(!err.message().ja().is_empty());
        }
    }
}

/// A KMS that denies every call, as KMS does for a caller without permission.
struct Denying;

impl KmsClient for Denying {
    fn generate_data_key(
        &mut self,
        _: &str,
        _: &EncryptionContext,
    ) -> Result<GeneratedKey, KmsError> {
        Err(denied("kms:GenerateDataKey"))
    }
    fn decrypt(
        &mut self,
        _: &str,
        _: &[u8],
        _: &EncryptionContext,
    ) -> Result<DecryptedKey, KmsError> {
        Err(denied("kms:Decrypt"))
    }
}

fn denied(action: &str) -> KmsError {
    KmsError {
        code: "AccessDeniedException".into(),
        message: format!("not authorized to perform: {action}"),
    }
}

#[test]
fn kms_denials_and_the_readers_context() {
    let ctx = context();
    let request = EncryptRequest {
        key_arn: ARN,
        suite: AlgorithmSuite::Aes256GcmHkdfSha512CommitKeyEcdsaP384,
        context: &ctx,
        frame_length: 4096,
    };
    let err = esdk::encrypt(&mut Denying, &mut SimRng::new(1), &request, b"x").unwrap_err();
    assert_eq!(err.name(), "GenerateDataKeyFailed");
    let message = seal(request.suite, b"x", 4096, 1);
    match esdk::decrypt(&mut Denying, &message, &[], &EncryptionContext::new()) {
        Err(EsdkError::DecryptDataKeyFailed(errors)) => {
            assert_eq!(errors[0].code, "AccessDeniedException")
        }
        other => panic!("expected a denial, got {other:?}"),
    }
    // strict mode with another key: KMS is not even asked
    let other = "arn:aws:kms:us-east-1:111122223333:key/other";
    assert_eq!(
        esdk::decrypt(&mut kms(), &message, &[other], &EncryptionContext::new()),
        Err(EsdkError::DecryptDataKeyFailed(vec![]))
    );
    // the reader's required pairs
    let mut wrong = EncryptionContext::new();
    wrong.insert("stream".into(), "payments".into());
    assert_eq!(
        esdk::decrypt(&mut kms(), &message, &[ARN], &wrong).unwrap_err(),
        EsdkError::EncryptionContextMismatch {
            key: "stream".into()
        }
    );
    let mut right = EncryptionContext::new();
    right.insert("stream".into(), "orders".into());
    assert!(esdk::decrypt(&mut kms(), &message, &[ARN], &right).is_ok());
    // reserved keys and frame lengths
    let mut reserved = context();
    reserved.insert("aws-crypto-public-key".into(), "x".into());
    let bad = EncryptRequest {
        context: &reserved,
        ..request
    };
    assert_eq!(
        esdk::encrypt(&mut kms(), &mut SimRng::new(1), &bad, b"x")
            .unwrap_err()
            .name(),
        "InvalidRequest"
    );
    let zero = EncryptRequest {
        frame_length: 0,
        ..request
    };
    assert!(esdk::encrypt(&mut kms(), &mut SimRng::new(1), &zero, b"x").is_err());
}

#[test]
fn a_message_for_another_data_key_fails_its_commitment() {
    // Two messages under different data keys: the second's encrypted data key put in the
    // first's header makes KMS return another data key, which the commitment catches
    // before any frame is opened.
    let a = seal(
        AlgorithmSuite::Aes256GcmHkdfSha512CommitKey,
        b"one",
        4096,
        21,
    );
    let b = seal(
        AlgorithmSuite::Aes256GcmHkdfSha512CommitKey,
        b"two",
        4096,
        22,
    );
    let (_, la) = esdk::inspect(&a).unwrap();
    let (_, lb) = esdk::inspect(&b).unwrap();
    let (sa, ea) = la.header.data_keys;
    let (sb, eb) = lb.header.data_keys;
    assert_eq!(ea - sa, eb - sb);
    let mut forged = a.clone();
    forged[sa..ea].copy_from_slice(&b[sb..eb]);
    assert_eq!(open(&forged), Err(EsdkError::CommitmentMismatch));
}

#[test]
fn messages_back_to_back_split_at_their_ends() {
    // Firehose concatenates records: an S3 object of client-side records is SDK messages
    // one after another, and each one's layout says where the next begins.
    let parts: Vec<Vec<u8>> = AlgorithmSuite::ALL
        .into_iter()
        .enumerate()
        .map(|(i, s)| seal(s, &vec![i as u8; 200 + i], 128, 30 + i as u64))
        .collect();
    let object = parts.concat();
    let mut at = 0;
    let mut n = 0;
    while at < object.len() {
        let (_, layout) = esdk::inspect(&object[at..]).unwrap();
        let end = at + layout.end();
        assert_eq!(open(&object[at..end]).unwrap(), vec![n as u8; 200 + n]);
        at = end;
        n += 1;
    }
    assert_eq!(n, parts.len());
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = SimRng::new(99);
    let valid = seal(
        AlgorithmSuite::Aes256GcmHkdfSha512CommitKeyEcdsaP384,
        b"abc",
        128,
        2,
    );
    for _ in 0..2000 {
        let len = rng.below(400) as usize;
        let mut bytes = vec![0u8; len];
        rng.fill(&mut bytes);
        if rng.below(2) == 0 && len > 3 {
            // keep a valid prefix so parsing goes deeper
            let keep = (len).min(valid.len()) / 2;
            bytes[..keep].copy_from_slice(&valid[..keep]);
        }
        let _ = open(&bytes);
        let _ = esdk::inspect(&bytes);
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Any context (UTF-8 keys and values, Japanese included), any plaintext, any frame
        /// length: the message opens to the same plaintext, its header holds exactly the
        /// caller's context (plus the public key when signed), and its layout ends at the end.
        #[test]
        fn any_record_round_trips(
            pairs in proptest::collection::btree_map("[a-z0-9ぁ-ん]{1,8}", "[ -~ぁ-ん]{0,12}", 0..4),
            plaintext in proptest::collection::vec(any::<u8>(), 0..600),
            frame_length in 1u32..300,
            signs in any::<bool>(),
            seed in any::<u64>(),
        ) {
            let suite = if signs {
                AlgorithmSuite::Aes256GcmHkdfSha512CommitKeyEcdsaP384
            } else {
                AlgorithmSuite::Aes256GcmHkdfSha512CommitKey
            };
            let request = EncryptRequest { key_arn: ARN, suite, context: &pairs, frame_length };
            let message = esdk::encrypt(&mut kms(), &mut SimRng::new(seed), &request, &plaintext).unwrap();
            let d = esdk::decrypt(&mut kms(), &message, &[ARN], &pairs).unwrap();
            prop_assert_eq!(&d.plaintext, &plaintext);
            let mut context = d.header.context.clone();
            prop_assert_eq!(context.remove("aws-crypto-public-key").is_some(), signs);
            prop_assert_eq!(&context, &pairs);
            prop_assert_eq!(d.layout.end(), message.len());
            let frames = plaintext.len() / frame_length as usize + 1
                - usize::from(!plaintext.is_empty() && plaintext.len() % frame_length as usize == 0);
            prop_assert_eq!(d.layout.frames.len(), frames);
        }
    }
}
