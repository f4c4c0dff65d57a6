//! Commands for the campaign itself: facts, places, windows, milestones, overview.

use chrono::NaiveDate;
use rollcall::campaign::{
    self, Campaign, CampaignDetail, CampaignFacts, CampaignId, CheckReport, Created, Milestone,
    MilestoneKind, NewCampaign, VenueInput, WindowInput,
};
use rollcall::demo::{self, DemoOptions};
use rollcall::live_demo;
use rollcall::status::{self, StatusReport};
use serde::Serialize;
use tauri::State;

use crate::error::UiError;
use crate::state::{AppState, StartupProblem};

type Res<T> = Result<T, UiError>;

#[derive(Serialize, ts_rs::TS)]
pub struct AppInfo {
    pub db_path: String,
    pub version: &'static str,
    pub today: NaiveDate,
    /// Where save fields start (the user's documents folder, else home).
    pub documents_dir: String,
    /// Set when the window must show a notice instead of the campaign.
    pub startup: Option<StartupProblem>,
}

#[tauri::command]
pub async fn app_info(app: tauri::AppHandle, state: State<'_, AppState>) -> Res<AppInfo> {
    use tauri::Manager;
    let documents_dir = app
        .path()
        .document_dir()
        .or_else(|_| app.path().home_dir())
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    Ok(AppInfo {
        db_path: state.db_path().display().to_string(),
        version: env!("CARGO_PKG_VERSION"),
        today: chrono::Local::now().date_naive(),
        documents_dir,
        startup: state.startup_problem(),
    })
}

#[tauri::command]
pub async fn list_campaigns(state: State<'_, AppState>) -> Res<Vec<Campaign>> {
    state.run(|store| Ok(campaign::list(store.conn())?)).await
}

/// Which demo the window creates: alive today (the default), or with `--reference-demo`
/// the notice's own 2025 dates without progress (what the end-to-end journey expects).
pub struct DemoChoice {
    pub reference: bool,
}

/// Creates the demo campaign (alive today unless started with `--reference-demo`);
/// returns its id.
#[tauri::command]
pub async fn create_demo(
    state: State<'_, AppState>,
    choice: State<'_, DemoChoice>,
) -> Res<CampaignId> {
    let reference = choice.reference;
    let today = chrono::Local::now().date_naive();
    state
        .run(move |store| {
            let now = rollcall::now_string();
            let opts = DemoOptions::default();
            Ok(if reference {
                demo::create(store.conn_mut(), opts, &now)?
            } else {
                live_demo::create(store.conn_mut(), opts, today, &now)?.campaign
            })
        })
        .await
}

/// Creates a campaign (the next cohort), optionally carrying over an earlier one's
/// facts and places; the core validates and says what is wrong in Chinese.
#[tauri::command]
pub async fn create_campaign(state: State<'_, AppState>, campaign: NewCampaign) -> Res<Created> {
    let today = chrono::Local::now().date_naive();
    state
        .run(move |s| {
            Ok(campaign::create_from(
                s.conn_mut(),
                &campaign,
                today,
                &rollcall::now_string(),
            )?)
        })
        .await
}

/// What the 任务概览 page shows.
#[derive(Serialize, ts_rs::TS)]
pub struct Overview {
    pub status: StatusReport,
    pub check: CheckReport,
    pub detail: CampaignDetail,
}

fn parse_today(today: Option<String>) -> Res<NaiveDate> {
    match today {
        None => Ok(chrono::Local::now().date_naive()),
        Some(t) => NaiveDate::parse_from_str(&t, "%Y-%m-%d")
            .map_err(|_| UiError::internal(format!("日期格式应为 YYYY-MM-DD：{t}"))),
    }
}

