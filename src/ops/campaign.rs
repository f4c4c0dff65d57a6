//! 任务概览 and the campaign's facts: which campaigns there are, the demo, a new
//! campaign, the overview with its checks, and every edit of facts, campuses, venues,
//! windows and milestones.

use std::path::Path;

use serde::Serialize;

use super::{Clock, Result};
use crate::campaign::{
    self, Campaign, CampaignDetail, CampaignFacts, CampaignId, CheckReport, Created, Milestone,
    MilestoneKind, NewCampaign, VenueInput, WindowInput,
};
use crate::demo::{self, DemoOptions};
use crate::status::{self, StatusReport};
use crate::store::Store;

/// Every campaign, newest first.
pub fn list(store: &Store) -> Result<Vec<Campaign>> {
    Ok(campaign::list(store.conn())?)
}

/// The campaign asked for, or the most recent one.
pub fn resolve(store: &Store, wanted: Option<CampaignId>) -> Result<Campaign> {
    Ok(campaign::resolve(store.conn(), wanted)?)
}

/// The campaign with its places, windows and milestones.
pub fn detail(store: &Store, wanted: Option<CampaignId>) -> Result<CampaignDetail> {
    let c = campaign::resolve(store.conn(), wanted)?;
    Ok(CampaignDetail::load(store.conn(), c)?)
}

/// Which demo campaign to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoKind {
    /// Placed around the clock's today, with simulated progress up to it.
    Live,
    /// The notice's own 2025 dates (`opts.as_published`: with its year slips), no progress.
    Reference,
}

/// The demo campaign; with `if_empty`, an existing campaign is answered instead.
/// Returns the campaign and whether it was made now.
pub fn demo(
    store: &mut Store,
    clock: &Clock,
    opts: DemoOptions,
    kind: DemoKind,
    if_empty: bool,
) -> Result<(CampaignId, bool)> {
    if if_empty {
        if let Some(c) = campaign::list(store.conn())?.first() {
            return Ok((c.id, false));
        }
    }
    let id = match kind {
        DemoKind::Live => crate::live_demo::create(store.conn_mut(), opts, clock)?.campaign,
        DemoKind::Reference => demo::create(store.conn_mut(), opts, clock)?,
    };
    Ok((id, true))
}

/// Writes the demo's roster as the office's information system exports it, the first
/// `skip` students left out (withdrawn); returns how many were written.
///
/// The students are those of the demo `cohort` makes with the same options: the live
/// demo's cohort as of the clock's today, or the reference 2025 one, so the file imports
/// back into that demo as the same students.
pub fn sample_roster(
    out: &Path,
    clock: &Clock,
    opts: DemoOptions,
    cohort: DemoKind,
    skip: usize,
    gbk: bool,
) -> Result<usize> {
    let at = match cohort {
        DemoKind::Reference => demo::Placement::REFERENCE,
        DemoKind::Live => demo::Placement::around(clock.today()),
    };
    let students = demo::generate_roster_for(opts, at.grad_year);
    let kept = students.get(skip..).unwrap_or(&[]);
    let title = format!("{}届毕业生名单", at.grad_year);
    demo::sample::write(out, &title, kept, gbk)?;
    Ok(kept.len())
}

/// A new campaign (the next cohort), optionally from an earlier one's facts and places.
pub fn create(store: &mut Store, clock: &Clock, new: &NewCampaign) -> Result<Created> {
    Ok(campaign::create_from(store.conn_mut(), new, clock)?)
}

/// What the 任务概览 page shows.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct Overview {
    pub status: StatusReport,
    pub check: CheckReport,
    pub detail: CampaignDetail,
}

/// The overview as of the clock's today.
pub fn overview(store: &Store, clock: &Clock, wanted: Option<CampaignId>) -> Result<Overview> {
    let detail = detail(store, wanted)?;
    let status = status::report(store.conn(), detail.campaign.id, clock.today())?;
    Ok(Overview {
        check: detail.check(),
        status,
        detail,
    })
}

/// Each milestone's distance from today and the places' capacity (`rollcall status`).
pub fn status(store: &Store, clock: &Clock, campaign: CampaignId) -> Result<StatusReport> {
    Ok(status::report(store.conn(), campaign, clock.today())?)
}

pub fn update_facts(store: &Store, id: CampaignId, facts: &CampaignFacts) -> Result<()> {
    Ok(campaign::update_facts(store.conn(), id, facts)?)
}

pub fn add_campus(store: &Store, id: CampaignId, name: &str) -> Result<i64> {
    Ok(campaign::add_campus(store.conn(), id, name)?)
}

pub fn rename_campus(store: &Store, id: CampaignId, campus: i64, name: &str) -> Result<()> {
    Ok(campaign::rename_campus(store.conn(), id, campus, name)?)
}

pub fn delete_campus(store: &Store, id: CampaignId, campus: i64) -> Result<()> {
    Ok(campaign::delete_campus(store.conn(), id, campus)?)
}

pub fn add_venue(store: &Store, id: CampaignId, campus: i64, venue: &VenueInput) -> Result<i64> {
    Ok(campaign::add_venue(store.conn(), id, campus, venue)?)
}

pub fn update_venue(store: &Store, id: CampaignId, venue: i64, input: &VenueInput) -> Result<()> {
    Ok(campaign::update_venue(store.conn(), id, venue, input)?)
}

pub fn delete_venue(store: &Store, id: CampaignId, venue: i64) -> Result<()> {
    Ok(campaign::delete_venue(store.conn(), id, venue)?)
}

pub fn add_window(store: &Store, id: CampaignId, venue: i64, window: &WindowInput) -> Result<i64> {
    Ok(campaign::add_window(store.conn(), id, venue, window)?)
}

pub fn update_window(
    store: &Store,
    id: CampaignId,
    window: i64,
    input: &WindowInput,
) -> Result<()> {
    Ok(campaign::update_window(store.conn(), id, window, input)?)
}

pub fn delete_window(store: &Store, id: CampaignId, window: i64) -> Result<()> {
    Ok(campaign::delete_window(store.conn(), id, window)?)
}

pub fn set_milestone(store: &Store, id: CampaignId, milestone: &Milestone) -> Result<()> {
    Ok(campaign::set_milestone(store.conn(), id, milestone)?)
}

pub fn delete_milestone(store: &Store, id: CampaignId, kind: MilestoneKind) -> Result<()> {
    Ok(campaign::delete_milestone(store.conn(), id, kind)?)
}
