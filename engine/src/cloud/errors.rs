//! AWS error codes and their messages, in one place so every service words them alike.
//!
//! Messages marked *modelled* below are not documented by AWS; they are derived from the
//! documented KMS messages, and steps that carry them are labelled as a model.

use std::sync::Arc;

use crate::runtime::trace::Outcome;

/// An AWS error as a caller sees it: the code (`__type`) and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsError {
    /// Error code, e.g. `KMSAccessDeniedException`.
    pub code: &'static str,
    /// Message text.
    pub message: Arc<str>,
    /// Set when the wording is the simulator's model rather than AWS's documented text.
    pub modelled: bool,
}

impl AwsError {
    /// An error with documented (or observed) wording.
    pub fn new(code: &'static str, message: impl Into<Arc<str>>) -> Self {
        AwsError {
            code,
            message: message.into(),
            modelled: false,
        }
    }

    /// An error whose wording is modelled.
    pub fn modelled(code: &'static str, message: impl Into<Arc<str>>) -> Self {
        AwsError {
            code,
            message: message.into(),
            modelled: true,
        }
    }
}

/// A step's outcome from a service's error.
impl From<&AwsError> for Outcome {
    fn from(e: &AwsError) -> Outcome {
        Outcome::Error {
            code: e.code,
            message: e.message.clone(),
        }
    }
}

/// KMS error codes.
pub mod kms {
    use super::AwsError;

    /// The KMS throttling message.
    pub const THROTTLING_MESSAGE: &str =
        "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.";

    /// `AccessDeniedException` with the policy engine's message.
    pub fn access_denied(message: String) -> AwsError {
        AwsError::new("AccessDeniedException", message)
    }
    /// `DisabledException`.
    pub fn disabled(key_arn: &str) -> AwsError {
        AwsError::new("DisabledException", format!("{key_arn} is disabled."))
    }
    /// `KMSInvalidStateException` for a key pending deletion.
    pub fn pending_deletion(key_arn: &str) -> AwsError {
        AwsError::new(
            "KMSInvalidStateException",
            format!("{key_arn} is pending deletion."),
        )
    }
    /// `NotFoundException`.
    pub fn not_found(key_arn: &str) -> AwsError {
        AwsError::new(
            "NotFoundException",
            format!("Key '{key_arn}' does not exist"),
        )
    }
    /// `ThrottlingException`.
    pub fn throttling() -> AwsError {
        AwsError::new("ThrottlingException", THROTTLING_MESSAGE)
    }
    /// `InvalidCiphertextException` (KMS sends no message).
    pub fn invalid_ciphertext() -> AwsError {
        AwsError::new("InvalidCiphertextException", "")
    }
}

/// Kinesis Data Streams errors, including the KMS ones it surfaces to producers and
/// consumers of an encrypted stream.
pub mod kinesis {
    use super::AwsError;

