//! Rules a campaign's settings must follow: windows that make sense, milestones in order,
//! dates that belong to the cohort's year. Pure functions over the campaign's data.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::model::*;

/// How bad a finding is: errors are refused on save, warnings are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// One thing wrong with a campaign's settings, said in the office's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Finding {
    pub severity: Severity,
    /// Stable identifier for tests and the UI (`milestone_order`, `year_mismatch` …).
    pub code: &'static str,
    /// What the finding is about (`payment`, `window:12`, `notice_date` …).
    pub subject: String,
    pub message: String,
}

/// Everything `campaign check` reports.
#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct CheckReport {
    pub errors: Vec<Finding>,
    pub warnings: Vec<Finding>,
}

impl CheckReport {
    fn push(&mut self, severity: Severity, code: &'static str, subject: String, message: String) {
        let f = Finding {
            severity,
            code,
            subject,
            message,
        };
        match severity {
            Severity::Error => self.errors.push(f),
            Severity::Warning => self.warnings.push(f),
        }
    }

    pub fn is_clean(&self) -> bool {
        self.errors.is_empty() && self.warnings.is_empty()
    }
}

/// What the checks look at.
pub struct CampaignData<'a> {
    pub facts: &'a CampaignFacts,
    pub venues: &'a [Venue],
    pub windows: &'a [SessionWindow],
    pub milestones: &'a [Milestone],
}

/// Runs every rule.
pub fn check(data: &CampaignData) -> CheckReport {
    let mut report = CheckReport::default();
    check_windows(data, &mut report);
    check_milestones(data.milestones, &mut report);
    check_years(data, &mut report);
    check_places(data, &mut report);
    report
}

fn d(date: NaiveDate) -> String {
    date.format("%Y年%-m月%-d日").to_string()
}

fn venue_label(venues: &[Venue], venue_id: i64) -> String {
    venues
        .iter()
        .find(|v| v.id == venue_id)
        .map(|v| format!("{}·{}", v.campus, v.name))
        .unwrap_or_else(|| format!("场地{venue_id}"))
}

fn check_windows(data: &CampaignData, report: &mut CheckReport) {
    for (i, w) in data.windows.iter().enumerate() {
        let place = venue_label(data.venues, w.venue_id);
        if w.end <= w.start {
            report.push(
                Severity::Error,
                "window_order",
                format!("window:{}", w.id),
                format!(
                    "{place} {} 的时段 {}–{} 结束时间不晚于开始时间，请改正。",
                    d(w.date),
                    w.start.format("%H:%M"),
                    w.end.format("%H:%M")
                ),
            );
        }
        let overlapping = data.windows[i + 1..].iter().find(|o| {
            o.venue_id == w.venue_id && o.date == w.date && o.start < w.end && w.start < o.end
        });
        if let Some(o) = overlapping {
            report.push(
                Severity::Error,
                "window_overlap",
                format!("window:{}", o.id),
                format!(
                    "{place} {} 的两个时段 {}–{} 与 {}–{} 重叠，请合并或调整。",
                    d(w.date),
                    w.start.format("%H:%M"),
                    w.end.format("%H:%M"),
                    o.start.format("%H:%M"),
                    o.end.format("%H:%M")
                ),
            );
        }
    }
    let onsite = data
        .milestones
        .iter()
        .find(|m| m.kind == MilestoneKind::Onsite);
    if let Some(m) = onsite {
        let first = m.start.unwrap_or(m.end);
        for w in data
            .windows
            .iter()
            .filter(|w| w.date < first || w.date > m.end)
        {
            report.push(
                Severity::Warning,
                "window_outside_onsite",
                format!("window:{}", w.id),
                format!(
                    "{} 的拍摄时段在 {}，不在线下集中采集期间（{}–{}）内。",
                    venue_label(data.venues, w.venue_id),
                    d(w.date),
                    d(first),
                    d(m.end)
                ),
            );
        }
    }
}

