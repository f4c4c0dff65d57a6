//! Commands for 学生名单: preview and import a roster file, list and reveal students.

use std::path::PathBuf;

use rollcall::campaign::{self, CampaignId};
use rollcall::roster::import::{self, ImportOptions, ImportReport, Preview, Target, FIELDS};
use rollcall::roster::{self, ListFilter, RosterEntry};
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

type Res<T> = Result<T, UiError>;

/// What the mapping step can offer for a column.
#[derive(Serialize, ts_rs::TS)]
pub struct FieldInfo {
    pub id: &'static str,
    pub label: &'static str,
}

#[tauri::command]
pub fn roster_fields() -> Vec<FieldInfo> {
    FIELDS
        .iter()
        .map(|f| FieldInfo {
            id: f.id(),
            label: f.label(),
        })
        .collect()
}

/// The user's choices about how to read the file, as the UI sends them.
#[derive(Deserialize, ts_rs::TS)]
pub struct ReadChoice {
    pub path: PathBuf,
    /// The sheets to read as one roster, in workbook order; empty: the first sheet that
    /// holds a header.
    #[serde(default)]
    pub sheets: Vec<String>,
    /// Also read every other sheet whose header is the same as the first one's.
    #[serde(default)]
    pub all_sheets: bool,
    pub header_row: Option<u32>,
    /// Column header → field id, `extra` or `ignore`.
    #[serde(default)]
    pub overrides: Vec<(String, String)>,
}

impl ReadChoice {
    /// The core's options; `allow_withdraw` only on the run after the user confirmed.
    fn options(&self, allow_withdraw: bool) -> Res<ImportOptions> {
        let overrides = self
            .overrides
            .iter()
            .map(|(h, t)| {
                Target::parse(t)
                    .map(|t| (h.clone(), t))
                    .ok_or_else(|| UiError::user(format!("「{h}」列的字段「{t}」无法识别。")))
            })
            .collect::<Res<Vec<_>>>()?;
        Ok(ImportOptions {
            sheets: self.sheets.clone(),
            all_sheets: self.all_sheets,
            header_row: self.header_row,
            overrides,
            allow_withdraw,
        })
    }
}

#[tauri::command]
pub async fn roster_preview(state: State<'_, AppState>, choice: ReadChoice) -> Res<Preview> {
    let options = choice.options(false)?;
    state
        .run(move |s| Ok(import::read_preview(s.conn(), &choice.path, &options)?))
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
    let options = choice.options(allow_withdraw)?;
    state
        .run(move |s| {
            let c = campaign::resolve(s.conn(), Some(CampaignId(campaign_id)))?;
            let mut last = 0;
            let mut progress = |done: usize, total: usize| {
                // A message per percent is plenty for a progress bar.
                let pct = (done * 100).checked_div(total).unwrap_or(100);
                if pct != last || done == total {
                    last = pct;
                    let _ = on_progress.send(Progress { done, total });
                }
            };
            let now = rollcall::now_string();
            Ok(import::import(
                s.conn_mut(),
                &c,
                &choice.path,
                &options,
                dry_run,
                &now,
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
    state
        .run(move |s| {
            let filter = ListFilter {
                include_withdrawn,
                ..ListFilter::default()
            };
            let list = roster::list(s.conn(), CampaignId(campaign_id), &filter)?;
            Ok(list.into_iter().map(RosterEntry::masked).collect())
        })
        .await
}

/// One student's full ID number and phone, on the user's explicit request.
#[derive(Serialize, ts_rs::TS)]
pub struct Revealed {
    pub id_number: Option<String>,
    pub phone: String,
}

#[tauri::command]
pub async fn roster_reveal(
    state: State<'_, AppState>,
    campaign_id: i64,
    student_no: String,
) -> Res<Revealed> {
    state
        .run(move |s| {
            let filter = ListFilter {
                search: Some(student_no.clone()),
                include_withdrawn: true,
                ..ListFilter::default()
            };
            let found = roster::list(s.conn(), CampaignId(campaign_id), &filter)?
                .into_iter()
                .find(|e| e.student.student_no.as_str() == student_no)
                .ok_or_else(|| UiError::user(format!("找不到学号为 {student_no} 的学生。")))?;
            Ok(Revealed {
                id_number: found.student.id_number,
                phone: found.student.phone,
            })
        })
        .await
}
