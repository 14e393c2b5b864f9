//! Creates the uploaded stacks as CloudFormation would, without AWS: the root stacks (files
//! no other file nests), their parameters and conditions, resources in dependency order,
//! nested stacks (`AWS::CloudFormation::Stack` whose `TemplateURL` ends with an uploaded
//! file's name), outputs and exports (`Fn::ImportValue` across uploaded stacks). The result
//! is the list of created resources with evaluated properties, for the mapping to the
//! scenario (map.rs).

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};

use super::conditions;
use super::error::{Fail, Mark, NoticeKind, RawNotice};
use super::intrinsic::{
    export_key, partition, references, url_suffix, Eval, Ident, ResState, Scope, EXPORT_NAME,
};
use super::limits;
use super::names::{identity, Decl, Taken};
use super::nesting::{self, Pattern};
use super::params::{self, Given};
use super::yaml::{Node, V};
use crate::runtime::rng::uuid_from_name;

/// A created resource.
#[derive(Debug, Clone)]
pub struct Res {
    /// The stack that created it.
    pub stack: String,
    /// Logical id.
    pub logical: String,
    /// Resource type.
    pub kind: String,
    /// Where it is declared.
    pub mark: Mark,
    /// `Resources.<logical>`.
    pub path: String,
    /// Properties after every function is evaluated (a mapping, possibly empty).
    pub props: Node,
    /// The account of its stack (`AWS::AccountId` while it was created).
    pub account: String,
    /// `Metadata`, as written.
    pub metadata: Option<Node>,
    /// The created resource's name.
    pub name: String,
    /// What `Ref` and `Fn::GetAtt` give.
    pub ident: Ident,
    /// Resource attributes the simulation does not use (`DeletionPolicy`, …) and where.
    pub extras: Vec<(String, Mark)>,
}

/// One parsed file.
pub struct Source {
    /// File name as uploaded.
    pub name: String,
    /// The document.
    pub root: Node,
}

/// What the learner chose for the import.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Account id (of every file the learner gave no account of its own).
    pub account: String,
    /// The account of each root file, by index (`None`, or a missing entry: `account`).
    /// A nested stack is created in its parent's account, as CloudFormation does.
    pub file_accounts: Vec<Option<String>>,
    /// Region.
    pub region: String,
    /// Name of the (first) root stack.
    pub stack_name: Option<String>,
    /// Parameter values for the root stacks.
    pub params: BTreeMap<String, String>,
}

/// All stacks created.
pub struct World {
    /// Created resources, in creation order.
    pub resources: Vec<Res>,
    /// Notices found while creating.
    pub notices: Vec<RawNotice>,
    /// `Metadata.EnvelopeLab` of each root template (simulation settings).
    pub lab: Vec<Node>,
    /// Every stack created: its file and name.
    pub made: Vec<(u16, String)>,
}

impl Settings {
    /// The account a root stack of file `file` is created in.
    pub fn account_of(&self, file: usize) -> &str {
        match self.file_accounts.get(file) {
            Some(Some(a)) => a,
            _ => &self.account,
        }
    }
}

impl World {
    /// How many stacks were created from `file`.
    pub fn stacks_of(&self, file: u16) -> usize {
        self.made.iter().filter(|(f, _)| *f == file).count()
    }
}

/// A file no created stack uses (its name fits a nested stack's `TemplateURL` pattern, but
/// the stack was made from a file matching better) is said, not dropped silently.
fn unused_files(l: &mut Loader<'_>) {
    for (i, f) in l.files.iter().enumerate() {
        let i = i as u16;
        if l.made.iter().any(|(m, _)| *m == i) {
            continue;
        }
        let at = Mark {
            file: i,
            line: 1,
            col: 1,
        };
        l.notice(
            NoticeKind::NotSimulated,
            at,
            "",
            format!("{} is not imported: it is not a root template (a nested stack's TemplateURL fits its name) and no created stack uses it", f.name),
            format!("{} はインポートされません。ルートテンプレートではなく (ネストされたスタックの TemplateURL が名前に一致します)、作成されたどのスタックも使用していません", f.name),
        );
    }
}

struct Loader<'a> {
    files: &'a [Source],
    settings: &'a Settings,
    exports: BTreeMap<String, String>,
    budget: Cell<usize>,
    missing: RefCell<Option<String>>,
    taken: Taken,
    out: Vec<Res>,
    notices: Vec<RawNotice>,
    stacks: usize,
    used_params: BTreeSet<String>,
    made: Vec<(u16, String)>,
    /// Files created as a nested stack (so no root).
    nested_made: BTreeSet<u16>,
}

