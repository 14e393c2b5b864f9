//! From created resources to the scenario: keys and aliases, streams, buckets and bucket
//! policies, delivery streams, the producer Lambda (IAM in map_iam.rs). What the template
//! cannot say gets a default and a notice; resource types the simulator does not model
//! are listed as not simulated; properties it does not use are listed as ignored.

use serde_json::{json, Value};

use super::error::{Fail, Mark, NoticeKind, RawNotice};
use super::intrinsic::partition;
use super::managed;
use super::map_iam;
use super::names::lab_metadata;
use super::props::{ignored, unread, Props};
use super::stack::{Res, World};
use super::yaml::{Node, V};
use crate::sim::scenario::{
    BucketEncryptionSpec, BucketSpec, DeliveryStreamSpec, EncryptionType, FirehoseEncryptionSpec,
    KeySpec, KeyState, LoggingSpec, ProducerSpec, Scenario, SseAlgorithm, StreamEncryptionSpec,
    StreamSpec,
};

/// Inline function code the learner can read (never run).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FunctionCode {
    /// Function name.
    pub function: String,
    /// `Runtime`.
    pub runtime: String,
    /// `Code.ZipFile`.
    pub code: String,
}

/// The mapping's result.
pub struct Mapped {
    /// The scenario.
    pub scenario: Scenario,
    /// Defaults, not simulated, ignored.
    pub notices: Vec<RawNotice>,
    /// Scenario path prefix → where it came from (to locate a validation error).
    pub origins: Vec<(String, Mark, String)>,
    /// Inline code of the functions.
    pub code: Vec<FunctionCode>,
}

/// The mapping in progress.
pub struct Ctx {
    /// What is built so far.
    pub s: Scenario,
    /// Notices.
    pub notices: Vec<RawNotice>,
    /// Origins.
    pub origins: Vec<(String, Mark, String)>,
    code: Vec<FunctionCode>,
    /// The templates span several accounts: an ARN's account must be the account the
    /// resource is declared in (a single-account import matches by name, as before).
    multi_account: bool,
}

impl Ctx {
    /// The account of created resource `r` for the scenario: its `Metadata.EnvelopeLab`
    /// account (an export that kept other accounts in one template), else its stack's
    /// when that is not the scenario's own (`None`: the scenario's `account`).
    pub fn account_of(&self, r: &Res) -> Option<String> {
        lab_metadata(r.metadata.as_ref())
            .and_then(|m| m.get("account"))
            .and_then(Node::scalar_text)
            .or_else(|| (r.account != self.s.account).then(|| r.account.clone()))
    }

    /// When the templates span several accounts: the error for an ARN naming `name` in
    /// an account other than the one it is declared in (`declared`: the scenario's
    /// `account` field of the resource).
    pub fn wrong_account(
        &self,
        arn: &str,
        what: (&str, &str),
        name: &str,
        declared: Option<&str>,
    ) -> Option<(String, String)> {
        if !self.multi_account {
            return None;
        }
        let in_arn = arn_account(arn)?;
        let declared = declared.unwrap_or(&self.s.account);
        (in_arn != declared).then(|| {
            (
                format!("{arn:?} names the {} {name} in account {in_arn}, but these templates declare {name} in account {declared} (no template of account {in_arn} declares it): write the ARN with account {declared}, or import the template that declares it with --account {in_arn}", what.0),
                format!("{arn:?} はアカウント {in_arn} の{} {name} を指していますが、これらのテンプレートでは {name} はアカウント {declared} で宣言されています (アカウント {in_arn} のテンプレートには宣言がありません)。ARN のアカウントを {declared} にするか、宣言しているテンプレートを --account {in_arn} でインポートしてください", what.1),
            )
        })
    }

    /// Records that scenario `path` came from `res` (or one of its properties).
    pub fn origin(&mut self, path: String, at: Mark, tpath: String) {
        self.origins.push((path, at, tpath));
    }

    /// A notice.
    pub fn notice(&mut self, kind: NoticeKind, at: Mark, path: String, en: String, ja: String) {
        self.notices
            .push(RawNotice::new(kind, Fail::new(at, path, en, ja)));
    }

    fn not_simulated(&mut self, r: &Res, why_en: &str, why_ja: &str) {
        self.notice(
            NoticeKind::NotSimulated,
            r.mark,
            r.path.clone(),
            format!("{} ({}) is not simulated{why_en}", r.logical, r.kind),
            format!(
                "{} ({}) はシミュレートされません{why_ja}",
                r.logical, r.kind
            ),
        );
    }

    /// The name of the scenario key a reference (key id, key ARN, alias, alias ARN)
    /// points at, keeping `alias/...` and the AWS managed aliases as written.
    pub fn key_ref(&self, r: &str) -> Option<String> {
        let name = self.key_ref_any_account(r)?;
        // Across accounts, a key ARN names the key only in the account it is declared in.
        if let (true, Some(a)) = (self.multi_account, arn_account(r)) {
            let owner = self.s.keys.iter().position(|k| k.name == name);
            if owner.is_some_and(|i| crate::sim::keys::key_account(&self.s, i) != a) {
                return None;
            }
        }
        Some(name)
    }

    fn key_ref_any_account(&self, r: &str) -> Option<String> {
        let (p, reg, a) = (partition(&self.s.region), &self.s.region, &self.s.account);
        let short = r
            .strip_prefix(&format!("arn:{p}:kms:{reg}:{a}:"))
            .unwrap_or(r);
        // A key of another account of the templates: by its full key ARN.
        if let Some(i) =
            (0..self.s.keys.len()).find(|&i| crate::sim::keys::customer_key_arn(&self.s, i) == r)
        {
            return self.s.keys.get(i).map(|k| k.name.clone());
        }
        if short == "alias/aws/kinesis" || short == "alias/aws/s3" {
            return Some(short.to_string());
        }
        if short.starts_with("alias/") {
            return self
                .s
                .keys
                .iter()
                .any(|k| k.aliases.iter().any(|x| x == short))
                .then(|| short.to_string());
        }
        let id = short.strip_prefix("key/").unwrap_or(short);
        self.s.keys.iter().enumerate().find_map(|(i, k)| {
            (crate::sim::keys::customer_key_id(&self.s, i) == id || k.name == id)
                .then(|| k.name.clone())
        })
    }

