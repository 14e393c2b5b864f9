//! A scenario as one CloudFormation template (YAML, short-form tags): keys and aliases,
//! roles with their policies (customer managed policies and boundaries as
//! `AWS::IAM::ManagedPolicy`), the stream, the delivery stream with its log group, buckets
//! with their name as a parameter and their bucket policy, and each producer as a Lambda
//! function whose inline code writes the configured records. Account, region and the ARNs
//! of the template's own resources become `${AWS::AccountId}`, `${AWS::Region}` and
//! `!GetAtt X.Arn`, so the template deploys in any account. What only the simulation uses
//! (key ids, key states, grants, producer timing, existing objects, events, readers, the
//! KMS quota, the start time) is kept in `Metadata.EnvelopeLab`, which CloudFormation
//! ignores and the importer reads back.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::emit::{to_yaml, Y};
use super::managed;
use crate::runtime::clock::{parse_duration, MS};
use crate::sim::scenario::{
    ClientSideSpec, EncryptionType, KeyState, ProducerApi, Scenario, SseAlgorithm,
};

/// The scenario as a CloudFormation template (YAML text). Resources of other accounts
/// are in it too, their account in their `Metadata.EnvelopeLab` (see
/// [`export_accounts`] for one template per account).
pub fn export(s: &Scenario) -> String {
    export_for(s, None)
}

/// The scenario as one template per account, the scenario's `account` first and then the
/// others in the order the scenario first names them: each template holds only its
/// account's resources, and refers to another account's by ARN (with that account's id),
/// as separate deployments in each account do. The organization and the simulation's
/// settings (events, readers, KMS quota) travel in the first template's
/// `Metadata.EnvelopeLab` (an organization is no resource of a member account's
/// template). A scenario of one account gives the one template [`export`] writes.
pub fn export_accounts(s: &Scenario) -> Vec<(String, String)> {
    let others = s.other_accounts();
    if others.is_empty() {
        return vec![(s.account.clone(), export(s))];
    }
    let mut accounts = vec![s.account.clone()];
    accounts.extend(others.into_iter().map(|(_, a)| a.to_string()));
    accounts
        .into_iter()
        .map(|a| {
            let t = export_for(s, Some(&a));
            (a, t)
        })
        .collect()
}

fn export_for(s: &Scenario, only: Option<&str>) -> String {
    let mut x = Exporter::new(s, only);
    x.keys();
    x.roles();
    x.streams();
    x.buckets();
    x.delivery_streams();
    x.producers();
    let description = match only {
        None => "Exported from Envelope Lab: KMS envelope encryption in a Lambda -> Kinesis Data Streams -> Firehose -> S3 pipeline. Metadata.EnvelopeLab holds what only the simulator uses.".to_string(),
        Some(a) => format!("Exported from Envelope Lab: the resources of account {a} in a Lambda -> Kinesis Data Streams -> Firehose -> S3 pipeline that spans several accounts (deploy each account's template in its account). Metadata.EnvelopeLab holds what only the simulator uses."),
    };
    if x.resources.is_empty() {
        // A template needs one resource: an account the scenario only names (its
        // organization and settings still travel here) gets a handle that creates nothing.
        x.add(
            "Placeholder".into(),
            "AWS::CloudFormation::WaitConditionHandle",
            None,
            vec![],
        );
    }
    let mut doc = vec![
        ("AWSTemplateFormatVersion", Y::s("2010-09-09")),
        ("Description", Y::s(description)),
        (
            "Metadata",
            Y::map(vec![("EnvelopeLab", x.template_metadata())]),
        ),
    ];
    if !x.params.is_empty() {
        doc.push(("Parameters", Y::Map(std::mem::take(&mut x.params))));
    }
    doc.push(("Resources", Y::Map(std::mem::take(&mut x.resources))));
    to_yaml(&Y::map(doc))
}

struct Exporter<'a> {
    s: &'a Scenario,
    /// One template per account: this template's account (its resources only).
    only: Option<&'a str>,
    resources: Vec<(String, Y)>,
    params: Vec<(String, Y)>,
    used: BTreeSet<String>,
    /// Literal ARN (or name) → `${Logical.Arn}`, longest first when applied.
    subs: Vec<(String, String)>,
    key_logical: BTreeMap<usize, String>,
    role_logical: BTreeMap<String, String>,
    stream_logical: BTreeMap<String, String>,
    /// Bucket name → (logical id, name parameter).
    bucket_logical: BTreeMap<String, (String, String)>,
}

