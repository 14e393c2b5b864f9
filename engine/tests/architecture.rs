//! The engine's import rules, checked on its source tree and on Cargo.lock:
//!
//! - modules import one way only, down these layers (a module may name only lower ones):
//!   `lessons`, `cfn` → `sim` → `cloud` → `esdk`, `org` → `runtime`, `policy` → `crypto`, `text`,
//!   `patch`;
//! - nothing in the engine names a web crate, and none is in its dependency graph.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module of the engine and its layer: a file may name `crate::m` only for
/// a module `m` of a lower layer than its own (or its own module).
const LAYERS: [(&str, u8); 11] = [
    ("text", 0),
    ("patch", 0),
    ("crypto", 0),
    ("policy", 1),
    ("runtime", 1),
    ("esdk", 2),
    ("org", 2),
    ("cloud", 3),
    ("sim", 4),
    ("lessons", 5),
    ("cfn", 5),
];

/// Web crates, by their Rust names and their package names.
const WEB_CRATES: [&str; 9] = [
    "yew",
    "web_sys",
    "web-sys",
    "gloo",
    "wasm_bindgen",
    "wasm-bindgen",
    "js_sys",
    "js-sys",
    "wasm-bindgen-futures",
];

fn engine_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a file under `src/` (`cloud/kms.rs` → `[cloud, kms]`).
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|l| l == "mod") {
        parts.pop();
    }
    parts
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The crate-level modules a source text names through `crate::…` or `super::…` paths
/// (including grouped imports such as `crate::{sim, cloud::Cloud}`).
fn named_modules(text: &str, module: &[String]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let boundary = i == 0 || !is_ident(bytes[i - 1] as char);
        let (mut depth, mut j) = if boundary && rest.starts_with("crate::") {
            (Some(0usize), i + "crate::".len())
        } else if boundary && rest.starts_with("super::") {
            (Some(module.len().saturating_sub(1)), i + "super::".len())
        } else {
            (None, i + 1)
        };
        if let Some(d) = depth.as_mut() {
            while text[j..].starts_with("super::") {
                *d = d.saturating_sub(1);
                j += "super::".len();
            }
            let base: Vec<&str> = module.iter().take(*d).map(String::as_str).collect();
            let mut heads = Vec::new();
            if text[j..].starts_with('{') {
                let end = text[j..].find('}').map(|e| j + e).unwrap_or(text.len());
                for item in text[j + 1..end].split(',') {
                    heads.push(item.trim().to_string());
                }
                j = end;
            } else {
                let end = text[j..]
                    .find(|c: char| !is_ident(c))
                    .map(|e| j + e)
                    .unwrap_or(text.len());
                heads.push(text[j..end].to_string());
                j = end;
            }
            for h in heads {
                let first: String = h.chars().take_while(|c| is_ident(*c)).collect();
                let top = base.first().map(|s| s.to_string()).unwrap_or(first);
                if !top.is_empty() {
                    out.insert(top);
                }
            }
        }
        i = j.max(i + 1);
        while i < text.len() && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    out
}

