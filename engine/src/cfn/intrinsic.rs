//! Intrinsic functions and pseudo parameters, evaluated as CloudFormation does when it
//! creates a stack: `Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`,
//! `Fn::FindInMap`, `Fn::If`, `Fn::ImportValue`, `Fn::Base64`, `Fn::GetAZs`, and the
//! condition functions in `Conditions`. The result is the same tree without functions;
//! values keep the position of the function that produced them, so a problem found later
//! still points at the template. `AWS::NoValue` removes the property (`None`).

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};

use super::error::{Fail, Mark};
use super::limits;
use super::yaml::{Entry, Node, V};
use crate::text::Text;

/// A parameter's value: a string, or a list (`CommaDelimitedList`, `List<…>`).
#[derive(Debug, Clone, PartialEq)]
pub enum PVal {
    /// One string.
    Str(String),
    /// A list of strings.
    List(Vec<String>),
}

/// What `Ref` and `Fn::GetAtt` give for a created resource.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ident {
    /// `Ref`.
    pub reference: String,
    /// `Fn::GetAtt` by attribute name (`Arn`, `Outputs.Name`, …).
    pub attrs: BTreeMap<String, String>,
    /// When the type is not simulated: any attribute resolves to a placeholder.
    pub placeholder: bool,
}

/// A resource as the functions of its stack see it.
#[derive(Debug, Clone, PartialEq)]
pub enum ResState {
    /// Declared but not evaluated yet (only possible for a reference the dependency
    /// order missed, which would be a bug) .
    Pending,
    /// Its `Condition` is false: the stack does not create it.
    Skipped(String),
    /// Created.
    Ready(Ident),
}

/// One stack's names: pseudo parameters, parameters, conditions, mappings, resources.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// `AWS::StackName`.
    pub stack_name: String,
    /// `AWS::StackId`.
    pub stack_id: String,
    /// `AWS::AccountId`.
    pub account: String,
    /// `AWS::Region`.
    pub region: String,
    /// Parameters with their values.
    pub params: BTreeMap<String, PVal>,
    /// Conditions, evaluated.
    pub conditions: BTreeMap<String, bool>,
    /// The `Mappings` section.
    pub mappings: Option<Node>,
    /// Resources by logical id.
    pub resources: BTreeMap<String, ResState>,
}

impl Scope {
    /// `AWS::Partition` for the region.
    pub fn partition(&self) -> &'static str {
        partition(&self.region)
    }

    fn pseudo(&self, name: &str) -> Option<PVal> {
        let s = |v: &str| Some(PVal::Str(v.to_string()));
        match name {
            "AWS::AccountId" => s(&self.account),
            "AWS::Region" => s(&self.region),
            "AWS::Partition" => s(self.partition()),
            "AWS::StackName" => s(&self.stack_name),
            "AWS::StackId" => s(&self.stack_id),
            "AWS::URLSuffix" => s(url_suffix(&self.region)),
            "AWS::NotificationARNs" => Some(PVal::List(vec![])),
            _ => None,
        }
    }
}

/// The partition of a region (`aws`, `aws-cn`, `aws-us-gov`).
/// The key of an export: its account and name (exports are per account and Region, so an
/// import finds only its own account's).
pub fn export_key(account: &str, name: &str) -> String {
    format!("{account} {name}")
}

pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// The domain suffix of a region.
pub fn url_suffix(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    }
}

/// What a function's argument is, named in its errors (both languages).
const DELIMITER: Text = Text::lit("the delimiter", "区切り文字");
const SPLIT_SOURCE: Text = Text::lit("the string to split", "分割する文字列");
pub const EXPORT_NAME: Text = Text::lit("the export name", "エクスポート名");
const BASE64_VALUE: Text = Text::lit("Fn::Base64's value", "Fn::Base64 の値");
const REGION: Text = Text::lit("the region", "リージョン");
const ATTRIBUTE: Text = Text::lit("the attribute name", "属性名");
const SUB_VARIABLE: Text = Text::lit("a Fn::Sub variable", "Fn::Sub の変数");
const JOIN_VALUES: Text = Text::lit("the values to join", "結合する値");
const INDEX: Text = Text::lit("the index", "インデックス");
const MAP_NAME: Text = Text::lit("the map name", "マップ名");
const TOP_KEY: Text = Text::lit("the top-level key", "トップレベルのキー");
const SECOND_KEY: Text = Text::lit("the second-level key", "第 2 レベルのキー");

