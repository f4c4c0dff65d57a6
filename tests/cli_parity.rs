//! Anything the desktop can do, the command line can do (ARCHITECTURE.md). The desktop's
//! commands are the ones `src-tauri/commands.txt` lists (each becomes a permission the UI
//! needs to call it); every one of them is either mapped here to the CLI subcommands that
//! do the same through the same core call, or listed as desktop-only with the reason.
//! A new desktop command without either fails `every_desktop_command_has_a_cli_counterpart`.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

/// Desktop command → the CLI subcommand paths that do what it does.
const COUNTERPARTS: &[(&str, &[&str])] = &[
    ("list_campaigns", &["campaign list"]),
    ("create_demo", &["demo"]),
    ("create_campaign", &["campaign new"]),
    ("overview", &["status", "campaign show", "campaign check"]),
    ("update_campaign", &["campaign set"]),
    ("add_campus", &["campaign campus add"]),
    ("rename_campus", &["campaign campus set"]),
    ("delete_campus", &["campaign campus rm"]),
    ("add_venue", &["campaign venue add"]),
    ("update_venue", &["campaign venue set"]),
    ("delete_venue", &["campaign venue rm"]),
    ("add_window", &["campaign window add"]),
    ("update_window", &["campaign window set"]),
    ("delete_window", &["campaign window rm"]),
    ("set_milestone", &["campaign milestone set"]),
    ("delete_milestone", &["campaign milestone rm"]),
    ("roster_fields", &["roster fields"]),
    // The desktop previews before importing; the CLI's preview is `--dry-run`.
    ("roster_preview", &["roster import"]),
    ("roster_import", &["roster import"]),
    ("roster_list", &["roster list"]),
    // `roster list --reveal` shows the full ID numbers.
    ("roster_reveal", &["roster list"]),
    ("schedule_view", &["schedule"]),
    ("schedule_plan", &["plan"]),
    ("schedule_move", &["schedule move"]),
    ("schedule_lock", &["schedule lock", "schedule unlock"]),
    ("schedule_undo", &["schedule undo"]),
    ("schedule_export", &["export schedule"]),
    ("schedule_class_settings", &["schedule class"]),
    ("schedule_change_class", &["schedule class"]),
    ("schedule_settings", &["schedule settings"]),
    ("schedule_set_settings", &["schedule settings"]),
    (
        "print_document",
        &[
            "print notice",
            "print schedule",
            "print sign-in",
            "print lists",
        ],
    ),
    ("notice_template", &["print template"]),
    ("notice_check", &["print template"]),
    ("notice_preview", &["print template"]),
    ("notice_save", &["print template"]),
    ("print_fonts", &["print font"]),
    ("print_set_font", &["print font"]),
    ("sync_log", &["sync log"]),
    ("sync_export", &["sync export"]),
    ("sync_import", &["sync import"]),
    ("backup_to", &["backup"]),
    ("restore_from", &["restore"]),
    ("backup_auto_list", &["backup list"]),
    ("backup_set_keep", &["backup auto"]),
    ("laptop_name", &["sync name"]),
    ("set_laptop_name", &["sync name"]),
    // The window offers the newest automatic backup when the file is damaged at start;
    // `doctor` names it with the restore command to run.
    ("startup_restore", &["doctor", "restore"]),
    ("progress_report", &["progress"]),
    ("progress_record", &["record add"]),
    ("progress_events", &["record list"]),
    ("progress_void", &["record void"]),
    ("progress_import", &["record import"]),
    ("remind_texts", &["remind"]),
    ("settle_view", &["settle"]),
    ("settle_set_agency", &["settle agency"]),
    // `settle --xlsx F` / `settle --pdf F`.
    ("settle_export", &["settle"]),
    // The desktop shows the first rows before writing; the CLI writes the whole list.
    ("export_preview", &["export final", "export excluded"]),
    // `export final|excluded --columns … --save-columns`.
    ("export_save_columns", &["export final", "export excluded"]),
    ("export_write", &["export final", "export excluded"]),
    ("export_log", &["export log"]),
    // `campaign close` without `--yes` shows what closing would freeze.
    ("campaign_close_preview", &["campaign close"]),
    ("campaign_close", &["campaign close"]),
    ("campaign_reopen", &["campaign reopen"]),
    ("checkin_slots", &["check-in slots"]),
    ("checkin_status", &["check-in status"]),
    ("checkin_find", &["check-in find"]),
    ("checkin_record", &["check-in"]),
];

