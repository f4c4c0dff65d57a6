//! Campaigns (采集任务): their facts, campuses, venues, session windows and milestones,
//! and the rules those must follow.
//!
//! **Invariant:** every write here is validated first; a value the rules refuse never
//! reaches the database (the table CHECKs are only a backstop).

mod check;
mod closed;
mod create;
mod lookup;
mod model;
pub(crate) mod queries;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use thiserror::Error;

use crate::store::Clock;

pub use check::{check_milestones, CampaignData, CheckReport, Finding, Severity};
pub use closed::{ensure_open, CampaignClosed};
pub use create::{create_from, Created, NewCampaign};
pub use model::*;

/// Errors from reading or changing a campaign.
#[derive(Debug, Error)]
pub enum CampaignError {
    #[error(transparent)]
    Closed(#[from] CampaignClosed),
    #[error("数据库里还没有采集任务。请新建一个采集任务，或先创建示例任务看看。")]
    NoCampaign,
    #[error("找不到编号为 {0} 的采集任务，请从已有的任务中选择。")]
    NotFound(CampaignId),
    #[error("找不到要修改的{what}（编号 {id}），它可能已被删除。请刷新后重试。")]
    ItemNotFound { what: &'static str, id: i64 },
    #[error("没有{what}「{name}」。已有的{what}：{known}；请用其中之一，或先添加该{what}。")]
    UnknownItem {
        what: &'static str,
        name: String,
        known: String,
    },
    #[error("有多个{what}叫「{name}」，请写明校区，如「{example}」。")]
    AmbiguousItem {
        what: &'static str,
        name: String,
        example: String,
    },
    #[error("{}", join_messages(.0))]
    Invalid(Vec<Finding>),
    #[error("{what}「{name}」已存在，请换一个名称。")]
    Duplicate { what: &'static str, name: String },
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
}

fn join_messages(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| f.message.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

impl CampaignError {
    /// True when the user can fix it (bad value, missing item), false for internal faults.
    pub fn is_user_error(&self) -> bool {
        !matches!(self, CampaignError::Sqlite(_))
    }
}

type Result<T> = std::result::Result<T, CampaignError>;

fn invalid(subject: &str, message: String) -> CampaignError {
    CampaignError::Invalid(vec![Finding {
        severity: Severity::Error,
        code: "invalid_value",
        subject: subject.to_string(),
        message,
    }])
}

/// Turns a UNIQUE violation into a message naming the clashing item.
fn unique(e: rusqlite::Error, what: &'static str, name: &str) -> CampaignError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
        {
            CampaignError::Duplicate {
                what,
                name: name.to_string(),
            }
        }
        _ => CampaignError::Sqlite(e),
    }
}

fn found(n: usize, what: &'static str, id: i64) -> Result<()> {
    if n == 0 {
        Err(CampaignError::ItemNotFound { what, id })
    } else {
        Ok(())
    }
}

/// Validates the campaign's own fields.
pub fn validate_facts(f: &CampaignFacts) -> Result<()> {
    let mut problems = Vec::new();
    let mut need = |value: &str, subject: &str, label: &str| {
        if value.trim().is_empty() {
            problems.push(Finding {
                severity: Severity::Error,
                code: "required",
                subject: subject.into(),
                message: format!("请填写{label}。"),
            });
        }
    };
    need(&f.name, "name", "任务名称");
    need(&f.office_name, "office_name", "发文单位");
    if !(2000..=2100).contains(&f.grad_year) {
        problems.push(Finding {
            severity: Severity::Error,
            code: "invalid_value",
            subject: "grad_year".into(),
            message: format!(
                "届别 {} 不合理，应为 2000–2100 之间的年份，如 2025。",
                f.grad_year
            ),
        });
    }
    for (fee, label) in [
        (f.fee_onsite, "线下集采费"),
        (f.fee_online, "线上集采费"),
        (f.fee_walk_in, "散拍费"),
    ] {
        if fee.0 < 0 {
            problems.push(Finding {
                severity: Severity::Error,
                code: "invalid_value",
                subject: "fee".into(),
                message: format!("{label}不能为负数。"),
            });
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CampaignError::Invalid(problems))
    }
}

/// Refuses edits to a closed campaign (its lists are frozen until reopened).
fn writable(conn: &Connection, id: CampaignId) -> Result<()> {
    ensure_open(conn, id)
}

/// Creates a campaign; returns its id.
pub fn create(conn: &Connection, facts: &CampaignFacts, clock: &Clock) -> Result<CampaignId> {
    let now = &clock.stamp();
    validate_facts(facts)?;
    Ok(queries::insert_campaign(conn, facts, now)?)
}

pub fn update_facts(conn: &Connection, id: CampaignId, facts: &CampaignFacts) -> Result<()> {
    writable(conn, id)?;
    validate_facts(facts)?;
    found(queries::update_campaign(conn, id, facts)?, "采集任务", id.0)
}

/// The campaign to work on: the one asked for, or the most recent.
pub fn resolve(conn: &Connection, wanted: Option<CampaignId>) -> Result<Campaign> {
    match wanted {
        Some(id) => queries::get_campaign(conn, id)?.ok_or(CampaignError::NotFound(id)),
        None => queries::list_campaigns(conn)?
            .into_iter()
            .next()
            .ok_or(CampaignError::NoCampaign),
    }
}

pub fn list(conn: &Connection) -> Result<Vec<Campaign>> {
    Ok(queries::list_campaigns(conn)?)
}

/// A campaign with everything that hangs off it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CampaignDetail {
    pub campaign: Campaign,
    pub campuses: Vec<Campus>,
    pub venues: Vec<Venue>,
    pub windows: Vec<SessionWindow>,
    pub milestones: Vec<Milestone>,
}

impl CampaignDetail {
    pub fn load(conn: &Connection, campaign: Campaign) -> Result<CampaignDetail> {
        let id = campaign.id;
        Ok(CampaignDetail {
            campaign,
            campuses: queries::list_campuses(conn, id)?,
            venues: queries::list_venues(conn, id)?,
            windows: queries::list_windows(conn, id)?,
            milestones: queries::list_milestones(conn, id)?,
        })
    }

    pub fn check(&self) -> CheckReport {
        check::check(&CampaignData {
            facts: &self.campaign.facts,
            venues: &self.venues,
            windows: &self.windows,
            milestones: &self.milestones,
        })
    }

    pub fn milestone(&self, kind: MilestoneKind) -> Option<&Milestone> {
        self.milestones.iter().find(|m| m.kind == kind)
    }
}

fn check_name(name: &str, label: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid("name", format!("请填写{label}名称。")));
    }
    Ok(name.to_string())
}

