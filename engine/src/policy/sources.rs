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

/// AWS Organizations User Guide: to allow an action, an SCP at every level from the root
/// through each OU to the account must allow it; a Deny at any level denies.
pub const ORGS_SCP_EVALUATION: Source = Source {
    title: "SCP evaluation",
    url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html",
};

/// AWS Organizations User Guide: SCPs limit the IAM users and roles of member accounts; they
/// do not affect the management account nor service-linked roles, and never grant.
pub const ORGS_SCPS: Source = Source {
    title: "Service control policies (SCPs)",
    url:
        "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html",
};

/// AWS Organizations User Guide: the elements an SCP may use (no Principal or NotPrincipal;
/// a wildcard in Action or NotAction only alone or at the end of the string).
pub const ORGS_SCP_SYNTAX: Source = Source {
    title: "SCP syntax",
    url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html",
};

/// AWS Organizations User Guide: RCPs never grant; they limit resources of member accounts
/// (not the management account) for the services that support them (Amazon S3, AWS STS,
/// AWS KMS, Amazon SQS, AWS Secrets Manager); they do not restrict service-linked roles.
pub const ORGS_RCPS: Source = Source {
    title: "Resource control policies (RCPs)",
    url:
        "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html",
};

/// AWS Organizations User Guide: RCPFullAWSAccess is attached at the root, every OU and every
/// account and cannot be detached; a Deny at any level denies.
pub const ORGS_RCP_EVALUATION: Source = Source {
    title: "RCP evaluation",
    url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html",
};

/// AWS Organizations User Guide: the elements an RCP may use (Principal, Action, Resource or
/// NotResource, Condition; no NotPrincipal, no NotAction); Allow only in RCPFullAWSAccess.
pub const ORGS_RCP_SYNTAX: Source = Source {
    title: "RCP syntax",
    url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html",
};

/// AWS Organizations User Guide: the maximum size of an SCP and of an RCP (5,120 characters).
pub const ORGS_QUOTAS: Source = Source {
    title: "Quotas and service limits for AWS Organizations",
    url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html",
};

/// AWS KMS Developer Guide: RCPs do not apply to AWS managed keys, and kms:RetireGrant is not
/// effective in an RCP even when the Action element is `*`.
pub const KMS_RCPS: Source = Source {
    title: "Resource control policies in AWS KMS",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html",
};

/// IAM User Guide: when aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:ResourceOrgID,
/// aws:ResourceAccount, aws:SourceAccount, aws:SourceOrgID, aws:PrincipalIsAWSService … are
/// present in a request.
pub const GLOBAL_CONDITION_KEYS: Source = Source {
    title: "AWS global condition context keys",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
};