/// Desktop commands that only make sense in a window, with the reason.
const DESKTOP_ONLY: &[(&str, &str)] = &[
    (
        "app_info",
        "what the window needs at start (database path, documents folder, startup notice); \
         the CLI takes --db and has --version",
    ),
    (
        "startup_drawn",
        "tells a --startup-probe window (scripts/cold-start.sh) that the overview is drawn; \
         a terminal has no window to draw",
    ),
    (
        "open_file",
        "opens a finished PDF in the system viewer; in a terminal the user opens the file",
    ),
    (
        "file_exists",
        "lets a typed save path ask before replacing a file; CLI commands name their --out",
    ),
    (
        "pick_path",
        "shows the native file dialog and lets the window use the file chosen; \
         a terminal takes paths as arguments",
    ),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The commands `src-tauri/commands.txt` lists (comments and blank lines skipped).
fn listed_commands() -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("src-tauri/commands.txt"))
        .expect("read src-tauri/commands.txt");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// The functions marked `#[tauri::command]` in src-tauri/src/commands/*.rs.
fn defined_commands() -> BTreeSet<String> {
    let dir = root().join("src-tauri/src/commands");
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("read src-tauri/src/commands") {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut marked = false;
        for line in text.lines().map(str::trim) {
            if line.starts_with("#[tauri::command") {
                marked = true;
                continue;
            }
            if !marked || line.starts_with("#[") || line.starts_with("//") {
                continue;
            }
            let rest = line
                .trim_start_matches("pub ")
                .trim_start_matches("async ")
                .strip_prefix("fn ");
            if let Some(rest) = rest {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.insert(name);
            }
            marked = false;
        }
    }
    out
}

#[test]
fn commands_txt_lists_exactly_the_desktop_commands() {
    let listed = listed_commands();
    let defined = defined_commands();
    assert!(listed.len() > 50, "commands.txt read wrong: {listed:?}");
    let unlisted: Vec<_> = defined.difference(&listed).collect();
    let undefined: Vec<_> = listed.difference(&defined).collect();
    assert!(
        unlisted.is_empty() && undefined.is_empty(),
        "#[tauri::command] functions missing from src-tauri/commands.txt: {unlisted:?}; \
         listed there but not defined in src-tauri/src/commands: {undefined:?}"
    );
}

#[test]
fn every_desktop_command_has_a_cli_counterpart() {
    let mapped: BTreeSet<&str> = COUNTERPARTS.iter().map(|(d, _)| *d).collect();
    let exempt: BTreeSet<&str> = DESKTOP_ONLY.iter().map(|(d, _)| *d).collect();
    assert_eq!(
        mapped.len(),
        COUNTERPARTS.len(),
        "a command is mapped twice"
    );
    let both: Vec<_> = mapped.intersection(&exempt).collect();
    assert!(both.is_empty(), "mapped and desktop-only at once: {both:?}");

    let listed = listed_commands();
    let missing: Vec<&String> = listed
        .iter()
        .filter(|c| !mapped.contains(c.as_str()) && !exempt.contains(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "desktop commands without a CLI counterpart: {missing:?}. Add a CLI subcommand \
         calling the same core function (src/bin/rollcall/) and map it in COUNTERPARTS of \
         tests/cli_parity.rs, or list it in DESKTOP_ONLY with the reason it cannot apply \
         in a terminal."
    );
    let stale: Vec<&str> = mapped
        .union(&exempt)
        .filter(|c| !listed.contains(**c))
        .copied()
        .collect();
    assert!(
        stale.is_empty(),
        "tests/cli_parity.rs names commands src-tauri/commands.txt no longer lists: {stale:?}"
    );
    for (command, reason) in DESKTOP_ONLY {
        assert!(reason.len() > 20, "{command}: say why it is desktop-only");
    }
}

#[test]
fn every_mapped_cli_command_exists() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("never-created.db");
    let paths: BTreeSet<&str> = COUNTERPARTS
        .iter()
        .flat_map(|(_, paths)| paths.iter().copied())
        .collect();
    for path in paths {
        let words: Vec<&str> = path.split(' ').collect();
        let mut args = words.clone();
        args.push("--help");
        let out = common::rollcall(&db, &args);
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "`rollcall {path} --help` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // The help is the subcommand's own, not its parent's taking a word as a value
        // (`check-in status` would otherwise pass as a 学号). Clap names the program as
        // it was started: rollcall.exe on Windows.
        let program = if cfg!(windows) {
            "rollcall.exe"
        } else {
            "rollcall"
        };
        assert!(
            help.contains(&format!("Usage: {program} {path}")),
            "`{path}` is not a subcommand:\n{help}"
        );
    }
    assert!(!db.exists(), "--help opened the database");
}
