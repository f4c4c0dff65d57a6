//! Fee settlement with the photo agency (费用结算): from the progress events, how many
//! students the agency served per route and what that comes to at the campaign's fees
//! (on site 13.5 元 for those who paid and were photographed on site, online 15 元 per
//! approved upload, walk-in 60 元 per walk-in), the refunds, per college and class; the
//! agency's own figures as typed in beside ours; and the students that explain a
//! difference (paid but never photographed on site, photographed on site without a
//! payment on record, refunded after being photographed).
//!
//! [`build`] is the one computation; [`xlsx`] and [`pdf`] write it (the PDF, a 结算单 with
//! signature lines for both sides, never loads an ID number).
//!
//! **Invariants:** every figure is counted from events (voided ones and those after the
//! chosen day ignored), never typed, except the agency's own figures, which are stored
//! apart and only compared; money is in fen, never floats; "today" is a parameter.

pub mod pdf;
mod queries;
pub mod xlsx;

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::campaign::{self, CampaignClosed, CampaignError, CampaignId, Fen};
use crate::progress::{self, Event, EventKind, ProgressError};

/// Errors of the settlement; each message says what to do.
#[derive(Debug, Error)]
pub enum SettleError {
    #[error(transparent)]
    Closed(#[from] CampaignClosed),
    #[error(transparent)]
    Campaign(#[from] CampaignError),
    #[error(transparent)]
    Progress(#[from] ProgressError),
    #[error(transparent)]
    Print(#[from] crate::print::PrintError),
    #[error("图片社人数 {0} 不合理：应为 0–1000000 的整数。")]
    BadCount(i64),
    #[error(
        "无法写入结算表 {path}：{message}。请检查路径和权限，或关闭正在打开该文件的 Excel/WPS。"
    )]
    Write { path: String, message: String },
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl SettleError {
    /// True when the user can fix it, false for internal faults.
    pub fn is_user_error(&self) -> bool {
        match self {
            SettleError::Campaign(c) => c.is_user_error(),
            SettleError::Progress(p) => p.is_user_error(),
            SettleError::Print(p) => p.is_user_error(),
            SettleError::Sqlite(_) => false,
            _ => true,
        }
    }
}

type Result<T> = std::result::Result<T, SettleError>;

/// A line of the bill.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[ts(rename = "SettleRoute")]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// 线下集采: paid the on-site fee and photographed on site.
    Onsite,
    /// 线上集采: online photo approved.
    Online,
    /// 散拍: walk-in done.
    WalkIn,
    /// 退费: on-site fees paid back (not in the total).
    Refund,
}

impl Route {
    pub const ALL: [Route; 4] = [Route::Onsite, Route::Online, Route::WalkIn, Route::Refund];

    pub fn as_str(self) -> &'static str {
        match self {
            Route::Onsite => "onsite",
            Route::Online => "online",
            Route::WalkIn => "walk_in",
            Route::Refund => "refund",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Route::Onsite => "线下集采",
            Route::Online => "线上集采",
            Route::WalkIn => "散拍",
            Route::Refund => "退费",
        }
    }

    /// The identifier, `walk-in`, or the label.
    pub fn parse(text: &str) -> Option<Route> {
        let t = text.trim().replace('-', "_");
        Route::ALL
            .into_iter()
            .find(|r| r.as_str() == t || r.label() == text.trim())
    }
}

/// Head counts per route, for the whole campaign, a college or a class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RouteCounts {
    pub onsite: i64,
    pub online: i64,
    pub walk_in: i64,
    pub refund: i64,
    /// onsite, online and walk-in at the campaign's fees (refunds not included).
    pub amount: Fen,
}

impl RouteCounts {
    fn get(&self, route: Route) -> i64 {
        match route {
            Route::Onsite => self.onsite,
            Route::Online => self.online,
            Route::WalkIn => self.walk_in,
            Route::Refund => self.refund,
        }
    }