    /// A key reference at property `k`, resolved (or an error naming it).
    pub fn key_at(&self, p: &Props<'_>, k: &'static str, value: &str) -> Result<String, Fail> {
        self.key_ref(value).ok_or_else(|| {
            p.fail(
                k,
                format!("{value:?} is not a KMS key of these templates (nor alias/aws/kinesis or alias/aws/s3)"),
                format!("{value:?} はこれらのテンプレートの KMS キーではありません (alias/aws/kinesis、alias/aws/s3 でもありません)"),
            )
        })
    }

    /// The name in `arn:…:<service>:…:<prefix><name>` (or a bare name) when the scenario
    /// has it in `names`.
    pub fn name_from_arn(arn: &str, marker: &str, names: &[String]) -> Option<String> {
        let name = match arn.split_once(marker) {
            Some((_, n)) => n,
            None if !arn.starts_with("arn:") => arn,
            None => return None,
        };
        names.iter().find(|n| n.as_str() == name).cloned()
    }
}

/// Maps every created resource to the scenario.
pub fn map(world: &World, account: &str, region: &str, start_time: &str) -> Result<Mapped, Fail> {
    let multi_account = world.resources.iter().any(|r| r.account != account);
    let mut cx = Ctx {
        multi_account,
        s: Scenario {
            account: account.to_string(),
            region: region.to_string(),
            start_time: start_time.to_string(),
            roles: vec![],
            keys: vec![],
            streams: vec![],
            producers: vec![],
            delivery_streams: vec![],
            buckets: vec![],
            ..Scenario::default()
        },
        notices: Vec::new(),
        origins: Vec::new(),
        code: Vec::new(),
    };
    // Order matters: what others refer to first.
    for r in &world.resources {
        tagged(&mut cx, r, |cx, r| match r.kind.as_str() {
            "AWS::KMS::Key" => key(cx, r),
            "AWS::IAM::Role" => map_iam::role(cx, r),
            "AWS::Kinesis::Stream" => stream_pre(cx, r),
            "AWS::S3::Bucket" => bucket(cx, r),
            _ => Ok(()),
        })?;
    }
    for r in &world.resources {
        tagged(&mut cx, r, |cx, r| match r.kind.as_str() {
            "AWS::KMS::Alias" => alias(cx, r),
            "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => map_iam::policy(cx, r),
            _ => Ok(()),
        })?;
    }
    for r in &world.resources {
        tagged(&mut cx, r, |cx, r| match r.kind.as_str() {
            "AWS::Kinesis::Stream" => stream_encryption(cx, r),
            "AWS::S3::Bucket" => bucket_encryption(cx, r),
            "AWS::S3::BucketPolicy" => bucket_policy(cx, r),
            "AWS::Kinesis::ResourcePolicy" => stream_policy(cx, r),
            "AWS::IAM::Role" => map_iam::role_managed(cx, r, &world.resources),
            _ => Ok(()),
        })?;
    }
    for r in &world.resources {
        tagged(&mut cx, r, |cx, r| {
            match r.kind.as_str() {
                "AWS::KinesisFirehose::DeliveryStream" => firehose(cx, r)?,
                "AWS::Lambda::Function" => function(cx, r)?,
                "AWS::Logs::LogGroup" | "AWS::Logs::LogStream" => {
                    let p = Props::new(r);
                    let _ = (p.get("LogGroupName"), p.get("LogStreamName"));
                    p.ignored(&mut cx.notices);
                }
                "AWS::CloudFormation::Stack" => {
                    let p = Props::new(r);
                    let _ = (p.get("TemplateURL"), p.get("Parameters"));
                    p.ignored(&mut cx.notices);
                }
                k if super::names::SIMULATED.contains(&k) => {}
                _ => cx.not_simulated(r, "", ""),
            }
            Ok(())
        })?;
    }
    Ok(Mapped {
        scenario: cx.s,
        notices: cx.notices,
        origins: cx.origins,
        code: cx.code,
    })
}

/// Firehose's pattern for `AWSKMSKeyARN` (the KMSEncryptionConfig page of its API
/// reference): `arn:<partition>:kms:<region>:<12 digits>:key/…` or `…:alias/…`.
fn is_kms_arn(s: &str) -> bool {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    let [arn, _, kms, region, account, resource] = parts.as_slice() else {
        return false;
    };
    let id_ok = |r: &str| {
        !r.is_empty()
            && r.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@-_/".contains(c))
    };
    *arn == "arn"
        && *kms == "kms"
        && !region.is_empty()
        && region
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
        && account.len() == 12
        && account.chars().all(|c| c.is_ascii_digit())
        && ["key/", "alias/"]
            .iter()
            .any(|p| resource.strip_prefix(p).is_some_and(id_ok))
}

/// Maps one resource with `f`; the notices it adds are tagged with the resource's stack.
fn tagged(
    cx: &mut Ctx,
    r: &Res,
    f: impl FnOnce(&mut Ctx, &Res) -> Result<(), Fail>,
) -> Result<(), Fail> {
    let first = cx.notices.len();
    f(cx, r)?;
    RawNotice::tag(&mut cx.notices[first..], r.mark.file, &r.stack);
    Ok(())
}

/// Origins for a value of `Metadata.EnvelopeLab` and everything below it (mappings and
/// sequences, at most 4 levels deep): scenario path `at` (`readers[0]`) is template value
/// `node` at template path `tpath`, so a validation error names the line of the member it
/// is about.
pub(super) fn origins_below(
    origins: &mut Vec<(String, Mark, String)>,
    at: &str,
    node: &Node,
    tpath: &str,
) {
    fn walk(out: &mut Vec<(String, Mark, String)>, at: &str, n: &Node, tp: &str, depth: u8) {
        out.push((at.to_string(), n.mark, tp.to_string()));
        if depth == 0 {
            return;
        }
        match &n.v {
            V::Map(entries) => {
                for e in entries {
                    let (a, t) = (format!("{at}.{}", e.key), format!("{tp}.{}", e.key));
                    walk(out, &a, &e.value, &t, depth - 1);
                }
            }
            V::Seq(items) => {
                for (k, item) in items.iter().enumerate() {
                    walk(
                        out,
                        &format!("{at}[{k}]"),
                        item,
                        &format!("{tp}[{k}]"),
                        depth - 1,
                    );
                }
            }
            _ => {}
        }
    }
    walk(origins, at, node, tpath, 4);
}

fn meta<'a>(r: &'a Res, k: &str) -> Option<&'a Node> {
    lab_metadata(r.metadata.as_ref()).and_then(|m| m.get(k))
}

fn meta_path(r: &Res, k: &str) -> String {
    format!("{}.Metadata.EnvelopeLab.{k}", r.path)
}

