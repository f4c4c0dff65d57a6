//! 费用结算: the settlement with the agency as of a day, the agency's own counts, and
//! the .xlsx / A4 PDF 结算单.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Clock, Result};
use crate::campaign::CampaignId;
use crate::settle::{self, Route, Settlement};
use crate::store::Store;

/// The settlement as of the clock's today.
pub fn view(store: &Store, clock: &Clock, campaign: CampaignId) -> Result<Settlement> {
    Ok(settle::build(store.conn(), campaign, clock.today())?)
}

/// The agency's count for a route; `None` clears it.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct AgencyCountInput {
    pub route: Route,
    pub count: Option<i64>,
}

pub fn set_agency(
    store: &mut Store,
    clock: &Clock,
    campaign: CampaignId,
    figures: &[AgencyCountInput],
) -> Result<()> {
    let pairs: Vec<(Route, Option<i64>)> = figures.iter().map(|f| (f.route, f.count)).collect();
    Ok(settle::set_agency_figures(
        store.conn_mut(),
        campaign,
        &pairs,
        &clock.stamp(),
    )?)
}

/// Which file to write.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SettleFile {
    Xlsx,
    Pdf,
}

/// Writes the settlement as of the clock's today as .xlsx or as the A4 结算单 PDF
/// (`font` overrides the one chosen in 设置).
pub fn export(
    store: &Store,
    clock: &Clock,
    campaign: CampaignId,
    file: SettleFile,
    path: &Path,
    font: Option<PathBuf>,
) -> Result<Settlement> {
    let built = view(store, clock, campaign)?;
    match file {
        SettleFile::Xlsx => settle::xlsx::write(&built, path)?,
        SettleFile::Pdf => {
            let fonts = crate::print::fonts_for(store.conn(), campaign, font)?;
            let office = super::campaign::resolve(store, Some(campaign))?
                .facts
                .office_name;
            let bytes = settle::pdf::render(&built, &office, &fonts)?;
            crate::print::write_file(path, &bytes)?;
        }
    }
    Ok(built)
}
