//! IAM and STS: roles (trust, inline, attached policies, boundary) and the assumed-role
//! sessions every service acts through. Each policy document is parsed once per
//! simulation.

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::sync::Arc;

use crate::policy::json::Pos;
use crate::policy::{parse_policy, NamedPolicy, Policy, PolicyError};

/// Parses a policy document held as JSON in a scenario. The error's path is inside the
/// document (`Statement[1].Effect`); its line and column are in the parser's own text of
/// the document, which only the document's path in the scenario can place in a file.
pub fn parse_document(doc: &Value) -> Result<Arc<Policy>, PolicyError> {
    if !doc.is_object() {
        return Err(PolicyError::localized(
            Pos { line: 1, column: 1 },
            "",
            "a policy document is a JSON object {\"Version\": …, \"Statement\": …}",
            "ポリシードキュメントは JSON オブジェクト {\"Version\": …, \"Statement\": …} です",
        ));
    }
    parse_policy(&doc.to_string()).map(Arc::new)
}

/// A named policy from a scenario document.
pub fn named(name: &str, doc: &Value) -> Result<NamedPolicy, PolicyError> {
    Ok(NamedPolicy {
        name: name.to_string(),
        policy: parse_document(doc)?,
    })
}

/// An IAM role with its parsed policies.
#[derive(Debug, Clone)]
pub struct Role {
    /// Role name.
    pub name: String,
    /// `arn:aws:iam::<account>:role/<name>`.
    pub arn: String,
    /// The role's unique id (`AROA…`), stable per account and name.
    pub role_id: String,
    /// Inline and attached policies, in that order.
    pub identity: Vec<NamedPolicy>,
    /// Permissions boundary, if any (zero or one element).
    pub boundary: Vec<NamedPolicy>,
    /// Trust policy.
    pub trust: NamedPolicy,
}

impl Role {
    /// A role of `account` with its parsed policies.
    pub fn new(
        account: &str,
        name: &str,
        identity: Vec<NamedPolicy>,
        boundary: Option<NamedPolicy>,
        trust: NamedPolicy,
    ) -> Role {
        Role {
            name: name.to_string(),
            arn: format!("arn:aws:iam::{account}:role/{name}"),
            role_id: role_id(account, name),
            identity,
            boundary: boundary.into_iter().collect(),
            trust,
        }
    }
}

/// An assumed-role session: the credentials a service or reader uses.
#[derive(Debug, Clone)]
pub struct Session {
    /// Role index.
    pub role: u16,
    /// Session name (for Lambda, the function name).
    pub name: String,
    /// `arn:aws:sts::<account>:assumed-role/<role>/<session>`.
    pub arn: Arc<str>,
    /// Temporary access key id (`ASIA…`), from the seeded RNG.
    pub access_key_id: String,
    /// `AROA…:<session>` as CloudTrail's `principalId`.
    pub principal_id: String,
    /// Who assumed the role (a service principal) or `None` for a person/tool.
    pub assumed_by: Option<&'static str>,
    /// False while the role's trust policy refuses the service: the credentials were never
    /// issued, so nothing may be done with this session (the index exists only so the
    /// denied AssumeRole step can show its request).
    pub usable: bool,
}

/// IAM state.
#[derive(Debug, Clone, Default)]
pub struct Iam {
    /// Roles, in scenario order.
    pub roles: Vec<Role>,
    /// Sessions created so far.
    pub sessions: Vec<Session>,
}

fn role_id(account: &str, name: &str) -> String {
    const ALPHA: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let d = Sha256::digest(format!("role:{account}:{name}").as_bytes());
    let tail: String = d
        .iter()
        .take(17)
        .map(|b| ALPHA[(*b as usize) % ALPHA.len()] as char)
        .collect();
    format!("AROA{tail}")
}

impl Iam {
    /// Index of the role named `name`.
    pub fn role_index(&self, name: &str) -> Option<u16> {
        self.roles
            .iter()
            .position(|r| r.name == name)
            .map(|i| i as u16)
    }

    /// The session with this index.
    pub fn session(&self, id: u16) -> Option<&Session> {
        self.sessions.get(id as usize)
    }

