//! Reading a created resource's properties: typed getters that fail with the property's
//! location, and the list of properties the mapping used (every other one becomes an
//! "ignored" notice).

use std::borrow::Cow;
use std::cell::RefCell;

use serde_json::Value;

use super::error::{Fail, Mark, NoticeKind, RawNotice};
use super::stack::Res;
use super::yaml::{Node, V};

/// A resource's properties, remembering which ones the mapping read.
pub struct Props<'a> {
    /// The resource.
    pub res: &'a Res,
    used: RefCell<Vec<&'static str>>,
}

impl<'a> Props<'a> {
    /// The properties of `res`.
    pub fn new(res: &'a Res) -> Props<'a> {
        Props {
            res,
            used: RefCell::new(Vec::new()),
        }
    }

    /// `Resources.X.Properties.<k>`.
    pub fn path(&self, k: &str) -> String {
        format!("{}.Properties.{k}", self.res.path)
    }

    /// A problem with property `k` (at the property, or the resource when absent).
    pub fn fail(
        &self,
        k: &str,
        en: impl Into<Cow<'static, str>>,
        ja: impl Into<Cow<'static, str>>,
    ) -> Fail {
        let at = self
            .res
            .props
            .get(k)
            .map(|n| n.mark)
            .unwrap_or(self.res.mark);
        Fail::new(at, self.path(k), en, ja)
    }

    /// Property `k`, marked as used.
    pub fn get(&self, k: &'static str) -> Option<&'a Node> {
        self.used.borrow_mut().push(k);
        self.res.props.get(k)
    }

    /// Property `k` as a string.
    pub fn str(&self, k: &'static str) -> Result<Option<String>, Fail> {
        match self.get(k) {
            None => Ok(None),
            Some(n) => n.scalar_text().map(Some).ok_or_else(|| {
                self.fail(
                    k,
                    format!("{k} must be a string"),
                    format!("{k} は文字列にしてください"),
                )
            }),
        }
    }

    /// Property `k` as a string; absent is an error.
    pub fn required(&self, k: &'static str) -> Result<String, Fail> {
        self.str(k)?.ok_or_else(|| {
            self.fail(
                k,
                format!("{} needs the property {k}", self.res.logical),
                format!("{} にはプロパティ {k} が必要です", self.res.logical),
            )
        })
    }

    /// Property `k` as a whole number (a string of digits too, as CloudFormation takes it).
    pub fn int(&self, k: &'static str) -> Result<Option<u32>, Fail> {
        int_at(self.get(k), || {
            self.fail(
                k,
                format!("{k} must be a whole number"),
                format!("{k} は整数にしてください"),
            )
        })
    }

    /// Property `k` as a boolean (`true`/`"true"`).
    pub fn bool(&self, k: &'static str) -> Result<Option<bool>, Fail> {
        bool_at(self.get(k), || {
            self.fail(
                k,
                format!("{k} must be true or false"),
                format!("{k} は true または false にしてください"),
            )
        })
    }

    /// Property `k` as a JSON document (an object, or a string holding JSON).
    pub fn json(&self, k: &'static str) -> Result<Option<Value>, Fail> {
        match self.get(k) {
            None => Ok(None),
            Some(n) => json_doc(n, &self.path(k)).map(Some),
        }
    }

    /// Notices for every property present that the mapping did not read.
    pub fn ignored(&self, notices: &mut Vec<RawNotice>) {
        let used = self.used.borrow();
        for e in self.res.props.entries().unwrap_or_default() {
            if !used.contains(&e.key.as_str()) {
                ignored(
                    notices,
                    e.mark,
                    self.path(&e.key),
                    &self.res.logical,
                    &e.key,
                );
            }
        }
        for (k, at) in &self.res.extras {
            ignored(
                notices,
                *at,
                format!("{}.{k}", self.res.path),
                &self.res.logical,
                k,
            );
        }
    }
}

/// An "ignored" notice for `what` of resource `logical`.
pub fn ignored(notices: &mut Vec<RawNotice>, at: Mark, path: String, logical: &str, what: &str) {
    notices.push(RawNotice::new(
        NoticeKind::Ignored,
        Fail::new(
            at,
            path,
            format!("{logical}: {what} is not simulated and is ignored"),
            format!("{logical}: {what} はシミュレートされないため無視されます"),
        ),
    ));
}

/// An "ignored" notice for each member of the mapping `node` (at template path `path`) that
/// is not in `used`: the parts of a property the simulation does not read are listed, never
/// dropped silently.
pub fn unread(notices: &mut Vec<RawNotice>, node: &Node, used: &[&str], path: &str, logical: &str) {
    for e in node.entries().unwrap_or_default() {
        if !used.contains(&e.key.as_str()) {
            ignored(
                notices,
                e.mark,
                format!("{path}.{}", e.key),
                logical,
                &e.key,
            );
        }
    }
}

/// A whole number from a node (number or digits).
pub fn int_at(n: Option<&Node>, fail: impl Fn() -> Fail) -> Result<Option<u32>, Fail> {
    match n.map(|n| &n.v) {
        None => Ok(None),
        Some(V::Int(i)) => u32::try_from(*i).map(Some).map_err(|_| fail()),
        Some(V::Str(s)) => s.trim().parse::<u32>().map(Some).map_err(|_| fail()),
        Some(_) => Err(fail()),
    }
}

/// A boolean from a node (`true` or `"true"`, any case as CloudFormation accepts).
pub fn bool_at(n: Option<&Node>, fail: impl Fn() -> Fail) -> Result<Option<bool>, Fail> {
    match n.map(|n| &n.v) {
        None => Ok(None),
        Some(V::Bool(b)) => Ok(Some(*b)),
        Some(V::Str(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(V::Str(s)) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(_) => Err(fail()),
    }
}

/// A policy (or other JSON) document: a mapping, or a string that holds JSON.
pub fn json_doc(n: &Node, path: &str) -> Result<Value, Fail> {
    match &n.v {
        V::Map(_) => Ok(n.to_json()),
        V::Str(s) => serde_json::from_str::<Value>(s).map_err(|e| {
            Fail::new(
                n.mark,
                path,
                format!("the document is a string that is not JSON: {e}"),
                format!("ドキュメントが JSON ではない文字列です: {e}"),
            )
        }),
        _ => Err(Fail::new(
            n.mark,
            path,
            "a policy document is a mapping (or a JSON string)",
            "ポリシードキュメントはマッピング (または JSON 文字列) です",
        )),
    }
}

/// A scenario value from JSON (the caller locates the error at the template value). Read
/// straight from the value: the web app runs the importer in a Wasm module of its own
/// (src/cfn_work.rs in the web crate), which then holds one deserializer of the scenario's
/// types, the one for `serde_json::Value`, and no serde_path_to_error (measured: smaller).
pub fn from_json<T: serde::de::DeserializeOwned>(v: &Value) -> Result<T, serde_json::Error> {
    T::deserialize(v)
}
