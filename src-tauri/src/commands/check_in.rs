//! Commands for 现场签到: the slots to pick from, the desk's live counts and missing
//! students, a name search, and checking a 学号 in.

use chrono::NaiveDate;
use rollcall::campaign::CampaignId;
use rollcall::check_in::desk::{DeskStatus, Found};
use rollcall::check_in::CheckInReport;
use rollcall::ops::{
    self,
    check_in::{Arrival, DeskSlots},
};
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

type Res<T> = Result<T, UiError>;

/// Names the search shows at most.
const SEARCH_LIMIT: usize = 12;

#[tauri::command]
pub async fn checkin_slots(state: State<'_, AppState>, campaign_id: i64) -> Res<DeskSlots> {
    state
        .run(move |s, clock| Ok(ops::check_in::slots(s, &clock, CampaignId(campaign_id))?))
        .await
}

#[tauri::command]
pub async fn checkin_status(
    state: State<'_, AppState>,
    campaign_id: i64,
    slot: Option<i64>,
    date: Option<NaiveDate>,
) -> Res<DeskStatus> {
    state
        .run(move |s, clock| {
            Ok(ops::check_in::status(
                s,
                &clock,
                CampaignId(campaign_id),
                slot,
                date,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn checkin_find(
    state: State<'_, AppState>,
    campaign_id: i64,
    text: String,
) -> Res<Vec<Found>> {
    state
        .run(move |s, _| {
            Ok(ops::check_in::find(
                s,
                CampaignId(campaign_id),
                &text,
                SEARCH_LIMIT,
            )?)
        })
        .await
}

/// Checks one 学号 in at the slot being run (its date; else today).
#[tauri::command]
pub async fn checkin_record(
    state: State<'_, AppState>,
    campaign_id: i64,
    student_no: String,
    slot: Option<i64>,
    date: Option<NaiveDate>,
    recorded_by: String,
) -> Res<CheckInReport> {
    state
        .run(move |s, clock| {
            let arrival = Arrival {
                student_nos: vec![student_no],
                slot,
                date,
                time: None,
                recorded_by,
            };
            Ok(ops::check_in::record(
                s,
                &clock,
                CampaignId(campaign_id),
                arrival,
            )?)
        })
        .await
}
