//! Rollcall desktop shell: opens the store, registers the commands, shows the window.
//! No rules live here; see the `rollcall` core crate.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// Imports and exports make millions of small strings; see Cargo.toml.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(test)]
mod bindings;
mod commands;
mod error;
mod grants;
mod state;
mod warm;

use std::path::PathBuf;

fn main() {
    let started = std::time::Instant::now();
    let db = match db_path_from_args() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("错误：{e}");
            std::process::exit(1);
        }
    };
    let state = match state::AppState::new(&db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("错误：{e}");
            std::process::exit(1);
        }
    };
    let warm = state.start();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .manage(warm)
        .manage(commands::campaign::DemoChoice {
            reference: std::env::args().any(|a| a == "--reference-demo"),
        })
        .manage(commands::campaign::StartupProbe(
            std::env::args()
                .any(|a| a == "--startup-probe")
                .then_some(started),
        ))
        // A file dropped on the window was chosen by the user, like one picked in a
        // dialog: the page may then name it (see grants.rs).
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                use tauri::Manager;
                let state = window.state::<state::AppState>();
                paths.iter().for_each(|p| state.grant(p));
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::campaign::app_info,
            commands::campaign::startup_drawn,
            commands::campaign::list_campaigns,
            commands::campaign::create_demo,
            commands::campaign::create_campaign,
            commands::campaign::overview,
            commands::campaign::update_campaign,
            commands::campaign::add_campus,
            commands::campaign::rename_campus,
            commands::campaign::delete_campus,
            commands::campaign::add_venue,
            commands::campaign::update_venue,
            commands::campaign::delete_venue,
            commands::campaign::add_window,
            commands::campaign::update_window,
            commands::campaign::delete_window,
            commands::campaign::set_milestone,
            commands::campaign::delete_milestone,
            commands::roster::roster_fields,
            commands::roster::roster_preview,
            commands::roster::roster_import,
            commands::roster::roster_list,
            commands::roster::roster_reveal,
            commands::schedule::schedule_view,
            commands::schedule::schedule_plan,
            commands::schedule::schedule_move,
            commands::schedule::schedule_lock,
            commands::schedule::schedule_undo,
            commands::schedule::schedule_export,
            commands::schedule::schedule_class_settings,
            commands::schedule::schedule_change_class,
            commands::schedule::schedule_settings,
            commands::schedule::schedule_set_settings,
            commands::print::print_document,
            commands::print::open_file,
            commands::files::file_exists,
            commands::files::pick_path,
            commands::print::notice_template,
            commands::print::notice_check,
            commands::print::notice_preview,
            commands::print::notice_save,
            commands::print::print_fonts,
            commands::print::print_set_font,
            commands::progress::progress_report,
            commands::progress::progress_record,
            commands::progress::progress_events,
            commands::progress::progress_void,
            commands::progress::progress_import,
            commands::remind::remind_texts,
            commands::settle::settle_view,
            commands::settle::settle_set_agency,
            commands::settle::settle_export,
            commands::export::export_preview,
            commands::export::export_save_columns,
            commands::export::export_write,
            commands::export::export_log,
            commands::export::campaign_close_preview,
            commands::export::campaign_close,
            commands::export::campaign_reopen,
            commands::check_in::checkin_slots,
            commands::check_in::checkin_status,
            commands::check_in::checkin_find,
            commands::check_in::checkin_record,
            commands::sync::sync_log,
            commands::sync::sync_export,
            commands::sync::sync_import,
            commands::sync::backup_to,
            commands::sync::restore_from,
            commands::sync::backup_auto_list,
            commands::sync::backup_set_keep,
            commands::sync::startup_restore,
            commands::sync::laptop_name,
            commands::sync::set_laptop_name,
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
