//! Commands for 拍摄安排: plan, show the stored schedule with its checks and capacity,
//! move / lock / unlock a slot, undo, export the schedule as .xlsx; each class's
//! settings (campus, online, dates) and the plan settings (rounding, arrival).

use std::path::PathBuf;

use chrono::NaiveDate;
use rollcall::campaign::{self, CampaignDetail, CampaignId, SessionWindow, Venue};
use rollcall::plan::{
    self, ClassDemand, ClassSetting, ClassSettingChange, MoveRequest, PlanOutcome, PlanSettings,
    ScheduleReport, Slot,
};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

type Res<T> = Result<T, UiError>;

/// What the page draws: the stored schedule with its checks, and the venues and
/// windows that make the timeline's lanes and shading.
#[derive(Serialize, ts_rs::TS)]
pub struct ScheduleView {
    pub report: ScheduleReport,
    pub venues: Vec<Venue>,
    pub windows: Vec<SessionWindow>,
}

#[tauri::command]
pub async fn schedule_view(state: State<'_, AppState>, campaign_id: i64) -> Res<ScheduleView> {
    state
        .run(move |s| {
            let id = CampaignId(campaign_id);
            let detail = CampaignDetail::load(s.conn(), campaign::resolve(s.conn(), Some(id))?)?;
            Ok(ScheduleView {
                report: plan::report(s.conn(), id)?,
                venues: detail.venues,
                windows: detail.windows,
            })
        })
        .await
}

/// Plans around the locked slots and saves the result (undoable).
#[tauri::command]
pub async fn schedule_plan(state: State<'_, AppState>, campaign_id: i64) -> Res<PlanOutcome> {
    state
        .run(move |s| {
            let now = rollcall::now_string();
            Ok(plan::plan_and_save(
                s.conn_mut(),
                CampaignId(campaign_id),
                &now,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn schedule_move(
    state: State<'_, AppState>,
    campaign_id: i64,
    request: MoveRequest,
) -> Res<Slot> {
    state
        .run(move |s| {
            let now = rollcall::now_string();
            Ok(plan::move_slot(
                s.conn_mut(),
                CampaignId(campaign_id),
                &request,
                &now,
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
        .run(move |s| {
            let now = rollcall::now_string();
            Ok(plan::set_locked(
                s.conn_mut(),
                CampaignId(campaign_id),
                &class_name,
                locked,
                &now,
            )?)
        })
        .await
}

/// Takes back the last plan, move, lock or unlock; returns which it was.
#[tauri::command]
pub async fn schedule_undo(state: State<'_, AppState>, campaign_id: i64) -> Res<String> {
    state
        .run(move |s| Ok(plan::undo(s.conn_mut(), CampaignId(campaign_id))?))
        .await
}

#[derive(Serialize, ts_rs::TS)]
pub struct ScheduleExport {
    pub path: PathBuf,
    pub slots: usize,
}

#[tauri::command]
pub async fn schedule_export(
    state: State<'_, AppState>,
    campaign_id: i64,
    path: PathBuf,
) -> Res<ScheduleExport> {
    state
        .run(move |s| {
            let schedule = plan::load_schedule(s.conn(), CampaignId(campaign_id))?;
            if schedule.slots.is_empty() {
                return Err(UiError::user("还没有拍摄安排可导出。请先点“排程”。"));
            }
            plan::export_xlsx(&schedule, &path)?;
            Ok(ScheduleExport {
                path,
                slots: schedule.slots.len(),
            })
        })
        .await
}

/// What the 班级设置 panel lists: every eligible class as the planner sees it (campus
/// resolved, dates applied), the settings the user made, the campaign's campuses and
/// the plan settings.
#[derive(Serialize, ts_rs::TS)]
pub struct ClassSettingsView {
    pub classes: Vec<ClassDemand>,
    pub settings: Vec<ClassSetting>,
    pub campuses: Vec<String>,
    pub plan_settings: PlanSettings,
}

#[tauri::command]
pub async fn schedule_class_settings(
    state: State<'_, AppState>,
    campaign_id: i64,
) -> Res<ClassSettingsView> {
    state
        .run(move |s| {
            let id = CampaignId(campaign_id);
            let input = plan::load_input(s.conn(), id)?;
            Ok(ClassSettingsView {
                classes: input.classes,
                settings: plan::class_settings(s.conn(), id)?,
                campuses: input.campuses,
                plan_settings: input.settings,
            })
        })
        .await
}

/// A class's settings as the form shows them: the whole state, not a change, so the
/// UI can also clear a campus or a date (JSON null cannot say "clear" in a change).
#[derive(Deserialize, ts_rs::TS)]
pub struct ClassSettingForm {
    /// Campus to shoot at; None: the roster's campus.
    pub campus: Option<String>,
    pub online: bool,
    pub not_before: Option<NaiveDate>,
    pub not_on: Vec<NaiveDate>,
}

impl From<ClassSettingForm> for ClassSettingChange {
    fn from(f: ClassSettingForm) -> Self {
        ClassSettingChange {
            campus: Some(f.campus),
            online: Some(f.online),
            not_before: Some(f.not_before),
            add_not_on: f.not_on,
            clear_not_on: true,
        }
    }
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
        .run(move |s| {
            Ok(plan::change_class_setting(
                s.conn(),
                CampaignId(campaign_id),
                &class_name,
                &form.into(),
            )?)
        })
        .await
}

#[tauri::command]
pub async fn schedule_settings(state: State<'_, AppState>, campaign_id: i64) -> Res<PlanSettings> {
    state
        .run(move |s| Ok(plan::settings(s.conn(), CampaignId(campaign_id))?))
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
        .run(move |s| {
            let id = CampaignId(campaign_id);
            plan::set_settings(s.conn(), id, &settings)?;
            Ok(plan::settings(s.conn(), id)?)
        })
        .await
}
