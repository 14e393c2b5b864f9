//! Before/after comparison of policies, in the spirit of IAM Access Analyzer's
//! `CheckNoNewAccess`: does the changed world allow a request the old one did not, and does
//! it deny one the old one allowed?
//!
//! [`space::build`] derives a finite request space from the constants the documents
//! mention (see its module comment); [`compare`] evaluates every request of the space in
//! both worlds — skipping the principal/resource pairs whose policies the change does not
//! touch, which decide alike by construction — and returns the requests newly allowed and
//! newly denied. The answer is exhaustive over the space; when the changed part of the space
//! exceeds [`max_requests`] (a work budget: fewer requests for larger policies), requests are
//! taken at an even stride instead and [`Diff::sampled`] says so. [`words`] groups a
//! difference into plain sentences in English and Japanese ("any EventBridge rule in any
//! account", "every principal in 444455556666 via Kinesis").
//!
//! The fix pipeline (`policy::fix`) uses it to measure least privilege; the `check`
//! command ([`check`]) gives learners the same comparison on their own documents.

pub mod check;
pub mod space;
pub mod words;

use std::sync::Arc;

use super::fix::World;
use super::{evaluate, Context, ContextValue, Decision, Glob, NamedPolicy, PolicySet, Request};
pub use space::{Space, Subject, Tag, Target, TargetLabel, Who};

/// Requests evaluated per comparison at most (both worlds).
pub const MAX_REQUESTS: usize = 40_000;
/// Statement evaluations per comparison at most: a world of large policies gets fewer
/// requests, so 1 MB inputs stay bounded in time.
pub const WORK_BUDGET: usize = 1_000_000;

/// The request cap for a world: [`MAX_REQUESTS`], lowered so that requests × statements
/// stays within [`WORK_BUDGET`].
pub fn max_requests(world: &World) -> usize {
    let statements: usize = world
        .principals
        .iter()
        .flat_map(|p| p.identity.iter().chain(&p.boundary))
        .chain(world.resources.iter().filter_map(|r| r.policy.as_ref()))
        .chain(&world.scps)
        .map(|p| p.policy.statements.len())
        .sum();
    (WORK_BUDGET / statements.max(1)).clamp(200, MAX_REQUESTS)
}

/// One request of the space: subject, target, action class and one option per dimension.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Point {
    pub subject: usize,
    pub target: usize,
    pub class: usize,
    /// (dimension, option) pairs.
    pub opts: Vec<(usize, usize)>,
}

/// What a comparison found.
#[derive(Clone, Debug, Default)]
pub struct Diff {
    pub newly_allowed: Vec<Point>,
    pub newly_denied: Vec<Point>,
    /// Requests evaluated (each in both worlds).
    pub evaluated: usize,
    /// Requests whose policies the change touches.
    pub changed: usize,
    /// Requests were taken at a stride (or named values left out): not exhaustive.
    pub sampled: bool,
}

/// The denied request's class: what a least-privilege fix may newly allow.
#[derive(Clone, Debug)]
pub struct Class {
    /// The caller (index in the world).
    pub principal: usize,
    pub action: String,
    /// Resource patterns (the request's ARN, or the host's pattern of it).
    pub resources: Vec<Glob>,
    /// Per context key (lower case) the request sets: the value patterns it may take.
    pub context: Vec<(String, Vec<Glob>)>,
}

impl Class {
    /// The class of `req` by world principal `principal`: its action on its resource (or
    /// `resource_pattern`), with the context values it carries (or `context` patterns).
    pub fn of(
        req: &Request,
        principal: usize,
        resource_pattern: Option<&str>,
        context: &[(String, String)],
    ) -> Class {
        let mut resources = vec![exact(&req.resource)];
        if let Some(p) = resource_pattern {
            resources.push(Glob::new(p));
        }
        let mut ctx: Vec<(String, Vec<Glob>)> = Vec::new();
        for (k, v) in req.context.iter() {
            let lower = k.to_ascii_lowercase();
            let mut globs: Vec<Glob> = v.as_slice().iter().map(|v| exact(v)).collect();
            for (ck, pattern) in context {
                if ck.eq_ignore_ascii_case(k) {
                    globs.push(Glob::new(pattern));
                }
            }
            ctx.push((lower, globs));
        }
        Class {
            principal,
            action: req.action.clone(),
            resources,
            context: ctx,
        }
    }

