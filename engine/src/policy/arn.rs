//! ARNs: segment-by-segment wildcard matching (Resource, `Arn…` operators) and the parts
//! of a principal ARN (account, role, session, user).

use super::wildcard::{Glob, Piece};
use std::borrow::Cow;

/// A resource/ARN pattern split at its first five colons:
/// `arn`, partition, service, region, account, resource. Each segment is a wildcard pattern
/// that cannot match across a segment's colon; the resource segment may contain colons.
/// A pattern with fewer segments matches the rest of the ARN with its last segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArnGlob {
    pub segments: Vec<Glob>,
    /// The whole pattern when it has no wildcard (then matching is string equality).
    exact: Option<String>,
}

impl ArnGlob {
    pub fn new(pattern: &str) -> Self {
        Self::from_glob(Glob::new(pattern))
    }

    /// Splits a compiled glob at literal `:` characters (at most six segments).
    pub fn from_glob(g: Glob) -> Self {
        let is_arn = g.pieces.iter().take(4).eq([
            Piece::Char('a'),
            Piece::Char('r'),
            Piece::Char('n'),
            Piece::Char(':'),
        ]
        .iter());
        let exact: Option<String> = g
            .pieces
            .iter()
            .map(|p| match p {
                Piece::Char(c) => Some(*c),
                _ => None,
            })
            .collect();
        if !is_arn {
            return ArnGlob {
                segments: vec![g],
                exact,
            };
        }
        let mut segments = Vec::with_capacity(6);
        let mut cur = Vec::new();
        for p in g.pieces {
            if p == Piece::Char(':') && segments.len() < 5 {
                segments.push(Glob::from_pieces(std::mem::take(&mut cur)));
            } else {
                cur.push(p);
            }
        }
        segments.push(Glob::from_pieces(cur));
        ArnGlob { segments, exact }
    }

    /// True when the pattern is `*`.
    pub fn is_star(&self) -> bool {
        matches!(self.segments.as_slice(), [g] if g.is_star())
    }

    /// Case-sensitive match.
    pub fn matches(&self, arn: &str) -> bool {
        if let Some(e) = &self.exact {
            return e == arn;
        }
        let n = self.segments.len();
        if n <= 1 {
            return self.segments.first().is_some_and(|g| g.matches(arn));
        }
        let mut parts = split_n(arn, b':', n);
        for seg in &self.segments {
            match parts.next() {
                Some(p) if seg.matches(p) => {}
                _ => return false,
            }
        }
        true
    }
}

/// The parts of a principal as the engine needs them. Borrowed from the ARN string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrincipalInfo<'a> {
    pub arn: &'a str,
    pub partition: &'a str,
    pub account: Option<&'a str>,
    pub kind: PrincipalShape<'a>,
}

