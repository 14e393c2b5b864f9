//! The `Parameters` section: each parameter's value from what the learner (or the parent
//! stack) passes, else its `Default`, checked against `Type`, `AllowedValues`,
//! `MinLength`/`MaxLength` and `MinValue`/`MaxValue` as CloudFormation checks them.

use std::collections::BTreeMap;

use super::error::{Fail, Mark, NoticeKind, RawNotice};
use super::intrinsic::PVal;
use super::yaml::{Node, V};
use crate::text::Text;

/// A value passed for a parameter, and where it was written (for errors).
#[derive(Debug, Clone)]
pub struct Given {
    /// The value.
    pub value: String,
    /// Where it comes from (the parent's `Parameters` entry; the template start for the
    /// command line or the dialog).
    pub mark: Mark,
    /// Its path (`Resources.KMSStack.Properties.Parameters.Prefix`), or a description.
    pub path: String,
}

/// Resolves every parameter of `section`. Values in `given` that the section does not
/// declare are errors (as in CloudFormation) when `strict`.
pub fn resolve(
    section: Option<&Node>,
    given: &BTreeMap<String, Given>,
    strict: bool,
    notices: &mut Vec<RawNotice>,
) -> Result<BTreeMap<String, PVal>, Fail> {
    let empty = Vec::new();
    let entries = match section {
        None => &empty,
        Some(n) => match &n.v {
            V::Map(e) => e,
            _ => {
                return Err(Fail::new(
                    n.mark,
                    "Parameters",
                    "Parameters must be a mapping of parameter names to declarations",
                    "Parameters はパラメータ名と宣言のマッピングにしてください",
                ))
            }
        },
    };
    super::stack::logical_ids(entries, "Parameters", "parameter", "パラメータ")?;
    if strict {
        for (name, g) in given {
            if !entries.iter().any(|e| &e.key == name) {
                return Err(Fail::new(
                    g.mark,
                    g.path.clone(),
                    format!("the template declares no parameter {name:?}"),
                    format!("テンプレートにパラメータ {name:?} は宣言されていません"),
                ));
            }
        }
    }
    let mut out = BTreeMap::new();
    for e in entries {
        let path = format!("Parameters.{}", e.key);
        let v = one(&e.key, &e.value, given.get(&e.key), &path, strict, notices)?;
        out.insert(e.key.clone(), v);
    }
    Ok(out)
}

fn one(
    name: &str,
    decl: &Node,
    given: Option<&Given>,
    path: &str,
    nested: bool,
    notices: &mut Vec<RawNotice>,
) -> Result<PVal, Fail> {
    let at = decl.mark;
    let err = |en: String, ja: String| Fail::new(at, path, en, ja);
    let ty = decl.get("Type").and_then(Node::as_str).ok_or_else(|| {
        err(
            format!("parameter {name} needs a Type (String, Number, CommaDelimitedList, …)"),
            format!(
                "パラメータ {name} には Type (String、Number、CommaDelimitedList など) が必要です"
            ),
        )
    })?;
    let ssm = ty.starts_with("AWS::SSM::Parameter::Value<");
    let default = default_text(name, ty, decl.get("Default"), path)?;
    let value = match (given, default) {
        (Some(g), _) => g.value.clone(),
        (None, Some(_)) if ssm => {
            return Err(err(
                format!("parameter {name} reads its value from Systems Manager Parameter Store, which is not simulated: pass its value (--param {name}=VALUE)"),
                format!("パラメータ {name} の値は Systems Manager Parameter Store から読み込まれますが、これはシミュレートされません。値を指定してください (--param {name}=値)"),
            ))
        }
        (None, Some(d)) => d,
        (None, None) if nested => {
            return Err(err(
                format!("parameter {name} has no Default and the parent stack passes no value for it: add {name} to the Parameters of the parent's AWS::CloudFormation::Stack, or a Default here"),
                format!("パラメータ {name} には Default がなく、親スタックも値を渡していません。親の AWS::CloudFormation::Stack の Parameters に {name} を追加するか、ここに Default を追加してください"),
            ))
        }
        (None, None) => {
            return Err(err(
                format!("parameter {name} has no Default and no value was given: give its value (in the import dialog's Parameters, or --param {name}=VALUE on the command line), or add a Default to the template"),
                format!("パラメータ {name} には Default がなく、値も指定されていません。値を指定してください (インポートダイアログのパラメータ、またはコマンドラインの --param {name}=値)。テンプレートに Default を追加することもできます"),
            ))
        }
    };
    let list = ty == "CommaDelimitedList" || ty.starts_with("List<");
    let items: Vec<String> = if list {
        value.split(',').map(|s| s.trim().to_string()).collect()
    } else {
        vec![value.clone()]
    };
    let number = ty == "Number" || ty == "List<Number>";
    for item in &items {
        check(name, decl, item, number, &err)?;
    }
    if decl.get("AllowedPattern").is_some() {
        notices.push(RawNotice::new(
            NoticeKind::Ignored,
            Fail::new(
                at,
                format!("{path}.AllowedPattern"),
                format!("AllowedPattern of parameter {name} is not checked"),
                format!("パラメータ {name} の AllowedPattern はチェックされません"),
            ),
        ));
    }
    Ok(if list {
        PVal::List(items)
    } else {
        PVal::Str(value)
    })
}

