//! AWS error codes and their messages, in one place so every service words them alike.
//!
//! An error whose code, wording or timing AWS does not document carries a [`Note`] saying
//! what is modelled (or only observed in public reports). The note travels with the error:
//! a step fails only through [`AwsError::fail`] or [`AwsError::close`], which put the note
//! on the step, so the UI labels every modelled error.

use std::sync::Arc;

use crate::runtime::notes::Note;
use crate::runtime::trace::{Outcome, Step, StepDetail, Trace};

/// An AWS error as a caller sees it: the code (`__type`) and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsError {
    /// Error code, e.g. `KMSAccessDeniedException`.
    pub code: &'static str,
    /// Message text.
    pub message: Arc<str>,
    /// What is modelled or only observed about this error (None: documented as shown).
    pub note: Option<Note>,
}

impl AwsError {
    /// An error with documented wording.
    pub fn new(code: &'static str, message: impl Into<Arc<str>>) -> Self {
        AwsError {
            code,
            message: message.into(),
            note: None,
        }
    }

    /// An error whose code, wording or timing is modelled (or only observed), as `note`
    /// says.
    pub fn modelled(code: &'static str, message: impl Into<Arc<str>>, note: Note) -> Self {
        AwsError {
            code,
            message: message.into(),
            note: Some(note),
        }
    }

    /// Whether anything about the error is modelled.
    pub fn is_modelled(&self) -> bool {
        self.note.is_some()
    }

    /// The step outcome (without the note: use [`AwsError::fail`] on a step).
    fn outcome(&self) -> Outcome {
        Outcome::Error {
            code: self.code,
            message: self.message.clone(),
        }
    }

    /// Fails `step` with this error, adding its note.
    pub fn fail(&self, step: &mut Step) {
        step.outcome = self.outcome();
        if let Some(n) = self.note {
            step.modelled.add(n);
        }
    }

    /// Closes the most recently opened step of `trace` with this error and its note.
    pub fn close(&self, trace: &mut Trace, detail: Option<StepDetail>) {
        if let Some(n) = self.note {
            trace.mark_open_modelled(n);
        }
        trace.close(self.outcome(), detail);
    }
}

/// KMS error codes.
pub mod kms {
    use super::AwsError;
    use crate::runtime::notes::Note;

    /// The KMS throttling message (KMS Developer Guide, "Request quotas").
    pub const THROTTLING_MESSAGE: &str =
        "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.";

    /// `AccessDeniedException` with the policy engine's message.
    pub fn access_denied(message: String) -> AwsError {
        AwsError::new("AccessDeniedException", message)
    }
    /// `DisabledException` (key states table, footnote [1]).
    pub fn disabled(key_arn: &str) -> AwsError {
        AwsError::new("DisabledException", format!("{key_arn} is disabled."))
    }
    /// `KMSInvalidStateException` for a management operation on a key pending deletion
    /// (key states table, footnote [3]: EnableKey, DisableKey, ScheduleKeyDeletion, …).
    pub fn pending_deletion(key_arn: &str) -> AwsError {
        AwsError::new(
            "KMSInvalidStateException",
            format!("{key_arn} is pending deletion."),
        )
    }
    /// A cryptographic operation on a key pending deletion: the table lists
    /// `DisabledException` or `KMSInvalidStateException` ([2] or [3]); which one is modelled.
    pub fn pending_deletion_crypto(key_arn: &str) -> AwsError {
        AwsError::modelled(
            "KMSInvalidStateException",
            format!("{key_arn} is pending deletion."),
            Note::KmsPendingDeletion,
        )
    }
    /// `KMSInvalidStateException` for CancelKeyDeletion on a key that is not pending
    /// deletion (key states table, footnote [4]).
    pub fn not_pending_deletion(key_arn: &str) -> AwsError {
        AwsError::new(
            "KMSInvalidStateException",
            format!("{key_arn} is not pending deletion."),
        )
    }
    /// `NotFoundException` (the message is observed).
    pub fn not_found(key_arn: &str) -> AwsError {
        AwsError::modelled(
            "NotFoundException",
            format!("Key '{key_arn}' does not exist"),
            Note::KmsNotFound,
        )
    }
    /// `ThrottlingException`.
    pub fn throttling() -> AwsError {
        AwsError::new("ThrottlingException", THROTTLING_MESSAGE)
    }
    /// `InvalidCiphertextException` (KMS sends no message: observed).
    pub fn invalid_ciphertext() -> AwsError {
        AwsError::modelled("InvalidCiphertextException", "", Note::InvalidCiphertext)
    }
}

/// Kinesis Data Streams errors, including the KMS ones it surfaces to producers and
/// consumers of an encrypted stream. The Kinesis API reference lists the codes
/// (`KMSAccessDeniedException`, `KMSDisabledException`, …) for PutRecord(s) and GetRecords
/// but not their messages.
pub mod kinesis {
    use super::AwsError;
    use crate::runtime::notes::Note;

