//! The AWS pages that the evaluator's and the linter's less obvious rules come from, cited in
//! explanations and findings (both languages) so a learner can check them.
//!
//! A page is held the way the course holds its sources (`lessons::model::Source`): the
//! English title and address, and the title of AWS's Japanese page where it has been checked
//! against that page; the Japanese address is derived ([`crate::text::aws_page_in`]). Where
//! the Japanese title could not be confirmed (or AWS's machine translation garbles it, e.g.
//! 「のクォータとサービス制限 AWS Organizations」), the page is described in Japanese in the
//! lab's words and never quoted as a title.

use crate::text::{aws_page_in, Text};

/// A page of the AWS documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source {
    pub title: &'static str,
    pub url: &'static str,
    /// How Japanese text names the page.
    pub ja: JaName,
}

/// How a Japanese citation names a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JaName {
    /// The title AWS's Japanese page carries (each checked against that page; see the
    /// constant's comment).
    Title(&'static str),
    /// What the page is, in the lab's words: its Japanese title is not quoted as AWS's.
    About(&'static str),
}

impl Source {
    /// `"Title", URL`, as English explanations and findings cite it.
    pub fn cite(self) -> String {
        format!("\"{}\", {}", self.title, self.url)
    }

    /// AWS's Japanese edition of the page (`/ja_jp/`).
    pub fn url_ja(self) -> String {
        aws_page_in(self.url, "ja")
    }

    /// The citation inside Japanese text: `「Japanese title」URL` with the `/ja_jp/` address,
    /// or the page described in Japanese followed by that address.
    pub fn cite_ja(self) -> String {
        match self.ja {
            JaName::Title(t) => format!("「{t}」{}", self.url_ja()),
            JaName::About(d) => format!("{d} {}", self.url_ja()),
        }
    }

    /// Both citations.
    pub fn citation(self) -> Text {
        Text::new(self.cite(), self.cite_ja())
    }
}

/// IAM User Guide: which resource-based grants an implicit deny in a permissions boundary
/// limits (a role ARN) and which it does not (a user ARN, a role session ARN); a Deny with
/// NotPrincipal always denies a principal that has a permissions boundary.
/// Japanese title: as on AWS's Japanese page (its heading).
pub const BOUNDARIES: Source = Source {
    title: "Permissions boundaries for IAM entities",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
    ja: JaName::Title("IAM エンティティのアクセス許可境界"),
};

/// IAM User Guide: the order of evaluation; "depending on the type of principal, an Allow in
/// a resource-based policy can result in a final decision of Allow, even if an implicit deny
/// in an identity-based policy, permissions boundary, or session policy is present".
/// Japanese title: as on AWS's Japanese page (its heading).
pub const EVALUATION_LOGIC: Source = Source {
    title: "Policy evaluation logic",
    url:
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
    ja: JaName::Title("ポリシーの評価論理"),
};

/// IAM User Guide: NotPrincipal is meant for Deny; with Deny a caller is spared only when the
/// account, the role and the session are all listed.
/// Japanese title: as on AWS's Japanese page (its heading).
pub const NOT_PRINCIPAL: Source = Source {
    title: "AWS JSON policy elements: NotPrincipal",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html",
    ja: JaName::Title("AWS JSON ポリシーの要素: NotPrincipal"),
};

/// AWS KMS Developer Guide: the alias/aws/ prefix is reserved for AWS managed keys.
/// Japanese title: as on AWS's Japanese page (its heading).
pub const KMS_ALIASES: Source = Source {
    title: "Create aliases",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/alias-create.html",
    ja: JaName::Title("エイリアスを作成する"),
};

/// AWS KMS Developer Guide: cross-account permission is effective only for the operations
/// it lists (the "Cross-account use: Yes" operations of the API reference); granting
/// another account e.g. kms:ScheduleKeyDeletion in a key policy has no effect.
/// Japanese title: as on AWS's Japanese page (its heading).
pub const KMS_CROSS_ACCOUNT: Source = Source {
    title: "Allowing users in other accounts to use a KMS key",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html",
    ja: JaName::Title("他のアカウントのユーザーに KMS キーの使用を許可する"),
};

/// IAM User Guide: the checks of IAM Access Analyzer policy validation.
/// Japanese: described; the Japanese page itself was not found (other IAM pages link to it by an older name).
pub const ACCESS_ANALYZER_CHECKS: Source = Source {
    title: "IAM policy validation check reference",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    ja: JaName::About("IAM ユーザーガイドの IAM Access Analyzer ポリシー検証のチェックの一覧のページ"),
};

/// AWS KMS Developer Guide: the key policy is the primary way to control access to a KMS
/// key; an IAM policy allows access only where the key policy allows it (delegates).
/// Japanese title: as on AWS's Japanese page (its heading).
pub const KMS_KEY_POLICIES: Source = Source {
    title: "Key policies in AWS KMS",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html",
    ja: JaName::Title("AWS KMS のキーポリシー"),
};

/// AWS KMS Developer Guide: examining the key policy, IAM policies and grants that together
/// decide who can use a KMS key.
/// Japanese: described; the Japanese page itself was not found.
pub const KMS_DETERMINING_ACCESS: Source = Source {
    title: "Determining access to AWS KMS keys",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html",
    ja: JaName::About("AWS KMS デベロッパーガイドの KMS キーへのアクセスを調べるページ"),
};

/// AWS KMS Developer Guide: a grant allows its grantee on its own, without changing the key
/// policy or IAM policies.
/// Japanese title: as on AWS's Japanese page (its heading).
pub const KMS_GRANTS: Source = Source {
    title: "Grants in AWS KMS",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/grants.html",
    ja: JaName::Title("AWS KMS でのグラント"),
};

/// AWS KMS Developer Guide: the shared request quota for cryptographic operations, which
/// calls made on the account's behalf by AWS services count against.
/// Japanese title: as on AWS's Japanese page (its heading, a machine translation).
pub const KMS_REQUEST_QUOTAS: Source = Source {
    title: "Request quotas",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html",
    ja: JaName::Title("クォータのリクエスト"),
};

/// AWS KMS Developer Guide: which operations each key state allows; CancelKeyDeletion
/// leaves the key disabled.
/// Japanese title: as on AWS's Japanese page (its heading, a machine translation).
pub const KMS_KEY_STATES: Source = Source {
    title: "Key states of AWS KMS keys",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html",
    ja: JaName::Title("キーの AWS KMS キーステータス"),
};

/// Amazon Data Firehose Developer Guide: with a Kinesis data stream as source, Firehose
/// calls GetRecords once per second for each shard.
/// Japanese title: as on AWS's Japanese page (its heading).
pub const FIREHOSE_KINESIS_SOURCE: Source = Source {
    title: "Configure source settings for Amazon Kinesis Data Streams",
    url: "https://docs.aws.amazon.com/firehose/latest/dev/writing-with-kinesis-streams.html",
    ja: JaName::Title("Amazon Kinesis Data Streams のソース設定を構成する"),
};

/// AWS Organizations User Guide: to allow an action, an SCP at every level from the root
/// through each OU to the account must allow it; a Deny at any level denies.
/// Japanese title: as on AWS's Japanese page (its heading).
pub const ORGS_SCP_EVALUATION: Source = Source {
    title: "SCP evaluation",
    url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html",
    ja: JaName::Title("SCP 評価"),
};

/// AWS Organizations User Guide: SCPs limit the IAM users and roles of member accounts; they
/// do not affect the management account nor service-linked roles, and never grant.
/// Japanese: described; the Japanese page itself was not found (other pages link to it as 「サービスコントロールポリシー (SCP)」).
pub const ORGS_SCPS: Source = Source {
    title: "Service control policies (SCPs)",
    url:
        "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html",
    ja: JaName::About(
        "AWS Organizations ユーザーガイドのサービスコントロールポリシー (SCP) のページ",
    ),
};

/// AWS Organizations User Guide: the elements an SCP may use (no Principal or NotPrincipal;
/// a wildcard in Action or NotAction only alone or at the end of the string).
/// Japanese title: as on AWS's Japanese page (its heading).
pub const ORGS_SCP_SYNTAX: Source = Source {
    title: "SCP syntax",
    url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html",
    ja: JaName::Title("SCP 構文"),
};

/// AWS Organizations User Guide: RCPs never grant; they limit resources of member accounts
/// (not the management account) for the services that support them (Amazon S3, AWS STS,
/// AWS KMS, Amazon SQS, AWS Secrets Manager); they do not restrict service-linked roles.
/// Japanese: described; copies of the Japanese page disagree on its title ((RCP) or (RCPs)).
pub const ORGS_RCPS: Source = Source {
    title: "Resource control policies (RCPs)",
    url:
        "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html",
    ja: JaName::About(
        "AWS Organizations ユーザーガイドのリソースコントロールポリシー (RCP) のページ",
    ),
};

/// AWS Organizations User Guide: RCPFullAWSAccess is attached at the root, every OU and every
/// account and cannot be detached; a Deny at any level denies.
/// Japanese title: as on AWS's Japanese page (its heading).
pub const ORGS_RCP_EVALUATION: Source = Source {
    title: "RCP evaluation",
    url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html",
    ja: JaName::Title("RCP 評価"),
};

/// AWS Organizations User Guide: the elements an RCP may use (Principal, Action, Resource or
/// NotResource, Condition; no NotPrincipal, no NotAction); Allow only in RCPFullAWSAccess.
/// Japanese: described; copies of the Japanese page disagree on its title (「RCP 構文」 or 「RCP の構文」).
pub const ORGS_RCP_SYNTAX: Source = Source {
    title: "RCP syntax",
    url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html",
    ja: JaName::About("AWS Organizations ユーザーガイドの RCP の構文のページ"),
};

/// AWS Organizations User Guide: the maximum size of an SCP and of an RCP (5,120 characters).
/// Japanese: described; the Japanese page's heading is garbled by machine translation (「のクォータとサービス制限 AWS Organizations」).
pub const ORGS_QUOTAS: Source = Source {
    title: "Quotas and service limits for AWS Organizations",
    url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html",
    ja: JaName::About("AWS Organizations ユーザーガイドのクォータとサービス制限のページ"),
};

/// AWS KMS Developer Guide: RCPs do not apply to AWS managed keys, and kms:RetireGrant is not
/// effective in an RCP even when the Action element is `*`.
/// Japanese: described; the Japanese page's heading is garbled by machine translation (「のリソースコントロールポリシー AWS KMS」).
pub const KMS_RCPS: Source = Source {
    title: "Resource control policies in AWS KMS",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html",
    ja: JaName::About("AWS KMS デベロッパーガイドのリソースコントロールポリシー (RCP) のページ"),
};

/// IAM User Guide: when aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:ResourceOrgID,
/// aws:ResourceAccount, aws:SourceAccount, aws:SourceOrgID, aws:PrincipalIsAWSService … are
/// present in a request.
/// Japanese title: as on AWS's Japanese page (its heading).
pub const GLOBAL_CONDITION_KEYS: Source = Source {
    title: "AWS global condition context keys",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
    ja: JaName::Title("AWS グローバル条件コンテキストキー"),
};

/// Amazon Data Firehose API Reference: EncryptionConfiguration (KMSEncryptionConfig) is the
/// destination's own encryption setting, which makes Firehose ask S3 for SSE-KMS.
/// Japanese title: the data type's name, which stays in English (AWS's Japanese edition of
/// the API reference is not translated).
pub const FIREHOSE_ENCRYPTION_CONFIGURATION: Source = Source {
    title: "EncryptionConfiguration",
    url:
        "https://docs.aws.amazon.com/firehose/latest/APIReference/API_EncryptionConfiguration.html",
    ja: JaName::Title("EncryptionConfiguration"),
};

/// Every page above, for checks that go through all of them.
pub const ALL: [Source; 22] = [
    BOUNDARIES,
    EVALUATION_LOGIC,
    NOT_PRINCIPAL,
    KMS_ALIASES,
    KMS_CROSS_ACCOUNT,
    ACCESS_ANALYZER_CHECKS,
    KMS_KEY_POLICIES,
    KMS_DETERMINING_ACCESS,
    KMS_GRANTS,
    KMS_REQUEST_QUOTAS,
    KMS_KEY_STATES,
    FIREHOSE_KINESIS_SOURCE,
    ORGS_SCP_EVALUATION,
    ORGS_SCPS,
    ORGS_SCP_SYNTAX,
    ORGS_RCPS,
    ORGS_RCP_EVALUATION,
    ORGS_RCP_SYNTAX,
    ORGS_QUOTAS,
    KMS_RCPS,
    GLOBAL_CONDITION_KEYS,
    FIREHOSE_ENCRYPTION_CONFIGURATION,
];