/// A logical id from a name: letters and digits only, starting with a letter.
fn sanitize(name: &str, fallback: &str) -> String {
    let mut id: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id = format!("{fallback}{id}");
    }
    id.chars().take(200).collect()
}

impl<'a> Exporter<'a> {
    fn new(s: &'a Scenario, only: Option<&'a str>) -> Exporter<'a> {
        let mut x = Exporter {
            s,
            only,
            resources: vec![],
            params: vec![],
            used: BTreeSet::new(),
            subs: vec![],
            key_logical: BTreeMap::new(),
            role_logical: BTreeMap::new(),
            stream_logical: BTreeMap::new(),
            bucket_logical: BTreeMap::new(),
        };
        x.plan();
        x
    }

    /// The account of a resource whose `account` is `a`.
    fn account<'b>(&'b self, a: &'b Option<String>) -> &'b str {
        a.as_deref().unwrap_or(&self.s.account)
    }

    /// Is a resource whose `account` is `a` in this template?
    fn here(&self, a: &Option<String>) -> bool {
        self.only.is_none_or(|o| self.account(a) == o)
    }

    /// The resource's account for its `Metadata.EnvelopeLab`: only in one template for
    /// every account (a template per account says it by being that account's).
    fn meta_account<'b>(&self, a: &'b Option<String>) -> Option<&'b String> {
        a.as_ref().filter(|_| self.only.is_none())
    }

    /// The account a producer runs in: its role's.
    fn producer_here(&self, role: &str) -> bool {
        let a = self
            .s
            .roles
            .iter()
            .find(|r| r.name == role)
            .map(|r| &r.account);
        self.here(a.unwrap_or(&None))
    }

    fn logical(&mut self, want: String) -> String {
        let mut id = want.clone();
        let mut n = 2;
        while !self.used.insert(id.clone()) {
            id = format!("{want}{n}");
            n += 1;
        }
        id
    }

    /// Logical ids of the things others refer to, and the substitutions in strings. Only
    /// key ARNs become `${Key.Arn}` (key ids are generated); roles, streams and buckets
    /// have fixed names, so their ARNs are written from the name, the account and the
    /// region, which adds no dependency (a key policy naming a role whose policy names
    /// the key would otherwise be a circle CloudFormation refuses).
    fn plan(&mut self) {
        let a = self.only.unwrap_or(&self.s.account).to_string();
        let r = self.s.region.clone();
        for i in 0..self.s.keys.len() {
            if !self.here(&self.s.keys[i].account) {
                continue;
            }
            let id = self.logical(sanitize(&self.s.keys[i].name, "Key"));
            let arn = crate::sim::keys::customer_key_arn(self.s, i);
            self.subs.push((arn, format!("${{{id}.Arn}}")));
            self.key_logical.insert(i, id);
        }
        for role in &self.s.roles {
            if !self.here(&role.account) {
                continue;
            }
            let id = self.logical(sanitize(&role.name, "Role"));
            self.role_logical.insert(role.name.clone(), id);
        }
        for st in &self.s.streams {
            if !self.here(&st.account) {
                continue;
            }
            let id = self.logical("KinesisDataStream".into());
            self.stream_logical.insert(st.name.clone(), id);
        }
        for b in &self.s.buckets {
            if !self.here(&b.account) {
                continue;
            }
            let id = self.logical("Bucket".into());
            let param = self.logical(format!("{id}Name"));
            self.subs.push((
                format!("arn:aws:s3:::{}", b.name),
                format!("arn:aws:s3:::${{{param}}}"),
            ));
            self.bucket_logical.insert(b.name.clone(), (id, param));
        }
        self.subs.push((a, "${AWS::AccountId}".into()));
        self.subs.push((r, "${AWS::Region}".into()));
        self.subs.sort_by_key(|x| std::cmp::Reverse(x.0.len()));
    }

    /// A key policy's strings: like [`Exporter::string`] but without `${Key.Arn}` (keys
    /// referring to keys could make a circle).
    fn key_policy(&self, v: &Value) -> Y {
        let plain = Exporter {
            s: self.s,
            only: self.only,
            resources: vec![],
            params: vec![],
            used: BTreeSet::new(),
            subs: self
                .subs
                .iter()
                .filter(|(_, v)| !v.ends_with(".Arn}"))
                .cloned()
                .collect(),
            key_logical: BTreeMap::new(),
            role_logical: BTreeMap::new(),
            stream_logical: BTreeMap::new(),
            bucket_logical: BTreeMap::new(),
        };
        plain.doc(v)
    }

    /// A string, with the account, the region and the template's own ARNs as variables:
    /// plain when none occurs, `!GetAtt`/`!Ref` when it is one variable, else `!Sub`.
    fn string(&self, text: &str) -> Y {
        let mut out = String::new();
        let mut vars = 0;
        let mut rest = text;
        'scan: while !rest.is_empty() {
            for (lit, var) in &self.subs {
                if !lit.is_empty() && rest.starts_with(lit.as_str()) {
                    out.push_str(var);
                    vars += 1;
                    rest = &rest[lit.len()..];
                    continue 'scan;
                }
            }
            if let Some(r) = rest.strip_prefix("${") {
                out.push_str("${!");
                rest = r;
                continue;
            }
            let c = rest.chars().next().unwrap_or_default();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        if vars == 0 {
            return Y::s(text);
        }
        if let Some(inner) = out
            .strip_prefix("${")
            .and_then(|v| v.strip_suffix('}'))
            .filter(|v| !v.contains("${") && vars == 1 && !v.starts_with('!'))
        {
            return match inner.split_once('.') {
                Some((res, attr)) if !inner.starts_with("AWS::") => Y::get_att(res, attr),
                _ => Y::reference(inner),
            };
        }
        Y::Tag("!Sub", Box::new(Y::Str(out)))
    }

    /// A JSON document (policy) with its strings through [`Exporter::string`].
    fn doc(&self, v: &Value) -> Y {
        match v {
            Value::Null => Y::Null,
            Value::Bool(b) => Y::Bool(*b),
            Value::Number(n) => Y::Num(n.to_string()),
            Value::String(s) => self.string(s),
            Value::Array(items) => Y::Seq(items.iter().map(|i| self.doc(i)).collect()),
            Value::Object(m) => Y::Map(m.iter().map(|(k, v)| (k.clone(), self.doc(v))).collect()),
        }
    }

    /// Plain JSON as YAML (metadata: no substitution).
    fn raw(v: &Value) -> Y {
        match v {
            Value::Null => Y::Null,
            Value::Bool(b) => Y::Bool(*b),
            Value::Number(n) => Y::Num(n.to_string()),
            Value::String(s) => Y::s(s),
            Value::Array(items) => Y::Seq(items.iter().map(Self::raw).collect()),
            Value::Object(m) => Y::Map(m.iter().map(|(k, v)| (k.clone(), Self::raw(v))).collect()),
        }
    }

    /// A key reference: `!GetAtt Key.Arn` for a key of the scenario, else as written.
    fn key_ref(&self, r: &str) -> Y {
        match crate::sim::keys::resolve_key(self.s, r) {
            Some(crate::sim::keys::KeyRef::Customer(i)) if !r.contains("alias/") => {
                match self.key_logical.get(&i) {
                    Some(id) => Y::get_att(id, "Arn"),
                    // Another account's key: by its full key ARN, as that account's key
                    // policy lets this one use it.
                    None => self.string(&crate::sim::keys::customer_key_arn(self.s, i)),
                }
            }
            _ => self.string(r),
        }
    }

    /// A role: `!GetAtt` in this template, its ARN in another account's, else its name.
    fn role_ref(&self, n: &str) -> Y {
        if let Some(r) = self.role_logical.get(n) {
            return Y::get_att(r, "Arn");
        }
        match self.s.roles.iter().find(|r| r.name == n) {
            Some(r) => self.string(&format!(
                "arn:aws:iam::{}:role/{n}",
                self.account(&r.account)
            )),
            None => Y::s(n),
        }
    }

    /// The ARN of stream `n` when it is a stream of the scenario in another template.
    fn other_stream_arn(&self, n: &str) -> Option<String> {
        let st = self.s.streams.iter().find(|s| s.name == n)?;
        Some(format!(
            "arn:aws:kinesis:{}:{}:stream/{n}",
            self.s.region,
            self.account(&st.account)
        ))
    }

    fn add(&mut self, id: String, ty: &str, metadata: Option<Y>, props: Vec<(&str, Y)>) {
        let mut body = vec![("Type", Y::s(ty))];
        if let Some(m) = metadata {
            body.push(("Metadata", Y::map(vec![("EnvelopeLab", m)])));
        }
        body.push(("Properties", Y::map(props)));
        self.resources.push((id, Y::map(body)));
    }

    fn template_metadata(&self) -> Y {
        let s = self.s;
        let mut m = vec![
            ("account", Y::s(self.only.unwrap_or(&s.account))),
            ("region", Y::s(&s.region)),
            ("start_time", Y::s(&s.start_time)),
        ];
        // The simulation's settings and the organization travel once: in the template of
        // the scenario's own account (the first).
        if self.only.is_some_and(|o| o != s.account) {
            return Y::map(m);
        }
        if !s.events.is_empty() {
            m.push(("events", Self::raw(&json!(s.events))));
        }
        if !s.readers.is_empty() {
            m.push(("readers", Self::raw(&json!(s.readers))));
        }
        if s.kms != Default::default() {
            m.push(("kms", Self::raw(&json!(s.kms))));
        }
        // The organization (its SCPs and RCPs) is no resource a member account's template
        // can create: it travels with the simulation's settings, so importing the export
        // gives it back.
        if let Some(o) = &s.organization {
            m.push(("organization", Self::raw(o)));
        }
        Y::map(m)
    }

    fn keys(&mut self) {
        for (i, k) in self.s.keys.iter().enumerate() {
            let Some(id) = self.key_logical.get(&i).cloned() else {
                continue;
            };
            let mut meta = vec![];
            if id != k.name {
                meta.push(("name", Y::s(&k.name)));
            }
            if let Some(kid) = &k.key_id {
                meta.push(("key_id", Y::s(kid)));
            }
            if matches!(k.state, KeyState::PendingDeletion | KeyState::Deleted) {
                meta.push(("state", Self::raw(&json!(k.state))));
            }
            if !k.grants.is_empty() {
                meta.push(("grants", Self::raw(&json!(k.grants))));
            }
            // A key of another account, in one template for every account: the account
            // travels in the simulation's metadata.
            if let Some(a) = self.meta_account(&k.account) {
                meta.push(("account", Y::s(a)));
            }
            let mut props = vec![];
            if !k.description.is_empty() {
                props.push(("Description", Y::s(&k.description)));
            }
            props.push(("Enabled", Y::Bool(k.state == KeyState::Enabled)));
            props.push(("KeySpec", Y::s("SYMMETRIC_DEFAULT")));
            props.push(("KeyUsage", Y::s("ENCRYPT_DECRYPT")));
            props.push(("KeyPolicy", self.key_policy(&k.policy)));
            self.add(
                id.clone(),
                "AWS::KMS::Key",
                (!meta.is_empty()).then(|| Y::map(meta)),
                props,
            );
            for a in &k.aliases {
                let aid = self.logical(format!("{id}Alias"));
                self.add(
                    aid,
                    "AWS::KMS::Alias",
                    None,
                    vec![("AliasName", Y::s(a)), ("TargetKeyId", Y::reference(&id))],
                );
            }
        }
    }

    fn roles(&mut self) {
        let mut managed_ids: BTreeMap<(String, String), String> = BTreeMap::new();
        for role in &self.s.roles {
            let Some(id) = self.role_logical.get(&role.name).cloned() else {
                continue;
            };
            let mut props = vec![
                ("RoleName", Y::s(&role.name)),
                ("AssumeRolePolicyDocument", self.doc(&role.trust_policy)),
            ];
            if !role.inline_policies.is_empty() {
                let list = role
                    .inline_policies
                    .iter()
                    .map(|p| {
                        Y::map(vec![
                            ("PolicyName", Y::s(&p.name)),
                            ("PolicyDocument", self.doc(&p.document)),
                        ])
                    })
                    .collect();
                props.push(("Policies", Y::Seq(list)));
            }
            let mut arns = vec![];
            for p in &role.attached_policies {
                let aws = p.arn.as_deref().and_then(|arn| {
                    managed::lookup(arn)
                        .filter(|(_, d)| *d == p.document)
                        .map(|_| arn.to_string())
                });
                match aws {
                    Some(arn) => arns.push(Y::s(arn)),
                    None => {
                        let key = (p.name.clone(), p.document.to_string());
                        let pid = match managed_ids.get(&key) {
                            Some(pid) => pid.clone(),
                            None => {
                                let pid =
                                    self.logical(format!("{}Policy", sanitize(&p.name, "Managed")));
                                let doc = self.doc(&p.document);
                                self.add(
                                    pid.clone(),
                                    "AWS::IAM::ManagedPolicy",
                                    None,
                                    vec![
                                        ("ManagedPolicyName", Y::s(&p.name)),
                                        ("PolicyDocument", doc),
                                    ],
                                );
                                managed_ids.insert(key, pid.clone());
                                pid
                            }
                        };
                        arns.push(Y::reference(&pid));
                    }
                }
            }
            if !arns.is_empty() {
                props.push(("ManagedPolicyArns", Y::Seq(arns)));
            }
            if let Some(b) = &role.permissions_boundary {
                let bid = self.logical(format!("{id}Boundary"));
                let doc = self.doc(b);
                self.add(
                    bid.clone(),
                    "AWS::IAM::ManagedPolicy",
                    None,
                    vec![
                        ("ManagedPolicyName", Y::s(format!("{}-boundary", role.name))),
                        ("PolicyDocument", doc),
                    ],
                );
                props.push(("PermissionsBoundary", Y::reference(&bid)));
            }
            // A role of another account, in one template for every account: the account
            // travels in the simulation's metadata.
            let meta = self
                .meta_account(&role.account)
                .map(|a| Y::map(vec![("account", Y::s(a))]));
            self.add(id, "AWS::IAM::Role", meta, props);
        }
    }

    fn streams(&mut self) {
        for st in &self.s.streams {
            let Some(id) = self.stream_logical.get(&st.name).cloned() else {
                continue;
            };
            let mut props = vec![
                ("Name", Y::s(&st.name)),
                (
                    "StreamModeDetails",
                    Y::map(vec![("StreamMode", Y::s("PROVISIONED"))]),
                ),
                ("ShardCount", Y::Num(st.shards.to_string())),
                (
                    "RetentionPeriodHours",
                    Y::Num(st.retention_hours.to_string()),
                ),
            ];
            if let (EncryptionType::Kms, Some(k)) =
                (st.encryption.encryption_type, &st.encryption.key)
            {
                props.push((
                    "StreamEncryption",
                    Y::map(vec![
                        ("EncryptionType", Y::s("KMS")),
                        ("KeyId", self.key_ref(k)),
                    ]),
                ));
            }
            // In one template for every account, the stream's account travels in the
            // simulation's metadata.
            let meta = self
                .meta_account(&st.account)
                .map(|a| Y::map(vec![("account", Y::s(a))]));
            self.add(id.clone(), "AWS::Kinesis::Stream", meta, props);
            // Its resource-based policy (Kinesis Data Streams "Share your data stream with
            // another account"), attached by the stream's own account.
            if let Some(p) = &st.policy {
                let pid = self.logical(format!("{id}ResourcePolicy"));
                let doc = self.doc(p);
                self.add(
                    pid,
                    "AWS::Kinesis::ResourcePolicy",
                    None,
                    vec![
                        ("ResourceArn", Y::get_att(&id, "Arn")),
                        ("ResourcePolicy", doc),
                    ],
                );
            }
        }
    }

    fn buckets(&mut self) {
        for b in &self.s.buckets {
            let Some((id, param)) = self.bucket_logical.get(&b.name).cloned() else {
                continue;
            };
            self.params.push((
                param.clone(),
                Y::map(vec![
                    ("Type", Y::s("String")),
                    ("Default", Y::s(&b.name)),
                    (
                        "Description",
                        Y::s("S3 bucket names are global: choose one that is free"),
                    ),
                ]),
            ));
            let e = &b.default_encryption;
            let mut by_default = vec![(
                "SSEAlgorithm",
                Y::s(match e.sse {
                    SseAlgorithm::AwsKms => "aws:kms",
                    _ => "AES256",
                }),
            )];
            if let (SseAlgorithm::AwsKms, Some(k)) = (e.sse, &e.kms_key) {
                by_default.push(("KMSMasterKeyID", self.key_ref(k)));
            }
            let rule = Y::map(vec![
                ("ServerSideEncryptionByDefault", Y::map(by_default)),
                ("BucketKeyEnabled", Y::Bool(e.bucket_key)),
            ]);
            let mut meta = vec![];
            if !b.existing_objects.is_empty() {
                meta.push(("existing_objects", Self::raw(&json!(b.existing_objects))));
            }
            if let Some(a) = self.meta_account(&b.account) {
                meta.push(("account", Y::s(a)));
            }
            let mut props = vec![
                ("BucketName", Y::reference(&param)),
                (
                    "BucketEncryption",
                    Y::map(vec![(
                        "ServerSideEncryptionConfiguration",
                        Y::Seq(vec![rule]),
                    )]),
                ),
            ];
            if let Some(o) = b.object_ownership {
                let o = serde_json::to_value(o).unwrap_or_default();
                props.push((
                    "OwnershipControls",
                    Y::map(vec![(
                        "Rules",
                        Y::Seq(vec![Y::map(vec![(
                            "ObjectOwnership",
                            Y::s(o.as_str().unwrap_or_default()),
                        )])]),
                    )]),
                ));
            }
            self.add(
                id.clone(),
                "AWS::S3::Bucket",
                (!meta.is_empty()).then(|| Y::map(meta)),
                props,
            );
            if let Some(p) = &b.policy {
                let pid = self.logical(format!("{id}Policy"));
                let doc = self.doc(p);
                self.add(
                    pid,
                    "AWS::S3::BucketPolicy",
                    None,
                    vec![("Bucket", Y::reference(&id)), ("PolicyDocument", doc)],
                );
            }
        }
    }

    fn delivery_streams(&mut self) {
        let mut groups: BTreeMap<String, String> = BTreeMap::new();
        for d in &self.s.delivery_streams {
            if !self.here(&d.account) {
                continue;
            }
            let id = self.logical("FirehoseDeliveryStream".into());
            let l = &d.cloudwatch_logging;
            let mut logging = vec![("Enabled", Y::Bool(l.enabled))];
            match (&l.log_group, l.enabled) {
                (Some(g), true) => {
                    let gid = match groups.get(g) {
                        Some(gid) => gid.clone(),
                        None => {
                            let gid = self.logical("FirehoseLogGroup".into());
                            self.add(
                                gid.clone(),
                                "AWS::Logs::LogGroup",
                                None,
                                vec![("LogGroupName", Y::s(g))],
                            );
                            groups.insert(g.clone(), gid.clone());
                            gid
                        }
                    };
                    let sid = self.logical(format!("{id}LogStream"));
                    self.add(
                        sid.clone(),
                        "AWS::Logs::LogStream",
                        None,
                        vec![
                            ("LogGroupName", Y::reference(&gid)),
                            ("LogStreamName", Y::s(&l.log_stream)),
                        ],
                    );
                    logging.push(("LogGroupName", Y::reference(&gid)));
                    logging.push(("LogStreamName", Y::reference(&sid)));
                }
                (g, _) => {
                    if let Some(g) = g {
                        logging.push(("LogGroupName", Y::s(g)));
                    }
                    logging.push(("LogStreamName", Y::s(&l.log_stream)));
                }
            }
            let encryption = match &d.encryption {
                Some(e) => Y::map(vec![(
                    "KMSEncryptionConfig",
                    Y::map(vec![("AWSKMSKeyARN", self.key_ref(&e.kms_key))]),
                )]),
                None => Y::map(vec![("NoEncryptionConfig", Y::s("NoEncryption"))]),
            };
            let role = |n: &str| self.role_ref(n);
            let mut dest = vec![
                (
                    "BucketARN",
                    match self.bucket_logical.get(&d.bucket) {
                        Some((b, _)) => Y::get_att(b, "Arn"),
                        // Another account's bucket (S3 ARNs name no account).
                        None if self.s.buckets.iter().any(|b| b.name == d.bucket) => {
                            Y::s(format!("arn:aws:s3:::{}", d.bucket))
                        }
                        None => Y::s(&d.bucket),
                    },
                ),
                ("RoleARN", role(&d.destination_role)),
            ];
            if !d.prefix.is_empty() {
                dest.push(("Prefix", Y::s(&d.prefix)));
            }
            dest.push((
                "BufferingHints",
                Y::map(vec![
                    (
                        "IntervalInSeconds",
                        Y::Num(d.buffering.interval_seconds.to_string()),
                    ),
                    ("SizeInMBs", Y::Num(d.buffering.size_mb.to_string())),
                ]),
            ));
            dest.push(("CompressionFormat", Y::s(&d.compression)));
            dest.push(("EncryptionConfiguration", encryption));
            dest.push(("CloudWatchLoggingOptions", Y::map(logging)));
            let source = Y::map(vec![
                (
                    "KinesisStreamARN",
                    match self.stream_logical.get(&d.source_stream) {
                        Some(s) => Y::get_att(s, "Arn"),
                        None => match self.other_stream_arn(&d.source_stream) {
                            Some(arn) => self.string(&arn),
                            None => Y::s(&d.source_stream),
                        },
                    },
                ),
                ("RoleARN", role(&d.source_role)),
            ]);
            let meta = self
                .meta_account(&d.account)
                .map(|a| Y::map(vec![("account", Y::s(a))]));
            self.add(
                id,
                "AWS::KinesisFirehose::DeliveryStream",
                meta,
                vec![
                    ("DeliveryStreamName", Y::s(&d.name)),
                    ("DeliveryStreamType", Y::s("KinesisStreamAsSource")),
                    ("KinesisStreamSourceConfiguration", source),
                    ("ExtendedS3DestinationConfiguration", Y::map(dest)),
                ],
            );
        }
    }

    fn producers(&mut self) {
        for p in &self.s.producers {
            if !self.producer_here(&p.role) {
                continue;
            }
            let id = self.logical(sanitize(&p.name, "Function"));
            let mut meta = json!(p);
            if let Some(m) = meta.as_object_mut() {
                for k in ["name", "role", "stream"] {
                    m.remove(k);
                }
            }
            // A stream of another account is named by its ARN (Kinesis takes StreamARN for
            // a stream shared by its resource policy).
            let other = match self.stream_logical.get(&p.stream) {
                Some(_) => None,
                None => self.other_stream_arn(&p.stream),
            };
            let (var, stream) = match (&other, self.stream_logical.get(&p.stream)) {
                (Some(arn), _) => ("KINESIS_STREAM_ARN", self.string(arn)),
                (None, Some(s)) => ("KINESIS_STREAM_NAME", Y::reference(s)),
                (None, None) => ("KINESIS_STREAM_NAME", Y::s(&p.stream)),
            };
            let role = self.role_ref(&p.role);
            let mut vars = vec![
                (var, stream),
                (
                    "RECORDS_PER_INVOCATION",
                    Y::s(p.records_per_invocation.to_string()),
                ),
                ("PARTITION_KEY", Y::s(&p.partition_key)),
            ];
            // A client-side producer's code reads its SDK settings from the environment
            // (the simulator reads them from the metadata above).
            if let Some(c) = &p.client_side {
                vars.extend(client_side_environment(c, self.key_ref(&c.key)));
            }
            let vars = Y::map(vars);
            self.add(
                id,
                "AWS::Lambda::Function",
                Some(Y::map(vec![("producer", Self::raw(&meta))])),
                vec![
                    ("FunctionName", Y::s(&p.name)),
                    ("Role", role),
                    ("Runtime", Y::s("python3.13")),
                    ("Handler", Y::s("index.lambda_handler")),
                    ("Timeout", Y::Num("60".into())),
                    ("Environment", Y::map(vec![("Variables", vars)])),
                    (
                        "Code",
                        Y::map(vec![(
                            "ZipFile",
                            Y::Block(producer_code(
                                p.api,
                                p.client_side.is_some(),
                                other.is_some(),
                            )),
                        )]),
                    ),
                ],
            );
        }
    }
}

