//! The core's top-level modules form layers: a module may use (`crate::…`) only the
//! modules listed before it in [`ORDER`], so no two modules can import each other, however
//! indirectly. The test reads the source of `src/` as text (every `crate::x` path, grouped
//! `crate::{x, y}` imports and `super::` paths that climb to the crate root) and names
//! each file and line that imports a module above its own.
//!
//! When it fails: move the concept to the lowest module that needs it, rather than
//! reordering the list (ARCHITECTURE.md, "Module order", says where things live).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The core's top-level modules, lowest first. A module may import only modules before
/// it. A new module is added here, at the place its imports allow.
const ORDER: &[&str] = &[
    "store",
    "settings",
    "backup",
    "tabular",
    "campaign",
    "roster",
    "demo",
    "plan",
    "progress",
    "export",
    "check_in",
    "live_demo",
    "sync",
    "print",
    "remind",
    "settle",
    "status",
    "failure",
    "ops",
];

/// Upward imports allowed inside `#[cfg(test)]` code only: (file, module, why).
const TEST_ONLY: &[(&str, &str, &str)] = &[(
    "src/campaign/create.rs",
    "demo",
    "its tests copy a campaign from the demo campaign",
)];

/// One `crate::<module>` use in a file.
struct Reference {
    line: usize,
    module: String,
    in_test: bool,
    text: String,
}

