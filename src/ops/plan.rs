//! 拍摄安排: plan (or preview a plan), the stored schedule with its checks, move / lock /
//! unlock a slot, undo, export the schedule as .xlsx, each class's settings and the
//! plan settings.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Clock, Failure, Result};
use crate::campaign::{CampaignId, SessionWindow, Venue};
use crate::plan::{
    self, ClassDemand, ClassSetting, ClassSettingChange, MoveRequest, PlanOutcome, PlanSettings,
    ScheduleReport, Slot,
};
use crate::store::Store;

/// What the schedule page draws: the stored schedule with its checks, and the venues
/// and windows that make the timeline's lanes and shading.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ScheduleView {
    pub report: ScheduleReport,
    pub venues: Vec<Venue>,
    pub windows: Vec<SessionWindow>,
}

pub fn view(store: &Store, campaign: CampaignId) -> Result<ScheduleView> {
    let detail = super::campaign::detail(store, Some(campaign))?;
    Ok(ScheduleView {
        report: report(store, campaign)?,
        venues: detail.venues,
        windows: detail.windows,
    })
}

/// The stored schedule and its checks.
pub fn report(store: &Store, campaign: CampaignId) -> Result<ScheduleReport> {
    Ok(plan::report(store.conn(), campaign)?)
}

/// Plans around the locked slots; saved (undoable) unless `dry_run`.
pub fn plan(
    store: &mut Store,
    clock: &Clock,
    campaign: CampaignId,
    dry_run: bool,
) -> Result<PlanOutcome> {
    Ok(if dry_run {
        plan::preview(store.conn(), campaign)?
    } else {
        plan::plan_and_save(store.conn_mut(), campaign, clock)?
    })
}

pub fn move_slot(
    store: &mut Store,
    clock: &Clock,
    campaign: CampaignId,
    request: &MoveRequest,
) -> Result<Slot> {
    Ok(plan::move_slot(store.conn_mut(), campaign, request, clock)?)
}

/// Locks or unlocks every slot of a class; returns how many changed.
pub fn lock(
    store: &mut Store,
    clock: &Clock,
    campaign: CampaignId,
    class_name: &str,
    locked: bool,
) -> Result<usize> {
    Ok(plan::set_locked(
        store.conn_mut(),
        campaign,
        class_name,
        locked,
        clock,
    )?)
}

/// Takes back the last plan, move, lock or unlock; returns which it was.
pub fn undo(store: &mut Store, campaign: CampaignId) -> Result<String> {
    Ok(plan::undo(store.conn_mut(), campaign)?)
}

/// A written schedule file.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ScheduleExport {
    pub path: PathBuf,
    pub slots: usize,
}

/// Writes the stored schedule as .xlsx; refused while there is none.
pub fn export(store: &Store, campaign: CampaignId, path: &Path) -> Result<ScheduleExport> {
    let schedule = plan::load_schedule(store.conn(), campaign)?;
    if schedule.slots.is_empty() {
        return Err(Failure::refused(
            "plan.NothingToExport",
            "还没有拍摄安排可导出。请先排程。",
        ));
    }
    plan::export_xlsx(&schedule, path)?;
    Ok(ScheduleExport {
        path: path.to_path_buf(),
        slots: schedule.slots.len(),
    })
}

/// What the 班级设置 panel lists: every eligible class as the planner sees it (campus
/// resolved, dates applied), the settings the user made, the campaign's campuses and
/// the plan settings.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ClassSettingsView {
    pub classes: Vec<ClassDemand>,
    pub settings: Vec<ClassSetting>,
    pub campuses: Vec<String>,
    pub plan_settings: PlanSettings,
}

pub fn class_settings_view(store: &Store, campaign: CampaignId) -> Result<ClassSettingsView> {
    let input = plan::load_input(store.conn(), campaign)?;
    Ok(ClassSettingsView {
        classes: input.classes,
        settings: class_settings(store, campaign)?,
        campuses: input.campuses,
        plan_settings: input.settings,
    })
}

/// The settings the user made, class by class.
pub fn class_settings(store: &Store, campaign: CampaignId) -> Result<Vec<ClassSetting>> {
    Ok(plan::class_settings(store.conn(), campaign)?)
}

/// A class's settings as a form shows them: the whole state, not a change, so a form
/// can also clear a campus or a date (JSON null cannot say "clear" in a change).
#[derive(Debug, Deserialize, ts_rs::TS)]
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

/// Stores a change of one class's settings; returns them as stored. The schedule
/// changes only when the user plans again.
pub fn change_class(
    store: &Store,
    campaign: CampaignId,
    class_name: &str,
    change: &ClassSettingChange,
) -> Result<ClassSetting> {
    Ok(plan::change_class_setting(
        store.conn(),
        campaign,
        class_name,
        change,
    )?)
}

pub fn settings(store: &Store, campaign: CampaignId) -> Result<PlanSettings> {
    Ok(plan::settings(store.conn(), campaign)?)
}

/// Changes the slot rounding and arrival lead time; returns them as stored.
pub fn set_settings(
    store: &Store,
    campaign: CampaignId,
    settings: &PlanSettings,
) -> Result<PlanSettings> {
    plan::set_settings(store.conn(), campaign, settings)?;
    self::settings(store, campaign)
}