    fn add(&mut self, route: Route, fees: &Fees) {
        match route {
            Route::Onsite => self.onsite += 1,
            Route::Online => self.online += 1,
            Route::WalkIn => self.walk_in += 1,
            Route::Refund => self.refund += 1,
        }
        if route != Route::Refund {
            self.amount = Fen(self.amount.0 + fees.of(route).0);
        }
    }
}

/// The campaign's fees per route (a refund gives back the on-site fee).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "SettleFees")]
pub struct Fees {
    pub onsite: Fen,
    pub online: Fen,
    pub walk_in: Fen,
}

impl Fees {
    pub fn of(&self, route: Route) -> Fen {
        match route {
            Route::Onsite | Route::Refund => self.onsite,
            Route::Online => self.online,
            Route::WalkIn => self.walk_in,
        }
    }
}

/// One route of the bill: ours, and the agency's when typed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RouteLine {
    pub route: Route,
    pub label: &'static str,
    pub unit: Fen,
    pub count: i64,
    pub amount: Fen,
    pub agency_count: Option<i64>,
    /// The agency's count minus ours, when typed in.
    pub difference: Option<i64>,
}

/// A college or a class with its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct GroupLine {
    pub name: String,
    /// The class's college ("" on a college line).
    pub college: String,
    #[serde(flatten)]
    pub counts: RouteCounts,
}

/// What explains a difference with the agency's bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Issue {
    /// Paid the on-site fee (not refunded) but not photographed on site: a refund is due,
    /// or the agency's list misses the photo.
    PaidNotPhotographed,
    /// Photographed on site without a payment on record.
    PhotographedNotPaid,
    /// Refunded although photographed on site.
    RefundedAfterShooting,
}

impl Issue {
    pub fn label(self) -> &'static str {
        match self {
            Issue::PaidNotPhotographed => "已缴费但未线下拍摄",
            Issue::PhotographedNotPaid => "线下已拍摄但无缴费记录",
            Issue::RefundedAfterShooting => "线下拍摄后又退费",
        }
    }
}

/// One student behind a difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct IssueRow {
    pub issue: Issue,
    pub label: &'static str,
    pub student_no: String,
    pub name: String,
    pub college: String,
    pub class_name: String,
    /// The events that show it, e.g. "缴费 2025-04-20；线上审核通过 2025-05-08".
    pub detail: String,
}

/// The agency's own figure for a route, as typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct AgencyFigure {
    pub route: Route,
    pub count: i64,
}

/// The settlement as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Settlement {
    pub campaign: String,
    pub agency: String,
    pub as_of: NaiveDate,
    pub fees: Fees,
    pub routes: Vec<RouteLine>,
    pub total: RouteCounts,
    pub colleges: Vec<GroupLine>,
    pub classes: Vec<GroupLine>,
    pub issues: Vec<IssueRow>,
}

/// A student as the settlement needs them (no ID number).
#[derive(Debug, Clone)]
pub(crate) struct SettleStudent {
    pub id: i64,
    pub student_no: String,
    pub name: String,
    pub college: String,
    pub class_name: String,
}

/// What one student's events say for the bill.
#[derive(Debug, Default, PartialEq, Eq)]
struct Tally {
    routes: Vec<Route>,
    issues: Vec<Issue>,
}

