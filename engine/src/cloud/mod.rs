//! The simulated AWS services, one file each. Each file owns its service's state and adds
//! that service's API operations to [`Cloud`], which holds every service plus the trace,
//! the seeded RNG and the simulated clock — so one operation can call another service the
//! way AWS does (Kinesis calling KMS on a producer's behalf) while the borrow checker sees
//! disjoint fields.
//!
//! Every authorization goes through the policy engine ([`Cloud::authorize`]); decisions
//! are memoised per distinct request because policies never change during a run.

pub mod client_side;
pub mod errors;
pub mod firehose;
pub mod iam;
pub mod kinesis;
pub mod kms;
pub mod lambda;
pub mod s3;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::crypto::EncryptionContext;
use crate::policy::{self, Context, Decision, NamedPolicy, PolicySet, Request};
use crate::runtime::clock::SimTime;
use crate::runtime::fixed_map::FixedMap;
use crate::runtime::rng::SimRng;
use crate::runtime::trace::Trace;

pub use crate::runtime::auth::{
    Action, AuthReq, CtxRef, Principal, Resource, S3Headers, SseHeader, Via,
};

use self::firehose::Firehose;
use self::iam::Iam;
use self::kinesis::Kinesis;
use self::kms::Kms;
use self::lambda::Lambda;
use self::s3::S3;

/// Sets the condition keys KMS derives from a request's encryption context:
/// `kms:EncryptionContext:<key>` for each pair and `kms:EncryptionContextKeys`, the keys.
pub fn set_encryption_context(ctx: &mut Context, ec: &EncryptionContext) {
    for (k, v) in ec {
        ctx.set(format!("kms:EncryptionContext:{k}"), v.clone());
    }
    ctx.set_list("kms:EncryptionContextKeys", ec.keys().cloned().collect());
}

/// All services, the trace, the RNG and the clock. The fields are the engine's own: the
/// web app and other crates read a run through the view API (`sim::view`) and the
/// accessors below.
#[derive(Debug)]
pub struct Cloud {
    /// Account id.
    pub(crate) account: String,
    /// Region.
    pub(crate) region: String,
    /// IAM / STS.
    pub(crate) iam: Iam,
    /// KMS.
    pub(crate) kms: Kms,
    /// Kinesis Data Streams.
    pub(crate) kinesis: Kinesis,
    /// Lambda producers.
    pub(crate) lambda: Lambda,
    /// Firehose delivery streams and their CloudWatch Logs.
    pub(crate) firehose: Firehose,
    /// S3.
    pub(crate) s3: S3,
    /// The trace being written.
    pub(crate) trace: Trace,
    /// The seeded RNG (all randomness).
    pub(crate) rng: SimRng,
    /// The seed (for ids derived without drawing from the RNG).
    pub(crate) seed: u64,
    /// The simulated clock.
    pub(crate) now: SimTime,
    /// Encryption contexts given by scenario events.
    pub(crate) custom_contexts: Vec<EncryptionContext>,
    /// Client-side encryption's state: the data keys producers' SDKs asked for, what
    /// readers decrypted.
    pub(crate) client_side: client_side::ClientSideState,
    auth_cache: FixedMap<AuthReq, Authorization>,
    interned: BTreeMap<String, Arc<str>>,
    /// `arn:aws:iam::<account>:root`, the principal of administrative events.
    pub(crate) admin_arn: Arc<str>,
    /// The organization around the scenario's accounts, if it declares one: its SCPs and
    /// RCPs take part in every authorization and it fills the organization condition keys.
    pub(crate) org: Option<Box<crate::org::OrgState>>,
    /// Some role or resource belongs to another account than the scenario's: requests then
    /// carry `aws:ResourceAccount` (single-account runs stay as they were).
    pub(crate) multi_account: bool,
}

