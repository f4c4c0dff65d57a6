//! Rollcall desktop shell: opens the store, registers the commands, shows the window.
//! No rules live here; see the `rollcall` core crate.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod error;
mod state;

use std::path::PathBuf;

fn main() {
    let db = match db_path_from_args() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("错误：{e}");
            std::process::exit(1);
        }
    };
    let state = match state::AppState::open(&db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("错误：{e}");
            std::process::exit(1);
        }
    };
    let result = tauri::Builder::default()
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::list_campaigns,
            commands::create_demo,
            commands::overview,
            commands::update_campaign,
            commands::add_campus,
            commands::rename_campus,
            commands::delete_campus,
            commands::add_venue,
            commands::update_venue,
            commands::delete_venue,
            commands::add_window,
            commands::update_window,
            commands::delete_window,
            commands::set_milestone,
            commands::delete_milestone,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("错误：无法启动窗口：{e}");
        std::process::exit(2);
    }
}

/// `--db PATH` (or `--db=PATH`) as in the CLI; otherwise `ROLLCALL_DB` or the default.
fn db_path_from_args() -> Result<PathBuf, rollcall::store::StoreError> {
    let mut args = std::env::args().skip(1);
    let mut explicit = None;
    while let Some(a) = args.next() {
        if a == "--db" {
            explicit = args.next().map(PathBuf::from);
        } else if let Some(p) = a.strip_prefix("--db=") {
            explicit = Some(PathBuf::from(p));
        }
    }
    rollcall::store::resolve_db_path(explicit.as_deref())
}
