//! Wildcard matching with `*` (any run of characters, including none) and `?` (exactly one
//! character), as IAM uses in Action, Resource and the `…Like` condition operators.
//!
//! Patterns are compiled once to a list of [`Glob`] pieces so that `*` coming from a policy
//! variable escape (`${*}`) or from a variable's value stays a literal character.
//!
//! Matching takes time linear in the pattern and the text when the pattern has no `?` (and at
//! most text × segment length with `?`): policies and request values are user input, and a
//! long pattern must not stall the page.

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
    /// The pieces cut at each `*`: see [`segments_match`].
    General(Vec<Segment>),
    /// `*`.
    Any,
    /// No wildcard: plain comparison.
    #[default]
    Empty,
    Exact(String),
    /// `text*`.
    Prefix(String),
}

/// The pieces between two `*`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Segment {
    pieces: Vec<Piece>,
    /// The segment as text when it has no `?` (searched for with the standard library's
    /// linear substring search).
    text: Option<String>,
}

impl Glob {
    /// Compiles `pattern`, treating `*` and `?` as wildcards.
    pub fn new(pattern: &str) -> Self {
        Self::from_pieces(pattern_pieces(pattern).collect())
    }

    /// Builds a glob from pieces.
    pub fn from_pieces(pieces: Vec<Piece>) -> Self {
        let mut g = Glob {
            pieces,
            shape: Shape::Empty,
        };
        g.reshape();
        g
    }

    /// Appends text in which `*` and `?` are wildcards. Each call recomputes the fast form:
    /// to build from many parts, collect pieces ([`pattern_pieces`], [`literal_pieces`]) and
    /// call [`Glob::from_pieces`] once.
    pub fn push_pattern(&mut self, text: &str) {
        self.pieces.extend(pattern_pieces(text));
        self.reshape();
    }

    /// Appends text matched literally (wildcard characters included); see
    /// [`Glob::push_pattern`].
    pub fn push_literal(&mut self, text: &str) {
        self.pieces.extend(literal_pieces(text));
        self.reshape();
    }

    fn reshape(&mut self) {
        self.shape = match self.pieces.as_slice() {
            [] => Shape::Empty,
            [Piece::Star] => Shape::Any,
            [head @ .., Piece::Star] => literal(head).map_or_else(|| self.general(), Shape::Prefix),
            all => literal(all).map_or_else(|| self.general(), Shape::Exact),
        };
    }

    fn general(&self) -> Shape {
        Shape::General(
            self.pieces
                .split(|p| *p == Piece::Star)
                .map(|seg| Segment {
                    pieces: seg.to_vec(),
                    text: literal(seg),
                })
                .collect(),
        )
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
    #[inline]
    pub fn matches(&self, text: &str) -> bool {
        match &self.shape {
            Shape::Any => true,
            Shape::Empty => text.is_empty(),
            Shape::Exact(s) => s == text,
            Shape::Prefix(p) => text.starts_with(p.as_str()),
            Shape::General(segments) => segments_match(segments, text, true, &mut 0),
        }
    }

    /// Match ignoring ASCII case (action names).
    #[inline]
    pub fn matches_ignore_ascii_case(&self, text: &str) -> bool {
        match &self.shape {
            Shape::Any => true,
            Shape::Empty => text.is_empty(),
            Shape::Exact(s) => s.eq_ignore_ascii_case(text),
            Shape::Prefix(p) => text
                .get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p)),
            Shape::General(segments) => segments_match(segments, text, false, &mut 0),
        }
    }

    /// Matching that also counts the characters compared, so a test can bound the work.
    #[doc(hidden)]
    pub fn matches_counted(&self, text: &str, exact_case: bool, steps: &mut usize) -> bool {
        match &self.shape {
            Shape::General(segments) => segments_match(segments, text, exact_case, steps),
            _ if exact_case => self.matches(text),
            _ => self.matches_ignore_ascii_case(text),
        }
    }
}

/// The pieces of text in which `*` and `?` are wildcards.
pub fn pattern_pieces(text: &str) -> impl Iterator<Item = Piece> + '_ {
    text.chars().map(|c| match c {
        '*' => Piece::Star,
        '?' => Piece::One,
        c => Piece::Char(c),
    })
}

/// The pieces of text matched literally.
pub fn literal_pieces(text: &str) -> impl Iterator<Item = Piece> + '_ {
    text.chars().map(Piece::Char)
}

/// The pieces as text when all are characters.
fn literal(ps: &[Piece]) -> Option<String> {
    ps.iter()
        .map(|p| match p {
            Piece::Char(c) => Some(*c),
            _ => None,
        })
        .collect()
}

fn char_eq(exact_case: bool) -> impl Fn(char, char) -> bool + Copy {
    move |a, b| {
        if exact_case {
            a == b
        } else {
            a.eq_ignore_ascii_case(&b)
        }
    }
}

