//! Commands for 设置 → 同步与备份: sync files between laptops, backup and restore.

use std::path::PathBuf;

use rollcall::backup::{self, AutoBackup, BackupReport, RestoreReport};
use rollcall::campaign::CampaignId;
use rollcall::store::Store;
use rollcall::sync::{self, ExportReport, ImportReport, SyncLog};
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

type Res<T> = Result<T, UiError>;

#[tauri::command]
pub async fn sync_log(state: State<'_, AppState>, campaign_id: i64) -> Res<SyncLog> {
    state
        .run(move |s| Ok(sync::log(s.conn(), CampaignId(campaign_id))?))
        .await
}

#[tauri::command]
pub async fn sync_export(
    state: State<'_, AppState>,
    campaign_id: i64,
    path: PathBuf,
) -> Res<ExportReport> {
    state
        .run(move |s| {
            let now = rollcall::now_string();
            Ok(sync::export(
                s.conn_mut(),
                CampaignId(campaign_id),
                &path,
                None,
                &now,
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
    state
        .run(move |s| {
            let now = rollcall::now_string();
            Ok(sync::import(
                s.conn_mut(),
                &path,
                Some(CampaignId(campaign_id)),
                &now,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn backup_to(state: State<'_, AppState>, path: PathBuf) -> Res<BackupReport> {
    state.run(move |s| Ok(backup::backup(s, &path)?)).await
}

/// Replaces the open database with a backup: the store is closed first and reopened on
/// the restored file (or on the untouched old one when the backup is refused).
#[tauri::command]
pub async fn restore_from(state: State<'_, AppState>, path: PathBuf) -> Res<RestoreReport> {
    state
        .run(move |s| {
            let db = s
                .path()
                .map(PathBuf::from)
                .ok_or_else(|| UiError::internal("内存数据库不能恢复。"))?;
            *s = Store::open_in_memory()?;
            let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
            let result = backup::restore(&db, &path, &stamp);
            *s = Store::open(&db)?;
            Ok(result?)
        })
        .await
}

/// The automatic backups (newest first) and how many are kept, for 设置.
#[derive(serde::Serialize, ts_rs::TS)]
pub struct AutoBackups {
    pub folder: PathBuf,
    pub keep: u32,
    pub backups: Vec<AutoBackup>,
}

#[tauri::command]
pub async fn backup_auto_list(state: State<'_, AppState>) -> Res<AutoBackups> {
    let db = state.db_path().to_path_buf();
    state
        .run(move |s| {
            Ok(AutoBackups {
                folder: backup::folder(&db),
                keep: rollcall::settings::backup_keep(s.conn())?,
                backups: backup::list_auto(&db)?,
            })
        })
        .await
}

/// Sets how many automatic backups are kept; older ones are deleted at once.
#[tauri::command]
pub async fn backup_set_keep(state: State<'_, AppState>, keep: u32) -> Res<AutoBackups> {
    let db = state.db_path().to_path_buf();
    state
        .run(move |s| {
            rollcall::settings::set_backup_keep(s.conn(), keep, &rollcall::now_string())?;
            backup::prune(&db, keep)?;
            Ok(())
        })
        .await?;
    backup_auto_list(state).await
}

/// Restores the newest automatic backup over a file found damaged at start.
#[tauri::command]
pub async fn startup_restore(state: State<'_, AppState>) -> Res<RestoreReport> {
    state.restore_latest_backup().await
}