/// One student's events (active, up to the day) → the routes billed and the issues.
/// On site counts once, for a fee paid (not refunded) and a photo taken on site; online
/// and walk-in once per student that has them; each refund once. A fee paid without an
/// on-site photo is a difference only once the on-site days are over (`onsite_over`).
fn tally(events: &[&Event], onsite_over: bool) -> Tally {
    let has = |k: EventKind| events.iter().any(|e| e.kind == k);
    let paid = progress::events::is_paid(events.iter().copied());
    let shot = has(EventKind::Photographed);
    let mut t = Tally::default();
    if paid && shot {
        t.routes.push(Route::Onsite);
    }
    if has(EventKind::OnlineApproved) {
        t.routes.push(Route::Online);
    }
    if has(EventKind::WalkInDone) {
        t.routes.push(Route::WalkIn);
    }
    let refunds = events
        .iter()
        .filter(|e| e.kind == EventKind::Refund)
        .count();
    t.routes.extend(std::iter::repeat_n(Route::Refund, refunds));
    if paid && !shot && onsite_over {
        t.issues.push(Issue::PaidNotPhotographed);
    }
    if shot && !paid && refunds == 0 {
        t.issues.push(Issue::PhotographedNotPaid);
    }
    if shot && refunds > 0 {
        t.issues.push(Issue::RefundedAfterShooting);
    }
    t
}

fn detail(events: &[&Event]) -> String {
    let mut sorted: Vec<&&Event> = events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Paid
                    | EventKind::Refund
                    | EventKind::Photographed
                    | EventKind::OnlineApproved
                    | EventKind::WalkInDone
            )
        })
        .collect();
    sorted.sort_by_key(|e| (e.date, e.id));
    sorted
        .iter()
        .map(|e| format!("{} {}", e.kind.label(), e.date))
        .collect::<Vec<_>>()
        .join("；")
}

/// The settlement as of `as_of` from every student's events (withdrawn and ineligible
/// students included: what they paid is on the bill too).
pub fn build(conn: &Connection, campaign: CampaignId, as_of: NaiveDate) -> Result<Settlement> {
    let c = campaign::resolve(conn, Some(campaign))?;
    let fees = Fees {
        onsite: c.facts.fee_onsite,
        online: c.facts.fee_online,
        walk_in: c.facts.fee_walk_in,
    };
    let students = queries::students(conn, campaign)?;
    let onsite_over = campaign::queries::list_milestones(conn, campaign)?
        .iter()
        .find(|m| m.kind == campaign::MilestoneKind::Onsite)
        .is_none_or(|m| as_of > m.end);
    let all = progress::list_events(conn, campaign, None, false)?;
    let mut events: HashMap<i64, Vec<&Event>> = HashMap::new();
    for e in all.iter().filter(|e| !e.is_void() && e.date <= as_of) {
        events.entry(e.student_id).or_default().push(e);
    }
    let mut total = RouteCounts::default();
    let mut colleges: BTreeMap<&str, RouteCounts> = BTreeMap::new();
    let mut classes: BTreeMap<(&str, &str), RouteCounts> = BTreeMap::new();
    let mut issues = Vec::new();
    for s in &students {
        let Some(theirs) = events.get(&s.id) else {
            continue;
        };
        let t = tally(theirs, onsite_over);
        for r in &t.routes {
            total.add(*r, &fees);
            colleges.entry(&s.college).or_default().add(*r, &fees);
            classes
                .entry((&s.college, &s.class_name))
                .or_default()
                .add(*r, &fees);
        }
        for issue in t.issues {
            issues.push(IssueRow {
                issue,
                label: issue.label(),
                student_no: s.student_no.clone(),
                name: s.name.clone(),
                college: s.college.clone(),
                class_name: s.class_name.clone(),
                detail: detail(theirs),
            });
        }
    }
    issues.sort_by(|a, b| {
        (a.issue, &a.college, &a.class_name, &a.student_no).cmp(&(
            b.issue,
            &b.college,
            &b.class_name,
            &b.student_no,
        ))
    });
    let agency: HashMap<Route, i64> = queries::agency_figures(conn, campaign)?
        .into_iter()
        .map(|f| (f.route, f.count))
        .collect();
    let routes = Route::ALL
        .into_iter()
        .map(|route| {
            let count = total.get(route);
            let agency_count = agency.get(&route).copied();
            RouteLine {
                route,
                label: route.label(),
                unit: fees.of(route),
                count,
                amount: Fen(fees.of(route).0 * count),
                agency_count,
                difference: agency_count.map(|a| a - count),
            }
        })
        .collect();
    Ok(Settlement {
        campaign: c.facts.name.clone(),
        agency: c.facts.agency_name.clone(),
        as_of,
        fees,
        routes,
        total,
        colleges: colleges
            .into_iter()
            .map(|(name, counts)| GroupLine {
                name: name.to_string(),
                college: String::new(),
                counts,
            })
            .collect(),
        classes: classes
            .into_iter()
            .map(|((college, name), counts)| GroupLine {
                name: name.to_string(),
                college: college.to_string(),
                counts,
            })
            .collect(),
        issues,
    })
}