/// What kind of principal the request comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrincipalShape<'a> {
    /// `arn:aws:iam::ACCOUNT:root` or a bare account id.
    Root,
    /// `arn:aws:iam::ACCOUNT:user/path/name`.
    User { name: &'a str },
    /// `arn:aws:iam::ACCOUNT:role/path/name` (a role itself, not a session).
    Role { name: &'a str },
    /// `arn:aws:sts::ACCOUNT:assumed-role/role-name/session-name`.
    AssumedRole { role: &'a str, session: &'a str },
    /// `arn:aws:sts::ACCOUNT:federated-user/name`.
    FederatedUser { name: &'a str },
    /// `kinesis.amazonaws.com` and other service principals.
    Service,
    /// Anything else (canonical user ids, `*`, unknown text).
    Other,
}

impl<'a> PrincipalInfo<'a> {
    pub fn parse(principal: &'a str) -> Self {
        let other = PrincipalInfo {
            arn: principal,
            partition: "aws",
            account: None,
            kind: PrincipalShape::Other,
        };
        if is_account_id(principal) {
            return PrincipalInfo {
                account: Some(principal),
                kind: PrincipalShape::Root,
                ..other
            };
        }
        if !principal.starts_with("arn:") {
            if principal.ends_with(".amazonaws.com") || principal.ends_with(".amazonaws.com.cn") {
                return PrincipalInfo {
                    kind: PrincipalShape::Service,
                    ..other
                };
            }
            return other;
        }
        let Some(ArnParts {
            partition,
            service,
            account,
            resource,
            ..
        }) = split_arn(principal)
        else {
            return other;
        };
        let account = if account.is_empty() {
            None
        } else {
            Some(account)
        };
        let last = |r: &'a str| r.rsplit('/').next().unwrap_or(r);
        let kind = match service {
            "iam" if resource == "root" => PrincipalShape::Root,
            "iam" if resource.starts_with("user/") => PrincipalShape::User {
                name: last(resource),
            },
            "iam" if resource.starts_with("role/") => PrincipalShape::Role {
                name: last(resource),
            },
            "sts" if resource.starts_with("assumed-role/") => {
                let mut p = split_n(resource, b'/', 3);
                match (p.next(), p.next(), p.next()) {
                    (_, Some(role), Some(session)) => PrincipalShape::AssumedRole { role, session },
                    _ => PrincipalShape::Other,
                }
            }
            "sts" if resource.starts_with("federated-user/") => PrincipalShape::FederatedUser {
                name: last(resource),
            },
            _ => PrincipalShape::Other,
        };
        PrincipalInfo {
            arn: principal,
            partition,
            account,
            kind,
        }
    }

    /// `aws:PrincipalArn`: for a role session, the role's ARN (without path, which the
    /// session ARN does not carry).
    pub fn principal_arn(&self) -> Option<Cow<'a, str>> {
        match self.kind {
            PrincipalShape::AssumedRole { role, .. } => Some(Cow::Owned(format!(
                "arn:{}:iam::{}:role/{}",
                self.partition,
                self.account.unwrap_or_default(),
                role
            ))),
            PrincipalShape::Root if !self.arn.starts_with("arn:") => Some(Cow::Owned(format!(
                "arn:{}:iam::{}:root",
                self.partition,
                self.account.unwrap_or_default()
            ))),
            PrincipalShape::Service | PrincipalShape::Other => None,
            _ => Some(Cow::Borrowed(self.arn)),
        }
    }

    /// `aws:PrincipalType`.
    pub fn principal_type(&self) -> Option<&'static str> {
        match self.kind {
            PrincipalShape::Root => Some("Account"),
            PrincipalShape::User { .. } => Some("User"),
            PrincipalShape::Role { .. } | PrincipalShape::AssumedRole { .. } => Some("AssumedRole"),
            PrincipalShape::FederatedUser { .. } => Some("FederatedUser"),
            PrincipalShape::Service | PrincipalShape::Other => None,
        }
    }

    /// `aws:username` (IAM users only).
    pub fn user_name(&self) -> Option<&'a str> {
        match self.kind {
            PrincipalShape::User { name } => Some(name),
            _ => None,
        }
    }

    /// Whether a same-account resource-based policy that grants access to this caller's own
    /// ARN allows past an implicit deny in its permissions boundary: yes for IAM users and
    /// for role and federated user sessions, no for a role ARN (see [`super::principal`]).
    pub fn direct_grant_bypasses_boundary(&self) -> bool {
        matches!(
            self.kind,
            PrincipalShape::User { .. }
                | PrincipalShape::AssumedRole { .. }
                | PrincipalShape::FederatedUser { .. }
        )
    }

    /// An IAM user, a role or a role session: the principals a permissions boundary can be
    /// attached to (a session carries its role's).
    pub fn is_iam_entity(&self) -> bool {
        matches!(
            self.kind,
            PrincipalShape::User { .. }
                | PrincipalShape::Role { .. }
                | PrincipalShape::AssumedRole { .. }
        )
    }
}

/// Twelve ASCII digits.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// The six parts of an ARN: `arn:partition:service:region:account:resource` (the resource
/// part may contain colons).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ArnParts<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