/// The rules of order between milestones, each refused as an error when broken.
pub fn check_milestones(milestones: &[Milestone], report: &mut CheckReport) {
    let get = |k| milestones.iter().find(|m| m.kind == k);
    for m in milestones {
        if let Some(s) = m.start.filter(|s| *s > m.end) {
            report.push(
                Severity::Error,
                "milestone_range",
                m.kind.as_str().to_string(),
                format!(
                    "{}的开始日期 {} 晚于结束日期 {}。",
                    m.kind.label(),
                    d(s),
                    d(m.end)
                ),
            );
        }
    }
    let start = |m: &Milestone| m.start.unwrap_or(m.end);
    use MilestoneKind::*;
    if let (Some(p), Some(o)) = (get(Payment), get(Onsite)) {
        if p.end >= start(o) {
            report.push(
                Severity::Error,
                "milestone_order",
                "payment".into(),
                format!(
                    "缴费截止（{}）应早于线下集中采集开始（{}）：现场不能补缴。",
                    d(p.end),
                    d(start(o))
                ),
            );
        }
    }
    if let (Some(o), Some(n)) = (get(Onsite), get(Online)) {
        if start(n) <= o.end {
            report.push(
                Severity::Error,
                "milestone_order",
                "online".into(),
                format!(
                    "线上集中采集（{} 起）应在线下集中采集结束（{}）之后。",
                    d(start(n)),
                    d(o.end)
                ),
            );
        }
    }
    if let Some(f) = get(FinalDeadline) {
        for m in milestones
            .iter()
            .filter(|m| !matches!(m.kind, FinalDeadline | Verification))
        {
            if m.end > f.end {
                report.push(
                    Severity::Error,
                    "milestone_order",
                    m.kind.as_str().to_string(),
                    format!(
                        "{}的结束日期 {} 晚于采集截止 {}：截止日期必须是最后一个。",
                        m.kind.label(),
                        d(m.end),
                        d(f.end)
                    ),
                );
            }
        }
    }
    for k in [Payment, Onsite, FinalDeadline] {
        if get(k).is_none() {
            report.push(
                Severity::Warning,
                "milestone_missing",
                k.as_str().to_string(),
                format!("还没有设置「{}」的日期。", k.label()),
            );
        }
    }
}

/// A 2025届 campaign runs in 2025 (or from October 2024 on, for schools that collect in
/// the autumn before graduation); an April–September 2024 date is almost always a slip
/// copied from last year's notice (the reference notice has exactly that).
fn check_years(data: &CampaignData, report: &mut CheckReport) {
    let year = data.facts.grad_year;
    let mut dates: Vec<(String, String, NaiveDate)> = vec![(
        "notice_date".into(),
        "通知日期".into(),
        data.facts.notice_date,
    )];
    for m in data.milestones {
        // Verification follows shooting by 40 days and may run into the next year.
        if m.kind == MilestoneKind::Verification {
            continue;
        }
        if let Some(s) = m.start {
            dates.push((m.kind.as_str().into(), format!("{}开始", m.kind.label()), s));
        }
        dates.push((
            m.kind.as_str().into(),
            format!("{}结束", m.kind.label()),
            m.end,
        ));
    }
    for w in data.windows {
        dates.push((
            format!("window:{}", w.id),
            format!("{} 拍摄时段", venue_label(data.venues, w.venue_id)),
            w.date,
        ));
    }
    for (subject, what, date) in dates {
        let autumn_before = date.year() == year - 1 && date.month() >= 10;
        if date.year() != year && !autumn_before {
            report.push(
                Severity::Warning,
                "year_mismatch",
                subject,
                format!(
                    "{what}为 {}，但这是 {year}届 的采集任务：年份是否写错了（应为 {year} 年）？",
                    d(date)
                ),
            );
        }
    }
}

fn check_places(data: &CampaignData, report: &mut CheckReport) {
    for v in data.venues {
        if !data.windows.iter().any(|w| w.venue_id == v.id) {
            report.push(
                Severity::Warning,
                "venue_without_window",
                format!("venue:{}", v.id),
                format!("场地 {}·{} 还没有拍摄时段。", v.campus, v.name),
            );
        }
    }
}
