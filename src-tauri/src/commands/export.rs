//! Commands for 导出: preview and write the final / excluded list, the saved column
//! choice, the export log, and closing / reopening the campaign.

use std::path::PathBuf;

use chrono::NaiveDate;
use rollcall::campaign::CampaignId;
use rollcall::export::{
    close::ClosePreview, Closing, Encoding, ExportOutcome, ListKind, LogEntry, Preview,
};
use rollcall::ops::{self, export::ListExport};
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

type Res<T> = Result<T, UiError>;

/// Rows the preview table shows.
const PREVIEW_ROWS: usize = 20;

#[tauri::command]
pub async fn export_preview(
    state: State<'_, AppState>,
    campaign_id: i64,
    list: ListKind,
    today: Option<NaiveDate>,
    columns: Option<Vec<String>>,
) -> Res<Preview> {
    state
        .run(move |s, clock| {
            let clock = clock.judging(today);
            let id = CampaignId(campaign_id);
            Ok(ops::export::preview(
                s,
                &clock,
                id,
                list,
                columns,
                PREVIEW_ROWS,
            )?)
        })
        .await
}

/// Saves the column choice (and order) for `list`, office-wide.
#[tauri::command]
pub async fn export_save_columns(
    state: State<'_, AppState>,
    list: ListKind,
    columns: Vec<String>,
) -> Res<()> {
    state
        .run(move |s, clock| Ok(ops::export::save_columns(s, &clock, list, &columns)?))
        .await
}

#[tauri::command]
pub async fn export_write(
    state: State<'_, AppState>,
    campaign_id: i64,
    list: ListKind,
    path: PathBuf,
    today: Option<NaiveDate>,
    encoding: Encoding,
    columns: Option<Vec<String>>,
) -> Res<ExportOutcome> {
    state.allow(&path)?;
    state
        .run(move |s, clock| {
            let clock = clock.judging(today);
            let req = ListExport {
                list,
                path,
                encoding,
                columns,
                save_columns: false,
            };
            Ok(ops::export::write(s, &clock, CampaignId(campaign_id), req)?)
        })
        .await
}

#[tauri::command]
pub async fn export_log(state: State<'_, AppState>, campaign_id: i64) -> Res<Vec<LogEntry>> {
    state
        .run(move |s, _| Ok(ops::export::log(s, CampaignId(campaign_id))?))
        .await
}

/// What closing today would freeze (and whether the campaign is closed already).
#[tauri::command]
pub async fn campaign_close_preview(
    state: State<'_, AppState>,
    campaign_id: i64,
    today: Option<NaiveDate>,
) -> Res<ClosePreview> {
    state
        .run(move |s, clock| {
            let clock = clock.judging(today);
            Ok(ops::export::close_preview(
                s,
                &clock,
                CampaignId(campaign_id),
            )?)
        })
        .await
}

#[tauri::command]
pub async fn campaign_close(
    state: State<'_, AppState>,
    campaign_id: i64,
    today: Option<NaiveDate>,
) -> Res<Closing> {
    state
        .run(move |s, clock| {
            let clock = clock.judging(today);
            Ok(ops::export::close(s, &clock, CampaignId(campaign_id))?)
        })
        .await
}

#[tauri::command]
pub async fn campaign_reopen(state: State<'_, AppState>, campaign_id: i64) -> Res<Closing> {
    state
        .run(move |s, clock| Ok(ops::export::reopen(s, &clock, CampaignId(campaign_id))?))
        .await
}
