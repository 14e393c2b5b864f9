//! Where a problem is in the uploaded templates, and what it is, in English and Japanese:
//! every import error and notice names the file, line, column and template path
//! (`Resources.KinesisDataStream.Properties.StreamEncryption.KeyId`).

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::Text;

/// A position in one of the uploaded files: the file's index in the upload, line and
/// column (both 1-based, columns in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord)]
pub struct Mark {
    /// Index of the file in the upload.
    pub file: u16,
    /// Line, 1-based.
    pub line: u32,
    /// Column, 1-based.
    pub col: u32,
}

/// A problem before file names are known: where (mark and template path) and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Fail {
    /// Where in the files.
    pub mark: Mark,
    /// Template path, e.g. `Resources.Key.Properties.KeyPolicy`.
    pub path: String,
    /// Why, in both languages.
    pub text: Text,
}

impl Fail {
    /// A problem at `mark` / `path`.
    pub fn new(
        mark: Mark,
        path: impl Into<String>,
        en: impl Into<Cow<'static, str>>,
        ja: impl Into<Cow<'static, str>>,
    ) -> Fail {
        Fail::with_text(mark, path, Text::new(en, ja))
    }

    /// A problem at `mark` / `path` whose text is already made.
    pub fn with_text(mark: Mark, path: impl Into<String>, text: Text) -> Fail {
        Fail {
            mark,
            path: path.into(),
            text,
        }
    }

    /// Names the file (`files[mark.file]`).
    pub fn locate(self, files: &[String]) -> CfnError {
        CfnError {
            file: file_name(files, self.mark.file),
            line: self.mark.line,
            column: self.mark.col,
            path: self.path,
            message: self.text,
        }
    }
}

pub(crate) fn file_name(files: &[String], i: u16) -> String {
    files.get(i as usize).cloned().unwrap_or_default()
}

/// An import error: file, line, column, template path, and the explanation in English and
/// Japanese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CfnError {
    /// File name as uploaded.
    pub file: String,
    /// Line, 1-based (0 when the problem is not inside one file, e.g. no file given).
    pub line: u32,
    /// Column, 1-based.
    pub column: u32,
    /// Template path (`Resources.X.Properties.Y`), or empty for the file itself.
    pub path: String,
    /// Why, in both languages.
    pub message: Text,
}

impl CfnError {
    /// `file:line:column: path: why` in both languages (what the UI and the CLI show).
    pub fn located(&self) -> Text {
        Text::new(
            format!("{}{}", self.place("en"), self.message.en()),
            format!("{}{}", self.place("ja"), self.message.get("ja")),
        )
    }

    fn place(&self, lang: &str) -> String {
        let mut out = self.file.clone();
        if self.line > 0 {
            out = if lang == "ja" {
                format!("{out} (行 {}、列 {})", self.line, self.column)
            } else {
                format!("{out}:{}:{}", self.line, self.column)
            };
        }
        if !self.path.is_empty() {
            out = format!("{out} {}", self.path);
        }
        if out.is_empty() {
            out
        } else {
            format!("{out}: ")
        }
    }
}

impl fmt::Display for CfnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.located().en())
    }
}

impl std::error::Error for CfnError {}

/// What a notice tells the learner about the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// A value the template does not say, filled with a default the learner can edit.
    Default,
    /// A resource (or a reference) the simulator does not model.
    NotSimulated,
    /// A property of a mapped resource that the simulation does not use.
    Ignored,
}

impl NoticeKind {
    /// The heading of this kind of notice, in both languages.
    pub fn title(self) -> Text {
        match self {
            NoticeKind::Default => Text::new("Defaults", "デフォルト値"),
            NoticeKind::NotSimulated => Text::new("Not simulated", "シミュレートされないもの"),
            NoticeKind::Ignored => Text::new("Ignored", "無視される設定"),
        }
    }
}

/// One thing the learner should know about an import, located like an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// Default, not simulated or ignored.
    pub kind: NoticeKind,
    /// File name.
    pub file: String,
    /// Line (1-based).
    pub line: u32,
    /// Column (1-based).
    pub column: u32,
    /// Template path.
    pub path: String,
    /// What, in both languages.
    pub message: Text,
}

impl Notice {
    /// `file:line:column path: what` in both languages.
    pub fn located(&self) -> Text {
        CfnError {
            file: self.file.clone(),
            line: self.line,
            column: self.column,
            path: self.path.clone(),
            message: self.message.clone(),
        }
        .located()
    }
}

/// A notice before file names are known.
#[derive(Debug, Clone, PartialEq)]
pub struct RawNotice {
    /// Kind.
    pub kind: NoticeKind,
    /// Where and what.
    pub at: Fail,
    /// The stack it was found in (named in the notice when one file makes several stacks).
    pub stack: Option<String>,
}

impl RawNotice {
    /// A notice of `kind` at `at`, its stack not yet known.
    pub fn new(kind: NoticeKind, at: Fail) -> RawNotice {
        RawNotice {
            kind,
            at,
            stack: None,
        }
    }

    /// Tags the notices in `list` found in file `file` with the stack `name`.
    pub fn tag(list: &mut [RawNotice], file: u16, name: &str) {
        for n in list
            .iter_mut()
            .filter(|n| n.stack.is_none() && n.at.mark.file == file)
        {
            n.stack = Some(name.to_string());
        }
    }

    /// Names the stack in the text (for a file several stacks are made from).
    pub fn name_stack(mut self) -> RawNotice {
        if let Some(s) = &self.stack {
            let t = &self.at.text;
            self.at.text = Text::new(
                format!("stack {s}: {}", t.en()),
                format!("スタック {s}: {}", t.ja()),
            );
        }
        self
    }

    /// Names the file.
    pub fn locate(self, files: &[String]) -> Notice {
        let e = self.at.locate(files);
        Notice {
            kind: self.kind,
            file: e.file,
            line: e.line,
            column: e.column,
            path: e.path,
            message: e.message,
        }
    }
}
