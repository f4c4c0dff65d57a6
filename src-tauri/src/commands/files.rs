//! Commands about files the user names: the native file dialog (its answer is the only
//! way a path outside the data folder becomes usable, see `grants.rs`), and whether a
//! typed save path already holds a file, so the UI can ask before replacing it (the
//! native save dialog asks on its own).

use std::path::PathBuf;

use serde::Deserialize;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use crate::error::UiError;
use crate::state::AppState;

/// True when `path` names an existing file (a folder is left for the write to refuse).
#[tauri::command]
pub fn file_exists(state: State<'_, AppState>, path: PathBuf) -> Result<bool, UiError> {
    state.allow(&path)?;
    Ok(path.is_file())
}

/// Which dialog to show.
#[derive(Deserialize, Clone, Copy, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "PickMode")]
pub enum PickMode {
    Open,
    Save,
}

/// Shows the native open or save dialog (filtered to `extensions`, starting at
/// `default_path`); the file chosen may then be named in any command this session.
/// `None` when the user cancelled.
#[tauri::command]
pub async fn pick_path(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    mode: PickMode,
    name: String,
    extensions: Vec<String>,
    default_path: Option<PathBuf>,
) -> Result<Option<PathBuf>, UiError> {
    let chosen = tauri::async_runtime::spawn_blocking(move || {
        let exts: Vec<&str> = extensions.iter().map(String::as_str).collect();
        let mut dialog = app.dialog().file().add_filter(name, &exts);
        if let Some(p) = &default_path {
            if let Some(dir) = p.parent().filter(|d| d.is_dir()) {
                dialog = dialog.set_directory(dir);
            }
            if let Some(file) = p.file_name() {
                dialog = dialog.set_file_name(file.to_string_lossy());
            }
        }
        match mode {
            PickMode::Open => dialog.blocking_pick_file(),
            PickMode::Save => dialog.blocking_save_file(),
        }
    })
    .await
    .map_err(|e| UiError::internal(format!("文件对话框失败：{e}")))?;
    let Some(chosen) = chosen else {
        return Ok(None);
    };
    let path = chosen
        .into_path()
        .map_err(|e| UiError::user(format!("无法使用所选的文件：{e}")))?;
    state.grant(&path);
    Ok(Some(path))
}