/// The `Default` as text. CloudFormation refuses a template whose `Default` is a list, a
/// mapping or a function ("Template format error: Every Default member must be a string.",
/// its ValidationError as users report it): a list parameter's Default is one string of
/// comma-separated values, and a Default cannot refer to anything.
fn default_text(
    name: &str,
    ty: &str,
    d: Option<&Node>,
    path: &str,
) -> Result<Option<String>, Fail> {
    let Some(d) = d else { return Ok(None) };
    if matches!(d.v, V::Null) {
        return Ok(None);
    }
    if let Some(t) = d.scalar_text() {
        return Ok(Some(t));
    }
    let what = match (&d.v, d.intrinsic()) {
        (_, Some((f, _))) => Text::new(format!("the function {f}"), format!("関数 {f}")),
        (V::Seq(_), _) => Text::new("a list", "リスト"),
        _ => Text::new("a mapping", "マッピング"),
    };
    let list = ty == "CommaDelimitedList" || ty.starts_with("List<");
    let hint = if list {
        Text::new(
            "write the values as one comma-separated string (Default: \"a,b\")",
            "値はカンマ区切りの 1 つの文字列で書いてください (Default: \"a,b\")",
        )
    } else {
        Text::new(
            "write the value itself as a string (Default: \"my-bucket\")",
            "値そのものを文字列で書いてください (Default: \"my-bucket\")",
        )
    };
    Err(Fail::new(
        d.mark,
        format!("{path}.Default"),
        format!("the Default of {ty} parameter {name} is {}, but CloudFormation requires a string (\"Template format error: Every Default member must be a string.\"): {}", what.en(), hint.en()),
        format!("{ty} パラメータ {name} の Default が{}ですが、CloudFormation では文字列でなければなりません (\"Template format error: Every Default member must be a string.\")。{}", what.ja(), hint.ja()),
    ))
}

fn check(
    name: &str,
    decl: &Node,
    v: &str,
    number: bool,
    err: &dyn Fn(String, String) -> Fail,
) -> Result<(), Fail> {
    let num = |k: &str| {
        decl.get(k)
            .and_then(Node::scalar_text)
            .and_then(|s| s.parse::<f64>().ok())
    };
    if number {
        let Ok(x) = v.parse::<f64>() else {
            return Err(err(
                format!("parameter {name} is a Number but its value {v:?} is not a number"),
                format!("パラメータ {name} は Number ですが、値 {v:?} は数値ではありません"),
            ));
        };
        if num("MinValue").is_some_and(|m| x < m) || num("MaxValue").is_some_and(|m| x > m) {
            return Err(err(
                format!("parameter {name}: {v} is outside MinValue/MaxValue"),
                format!("パラメータ {name}: {v} は MinValue/MaxValue の範囲外です"),
            ));
        }
    }
    let len = v.chars().count() as f64;
    if num("MinLength").is_some_and(|m| len < m) || num("MaxLength").is_some_and(|m| len > m) {
        return Err(err(
            format!("parameter {name}: {v:?} is shorter than MinLength or longer than MaxLength"),
            format!("パラメータ {name}: {v:?} の長さが MinLength/MaxLength の範囲外です"),
        ));
    }
    if let Some(V::Seq(allowed)) = decl.get("AllowedValues").map(|n| &n.v) {
        let allowed: Vec<String> = allowed.iter().filter_map(Node::scalar_text).collect();
        if !allowed.iter().any(|a| a == v) {
            return Err(err(
                format!(
                    "parameter {name}: {v:?} is not one of AllowedValues ({})",
                    allowed.join(", ")
                ),
                format!(
                    "パラメータ {name}: {v:?} は AllowedValues ({}) のいずれでもありません",
                    allowed.join(", ")
                ),
            ));
        }
    }
    Ok(())
}