    /// Maps a KMS error met while encrypting (`kms:GenerateDataKey`) or decrypting
    /// (`kms:Decrypt`) records to what Kinesis returns.
    pub fn from_kms(e: &AwsError, principal: &str, action: &str, key_arn: &str) -> AwsError {
        match e.code {
            // Observed wording (public bug reports): the IAM sentence without its reason.
            "AccessDeniedException" => AwsError::new(
                "KMSAccessDeniedException",
                format!("User: {principal} is not authorized to perform: {action} on resource: {key_arn}"),
            ),
            "DisabledException" => AwsError::modelled("KMSDisabledException", e.message.clone()),
            "KMSInvalidStateException" => AwsError::modelled("KMSInvalidStateException", e.message.clone()),
            "NotFoundException" => AwsError::modelled("KMSNotFoundException", e.message.clone()),
            "ThrottlingException" => AwsError::modelled("KMSThrottlingException", e.message.clone()),
            _ => AwsError::modelled("KMSInvalidStateException", e.message.clone()),
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

    /// `AccessDenied` — S3 gives no reason, also when KMS refused on the caller's behalf.
    pub fn access_denied() -> AwsError {
        AwsError::new("AccessDenied", "Access Denied")
    }
    /// `NoSuchKey`.
    pub fn no_such_key() -> AwsError {
        AwsError::new("NoSuchKey", "The specified key does not exist.")
    }

    /// Maps a KMS error met while S3 encrypts or decrypts for a caller.
    pub fn from_kms(e: &AwsError) -> AwsError {
        match e.code {
            "AccessDeniedException" => access_denied(),
            "DisabledException" => AwsError::modelled("KMS.DisabledException", e.message.clone()),
            "KMSInvalidStateException" => {
                AwsError::modelled("KMS.KMSInvalidStateException", e.message.clone())
            }
            "NotFoundException" => AwsError::modelled("KMS.NotFoundException", e.message.clone()),
            "ThrottlingException" => {
                AwsError::modelled("SlowDown", "Please reduce your request rate.")
            }
            "InvalidCiphertextException" => {
                AwsError::modelled("KMS.InvalidCiphertextException", "")
            }
            _ => AwsError::modelled(
                "InternalError",
                "We encountered an internal error. Please try again.",
            ),
        }
    }
}

/// Firehose delivery error codes as written to CloudWatch Logs.
pub mod firehose {
    use super::AwsError;

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
            "KMSDisabledException" => AwsError::modelled(
                "Kinesis.KMS.KeyDisabled",
                "Firehose is not able to read from the source Kinesis stream because the KMS key used to encrypt/decrypt it is disabled. Enable the key so that reads can proceed.",
            ),
            "KMSInvalidStateException" => AwsError::modelled(
                "Kinesis.KMS.InvalidStateException",
                "Firehose is not able to read from the source Kinesis stream because the KMS key used to encrypt/decrypt it is in an invalid state.",
            ),
            "KMSNotFoundException" => AwsError::modelled(
                "Kinesis.KMS.NotFoundException",
                "Firehose is not able to read from the source Kinesis stream because the KMS key used to encrypt/decrypt it was not found.",
            ),
            "KMSThrottlingException" => AwsError::modelled(
                "Kinesis.KMS.ThrottlingException",
                "Firehose is not able to read from the source Kinesis stream because KMS throttled the request to decrypt it.",
            ),
            _ => AwsError::modelled("InternalError", "An internal error occurred when attempting to deliver data."),
        }
    }

    /// Destination-side error (S3 PutObject) → Firehose log code and message.
    pub fn from_s3(e: &AwsError) -> AwsError {
        match e.code {
            "AccessDenied" => AwsError::new(
                "S3.AccessDenied",
                "Access was denied. Ensure that the trust policy for the provided IAM role allows Firehose to assume the role, and the access policy allows access to the S3 bucket.",
            ),
            "KMS.NotFoundException" | "KMS.KMSInvalidStateException" => AwsError::new(
                "S3.KMS.NotFoundException",
                "The provided AWS KMS key was not found. If you are using what you believe to be a valid AWS KMS key with the correct role, check if there is a problem with the account to which the AWS KMS key is attached.",
            ),
            "KMS.DisabledException" => AwsError::modelled(
                "S3.KMS.KeyDisabled",
                "The provided AWS KMS key is disabled. Enable the key or use a different key.",
            ),
            "SlowDown" => AwsError::new(
                "S3.KMS.RequestLimitExceeded",
                "The KMS request per second limit was exceeded while attempting to encrypt S3 objects. Increase the request per second limit.",
            ),
            _ => AwsError::modelled("InternalError", "An internal error occurred when attempting to deliver data."),
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

    /// The execution role's trust policy does not allow `lambda.amazonaws.com`. AWS words
    /// this at CreateFunction (`InvalidParameterValueException`); what an invocation reports
    /// when the trust policy changed later is undocumented, so the same error is modelled.
    pub fn role_not_assumable() -> AwsError {
        AwsError::modelled(
            "InvalidParameterValueException",
            "The role defined for the function cannot be assumed by Lambda.",
        )
    }
}