/// A decision as the cloud keeps it per request.
#[derive(Debug, Clone)]
pub(crate) struct Authorization {
    pub(crate) decision: Decision,
    /// AWS's denial message.
    pub(crate) denial: Option<Arc<str>>,
    /// The deciding rule (policy, statement, Sid…) as JSON: what the trace hash covers.
    pub(crate) rule: Arc<str>,
}

impl Cloud {
    /// An empty cloud (services are added by the scenario builder in `sim`).
    pub fn new(account: &str, region: &str, seed: u64, start: SimTime, keep_steps: bool) -> Self {
        Cloud {
            account: account.to_string(),
            region: region.to_string(),
            iam: Iam::default(),
            kms: Kms::default(),
            kinesis: Kinesis::default(),
            lambda: Lambda::default(),
            firehose: Firehose::default(),
            s3: S3::default(),
            trace: Trace::new(keep_steps),
            rng: SimRng::new(seed),
            seed,
            now: start,
            custom_contexts: Vec::new(),
            client_side: client_side::ClientSideState::default(),
            auth_cache: FixedMap::default(),
            interned: BTreeMap::new(),
            admin_arn: Arc::from(format!("arn:aws:iam::{account}:root")),
            org: None,
            multi_account: false,
        }
    }

    /// A shared copy of `s` (actor names and such repeat on every step).
    pub fn intern(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.interned.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.interned.insert(s.to_string(), a.clone());
        a
    }

    /// `<service>.<region>.amazonaws.com`.
    pub fn via_service(&self, service: &str) -> String {
        format!("{service}.{}.amazonaws.com", self.region)
    }

    /// The encryption context a reference stands for.
    pub fn context_of(&self, c: CtxRef) -> EncryptionContext {
        let mut m = EncryptionContext::new();
        match c {
            CtxRef::None => {}
            CtxRef::Stream(s) => {
                if let Some(st) = self.kinesis.streams.get(s as usize) {
                    m.insert("aws:kinesis:arn".into(), st.arn.clone());
                }
            }
            CtxRef::Object(n) => {
                m.insert("aws:s3:arn".into(), self.s3.object_arn(n));
            }
            CtxRef::Bucket(b) => {
                if let Some(bk) = self.s3.buckets.get(b as usize) {
                    m.insert("aws:s3:arn".into(), bk.arn.clone());
                }
            }
            CtxRef::Custom(i) => {
                if let Some(c) = self.custom_contexts.get(i as usize) {
                    m = c.clone();
                }
            }
        }
        m
    }

    fn principal_string(&self, p: Principal) -> String {
        match p {
            Principal::Session(s) => self.iam.session_arn(s).to_string(),
            Principal::Service(s) => s.to_string(),
        }
    }

    fn resource_string(&self, r: Resource) -> String {
        match r {
            Resource::Key(k) => self
                .kms
                .keys
                .get(k as usize)
                .map(|k| k.arn.clone())
                .unwrap_or_default(),
            Resource::Stream(s) => self
                .kinesis
                .streams
                .get(s as usize)
                .map(|s| s.arn.clone())
                .unwrap_or_default(),
            Resource::Object(n) => self.s3.object_arn(n),
            Resource::Role(r) => self
                .iam
                .roles
                .get(r as usize)
                .map(|r| r.arn.clone())
                .unwrap_or_default(),
            Resource::LogGroup(d) => self
                .firehose
                .streams
                .get(d as usize)
                .map(|d| {
                    format!(
                        "arn:aws:logs:{}:{}:log-group:{}:log-stream:{}",
                        self.region,
                        crate::policy::arn_account(&d.arn).unwrap_or(&self.account),
                        d.log_group,
                        d.log_stream
                    )
                })
                .unwrap_or_default(),
        }
    }