    /// Whether a request of the space (with `action`) is in the class.
    pub fn holds(&self, space: &Space, p: &Point, action: &str) -> bool {
        let s = &space.subjects[p.subject];
        if s.world != Some(self.principal) || !action.eq_ignore_ascii_case(&self.action) {
            return false;
        }
        let t = &space.targets[p.target];
        if !self.resources.iter().any(|g| g.matches(&t.arn)) {
            return false;
        }
        // Only the keys the space varies count: the others are the request's own.
        let ctx = context_of(space, p);
        let varied = |k: &str| {
            space.dims.iter().any(|d| {
                d.key.eq_ignore_ascii_case(k)
                    || d.opts
                        .iter()
                        .any(|o| o.sets.iter().any(|(x, _)| x.eq_ignore_ascii_case(k)))
            })
        };
        self.context
            .iter()
            .filter(|(k, _)| varied(k))
            .all(|(k, globs)| {
                ctx.get_lower(k).is_some_and(|v| {
                    v.as_slice()
                        .iter()
                        .all(|x| globs.iter().any(|g| g.matches(x)))
                })
            })
    }
}

/// A glob matching only `v`.
fn exact(v: &str) -> Glob {
    let mut g = Glob::default();
    g.push_literal(v);
    g
}

/// The context of a point.
pub fn context_of(space: &Space, p: &Point) -> Context {
    let mut c = Context::new();
    for (d, o) in &p.opts {
        for (k, v) in &space.dims[*d].opts[*o].sets {
            c.insert(k.clone(), ContextValue::Single(v.clone()));
        }
    }
    c
}

/// The request of a point (its class's first action).
pub fn request_of(space: &Space, p: &Point) -> Request {
    let s = &space.subjects[p.subject];
    let t = &space.targets[p.target];
    let class = &space.actions[p.target][p.class];
    Request {
        principal: s.arn.clone(),
        action: class.actions[0].clone(),
        resource: t.arn.clone(),
        resource_account: t.account.clone(),
        context: context_of(space, p),
    }
}

/// The policies deciding a request by `s` on `t` in `w`.
pub fn policy_set<'a>(w: &'a World, s: &'a Subject, t: &'a Target) -> PolicySet<'a> {
    let mut set = match s.world {
        Some(i) => w.policy_set(i, None),
        None => PolicySet::new(&s.identity),
    };
    if !s.scps {
        set.scps = &[];
    } else if s.world.is_none() {
        set.scps = &w.scps;
    }
    match t.world.and_then(|r| w.resources.get(r)) {
        Some(r) => {
            set.resource = r.policy.as_ref();
            set.grants = &r.grants;
        }
        None => set.resource = t.own_policy.as_ref(),
    }
    set
}

fn same_list(a: &[NamedPolicy], b: &[NamedPolicy]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| Arc::ptr_eq(&x.policy, &y.policy))
}

/// The two sets hold the same documents (changes re-parse only what they change, so an
/// untouched document is the same allocation).
fn same(a: &PolicySet<'_>, b: &PolicySet<'_>) -> bool {
    let res = match (a.resource, b.resource) {
        (None, None) => true,
        (Some(x), Some(y)) => Arc::ptr_eq(&x.policy, &y.policy),
        _ => false,
    };
    res && same_list(a.identity, b.identity)
        && same_list(a.boundaries, b.boundaries)
        && same_list(a.scps, b.scps)
        && a.grants == b.grants
}

/// The number of option combinations of `dims`.
fn combos(space: &Space, dims: &[usize]) -> usize {
    dims.iter()
        .fold(1usize, |n, d| n.saturating_mul(space.dims[*d].opts.len()))
}

/// Combination `i` (mixed radix) of `dims`.
fn combo(space: &Space, dims: &[usize], mut i: usize) -> Vec<(usize, usize)> {
    dims.iter()
        .map(|d| {
            let n = space.dims[*d].opts.len();
            let o = i % n;
            i /= n;
            (*d, o)
        })
        .collect()
}

/// Compares `before` and `after` over `space`, evaluating at most `cap` requests.
pub fn compare(space: &Space, before: &World, after: &World, cap: usize) -> Diff {
    let mut cells = Vec::new();
    let mut changed = 0usize;
    for (si, s) in space.subjects.iter().enumerate() {
        for (ti, t) in space.targets.iter().enumerate() {
            if !same(&policy_set(before, s, t), &policy_set(after, s, t)) {
                for (ci, c) in space.actions[ti].iter().enumerate() {
                    let dims = space.dims_for(s, c);
                    let n = combos(space, &dims);
                    changed = changed.saturating_add(n);
                    cells.push((si, ti, ci, dims, n));
                }
            }
        }
    }
    let stride = changed.div_ceil(cap.max(1)).max(1);
    let mut diff = Diff {
        changed,
        sampled: stride > 1 || space.trimmed,
        ..Diff::default()
    };
    let mut global = 0usize;
    for (si, ti, ci, dims, n) in cells {
        let (s, t) = (&space.subjects[si], &space.targets[ti]);
        let (b, a) = (policy_set(before, s, t), policy_set(after, s, t));
        // The first combination of each cell whose index falls on the stride.
        let start = (stride - global % stride) % stride;
        global = global.saturating_add(n);
        let mut i = start;
        while i < n {
            let p = Point {
                subject: si,
                target: ti,
                class: ci,
                opts: combo(space, &dims, i),
            };
            let req = request_of(space, &p);
            let was = evaluate(&req, &b) == Decision::Allowed;
            let is = evaluate(&req, &a) == Decision::Allowed;
            diff.evaluated += 1;
            match (was, is) {
                (false, true) => diff.newly_allowed.push(p),
                (true, false) => diff.newly_denied.push(p),
                _ => {}
            }
            i += stride;
        }
    }
    diff
}