pub fn add_campus(conn: &Connection, id: CampaignId, name: &str) -> Result<i64> {
    writable(conn, id)?;
    let name = check_name(name, "校区")?;
    queries::insert_campus(conn, id, &name).map_err(|e| unique(e, "校区", &name))
}

pub fn rename_campus(conn: &Connection, id: CampaignId, campus_id: i64, name: &str) -> Result<()> {
    writable(conn, id)?;
    let name = check_name(name, "校区")?;
    let n =
        queries::rename_campus(conn, id, campus_id, &name).map_err(|e| unique(e, "校区", &name))?;
    found(n, "校区", campus_id)
}

/// Deletes a campus with its venues and windows.
pub fn delete_campus(conn: &Connection, id: CampaignId, campus_id: i64) -> Result<()> {
    writable(conn, id)?;
    found(
        queries::delete_campus(conn, id, campus_id)?,
        "校区",
        campus_id,
    )
}

fn validate_venue(v: &VenueInput) -> Result<VenueInput> {
    let name = check_name(&v.name, "场地")?;
    if v.stations == 0 || v.stations > 50 {
        return Err(invalid(
            "stations",
            format!("机位数 {} 不合理，应为 1–50。", v.stations),
        ));
    }
    if v.throughput_per_hour == 0 || v.throughput_per_hour > 1000 {
        return Err(invalid(
            "throughput_per_hour",
            format!(
                "每机位每小时拍摄人数 {} 不合理，应为 1–1000（通常约 160）。",
                v.throughput_per_hour
            ),
        ));
    }
    Ok(VenueInput { name, ..v.clone() })
}

pub fn add_venue(conn: &Connection, id: CampaignId, campus_id: i64, v: &VenueInput) -> Result<i64> {
    writable(conn, id)?;
    let v = validate_venue(v)?;
    queries::insert_venue(conn, id, campus_id, &v)
        .map_err(|e| unique(e, "场地", &v.name))?
        .ok_or(CampaignError::ItemNotFound {
            what: "校区",
            id: campus_id,
        })
}