/// A value of `Metadata.EnvelopeLab` read as the scenario's JSON type.
fn meta_value<T: serde::de::DeserializeOwned>(r: &Res, k: &str) -> Result<Option<T>, Fail> {
    let Some(n) = meta(r, k) else {
        return Ok(None);
    };
    super::props::from_json(&n.to_json())
        .map(Some)
        .map_err(|e| {
            let t = crate::sim::scenario::json_error_text(&e);
            Fail::with_text(n.mark, meta_path(r, k), t)
        })
}

fn key(cx: &mut Ctx, r: &Res) -> Result<(), Fail> {
    let p = Props::new(r);
    let i = cx.s.keys.len();
    let policy = match p.json("KeyPolicy")? {
        Some(doc) => doc,
        None => {
            cx.notice(NoticeKind::Default, r.mark, r.path.clone(),
                format!("{}: no KeyPolicy, so KMS gives the key its default policy (the account may use IAM policies for every KMS action)", r.logical),
                format!("{}: KeyPolicy がないため、KMS はデフォルトのキーポリシー (アカウントが IAM ポリシーですべての KMS アクションを許可できる) を設定します", r.logical));
            managed::default_key_policy(partition(&cx.s.region), &cx.s.account)
        }
    };
    if let Some(spec) = p.str("KeySpec")?.filter(|s| s != "SYMMETRIC_DEFAULT") {
        return Err(p.fail("KeySpec", format!("KeySpec {spec} is not simulated: the lab's envelope encryption uses SYMMETRIC_DEFAULT keys"), format!("KeySpec {spec} はシミュレートされません。ラボのエンベロープ暗号化では SYMMETRIC_DEFAULT キーを使用します")));
    }
    if let Some(u) = p.str("KeyUsage")?.filter(|s| s != "ENCRYPT_DECRYPT") {
        return Err(p.fail("KeyUsage", format!("KeyUsage {u} is not simulated: data keys come from ENCRYPT_DECRYPT keys"), format!("KeyUsage {u} はシミュレートされません。データキーは ENCRYPT_DECRYPT キーから生成されます")));
    }
    if let Some(o) = p.str("Origin")?.filter(|s| s != "AWS_KMS") {
        cx.notice(NoticeKind::NotSimulated, r.mark, p.path("Origin"), format!("{}: Origin {o} is simulated as AWS_KMS (key material made by KMS)", r.logical), format!("{}: Origin {o} は AWS_KMS (KMS が生成したキーマテリアル) としてシミュレートされます", r.logical));
    }
    if let Some(w) = p.int("PendingWindowInDays")? {
        if !(7..=30).contains(&w) {
            return Err(p.fail(
                "PendingWindowInDays",
                "PendingWindowInDays is 7–30",
                "PendingWindowInDays は 7～30 です",
            ));
        }
        ignored(
            &mut cx.notices,
            r.res_mark("PendingWindowInDays"),
            p.path("PendingWindowInDays"),
            &r.logical,
            "PendingWindowInDays (used when the stack deletes the key)",
        );
    }
    let enabled = p.bool("Enabled")?.unwrap_or(true);
    let state = match meta_value::<KeyState>(r, "state")? {
        Some(s) => s,
        None if enabled => KeyState::Enabled,
        None => KeyState::Disabled,
    };
    let key_id = meta(r, "key_id").and_then(Node::scalar_text);
    let description = p.str("Description")?.unwrap_or_default();
    let grants = meta_value(r, "grants")?.unwrap_or_default();
    cx.origin(format!("keys[{i}]"), r.mark, r.path.clone());
    if let Some(n) = r.props.get("KeyPolicy") {
        cx.origin(format!("keys[{i}].policy"), n.mark, p.path("KeyPolicy"));
    }
    cx.s.keys.push(KeySpec {
        name: r.name.clone(),
        key_id,
        aliases: vec![],
        description,
        policy,
        state,
        grants,
        account: cx.account_of(r),
    });
    p.ignored(&mut cx.notices);
    Ok(())
}

fn alias(cx: &mut Ctx, r: &Res) -> Result<(), Fail> {
    let p = Props::new(r);
    let name = p.required("AliasName")?;
    if !name.starts_with("alias/") || name.starts_with("alias/aws/") {
        return Err(p.fail("AliasName", "an alias starts with alias/ and may not use the reserved alias/aws/ prefix", "エイリアスは alias/ で始まります。予約済みのプレフィックス alias/aws/ は使用できません"));
    }
    let target = p.required("TargetKeyId")?;
    if target.starts_with("alias/") || target.contains(":alias/") {
        // KMS CreateAlias takes a customer managed key, never an alias (nor an AWS managed
        // key, which only has its alias/aws/... name here).
        return Err(p.fail("TargetKeyId", format!("TargetKeyId {target:?} is an alias; an alias points at the key ID or key ARN of a customer managed key (not another alias, nor an AWS managed key)"), format!("TargetKeyId {target:?} はエイリアスです。エイリアスの対象には、カスタマーマネージドキーのキー ID またはキー ARN を指定します (別のエイリアスや AWS マネージドキーは指定できません)")));
    }
    let key = cx.key_at(&p, "TargetKeyId", &target)?;
    if let Some(k) = cx.s.keys.iter_mut().find(|k| k.name == key) {
        k.aliases.push(name);
    }
    p.ignored(&mut cx.notices);
    Ok(())
}

