//! A student's status, derived (never stored) from their events, the campaign's
//! milestones and a given today: done, pending, at risk (with the reason and the next
//! deadline that matters for that student), or excluded.
//!
//! **Invariant:** [`derive`] is pure: same events, milestones, today and settings give
//! the same status. The rules follow the notice's timeline: on-site shooting only for
//! those who paid by the payment deadline; online only in its window; walk-in until the
//! final deadline; after it, no photo means excluded.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::events::{is_paid, EventKind, Mark, PhotoState};
use crate::campaign::{Milestone, MilestoneKind};

/// A milestone's span: `start` may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "MilestoneSpan")]
pub struct Span {
    pub start: Option<NaiveDate>,
    pub end: NaiveDate,
}

impl Span {
    fn text(self) -> String {
        match self.start {
            Some(s) if s != self.end => format!("{s} 至 {}", self.end),
            _ => self.end.to_string(),
        }
    }
}

/// The campaign's timeline as the rules need it; a missing milestone is `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "MilestoneSpans")]
pub struct Milestones {
    pub payment: Option<Span>,
    pub onsite: Option<Span>,
    pub online: Option<Span>,
    pub walk_in: Option<Span>,
    pub final_deadline: Option<Span>,
    pub verification: Option<Span>,
}

impl Milestones {
    pub fn from_list(list: &[Milestone]) -> Milestones {
        let get = |kind| {
            list.iter().find(|m| m.kind == kind).map(|m| Span {
                start: m.start,
                end: m.end,
            })
        };
        Milestones {
            payment: get(MilestoneKind::Payment),
            onsite: get(MilestoneKind::Onsite),
            online: get(MilestoneKind::Online),
            walk_in: get(MilestoneKind::WalkIn),
            final_deadline: get(MilestoneKind::FinalDeadline),
            verification: get(MilestoneKind::Verification),
        }
    }

    /// The last day a photo counts: the final deadline, else the walk-in end.
    pub fn last_day(&self) -> Option<(MilestoneKind, NaiveDate)> {
        self.final_deadline
            .map(|s| (MilestoneKind::FinalDeadline, s.end))
            .or(self.walk_in.map(|s| (MilestoneKind::WalkIn, s.end)))
    }
}

/// The campaign's progress settings (stored per campaign, defaults from the notice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ProgressSettings {
    /// Verification is due this many days after the photo was taken (notice: 40).
    pub verification_days: u32,
    /// At risk this many days before a payment, on-site or online deadline (0: the day).
    pub warn_days: u32,
    /// At risk this many days before the walk-in / final deadline.
    pub walk_in_warn_days: u32,
}

impl Default for ProgressSettings {
    fn default() -> Self {
        ProgressSettings {
            verification_days: 40,
            warn_days: 1,
            walk_in_warn_days: 14,
        }
    }
}

/// How the student is expected to be photographed, from the schedule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// On site if they pay in time (the default).
    #[default]
    Onsite,
    /// Their class was set to take part online: no on-site payment is expected.
    Online,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[ts(rename = "StudentState")]
#[serde(rename_all = "snake_case")]
pub enum State {
    Done,
    Pending,
    AtRisk,
    Excluded,
}

impl State {
    pub const ALL: [State; 4] = [State::AtRisk, State::Pending, State::Done, State::Excluded];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Done => "done",
            State::Pending => "pending",
            State::AtRisk => "at_risk",
            State::Excluded => "excluded",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            State::Done => "已完成",
            State::Pending => "进行中",
            State::AtRisk => "有风险",
            State::Excluded => "不予制证",
        }
    }

    /// `at_risk`, `at-risk` or the label.
    pub fn parse(text: &str) -> Option<State> {
        let t = text.trim().replace('-', "_");
        State::ALL
            .into_iter()
            .find(|s| s.as_str() == t || s.label() == text.trim())
    }
}

