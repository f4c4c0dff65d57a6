//! Commands for 设置 → 同步与备份: sync files between laptops, backup and restore.

use std::path::PathBuf;

use rollcall::backup::{BackupReport, RestoreReport};
use rollcall::campaign::CampaignId;
use rollcall::ops::{self, sync::AutoBackups};
use rollcall::settings::LaptopName;
use rollcall::sync::{ExportReport, ImportReport, SyncLog};
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

type Res<T> = Result<T, UiError>;

#[tauri::command]
pub async fn sync_log(state: State<'_, AppState>, campaign_id: i64) -> Res<SyncLog> {
    state
        .run(move |s, _| Ok(ops::sync::log(s, CampaignId(campaign_id))?))
        .await
}

#[tauri::command]
pub async fn sync_export(
    state: State<'_, AppState>,
    campaign_id: i64,
    path: PathBuf,
) -> Res<ExportReport> {
    state.allow(&path)?;
    state
        .run(move |s, clock| {
            Ok(ops::sync::export(
                s,
                &clock,
                CampaignId(campaign_id),
                &path,
                None,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn sync_import(
    state: State<'_, AppState>,
    campaign_id: i64,
    path: PathBuf,
) -> Res<ImportReport> {
    state.allow(&path)?;
    state
        .run(move |s, clock| {
            Ok(ops::sync::import(
                s,
                &clock,
                Some(CampaignId(campaign_id)),
                &path,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn backup_to(state: State<'_, AppState>, path: PathBuf) -> Res<BackupReport> {
    state.allow(&path)?;
    state
        .run(move |s, _| Ok(ops::sync::backup_to(s, &path)?))
        .await
}

/// Replaces the open database with a backup (the old file is kept beside it).
#[tauri::command]
pub async fn restore_from(state: State<'_, AppState>, path: PathBuf) -> Res<RestoreReport> {
    state.allow(&path)?;
    state
        .run(move |s, clock| Ok(ops::sync::restore(s, &clock, &path)?))
        .await
}

/// The automatic backups (newest first) and how many are kept, for 设置.
#[tauri::command]
pub async fn backup_auto_list(state: State<'_, AppState>) -> Res<AutoBackups> {
    let db = state.db_path().to_path_buf();
    state
        .run(move |s, _| Ok(ops::sync::auto_backups(s, &db)?))
        .await
}

/// Sets how many automatic backups are kept; older ones are deleted at once.
#[tauri::command]
pub async fn backup_set_keep(state: State<'_, AppState>, keep: u32) -> Res<AutoBackups> {
    let db = state.db_path().to_path_buf();
    state
        .run(move |s, clock| {
            ops::sync::set_backup_keep(s, &clock, &db, keep)?;
            Ok(ops::sync::auto_backups(s, &db)?)
        })
        .await
}

/// Restores the newest automatic backup over a file found damaged at start.
#[tauri::command]
pub async fn startup_restore(state: State<'_, AppState>) -> Res<RestoreReport> {
    state.restore_latest_backup().await
}

/// This laptop's id and name, for 设置 → 本机名称.
#[tauri::command]
pub async fn laptop_name(state: State<'_, AppState>) -> Res<LaptopName> {
    state.run(|s, _| Ok(ops::sync::laptop_name(s)?)).await
}

/// Names this laptop; `null` or blank goes back to the computer's host name.
#[tauri::command]
pub async fn set_laptop_name(state: State<'_, AppState>, name: Option<String>) -> Res<LaptopName> {
    state
        .run(move |s, _| Ok(ops::sync::set_laptop_name(s, name.as_deref())?))
        .await
}