/// The arguments a function takes, named in its errors.
const SPLIT_ARGS: Text = Text::lit("[delimiter, string]", "[区切り文字, 文字列]");
const IF_ARGS: Text = Text::lit(
    "[condition name, value if true, value if false]",
    "[条件名, true のときの値, false のときの値]",
);
const REF_ARGS: Text = Text::lit(
    "the name of a parameter, a resource or a pseudo parameter",
    "パラメータ、リソース、擬似パラメータの名前",
);
const GETATT_ARGS: Text = Text::lit(
    "[resource, attribute] or \"Resource.Attribute\"",
    "[リソース, 属性] または \"リソース.属性\"",
);
const SUB_ARGS: Text = Text::lit(
    "a string, or [string, {variable: value}]",
    "文字列、または [文字列, {変数: 値}]",
);
const JOIN_ARGS: Text = Text::lit("[delimiter, [values]]", "[区切り文字, [値]]");
const SELECT_ARGS: Text = Text::lit("[index, [values]]", "[インデックス, [値]]");
const FINDINMAP_ARGS: Text = Text::lit(
    "[map name, top-level key, second-level key]",
    "[マップ名, トップレベルのキー, 第 2 レベルのキー]",
);

/// The evaluator of one stack's functions.
pub struct Eval<'a> {
    /// The stack.
    pub scope: &'a Scope,
    /// Exports of every stack evaluated so far (`Fn::ImportValue`).
    pub exports: &'a BTreeMap<String, String>,
    /// Bytes the whole import may still produce.
    pub budget: &'a Cell<usize>,
    /// Set when `Fn::ImportValue` names an export no stack has made yet (another uploaded
    /// stack may still make it).
    pub missing_import: &'a RefCell<Option<String>>,
}

fn fail(
    at: Mark,
    path: &str,
    en: impl Into<Cow<'static, str>>,
    ja: impl Into<Cow<'static, str>>,
) -> Fail {
    Fail::new(at, path, en, ja)
}

fn args_error(at: Mark, path: &str, f: &str, shape: &Text) -> Fail {
    fail(
        at,
        path,
        format!("{f} takes {}", shape.en()),
        format!("{f} の引数は {} です", shape.ja()),
    )
}

/// The `N` arguments of a function written as a list (`[a, b]`).
fn args<'n, const N: usize>(
    arg: &'n Node,
    at: Mark,
    path: &str,
    f: &str,
    shape: &Text,
) -> Result<&'n [Node; N], Fail> {
    match &arg.v {
        V::Seq(items) => {
            <&[Node; N]>::try_from(items.as_slice()).map_err(|_| args_error(at, path, f, shape))
        }
        _ => Err(args_error(at, path, f, shape)),
    }
}