/// Why the student is where they are, for filtering (the text is in `reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// Photo taken; verification not yet due.
    Photographed,
    /// Photo taken; time to check it on 学信网.
    VerificationDue,
    /// Photo taken and checked.
    Verified,
    /// Photo taken; the verification deadline passed without a check (未核对).
    VerificationOverdue,
    /// The photo failed verification (核对有误) or the face comparison (比对未通过) and
    /// no new one was taken: re-shoot before the final deadline.
    VerifyFailed,
    /// Re-shot after a failed photo; off the final list until the new photo is checked.
    Reshot,
    /// Has not paid; the payment deadline has not passed.
    Unpaid,
    /// Paid; on-site collection still ahead or under way.
    AwaitingOnsite,
    /// Checked in on site; waiting for the agency's list.
    CheckedIn,
    /// Should upload in the online window.
    AwaitingOnline,
    /// Uploaded; waiting for approval.
    OnlineSubmitted,
    /// Missed on-site and online: walk-in is left.
    WalkInNeeded,
    /// The campaign has no deadlines yet.
    NoDeadline,
    /// The final deadline passed without a photo.
    NoPhoto,
}

/// A reason or next step in machine-readable form, so the UI can word it in any
/// language: `code` names the sentence (snake_case), `args` fill it (dates as
/// YYYY-MM-DD, milestone and event kinds as their ids). The Chinese text stays in
/// `reason` / `next_step` for the CLI, exports and PDFs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Phrase {
    pub code: &'static str,
    #[ts(as = "BTreeMap<&'static str, String>")]
    pub args: Args,
}

impl Phrase {
    fn new(code: &'static str, args: &[(&'static str, String)]) -> Phrase {
        Phrase {
            code,
            args: args.iter().cloned().collect(),
        }
    }
}

/// A phrase's arguments by name, serialized as a map in name order (as a `BTreeMap`
/// would be). A short sorted list: a map's first node takes some 450 bytes, and every
/// student's status has two phrases (50,000 students: 44 MB).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Args(Vec<(&'static str, String)>);

impl Args {
    pub fn get(&self, key: &str) -> Option<&String> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// (name, value) in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&&'static str, &String)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Sorted by name; a name given twice keeps its last value (as a map's insert does).
impl FromIterator<(&'static str, String)> for Args {
    fn from_iter<I: IntoIterator<Item = (&'static str, String)>>(iter: I) -> Args {
        let mut all: Vec<(&'static str, String)> = Vec::new();
        for (k, v) in iter {
            match all.iter_mut().find(|(key, _)| *key == k) {
                Some(slot) => slot.1 = v,
                None => all.push((k, v)),
            }
        }
        all.sort_by_key(|(k, _)| *k);
        all.shrink_to_fit();
        Args(all)
    }
}

impl<'a> IntoIterator for &'a Args {
    type Item = (&'a &'static str, &'a String);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (&'static str, String)>,
        fn(&'a (&'static str, String)) -> (&'a &'static str, &'a String),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl std::ops::Index<&str> for Args {
    type Output = String;

    fn index(&self, key: &str) -> &String {
        self.get(key)
            .unwrap_or_else(|| panic!("no argument named {key}"))
    }
}

impl Serialize for Args {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A sentence in Chinese and as a [`Phrase`].
type Said = (String, Phrase);

fn said(text: impl Into<String>, code: &'static str, args: &[(&'static str, String)]) -> Said {
    (text.into(), Phrase::new(code, args))
}

/// A span's args: `end`, and `start` when it differs (as [`Span::text`] words it).
fn span_args(span: Span, start: &'static str, end: &'static str) -> Vec<(&'static str, String)> {
    let mut args = vec![(end, span.end.to_string())];
    if let Some(s) = span.start.filter(|s| *s != span.end) {
        args.push((start, s.to_string()));
    }
    args
}

/// A date that matters for this student, with days left (0 on the day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Deadline {
    pub kind: MilestoneKind,
    pub label: &'static str,
    pub date: NaiveDate,
    pub days_left: i64,
}

impl Deadline {
    fn new(kind: MilestoneKind, date: NaiveDate, today: NaiveDate) -> Deadline {
        Deadline {
            kind,
            label: kind.label(),
            date,
            days_left: (date - today).num_days(),
        }
    }
}