fn stream_pre(cx: &mut Ctx, r: &Res) -> Result<(), Fail> {
    let p = Props::new(r);
    let i = cx.s.streams.len();
    let on_demand = match p
        .get("StreamModeDetails")
        .and_then(|m| m.get("StreamMode"))
        .and_then(Node::scalar_text)
    {
        Some(m) if m == "ON_DEMAND" => true,
        Some(m) if m == "PROVISIONED" => false,
        Some(m) => {
            return Err(p.fail(
                "StreamModeDetails",
                format!("StreamMode {m:?} is PROVISIONED or ON_DEMAND"),
                format!("StreamMode {m:?} には PROVISIONED または ON_DEMAND を指定します"),
            ))
        }
        None => false,
    };
    let shards = match (p.int("ShardCount")?, on_demand) {
        (given, true) => {
            cx.notice(NoticeKind::Default, r.mark, p.path("StreamModeDetails"), format!("{}: ON_DEMAND is simulated as 4 shards (modelled: the write capacity a new on-demand stream starts with)", r.logical), format!("{}: ON_DEMAND は 4 シャードとしてシミュレートされます (モデル化: 新しいオンデマンドストリームの初期書き込み容量)", r.logical));
            if given.is_some() {
                cx.notice(
                    NoticeKind::Ignored,
                    r.res_mark("ShardCount"),
                    p.path("ShardCount"),
                    format!(
                        "{}: ShardCount does not apply to an ON_DEMAND stream and is ignored",
                        r.logical
                    ),
                    format!(
                        "{}: ShardCount は ON_DEMAND ストリームには適用されないため無視されます",
                        r.logical
                    ),
                );
            }
            4
        }
        (Some(n), false) => n,
        (None, false) => {
            cx.notice(
                NoticeKind::Default,
                r.mark,
                p.path("ShardCount"),
                format!("{}: no ShardCount; the lab uses 1 shard", r.logical),
                format!(
                    "{}: ShardCount がないため、ラボでは 1 シャードを使用します",
                    r.logical
                ),
            );
            1
        }
    };
    let retention_hours = match p.int("RetentionPeriodHours")? {
        Some(h) => h,
        None => {
            cx.notice(
                NoticeKind::Default,
                r.mark,
                p.path("RetentionPeriodHours"),
                format!("{}: no RetentionPeriodHours, so Kinesis keeps records 24 hours (its default)", r.logical),
                format!("{}: RetentionPeriodHours がないため、Kinesis はレコードを 24 時間 (デフォルト) 保持します", r.logical),
            );
            24
        }
    };
    let _ = p.get("Name");
    cx.origin(format!("streams[{i}]"), r.mark, r.path.clone());
    cx.s.streams.push(StreamSpec {
        name: r.name.clone(),
        shards,
        retention_hours,
        encryption: StreamEncryptionSpec::default(),
        account: cx.account_of(r),
        policy: meta_value(r, "policy")?,
    });
    Ok(())
}

fn stream_encryption(cx: &mut Ctx, r: &Res) -> Result<(), Fail> {
    let p = Props::new(r);
    let _ = (
        p.get("Name"),
        p.get("ShardCount"),
        p.get("RetentionPeriodHours"),
        p.get("StreamModeDetails"),
    );
    let Some(i) = cx.s.streams.iter().position(|s| s.name == r.name) else {
        return Ok(());
    };
    if let Some(enc) = p.get("StreamEncryption") {
        let ty = enc
            .get("EncryptionType")
            .and_then(Node::scalar_text)
            .unwrap_or_default();
        let key = enc.get("KeyId").and_then(Node::scalar_text);
        let path = p.path("StreamEncryption");
        unread(
            &mut cx.notices,
            enc,
            &["EncryptionType", "KeyId"],
            &path,
            &r.logical,
        );
        match (ty.as_str(), key) {
            ("KMS", Some(k)) => {
                let at = enc.get("KeyId").map(|n| n.mark).unwrap_or(enc.mark);
                let name = cx.key_ref(&k).ok_or_else(|| Fail::new(at, format!("{path}.KeyId"), format!("{k:?} is not a KMS key of these templates (nor alias/aws/kinesis)"), format!("{k:?} はこれらのテンプレートの KMS キーではありません (alias/aws/kinesis でもありません)")))?;
                cx.origin(
                    format!("streams[{i}].encryption.key"),
                    at,
                    format!("{path}.KeyId"),
                );
                cx.s.streams[i].encryption = StreamEncryptionSpec {
                    encryption_type: EncryptionType::Kms,
                    key: Some(name),
                };
            }
            ("KMS", None) => {
                return Err(Fail::new(
                    enc.mark,
                    path,
                    "StreamEncryption with KMS needs a KeyId",
                    "KMS の StreamEncryption には KeyId が必要です",
                ))
            }
            ("NONE", _) => {}
            (other, _) => {
                return Err(Fail::new(
                    enc.mark,
                    format!("{path}.EncryptionType"),
                    format!("EncryptionType {other:?} is KMS or NONE"),
                    format!("EncryptionType {other:?} には KMS または NONE を指定します"),
                ))
            }
        }
    }
    p.ignored(&mut cx.notices);
    Ok(())
}

fn bucket(cx: &mut Ctx, r: &Res) -> Result<(), Fail> {
    let i = cx.s.buckets.len();
    let existing_objects = meta_value(r, "existing_objects")?.unwrap_or_default();
    cx.origin(format!("buckets[{i}]"), r.mark, r.path.clone());
    cx.s.buckets.push(BucketSpec {
        name: r.name.clone(),
        default_encryption: BucketEncryptionSpec::default(),
        policy: None,
        existing_objects,
        account: cx.account_of(r),
        object_ownership: ownership(r)?,
    });
    Ok(())
}

/// `OwnershipControls.Rules[0].ObjectOwnership` of a bucket (S3 Object Ownership).
fn ownership(r: &Res) -> Result<Option<crate::sim::scenario::ObjectOwnership>, Fail> {
    let Some(n) = r.props.get("OwnershipControls") else {
        return Ok(None);
    };
    let value = n.to_json()["Rules"][0]["ObjectOwnership"].clone();
    if value.is_null() {
        return Ok(None);
    }
    serde_json::from_value(value.clone()).map(Some).map_err(|_| {
        Fail::new(
            n.mark,
            format!("{}.Properties.OwnershipControls.Rules[0].ObjectOwnership", r.path),
            format!("ObjectOwnership {value} is BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter"),
            format!("ObjectOwnership {value} には BucketOwnerEnforced、BucketOwnerPreferred、ObjectWriter のいずれかを指定します"),
        )
    })
}