const TOP_LEVEL: &[&str] = &[
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Parameters",
    "Rules",
    "Mappings",
    "Conditions",
    "Transform",
    "Resources",
    "Outputs",
];

const RESOURCE_KEYS: &[&str] = &[
    "Type",
    "Properties",
    "DependsOn",
    "Condition",
    "Metadata",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "UpdatePolicy",
    "CreationPolicy",
];

/// The file name a `TemplateURL` points at: its last path segment, without a query.
pub fn url_file_name(url: &str) -> &str {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    url.rsplit('/').next().unwrap_or(url)
}

/// A stack name CloudFormation accepts, from a file name (`kinesis.yaml` → `kinesis`).
pub fn stack_name_from_file(file: &str) -> String {
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    let mut n: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    if !n.starts_with(|c: char| c.is_ascii_alphabetic()) {
        n = format!("stack-{n}");
    }
    n.chars().take(128).collect()
}

/// Creates every stack of the upload.
pub fn create(files: &[Source], settings: &Settings) -> Result<World, Fail> {
    // A root file's `AWS::AccountId` is its own account (a nested one's, its root's: the
    // default is the best known guess before creating).
    let value_in = |parent: usize, v: &str| match v {
        "AWS::AccountId" => Some(settings.account_of(parent).to_string()),
        _ => known_value(&files[parent].root, settings, v),
    };
    let nested = nesting::nested_files(files, &value_in);
    let mut roots: Vec<u16> = (0..files.len() as u16)
        .filter(|i| !nested.contains(&(*i as usize)))
        .collect();
    // Which file a nested stack uses can depend on values known only while creating (the
    // parameters a nested parent is given): a file taken for a root that a stack creates
    // as nested is no root, and the upload is created again without it.
    loop {
        if roots.is_empty() {
            return Err(Fail::new(
                Mark { file: 0, line: 1, col: 1 },
                "",
                "every uploaded template is nested in another one: there is no root stack",
                "アップロードされたテンプレートはすべて別のテンプレートにネストされています。ルートスタックがありません",
            ));
        }
        let (result, nested_made) = attempt(files, settings, &roots, &value_in);
        let before = roots.len();
        roots.retain(|r| !nested_made.contains(r));
        if roots.len() == before {
            return result;
        }
    }
}

/// Creates the stacks of `roots` (and what they nest); the files created as nested stacks
/// come back even when the creation fails.
fn attempt(
    files: &[Source],
    settings: &Settings,
    roots: &[u16],
    value_in: &dyn Fn(usize, &str) -> Option<String>,
) -> (Result<World, Fail>, BTreeSet<u16>) {
    let mut l = Loader {
        files,
        settings,
        exports: BTreeMap::new(),
        budget: Cell::new(limits::EVAL_BYTES),
        missing: RefCell::new(None),
        taken: Taken::new(),
        out: Vec::new(),
        notices: Vec::new(),
        stacks: 0,
        used_params: BTreeSet::new(),
        made: Vec::new(),
        nested_made: BTreeSet::new(),
    };
    let result = create_roots(&mut l, roots, value_in).and_then(|lab| finish(&mut l, roots, lab));
    (result, l.nested_made)
}

/// Creates each root (a root importing another's export waits for it); their
/// `Metadata.EnvelopeLab`.
fn create_roots(
    l: &mut Loader<'_>,
    roots: &[u16],
    value_in: &dyn Fn(usize, &str) -> Option<String>,
) -> Result<Vec<Node>, Fail> {
    let (files, settings) = (l.files, l.settings);
    let mut lab = Vec::new();
    // Roots that import another root's export wait for it: retry until nothing changes.
    let mut pending: Vec<u16> = roots.to_vec();
    loop {
        let mut waiting = Vec::new();
        let mut first_error = None;
        let mut hard = None;
        for &file in &pending {
            let name = match (roots.first() == Some(&file), &settings.stack_name) {
                (true, Some(n)) => n.clone(),
                _ => stack_name_from_file(&files[file as usize].name),
            };
            let saved = (
                l.out.len(),
                l.notices.len(),
                l.taken.clone(),
                l.exports.clone(),
                l.made.len(),
            );
            *l.missing.borrow_mut() = None;
            let given = root_params(&settings.params, file);
            let account = settings.account_of(file as usize).to_string();
            match l.stack(file, &name, &given, &[], &account) {
                Ok(_) => {
                    if let Some(m) = files[file as usize]
                        .root
                        .get("Metadata")
                        .and_then(|m| m.get("EnvelopeLab"))
                    {
                        lab.push(m.clone());
                    }
                }
                Err(e) if l.missing.borrow().is_some() => {
                    l.out.truncate(saved.0);
                    l.notices.truncate(saved.1);
                    l.taken = saved.2;
                    l.exports = saved.3;
                    l.made.truncate(saved.4);
                    waiting.push(file);
                    let missing = l.missing.borrow().clone().unwrap_or_default();
                    first_error.get_or_insert((e, missing));
                }
                // The other roots are still created: the files they nest tell the caller
                // which files are no roots (create() tries again without them).
                Err(e) => {
                    hard.get_or_insert(e);
                }
            }
        }
        if let Some(e) = hard {
            return Err(e);
        }
        if waiting.is_empty() {
            break;
        }
        if waiting.len() == pending.len() {
            let (e, missing) = first_error.expect("a root waits only after an error");
            return Err(import_circle(files, settings, value_in, e, &missing));
        }
        pending = waiting;
    }
    Ok(lab)
}

