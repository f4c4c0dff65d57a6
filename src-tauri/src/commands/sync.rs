//! Commands for 设置 → 同步与备份: sync files between laptops, backup and restore.

use std::path::PathBuf;

use rollcall::backup::{self, BackupReport, RestoreReport};
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
