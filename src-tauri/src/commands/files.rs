//! Commands about files the user names: whether a typed save path already holds a file,
//! so the UI can ask before replacing it (the native save dialog asks on its own).

use std::path::PathBuf;

use crate::error::UiError;

/// True when `path` names an existing file (a folder is left for the write to refuse).
#[tauri::command]
pub fn file_exists(path: PathBuf) -> Result<bool, UiError> {
    Ok(path.is_file())
}