impl Eval<'_> {
    fn charge(&self, at: Mark, path: &str, bytes: usize) -> Result<(), Fail> {
        let left = self.budget.get();
        if bytes > left {
            return Err(fail(
                at,
                path,
                format!(
                    "the functions of these templates produce more than {} bytes",
                    limits::EVAL_BYTES
                ),
                format!(
                    "これらのテンプレートの関数が生成するデータが {} バイトを超えています",
                    limits::EVAL_BYTES
                ),
            ));
        }
        self.budget.set(left - bytes);
        Ok(())
    }

    /// Evaluates every function in `n` (a property value). `None` is `AWS::NoValue`.
    pub fn eval(&self, n: &Node, path: &str) -> Result<Option<Node>, Fail> {
        if let Some((f, arg)) = n.intrinsic().filter(|(f, _)| *f != "Condition") {
            return self.function(f, arg, n.mark, path);
        }
        self.charge(n.mark, path, 8)?;
        Ok(Some(match &n.v {
            V::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for e in entries {
                    let p = format!("{path}.{}", e.key);
                    self.charge(e.mark, &p, e.key.len())?;
                    if let Some(value) = self.eval(&e.value, &p)? {
                        out.push(Entry {
                            key: e.key.clone(),
                            mark: e.mark,
                            value,
                        });
                    }
                }
                Node::new(n.mark, V::Map(out))
            }
            V::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    if let Some(v) = self.eval(item, &format!("{path}[{i}]"))? {
                        out.push(v);
                    }
                }
                Node::new(n.mark, V::Seq(out))
            }
            V::Str(s) => {
                self.charge(n.mark, path, s.len())?;
                n.clone()
            }
            _ => n.clone(),
        }))
    }

    /// Evaluates to a string (numbers and booleans become their text).
    pub fn string(&self, n: &Node, path: &str, what: &Text) -> Result<String, Fail> {
        match self.eval(n, path)? {
            Some(v) => v.scalar_text().ok_or_else(|| {
                fail(
                    n.mark,
                    path,
                    format!("{} must be a string", what.en()),
                    format!("{}は文字列にしてください", what.ja()),
                )
            }),
            None => Err(fail(
                n.mark,
                path,
                format!("{} cannot be AWS::NoValue", what.en()),
                format!("{}に AWS::NoValue は使用できません", what.ja()),
            )),
        }
    }

    /// Evaluates to a list of strings.
    fn list(&self, n: &Node, path: &str, what: &Text) -> Result<Vec<String>, Fail> {
        let v = self.eval(n, path)?;
        match v.as_ref().map(|v| &v.v) {
            Some(V::Seq(items)) => items
                .iter()
                .map(|i| {
                    i.scalar_text().ok_or_else(|| {
                        fail(
                            i.mark,
                            path,
                            format!("{} must be a list of strings", what.en()),
                            format!("{}は文字列のリストにしてください", what.ja()),
                        )
                    })
                })
                .collect(),
            _ => Err(fail(
                n.mark,
                path,
                format!("{} must be a list", what.en()),
                format!("{}はリストにしてください", what.ja()),
            )),
        }
    }

    fn function(&self, f: &str, arg: &Node, at: Mark, path: &str) -> Result<Option<Node>, Fail> {
        let p = format!("{path}.{f}");
        let path = p.as_str();
        let s = |v: String| Ok(Some(Node::str(at, v)));
        match f {
            "Ref" => self.reference(arg, at, path),
            "Fn::GetAtt" => s(self.get_att(arg, at, path)?),
            "Fn::Sub" => s(self.sub(arg, at, path)?),
            "Fn::Join" => s(self.join(arg, at, path)?),
            "Fn::Select" => self.select(arg, at, path).map(Some),
            "Fn::Split" => {
                let [d, src] = args::<2>(arg, at, path, f, &SPLIT_ARGS)?;
                let d = self.string(d, path, &DELIMITER)?;
                let src = self.string(src, path, &SPLIT_SOURCE)?;
                if d.is_empty() {
                    return Err(fail(at, path, "Fn::Split needs a delimiter that is not empty", "Fn::Split の区切り文字は空にできません"));
                }
                let parts: Vec<Node> = src.split(d.as_str()).map(|x| Node::str(at, x)).collect();
                self.charge(at, path, src.len() + parts.len() * 8)?;
                Ok(Some(Node::new(at, V::Seq(parts))))
            }
            "Fn::FindInMap" => self.find_in_map(arg, at, path).map(Some),
            "Fn::If" => {
                let [c, yes, no] = args::<3>(arg, at, path, f, &IF_ARGS)?;
                if self.named_condition(c, path)? {
                    self.eval(yes, &format!("{path}[1]"))
                } else {
                    self.eval(no, &format!("{path}[2]"))
                }
            }
            "Fn::ImportValue" => {
                let name = self.string(arg, path, &EXPORT_NAME)?;
                match self.exports.get(&export_key(&self.scope.account, &name)) {
                    Some(v) => s(v.clone()),
                    None => {
                        *self.missing_import.borrow_mut() = Some(name.clone());
                        Err(fail(
                            at,
                            path,
                            format!("no uploaded stack exports {name:?}: add the template whose Outputs export it"),
                            format!("{name:?} をエクスポートするスタックがアップロードされていません。Outputs でこれをエクスポートしているテンプレートを追加してください"),
                        ))
                    }
                }
            }
            "Fn::Base64" => {
                use base64::Engine;
                let v = self.string(arg, path, &BASE64_VALUE)?;
                s(base64::engine::general_purpose::STANDARD.encode(v))
            }
            "Fn::GetAZs" => {
                // An empty value (`!GetAZs` alone, `""`) is the stack's Region.
                let r = match arg.v {
                    V::Null => String::new(),
                    _ => self.string(arg, path, &REGION)?,
                };
                let r = if r.is_empty() { self.scope.region.clone() } else { r };
                let azs = ["a", "b", "c"].iter().map(|z| Node::str(at, format!("{r}{z}"))).collect();
                Ok(Some(Node::new(at, V::Seq(azs))))
            }
            "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" => Err(fail(
                at,
                path,
                format!("{f} belongs in the Conditions section; use Fn::If with a condition name here"),
                format!("{f} は Conditions セクションで使用します。ここでは条件名を指定した Fn::If を使用してください"),
            )),
            "Fn::Cidr" | "Fn::Transform" | "Fn::Length" | "Fn::ToJsonString" | "Fn::ForEach" => Err(fail(
                at,
                path,
                format!("{f} is not supported by the importer"),
                format!("{f} はインポートでサポートされていません"),
            )),
            other => Err(fail(
                at,
                path,
                format!("unknown intrinsic function {other}"),
                format!("不明な組み込み関数 {other} です"),
            )),
        }
    }

    fn reference(&self, arg: &Node, at: Mark, path: &str) -> Result<Option<Node>, Fail> {
        let Some(name) = arg.as_str() else {
            return Err(args_error(at, path, "Ref", &REF_ARGS));
        };
        if name == "AWS::NoValue" {
            return Ok(None);
        }
        Ok(Some(match self.value(name, at, path)? {
            PVal::Str(s) => Node::str(at, s),
            PVal::List(l) => Node::new(
                at,
                V::Seq(l.into_iter().map(|x| Node::str(at, x)).collect()),
            ),
        }))
    }

    /// What `Ref name` gives.
    fn value(&self, name: &str, at: Mark, path: &str) -> Result<PVal, Fail> {
        if let Some(v) = self.scope.pseudo(name) {
            return Ok(v);
        }
        if let Some(v) = self.scope.params.get(name) {
            return Ok(v.clone());
        }
        match self.resource(name, at, path)? {
            Some(ident) => Ok(PVal::Str(ident.reference.clone())),
            None => Err(fail(
                at,
                path,
                format!("no parameter, resource or pseudo parameter named {name:?}"),
                format!("{name:?} という名前のパラメータ、リソース、擬似パラメータはありません"),
            )),
        }
    }

    fn resource(&self, name: &str, at: Mark, path: &str) -> Result<Option<&Ident>, Fail> {
        match self.scope.resources.get(name) {
            None => Ok(None),
            Some(ResState::Ready(i)) => Ok(Some(i)),
            Some(ResState::Skipped(cond)) => Err(fail(
                at,
                path,
                format!("resource {name} is not created: its condition {cond} is false"),
                format!("リソース {name} は作成されません (条件 {cond} が false です)"),
            )),
            Some(ResState::Pending) => Err(fail(
                at,
                path,
                format!("resource {name} is referenced before it is created"),
                format!("リソース {name} が作成される前に参照されています"),
            )),
        }
    }

    fn get_att(&self, arg: &Node, at: Mark, path: &str) -> Result<String, Fail> {
        let shape = &GETATT_ARGS;
        let (res, attr) = match &arg.v {
            V::Str(s) => match s.split_once('.') {
                Some((r, a)) => (r.to_string(), a.to_string()),
                None => return Err(args_error(at, path, "Fn::GetAtt", shape)),
            },
            V::Seq(items) => match items.as_slice() {
                [r, a] => match r.as_str() {
                    Some(r) => (r.to_string(), self.string(a, path, &ATTRIBUTE)?),
                    None => return Err(args_error(at, path, "Fn::GetAtt", shape)),
                },
                _ => return Err(args_error(at, path, "Fn::GetAtt", shape)),
            },
            _ => return Err(args_error(at, path, "Fn::GetAtt", shape)),
        };
        self.attribute(&res, &attr, at, path)
    }

    fn attribute(&self, res: &str, attr: &str, at: Mark, path: &str) -> Result<String, Fail> {
        let Some(ident) = self.resource(res, at, path)? else {
            return Err(fail(
                at,
                path,
                format!("Fn::GetAtt names {res}, which is not a resource of this template"),
                format!("Fn::GetAtt で指定された {res} はこのテンプレートのリソースではありません"),
            ));
        };
        if let Some(v) = ident.attrs.get(attr) {
            return Ok(v.clone());
        }
        if ident.placeholder {
            return Ok(format!("{}.{attr}", ident.reference));
        }
        let known: Vec<&str> = ident.attrs.keys().map(String::as_str).collect();
        Err(fail(
            at,
            path,
            format!(
                "{res} has no attribute {attr:?} (it has: {})",
                known.join(", ")
            ),
            format!(
                "{res} に属性 {attr:?} はありません (使用できる属性: {})",
                known.join(", ")
            ),
        ))
    }

    fn sub(&self, arg: &Node, at: Mark, path: &str) -> Result<String, Fail> {
        let shape = || args_error(at, path, "Fn::Sub", &SUB_ARGS);
        let (text, vars) = match &arg.v {
            V::Str(s) => (s.clone(), BTreeMap::new()),
            V::Seq(items) => {
                let [t, m] = items.as_slice() else {
                    return Err(shape());
                };
                let (Some(t), Some(entries)) = (t.as_str(), m.entries()) else {
                    return Err(shape());
                };
                let mut vars = BTreeMap::new();
                for e in entries {
                    let p = format!("{path}[1].{}", e.key);
                    vars.insert(e.key.clone(), self.string(&e.value, &p, &SUB_VARIABLE)?);
                }
                (t.to_string(), vars)
            }
            _ => return Err(shape()),
        };
        let mut out = String::new();
        for piece in sub_pieces(&text) {
            match piece {
                SubPiece::Text(t) => out.push_str(t),
                SubPiece::Var(v) => {
                    let value = if let Some(x) = vars.get(v) {
                        x.clone()
                    } else if let Some((r, a)) =
                        v.split_once('.').filter(|_| self.scope.pseudo(v).is_none())
                    {
                        self.attribute(r, a, at, path)?
                    } else {
                        match self.value(v, at, path)? {
                            PVal::Str(s) => s,
                            PVal::List(_) => {
                                return Err(fail(
                                    at,
                                    path,
                                    format!("${{{v}}} is a list; Fn::Sub can only insert strings (use Fn::Join)"),
                                    format!("${{{v}}} はリストです。Fn::Sub で埋め込めるのは文字列のみです (Fn::Join を使用してください)"),
                                ))
                            }
                        }
                    };
                    out.push_str(&value);
                }
                SubPiece::Unclosed => {
                    return Err(fail(
                        at,
                        path,
                        "Fn::Sub has a ${ without its closing }",
                        "Fn::Sub に閉じる } のない ${ があります",
                    ))
                }
            }
            self.charge(at, path, 0)?;
        }
        self.charge(at, path, out.len())?;
        Ok(out)
    }

    fn join(&self, arg: &Node, at: Mark, path: &str) -> Result<String, Fail> {
        let shape = &JOIN_ARGS;
        let [d, items] = args::<2>(arg, at, path, "Fn::Join", shape)?;
        let d = self.string(d, path, &DELIMITER)?;
        let items = self.list(items, path, &JOIN_VALUES)?;
        let len = items.iter().map(String::len).sum::<usize>() + d.len() * items.len();
        self.charge(at, path, len)?;
        Ok(items.join(&d))
    }

    fn select(&self, arg: &Node, at: Mark, path: &str) -> Result<Node, Fail> {
        let shape = &SELECT_ARGS;
        let [i, items] = args::<2>(arg, at, path, "Fn::Select", shape)?;
        let index = self.string(i, path, &INDEX)?;
        let Ok(index) = index.parse::<usize>() else {
            return Err(fail(
                at,
                path,
                format!("the index {index:?} is not a number ≥ 0"),
                format!("インデックス {index:?} は 0 以上の数値ではありません"),
            ));
        };
        let list = self.eval(items, path)?;
        match list.map(|l| l.v) {
            Some(V::Seq(mut l)) => {
                if index >= l.len() {
                    return Err(fail(
                        at,
                        path,
                        format!(
                            "index {index} is out of range: the list has {} values",
                            l.len()
                        ),
                        format!(
                            "インデックス {index} が範囲外です (リストの値は {} 個です)",
                            l.len()
                        ),
                    ));
                }
                Ok(l.swap_remove(index))
            }
            _ => Err(args_error(at, path, "Fn::Select", shape)),
        }
    }

    fn find_in_map(&self, arg: &Node, at: Mark, path: &str) -> Result<Node, Fail> {
        let shape = &FINDINMAP_ARGS;
        let [m, k1, k2] = args::<3>(arg, at, path, "Fn::FindInMap", shape)?;
        let m = self.string(m, path, &MAP_NAME)?;
        let k1 = self.string(k1, path, &TOP_KEY)?;
        let k2 = self.string(k2, path, &SECOND_KEY)?;
        let found = self
            .scope
            .mappings
            .as_ref()
            .and_then(|x| x.get(&m))
            .and_then(|x| x.get(&k1))
            .and_then(|x| x.get(&k2));
        match found {
            Some(v) => Ok(Node::new(at, v.v.clone())),
            None => Err(fail(
                at,
                path,
                format!("Mappings has no {m} → {k1} → {k2}"),
                format!("Mappings に {m} → {k1} → {k2} がありません"),
            )),
        }
    }

    fn named_condition(&self, c: &Node, path: &str) -> Result<bool, Fail> {
        let Some(name) = c.as_str() else {
            return Err(fail(
                c.mark,
                path,
                "a condition is named by a string",
                "条件は名前 (文字列) で指定します",
            ));
        };
        self.scope.conditions.get(name).copied().ok_or_else(|| {
            fail(
                c.mark,
                path,
                format!("no condition named {name:?} in Conditions"),
                format!("Conditions に {name:?} という条件はありません"),
            )
        })
    }
}