fn bucket_encryption(cx: &mut Ctx, r: &Res) -> Result<(), Fail> {
    let p = Props::new(r);
    let _ = p.get("BucketName");
    let _ = p.get("OwnershipControls");
    let Some(i) = cx.s.buckets.iter().position(|b| b.name == r.name) else {
        return Ok(());
    };
    if let Some(rule) = encryption_rule(cx, r, &p)? {
        let path = p.path("BucketEncryption.ServerSideEncryptionConfiguration[0]");
        let by_default = rule.get("ServerSideEncryptionByDefault");
        unread(
            &mut cx.notices,
            rule,
            &["ServerSideEncryptionByDefault", "BucketKeyEnabled"],
            &path,
            &r.logical,
        );
        if let Some(d) = by_default {
            let dpath = format!("{path}.ServerSideEncryptionByDefault");
            unread(
                &mut cx.notices,
                d,
                &["SSEAlgorithm", "KMSMasterKeyID"],
                &dpath,
                &r.logical,
            );
        }
        let algo = by_default
            .and_then(|d| d.get("SSEAlgorithm"))
            .and_then(Node::scalar_text)
            .unwrap_or_else(|| "AES256".into());
        let sse = match algo.as_str() {
            "AES256" => SseAlgorithm::Aes256,
            "aws:kms" => SseAlgorithm::AwsKms,
            "aws:kms:dsse" => {
                cx.notice(NoticeKind::NotSimulated, rule.mark, path.clone(), format!("{}: DSSE-KMS (aws:kms:dsse) is simulated as SSE-KMS (one layer of encryption)", r.logical), format!("{}: DSSE-KMS (aws:kms:dsse) は SSE-KMS (1 層の暗号化) としてシミュレートされます", r.logical));
                SseAlgorithm::AwsKms
            }
            other => return Err(Fail::new(rule.mark, path, format!("SSEAlgorithm {other:?} is AES256, aws:kms or aws:kms:dsse"), format!("SSEAlgorithm {other:?} には AES256、aws:kms、aws:kms:dsse のいずれかを指定します"))),
        };
        let kms_key = match by_default.and_then(|d| d.get("KMSMasterKeyID")) {
            Some(n) => {
                let k = n.scalar_text().unwrap_or_default();
                Some(cx.key_ref(&k).ok_or_else(|| {
                    Fail::new(
                        n.mark,
                        format!("{path}.ServerSideEncryptionByDefault.KMSMasterKeyID"),
                        format!("{k:?} is not a KMS key of these templates"),
                        format!("{k:?} はこれらのテンプレートの KMS キーではありません"),
                    )
                })?)
            }
            None => None,
        };
        let bucket_key = super::props::bool_at(rule.get("BucketKeyEnabled"), || {
            Fail::new(
                rule.mark,
                path.clone(),
                "BucketKeyEnabled must be true or false",
                "BucketKeyEnabled は true または false にしてください",
            )
        })?
        .unwrap_or(false);
        cx.s.buckets[i].default_encryption = BucketEncryptionSpec {
            sse,
            kms_key: if sse == SseAlgorithm::AwsKms {
                kms_key
            } else {
                None
            },
            bucket_key,
        };
        cx.origin(format!("buckets[{i}].default_encryption"), rule.mark, path);
    }
    p.ignored(&mut cx.notices);
    Ok(())
}

/// The bucket's one default encryption rule; none (SSE-S3, listed as a default) when the
/// template gives no `BucketEncryption`.
fn encryption_rule<'a>(cx: &mut Ctx, r: &Res, p: &Props<'a>) -> Result<Option<&'a Node>, Fail> {
    let Some(enc) = p.get("BucketEncryption") else {
        cx.notice(NoticeKind::Default, r.mark, p.path("BucketEncryption"), format!("{}: no BucketEncryption, so new objects are encrypted with SSE-S3 (AES256), as S3 does for every bucket since January 2023", r.logical), format!("{}: BucketEncryption がないため、新しいオブジェクトは SSE-S3 (AES256) で暗号化されます (2023 年 1 月以降、S3 はすべてのバケットでこのように暗号化します)", r.logical));
        return Ok(None);
    };
    let path = p.path("BucketEncryption.ServerSideEncryptionConfiguration");
    let items = match enc
        .get("ServerSideEncryptionConfiguration")
        .map(|c| (&c.v, c.mark))
    {
        Some((V::Seq(items), _)) if !items.is_empty() => items,
        other => {
            let at = other.map(|(_, m)| m).unwrap_or(enc.mark);
            return Err(Fail::new(
                at,
                path,
                "ServerSideEncryptionConfiguration is a list with one rule",
                "ServerSideEncryptionConfiguration はルールを 1 つ含むリストです",
            ));
        }
    };
    if let Some(second) = items.get(1) {
        return Err(Fail::new(second.mark, format!("{path}[1]"), format!("S3 applies one default encryption rule per bucket: ServerSideEncryptionConfiguration takes one rule, and this list has {}", items.len()), format!("S3 がバケットに適用するデフォルト暗号化ルールは 1 つです。ServerSideEncryptionConfiguration にはルールを 1 つだけ指定します (このリストには {} 個あります)", items.len())));
    }
    Ok(items.first())
}

fn bucket_policy(cx: &mut Ctx, r: &Res) -> Result<(), Fail> {
    let p = Props::new(r);
    let bucket = p.required("Bucket")?;
    let doc = p.json("PolicyDocument")?.ok_or_else(|| {
        p.fail(
            "PolicyDocument",
            "a bucket policy needs a PolicyDocument",
            "バケットポリシーには PolicyDocument が必要です",
        )
    })?;
    let Some(i) = cx.s.buckets.iter().position(|b| b.name == bucket) else {
        cx.not_simulated(
            r,
            &format!(": the bucket {bucket} is not in these templates"),
            &format!(" (バケット {bucket} はこれらのテンプレートにありません)"),
        );
        return Ok(());
    };
    if cx.s.buckets[i].policy.is_some() {
        return Err(p.fail(
            "Bucket",
            format!("the bucket {bucket} already has a bucket policy"),
            format!("バケット {bucket} にはすでにバケットポリシーがあります"),
        ));
    }
    cx.s.buckets[i].policy = Some(doc);
    if let Some(n) = r.props.get("PolicyDocument") {
        cx.origin(
            format!("buckets[{i}].policy"),
            n.mark,
            p.path("PolicyDocument"),
        );
    }
    p.ignored(&mut cx.notices);
    Ok(())
}

fn role_name(cx: &Ctx, p: &Props<'_>, k: &'static str, arn: &str) -> Result<String, Fail> {
    let names: Vec<String> = cx.s.roles.iter().map(|r| r.name.clone()).collect();
    let name = Ctx::name_from_arn(arn, ":role/", &names).ok_or_else(|| {
        p.fail(
            k,
            format!("{arn:?} is not an IAM role of these templates"),
            format!("{arn:?} はこれらのテンプレートの IAM ロールではありません"),
        )
    })?;
    let declared = cx.s.roles.iter().find(|r| r.name == name);
    let declared = declared.and_then(|r| r.account.as_deref());
    match cx.wrong_account(arn, ("IAM role", "IAM ロール"), &name, declared) {
        Some((en, ja)) => Err(p.fail(k, en, ja)),
        None => Ok(name),
    }
}

/// The account field of an ARN (`arn:partition:service:region:account:…`), when given.
fn arn_account(arn: &str) -> Option<&str> {
    let a = arn.strip_prefix("arn:")?.split(':').nth(3)?;
    (!a.is_empty()).then_some(a)
}

