//! Wildcard matching with `*` (any run of characters, including none) and `?` (exactly one
//! character), as IAM uses in Action, Resource and the `…Like` condition operators.
//!
//! Patterns are compiled once to a list of [`Glob`] pieces so that `*` coming from a policy
//! variable escape (`${*}`) or from a variable's value stays a literal character.

/// One piece of a compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Char(char),
    Star,
    One,
}

/// A compiled wildcard pattern.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Glob {
    pub pieces: Vec<Piece>,
    /// A fast form for the common shapes (computed from `pieces`).
    shape: Shape,
}

/// Common pattern shapes matched without the general algorithm.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
enum Shape {
    /// No fast form.
    #[default]
    General,
    /// `*`.
    Any,
    /// No wildcard: plain comparison.
    Exact(String),
    /// `text*`.
    Prefix(String),
}

impl Glob {
    /// Compiles `pattern`, treating `*` and `?` as wildcards.
    pub fn new(pattern: &str) -> Self {
        let mut g = Glob::default();
        g.push_pattern(pattern);
        g
    }

    /// Builds a glob from pieces.
    pub fn from_pieces(pieces: Vec<Piece>) -> Self {
        let mut g = Glob {
            pieces,
            shape: Shape::General,
        };
        g.reshape();
        g
    }

    /// Appends text in which `*` and `?` are wildcards.
    pub fn push_pattern(&mut self, text: &str) {
        self.pieces.extend(text.chars().map(|c| match c {
            '*' => Piece::Star,
            '?' => Piece::One,
            c => Piece::Char(c),
        }));
        self.reshape();
    }

    /// Appends text matched literally (wildcard characters included).
    pub fn push_literal(&mut self, text: &str) {
        self.pieces.extend(text.chars().map(Piece::Char));
        self.reshape();
    }

    fn reshape(&mut self) {
        let literal = |ps: &[Piece]| -> Option<String> {
            ps.iter()
                .map(|p| match p {
                    Piece::Char(c) => Some(*c),
                    _ => None,
                })
                .collect()
        };
        self.shape = match self.pieces.as_slice() {
            [Piece::Star] => Shape::Any,
            [head @ .., Piece::Star] => literal(head).map_or(Shape::General, Shape::Prefix),
            all => literal(all).map_or(Shape::General, Shape::Exact),
        };
    }

    /// True when the pattern is exactly `*`.
    pub fn is_star(&self) -> bool {
        matches!(self.pieces.as_slice(), [Piece::Star])
    }

    /// True when the pattern has any wildcard.
    pub fn has_wildcard(&self) -> bool {
        self.pieces.iter().any(|p| !matches!(p, Piece::Char(_)))
    }

    /// Case-sensitive match of the whole `text`.
    pub fn matches(&self, text: &str) -> bool {
        match &self.shape {
            Shape::Any => true,
            Shape::Exact(s) => s == text,
            Shape::Prefix(p) => text.starts_with(p.as_str()),
            Shape::General => glob_match(&self.pieces, text, |a, b| a == b),
        }
    }

    /// Match ignoring ASCII case (action names).
    pub fn matches_ignore_ascii_case(&self, text: &str) -> bool {
        match &self.shape {
            Shape::Any => true,
            Shape::Exact(s) => s.eq_ignore_ascii_case(text),
            Shape::Prefix(p) => text
                .get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p)),
            Shape::General => glob_match(&self.pieces, text, |a, b| a.eq_ignore_ascii_case(&b)),
        }
    }
}

/// Iterative glob match with single-star backtracking: linear in practice, never recursive.
fn glob_match(pat: &[Piece], text: &str, eq: impl Fn(char, char) -> bool) -> bool {
    let mut p = 0usize;
    let mut t = 0usize; // byte offset, always on a char boundary
    let mut star: Option<(usize, usize)> = None;
    loop {
        let c = text.get(t..).and_then(|s| s.chars().next());
        let Some(c) = c else { break };
        match pat.get(p) {
            Some(Piece::Char(pc)) if eq(*pc, c) => {
                p += 1;
                t += c.len_utf8();
                continue;
            }
            Some(Piece::One) => {
                p += 1;
                t += c.len_utf8();
                continue;
            }
            Some(Piece::Star) => {
                star = Some((p, t));
                p += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, st)) => {
                let skipped = text.get(st..).and_then(|s| s.chars().next());
                let Some(sc) = skipped else { return false };
                let nt = st + sc.len_utf8();
                star = Some((sp, nt));
                p = sp + 1;
                t = nt;
            }
            None => return false,
        }
    }
    while matches!(pat.get(p), Some(Piece::Star)) {
        p += 1;
    }
    p == pat.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basics() {
        assert!(Glob::new("kms:GenerateDataKey*").matches("kms:GenerateDataKeyWithoutPlaintext"));
        assert!(Glob::new("kms:GenerateDataKey*").matches("kms:GenerateDataKey"));
        assert!(Glob::new("a?c").matches("abc"));
        assert!(!Glob::new("a?c").matches("ac"));
        assert!(Glob::new("*").matches(""));
        assert!(Glob::new("*b*b").matches("abxbb"));
        assert!(!Glob::new("kms:decrypt").matches("kms:Decrypt"));
        assert!(Glob::new("kms:decrypt").matches_ignore_ascii_case("kms:Decrypt"));
        assert!(Glob::new("日*").matches("日本"));
        let mut lit = Glob::default();
        lit.push_literal("a*");
        assert!(lit.matches("a*") && !lit.matches("ab"));
        assert!(Glob::new("kms:gen*").matches_ignore_ascii_case("KMS:GenerateDataKey"));
        assert!(!Glob::new("kms:gen*").matches_ignore_ascii_case("km"));
        assert!(Glob::new("日本*").matches_ignore_ascii_case("日本語"));
        assert!(!Glob::new("日本*").matches_ignore_ascii_case("日"));
    }
}