    /// The account owning the resource of a request: the account in its ARN, and for an S3
    /// object (whose ARN names no account) the bucket's owner.
    pub fn resource_account(&self, r: Resource) -> String {
        let account = match r {
            Resource::Object(n) => self.s3.bucket_account(n).map(|a| a.to_string()),
            _ => crate::policy::arn_account(&self.resource_string(r)).map(str::to_string),
        };
        account.unwrap_or_else(|| self.account.clone())
    }

    /// The policy engine request for `a`, with the context keys AWS would set.
    pub fn build_request(&self, a: &AuthReq) -> Request {
        let principal = self.principal_string(a.principal);
        let mut ctx = Context::new();
        ctx.set("aws:RequestedRegion", self.region.clone());
        ctx.set("aws:SecureTransport", "true");
        if let Some(service) = a.via.service() {
            ctx.set("aws:ViaAWSService", "true");
            if a.action.is_kms() {
                ctx.set("kms:ViaService", self.via_service(service));
            }
        }
        if a.action.is_kms() {
            if let Principal::Session(_) = a.principal {
                // The caller's own account (a role may belong to another account).
                let caller = crate::policy::arn_account(&principal).unwrap_or(&self.account);
                ctx.set("kms:CallerAccount", caller.to_string());
            }
            let ec = self.context_of(a.ctx);
            if !ec.is_empty() || a.action != Action::KmsDescribeKey {
                set_encryption_context(&mut ctx, &ec);
            }
        }
        if a.action.is_s3() {
            self.set_s3_keys(&mut ctx, a.s3);
        }
        if let Principal::Session(s) = a.principal {
            if let Some(sess) = self.iam.session(s) {
                ctx.set("aws:userid", sess.principal_id.clone());
            }
        }
        let resource = self.resource_string(a.resource);
        let resource_account = self.resource_account(a.resource);
        if self.multi_account {
            // IAM sets it on every request (global condition keys); only runs that span
            // accounts carry it, so single-account traces stay as they were.
            ctx.set("aws:ResourceAccount", resource_account.clone());
        }
        let mut req = Request {
            principal,
            action: a.action.as_str().to_string(),
            resource,
            resource_account: Some(resource_account),
            context: ctx,
        };
        if let Some(org) = &self.org {
            org.organization.fill_request(&mut req);
        }
        req
    }

    /// The condition keys S3 sets from an object request: the signature the lab's requests
    /// carry (Signature Version 4 in the Authorization header, the way AWS SDKs sign; the
    /// services' own requests are not documented, see notes::S3_REQUEST_KEYS_NOTE) and one
    /// key per encryption or copy header the request sends, absent when it sends none.
    /// There is no object-key or prefix condition key for these actions (`s3:prefix` is
    /// ListBucket's): the object is the request's resource.
    fn set_s3_keys(&self, ctx: &mut Context, h: S3Headers) {
        ctx.set("s3:signatureversion", "AWS4-HMAC-SHA256");
        ctx.set("s3:authType", "REST-HEADER");
        if let Some(sse) = h.sse {
            ctx.set("s3:x-amz-server-side-encryption", sse.as_str());
        }
        if let Some(k) = h.kms_key.and_then(|k| self.kms.keys.get(k as usize)) {
            ctx.set(
                "s3:x-amz-server-side-encryption-aws-kms-key-id",
                k.arn.clone(),
            );
        }
        if let Some(n) = h.copy_source.and_then(|n| self.s3.names.get(n as usize)) {
            let bucket = self
                .s3
                .buckets
                .get(n.bucket as usize)
                .map_or("", |b| &b.name);
            ctx.set("s3:x-amz-copy-source", format!("{bucket}/{}", n.key));
        }
    }

