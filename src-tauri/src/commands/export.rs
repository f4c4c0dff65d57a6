//! Commands for 导出: preview and write the final / excluded list, the saved column
//! choice, the export log, and closing / reopening the campaign.

use std::path::PathBuf;

use chrono::NaiveDate;
use rollcall::campaign::{self, CampaignId};
use rollcall::export::{
    self, close::ClosePreview, columns, Closing, Encoding, ExportOutcome, ExportRequest, ListKind,
    LogEntry, Preview,
};
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

type Res<T> = Result<T, UiError>;

/// Rows the preview table shows.
const PREVIEW_ROWS: usize = 20;

fn today_or_now(today: Option<NaiveDate>) -> NaiveDate {
    today.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The UI sends column headers (学号, 姓名, ...) in the chosen order; `None`: saved.
fn parse_columns(
    list: ListKind,
    headers: Option<Vec<String>>,
) -> Res<Option<Vec<columns::Column>>> {
    Ok(match headers {
        Some(h) => Some(columns::parse(list, &h)?),
        None => None,
    })
}

#[tauri::command]
pub async fn export_preview(
    state: State<'_, AppState>,
    campaign_id: i64,
    list: ListKind,
    today: Option<NaiveDate>,
    columns: Option<Vec<String>>,
) -> Res<Preview> {
    state
        .run(move |s| {
            let c = campaign::resolve(s.conn(), Some(CampaignId(campaign_id)))?;
            let cols = parse_columns(list, columns)?;
            Ok(export::preview(
                s.conn(),
                &c,
                list,
                today_or_now(today),
                cols,
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
        .run(move |s| {
            let cols = columns::parse(list, &columns)?;
            Ok(export::save_columns(
                s.conn(),
                list,
                &cols,
                &rollcall::now_string(),
            )?)
        })
        .await
}

#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn export_write(
    state: State<'_, AppState>,
    campaign_id: i64,
    list: ListKind,
    path: PathBuf,
    today: Option<NaiveDate>,
    encoding: Encoding,
    columns: Option<Vec<String>>,
) -> Res<ExportOutcome> {
    state
        .run(move |s| {
            let c = campaign::resolve(s.conn(), Some(CampaignId(campaign_id)))?;
            let req = ExportRequest {
                list,
                path,
                today: today_or_now(today),
                encoding,
                columns: parse_columns(list, columns)?,
                save_columns: false,
            };
            Ok(export::export(s.conn(), &c, &req, &rollcall::now_string())?)
        })
        .await
}

#[tauri::command]
pub async fn export_log(state: State<'_, AppState>, campaign_id: i64) -> Res<Vec<LogEntry>> {
    state
        .run(move |s| Ok(export::export_log(s.conn(), CampaignId(campaign_id))?))
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
        .run(move |s| {
            let c = campaign::resolve(s.conn(), Some(CampaignId(campaign_id)))?;
            Ok(export::close::preview(s.conn(), &c, today_or_now(today))?)
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
        .run(move |s| {
            let c = campaign::resolve(s.conn(), Some(CampaignId(campaign_id)))?;
            let now = rollcall::now_string();
            Ok(export::close(s.conn_mut(), &c, today_or_now(today), &now)?)
        })
        .await
}

#[tauri::command]
pub async fn campaign_reopen(state: State<'_, AppState>, campaign_id: i64) -> Res<Closing> {
    state
        .run(move |s| {
            let now = rollcall::now_string();
            Ok(export::reopen(s.conn_mut(), CampaignId(campaign_id), &now)?)
        })
        .await
}