/// The newly allowed requests outside `class`, as (point, actions) pairs: a point's
/// actions other than the class's action are outside it.
pub fn outside<'a>(
    space: &'a Space,
    diff: &'a Diff,
    class: &Class,
) -> Vec<(&'a Point, Vec<&'a str>)> {
    diff.newly_allowed
        .iter()
        .filter_map(|p| {
            let actions: Vec<&str> = space.actions[p.target][p.class]
                .actions
                .iter()
                .map(String::as_str)
                .filter(|a| !class.holds(space, p, a))
                .collect();
            (!actions.is_empty()).then_some((p, actions))
        })
        .collect()
}

/// Every action of each point.
pub fn all_actions<'a>(space: &'a Space, points: &'a [Point]) -> Vec<(&'a Point, Vec<&'a str>)> {
    points
        .iter()
        .map(|p| {
            let actions = space.actions[p.target][p.class]
                .actions
                .iter()
                .map(String::as_str)
                .collect();
            (p, actions)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fix::{ResourceKind, WorldPrincipal, WorldResource};
    use crate::policy::{catalog, parse_policy};
    use serde_json::json;

    fn world(key_policy: serde_json::Value) -> World {
        let named = NamedPolicy::new("Key", parse_policy(&key_policy.to_string()).unwrap());
        World {
            account: "111122223333".into(),
            principals: vec![WorldPrincipal {
                arn: "arn:aws:sts::111122223333:assumed-role/App/s".into(),
                label: "App".into(),
                identity: vec![],
                identity_json: vec![],
                preferred_policy: None,
                boundary: vec![],
                boundary_json: None,
            }],
            resources: vec![WorldResource {
                arn: "arn:aws:kms:ap-northeast-1:111122223333:key/k".into(),
                kind: ResourceKind::KmsKey,
                label: "Key".into(),
                policy: Some(named),
                policy_json: Some(key_policy),
                grants: vec![],
                editable: true,
            }],
            ..World::default()
        }
    }

    fn key() -> serde_json::Value {
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*",
             "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}},
            {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "kms:Decrypt", "Resource": "*",
             "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:events:ap-northeast-1:111122223333:rule/A"}}}]})
    }

    #[test]
    fn derived_keys_are_not_varied_and_the_source_is_for_services_only() {
        let w = world(key());
        let s = space::build(&[&w], None);
        assert!(s
            .dims
            .iter()
            .all(|d| !d.key.eq_ignore_ascii_case("kms:CallerAccount")));
        let source = s
            .dims
            .iter()
            .find(|d| d.key == "aws:SourceArn")
            .expect("source");
        assert_eq!(source.scope, space::Scope::Services);
        assert!(s
            .subjects
            .iter()
            .any(|x| matches!(&x.who, Who::Service { name } if name == "events.amazonaws.com")));
        assert!(s
            .subjects
            .iter()
            .any(|x| matches!(x.who, Who::NoIam { .. })));
        assert!(s
            .subjects
            .iter()
            .any(|x| matches!(x.who, Who::Account { fresh: true, .. })));
    }

    #[test]
    fn a_wildcard_covers_every_catalog_action_once() {
        let w = world(key());
        let s = space::build(&[&w], None);
        let t = s.targets.iter().position(|t| t.world == Some(0)).unwrap();
        let mut all: Vec<&str> = s.actions[t]
            .iter()
            .flat_map(|c| c.actions.iter().map(String::as_str))
            .collect();
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n, "each action in one class");
        assert_eq!(n, catalog::service("kms").unwrap().actions.len());
    }

    #[test]
    fn an_untouched_world_costs_nothing_and_finds_nothing() {
        let w = world(key());
        let s = space::build(&[&w], None);
        let d = compare(&s, &w, &w.clone(), max_requests(&w));
        assert_eq!(d.evaluated, 0);
        assert!(d.newly_allowed.is_empty() && d.newly_denied.is_empty());
    }
}
