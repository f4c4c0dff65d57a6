//! Commands for 进度跟踪: each student's status and the counts, recording and voiding
//! events, and reconciling an agency list (dry run first).

use std::path::PathBuf;

use chrono::NaiveDate;
use rollcall::campaign::CampaignId;
use rollcall::progress::{
    self, Event, EventId, EventKind, ImportOptions, ImportReport, NewEvent, ProgressFilter,
    ProgressReport, RecordReport, Source, State as StudentState,
};
use serde::Deserialize;
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

type Res<T> = Result<T, UiError>;

fn today_or_now(today: Option<NaiveDate>) -> NaiveDate {
    today.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The list's filter as the UI sends it; empty strings do not filter.
#[derive(Deserialize, Default, ts_rs::TS)]
#[ts(rename = "ProgressFilter")]
pub struct Filter {
    #[serde(default)]
    pub class_name: Option<String>,
    #[serde(default)]
    pub state: Option<StudentState>,
}

fn some(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

#[tauri::command]
pub async fn progress_report(
    state: State<'_, AppState>,
    campaign_id: i64,
    today: Option<NaiveDate>,
    filter: Filter,
) -> Res<ProgressReport> {
    state
        .run(move |s| {
            let f = ProgressFilter {
                class_name: some(filter.class_name),
                state: filter.state,
                ..ProgressFilter::default()
            };
            Ok(progress::report(
                s.conn(),
                CampaignId(campaign_id),
                today_or_now(today),
                &f,
            )?)
        })
        .await
}

/// An event typed by the office for one or many students.
#[derive(Deserialize, ts_rs::TS)]
pub struct EventInput {
    pub kind: EventKind,
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub recorded_by: String,
}

#[tauri::command]
pub async fn progress_record(
    state: State<'_, AppState>,
    campaign_id: i64,
    student_nos: Vec<String>,
    event: EventInput,
) -> Res<RecordReport> {
    state
        .run(move |s| {
            let c = CampaignId(campaign_id);
            let e = NewEvent {
                kind: event.kind,
                date: today_or_now(event.date),
                source: Source::Typed,
                note: event.note.trim().to_string(),
                recorded_by: event.recorded_by.trim().to_string(),
                origin: String::new(),
            };
            let now = rollcall::now_string();
            Ok(progress::record(s.conn_mut(), c, &student_nos, &e, &now)?)
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
        .run(move |s| {
            Ok(progress::list_events(
                s.conn(),
                CampaignId(campaign_id),
                Some(&student_no),
                true,
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
        .run(move |s| {
            let c = CampaignId(campaign_id);
            let now = rollcall::now_string();
            Ok(progress::void(
                s.conn(),
                c,
                EventId(event_id),
                &reason,
                &now,
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
    state
        .run(move |s| {
            let c = CampaignId(campaign_id);
            let opts = ImportOptions {
                kind,
                dry_run,
                default_date: today_or_now(None),
                recorded_by: recorded_by.trim().to_string(),
                sheet: None,
            };
            let now = rollcall::now_string();
            Ok(progress::import_file(s.conn_mut(), c, &path, &opts, &now)?)
        })
        .await
}
