//! The campaign at a glance on a given day: milestones with days left, the places and
//! windows, and head counts. What `rollcall status` prints and the 任务概览 page shows.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::campaign::{
    self, Campaign, CampaignDetail, CampaignError, CampaignId, Milestone, MilestoneKind,
    SessionWindow,
};
use crate::progress::{self, ProgressCounts};
use crate::roster::{self, RosterCounts};

/// Where a milestone stands relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Upcoming,
    Active,
    Past,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MilestoneStatus {
    pub kind: MilestoneKind,
    pub label: &'static str,
    pub start: Option<NaiveDate>,
    pub end: NaiveDate,
    pub note: String,
    pub phase: Phase,
    /// Days from today to the start (0 today, negative once started).
    pub days_until_start: i64,
    /// Days from today to the end date (0 on the last day, negative when past).
    pub days_left: i64,
}

impl MilestoneStatus {
    fn new(m: &Milestone, today: NaiveDate) -> MilestoneStatus {
        let start = m.start.unwrap_or(m.end);
        let phase = if today < start {
            Phase::Upcoming
        } else if today <= m.end {
            Phase::Active
        } else {
            Phase::Past
        };
        MilestoneStatus {
            kind: m.kind,
            label: m.kind.label(),
            start: m.start,
            end: m.end,
            note: m.note.clone(),
            phase,
            days_until_start: campaign::days_between(today, start),
            days_left: campaign::days_between(today, m.end),
        }
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct VenueStatus {
    pub id: i64,
    pub name: String,
    pub stations: u32,
    pub throughput_per_hour: u32,
    pub windows: Vec<SessionWindow>,
    /// Students the venue can take in all its windows.
    pub capacity: i64,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CampusStatus {
    pub id: i64,
    pub name: String,
    pub venues: Vec<VenueStatus>,
    pub capacity: i64,
    /// Eligible students whose campus this is.
    pub students: i64,
}

/// Everything the overview shows.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct StatusReport {
    pub campaign: Campaign,
    pub today: NaiveDate,
    pub students: RosterCounts,
    pub milestones: Vec<MilestoneStatus>,
    /// The first milestone not yet over, if any.
    pub next_milestone: Option<MilestoneStatus>,
    pub campuses: Vec<CampusStatus>,
    /// Eligible students by progress state, overall and per campus, college and class.
    pub counts: ProgressCounts,
}

#[derive(Debug, thiserror::Error)]
pub enum StatusError {
    #[error(transparent)]
    Campaign(#[from] CampaignError),
    #[error(transparent)]
    Roster(#[from] roster::RosterError),
    #[error(transparent)]
    Progress(#[from] progress::ProgressError),
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// Builds the report for `campaign` as of `today`.
pub fn report(
    conn: &Connection,
    campaign: CampaignId,
    today: NaiveDate,
) -> Result<StatusReport, StatusError> {
    let campaign = campaign::resolve(conn, Some(campaign))?;
    let detail = CampaignDetail::load(conn, campaign)?;
    let students = roster::counts(conn, detail.campaign.id)?;
    let milestones: Vec<MilestoneStatus> = detail
        .milestones
        .iter()
        .map(|m| MilestoneStatus::new(m, today))
        .collect();
    let next_milestone = milestones
        .iter()
        .filter(|m| m.phase != Phase::Past)
        .min_by_key(|m| (m.days_until_start.max(0), m.days_left))
        .cloned();
    let per_campus = eligible_per_campus(conn, detail.campaign.id)?;
    let campuses = detail
        .campuses
        .iter()
        .map(|c| {
            let venues: Vec<VenueStatus> = detail
                .venues
                .iter()
                .filter(|v| v.campus_id == c.id)
                .map(|v| {
                    let windows: Vec<SessionWindow> = detail
                        .windows
                        .iter()
                        .filter(|w| w.venue_id == v.id)
                        .cloned()
                        .collect();
                    let minutes: i64 = windows.iter().map(SessionWindow::minutes).sum();
                    VenueStatus {
                        id: v.id,
                        name: v.name.clone(),
                        stations: v.stations,
                        throughput_per_hour: v.throughput_per_hour,
                        capacity: minutes
                            * i64::from(v.stations)
                            * i64::from(v.throughput_per_hour)
                            / 60,
                        windows,
                    }
                })
                .collect();
            CampusStatus {
                id: c.id,
                name: c.name.clone(),
                capacity: venues.iter().map(|v| v.capacity).sum(),
                students: per_campus
                    .iter()
                    .find(|(n, _)| *n == c.name)
                    .map_or(0, |(_, k)| *k),
                venues,
            }
        })
        .collect();
    let counts = progress::counts(conn, detail.campaign.id, today)?;
    Ok(StatusReport {
        campaign: detail.campaign,
        today,
        students,
        milestones,
        next_milestone,
        campuses,
        counts,
    })
}

fn eligible_per_campus(
    conn: &Connection,
    campaign: CampaignId,
) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT campus, count(*) FROM student
         WHERE campaign_id = ?1 AND withdrawn_at IS NULL AND ineligible_reason IS NULL
         GROUP BY campus",
    )?;
    let rows = stmt.query_map([campaign.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}
