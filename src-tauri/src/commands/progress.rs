//! Commands for 进度跟踪: each student's status and the counts, recording and voiding
//! events, and reconciling an agency list (dry run first).

use std::path::PathBuf;

use chrono::NaiveDate;
use rollcall::campaign::CampaignId;
use rollcall::ops::{
    self,
    progress::{EventInput, Filter, ListImport},
};
use rollcall::progress::{Event, EventId, EventKind, ImportReport, ProgressReport, RecordReport};
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

type Res<T> = Result<T, UiError>;

#[tauri::command]
pub async fn progress_report(
    state: State<'_, AppState>,
    campaign_id: i64,
    today: Option<NaiveDate>,
    filter: Filter,
) -> Res<ProgressReport> {
    state
        .run(move |s, clock| {
            let clock = clock.judging(today);
            Ok(ops::progress::report(
                s,
                &clock,
                CampaignId(campaign_id),
                filter,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn progress_record(
    state: State<'_, AppState>,
    campaign_id: i64,
    student_nos: Vec<String>,
    event: EventInput,
) -> Res<RecordReport> {
    state
        .run(move |s, clock| {
            Ok(ops::progress::record(
                s,
                &clock,
                CampaignId(campaign_id),
                &student_nos,
                event,
            )?)
        })
        .await
}

/// One student's events, void ones included (shown struck through).
#[tauri::command]
pub async fn progress_events(
    state: State<'_, AppState>,
    campaign_id: i64,
    student_no: String,
) -> Res<Vec<Event>> {
    state
        .run(move |s, _| {
            Ok(ops::progress::events(
                s,
                CampaignId(campaign_id),
                Some(&student_no),
            )?)
        })
        .await
}

#[tauri::command]
pub async fn progress_void(
    state: State<'_, AppState>,
    campaign_id: i64,
    event_id: i64,
    reason: String,
) -> Res<Event> {
    state
        .run(move |s, clock| {
            Ok(ops::progress::void(
                s,
                &clock,
                CampaignId(campaign_id),
                EventId(event_id),
                &reason,
            )?)
        })
        .await
}

/// Reads an agency list and reconciles it; `dry_run` writes nothing.
#[tauri::command]
pub async fn progress_import(
    state: State<'_, AppState>,
    campaign_id: i64,
    path: PathBuf,
    kind: EventKind,
    dry_run: bool,
    recorded_by: String,
) -> Res<ImportReport> {
    state.allow(&path)?;
    state
        .run(move |s, clock| {
            let req = ListImport {
                path: &path,
                kind,
                dry_run,
                date: None,
                recorded_by: &recorded_by,
                sheet: None,
            };
            Ok(ops::progress::import(
                s,
                &clock,
                CampaignId(campaign_id),
                req,
            )?)
        })
        .await
}