#[test]
fn modules_import_down_the_layers_only() {
    let layer: BTreeMap<&str, u8> = LAYERS.into_iter().collect();
    let src = engine_dir().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 20,
        "expected the engine's sources under {src:?}"
    );
    let mut problems = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap_or(f);
        let module = module_path(rel);
        let Some(own) = module.first().and_then(|m| layer.get(m.as_str())) else {
            continue; // lib.rs and the CLI binary may name anything
        };
        let text = fs::read_to_string(f).unwrap_or_default();
        for named in named_modules(&text, &module) {
            if named == module[0] {
                continue;
            }
            if let Some(l) = layer.get(named.as_str()) {
                if l >= own {
                    problems.push(format!("{} names crate::{named}", rel.display()));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "imports must point down the layers {LAYERS:?}:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_layer_check_sees_grouped_and_relative_paths() {
    let m = |p: &str| module_path(Path::new(p));
    assert_eq!(
        named_modules("use crate::{sim::trace, cloud};", &m("runtime/x.rs")),
        ["cloud", "sim"].map(String::from).into()
    );
    assert_eq!(
        named_modules("use super::sim::X;", &m("cloud/mod.rs")),
        ["sim"].map(String::from).into()
    );
    assert_eq!(
        named_modules("use super::kms::X; // not_crate::sim", &m("cloud/s3.rs")),
        ["cloud"].map(String::from).into()
    );
}

#[test]
fn no_web_code_in_the_engine() {
    let dir = engine_dir();
    let mut files = Vec::new();
    for sub in ["src", "tests", "benches"] {
        rust_files(&dir.join(sub), &mut files);
    }
    // This file names the crates it looks for.
    files.retain(|f| !f.ends_with("tests/architecture.rs"));
    files.push(dir.join("Cargo.toml"));
    let mut problems = Vec::new();
    for f in &files {
        let text = fs::read_to_string(f).unwrap_or_default();
        for w in WEB_CRATES {
            let named = text.match_indices(w).any(|(i, _)| {
                let before = text[..i].chars().next_back();
                let after = text[i + w.len()..].chars().next();
                !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
            });
            if named {
                problems.push(format!("{} names {w}", f.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The engine's dependency graph from the workspace's Cargo.lock (every target, dev
/// dependencies included): `(name, version)` of each package reachable from the engine.
fn locked_graph() -> BTreeSet<(String, String)> {
    let lock = fs::read_to_string(engine_dir().join("../Cargo.lock")).unwrap_or_default();
    let mut deps: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut versions: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for block in lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            block
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .map(|v| v.trim().trim_matches('"').to_string())
                .unwrap_or_default()
        };
        let (name, version) = (field("name = "), field("version = "));
        let list = block
            .split_once("dependencies = [")
            .map(|(_, rest)| rest.split(']').next().unwrap_or(""))
            .unwrap_or("");
        let entries = list
            .split(',')
            .map(|d| d.trim().trim_matches('"').to_string())
            .filter(|d| !d.is_empty())
            .collect();
        versions
            .entry(name.clone())
            .or_default()
            .push(version.clone());
        deps.insert((name, version), entries);
    }
    let resolve = |d: &str| {
        let mut parts = d.split(' ');
        let name = parts.next().unwrap_or("").to_string();
        let version = match parts.next() {
            Some(v) => v.to_string(),
            None => versions
                .get(&name)
                .and_then(|v| v.first())
                .cloned()
                .unwrap_or_default(),
        };
        (name, version)
    };
    let mut seen = BTreeSet::new();
    let mut todo = vec![resolve("envelope-lab")];
    while let Some(p) = todo.pop() {
        if !seen.insert(p.clone()) {
            continue;
        }
        for d in deps.get(&p).into_iter().flatten() {
            todo.push(resolve(d));
        }
    }
    seen
}

#[test]
fn no_web_crate_in_the_engines_dependency_graph() {
    let graph = locked_graph();
    let names: BTreeSet<&str> = graph.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.contains("aes-gcm") && names.contains("serde_json"),
        "expected the engine's dependencies in Cargo.lock, got {names:?}"
    );
    let web: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| {
            WEB_CRATES
                .iter()
                .any(|w| n == w || n.starts_with(&format!("{w}-")))
        })
        .collect();
    assert!(web.is_empty(), "web crates in the engine's graph: {web:?}");
}

/// Comments and docs point only to files a contributor who clones the repository has: no
/// design notes, reference pages or reproducers kept outside it.
#[test]
fn comments_point_only_inside_the_repository() {
    let root = engine_dir().join("..");
    let mut files = Vec::new();
    for dir in [
        "engine/src",
        "engine/tests",
        "engine/benches",
        "src",
        "tests",
    ] {
        rust_files(&root.join(dir), &mut files);
    }
    for dir in ["static", "scripts", "tests/browser"] {
        let Ok(entries) = fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension()
                .is_some_and(|x| x == "js" || x == "mjs" || x == "sh" || x == "css")
            {
                files.push(p);
            }
        }
    }
    assert!(files.len() > 50, "expected the sources under {root:?}");
    let outside = [
        "DESIGN.md",
        "design notes",
        "../shared/",
        "/work/shared",
        "aws-behaviour.md",
    ];
    let mut problems = Vec::new();
    for f in files.iter().filter(|f| !f.ends_with("architecture.rs")) {
        let text = fs::read_to_string(f).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            if let Some(o) = outside.iter().find(|o| line.contains(*o)) {
                problems.push(format!("{}:{}: names {o}", f.display(), n + 1));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