/// The environment of a client-side producer's code: the key, the encryption context (as
/// JSON), the suite (by the SDK's name) and, with caching, its thresholds (max_age in
/// seconds, as the SDK for Python counts it).
fn client_side_environment(c: &ClientSideSpec, key: Y) -> Vec<(&'static str, Y)> {
    let context = serde_json::to_string(&c.encryption_context).unwrap_or_default();
    let suite = serde_json::to_value(c.algorithm_suite)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut out = vec![
        ("CLIENT_SIDE_KEY_ARN", key),
        ("ENCRYPTION_CONTEXT", Y::s(context)),
        ("ALGORITHM_SUITE", Y::s(suite)),
    ];
    if let Some(d) = &c.data_key_caching {
        // The scenario validated the duration; whole milliseconds, as the lab counts them.
        let ms = parse_duration(&d.max_age).unwrap_or(0) / MS;
        out.push((
            "CACHE_MAX_AGE_SECONDS",
            Y::s((ms as f64 / 1000.0).to_string()),
        ));
        if let Some(n) = d.max_messages {
            out.push(("CACHE_MAX_MESSAGES", Y::s(n.to_string())));
        }
        if let Some(n) = d.max_bytes {
            out.push(("CACHE_MAX_BYTES", Y::s(n.to_string())));
        }
    }
    out
}