/// A student's derived status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct StudentStatus {
    pub state: State,
    pub code: ReasonCode,
    pub reason: String,
    pub next_step: String,
    /// `reason` as a [`Phrase`].
    pub why: Phrase,
    /// `next_step` as a [`Phrase`].
    pub next: Phrase,
    pub next_deadline: Option<Deadline>,
    /// The day the counting photo was taken (earliest), when there is one.
    pub photo_date: Option<NaiveDate>,
}

struct Facts<'a> {
    active: Vec<&'a Mark>,
    paid: bool,
}

impl Facts<'_> {
    fn has(&self, kind: EventKind) -> bool {
        self.active.iter().any(|e| e.kind == kind)
    }
}

/// The status of one student as of `today`. `events` are their active ones; those dated
/// after `today` are ignored.
pub fn derive(
    events: &[Mark],
    route: Route,
    m: &Milestones,
    today: NaiveDate,
    settings: &ProgressSettings,
) -> StudentStatus {
    // Status as of `today`: events dated later have not happened yet.
    let active: Vec<&Mark> = events.iter().filter(|e| e.date <= today).collect();
    let facts = Facts {
        paid: is_paid(active.iter().copied()),
        active,
    };
    let photos = PhotoState::of(facts.active.iter().copied());
    if let Some(photo) = photos.photo {
        return done(&photos, photo, m, today, settings);
    }
    if let Some(failure) = photos.failure {
        return reshoot(failure, m, today);
    }
    if let Some((kind, last)) = m.last_day() {
        if today > last {
            return status(
                State::Excluded,
                ReasonCode::NoPhoto,
                said(
                    format!("{}（{last}）前未完成拍摄", kind.label()),
                    "no_photo",
                    &[
                        ("milestone", kind.as_str().into()),
                        ("date", last.to_string()),
                    ],
                ),
                said("列入不予制证名单", "exclude", &[]),
                None,
            );
        }
    }
    onsite(&facts, route, m, today, settings)
        .or_else(|| online(&facts, route, m, today, settings))
        .or_else(|| walk_in(&facts, m, today, settings))
        .unwrap_or_else(|| {
            status(
                State::Pending,
                ReasonCode::NoDeadline,
                said("采集任务尚未设置截止日期", "no_deadline", &[]),
                said("在任务设置中填写工作日程", "set_schedule", &[]),
                None,
            )
        })
}

fn status(
    state: State,
    code: ReasonCode,
    (reason, why): Said,
    (next_step, next): Said,
    next_deadline: Option<Deadline>,
) -> StudentStatus {
    StudentStatus {
        state,
        code,
        reason,
        next_step,
        why,
        next,
        next_deadline,
        photo_date: None,
    }
}

/// Pending, or at risk (with `risk_reason`) when the deadline is `warn` days away or less.
fn by_deadline(
    code: ReasonCode,
    reason: Said,
    risk_reason: Said,
    next_step: Said,
    deadline: Deadline,
    warn: u32,
) -> StudentStatus {
    if deadline.days_left <= i64::from(warn) {
        status(State::AtRisk, code, risk_reason, next_step, Some(deadline))
    } else {
        status(State::Pending, code, reason, next_step, Some(deadline))
    }
}