#[test]
fn core_modules_import_only_modules_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = top_level_modules(&src);
    let listed: BTreeSet<String> = ORDER.iter().map(|m| m.to_string()).collect();
    let unlisted: Vec<_> = modules.difference(&listed).collect();
    let missing: Vec<_> = listed.difference(&modules).collect();
    assert!(
        unlisted.is_empty() && missing.is_empty(),
        "ORDER in tests/module_order.rs must list exactly the modules of src/: \
         not listed {unlisted:?}, listed but absent {missing:?}"
    );

    let mut problems = Vec::new();
    let mut exemptions_used = BTreeSet::new();
    for file in rust_files(&src) {
        let rel = file.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        if first == "bin" || rel == Path::new("lib.rs") {
            continue;
        }
        let own = first.trim_end_matches(".rs").to_string();
        let rank = rank_of(&own);
        let shown = format!("src/{}", rel.to_string_lossy().replace('\\', "/"));
        let text = fs::read_to_string(&file).unwrap();
        for r in references(&text, &module_path(rel)) {
            if r.module == own || !modules.contains(&r.module) || rank_of(&r.module) < rank {
                continue;
            }
            let exempt = TEST_ONLY
                .iter()
                .position(|(f, m, _)| *f == shown && *m == r.module);
            match exempt {
                Some(i) if r.in_test => {
                    exemptions_used.insert(i);
                }
                _ => problems.push(format!(
                    "{shown}:{}: `{own}` imports `{}`, which is above it; `{own}` may use \
                     only {}\n    {}",
                    r.line,
                    r.module,
                    below(rank),
                    r.text.trim()
                )),
            }
        }
    }
    for (i, (f, m, why)) in TEST_ONLY.iter().enumerate() {
        if !exemptions_used.contains(&i) {
            problems.push(format!(
                "TEST_ONLY exempts {f} → {m} ({why}), but the file no longer has such a test \
                 import: remove the exemption"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "core modules import modules above them (order, lowest first: {}):\n{}",
        ORDER.join(" < "),
        problems.join("\n")
    );
}

fn rank_of(module: &str) -> usize {
    ORDER.iter().position(|m| *m == module).unwrap()
}

fn below(rank: usize) -> String {
    if rank == 0 {
        "no other module".into()
    } else {
        ORDER[..rank].join(", ")
    }
}

/// Names of the modules declared by `src/`: folders and `.rs` files other than `lib.rs`.
fn top_level_modules(src: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() && name != "bin" {
            out.insert(name);
        } else if let Some(stem) = name.strip_suffix(".rs") {
            if stem != "lib" {
                out.insert(stem.to_string());
            }
        }
    }
    out
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// The module path a file defines: `plan/mod.rs` → [plan], `roster/import/rows.rs` →
/// [roster, import, rows].
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| {
            c.as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string()
        })
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Every top-level module a file's code names: `crate::x`, `crate::{x, y::z}` and
/// `super::…::x` where the `super`s reach the crate root. Comment lines are skipped.
fn references(text: &str, path: &[String]) -> Vec<Reference> {
    let code: String = text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("//") {
                " ".repeat(l.len())
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let tests = test_regions(&code);
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_path = i == 0 || !is_ident(bytes[i - 1]) && bytes[i - 1] != b':';
        if starts_path && bytes[i..].starts_with(b"crate::") {
            let names = names_after(&code, i + "crate::".len());
            push(&mut out, &code, i, names, &tests);
            i += "crate::".len();
            continue;
        }
        if starts_path && bytes[i..].starts_with(b"super::") {
            let mut j = i;
            let mut ups = 0;
            while code[j..].starts_with("super::") {
                ups += 1;
                j += "super::".len();
                j += skip_space(&code[j..]);
            }
            if ups == path.len() {
                push(&mut out, &code, i, names_after(&code, j), &tests);
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

fn push(
    out: &mut Vec<Reference>,
    code: &str,
    at: usize,
    names: Vec<String>,
    tests: &[(usize, usize)],
) {
    let line = code[..at].matches('\n').count() + 1;
    let text = code.lines().nth(line - 1).unwrap_or("").to_string();
    let in_test = tests.iter().any(|&(a, b)| a <= at && at < b);
    for module in names {
        out.push(Reference {
            line,
            module,
            in_test,
            text: text.clone(),
        });
    }
}

/// The first name of a path (`x` of `x::y`), or of each item of a group `{x, y::z}`.
fn names_after(code: &str, at: usize) -> Vec<String> {
    let at = at + skip_space(&code[at..]);
    if !code[at..].starts_with('{') {
        return ident_at(code, at).into_iter().collect();
    }
    let mut names = Vec::new();
    let mut depth = 0;
    let mut expect_name = true;
    for (k, ch) in code[at..].char_indices() {
        match ch {
            '{' => {
                depth += 1;
                if depth == 1 {
                    expect_name = true;
                }
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => expect_name = true,
            c if depth == 1 && expect_name && (c.is_ascii_alphabetic() || c == '_') => {
                names.extend(ident_at(code, at + k));
                expect_name = false;
            }
            c if !c.is_whitespace() && depth == 1 => expect_name = false,
            _ => {}
        }
    }
    names.retain(|n| n != "self");
    names
}

fn ident_at(code: &str, at: usize) -> Option<String> {
    let len = code[at..].bytes().take_while(|b| is_ident(*b)).count();
    (len > 0).then(|| code[at..at + len].to_string())
}

fn skip_space(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Byte ranges of items under `#[cfg(test)]`: from the attribute to the item's closing
/// brace (or its `;`). Braces are counted as text, which the core's code keeps balanced.
fn test_regions(code: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = code[from..].find("#[cfg(test)]") {
        let start = from + k;
        let mut depth = 0;
        let mut end = code.len();
        for (j, ch) in code[start + "#[cfg(test)]".len()..].char_indices() {
            let pos = start + "#[cfg(test)]".len() + j;
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = pos + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = pos + 1;
                    break;
                }
                _ => {}
            }
        }
        out.push((start, end));
        from = end.max(start + 1);
    }
    out
}

#[test]
fn the_scanner_finds_every_form_of_import() {
    let text = "//! [`crate::print`] in a comment is no import\n\
                use crate::store::Store;\n\
                use crate::{campaign::{self, CampaignId}, roster as r};\n\
                fn f() { crate::plan::load(super::export::x); }\n\
                #[cfg(test)]\n\
                mod tests {\n    use crate::demo;\n}\n";
    let found: Vec<(usize, String, bool)> = references(text, &["sync".to_string()])
        .into_iter()
        .map(|r| (r.line, r.module, r.in_test))
        .collect();
    let expect = [
        (2, "store", false),
        (3, "campaign", false),
        (3, "roster", false),
        (4, "plan", false),
        (4, "export", false),
        (7, "demo", true),
    ];
    let expect: Vec<(usize, String, bool)> = expect
        .iter()
        .map(|&(l, m, t)| (l, m.to_string(), t))
        .collect();
    assert_eq!(found, expect);
    // In `sync/merge.rs`, `super::` is `sync` itself; `super::super::` is the crate root.
    let nested = ["sync".to_string(), "merge".to_string()];
    let names: Vec<String> = references("use super::queries; use super::super::check_in;", &nested)
        .into_iter()
        .map(|r| r.module)
        .collect();
    assert_eq!(names, ["check_in"]);
}