    /// Maps a KMS error met while encrypting (`kms:GenerateDataKey`, a put) or decrypting
    /// (`kms:Decrypt`, a read) records to what Kinesis returns.
    pub fn from_kms(e: &AwsError, principal: &str, action: &str, key_arn: &str) -> AwsError {
        let modelled = |code| AwsError::modelled(code, e.message.clone(), Note::KinesisKmsError);
        match e.code {
            // Observed wording (public bug reports) for puts: the IAM sentence without its
            // reason; reads reuse it (modelled: the one report for reads words it otherwise).
            "AccessDeniedException" => AwsError::modelled(
                "KMSAccessDeniedException",
                format!("User: {principal} is not authorized to perform: {action} on resource: {key_arn}"),
                if action == "kms:Decrypt" {
                    Note::KinesisReadDenial
                } else {
                    Note::KinesisPutDenial
                },
            ),
            "DisabledException" => modelled("KMSDisabledException"),
            "NotFoundException" => modelled("KMSNotFoundException"),
            "ThrottlingException" => modelled("KMSThrottlingException"),
            _ => modelled("KMSInvalidStateException"),
        }
    }

    /// `AccessDeniedException` for a Kinesis API action (IAM wording).
    pub fn access_denied(message: String) -> AwsError {
        AwsError::new("AccessDeniedException", message)
    }
}

/// S3 errors.
pub mod s3 {
    use super::AwsError;
    use crate::runtime::notes::Note;

    /// `AccessDenied` as S3 answers a cross-account request, without a reason.
    pub fn access_denied() -> AwsError {
        AwsError::new("AccessDenied", "Access Denied")
    }

    /// `AccessDenied` for a same-account request: since August 2024 S3 gives IAM's sentence
    /// with its reason and the resource ARN in quotes (S3 User Guide, "Troubleshoot access
    /// denied (403 Forbidden) errors"). `iam_message` is the policy engine's sentence for
    /// `resource`.
    pub fn access_denied_same_account(iam_message: &str, resource: &str) -> AwsError {
        let plain = format!("on resource: {resource}");
        let quoted = format!("on resource: \"{resource}\"");
        AwsError::new("AccessDenied", iam_message.replacen(&plain, &quoted, 1))
    }

    /// `NoSuchKey`.
    pub fn no_such_key() -> AwsError {
        AwsError::new("NoSuchKey", "The specified key does not exist.")
    }

    /// The AWS Knowledge Center's message for a reader whose KMS Decrypt was refused
    /// (s3-download-object-ciphertext-error).
    pub const READ_KMS_DENIED_MESSAGE: &str = "The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.";

    /// Maps a KMS error met while S3 encrypts (`write`) or decrypts for a caller.
    pub fn from_kms(e: &AwsError, write: bool) -> AwsError {
        let state = |code| AwsError::modelled(code, e.message.clone(), Note::S3KmsError);
        match e.code {
            "AccessDeniedException" if write => {
                AwsError::modelled("AccessDenied", "Access Denied", Note::S3WriteKmsDenial)
            }
            "AccessDeniedException" => AwsError::modelled(
                "AccessDenied",
                READ_KMS_DENIED_MESSAGE,
                Note::S3ReadKmsDenial,
            ),
            "DisabledException" => state("KMS.DisabledException"),
            "KMSInvalidStateException" => state("KMS.KMSInvalidStateException"),
            "NotFoundException" => state("KMS.NotFoundException"),
            "ThrottlingException" => AwsError::modelled(
                "SlowDown",
                "Please reduce your request rate.",
                Note::S3KmsError,
            ),
            "InvalidCiphertextException" => state("KMS.InvalidCiphertextException"),
            _ => AwsError::modelled(
                "InternalError",
                "We encountered an internal error. Please try again.",
                Note::S3KmsError,
            ),
        }
    }
}

/// Firehose delivery error codes as written to CloudWatch Logs.
pub mod firehose {
    use super::AwsError;
    use crate::runtime::notes::Note;

    fn modelled(code: &'static str, message: &'static str) -> AwsError {
        AwsError::modelled(code, message, Note::FirehoseError)
    }

    /// Source-side error (reading the Kinesis stream) → Firehose log code and message.
    pub fn from_kinesis(e: &AwsError) -> AwsError {
        match e.code {
            "KMSAccessDeniedException" => AwsError::new(
                "Kinesis.KMS.AccessDeniedException",
                "Firehose does not have access to the KMS Key used to encrypt/decrypt the Kinesis Stream. Please grant the Firehose delivery role access to the key.",
            ),
            "AccessDeniedException" => AwsError::new(
                "Kinesis.AccessDenied",
                "Access was denied when calling Kinesis. Ensure the access policy on the IAM role used allows access to the appropriate Kinesis APIs.",
            ),
            "KMSDisabledException" => modelled(
                "Kinesis.KMS.KeyDisabled",
                "Firehose is not able to read from the source Kinesis stream because the KMS key used to encrypt/decrypt it is disabled. Enable the key so that reads can proceed.",
            ),
            "KMSInvalidStateException" => modelled(
                "Kinesis.KMS.InvalidStateException",
                "Firehose is not able to read from the source Kinesis stream because the KMS key used to encrypt/decrypt it is in an invalid state.",
            ),
            "KMSNotFoundException" => modelled(
                "Kinesis.KMS.NotFoundException",
                "Firehose is not able to read from the source Kinesis stream because the KMS key used to encrypt/decrypt it was not found.",
            ),
            "KMSThrottlingException" => modelled(
                "Kinesis.KMS.ThrottlingException",
                "Firehose is not able to read from the source Kinesis stream because KMS throttled the request to decrypt it.",
            ),
            _ => modelled("InternalError", "An internal error occurred when attempting to deliver data."),
        }
    }