/// Matches a pattern cut at its `*` into `segments` against the whole `text`. The first
/// segment must match the start of the text, the last one its end, and each middle segment
/// is taken at its leftmost place after the previous one: the leftmost place never loses a
/// match, because what follows can still use all the text after it. Every segment is
/// searched for once, so no text is scanned again for each `*`.
fn segments_match(segments: &[Segment], text: &str, exact_case: bool, steps: &mut usize) -> bool {
    let eq = char_eq(exact_case);
    let Some((first, after_first)) = segments.split_first() else {
        return text.is_empty();
    };
    let Some(mut rest) = match_at(&first.pieces, text, eq, steps) else {
        return false;
    };
    // No `*`: the one segment must cover the whole text.
    let Some((last, middle)) = after_first.split_last() else {
        return rest.is_empty();
    };
    for seg in middle {
        match find(seg, rest, exact_case, steps) {
            Some(after) => rest = after,
            None => return false,
        }
    }
    ends_with(&last.pieces, rest, eq, steps)
}

/// Matches `seg` (no `*`) at the start of `text`; returns the text after it.
fn match_at<'t>(
    seg: &[Piece],
    text: &'t str,
    eq: impl Fn(char, char) -> bool,
    steps: &mut usize,
) -> Option<&'t str> {
    let mut chars = text.chars();
    for p in seg {
        *steps += 1;
        let c = chars.next()?;
        if let Piece::Char(pc) = p {
            if !eq(*pc, c) {
                return None;
            }
        }
    }
    Some(chars.as_str())
}

/// Finds the leftmost place of `seg` in `text`; returns the text after it.
fn find<'t>(seg: &Segment, text: &'t str, exact_case: bool, steps: &mut usize) -> Option<&'t str> {
    if let (Some(lit), true) = (&seg.text, exact_case) {
        let at = text.find(lit.as_str());
        *steps += at.map_or(text.len(), |a| a + lit.len());
        return text.get(at? + lit.len()..);
    }
    let eq = char_eq(exact_case);
    let mut start = text;
    loop {
        if let Some(after) = match_at(&seg.pieces, start, eq, steps) {
            return Some(after);
        }
        let mut it = start.chars();
        it.next()?;
        start = it.as_str();
    }
}

/// Matches `seg` (no `*`) at the end of `text`.
fn ends_with(
    seg: &[Piece],
    text: &str,
    eq: impl Fn(char, char) -> bool,
    steps: &mut usize,
) -> bool {
    let mut chars = text.chars().rev();
    for p in seg.iter().rev() {
        *steps += 1;
        let Some(c) = chars.next() else { return false };
        if let Piece::Char(pc) = p {
            if !eq(*pc, c) {
                return false;
            }
        }
    }
    true
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

    /// The textbook dynamic-programming matcher, as the reference.
    fn reference(pat: &str, text: &str) -> bool {
        let p: Vec<char> = pat.chars().collect();
        let t: Vec<char> = text.chars().collect();
        let mut row = vec![false; t.len() + 1];
        row[0] = true;
        for pc in &p {
            let mut next = vec![false; t.len() + 1];
            if *pc == '*' {
                next[0] = row[0];
            }
            for j in 1..=t.len() {
                next[j] = match pc {
                    '*' => next[j - 1] || row[j],
                    '?' => row[j - 1],
                    c => row[j - 1] && *c == t[j - 1],
                };
            }
            row = next;
        }
        row[t.len()]
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_reference(pat in "[ab*?]{0,12}", text in "[ab]{0,12}") {
            proptest::prop_assert_eq!(Glob::new(&pat).matches(&text), reference(&pat, &text));
            let upper = text.to_ascii_uppercase();
            proptest::prop_assert_eq!(
                Glob::new(&pat).matches_ignore_ascii_case(&upper),
                reference(&pat, &text)
            );
        }
    }

    /// Star-heavy patterns made backtracking quadratic (about 10^10 comparisons here); the
    /// segment matcher compares each character a bounded number of times.
    #[test]
    fn long_patterns_match_in_linear_steps() {
        let n = 100_000;
        let text = "a".repeat(n);
        let cases = [
            (format!("{}*b", "*a".repeat(n / 2)), false),
            (format!("{}*a", "*a".repeat(n / 2 - 1)), true),
            (format!("a{}", "*?".repeat(n / 2 - 1)), true),
        ];
        for (pat, want) in cases {
            let g = Glob::new(&pat);
            for exact_case in [true, false] {
                let mut steps = 0;
                assert_eq!(g.matches_counted(&text, exact_case, &mut steps), want);
                assert!(
                    steps <= 4 * (pat.len() + text.len()),
                    "{steps} steps for {} + {} characters",
                    pat.len(),
                    text.len()
                );
            }
        }
    }
}