/// After the roots: every learner's value was declared by a root; the files no stack
/// used are said; the world.
fn finish(l: &mut Loader<'_>, roots: &[u16], lab: Vec<Node>) -> Result<World, Fail> {
    for name in l.settings.params.keys() {
        if !l.used_params.contains(name) {
            return Err(Fail::new(
                Mark {
                    file: roots[0],
                    line: 1,
                    col: 1,
                },
                "Parameters",
                format!("no root template declares the parameter {name:?} given"),
                format!(
                    "指定されたパラメータ {name:?} を宣言しているルートテンプレートはありません"
                ),
            ));
        }
    }
    unused_files(l);
    Ok(World {
        resources: std::mem::take(&mut l.out),
        notices: std::mem::take(&mut l.notices),
        lab,
        made: std::mem::take(&mut l.made),
    })
}

/// The error when no waiting root can go on: a stack that exports the missing name is
/// uploaded but waits itself (the roots import each other's exports in a circle), else the
/// export is simply missing (`e`).
fn import_circle(
    files: &[Source],
    settings: &Settings,
    value_in: &dyn Fn(usize, &str) -> Option<String>,
    e: Fail,
    missing: &str,
) -> Fail {
    let exports = |i: usize, f: &Source| {
        let outputs = f
            .root
            .get("Outputs")
            .and_then(Node::entries)
            .unwrap_or_default();
        outputs.iter().any(|o| {
            let name = o.value.get("Export").and_then(|x| x.get("Name"));
            let known = |v: &str| value_in(i, v);
            name.and_then(|n| Pattern::of_value(n, &known))
                .is_some_and(|p| p.matches(missing))
        })
    };
    // Exports are per account: a stack of another account exporting the name is no
    // circle, only the wrong account.
    let here = settings.account_of(e.mark.file as usize).to_string();
    let mut exporters = files.iter().enumerate().filter(|(i, f)| exports(*i, f));
    let Some((i, f)) = exporters.next() else {
        return e;
    };
    let x = &f.name;
    let there = settings.account_of(i);
    if there != here {
        return Fail::new(
            e.mark,
            e.path,
            format!("{missing:?} is exported by {x} in account {there}, but this stack is in account {here}: exports are per account and Region, so Fn::ImportValue finds only account {here}'s (pass the value as a parameter instead, as stacks in separate accounts do)"),
            format!("{missing:?} は {x} がアカウント {there} でエクスポートしていますが、このスタックはアカウント {here} にあります。エクスポートはアカウントとリージョンごとのため、Fn::ImportValue はアカウント {here} のエクスポートしか参照できません (別アカウントのスタックと同様に、値をパラメータで渡してください)"),
        );
    }
    Fail::new(
        e.mark,
        e.path,
        format!("{missing:?} is exported by {x}, but that stack cannot be created first: the uploaded stacks import each other's exports in a circle, and CloudFormation creates a stack only after the stacks whose exports it imports (pass one of the values as a parameter instead)"),
        format!("{missing:?} は {x} がエクスポートしていますが、そのスタックを先に作成できません。アップロードされたスタックが互いのエクスポートを循環してインポートしており、CloudFormation はインポート元のスタックを作成してからでないとスタックを作成しません (どちらかの値をパラメータで渡してください)"),
    )
}

fn root_params(params: &BTreeMap<String, String>, file: u16) -> BTreeMap<String, Given> {
    params
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                Given {
                    value: v.clone(),
                    mark: Mark {
                        file,
                        line: 1,
                        col: 1,
                    },
                    path: format!("Parameters.{k}"),
                },
            )
        })
        .collect()
}