    /// The documented message of `S3.KMS.NotFoundException`.
    const S3_KMS_NOT_FOUND: &str = "The provided AWS KMS key was not found. If you are using what you believe to be a valid AWS KMS key with the correct role, check if there is a problem with the account to which the AWS KMS key is attached.";

    /// Destination-side error (S3 PutObject) → Firehose log code and message.
    pub fn from_s3(e: &AwsError) -> AwsError {
        match e.code {
            "AccessDenied" => AwsError::new(
                "S3.AccessDenied",
                "Access was denied. Ensure that the trust policy for the provided IAM role allows Firehose to assume the role, and the access policy allows access to the S3 bucket.",
            ),
            "KMS.NotFoundException" => AwsError::new("S3.KMS.NotFoundException", S3_KMS_NOT_FOUND),
            "KMS.KMSInvalidStateException" => AwsError::modelled(
                "S3.KMS.NotFoundException",
                S3_KMS_NOT_FOUND,
                Note::FirehoseKeyState,
            ),
            "KMS.DisabledException" => modelled(
                "S3.KMS.KeyDisabled",
                "The provided AWS KMS key is disabled. Enable the key or use a different key.",
            ),
            "SlowDown" => AwsError::new(
                "S3.KMS.RequestLimitExceeded",
                "The KMS request per second limit was exceeded while attempting to encrypt S3 objects. Increase the request per second limit.",
            ),
            _ => modelled("InternalError", "An internal error occurred when attempting to deliver data."),
        }
    }

    /// Firehose could not assume its source role (the trust policy does not allow
    /// `firehose.amazonaws.com`). AWS documents no source-side code for this; the
    /// documented `Kinesis.AccessDenied` is reused with a message naming the trust policy,
    /// in the words AWS uses for the S3 and Lambda cases (modelled).
    pub fn source_role_not_assumable(role_arn: &str) -> AwsError {
        AwsError::modelled(
            "Kinesis.AccessDenied",
            format!("Access was denied. Ensure that the trust policy for the provided IAM role {role_arn} allows Firehose to assume the role, and the access policy allows access to the appropriate Kinesis APIs."),
            Note::FirehoseError,
        )
    }

    /// Firehose could not assume its S3 destination role: documented as `S3.AccessDenied`,
    /// whose message names the trust policy.
    pub fn destination_role_not_assumable() -> AwsError {
        from_s3(&AwsError::new("AccessDenied", "Access Denied"))
    }
}

/// Lambda errors.
pub mod lambda {
    use super::AwsError;
    use crate::runtime::notes::Note;

    /// The execution role's trust policy does not allow `lambda.amazonaws.com`. AWS words
    /// this at CreateFunction (`InvalidParameterValueException`); what an invocation reports
    /// when the trust policy changed later is undocumented, so the same error is modelled.
    pub fn role_not_assumable() -> AwsError {
        AwsError::modelled(
            "InvalidParameterValueException",
            "The role defined for the function cannot be assumed by Lambda.",
            Note::LambdaRole,
        )
    }
}

/// Errors only the simulator gives (an inconsistent reference), labelled as such.
pub fn simulator(code: &'static str, message: impl Into<Arc<str>>) -> AwsError {
    AwsError::modelled(code, message, Note::SimulatorError)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_quotes_the_resource_for_same_account_callers_only() {
        let iam = "User: arn:aws:sts::111122223333:assumed-role/R/s is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k because no identity-based policy allows the s3:GetObject action";
        let e = s3::access_denied_same_account(iam, "arn:aws:s3:::b/k");
        assert_eq!(&*e.message, "User: arn:aws:sts::111122223333:assumed-role/R/s is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::b/k\" because no identity-based policy allows the s3:GetObject action");
        assert_eq!(&*s3::access_denied().message, "Access Denied");
        assert!(!e.is_modelled());
    }

    #[test]
    fn s3_words_kms_refusals_by_direction() {
        let denied = AwsError::new("AccessDeniedException", "User: x …");
        let read = s3::from_kms(&denied, false);
        assert_eq!(&*read.message, s3::READ_KMS_DENIED_MESSAGE);
        assert_eq!(read.note, Some(Note::S3ReadKmsDenial));
        let write = s3::from_kms(&denied, true);
        assert_eq!(&*write.message, "Access Denied");
        assert_eq!(write.note, Some(Note::S3WriteKmsDenial));
    }
}