/// Stores the agency's own figures (the routes given replace theirs; a `None` count
/// clears that route), in one transaction.
pub fn set_agency_figures(
    conn: &mut Connection,
    campaign: CampaignId,
    figures: &[(Route, Option<i64>)],
    now: &str,
) -> Result<()> {
    for (_, count) in figures {
        if let Some(n) = count.filter(|n| !(0..=1_000_000).contains(n)) {
            return Err(SettleError::BadCount(n));
        }
    }
    let tx = conn.transaction()?;
    campaign::ensure_open::<SettleError>(&tx, campaign)?;
    for (route, count) in figures {
        queries::put_agency_figure(&tx, campaign, *route, *count, now)?;
    }
    tx.commit()?;
    Ok(())
}

/// The agency's figures as typed in.
pub fn agency_figures(conn: &Connection, campaign: CampaignId) -> Result<Vec<AgencyFigure>> {
    Ok(queries::agency_figures(conn, campaign)?)
}

/// 13.50 as the bill writes amounts (always two decimals).
pub fn yuan(f: Fen) -> String {
    let sign = if f.0 < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", f.0.abs() / 100, f.0.abs() % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: i64, kind: EventKind, day: u32) -> Event {
        let date = NaiveDate::from_ymd_opt(2025, 5, day).unwrap_or_default();
        crate::progress::events::test_event(id, kind, date)
    }

    #[test]
    fn one_student_tallies() {
        use EventKind::*;
        let t = |e: Vec<Event>| {
            let r: Vec<&Event> = e.iter().collect();
            tally(&r, true)
        };
        let both = t(vec![ev(1, Paid, 1), ev(2, Photographed, 2)]);
        assert_eq!(both.routes, [Route::Onsite]);
        assert!(both.issues.is_empty());
        let unshot = t(vec![ev(1, Paid, 1), ev(2, OnlineApproved, 8)]);
        assert_eq!(unshot.routes, [Route::Online]);
        assert_eq!(unshot.issues, [Issue::PaidNotPhotographed]);
        let unpaid = t(vec![ev(1, Photographed, 2)]);
        assert!(unpaid.routes.is_empty());
        assert_eq!(unpaid.issues, [Issue::PhotographedNotPaid]);
        let refunded = t(vec![
            ev(1, Paid, 1),
            ev(2, Photographed, 2),
            ev(3, Refund, 9),
        ]);
        assert_eq!(refunded.routes, [Route::Refund]);
        assert_eq!(refunded.issues, [Issue::RefundedAfterShooting]);
        let fine = t(vec![
            ev(1, Paid, 1),
            ev(3, Refund, 9),
            ev(4, WalkInDone, 20),
        ]);
        assert_eq!(fine.routes, [Route::WalkIn, Route::Refund]);
        assert!(fine.issues.is_empty());
        // During the on-site days a fee without a photo yet is no difference.
        let e = [ev(1, Paid, 1)];
        let during: Vec<&Event> = e.iter().collect();
        assert!(tally(&during, false).issues.is_empty());
        assert_eq!(yuan(Fen(1350)), "13.50");
        assert_eq!(Route::parse("walk-in"), Some(Route::WalkIn));
        assert_eq!(Route::parse("退费"), Some(Route::Refund));
    }
}
