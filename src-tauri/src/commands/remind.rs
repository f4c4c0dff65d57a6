//! Commands for 催办提醒: per-class reminder texts for counselors (the core words them).

use chrono::NaiveDate;
use rollcall::campaign::CampaignId;
use rollcall::ops::{self, remind::Scope};
use rollcall::remind::{RemindKind, Reminders};
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

type Res<T> = Result<T, UiError>;

#[tauri::command]
pub async fn remind_texts(
    state: State<'_, AppState>,
    campaign_id: i64,
    kind: RemindKind,
    scope: Scope,
    today: Option<NaiveDate>,
) -> Res<Reminders> {
    state
        .run(move |s, clock| {
            let clock = clock.judging(today);
            Ok(ops::remind::texts(
                s,
                &clock,
                CampaignId(campaign_id),
                kind,
                scope,
            )?)
        })
        .await
}