/// The stream an ARN names, checked against its account when the templates span several.
fn stream_named(cx: &Ctx, arn: &str) -> Result<Option<String>, (String, String)> {
    let streams: Vec<String> = cx.s.streams.iter().map(|s| s.name.clone()).collect();
    let Some(name) = Ctx::name_from_arn(arn, ":stream/", &streams) else {
        return Ok(None);
    };
    let declared = cx.s.streams.iter().find(|s| s.name == name);
    let declared = declared.and_then(|s| s.account.as_deref());
    match cx.wrong_account(
        arn,
        ("Kinesis stream", "Kinesis ストリーム"),
        &name,
        declared,
    ) {
        Some(e) => Err(e),
        None => Ok(Some(name)),
    }
}

/// `AWS::Kinesis::ResourcePolicy`: the resource-based policy of a stream of these
/// templates (Kinesis Data Streams "Share your data stream with another account"). A
/// policy on a registered consumer is not simulated (the lab has no consumers).
fn stream_policy(cx: &mut Ctx, r: &Res) -> Result<(), Fail> {
    let p = Props::new(r);
    let arn = p.required("ResourceArn")?;
    let doc = p.json("ResourcePolicy")?.ok_or_else(|| {
        p.fail(
            "ResourcePolicy",
            "a Kinesis resource policy needs a ResourcePolicy document",
            "Kinesis のリソースポリシーには ResourcePolicy (ポリシードキュメント) が必要です",
        )
    })?;
    if arn.contains("/consumer/") {
        cx.not_simulated(
            r,
            ": it is a registered consumer's policy (the lab has no consumers)",
            " (登録済みコンシューマーのポリシーです。ラボにはコンシューマーがありません)",
        );
        return Ok(());
    }
    // A stream not in these templates cannot be simulated; a stream of these templates
    // named in another account is an error (a resource policy is put by its owner).
    let name = stream_named(cx, &arn).map_err(|(en, ja)| p.fail("ResourceArn", en, ja))?;
    let Some(name) = name else {
        cx.not_simulated(
            r,
            &format!(": the stream {arn} is not in these templates"),
            &format!(" (ストリーム {arn} はこれらのテンプレートにありません)"),
        );
        return Ok(());
    };
    let Some(i) = cx.s.streams.iter().position(|s| s.name == name) else {
        return Ok(());
    };
    let owner = cx.s.streams[i]
        .account
        .clone()
        .unwrap_or_else(|| cx.s.account.clone());
    if let Some(a) = arn_account(&arn).filter(|a| *a != owner) {
        return Err(p.fail("ResourceArn", format!("{arn:?} names the stream {name} in account {a}, but it is in account {owner}: Kinesis attaches a resource policy to a stream of the caller's own account"), format!("{arn:?} はアカウント {a} のストリーム {name} を指していますが、このストリームはアカウント {owner} にあります。Kinesis のリソースポリシーは呼び出し元自身のアカウントのストリームにアタッチします")));
    }
    if cx.multi_account && r.account != owner {
        let here = &r.account;
        return Err(p.fail("ResourceArn", format!("the stream {name} is in account {owner}, but this resource policy is in a template of account {here}: only the stream's owner attaches its resource policy (put it in account {owner}'s template)"), format!("ストリーム {name} はアカウント {owner} にありますが、このリソースポリシーはアカウント {here} のテンプレートにあります。リソースポリシーをアタッチできるのはストリームの所有者だけです (アカウント {owner} のテンプレートに記述してください)")));
    }
    if cx.s.streams[i].policy.is_some() {
        return Err(p.fail(
            "ResourceArn",
            format!("the stream {name} already has a resource policy"),
            format!("ストリーム {name} にはすでにリソースポリシーがあります"),
        ));
    }
    cx.s.streams[i].policy = Some(doc);
    if let Some(n) = r.props.get("ResourcePolicy") {
        cx.origin(
            format!("streams[{i}].policy"),
            n.mark,
            p.path("ResourcePolicy"),
        );
    }
    p.ignored(&mut cx.notices);
    Ok(())
}