/// The producer's Python code: random ticker records, one `PutRecord` each or one
/// `PutRecords` per batch of up to 500; a client-side producer seals each record with the
/// AWS Encryption SDK for Python first (its settings in the environment, see
/// [`client_side_environment`]).
fn producer_code(api: ProducerApi, client_side: bool, by_arn: bool) -> String {
    let data = if client_side {
        "seal(json.dumps(make_record()).encode(\"utf-8\"))"
    } else {
        "json.dumps(make_record()).encode(\"utf-8\")"
    };
    let send = match api {
        ProducerApi::PutRecord => format!("    for _ in range(RECORDS):\n        kinesis.put_record(\n            StreamName=STREAM_NAME,\n            Data={data},\n            PartitionKey=PARTITION_KEY,\n        )\n"),
        ProducerApi::PutRecords => format!("    left = RECORDS\n    while left > 0:\n        batch = min(left, 500)\n        kinesis.put_records(\n            StreamName=STREAM_NAME,\n            Records=[\n                {{\"Data\": {data}, \"PartitionKey\": PARTITION_KEY}}\n                for _ in range(batch)\n            ],\n        )\n        left -= batch\n"),
    };
    let (note, sdk_import, sdk) = if client_side {
        (CLIENT_SIDE_NOTE, CLIENT_SIDE_IMPORT, CLIENT_SIDE_CODE)
    } else {
        ("", "", "")
    };
    let text = format!(
        "# Written by Envelope Lab's export: each invocation sends RECORDS_PER_INVOCATION records.\n{note}import json\nimport os\nimport random\nfrom datetime import datetime, timezone\n\n{sdk_import}import boto3\n\nSTREAM_NAME = os.environ[\"KINESIS_STREAM_NAME\"]\nRECORDS = int(os.environ.get(\"RECORDS_PER_INVOCATION\", \"10\"))\nPARTITION_KEY = os.environ.get(\"PARTITION_KEY\", \"partitionkey\")\nkinesis = boto3.client(\"kinesis\")\n{sdk}\n\ndef make_record():\n    return {{\n        \"EVENT_TIME\": datetime.now(timezone.utc).isoformat(),\n        \"TICKER\": random.choice([\"AAPL\", \"AMZN\", \"MSFT\", \"INTC\", \"TBV\"]),\n        \"PRICE\": round(random.random() * 100, 2),\n    }}\n\n\ndef lambda_handler(event, context):\n{send}"
    );
    if !by_arn {
        return text;
    }
    // A stream of another account: Kinesis names it by StreamARN (a StreamName is looked
    // up in the caller's own account).
    text.replace(
        "STREAM_NAME = os.environ[\"KINESIS_STREAM_NAME\"]",
        "STREAM_ARN = os.environ[\"KINESIS_STREAM_ARN\"]",
    )
    .replace("StreamName=STREAM_NAME", "StreamARN=STREAM_ARN")
}

