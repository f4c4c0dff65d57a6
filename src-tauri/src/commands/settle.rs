//! Commands for 费用结算: the settlement as of a day, the agency's own counts, and the
//! .xlsx / A4 PDF 结算单.

use std::path::PathBuf;

use chrono::NaiveDate;
use rollcall::campaign::{self, CampaignId};
use rollcall::settle::{self, Route, Settlement};
use serde::Deserialize;
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

type Res<T> = Result<T, UiError>;

fn today_or_now(today: Option<NaiveDate>) -> NaiveDate {
    today.unwrap_or_else(|| chrono::Local::now().date_naive())
}

#[tauri::command]
pub async fn settle_view(
    state: State<'_, AppState>,
    campaign_id: i64,
    today: Option<NaiveDate>,
) -> Res<Settlement> {
    state
        .run(move |s| {
            Ok(settle::build(
                s.conn(),
                CampaignId(campaign_id),
                today_or_now(today),
            )?)
        })
        .await
}

/// The agency's count for a route; `null` clears it.
#[derive(Deserialize, ts_rs::TS)]
pub struct AgencyCountInput {
    pub route: Route,
    pub count: Option<i64>,
}

#[tauri::command]
pub async fn settle_set_agency(
    state: State<'_, AppState>,
    campaign_id: i64,
    figures: Vec<AgencyCountInput>,
) -> Res<()> {
    state
        .run(move |s| {
            let pairs: Vec<(Route, Option<i64>)> =
                figures.iter().map(|f| (f.route, f.count)).collect();
            Ok(settle::set_agency_figures(
                s.conn_mut(),
                CampaignId(campaign_id),
                &pairs,
                &rollcall::now_string(),
            )?)
        })
        .await
}

/// Which file to write.
#[derive(Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SettleFile {
    Xlsx,
    Pdf,
}

#[tauri::command]
pub async fn settle_export(
    state: State<'_, AppState>,
    campaign_id: i64,
    today: Option<NaiveDate>,
    file: SettleFile,
    path: PathBuf,
) -> Res<PathBuf> {
    state
        .run(move |s| {
            let conn = s.conn();
            let id = CampaignId(campaign_id);
            let built = settle::build(conn, id, today_or_now(today))?;
            match file {
                SettleFile::Xlsx => settle::xlsx::write(&built, &path)?,
                SettleFile::Pdf => {
                    let fonts = rollcall::print::fonts_for(conn, id, None)?;
                    let office = campaign::resolve(conn, Some(id))?.facts.office_name;
                    let bytes = settle::pdf::render(&built, &office, &fonts)?;
                    rollcall::print::write_file(&path, &bytes)?;
                }
            }
            Ok(path)
        })
        .await
}
