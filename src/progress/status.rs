//! A student's status, derived (never stored) from their events, the campaign's
//! milestones and a given today: done, pending, at risk (with the reason and the next
//! deadline that matters for that student), or excluded.
//!
//! **Invariant:** [`derive`] is pure: same events, milestones, today and settings give
//! the same status. The rules follow the notice's timeline: on-site shooting only for
//! those who paid by the payment deadline; online only in its window; walk-in until the
//! final deadline; after it, no photo means excluded.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::events::{is_paid, Event, EventKind};
use crate::campaign::{Milestone, MilestoneKind};

/// A milestone's span: `start` may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// On site if they pay in time (the default).
    #[default]
    Onsite,
    /// Their class was set to take part online: no on-site payment is expected.
    Online,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// Photo taken; verification not yet due.
    Photographed,
    /// Photo taken; time to check it on 学信网.
    VerificationDue,
    /// Photo taken and checked.
    Verified,
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

/// A date that matters for this student, with days left (0 on the day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudentStatus {
    pub state: State,
    pub code: ReasonCode,
    pub reason: String,
    pub next_step: String,
    pub next_deadline: Option<Deadline>,
    /// The day the counting photo was taken (earliest), when there is one.
    pub photo_date: Option<NaiveDate>,
}

struct Facts<'a> {
    active: Vec<&'a Event>,
    paid: bool,
}

impl Facts<'_> {
    fn has(&self, kind: EventKind) -> bool {
        self.active.iter().any(|e| e.kind == kind)
    }
}

/// The status of one student as of `today`. `events` are theirs; voided ones and those
/// dated after `today` are ignored.
pub fn derive(
    events: &[Event],
    route: Route,
    m: &Milestones,
    today: NaiveDate,
    settings: &ProgressSettings,
) -> StudentStatus {
    // Status as of `today`: events dated later have not happened yet.
    let active: Vec<&Event> = events
        .iter()
        .filter(|e| !e.is_void() && e.date <= today)
        .collect();
    let facts = Facts {
        paid: is_paid(active.iter().copied()),
        active,
    };
    if let Some(photo) = facts
        .active
        .iter()
        .filter(|e| e.kind.is_photo())
        .min_by_key(|e| (e.date, e.id))
    {
        return done(&facts, photo, m, today, settings);
    }
    if let Some((kind, last)) = m.last_day() {
        if today > last {
            return status(
                State::Excluded,
                ReasonCode::NoPhoto,
                format!("{}（{last}）前未完成拍摄", kind.label()),
                "列入不予制证名单".into(),
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
                "采集任务尚未设置截止日期".into(),
                "在任务设置中填写工作日程".into(),
                None,
            )
        })
}

fn status(
    state: State,
    code: ReasonCode,
    reason: String,
    next_step: String,
    next_deadline: Option<Deadline>,
) -> StudentStatus {
    StudentStatus {
        state,
        code,
        reason,
        next_step,
        next_deadline,
        photo_date: None,
    }
}

/// Pending, or at risk (with `risk_reason`) when the deadline is `warn` days away or less.
fn by_deadline(
    code: ReasonCode,
    reason: String,
    risk_reason: String,
    next_step: String,
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
    facts: &Facts,
    photo: &Event,
    m: &Milestones,
    today: NaiveDate,
    settings: &ProgressSettings,
) -> StudentStatus {
    let taken = format!("{}（{}）", photo.kind.label(), photo.date);
    let due = photo
        .date
        .checked_add_days(Days::new(u64::from(settings.verification_days)))
        .unwrap_or(photo.date);
    let mut s = if facts.has(EventKind::Verified) {
        status(
            State::Done,
            ReasonCode::Verified,
            format!("{taken}，学历照已核对"),
            String::new(),
            None,
        )
    } else if today >= due {
        // The check is due; the verification window's end is the date that matters now.
        let until = m.verification.map_or(due, |v| v.end.max(due));
        status(
            State::Done,
            ReasonCode::VerificationDue,
            format!("{taken}，学历照待核对"),
            "提醒学生登录学信网核对学历照信息".into(),
            Some(Deadline::new(MilestoneKind::Verification, until, today)),
        )
    } else {
        status(
            State::Done,
            ReasonCode::Photographed,
            taken,
            format!("{due} 起提醒学生登录学信网核对学历照"),
            Some(Deadline::new(MilestoneKind::Verification, due, today)),
        )
    };
    s.photo_date = Some(photo.date);
    s
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
            "已签到，等待图片社拍摄名单确认".into(),
            "导入图片社的拍摄名单".into(),
            Some(d),
        ));
    }
    if facts.paid {
        return Some(by_deadline(
            ReasonCode::AwaitingOnsite,
            format!("已缴费，等待线下集采（{}）", days.text()),
            format!("已缴费但尚未拍摄，线下集采 {} 结束", days.end),
            "按拍摄安排参加线下集采".into(),
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
    Some(by_deadline(
        ReasonCode::Unpaid,
        "尚未缴纳线下集采费".into(),
        format!("尚未缴费，缴费 {} 截止，逾期不能参加线下集采", pay.end),
        format!("{} 前缴纳线下集采费{alternative}", pay.end),
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
            "线上照片已提交，等待审核".into(),
            format!("线上照片尚未审核通过，线上集采 {} 截止", window.end),
            format!("关注审核结果，未通过须在 {} 前重新上传", window.end),
            d,
            settings.warn_days,
        ));
    }
    let why = if facts.paid {
        "已缴线下集采费但未在线下拍摄"
    } else if route == Route::Online {
        "班级安排为线上集采"
    } else {
        "未缴线下集采费，须参加线上集采"
    };
    Some(by_deadline(
        ReasonCode::AwaitingOnline,
        why.into(),
        format!("{why}；线上集采 {} 截止，尚未提交照片", window.end),
        format!("在线上集采期间（{}）上传照片", window.text()),
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
    let why = if facts.paid {
        "已缴线下集采费但未拍摄，错过线下与线上集采（可申请退费）"
    } else {
        "错过线下与线上集采"
    };
    Some(by_deadline(
        ReasonCode::WalkInNeeded,
        why.into(),
        format!("{why}；散拍 {end} 截止，尚未完成"),
        format!("{end} 前自行到图片社或通过散拍小程序完成散拍"),
        Deadline::new(kind, end, today),
        settings.walk_in_warn_days,
    ))
}