fn done(
    photos: &PhotoState<Mark>,
    photo: &Mark,
    m: &Milestones,
    today: NaiveDate,
    settings: &ProgressSettings,
) -> StudentStatus {
    let taken = format!("{}（{}）", photo.kind.label(), photo.date);
    let photo_args = [
        ("method", photo.kind.as_str().to_string()),
        ("date", photo.date.to_string()),
    ];
    let due = photo
        .date
        .checked_add_days(Days::new(u64::from(settings.verification_days)))
        .unwrap_or(photo.date);
    let until = m.verification.map_or(due, |v| v.end.max(due));
    let mut s = if photos.verified.is_some() {
        status(
            State::Done,
            ReasonCode::Verified,
            said(format!("{taken}，学历照已核对"), "verified", &photo_args),
            said("", "none", &[]),
            None,
        )
    } else if let Some(failure) = photos.failure {
        // Re-shot: off the final list until the new photo is checked.
        let (next, code, args) = if today >= due {
            (
                "提醒学生登录学信网核对新照片".to_string(),
                "remind_verify",
                vec![],
            )
        } else {
            (
                format!("{due} 起提醒学生登录学信网核对新照片"),
                "remind_verify_from",
                vec![("date", due.to_string())],
            )
        };
        let mut args_why = photo_args.to_vec();
        args_why.push(("failed", failure.kind.as_str().to_string()));
        status(
            State::Pending,
            ReasonCode::Reshot,
            said(
                format!("{}后已重拍：{taken}，待重新核对", failure.kind.label()),
                "reshot",
                &args_why,
            ),
            said(next, code, &args),
            Some(Deadline::new(
                MilestoneKind::Verification,
                until.max(due),
                today,
            )),
        )
    } else if today > until {
        status(
            State::Done,
            ReasonCode::VerificationOverdue,
            said(
                format!("{taken}，学历照核对 {until} 截止，尚未核对"),
                "verification_overdue",
                &[
                    ("method", photo.kind.as_str().to_string()),
                    ("date", photo.date.to_string()),
                    ("end", until.to_string()),
                ],
            ),
            said("督促学生尽快登录学信网核对学历照", "remind_verify_now", &[]),
            Some(Deadline::new(MilestoneKind::Verification, until, today)),
        )
    } else if today >= due {
        // The check is due; the verification window's end is the date that matters now.
        status(
            State::Done,
            ReasonCode::VerificationDue,
            said(
                format!("{taken}，学历照待核对"),
                "verification_due",
                &photo_args,
            ),
            said("提醒学生登录学信网核对学历照信息", "remind_verify", &[]),
            Some(Deadline::new(MilestoneKind::Verification, until, today)),
        )
    } else {
        status(
            State::Done,
            ReasonCode::Photographed,
            said(taken, "photographed", &photo_args),
            said(
                format!("{due} 起提醒学生登录学信网核对学历照"),
                "remind_verify_from",
                &[("date", due.to_string())],
            ),
            Some(Deadline::new(MilestoneKind::Verification, due, today)),
        )
    };
    s.photo_date = Some(photo.date);
    s
}

/// The photo failed (核对有误 / 比对未通过) and no new one was taken: at risk until the
/// final deadline, when re-shooting (散拍 or the agency) is the one way left; excluded
/// after it.
fn reshoot(failure: &Mark, m: &Milestones, today: NaiveDate) -> StudentStatus {
    let detail = if failure.note.trim().is_empty() {
        String::new()
    } else {
        format!("：{}", failure.note.trim())
    };
    let mut why_args = vec![
        ("failed", failure.kind.as_str().to_string()),
        ("date", failure.date.to_string()),
    ];
    if !detail.is_empty() {
        why_args.push(("note", failure.note.trim().to_string()));
    }
    let failed = format!("{}（{}）{detail}", failure.kind.label(), failure.date);
    match m.last_day() {
        Some((kind, last)) if today > last => status(
            State::Excluded,
            ReasonCode::NoPhoto,
            said(
                format!("{failed}，{}（{last}）前未重新拍摄", kind.label()),
                "failed_no_reshoot",
                &[
                    ("failed", failure.kind.as_str().to_string()),
                    ("milestone", kind.as_str().into()),
                    ("date", last.to_string()),
                ],
            ),
            said("列入不予制证名单", "exclude", &[]),
            None,
        ),
        Some((kind, last)) => status(
            State::AtRisk,
            ReasonCode::VerifyFailed,
            said(format!("{failed}，须重新拍摄"), "verify_failed", &why_args),
            said(
                format!("{last} 前通过散拍或图片社补拍重新拍摄，拍后重新核对"),
                "reshoot",
                &[("date", last.to_string())],
            ),
            Some(Deadline::new(kind, last, today)),
        ),
        None => status(
            State::AtRisk,
            ReasonCode::VerifyFailed,
            said(format!("{failed}，须重新拍摄"), "verify_failed", &why_args),
            said(
                "尽快通过散拍或图片社补拍重新拍摄，拍后重新核对",
                "reshoot_now",
                &[],
            ),
            None,
        ),
    }
}