    /// Whether a session's credentials were issued (false after a denied AssumeRole).
    pub fn session_usable(&self, id: u16) -> bool {
        self.sessions.get(id as usize).is_some_and(|s| s.usable)
    }

    /// The ARN of a session (empty when unknown).
    pub fn session_arn(&self, id: u16) -> Arc<str> {
        self.sessions
            .get(id as usize)
            .map(|s| s.arn.clone())
            .unwrap_or_else(|| Arc::from(""))
    }

    /// Creates a session for `role` named `name`.
    pub fn add_session(
        &mut self,
        account: &str,
        role: u16,
        name: &str,
        access_key_id: String,
        assumed_by: Option<&'static str>,
    ) -> u16 {
        let (role_name, rid) = self
            .roles
            .get(role as usize)
            .map(|r| (r.name.clone(), r.role_id.clone()))
            .unwrap_or_default();
        // A session belongs to its role's account (a role may be in another account).
        let own = self
            .roles
            .get(role as usize)
            .and_then(|r| crate::policy::arn_account(&r.arn))
            .map(str::to_string);
        let account = own.as_deref().unwrap_or(account);
        self.sessions.push(Session {
            role,
            name: name.to_string(),
            arn: Arc::from(format!(
                "arn:aws:sts::{account}:assumed-role/{role_name}/{name}"
            )),
            access_key_id,
            principal_id: format!("{rid}:{name}"),
            assumed_by,
            usable: true,
        });
        (self.sessions.len() - 1) as u16
    }
}

impl crate::cloud::Cloud {
    /// STS `AssumeRole` by a service principal (or a person, `service = None`), checked
    /// against the role's trust policy. Writes the step and returns the session. A denied
    /// AssumeRole still yields a session index (so the step can show its request), marked
    /// not usable: callers check [`Iam::session_usable`] before acting with it.
    pub fn sts_assume_role(
        &mut self,
        actor: Arc<str>,
        role: u16,
        session_name: &str,
        service: Option<&'static str>,
    ) -> u16 {
        const ALPHA: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let access_key = format!("ASIA{}", self.rng.token(ALPHA, 16));
        let account = self.account.clone();
        let session = self
            .iam
            .add_session(&account, role, session_name, access_key, service);
        self.assume_role_step(actor, session, role, service);
        session
    }

    /// A service trying again to assume the role of a session whose AssumeRole was denied
    /// (services retry; the session index is reused so retries do not pile up sessions).
    /// Returns whether the session is usable now.
    pub fn sts_retry_assume_role(&mut self, actor: Arc<str>, session: u16) -> bool {
        let Some(s) = self.iam.sessions.get(session as usize) else {
            return false;
        };
        if s.usable {
            return true;
        }
        let (role, service) = (s.role, s.assumed_by);
        self.assume_role_step(actor, session, role, service);
        self.iam.session_usable(session)
    }

    fn assume_role_step(
        &mut self,
        actor: Arc<str>,
        session: u16,
        role: u16,
        service: Option<&'static str>,
    ) {
        use crate::cloud::{Action, AuthReq, Principal, Resource};
        use crate::runtime::trace::{Step, StepDetail};
        let caller: Arc<str> = match service {
            Some(s) => Arc::from(s),
            None => self.admin_arn.clone(),
        };
        let mut step = Step::new(self.now, actor, "sts", "AssumeRole", caller);
        step.detail = StepDetail::AssumeRole { session };
        let mut usable = true;
        if let Some(s) = service {
            let auth = AuthReq::direct(
                Principal::Service(s),
                Action::StsAssumeRole,
                Resource::Role(role),
            );
            step.auth = Some(auth);
            if let Err(m) = self.authorize(auth) {
                usable = false;
                crate::cloud::errors::AwsError::modelled(
                    "AccessDenied",
                    m,
                    crate::runtime::notes::Note::ServiceAssumeRole,
                )
                .fail(&mut step);
            }
        }
        if let Some(s) = self.iam.sessions.get_mut(session as usize) {
            s.usable = usable;
        }
        self.trace.push(step);
    }
}