/// Why a client-side producer's code needs more than the inline code: the SDK is not part
/// of the Lambda runtime.
const CLIENT_SIDE_NOTE: &str = "# Each record is sealed client-side with the AWS Encryption SDK for Python before it is put.\n# The aws-encryption-sdk package is not in the Lambda runtime: add it in a layer or build a\n# deployment package (inline code cannot carry it).\n";

const CLIENT_SIDE_IMPORT: &str =
    "import aws_encryption_sdk\nfrom aws_encryption_sdk.identifiers import Algorithm, CommitmentPolicy\n";

/// The SDK's client, the KMS master key provider (strict: only this key), the optional
/// caching materials manager and `seal`.
const CLIENT_SIDE_CODE: &str = "KEY_ID = os.environ[\"CLIENT_SIDE_KEY_ARN\"]\nENCRYPTION_CONTEXT = json.loads(os.environ.get(\"ENCRYPTION_CONTEXT\", \"{}\"))\nSUITE = Algorithm.__members__[os.environ.get(\"ALGORITHM_SUITE\", \"AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384\")]\nesdk = aws_encryption_sdk.EncryptionSDKClient(commitment_policy=CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)\nkey_provider = aws_encryption_sdk.StrictAwsKmsMasterKeyProvider(key_ids=[KEY_ID])\nmaterials = {\"key_provider\": key_provider}\nif \"CACHE_MAX_AGE_SECONDS\" in os.environ:\n    # Data key caching: one data key seals several records, within these thresholds.\n    materials = {\n        \"materials_manager\": aws_encryption_sdk.CachingCryptoMaterialsManager(\n            master_key_provider=key_provider,\n            cache=aws_encryption_sdk.LocalCryptoMaterialsCache(capacity=10),\n            max_age=float(os.environ[\"CACHE_MAX_AGE_SECONDS\"]),\n            max_messages_encrypted=int(os.environ.get(\"CACHE_MAX_MESSAGES\", str(2**32))),\n            max_bytes_encrypted=int(os.environ.get(\"CACHE_MAX_BYTES\", str(2**63 - 1))),\n        )\n    }\n\n\ndef seal(data):\n    message, _header = esdk.encrypt(source=data, encryption_context=ENCRYPTION_CONTEXT, algorithm=SUITE, **materials)\n    return message\n";