/// A piece of a `Fn::Sub` string.
#[derive(Debug, PartialEq)]
pub enum SubPiece<'a> {
    /// Literal text (`${!X}` already turned into `${X}`).
    Text(&'a str),
    /// `${Name}` or `${Resource.Attribute}`.
    Var(&'a str),
    /// A `${` that is never closed.
    Unclosed,
}

/// Splits a `Fn::Sub` string into literal text and variables.
pub fn sub_pieces(s: &str) -> Vec<SubPiece<'_>> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        out.push(SubPiece::Text(&rest[..i]));
        let after = &rest[i + 2..];
        if let Some(lit) = after.strip_prefix('!') {
            out.push(SubPiece::Text("${"));
            rest = lit;
            continue;
        }
        match after.find('}') {
            Some(j) => {
                out.push(SubPiece::Var(after[..j].trim()));
                rest = &after[j + 1..];
            }
            None => {
                out.push(SubPiece::Unclosed);
                return out;
            }
        }
    }
    out.push(SubPiece::Text(rest));
    out
}

/// The names a value refers to (`Ref`, `Fn::GetAtt`, `${…}` in `Fn::Sub`), for ordering
/// resources. Names that are not resources are filtered out by the caller.
pub fn references(n: &Node, out: &mut BTreeSet<String>) {
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        if let Some((f, arg)) = n.intrinsic() {
            match (f, &arg.v) {
                ("Ref", V::Str(s)) => {
                    out.insert(s.clone());
                }
                ("Fn::GetAtt", V::Str(s)) => {
                    out.insert(s.split('.').next().unwrap_or_default().to_string());
                }
                ("Fn::GetAtt", V::Seq(items)) => {
                    if let Some(r) = items.first().and_then(Node::as_str) {
                        out.insert(r.to_string());
                    }
                }
                ("Fn::Sub", _) => {
                    let text = match &arg.v {
                        V::Str(s) => Some(s.as_str()),
                        V::Seq(items) => items.first().and_then(Node::as_str),
                        _ => None,
                    };
                    for p in sub_pieces(text.unwrap_or_default()) {
                        if let SubPiece::Var(v) = p {
                            out.insert(v.split('.').next().unwrap_or_default().to_string());
                        }
                    }
                }
                _ => {}
            }
        }
        match &n.v {
            V::Map(entries) => stack.extend(entries.iter().map(|e| &e.value)),
            V::Seq(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_pieces_handle_literals_and_unclosed() {
        assert_eq!(
            sub_pieces("a${X}b${!Lit}c${Y.Arn}"),
            vec![
                SubPiece::Text("a"),
                SubPiece::Var("X"),
                SubPiece::Text("b"),
                SubPiece::Text("${"),
                SubPiece::Text("Lit}c"),
                SubPiece::Var("Y.Arn"),
                SubPiece::Text("")
            ]
        );
        assert_eq!(sub_pieces("x${y").last(), Some(&SubPiece::Unclosed));
    }
}