/// Splits an ARN into its parts; `None` when it does not start with `arn:` or has fewer
/// than six parts.
pub(crate) fn split_arn(arn: &str) -> Option<ArnParts<'_>> {
    let mut it = split_n(arn, b':', 6);
    if it.next()? != "arn" {
        return None;
    }
    Some(ArnParts {
        partition: it.next()?,
        service: it.next()?,
        region: it.next()?,
        account: it.next()?,
        resource: it.next()?,
    })
}

/// `s.splitn(n, sep)` for an ASCII separator, scanning bytes: ARNs are split on every
/// evaluation, and for such short strings a byte loop is several times cheaper than the
/// general `char` searcher. (An ASCII byte never occurs inside a multi-byte character, so
/// every cut is on a character boundary.)
pub(crate) fn split_n(s: &str, sep: u8, n: usize) -> SplitN<'_> {
    SplitN {
        rest: Some(s),
        sep,
        left: n,
    }
}

/// See [`split_n`].
pub(crate) struct SplitN<'a> {
    rest: Option<&'a str>,
    sep: u8,
    left: usize,
}

impl<'a> Iterator for SplitN<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let rest = self.rest?;
        let cut = (self.left > 0)
            .then(|| rest.bytes().position(|b| b == self.sep))
            .flatten();
        match cut {
            Some(i) => {
                self.rest = rest.get(i + 1..);
                rest.get(..i)
            }
            None => self.rest.take(),
        }
    }
}

/// The account segment of an ARN, if it has one.
pub fn arn_account(arn: &str) -> Option<&str> {
    split_arn(arn).map(|p| p.account).filter(|a| !a.is_empty())
}

/// True for `arn:<partition>:kms:<region>:<account>:key/<id>`.
pub fn is_kms_key_arn(arn: &str) -> bool {
    split_arn(arn).is_some_and(|p| p.service == "kms" && p.resource.starts_with("key/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_segments() {
        let g = ArnGlob::new("arn:aws:kms:*:123456789012:key/*");
        assert!(g.matches("arn:aws:kms:ap-northeast-1:123456789012:key/abc"));
        assert!(!g.matches("arn:aws:kms:ap-northeast-1:210987654321:key/abc"));
        // `*` does not cross a segment boundary.
        assert!(!ArnGlob::new("arn:aws:*:123456789012:key/x")
            .matches("arn:aws:kms:r:123456789012:key/x"));
        assert!(ArnGlob::new("arn:aws:s3:::b/*").matches("arn:aws:s3:::b/a:b/c"));
        assert!(ArnGlob::new("*").matches("anything"));
        assert!(!ArnGlob::new("arn:aws:s3:::b").matches("arn:aws:s3:::b/x"));
    }

    #[test]
    fn split_n_is_splitn() {
        for s in [
            "arn:aws:s3:::b/a:b/c",
            "",
            ":",
            "a::",
            "日本:語:x",
            "no-colon",
            "a:b",
        ] {
            for n in 0..8 {
                let ours: Vec<&str> = split_n(s, b':', n).collect();
                let std: Vec<&str> = s.splitn(n, ':').collect();
                assert_eq!(ours, std, "{s:?} {n}");
            }
        }
    }

    #[test]
    fn principals() {
        let p = PrincipalInfo::parse("arn:aws:sts::123456789012:assumed-role/R/S");
        assert_eq!(p.account, Some("123456789012"));
        assert_eq!(
            p.principal_arn().as_deref(),
            Some("arn:aws:iam::123456789012:role/R")
        );
        assert_eq!(
            arn_account("arn:aws:kms:r:123456789012:key/x"),
            Some("123456789012")
        );
        assert_eq!(arn_account("arn:aws:s3:::b"), None);
        assert!(is_kms_key_arn("arn:aws:kms:r:123456789012:key/x"));
        assert!(!is_kms_key_arn("arn:aws:kms:r:123456789012:alias/x"));
    }
}
