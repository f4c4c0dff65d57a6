//! Commands for 现场签到: the slots to pick from, the desk's live counts and missing
//! students, a name search, and checking a 学号 in.

use chrono::NaiveDate;
use rollcall::campaign::CampaignId;
use rollcall::check_in::desk::{self, DeskSlot, DeskStatus, Found};
use rollcall::check_in::{self, CheckInReport, CheckInRequest};
use serde::Serialize;
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

type Res<T> = Result<T, UiError>;

/// Names the search shows at most.
const SEARCH_LIMIT: usize = 12;

/// The schedule's slots and the one covering the clock now (the default pick).
#[derive(Serialize, ts_rs::TS)]
pub struct DeskSlots {
    pub today: NaiveDate,
    pub slots: Vec<DeskSlot>,
    pub current: Option<i64>,
}

#[tauri::command]
pub async fn checkin_slots(state: State<'_, AppState>, campaign_id: i64) -> Res<DeskSlots> {
    state
        .run(move |s| {
            let slots = desk::slots(s.conn(), CampaignId(campaign_id))?;
            let now = chrono::Local::now().naive_local();
            Ok(DeskSlots {
                today: now.date(),
                current: desk::slot_at(&slots, now.date(), now.time()),
                slots,
            })
        })
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
        .run(move |s| {
            let date = date.unwrap_or_else(|| chrono::Local::now().date_naive());
            Ok(desk::status(s.conn(), CampaignId(campaign_id), slot, date)?)
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
        .run(move |s| {
            Ok(desk::find(
                s.conn(),
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
        .run(move |s| {
            let c = CampaignId(campaign_id);
            let now = chrono::Local::now();
            let req = CheckInRequest {
                student_nos: vec![student_no.trim().to_string()],
                slot,
                date,
                time: now.time(),
                recorded_by: recorded_by.trim().to_string(),
            };
            Ok(check_in::check_in(
                s.conn_mut(),
                c,
                &req,
                now.date_naive(),
                &rollcall::now_string(),
            )?)
        })
        .await
}
