//! Commands for 拍摄安排: plan, show the stored schedule with its checks and capacity,
//! move / lock / unlock a slot, undo, export the schedule as .xlsx; each class's
//! settings (campus, online, dates) and the plan settings (rounding, arrival).

use std::path::PathBuf;

use rollcall::campaign::CampaignId;
use rollcall::ops::{
    self,
    plan::{ClassSettingForm, ClassSettingsView, ScheduleExport, ScheduleView},
};
use rollcall::plan::{ClassSetting, MoveRequest, PlanOutcome, PlanSettings, Slot};
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

type Res<T> = Result<T, UiError>;

#[tauri::command]
pub async fn schedule_view(state: State<'_, AppState>, campaign_id: i64) -> Res<ScheduleView> {
    state
        .run(move |s, _| Ok(ops::plan::view(s, CampaignId(campaign_id))?))
        .await
}

/// Plans around the locked slots and saves the result (undoable).
#[tauri::command]
pub async fn schedule_plan(state: State<'_, AppState>, campaign_id: i64) -> Res<PlanOutcome> {
    state
        .run(move |s, clock| Ok(ops::plan::plan(s, &clock, CampaignId(campaign_id), false)?))
        .await
}

#[tauri::command]
pub async fn schedule_move(
    state: State<'_, AppState>,
    campaign_id: i64,
    request: MoveRequest,
) -> Res<Slot> {
    state
        .run(move |s, clock| {
            Ok(ops::plan::move_slot(
                s,
                &clock,
                CampaignId(campaign_id),
                &request,
            )?)
        })
        .await
}

/// Locks or unlocks every slot of a class; returns how many changed.
#[tauri::command]
pub async fn schedule_lock(
    state: State<'_, AppState>,
    campaign_id: i64,
    class_name: String,
    locked: bool,
) -> Res<usize> {
    state
        .run(move |s, clock| {
            Ok(ops::plan::lock(
                s,
                &clock,
                CampaignId(campaign_id),
                &class_name,
                locked,
            )?)
        })
        .await
}

/// Takes back the last plan, move, lock or unlock; returns which it was.
#[tauri::command]
pub async fn schedule_undo(state: State<'_, AppState>, campaign_id: i64) -> Res<String> {
    state
        .run(move |s, _| Ok(ops::plan::undo(s, CampaignId(campaign_id))?))
        .await
}

#[tauri::command]
pub async fn schedule_export(
    state: State<'_, AppState>,
    campaign_id: i64,
    path: PathBuf,
) -> Res<ScheduleExport> {
    state.allow(&path)?;
    state
        .run(move |s, _| Ok(ops::plan::export(s, CampaignId(campaign_id), &path)?))
        .await
}

#[tauri::command]
pub async fn schedule_class_settings(
    state: State<'_, AppState>,
    campaign_id: i64,
) -> Res<ClassSettingsView> {
    state
        .run(move |s, _| Ok(ops::plan::class_settings_view(s, CampaignId(campaign_id))?))
        .await
}

/// Stores one class's settings; returns them as stored. The schedule changes only
/// when the user plans again.
#[tauri::command]
pub async fn schedule_change_class(
    state: State<'_, AppState>,
    campaign_id: i64,
    class_name: String,
    form: ClassSettingForm,
) -> Res<ClassSetting> {
    state
        .run(move |s, _| {
            let change = form.into();
            Ok(ops::plan::change_class(
                s,
                CampaignId(campaign_id),
                &class_name,
                &change,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn schedule_settings(state: State<'_, AppState>, campaign_id: i64) -> Res<PlanSettings> {
    state
        .run(move |s, _| Ok(ops::plan::settings(s, CampaignId(campaign_id))?))
        .await
}

/// Changes the slot rounding and arrival lead time; returns them as stored.
#[tauri::command]
pub async fn schedule_set_settings(
    state: State<'_, AppState>,
    campaign_id: i64,
    settings: PlanSettings,
) -> Res<PlanSettings> {
    state
        .run(move |s, _| {
            Ok(ops::plan::set_settings(
                s,
                CampaignId(campaign_id),
                &settings,
            )?)
        })
        .await
}