fn firehose(cx: &mut Ctx, r: &Res) -> Result<(), Fail> {
    let p = Props::new(r);
    let _ = p.get("DeliveryStreamName");
    let ty = p
        .str("DeliveryStreamType")?
        .unwrap_or_else(|| "DirectPut".into());
    if ty != "KinesisStreamAsSource" {
        cx.not_simulated(
            r,
            &format!(": its source is {ty}; the lab simulates KinesisStreamAsSource"),
            &format!(
                " (ソースが {ty} です。ラボでシミュレートするのは KinesisStreamAsSource です)"
            ),
        );
        return Ok(());
    }
    let (dest_key, dest) = match (
        p.get("ExtendedS3DestinationConfiguration"),
        p.get("S3DestinationConfiguration"),
    ) {
        (Some(_), Some(_)) => {
            return Err(p.fail("S3DestinationConfiguration", "a delivery stream takes only one destination: ExtendedS3DestinationConfiguration and S3DestinationConfiguration are both given (keep one)", "Firehose ストリームの送信先は 1 つだけです。ExtendedS3DestinationConfiguration と S3DestinationConfiguration の両方が指定されています (どちらか 1 つにしてください)"));
        }
        (Some(d), None) => ("ExtendedS3DestinationConfiguration", d),
        (None, Some(d)) => ("S3DestinationConfiguration", d),
        (None, None) => {
            cx.not_simulated(
                r,
                ": its destination is not S3",
                " (送信先が S3 ではありません)",
            );
            return Ok(());
        }
    };
    let src = p.get("KinesisStreamSourceConfiguration").ok_or_else(|| {
        p.fail(
            "KinesisStreamSourceConfiguration",
            "KinesisStreamAsSource needs KinesisStreamSourceConfiguration",
            "KinesisStreamAsSource には KinesisStreamSourceConfiguration が必要です",
        )
    })?;
    let text = |n: &Node, k: &str| n.get(k).and_then(Node::scalar_text);
    let stream_arn = text(src, "KinesisStreamARN").unwrap_or_default();
    let source_stream = stream_named(cx, &stream_arn)
        .map_err(|(en, ja)| p.fail("KinesisStreamSourceConfiguration", en, ja))?
        .ok_or_else(|| {
            p.fail(
                "KinesisStreamSourceConfiguration",
                format!("{stream_arn:?} is not a Kinesis stream of these templates"),
                format!("{stream_arn:?} はこれらのテンプレートの Kinesis ストリームではありません"),
            )
        })?;
    let source_role = role_name(
        cx,
        &p,
        "KinesisStreamSourceConfiguration",
        &text(src, "RoleARN").unwrap_or_default(),
    )?;
    let dpath = p.path(dest_key);
    let dfail = |k: &str, en: String, ja: String| {
        Fail::new(
            dest.get(k).map(|n| n.mark).unwrap_or(dest.mark),
            format!("{dpath}.{k}"),
            en,
            ja,
        )
    };
    let bucket_arn = text(dest, "BucketARN").unwrap_or_default();
    let buckets: Vec<String> = cx.s.buckets.iter().map(|b| b.name.clone()).collect();
    let bucket = Ctx::name_from_arn(&bucket_arn, ":::", &buckets).ok_or_else(|| {
        dfail(
            "BucketARN",
            format!("{bucket_arn:?} is not an S3 bucket of these templates"),
            format!("{bucket_arn:?} はこれらのテンプレートの S3 バケットではありません"),
        )
    })?;
    let destination_role = {
        let arn = text(dest, "RoleARN").unwrap_or_default();
        let names: Vec<String> = cx.s.roles.iter().map(|r| r.name.clone()).collect();
        let name = Ctx::name_from_arn(&arn, ":role/", &names).ok_or_else(|| {
            dfail(
                "RoleARN",
                format!("{arn:?} is not an IAM role of these templates"),
                format!("{arn:?} はこれらのテンプレートの IAM ロールではありません"),
            )
        })?;
        let declared = cx.s.roles.iter().find(|r| r.name == name);
        let declared = declared.and_then(|r| r.account.as_deref());
        if let Some((en, ja)) = cx.wrong_account(&arn, ("IAM role", "IAM ロール"), &name, declared)
        {
            return Err(dfail("RoleARN", en, ja));
        }
        name
    };
    let mut d = DeliveryStreamSpec {
        name: r.name.clone(),
        source_stream,
        source_role,
        destination_role,
        bucket,
        prefix: text(dest, "Prefix").unwrap_or_default(),
        buffering: Default::default(),
        compression: "UNCOMPRESSED".into(),
        encryption: None,
        cloudwatch_logging: LoggingSpec {
            enabled: false,
            log_group: None,
            log_stream: "S3Delivery".into(),
        },
        account: cx.account_of(r),
    };
    firehose_destination(cx, r, dest, &dpath, &mut d)?;
    let i = cx.s.delivery_streams.len();
    cx.origin(format!("delivery_streams[{i}]"), r.mark, r.path.clone());
    cx.s.delivery_streams.push(d);
    let _ = p
        .get("DeliveryStreamEncryptionConfigurationInput")
        .map(|n| {
            ignored(
                &mut cx.notices,
                n.mark,
                p.path("DeliveryStreamEncryptionConfigurationInput"),
                &r.logical,
                "DeliveryStreamEncryptionConfigurationInput (applies to DirectPut)",
            )
        });
    p.ignored(&mut cx.notices);
    Ok(())
}

/// The S3 destination's buffering, compression, encryption and logging.
fn firehose_destination(
    cx: &mut Ctx,
    r: &Res,
    dest: &Node,
    dpath: &str,
    d: &mut DeliveryStreamSpec,
) -> Result<(), Fail> {
    const USED: &[&str] = &[
        "BucketARN",
        "RoleARN",
        "Prefix",
        "BufferingHints",
        "CompressionFormat",
        "EncryptionConfiguration",
        "CloudWatchLoggingOptions",
    ];
    let int = |n: Option<&Node>, k: &str| {
        super::props::int_at(n, || {
            Fail::new(
                n.map(|x| x.mark).unwrap_or(dest.mark),
                format!("{dpath}.BufferingHints.{k}"),
                format!("{k} must be a whole number"),
                format!("{k} は整数にしてください"),
            )
        })
    };
    if let Some(h) = dest.get("BufferingHints") {
        if let Some(v) = int(h.get("IntervalInSeconds"), "IntervalInSeconds")? {
            d.buffering.interval_seconds = v;
        }
        if let Some(v) = int(h.get("SizeInMBs"), "SizeInMBs")? {
            d.buffering.size_mb = v;
        }
    }
    if let Some(c) = dest
        .get("CompressionFormat")
        .and_then(Node::scalar_text)
        .filter(|c| c != "UNCOMPRESSED")
    {
        cx.notice(NoticeKind::Ignored, dest.mark, format!("{dpath}.CompressionFormat"), format!("{}: CompressionFormat {c} is not simulated; objects are delivered UNCOMPRESSED", r.logical), format!("{}: CompressionFormat {c} はシミュレートされません。オブジェクトは UNCOMPRESSED で配信されます", r.logical));
    }
    if let Some(e) = dest.get("EncryptionConfiguration") {
        let epath = format!("{dpath}.EncryptionConfiguration");
        unread(
            &mut cx.notices,
            e,
            &["KMSEncryptionConfig", "NoEncryptionConfig"],
            &epath,
            &r.logical,
        );
        if let Some(kc) = e.get("KMSEncryptionConfig") {
            unread(
                &mut cx.notices,
                kc,
                &["AWSKMSKeyARN"],
                &format!("{epath}.KMSEncryptionConfig"),
                &r.logical,
            );
        }
        if let Some(k) = e
            .get("KMSEncryptionConfig")
            .and_then(|k| k.get("AWSKMSKeyARN"))
        {
            let arn = k.scalar_text().unwrap_or_default();
            let kpath = format!("{dpath}.EncryptionConfiguration.KMSEncryptionConfig.AWSKMSKeyARN");
            if !is_kms_arn(&arn) {
                return Err(Fail::new(k.mark, kpath, format!("AWSKMSKeyARN is {arn:?}, not the ARN of a KMS key (arn:aws:kms:REGION:ACCOUNT:key/ID, or alias/NAME): Firehose refuses a key ID here. Ref of an AWS::KMS::Key gives its key ID; use Fn::GetAtt KEY.Arn"), format!("AWSKMSKeyARN が {arn:?} で、KMS キーの ARN (arn:aws:kms:リージョン:アカウント:key/ID、または alias/名前) ではありません。Firehose はここでキー ID を受け付けません。AWS::KMS::Key の Ref はキー ID を返すため、Fn::GetAtt キー.Arn を使用してください")));
            }
            let name = cx.key_ref(&arn).ok_or_else(|| {
                Fail::new(
                    k.mark,
                    format!("{dpath}.EncryptionConfiguration.KMSEncryptionConfig.AWSKMSKeyARN"),
                    format!("{arn:?} is not a KMS key of these templates"),
                    format!("{arn:?} はこれらのテンプレートの KMS キーではありません"),
                )
            })?;
            d.encryption = Some(FirehoseEncryptionSpec { kms_key: name });
        }
    }
    if let Some(logging) = firehose_logging(cx, r, dest, dpath)? {
        d.cloudwatch_logging = logging;
    }
    unread(&mut cx.notices, dest, USED, dpath, &r.logical);
    Ok(())
}