#[tauri::command]
pub async fn overview(
    state: State<'_, AppState>,
    campaign_id: Option<i64>,
    today: Option<String>,
) -> Res<Overview> {
    let today = parse_today(today)?;
    state
        .run(move |store| {
            let c = campaign::resolve(store.conn(), campaign_id.map(CampaignId))?;
            let detail = CampaignDetail::load(store.conn(), c)?;
            let status = status::report(store.conn(), detail.campaign.id, today)?;
            Ok(Overview {
                check: detail.check(),
                status,
                detail,
            })
        })
        .await
}

#[tauri::command]
pub async fn update_campaign(
    state: State<'_, AppState>,
    campaign_id: i64,
    facts: CampaignFacts,
) -> Res<()> {
    state
        .run(move |s| {
            Ok(campaign::update_facts(
                s.conn(),
                CampaignId(campaign_id),
                &facts,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn add_campus(state: State<'_, AppState>, campaign_id: i64, name: String) -> Res<i64> {
    state
        .run(move |s| {
            Ok(campaign::add_campus(
                s.conn(),
                CampaignId(campaign_id),
                &name,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn rename_campus(
    state: State<'_, AppState>,
    campaign_id: i64,
    campus_id: i64,
    name: String,
) -> Res<()> {
    state
        .run(move |s| {
            Ok(campaign::rename_campus(
                s.conn(),
                CampaignId(campaign_id),
                campus_id,
                &name,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn delete_campus(
    state: State<'_, AppState>,
    campaign_id: i64,
    campus_id: i64,
) -> Res<()> {
    state
        .run(move |s| {
            Ok(campaign::delete_campus(
                s.conn(),
                CampaignId(campaign_id),
                campus_id,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn add_venue(
    state: State<'_, AppState>,
    campaign_id: i64,
    campus_id: i64,
    venue: VenueInput,
) -> Res<i64> {
    state
        .run(move |s| {
            Ok(campaign::add_venue(
                s.conn(),
                CampaignId(campaign_id),
                campus_id,
                &venue,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn update_venue(
    state: State<'_, AppState>,
    campaign_id: i64,
    venue_id: i64,
    venue: VenueInput,
) -> Res<()> {
    state
        .run(move |s| {
            Ok(campaign::update_venue(
                s.conn(),
                CampaignId(campaign_id),
                venue_id,
                &venue,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn delete_venue(state: State<'_, AppState>, campaign_id: i64, venue_id: i64) -> Res<()> {
    state
        .run(move |s| {
            Ok(campaign::delete_venue(
                s.conn(),
                CampaignId(campaign_id),
                venue_id,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn add_window(
    state: State<'_, AppState>,
    campaign_id: i64,
    venue_id: i64,
    window: WindowInput,
) -> Res<i64> {
    state
        .run(move |s| {
            Ok(campaign::add_window(
                s.conn(),
                CampaignId(campaign_id),
                venue_id,
                &window,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn update_window(
    state: State<'_, AppState>,
    campaign_id: i64,
    window_id: i64,
    window: WindowInput,
) -> Res<()> {
    state
        .run(move |s| {
            Ok(campaign::update_window(
                s.conn(),
                CampaignId(campaign_id),
                window_id,
                &window,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn delete_window(
    state: State<'_, AppState>,
    campaign_id: i64,
    window_id: i64,
) -> Res<()> {
    state
        .run(move |s| {
            Ok(campaign::delete_window(
                s.conn(),
                CampaignId(campaign_id),
                window_id,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn set_milestone(
    state: State<'_, AppState>,
    campaign_id: i64,
    milestone: Milestone,
) -> Res<()> {
    state
        .run(move |s| {
            Ok(campaign::set_milestone(
                s.conn(),
                CampaignId(campaign_id),
                &milestone,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn delete_milestone(
    state: State<'_, AppState>,
    campaign_id: i64,
    kind: MilestoneKind,
) -> Res<()> {
    state
        .run(move |s| {
            Ok(campaign::delete_milestone(
                s.conn(),
                CampaignId(campaign_id),
                kind,
            )?)
        })
        .await
}