/// On site: paid (or checked in) before the on-site days end, or unpaid before the
/// payment deadline.
fn onsite(
    facts: &Facts,
    route: Route,
    m: &Milestones,
    today: NaiveDate,
    settings: &ProgressSettings,
) -> Option<StudentStatus> {
    let days = m.onsite.filter(|o| today <= o.end)?;
    let d = Deadline::new(MilestoneKind::Onsite, days.end, today);
    if facts.has(EventKind::CheckedIn) {
        // Photographed in all likelihood; the agency's list will say so.
        return Some(status(
            State::Pending,
            ReasonCode::CheckedIn,
            said("已签到，等待图片社拍摄名单确认", "checked_in", &[]),
            said("导入图片社的拍摄名单", "import_agency_list", &[]),
            Some(d),
        ));
    }
    if facts.paid {
        return Some(by_deadline(
            ReasonCode::AwaitingOnsite,
            said(
                format!("已缴费，等待线下集采（{}）", days.text()),
                "awaiting_onsite",
                &span_args(days, "start", "end"),
            ),
            said(
                format!("已缴费但尚未拍摄，线下集采 {} 结束", days.end),
                "awaiting_onsite_at_risk",
                &[("end", days.end.to_string())],
            ),
            said("按拍摄安排参加线下集采", "attend_onsite", &[]),
            d,
            settings.warn_days,
        ));
    }
    if route == Route::Online || facts.has(EventKind::OnlineSubmitted) {
        return None;
    }
    let pay = m.payment.filter(|p| today <= p.end)?;
    let d = Deadline::new(MilestoneKind::Payment, pay.end, today);
    let alternative = m
        .online
        .map(|o| format!("，或在线上集采期间（{}）上传照片", o.text()))
        .unwrap_or_default();
    let mut pay_args = vec![("date", pay.end.to_string())];
    pay_args.extend(
        m.online
            .map(|o| span_args(o, "online_start", "online_end"))
            .unwrap_or_default(),
    );
    Some(by_deadline(
        ReasonCode::Unpaid,
        said("尚未缴纳线下集采费", "unpaid", &[]),
        said(
            format!("尚未缴费，缴费 {} 截止，逾期不能参加线下集采", pay.end),
            "unpaid_at_risk",
            &[("date", pay.end.to_string())],
        ),
        said(
            format!("{} 前缴纳线下集采费{alternative}", pay.end),
            if m.online.is_some() {
                "pay_or_online"
            } else {
                "pay"
            },
            &pay_args,
        ),
        d,
        settings.warn_days,
    ))
}

/// Online: the window is ahead or open.
fn online(
    facts: &Facts,
    route: Route,
    m: &Milestones,
    today: NaiveDate,
    settings: &ProgressSettings,
) -> Option<StudentStatus> {
    let window = m.online.filter(|o| today <= o.end)?;
    let d = Deadline::new(MilestoneKind::Online, window.end, today);
    if facts.has(EventKind::OnlineSubmitted) {
        return Some(by_deadline(
            ReasonCode::OnlineSubmitted,
            said("线上照片已提交，等待审核", "online_submitted", &[]),
            said(
                format!("线上照片尚未审核通过，线上集采 {} 截止", window.end),
                "online_submitted_at_risk",
                &[("end", window.end.to_string())],
            ),
            said(
                format!("关注审核结果，未通过须在 {} 前重新上传", window.end),
                "watch_review",
                &[("date", window.end.to_string())],
            ),
            d,
            settings.warn_days,
        ));
    }
    let (why, code, risk_code) = if facts.paid {
        (
            "已缴线下集采费但未在线下拍摄",
            "paid_missed_onsite",
            "paid_missed_onsite_at_risk",
        )
    } else if route == Route::Online {
        ("班级安排为线上集采", "online_class", "online_class_at_risk")
    } else {
        (
            "未缴线下集采费，须参加线上集采",
            "unpaid_online",
            "unpaid_online_at_risk",
        )
    };
    Some(by_deadline(
        ReasonCode::AwaitingOnline,
        said(why, code, &[]),
        said(
            format!("{why}；线上集采 {} 截止，尚未提交照片", window.end),
            risk_code,
            &[("end", window.end.to_string())],
        ),
        said(
            format!("在线上集采期间（{}）上传照片", window.text()),
            "upload_online",
            &span_args(window, "start", "end"),
        ),
        d,
        settings.warn_days,
    ))
}