/// The destination's `CloudWatchLoggingOptions`, if the template gives them (without
/// them the delivery stream keeps logging off): logging is on only with `Enabled: true`.
fn firehose_logging(
    cx: &mut Ctx,
    r: &Res,
    dest: &Node,
    dpath: &str,
) -> Result<Option<LoggingSpec>, Fail> {
    let path = format!("{dpath}.CloudWatchLoggingOptions");
    let Some(l) = dest.get("CloudWatchLoggingOptions") else {
        cx.notice(NoticeKind::Default, dest.mark, path, format!("{}: no CloudWatchLoggingOptions, so delivery errors are not logged (as in Firehose)", r.logical), format!("{}: CloudWatchLoggingOptions がないため、配信エラーはログに記録されません (Firehose と同じです)", r.logical));
        return Ok(None);
    };
    let enabled = super::props::bool_at(l.get("Enabled"), || {
        Fail::new(
            l.mark,
            format!("{path}.Enabled"),
            "Enabled must be true or false",
            "Enabled は true または false にしてください",
        )
    })?;
    if enabled.is_none() {
        // The CloudFormation reference and the Firehose API give Enabled no default
        // (Required: No); logging is taken as off, as for any unset switch.
        cx.notice(NoticeKind::Default, l.mark, path.clone(), format!("{}: CloudWatchLoggingOptions has no Enabled, so delivery errors are not logged (modelled: the CloudFormation reference gives no default; logging needs Enabled: true)", r.logical), format!("{}: CloudWatchLoggingOptions に Enabled がないため、配信エラーはログに記録されません (モデル化: CloudFormation リファレンスにはデフォルト値の記載がありません。ログの記録には Enabled: true が必要です)", r.logical));
    }
    Ok(Some(LoggingSpec {
        enabled: enabled.unwrap_or(false),
        log_group: l.get("LogGroupName").and_then(Node::scalar_text),
        log_stream: l
            .get("LogStreamName")
            .and_then(Node::scalar_text)
            .unwrap_or_else(|| "S3Delivery".into()),
    }))
}

fn function(cx: &mut Ctx, r: &Res) -> Result<(), Fail> {
    let p = Props::new(r);
    let _ = p.get("FunctionName");
    let role = role_name(cx, &p, "Role", &p.required("Role")?)?;
    let vars = p.get("Environment").and_then(|e| e.get("Variables"));
    let mut stream = None;
    for e in vars.and_then(Node::entries).unwrap_or_default() {
        let v = e.value.scalar_text().unwrap_or_default();
        if let Some(s) =
            cx.s.streams
                .iter()
                .find(|s| s.name == v || v.ends_with(&format!(":stream/{}", s.name)))
        {
            stream = Some(s.name.clone());
            break;
        }
    }
    if let Some(code) = p
        .get("Code")
        .and_then(|c| c.get("ZipFile"))
        .and_then(Node::scalar_text)
    {
        let runtime = p
            .get("Runtime")
            .and_then(Node::scalar_text)
            .unwrap_or_default();
        cx.code.push(FunctionCode {
            function: r.name.clone(),
            runtime,
            code,
        });
    }
    let Some(stream) = stream else {
        cx.not_simulated(r, ": none of its environment variables names a Kinesis stream of these templates, so it is not a producer", " (環境変数にこれらのテンプレートの Kinesis ストリームを指すものがないため、プロデューサーではありません)");
        return Ok(());
    };
    let mut doc = json!({"name": r.name, "role": role, "stream": stream});
    let given = meta(r, "producer")
        .map(Node::to_json)
        .unwrap_or(Value::Null);
    if let (Some(o), Value::Object(m)) = (doc.as_object_mut(), &given) {
        o.extend(m.clone());
    }
    let at = meta(r, "producer").map(|n| n.mark).unwrap_or(r.mark);
    let producer: ProducerSpec = super::props::from_json(&doc).map_err(|e| {
        let t = crate::sim::scenario::json_error_text(&e);
        Fail::with_text(at, meta_path(r, "producer"), t)
    })?;
    let defaults: Vec<String> = [
        ("invocations", producer.invocations.to_string()),
        (
            "records_per_invocation",
            producer.records_per_invocation.to_string(),
        ),
        ("record_spacing", producer.record_spacing.clone()),
        ("invocation_interval", producer.invocation_interval.clone()),
        ("start", producer.start.clone()),
        ("partition_key", producer.partition_key.clone()),
        ("concurrency", producer.concurrency.to_string()),
        ("api", format!("{:?}", producer.api)),
    ]
    .into_iter()
    .filter(|(k, _)| given.get(k).is_none())
    .map(|(k, v)| format!("{k} = {v}"))
    .collect();
    if !defaults.is_empty() {
        let list = defaults.join(", ");
        cx.notice(NoticeKind::Default, r.mark, r.path.clone(), format!("{}: a template cannot say how the function runs; the lab uses {list} (edit them in the scenario)", r.logical), format!("{}: 関数の実行方法はテンプレートでは指定できないため、ラボでは {list} を使用します (シナリオで編集できます)", r.logical));
    }
    let i = cx.s.producers.len();
    cx.origin(format!("producers[{i}]"), r.mark, r.path.clone());
    // A client-side setting the simulator refuses (a key it does not know, a max_age of 0)
    // is shown where the template keeps it, not only at the function.
    if let Some(c) = meta(r, "producer").and_then(|n| n.get("client_side")) {
        let at = format!("{}.client_side", meta_path(r, "producer"));
        origins_below(
            &mut cx.origins,
            &format!("producers[{i}].client_side"),
            c,
            &at,
        );
    }
    cx.s.producers.push(producer);
    let _ = (p.get("Code"), p.get("Environment"));
    p.ignored(&mut cx.notices);
    Ok(())
}

impl Res {
    /// Where property `k` is (the resource when absent).
    pub fn res_mark(&self, k: &str) -> Mark {
        self.props.get(k).map(|n| n.mark).unwrap_or(self.mark)
    }
}
