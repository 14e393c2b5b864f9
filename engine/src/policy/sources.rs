//! The AWS pages that the evaluator's and the linter's less obvious rules come from, cited in
//! explanations and findings (both languages) so a learner can check them.

/// A page of the AWS documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source {
    pub title: &'static str,
    pub url: &'static str,
}

impl Source {
    /// `Title (URL)`, as explanations and findings cite it.
    pub fn cite(self) -> String {
        format!("\"{}\", {}", self.title, self.url)
    }

    /// The citation inside Japanese text: `「Title」URL`.
    pub fn cite_ja(self) -> String {
        format!("「{}」{}", self.title, self.url)
    }
}

/// IAM User Guide: which resource-based grants an implicit deny in a permissions boundary
/// limits (a role ARN) and which it does not (a user ARN, a role session ARN); a Deny with
/// NotPrincipal always denies a principal that has a permissions boundary.
pub const BOUNDARIES: Source = Source {
    title: "Permissions boundaries for IAM entities",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
};

/// IAM User Guide: the order of evaluation; "depending on the type of principal, an Allow in
/// a resource-based policy can result in a final decision of Allow, even if an implicit deny
/// in an identity-based policy, permissions boundary, or session policy is present".
pub const EVALUATION_LOGIC: Source = Source {
    title: "Policy evaluation logic",
    url:
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
};

/// IAM User Guide: NotPrincipal is meant for Deny; with Deny a caller is spared only when the
/// account, the role and the session are all listed.
pub const NOT_PRINCIPAL: Source = Source {
    title: "AWS JSON policy elements: NotPrincipal",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html",
};

/// AWS KMS Developer Guide: the alias/aws/ prefix is reserved for AWS managed keys.
pub const KMS_ALIASES: Source = Source {
    title: "Create aliases",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/alias-create.html",
};

/// IAM User Guide: the checks of IAM Access Analyzer policy validation.
pub const ACCESS_ANALYZER_CHECKS: Source = Source {
    title: "IAM policy validation check reference",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
};

/// AWS KMS Developer Guide: the key policy is the primary way to control access to a KMS
/// key; an IAM policy allows access only where the key policy allows it (delegates).
pub const KMS_KEY_POLICIES: Source = Source {
    title: "Key policies in AWS KMS",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html",
};

/// AWS KMS Developer Guide: examining the key policy, IAM policies and grants that together
/// decide who can use a KMS key.
pub const KMS_DETERMINING_ACCESS: Source = Source {
    title: "Determining access to AWS KMS keys",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html",
};

/// AWS KMS Developer Guide: a grant allows its grantee on its own, without changing the key
/// policy or IAM policies.
pub const KMS_GRANTS: Source = Source {
    title: "Grants in AWS KMS",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/grants.html",
};

/// AWS KMS Developer Guide: the shared request quota for cryptographic operations, which
/// calls made on the account's behalf by AWS services count against.
pub const KMS_REQUEST_QUOTAS: Source = Source {
    title: "Request quotas",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html",
};

/// AWS KMS Developer Guide: which operations each key state allows; CancelKeyDeletion
/// leaves the key disabled.
pub const KMS_KEY_STATES: Source = Source {
    title: "Key states of AWS KMS keys",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html",
};

/// Amazon Data Firehose Developer Guide: with a Kinesis data stream as source, Firehose
/// calls GetRecords once per second for each shard.
pub const FIREHOSE_KINESIS_SOURCE: Source = Source {
    title: "Configure source settings for Amazon Kinesis Data Streams",
    url: "https://docs.aws.amazon.com/firehose/latest/dev/writing-with-kinesis-streams.html",
};