/// Walk-in: the last way, until the walk-in end (else the final deadline).
fn walk_in(
    facts: &Facts,
    m: &Milestones,
    today: NaiveDate,
    settings: &ProgressSettings,
) -> Option<StudentStatus> {
    let (kind, end) = m
        .walk_in
        .filter(|w| today <= w.end)
        .map(|w| (MilestoneKind::WalkIn, w.end))
        .or_else(|| m.last_day().filter(|(_, end)| today <= *end))?;
    let (why, code, risk_code) = if facts.paid {
        (
            "已缴线下集采费但未拍摄，错过线下与线上集采（可申请退费）",
            "paid_missed_all",
            "paid_missed_all_at_risk",
        )
    } else {
        ("错过线下与线上集采", "missed_all", "missed_all_at_risk")
    };
    Some(by_deadline(
        ReasonCode::WalkInNeeded,
        said(why, code, &[]),
        said(
            format!("{why}；散拍 {end} 截止，尚未完成"),
            risk_code,
            &[("end", end.to_string())],
        ),
        said(
            format!("{end} 前自行到图片社或通过散拍小程序完成散拍"),
            "walk_in",
            &[("date", end.to_string())],
        ),
        Deadline::new(kind, end, today),
        settings.walk_in_warn_days,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    fn ev(id: i64, kind: EventKind, date: NaiveDate) -> Mark {
        Mark {
            id: crate::progress::EventId(id),
            kind,
            date,
            note: String::new(),
        }
    }

    /// Every code with the args it must carry (optional `start`s are checked apart).
    const WHY: &[(&str, &[&str])] = &[
        ("no_photo", &["milestone", "date"]),
        ("no_deadline", &[]),
        ("verified", &["method", "date"]),
        ("verification_due", &["method", "date"]),
        ("photographed", &["method", "date"]),
        ("checked_in", &[]),
        ("awaiting_onsite", &["end"]),
        ("awaiting_onsite_at_risk", &["end"]),
        ("unpaid", &[]),
        ("unpaid_at_risk", &["date"]),
        ("online_submitted", &[]),
        ("online_submitted_at_risk", &["end"]),
        ("paid_missed_onsite", &[]),
        ("paid_missed_onsite_at_risk", &["end"]),
        ("online_class", &[]),
        ("online_class_at_risk", &["end"]),
        ("unpaid_online", &[]),
        ("unpaid_online_at_risk", &["end"]),
        ("paid_missed_all", &[]),
        ("paid_missed_all_at_risk", &["end"]),
        ("missed_all", &[]),
        ("missed_all_at_risk", &["end"]),
        ("verification_overdue", &["method", "date", "end"]),
        ("verify_failed", &["failed", "date"]),
        ("reshot", &["method", "date", "failed"]),
        ("failed_no_reshoot", &["failed", "milestone", "date"]),
    ];
    const NEXT: &[(&str, &[&str])] = &[
        ("exclude", &[]),
        ("set_schedule", &[]),
        ("none", &[]),
        ("remind_verify", &[]),
        ("remind_verify_from", &["date"]),
        ("import_agency_list", &[]),
        ("attend_onsite", &[]),
        ("pay", &["date"]),
        ("pay_or_online", &["date", "online_end"]),
        ("watch_review", &["date"]),
        ("upload_online", &["end"]),
        ("walk_in", &["date"]),
        ("remind_verify_now", &[]),
        ("reshoot", &["date"]),
        ("reshoot_now", &[]),
    ];

    fn check_args(p: &Phrase, table: &[(&str, &[&str])], label: &str) {
        let (_, keys) = table
            .iter()
            .find(|(c, _)| *c == p.code)
            .unwrap_or_else(|| panic!("{label}: unknown code {}", p.code));
        for k in *keys {
            assert!(p.args.contains_key(k), "{label}: {} lacks {k}", p.code);
        }
        for (k, v) in &p.args {
            let is_date = matches!(*k, "date" | "start" | "end" | "online_start" | "online_end");
            let is_kind = matches!(*k, "method" | "failed");
            if is_kind {
                assert!(EventKind::parse(v).is_some(), "{label}: {k}={v}");
            }
            if is_date {
                assert!(v.parse::<NaiveDate>().is_ok(), "{label}: {k}={v}");
            } else {
                assert!(!v.is_empty(), "{label}: {k} empty");
            }
        }
    }

    #[test]
    fn every_branch_gives_a_code_with_its_args() {
        use EventKind::*;
        let reference = Milestones::from_list(&demo::reference_milestones());
        let no_online = Milestones {
            online: None,
            ..reference
        };
        let none = Milestones::default();
        let on = Route::Onsite;
        let paid = || vec![ev(1, Paid, d(4, 15))];
        let photo = || vec![ev(1, Photographed, d(4, 28))];
        let failed = || {
            let mut f = ev(2, VerifyFailed, d(6, 10));
            f.note = "姓名有误".into();
            vec![ev(1, Photographed, d(4, 28)), f]
        };
        let reshot = || {
            let mut e = failed();
            e.push(ev(3, WalkInDone, d(6, 20)));
            e
        };
        let cases: Vec<(Vec<Mark>, Route, &Milestones, NaiveDate)> = vec![
            (vec![], on, &reference, d(4, 20)),
            (vec![], on, &reference, d(4, 27)),
            (vec![], on, &no_online, d(4, 20)),
            (paid(), on, &reference, d(4, 20)),
            (paid(), on, &reference, d(4, 30)),
            (vec![ev(1, CheckedIn, d(4, 28))], on, &reference, d(4, 29)),
            (
                vec![ev(1, OnlineSubmitted, d(5, 7))],
                on,
                &reference,
                d(5, 8),
            ),
            (
                vec![ev(1, OnlineSubmitted, d(5, 7))],
                on,
                &reference,
                d(5, 12),
            ),
            (paid(), on, &reference, d(5, 7)),
            (paid(), on, &reference, d(5, 12)),
            (vec![], Route::Online, &reference, d(5, 7)),
            (vec![], Route::Online, &reference, d(5, 12)),
            (vec![], on, &reference, d(5, 7)),
            (vec![], on, &reference, d(5, 12)),
            (vec![], on, &reference, d(6, 1)),
            (vec![], on, &reference, d(9, 25)),
            (paid(), on, &reference, d(6, 1)),
            (paid(), on, &reference, d(9, 25)),
            (vec![], on, &reference, d(10, 1)),
            (vec![], on, &none, d(4, 20)),
            (photo(), on, &reference, d(5, 1)),
            (photo(), on, &reference, d(6, 10)),
            (
                vec![ev(1, Photographed, d(4, 28)), ev(2, Verified, d(6, 8))],
                on,
                &reference,
                d(6, 10),
            ),
            (photo(), on, &reference, d(11, 10)),
            (failed(), on, &reference, d(6, 15)),
            (failed(), on, &reference, d(10, 1)),
            (failed(), on, &none, d(6, 15)),
            (reshot(), on, &reference, d(6, 25)),
        ];
        let settings = ProgressSettings::default();
        let mut why_seen = std::collections::BTreeSet::new();
        let mut next_seen = std::collections::BTreeSet::new();
        for (events, route, m, today) in &cases {
            let s = derive(events, *route, m, *today, &settings);
            let label = format!("{today} «{}» «{}»", s.reason, s.next_step);
            assert!(!s.why.code.is_empty() && !s.next.code.is_empty(), "{label}");
            check_args(&s.why, WHY, &label);
            check_args(&s.next, NEXT, &label);
            // An empty next step is exactly the `none` code.
            assert_eq!(s.next_step.is_empty(), s.next.code == "none", "{label}");
            why_seen.insert(s.why.code);
            next_seen.insert(s.next.code);
        }
        let all = |t: &[(&'static str, &[&str])]| t.iter().map(|(c, _)| *c).collect();
        assert_eq!(why_seen, all(WHY), "every reason code is reached");
        assert_eq!(next_seen, all(NEXT), "every next-step code is reached");
    }

    #[test]
    fn spans_give_start_only_when_open_and_different() {
        let s = derive(
            &[ev(1, EventKind::Paid, d(4, 15))],
            Route::Onsite,
            &Milestones::from_list(&demo::reference_milestones()),
            d(4, 20),
            &ProgressSettings::default(),
        );
        assert_eq!(s.why.code, "awaiting_onsite");
        assert_eq!(s.why.args["start"], "2025-04-28");
        assert_eq!(s.why.args["end"], "2025-04-30");
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["why"]["code"], "awaiting_onsite");
        assert_eq!(json["next"]["code"], "attend_onsite");
    }

    /// The verification rules day by day: (events, today, state, reason code, why code).
    #[test]
    fn state_table_around_the_verification_deadline() {
        use EventKind::*;
        use ReasonCode as R;
        use State::*;
        let m = Milestones::from_list(&demo::reference_milestones());
        let settings = ProgressSettings::default();
        // Photographed 04-28: due 06-07 (40 days), window ends 11-09.
        let shot = vec![ev(1, Photographed, d(4, 28))];
        let with = |mut e: Vec<Mark>, more: &[(i64, EventKind, NaiveDate)]| {
            e.extend(more.iter().map(|(id, k, day)| ev(*id, *k, *day)));
            e
        };
        let checked = with(shot.clone(), &[(2, Verified, d(6, 9))]);
        let wrong = with(shot.clone(), &[(2, VerifyFailed, d(6, 9))]);
        let compare = with(shot.clone(), &[(2, CompareFailed, d(6, 9))]);
        let reshot = with(wrong.clone(), &[(3, WalkInDone, d(7, 1))]);
        let rechecked = with(reshot.clone(), &[(4, Verified, d(8, 12))]);
        // A check of the old photo before the failure does not confirm the re-shoot.
        let old_check = with(
            shot.clone(),
            &[
                (2, Verified, d(6, 8)),
                (3, CompareFailed, d(6, 9)),
                (4, Photographed, d(6, 20)),
            ],
        );
        #[rustfmt::skip]
        let table: Vec<(&Vec<Mark>, NaiveDate, State, R, &str)> = vec![
            (&shot, d(6, 6), Done, R::Photographed, "photographed"),
            (&shot, d(6, 7), Done, R::VerificationDue, "verification_due"),
            (&shot, d(11, 9), Done, R::VerificationDue, "verification_due"),
            (&shot, d(11, 10), Done, R::VerificationOverdue, "verification_overdue"),
            (&checked, d(11, 10), Done, R::Verified, "verified"),
            // The failure is known only from its date on.
            (&wrong, d(6, 8), Done, R::VerificationDue, "verification_due"),
            (&wrong, d(6, 9), AtRisk, R::VerifyFailed, "verify_failed"),
            (&compare, d(9, 30), AtRisk, R::VerifyFailed, "verify_failed"),
            (&compare, d(10, 1), Excluded, R::NoPhoto, "failed_no_reshoot"),
            (&reshot, d(7, 1), Pending, R::Reshot, "reshot"),
            (&reshot, d(11, 10), Pending, R::Reshot, "reshot"),
            (&rechecked, d(8, 12), Done, R::Verified, "verified"),
            (&old_check, d(6, 21), Pending, R::Reshot, "reshot"),
        ];
        for (events, today, state, code, why) in table {
            let s = derive(events, Route::Onsite, &m, today, &settings);
            let label = format!("{today}: «{}» «{}»", s.reason, s.next_step);
            assert_eq!((s.state, s.code, s.why.code), (state, code, why), "{label}");
        }
        // The at-risk student's next step is the re-shoot before the final deadline.
        let s = derive(&wrong, Route::Onsite, &m, d(6, 9), &settings);
        assert_eq!(s.next.code, "reshoot");
        assert_eq!(s.next_deadline.map(|d| d.date), Some(d(9, 30)));
        assert!(s.next_step.contains("散拍"), "{}", s.next_step);
        // The re-shoot's check is due 40 days after it.
        let s = derive(&reshot, Route::Onsite, &m, d(7, 1), &settings);
        assert_eq!(s.photo_date, Some(d(7, 1)));
        assert_eq!(s.next.args["date"], "2025-08-10");
    }
}