pub fn update_venue(
    conn: &Connection,
    id: CampaignId,
    venue_id: i64,
    v: &VenueInput,
) -> Result<()> {
    writable(conn, id)?;
    let v = validate_venue(v)?;
    let n =
        queries::update_venue(conn, id, venue_id, &v).map_err(|e| unique(e, "场地", &v.name))?;
    found(n, "场地", venue_id)
}

/// Deletes a venue with its windows.
pub fn delete_venue(conn: &Connection, id: CampaignId, venue_id: i64) -> Result<()> {
    writable(conn, id)?;
    found(queries::delete_venue(conn, id, venue_id)?, "场地", venue_id)
}

/// Refuses a window that ends before it starts or overlaps another of the same venue.
fn validate_window(
    conn: &Connection,
    id: CampaignId,
    venue_id: i64,
    skip: Option<i64>,
    w: &WindowInput,
) -> Result<()> {
    if w.end <= w.start {
        return Err(invalid(
            "end",
            format!(
                "结束时间 {} 必须晚于开始时间 {}。",
                w.end.format("%H:%M"),
                w.start.format("%H:%M")
            ),
        ));
    }
    let clash = queries::list_windows(conn, id)?.into_iter().find(|o| {
        o.venue_id == venue_id
            && Some(o.id) != skip
            && o.date == w.date
            && o.start < w.end
            && w.start < o.end
    });
    match clash {
        Some(o) => Err(invalid(
            "start",
            format!(
                "该场地 {} 已有时段 {}–{}，与新时段重叠。请调整时间。",
                o.date,
                o.start.format("%H:%M"),
                o.end.format("%H:%M")
            ),
        )),
        None => Ok(()),
    }
}

pub fn add_window(
    conn: &Connection,
    id: CampaignId,
    venue_id: i64,
    w: &WindowInput,
) -> Result<i64> {
    writable(conn, id)?;
    validate_window(conn, id, venue_id, None, w)?;
    queries::insert_window(conn, id, venue_id, w)?.ok_or(CampaignError::ItemNotFound {
        what: "场地",
        id: venue_id,
    })
}

pub fn update_window(
    conn: &Connection,
    id: CampaignId,
    window_id: i64,
    w: &WindowInput,
) -> Result<()> {
    writable(conn, id)?;
    let venue_id = queries::list_windows(conn, id)?
        .into_iter()
        .find(|o| o.id == window_id)
        .map(|o| o.venue_id)
        .ok_or(CampaignError::ItemNotFound {
            what: "拍摄时段",
            id: window_id,
        })?;
    validate_window(conn, id, venue_id, Some(window_id), w)?;
    found(
        queries::update_window(conn, id, window_id, w)?,
        "拍摄时段",
        window_id,
    )
}

pub fn delete_window(conn: &Connection, id: CampaignId, window_id: i64) -> Result<()> {
    writable(conn, id)?;
    found(
        queries::delete_window(conn, id, window_id)?,
        "拍摄时段",
        window_id,
    )
}

/// Sets one milestone, refusing it when it breaks the order rules with the others.
pub fn set_milestone(conn: &Connection, id: CampaignId, m: &Milestone) -> Result<()> {
    writable(conn, id)?;
    let mut all = queries::list_milestones(conn, id)?;
    all.retain(|o| o.kind != m.kind);
    all.push(m.clone());
    let mut report = CheckReport::default();
    check_milestones(&all, &mut report);
    // Only errors this milestone takes part in: an older problem elsewhere must not
    // block every edit.
    let mine: Vec<Finding> = report
        .errors
        .into_iter()
        .filter(|f| f.subject == m.kind.as_str() || involves(f, m.kind))
        .collect();
    if !mine.is_empty() {
        return Err(CampaignError::Invalid(mine));
    }
    queries::upsert_milestone(conn, id, m)?;
    Ok(())
}

fn involves(f: &Finding, kind: MilestoneKind) -> bool {
    use MilestoneKind::*;
    f.code == "milestone_order"
        && match kind {
            Onsite => f.subject == "payment" || f.subject == "online",
            FinalDeadline => true,
            _ => false,
        }
}

pub fn delete_milestone(conn: &Connection, id: CampaignId, kind: MilestoneKind) -> Result<()> {
    writable(conn, id)?;
    found(queries::delete_milestone(conn, id, kind)?, "日程", 0)
}

/// Whole days from `today` to `date` (negative when past).
pub fn days_between(today: NaiveDate, date: NaiveDate) -> i64 {
    (date - today).num_days()
}
