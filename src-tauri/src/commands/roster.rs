//! Commands for 学生名单: preview and import a roster file, list and reveal students.

use rollcall::campaign::CampaignId;
use rollcall::ops::{
    self,
    roster::{FieldInfo, ReadChoice, Revealed},
};
use rollcall::roster::import::{ImportReport, Preview};
use rollcall::roster::{ListFilter, RosterEntry};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

type Res<T> = Result<T, UiError>;

#[tauri::command]
pub fn roster_fields() -> Vec<FieldInfo> {
    ops::roster::fields()
}

#[tauri::command]
pub async fn roster_preview(state: State<'_, AppState>, choice: ReadChoice) -> Res<Preview> {
    state.allow(&choice.path)?;
    state
        .run(move |s, _| Ok(ops::roster::preview(s, &choice)?))
        .await
}

/// Progress of a long import, sent as it goes.
#[derive(Clone, Serialize, ts_rs::TS)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

#[tauri::command]
pub async fn roster_import(
    state: State<'_, AppState>,
    campaign_id: i64,
    choice: ReadChoice,
    dry_run: bool,
    allow_withdraw: bool,
    on_progress: Channel<Progress>,
) -> Res<ImportReport> {
    state.allow(&choice.path)?;
    let options = choice.options(allow_withdraw)?;
    state
        .run(move |s, clock| {
            let mut last = 0;
            let mut progress = |done: usize, total: usize| {
                // A message per percent is plenty for a progress bar.
                let pct = (done * 100).checked_div(total).unwrap_or(100);
                if pct != last || done == total {
                    last = pct;
                    let _ = on_progress.send(Progress { done, total });
                }
            };
            Ok(ops::roster::import(
                s,
                &clock,
                CampaignId(campaign_id),
                &choice.path,
                &options,
                dry_run,
                &mut progress,
            )?)
        })
        .await
}

/// The roster as the table shows it: ID numbers and phones masked.
#[tauri::command]
pub async fn roster_list(
    state: State<'_, AppState>,
    campaign_id: i64,
    include_withdrawn: bool,
) -> Res<Vec<RosterEntry>> {
    let filter = ListFilter {
        include_withdrawn,
        ..ListFilter::default()
    };
    state
        .run(move |s, _| {
            Ok(ops::roster::list(
                s,
                CampaignId(campaign_id),
                &filter,
                false,
            )?)
        })
        .await
}

/// One student's full ID number and phone, on the user's explicit request.
#[tauri::command]
pub async fn roster_reveal(
    state: State<'_, AppState>,
    campaign_id: i64,
    student_no: String,
) -> Res<Revealed> {
    state
        .run(move |s, _| {
            Ok(ops::roster::reveal(
                s,
                CampaignId(campaign_id),
                &student_no,
            )?)
        })
        .await
}