/// A value a `TemplateURL` may use that is known before any stack is created: the
/// Region, account, partition and URL suffix, and a parameter of the parent (the learner's
/// value, else its `Default`). A nested parent's values come from its own parent, so its
/// `Default` is only a guess: [`nesting::pick`] falls back to the pattern.
pub fn known_value(parent: &Node, settings: &Settings, v: &str) -> Option<String> {
    match v {
        "AWS::Region" => return Some(settings.region.clone()),
        "AWS::AccountId" => return Some(settings.account.clone()),
        "AWS::Partition" => return Some(partition(&settings.region).to_string()),
        "AWS::URLSuffix" => return Some(url_suffix(&settings.region).to_string()),
        _ => {}
    }
    let decl = parent.get("Parameters")?.get(v)?;
    settings
        .params
        .get(v)
        .cloned()
        .or_else(|| decl.get("Default").and_then(Node::scalar_text))
}

impl Loader<'_> {
    fn eval<'s>(&'s self, scope: &'s Scope) -> Eval<'s> {
        Eval {
            scope,
            exports: &self.exports,
            budget: &self.budget,
            missing_import: &self.missing,
        }
    }

    fn notice(
        &mut self,
        kind: NoticeKind,
        at: Mark,
        path: impl Into<String>,
        en: String,
        ja: String,
    ) {
        self.notices
            .push(RawNotice::new(kind, Fail::new(at, path, en, ja)));
    }

    /// Creates one stack from file `file`; returns its outputs.
    fn stack(
        &mut self,
        file: u16,
        name: &str,
        given: &BTreeMap<String, Given>,
        chain: &[u16],
        account: &str,
    ) -> Result<BTreeMap<String, String>, Fail> {
        let src = &self.files[file as usize];
        let root = &src.root;
        let start = Mark {
            file,
            line: 1,
            col: 1,
        };
        self.stacks += 1;
        if self.stacks > limits::STACKS {
            return Err(Fail::new(
                start,
                "",
                format!("more than {} stacks", limits::STACKS),
                format!("スタックが {} 個を超えています", limits::STACKS),
            ));
        }
        check_top_level(root, start)?;
        let first_notice = self.notices.len();
        // A root takes the learner's values it declares (the rest may be another root's);
        // a nested stack must declare every value its parent passes.
        let param_values = params::resolve(
            root.get("Parameters"),
            given,
            !chain.is_empty(),
            &mut self.notices,
        )?;
        if chain.is_empty() {
            self.used_params.extend(
                param_values
                    .keys()
                    .filter(|k| given.contains_key(*k))
                    .cloned(),
            );
        }
        let region = &self.settings.region;
        let mut scope = Scope {
            stack_name: name.to_string(),
            stack_id: stack_id(account, region, name),
            account: account.to_string(),
            region: region.clone(),
            params: param_values,
            conditions: BTreeMap::new(),
            mappings: root.get("Mappings").cloned(),
            resources: BTreeMap::new(),
        };
        if let Some(c) = root.get("Conditions") {
            scope.conditions = conditions::evaluate(c, &self.eval(&scope))?;
        }
        if let Some(rules) = root.get("Rules") {
            self.notice(
                NoticeKind::Ignored,
                rules.mark,
                "Rules",
                "Rules (parameter assertions) are not checked".into(),
                "Rules (パラメータのアサーション) はチェックされません".into(),
            );
        }
        let resources = resource_section(root, start)?;
        for e in resources {
            scope.resources.insert(e.key.clone(), ResState::Pending);
        }
        for i in order(resources)? {
            let e = &resources[i];
            let state = self.resource(file, &e.key, &e.value, &scope, chain)?;
            scope.resources.insert(e.key.clone(), state);
        }
        let out = self.outputs(root, &scope)?;
        RawNotice::tag(&mut self.notices[first_notice..], file, name);
        self.made.push((file, name.to_string()));
        Ok(out)
    }

    /// Creates one resource (or skips it when its condition is false).
    fn resource(
        &mut self,
        file: u16,
        logical: &str,
        decl: &Node,
        scope: &Scope,
        chain: &[u16],
    ) -> Result<ResState, Fail> {
        let path = format!("Resources.{logical}");
        let kind = decl
            .get("Type")
            .and_then(Node::as_str)
            .unwrap_or_default()
            .to_string();
        if let Some(c) = decl.get("Condition") {
            let Some(cname) = c.as_str() else {
                return Err(Fail::new(
                    c.mark,
                    format!("{path}.Condition"),
                    "a resource's Condition is a condition name",
                    "リソースの Condition には条件名を指定します",
                ));
            };
            match scope.conditions.get(cname) {
                Some(true) => {}
                Some(false) => return Ok(ResState::Skipped(cname.to_string())),
                None => {
                    return Err(Fail::new(
                        c.mark,
                        format!("{path}.Condition"),
                        format!("no condition named {cname:?} in Conditions"),
                        format!("Conditions に {cname:?} という条件はありません"),
                    ))
                }
            }
        }
        let ppath = format!("{path}.Properties");
        let props = match decl.get("Properties") {
            Some(p) => self.eval(scope).eval(p, &ppath)?,
            None => None,
        }
        .unwrap_or_else(|| Node::new(decl.mark, V::Map(vec![])));
        if props.entries().is_none() {
            return Err(Fail::new(
                props.mark,
                ppath,
                "Properties must be a mapping",
                "Properties はマッピングにしてください",
            ));
        }
        let extras = decl
            .entries()
            .unwrap_or_default()
            .iter()
            .filter(|e| {
                !["Type", "Properties", "DependsOn", "Condition", "Metadata"]
                    .contains(&e.key.as_str())
            })
            .map(|e| (e.key.clone(), e.mark))
            .collect();
        let (name, ident) = if kind == "AWS::CloudFormation::Stack" {
            let raw_url = decl.get("Properties").and_then(|p| p.get("TemplateURL"));
            self.nested(file, logical, &props, raw_url, scope, chain)?
        } else {
            let d = Decl {
                logical,
                kind: &kind,
                props: &props,
                metadata: decl.get("Metadata"),
                mark: decl.mark,
                path: path.clone(),
            };
            identity(&d, scope, &mut self.taken, &mut self.notices)?
        };
        self.out.push(Res {
            stack: scope.stack_name.clone(),
            logical: logical.to_string(),
            kind,
            mark: decl.mark,
            path,
            props,
            account: scope.account.clone(),
            metadata: decl.get("Metadata").cloned(),
            name,
            ident: ident.clone(),
            extras,
        });
        Ok(ResState::Ready(ident))
    }

    /// An `AWS::CloudFormation::Stack`: finds the uploaded file its `TemplateURL` names and
    /// creates it with the given `Parameters`.
    fn nested(
        &mut self,
        file: u16,
        logical: &str,
        props: &Node,
        raw_url: Option<&Node>,
        scope: &Scope,
        chain: &[u16],
    ) -> Result<(String, Ident), Fail> {
        let path = format!("Resources.{logical}.Properties");
        let Some(url_node) = props.get("TemplateURL") else {
            return Err(Fail::new(
                props.mark,
                path,
                format!("nested stack {logical} needs a TemplateURL"),
                format!("ネストされたスタック {logical} には TemplateURL が必要です"),
            ));
        };
        let url = url_node.scalar_text().unwrap_or_default();
        let mut trail = chain.to_vec();
        trail.push(file);
        let child = self.template_file(logical, &url, url_node, raw_url, &trail)?;
        let wanted = self.files[child as usize].name.clone();
        if trail.contains(&child) {
            return Err(Fail::new(url_node.mark, format!("{path}.TemplateURL"), format!("nested stack {logical} nests {wanted}, which contains this stack: stacks cannot nest in a circle"), format!("ネストされたスタック {logical} は {wanted} をネストしていますが、{wanted} はこのスタックを含んでいます。スタックを循環してネストすることはできません")));
        }
        if trail.len() > limits::NESTING {
            return Err(Fail::new(
                url_node.mark,
                format!("{path}.TemplateURL"),
                format!("stacks nested more than {} levels deep", limits::NESTING),
                format!("スタックのネストが {} 段を超えています", limits::NESTING),
            ));
        }
        let mut given = BTreeMap::new();
        if let Some(p) = props.get("Parameters") {
            let Some(entries) = p.entries() else {
                return Err(Fail::new(
                    p.mark,
                    format!("{path}.Parameters"),
                    "Parameters of a nested stack is a mapping of names to values",
                    "ネストされたスタックの Parameters は名前と値のマッピングです",
                ));
            };
            for e in entries {
                let value = match &e.value.v {
                    V::Seq(items) => items
                        .iter()
                        .filter_map(Node::scalar_text)
                        .collect::<Vec<_>>()
                        .join(","),
                    _ => e.value.scalar_text().unwrap_or_default(),
                };
                given.insert(
                    e.key.clone(),
                    Given {
                        value,
                        mark: e.mark,
                        path: format!("{path}.Parameters.{}", e.key),
                    },
                );
            }
        }
        // A nested stack is created in its parent's account: a file the learner gave
        // another account cannot be nested here.
        if let Some(Some(other)) = self.settings.file_accounts.get(child as usize) {
            if *other != scope.account {
                let parent = &scope.account;
                return Err(Fail::new(url_node.mark, format!("{path}.TemplateURL"), format!("nested stack {logical} uses {wanted}, which is given for account {other}; CloudFormation creates a nested stack in its parent's account ({parent}): give {wanted} the parent's account"), format!("ネストされたスタック {logical} は {wanted} を使用しますが、{wanted} にはアカウント {other} が指定されています。CloudFormation はネストされたスタックを親スタックのアカウント ({parent}) に作成します。{wanted} には親のアカウントを指定してください")));
            }
        }
        let name = format!("{}-{logical}", scope.stack_name);
        self.nested_made.insert(child);
        let outputs = self.stack(child, &name, &given, &trail, &scope.account)?;
        let mut attrs: BTreeMap<String, String> = outputs
            .into_iter()
            .map(|(k, v)| (format!("Outputs.{k}"), v))
            .collect();
        let id = stack_id(&scope.account, &scope.region, &name);
        attrs.insert("Arn".into(), id.clone());
        Ok((
            name,
            Ident {
                reference: id,
                attrs,
                placeholder: false,
            },
        ))
    }

    /// The uploaded file the evaluated `url` names: the file with its last path segment's
    /// name, else the one file fitting the URL as written with its values unknown (the
    /// learner's files keep the course's names while the parameters differ), said in a
    /// notice.
    fn template_file(
        &mut self,
        logical: &str,
        url: &str,
        url_node: &Node,
        raw_url: Option<&Node>,
        trail: &[u16],
    ) -> Result<u16, Fail> {
        let path = format!("Resources.{logical}.Properties.TemplateURL");
        let at = url_node.mark;
        if url.trim().is_empty() {
            return Err(Fail::new(at, path, format!("the TemplateURL of nested stack {logical} is empty: give the URL of its template (its last path segment names the uploaded file)"), format!("ネストされたスタック {logical} の TemplateURL が空です。テンプレートの URL を指定してください (URL の最後のパス要素がアップロードされたファイル名です)")));
        }
        let wanted = url_file_name(url);
        if let Some(i) = self.files.iter().position(|f| f.name == wanted) {
            return Ok(i as u16);
        }
        let open = raw_url.and_then(|u| Pattern::of_url(u, &|_| None));
        let exclude: Vec<usize> = trail.iter().map(|&f| f as usize).collect();
        let found = nesting::pick(self.files, None, open.as_ref(), &exclude);
        let shown = open.as_ref().filter(|p| !p.is_exact()).map(Pattern::shown);
        let names = |v: &[usize]| {
            v.iter()
                .map(|&i| self.files[i].name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (found.as_slice(), shown) {
            ([one], Some(p)) => {
                let one_name = self.files[*one].name.clone();
                self.notice(NoticeKind::Default, at, path, format!("nested stack {logical}: the TemplateURL names {wanted:?}, which was not uploaded; the lab uses {one_name}, the one uploaded file that fits its pattern {p}"), format!("ネストされたスタック {logical}: TemplateURL が示す {wanted:?} はアップロードされていません。パターン {p} に一致する唯一のアップロード済みファイル {one_name} を使用します"));
                Ok(*one as u16)
            }
            ([_, _, ..], Some(p)) => Err(Fail::new(at, path, format!("nested stack {logical}: the TemplateURL names {wanted:?}, which was not uploaded, and several uploaded files fit its pattern {p} ({}): upload the file {wanted:?} or pass the parameter values that name one", names(&found)), format!("ネストされたスタック {logical}: TemplateURL が示す {wanted:?} はアップロードされておらず、パターン {p} に一致するファイルが複数あります ({})。ファイル {wanted:?} をアップロードするか、1 つに決まるパラメータ値を指定してください", names(&found)))),
            _ => Err(Fail::new(at, path, format!("nested stack {logical} uses the template {url}, which was not uploaded: add the file {wanted:?}"), format!("ネストされたスタック {logical} はテンプレート {url} を使用しますが、アップロードされていません。ファイル {wanted:?} を追加してください"))),
        }
    }

    fn outputs(&mut self, root: &Node, scope: &Scope) -> Result<BTreeMap<String, String>, Fail> {
        let mut out = BTreeMap::new();
        let Some(section) = root.get("Outputs") else {
            return Ok(out);
        };
        let Some(entries) = section.entries() else {
            return Err(Fail::new(
                section.mark,
                "Outputs",
                "Outputs must be a mapping",
                "Outputs はマッピングにしてください",
            ));
        };
        logical_ids(entries, "Outputs", "output", "出力")?;
        for e in entries {
            let path = format!("Outputs.{}", e.key);
            if let Some(c) = e.value.get("Condition").and_then(Node::as_str) {
                if scope.conditions.get(c) == Some(&false) {
                    continue;
                }
            }
            let Some(v) = e.value.get("Value") else {
                return Err(Fail::new(
                    e.value.mark,
                    path,
                    format!("output {} needs a Value", e.key),
                    format!("出力 {} には Value が必要です", e.key),
                ));
            };
            let ev = self.eval(scope);
            let value = match ev.eval(v, &format!("{path}.Value"))? {
                Some(Node {
                    v: V::Seq(items), ..
                }) => items
                    .iter()
                    .filter_map(Node::scalar_text)
                    .collect::<Vec<_>>()
                    .join(","),
                Some(n) => n.scalar_text().unwrap_or_default(),
                None => continue,
            };
            if let Some(x) = e.value.get("Export").and_then(|x| x.get("Name")) {
                let xname = ev.string(x, &format!("{path}.Export.Name"), &EXPORT_NAME)?;
                // Exports are per account (and Region): `Fn::ImportValue` finds only its
                // own account's.
                let key = export_key(&scope.account, &xname);
                if self.exports.contains_key(&key) {
                    return Err(Fail::new(x.mark, format!("{path}.Export.Name"), format!("the export name {xname:?} is already exported by another stack"), format!("エクスポート名 {xname:?} は別のスタックですでにエクスポートされています")));
                }
                self.exports.insert(key, value.clone());
            }
            out.insert(e.key.clone(), value);
        }
        Ok(out)
    }
}

fn stack_id(account: &str, region: &str, name: &str) -> String {
    let p = partition(region);
    let id = uuid_from_name(&format!("stack:{account}:{region}:{name}"));
    format!("arn:{p}:cloudformation:{region}:{account}:stack/{name}/{id}")
}

fn check_top_level(root: &Node, start: Mark) -> Result<(), Fail> {
    let Some(entries) = root.entries() else {
        return Err(Fail::new(
            root.mark,
            "",
            "a template is a mapping with a Resources section",
            "テンプレートは Resources セクションを含むマッピングです",
        ));
    };
    for e in entries {
        if !TOP_LEVEL.contains(&e.key.as_str()) {
            return Err(Fail::new(
                e.mark,
                e.key.clone(),
                format!(
                    "{:?} is not a template section (sections: {})",
                    e.key,
                    TOP_LEVEL.join(", ")
                ),
                format!(
                    "{:?} はテンプレートのセクションではありません (セクション: {})",
                    e.key,
                    TOP_LEVEL.join(", ")
                ),
            ));
        }
    }
    if let Some(v) = root.get("AWSTemplateFormatVersion") {
        if v.scalar_text().as_deref() != Some("2010-09-09") {
            return Err(Fail::new(
                v.mark,
                "AWSTemplateFormatVersion",
                "AWSTemplateFormatVersion is 2010-09-09, the only version",
                "AWSTemplateFormatVersion に指定できるのは 2010-09-09 のみです",
            ));
        }
    }
    if let Some(t) = root.get("Transform") {
        return Err(Fail::new(t.mark, "Transform", "Transform (macros such as AWS::Serverless-2016-10-31) is not supported: import the processed template (the CloudFormation console shows it)", "Transform (AWS::Serverless-2016-10-31 などのマクロ) はサポートされていません。処理後のテンプレート (CloudFormation コンソールで表示できます) をインポートしてください"));
    }
    let _ = start;
    Ok(())
}

fn resource_section(root: &Node, start: Mark) -> Result<&[super::yaml::Entry], Fail> {
    let Some(r) = root.get("Resources") else {
        return Err(Fail::new(
            start,
            "Resources",
            "the template has no Resources section",
            "テンプレートに Resources セクションがありません",
        ));
    };
    let Some(entries) = r.entries().filter(|e| !e.is_empty()) else {
        return Err(Fail::new(
            r.mark,
            "Resources",
            "Resources must be a mapping with at least one resource",
            "Resources は 1 つ以上のリソースを含むマッピングにしてください",
        ));
    };
    if entries.len() > limits::RESOURCES {
        return Err(Fail::new(
            r.mark,
            "Resources",
            format!(
                "more than {} resources (CloudFormation's quota)",
                limits::RESOURCES
            ),
            format!(
                "リソースが {} 個を超えています (CloudFormation のクォータ)",
                limits::RESOURCES
            ),
        ));
    }
    logical_ids(entries, "Resources", "resource", "リソース")?;
    for e in entries {
        let path = format!("Resources.{}", e.key);
        let Some(keys) = e.value.entries() else {
            return Err(Fail::new(
                e.value.mark,
                path,
                "a resource is a mapping with Type and Properties",
                "リソースは Type と Properties を含むマッピングです",
            ));
        };
        if e.value.get("Type").and_then(Node::as_str).is_none() {
            return Err(Fail::new(
                e.value.mark,
                path,
                format!("resource {} needs a Type", e.key),
                format!("リソース {} には Type が必要です", e.key),
            ));
        }
        if let Some(k) = keys
            .iter()
            .find(|k| !RESOURCE_KEYS.contains(&k.key.as_str()))
        {
            return Err(Fail::new(
                k.mark,
                format!("{path}.{}", k.key),
                format!(
                    "{:?} is not a resource attribute (use: {})",
                    k.key,
                    RESOURCE_KEYS.join(", ")
                ),
                format!(
                    "{:?} はリソースの属性ではありません (使用できる属性: {})",
                    k.key,
                    RESOURCE_KEYS.join(", ")
                ),
            ));
        }
    }
    Ok(entries)
}

/// CloudFormation's rule for logical IDs (resources, parameters, outputs): alphanumeric,
/// A-Za-z0-9 (the template anatomy pages of the CloudFormation User Guide).
pub fn logical_ids(
    entries: &[super::yaml::Entry],
    section: &str,
    en: &str,
    ja: &str,
) -> Result<(), Fail> {
    let Some(bad) = entries
        .iter()
        .find(|e| e.key.is_empty() || !e.key.chars().all(|c| c.is_ascii_alphanumeric()))
    else {
        return Ok(());
    };
    Err(Fail::new(
        bad.mark,
        format!("{section}.{}", bad.key),
        format!("the {en} logical ID {:?} is not alphanumeric: CloudFormation accepts only A-Z, a-z and 0-9 in logical IDs (no -, _, spaces or other characters)", bad.key),
        format!("{ja}の論理 ID {:?} が英数字ではありません。CloudFormation の論理 ID に使用できるのは A-Z、a-z、0-9 のみです (-、_、空白などは使用できません)", bad.key),
    ))
}

/// Creation order: every resource after those it refers to or `DependsOn` (document order
/// otherwise). A circle is an error naming it.
fn order(resources: &[super::yaml::Entry]) -> Result<Vec<usize>, Fail> {
    let index: BTreeMap<&str, usize> = resources
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key.as_str(), i))
        .collect();
    let mut deps: Vec<BTreeSet<usize>> = Vec::with_capacity(resources.len());
    for e in resources {
        let mut names = BTreeSet::new();
        if let Some(p) = e.value.get("Properties") {
            references(p, &mut names);
        }
        if let Some(d) = e.value.get("DependsOn") {
            for n in depends_on(d) {
                if !index.contains_key(n.as_str()) {
                    return Err(Fail::new(d.mark, format!("Resources.{}.DependsOn", e.key), format!("DependsOn names {n:?}, which is not a resource of this template"), format!("DependsOn で指定された {n:?} はこのテンプレートのリソースではありません")));
                }
                names.insert(n);
            }
        }
        deps.push(
            names
                .iter()
                .filter_map(|n| index.get(n.as_str()).copied())
                .collect(),
        );
    }
    let mut done = vec![false; resources.len()];
    let mut out = Vec::with_capacity(resources.len());
    while out.len() < resources.len() {
        let next = (0..resources.len()).find(|&i| !done[i] && deps[i].iter().all(|&d| done[d]));
        match next {
            Some(i) => {
                done[i] = true;
                out.push(i);
            }
            None => {
                let cycle = find_cycle(&deps, &done);
                let names: Vec<&str> = cycle.iter().map(|&i| resources[i].key.as_str()).collect();
                let first = &resources[cycle[0]];
                let text = names.join(" → ");
                return Err(Fail::new(
                    first.value.mark,
                    format!("Resources.{}", first.key),
                    format!("circular dependency between resources: {text}"),
                    format!("リソース間の依存関係が循環しています: {text}"),
                ));
            }
        }
    }
    Ok(out)
}

fn depends_on(d: &Node) -> Vec<String> {
    match &d.v {
        V::Str(s) => vec![s.clone()],
        V::Seq(items) => items
            .iter()
            .filter_map(Node::as_str)
            .map(str::to_string)
            .collect(),
        _ => vec![],
    }
}

/// A circle among the resources not yet done (each of them waits for another).
fn find_cycle(deps: &[BTreeSet<usize>], done: &[bool]) -> Vec<usize> {
    let Some(start) = (0..deps.len()).find(|&i| !done[i]) else {
        return vec![];
    };
    let mut path = vec![start];
    let mut at = start;
    loop {
        let Some(&next) = deps[at].iter().find(|&&d| !done[d]) else {
            return path;
        };
        if let Some(pos) = path.iter().position(|&p| p == next) {
            let mut c = path[pos..].to_vec();
            c.push(next);
            return c;
        }
        path.push(next);
        at = next;
    }
}
