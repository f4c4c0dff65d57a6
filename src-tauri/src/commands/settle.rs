//! Commands for 费用结算: the settlement as of a day, the agency's own counts, and the
//! .xlsx / A4 PDF 结算单.

use std::path::PathBuf;

use chrono::NaiveDate;
use rollcall::campaign::CampaignId;
use rollcall::ops::{
    self,
    settle::{AgencyCountInput, SettleFile},
};
use rollcall::settle::Settlement;
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

type Res<T> = Result<T, UiError>;

#[tauri::command]
pub async fn settle_view(
    state: State<'_, AppState>,
    campaign_id: i64,
    today: Option<NaiveDate>,
) -> Res<Settlement> {
    state
        .run(move |s, clock| {
            let clock = clock.judging(today);
            Ok(ops::settle::view(s, &clock, CampaignId(campaign_id))?)
        })
        .await
}

/// The agency's count for each route; a `null` count clears it.
#[tauri::command]
pub async fn settle_set_agency(
    state: State<'_, AppState>,
    campaign_id: i64,
    figures: Vec<AgencyCountInput>,
) -> Res<()> {
    state
        .run(move |s, clock| {
            Ok(ops::settle::set_agency(
                s,
                &clock,
                CampaignId(campaign_id),
                &figures,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn settle_export(
    state: State<'_, AppState>,
    campaign_id: i64,
    today: Option<NaiveDate>,
    file: SettleFile,
    path: PathBuf,
) -> Res<PathBuf> {
    state.allow(&path)?;
    state
        .run(move |s, clock| {
            let clock = clock.judging(today);
            ops::settle::export(s, &clock, CampaignId(campaign_id), file, &path, None)?;
            Ok(path)
        })
        .await
}
