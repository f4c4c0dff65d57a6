//! Commands for the campaign itself: facts, places, windows, milestones, overview.

use chrono::NaiveDate;
use rollcall::campaign::{
    Campaign, CampaignFacts, CampaignId, Created, Milestone, MilestoneKind, NewCampaign,
    VenueInput, WindowInput,
};
use rollcall::demo::DemoOptions;
use rollcall::ops::{
    self,
    campaign::{DemoKind, Overview},
};
use serde::Serialize;
use tauri::State;

use crate::error::UiError;
use crate::state::{AppState, StartupProblem};
use crate::warm::Warm;

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
        today: state.today(),
        documents_dir,
        startup: state.startup_problem(),
    })
}

/// Set when the window was started with `--startup-probe` (scripts/cold-start.sh): when
/// the process started.
pub struct StartupProbe(pub Option<std::time::Instant>);

/// The page calls this once the overview's numbers are on screen. Under
/// `--startup-probe` the shell prints how long that took since the process started and
/// closes; otherwise it does nothing.
#[tauri::command]
pub fn startup_drawn(app: tauri::AppHandle, probe: State<'_, StartupProbe>) {
    if let Some(started) = probe.0 {
        println!("ROLLCALL_DRAWN {}", started.elapsed().as_millis());
        app.exit(0);
    }
}

#[tauri::command]
pub async fn list_campaigns(state: State<'_, AppState>) -> Res<Vec<Campaign>> {
    state.run(|s, _| Ok(ops::campaign::list(s)?)).await
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
    let kind = if choice.reference {
        DemoKind::Reference
    } else {
        DemoKind::Live
    };
    state
        .run(move |s, clock| {
            let (id, _) = ops::campaign::demo(s, &clock, DemoOptions::default(), kind, false)?;
            Ok(id)
        })
        .await
}

/// Creates a campaign (the next cohort), optionally carrying over an earlier one's
/// facts and places; the core validates and says what is wrong in Chinese.
#[tauri::command]
pub async fn create_campaign(state: State<'_, AppState>, campaign: NewCampaign) -> Res<Created> {
    state
        .run(move |s, clock| Ok(ops::campaign::create(s, &clock, &campaign)?))
        .await
}

#[tauri::command]
pub async fn overview(
    state: State<'_, AppState>,
    warm: State<'_, Warm>,
    campaign_id: Option<i64>,
    today: Option<NaiveDate>,
) -> Res<Overview> {
    let warm = Warm::clone(&warm);
    state
        .run(move |s, clock| {
            let clock = clock.judging(today);
            let wanted = campaign_id.map(CampaignId);
            if let Some(ready) = warm.take(s, &clock, wanted) {
                return Ok(ready);
            }
            Ok(ops::campaign::overview(s, &clock, wanted)?)
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
        .run(move |s, _| {
            Ok(ops::campaign::update_facts(
                s,
                CampaignId(campaign_id),
                &facts,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn add_campus(state: State<'_, AppState>, campaign_id: i64, name: String) -> Res<i64> {
    state
        .run(move |s, _| {
            Ok(ops::campaign::add_campus(
                s,
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
        .run(move |s, _| {
            Ok(ops::campaign::rename_campus(
                s,
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
        .run(move |s, _| {
            Ok(ops::campaign::delete_campus(
                s,
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
        .run(move |s, _| {
            Ok(ops::campaign::add_venue(
                s,
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
        .run(move |s, _| {
            Ok(ops::campaign::update_venue(
                s,
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
        .run(move |s, _| {
            Ok(ops::campaign::delete_venue(
                s,
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
        .run(move |s, _| {
            Ok(ops::campaign::add_window(
                s,
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
        .run(move |s, _| {
            Ok(ops::campaign::update_window(
                s,
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
        .run(move |s, _| {
            Ok(ops::campaign::delete_window(
                s,
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
        .run(move |s, _| {
            Ok(ops::campaign::set_milestone(
                s,
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
        .run(move |s, _| {
            Ok(ops::campaign::delete_milestone(
                s,
                CampaignId(campaign_id),
                kind,
            )?)
        })
        .await
}
