//! The shells are adapters over `rollcall::ops`: they never touch the database
//! connection (so no core function that takes one, and no SQL), and each reads the clock
//! in one place. Before, the CLI and the desktop each sequenced the core's calls
//! themselves and read the clock in seventeen places, and their copies disagreed.
//!
//! Reads the shells' source: `src/bin/rollcall/` and `src-tauri/src/`, test modules
//! (`#[cfg(test)]` to the end of the file) left out.

use std::path::{Path, PathBuf};

const SHELLS: &[&str] = &["src/bin/rollcall", "src-tauri/src"];

/// Words that mean the shell works the database (or the core below `ops`) directly.
const CONNECTION: &[&str] = &[
    ".conn()",
    ".conn_mut()",
    "rusqlite",
    "Connection",
    "execute(",
];

/// Words that read the clock.
const CLOCK: &[&str] = &[
    "chrono::Local",
    "Local::now",
    "now_string",
    "SystemTime::now",
];

/// The one file of each shell that reads the clock (`Clock::system()`).
const CLOCK_READERS: &[&str] = &["src/bin/rollcall/main.rs", "src-tauri/src/state.rs"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Each shell file's path (relative to the repository) and its non-test lines, numbered.
fn shell_sources() -> Vec<(String, Vec<(usize, String)>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in SHELLS {
        rust_files(&root.join(dir), &mut files);
    }
    files.sort();
    assert!(files.len() > 20, "found only {} shell files", files.len());
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let lines = text
                .lines()
                .enumerate()
                .take_while(|(_, l)| l.trim() != "#[cfg(test)]")
                .filter(|(_, l)| !l.trim_start().starts_with("//"))
                .map(|(i, l)| (i + 1, l.to_string()))
                .collect();
            (rel, lines)
        })
        .collect()
}

fn offences(words: &[&str], skip: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (file, lines) in shell_sources() {
        if skip.contains(&file.as_str()) {
            continue;
        }
        for (n, line) in lines {
            if let Some(w) = words.iter().find(|w| line.contains(*w)) {
                found.push(format!("{file}:{n}: `{w}` in: {}", line.trim()));
            }
        }
    }
    found
}

#[test]
fn shells_never_touch_the_connection() {
    let found = offences(CONNECTION, &[]);
    assert!(
        found.is_empty(),
        "a shell works the database itself; call an operation in src/ops/ instead:\n{}",
        found.join("\n")
    );
}

#[test]
fn each_shell_reads_the_clock_in_one_place() {
    let found = offences(CLOCK, &[]);
    assert!(
        found.is_empty(),
        "a shell reads the clock itself; use the `Clock` its entry point made:\n{}",
        found.join("\n")
    );
    let readers: Vec<String> = shell_sources()
        .into_iter()
        .filter(|(_, lines)| lines.iter().any(|(_, l)| l.contains("Clock::system()")))
        .map(|(file, _)| file)
        .collect();
    assert_eq!(readers, CLOCK_READERS, "files that call Clock::system()");
}

#[test]
fn the_checks_catch_what_they_look_for() {
    // The scanner itself: a line with a connection call is found, a comment is not.
    let line = "    let n = campaign::add_campus(ctx.store.conn(), id, &name)?;";
    assert!(CONNECTION.iter().any(|w| line.contains(w)));
    let line = "    let day = chrono::Local::now().date_naive();";
    assert!(CLOCK.iter().any(|w| line.contains(w)));
    let sources = shell_sources();
    let main = sources
        .iter()
        .find(|(f, _)| f == "src/bin/rollcall/main.rs")
        .expect("the CLI's main.rs is read");
    assert!(main.1.iter().any(|(_, l)| l.contains("Clock::system()")));
}

/// Every desktop command that takes a file path asks `state.allow` first (see
/// src-tauri/src/grants.rs), so a path the user never chose is refused before any file
/// is read or written. `pick_path` is the one that grants.
#[test]
fn every_desktop_command_with_a_path_checks_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src-tauri/src/commands"), &mut files);
    let mut checked = 0;
    let mut unchecked = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for command in text.split("#[tauri::command]").skip(1) {
            let signature = &command[..command.find('{').unwrap_or(command.len())];
            let name = signature
                .split("fn ")
                .nth(1)
                .and_then(|s| s.split('(').next())
                .unwrap_or("?")
                .to_string();
            let takes_path = ["PathBuf", "ReadChoice"]
                .iter()
                .any(|t| signature.contains(t));
            if !takes_path || name == "pick_path" {
                continue;
            }
            if command.contains(".allow(") {
                checked += 1;
            } else {
                unchecked.push(name);
            }
        }
    }
    assert!(
        unchecked.is_empty(),
        "desktop commands take a path without `state.allow(&path)?`: {unchecked:?}"
    );
    // roster preview/import, agency import, sync export/import, backup, restore, the
    // schedule and list exports, printing, the font, opening a file, file_exists.
    assert!(
        checked >= 13,
        "only {checked} commands with a path were found"
    );
}