    /// Runs `f` with the policy set that applies to `a`.
    pub fn with_policy_set<R>(&self, a: &AuthReq, f: impl FnOnce(&PolicySet<'_>) -> R) -> R {
        let (identity, boundaries): (&[NamedPolicy], &[NamedPolicy]) = match a.principal {
            Principal::Session(s) => match self
                .iam
                .session(s)
                .and_then(|s| self.iam.roles.get(s.role as usize))
            {
                Some(role) => (&role.identity, &role.boundary),
                None => (&[], &[]),
            },
            Principal::Service(_) => (&[], &[]),
        };
        let mut set = PolicySet::new(identity).with_boundaries(boundaries);
        match a.resource {
            Resource::Key(k) => {
                if let Some(key) = self.kms.keys.get(k as usize) {
                    set = set.with_resource(&key.policy).with_grants(&key.grants);
                }
            }
            Resource::Object(n) => {
                if let Some(p) = self.s3.bucket_policy_for_name(n) {
                    set = set.with_resource(p);
                }
            }
            Resource::Role(r) => {
                if let Some(role) = self.iam.roles.get(r as usize) {
                    set = set.with_resource(&role.trust);
                }
            }
            Resource::Stream(s) => {
                if let Some(p) = self
                    .kinesis
                    .streams
                    .get(s as usize)
                    .and_then(|s| s.policy.as_ref())
                {
                    set = set.with_resource(p);
                }
            }
            Resource::LogGroup(_) => {}
        }
        if let Some(org) = &self.org {
            let principal = self.principal_string(a.principal);
            let resource_account = self.resource_account(a.resource);
            let resource_account = resource_account.as_str();
            let aws_managed = match a.resource {
                Resource::Key(k) => self.kms.keys.get(k as usize).is_some_and(|k| k.aws_managed),
                _ => false,
            };
            let set = org.policy_set(set, &principal, resource_account, aws_managed);
            return f(&set);
        }
        f(&set)
    }

    /// Authorizes `a` with the policy engine. Returns the AWS denial message when denied.
    pub fn authorize(&mut self, a: AuthReq) -> Result<(), Arc<str>> {
        let decided = match self.auth_cache.get(&a) {
            Some(d) => d.clone(),
            None => {
                let req = self.build_request(&a);
                let rule = self.with_policy_set(&a, |set| policy::evaluate_rule(&req, set));
                let decided = Authorization {
                    decision: rule.decision(),
                    denial: rule.denial_message(&req).map(Arc::<str>::from),
                    rule: Arc::from(serde_json::to_string(&rule).unwrap_or_default()),
                };
                self.auth_cache.insert(a, decided.clone());
                decided
            }
        };
        if decided.decision.is_allowed() {
            Ok(())
        } else {
            Err(decided.denial.unwrap_or_else(|| Arc::from("Access Denied")))
        }
    }

    /// How `a` was decided, once [`Cloud::authorize`] decided it.
    pub(crate) fn decided(&self, a: &AuthReq) -> Option<&Authorization> {
        self.auth_cache.get(a)
    }

    /// The full explanation of `a` (on demand, for the UI).
    pub fn explain(&self, a: &AuthReq) -> policy::Explanation {
        let req = self.build_request(a);
        self.with_policy_set(a, |set| policy::explain(&req, set))
    }
}

/// Read-only accessors for code outside the engine (tests, benchmarks).
impl Cloud {
    /// The step that put Kinesis record `record`.
    pub fn record_put_step(&self, record: u32) -> Option<u32> {
        self.kinesis
            .records
            .get(record as usize)
            .map(|r| r.put_step)
    }

    /// Bytes the Kinesis records take in memory (the records and what they store).
    pub fn record_bytes(&self) -> usize {
        self.kinesis
            .records
            .iter()
            .map(|r| std::mem::size_of_val(r) + r.stored.len())
            .sum()
    }

    /// The sessions IAM issued, each as `(session ARN, role name, credentials usable)`.
    pub fn sessions(&self) -> Vec<(&str, &str, bool)> {
        self.iam
            .sessions
            .iter()
            .map(|s| {
                let role = self.iam.roles.get(s.role as usize);
                (&*s.arn, role.map_or("", |r| r.name.as_str()), s.usable)
            })
            .collect()
    }
}
