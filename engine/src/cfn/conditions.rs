//! The `Conditions` section: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not` and `Condition`
//! references, evaluated once per stack (a condition that refers to itself, directly or
//! through others, is an error naming the cycle).

use std::collections::BTreeMap;

use super::error::Fail;
use super::intrinsic::Eval;
use super::limits;
use super::yaml::{Node, V};
use crate::text::Text;

struct Conds<'a, 'b> {
    eval: &'a Eval<'b>,
    defs: BTreeMap<&'a str, &'a Node>,
    done: BTreeMap<String, bool>,
    visiting: Vec<String>,
}

/// Evaluates every condition of `section` (the `Conditions` mapping).
pub fn evaluate(section: &Node, eval: &Eval<'_>) -> Result<BTreeMap<String, bool>, Fail> {
    let Some(entries) = section.entries() else {
        return Err(Fail::new(
            section.mark,
            "Conditions",
            "Conditions must be a mapping of condition names to conditions",
            "Conditions は条件名と条件のマッピングにしてください",
        ));
    };
    if entries.len() > limits::CONDITIONS {
        return Err(Fail::new(
            section.mark,
            "Conditions",
            format!("more than {} conditions", limits::CONDITIONS),
            format!("条件が {} 個を超えています", limits::CONDITIONS),
        ));
    }
    let mut c = Conds {
        eval,
        defs: entries.iter().map(|e| (e.key.as_str(), &e.value)).collect(),
        done: BTreeMap::new(),
        visiting: Vec::new(),
    };
    for e in entries {
        c.named(&e.key, &e.value, "Conditions")?;
    }
    Ok(c.done)
}

impl Conds<'_, '_> {
    fn named(&mut self, name: &str, at: &Node, path: &str) -> Result<bool, Fail> {
        if let Some(v) = self.done.get(name) {
            return Ok(*v);
        }
        let Some(def) = self.defs.get(name).copied() else {
            return Err(Fail::new(
                at.mark,
                path,
                format!("no condition named {name:?} in Conditions"),
                format!("Conditions に {name:?} という条件はありません"),
            ));
        };
        if self.visiting.iter().any(|v| v == name) {
            let cycle = format!("{} → {name}", self.visiting.join(" → "));
            return Err(Fail::new(
                def.mark,
                format!("Conditions.{name}"),
                format!("conditions refer to each other in a circle: {cycle}"),
                format!("条件が循環して参照しています: {cycle}"),
            ));
        }
        self.visiting.push(name.to_string());
        let v = self.condition(def, &format!("Conditions.{name}"))?;
        self.visiting.pop();
        self.done.insert(name.to_string(), v);
        Ok(v)
    }

    fn condition(&mut self, n: &Node, path: &str) -> Result<bool, Fail> {
        let shape = |f: &str, s: Text| {
            Fail::new(
                n.mark,
                path,
                format!("{f} takes {}", s.en()),
                format!("{f} の引数は {} です", s.ja()),
            )
        };
        let Some((f, arg)) = n.intrinsic() else {
            return Err(Fail::new(
                n.mark,
                path,
                "a condition is Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition",
                "条件には Fn::Equals、Fn::And、Fn::Or、Fn::Not、Condition のいずれかを指定します",
            ));
        };
        let p = format!("{path}.{f}");
        match (f, &arg.v) {
            ("Condition", V::Str(name)) => self.named(name, arg, &p),
            ("Fn::Equals", V::Seq(items)) if items.len() == 2 => {
                let a = self.eval.eval(&items[0], &p)?.map(|x| x.to_json());
                let b = self.eval.eval(&items[1], &p)?.map(|x| x.to_json());
                // CloudFormation compares values as strings: 1 equals "1".
                let text = |v: Option<serde_json::Value>| match v {
                    Some(serde_json::Value::String(s)) => Some(s),
                    other => other.map(|x| x.to_string()),
                };
                Ok(text(a) == text(b))
            }
            ("Fn::Not", V::Seq(items)) if items.len() == 1 => Ok(!self.condition(&items[0], &p)?),
            ("Fn::And" | "Fn::Or", V::Seq(items)) if (2..=10).contains(&items.len()) => {
                let mut all = true;
                let mut any = false;
                for (i, item) in items.iter().enumerate() {
                    let v = self.condition(item, &format!("{p}[{i}]"))?;
                    all &= v;
                    any |= v;
                }
                Ok(if f == "Fn::And" { all } else { any })
            }
            ("Condition", _) => Err(shape(f, Text::lit("a condition name", "条件名"))),
            ("Fn::Equals", _) => Err(shape(f, Text::lit("[value, value]", "[値, 値]"))),
            ("Fn::Not", _) => Err(shape(f, Text::lit("[condition]", "[条件]"))),
            ("Fn::And" | "Fn::Or", _) => {
                Err(shape(f, Text::lit("2 to 10 conditions", "2～10 個の条件")))
            }
            _ => Err(Fail::new(
                n.mark,
                path,
                format!("{f} cannot be used as a condition"),
                format!("{f} は条件として使用できません"),
            )),
        }
    }
}
