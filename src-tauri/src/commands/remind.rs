//! Commands for 催办提醒: per-class reminder texts for counselors (the core words them).

use chrono::NaiveDate;
use rollcall::campaign::{self, CampaignDetail, CampaignId};
use rollcall::print::lists::ListScope;
use rollcall::remind::{self, RemindKind, Reminders};
use serde::Deserialize;
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

type Res<T> = Result<T, UiError>;

/// Which classes to remind; empty fields do not filter.
#[derive(Deserialize, Default, ts_rs::TS)]
#[ts(rename = "RemindScope")]
pub struct ScopeInput {
    #[serde(default)]
    pub class_name: Option<String>,
    #[serde(default)]
    pub college: Option<String>,
    /// Every class of one counselor.
    #[serde(default)]
    pub counselor: Option<String>,
}

fn keep(v: Option<String>) -> Option<String> {
    v.filter(|t| !t.trim().is_empty())
}

#[tauri::command]
pub async fn remind_texts(
    state: State<'_, AppState>,
    campaign_id: i64,
    kind: RemindKind,
    scope: ScopeInput,
    today: Option<NaiveDate>,
) -> Res<Reminders> {
    state
        .run(move |s| {
            let conn = s.conn();
            let detail = CampaignDetail::load(
                conn,
                campaign::resolve(conn, Some(CampaignId(campaign_id)))?,
            )?;
            let scope = ListScope {
                class_name: keep(scope.class_name),
                college: keep(scope.college),
                counselor: keep(scope.counselor),
            };
            let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
            Ok(remind::build(conn, &detail, kind, today, &scope)?)
        })
        .await
}
