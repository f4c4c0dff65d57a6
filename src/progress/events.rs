//! Progress events: what can happen to a student (kinds), where we learnt it (sources),
//! and the stored event with its void marks.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::roster::StudentNo;

/// What happened to a student.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// 缴纳线下集采费.
    Paid,
    /// 线下集采签到.
    CheckedIn,
    /// 线下集采已拍摄.
    Photographed,
    /// 线上集采已提交.
    OnlineSubmitted,
    /// 线上集采审核通过.
    OnlineApproved,
    /// 散拍已完成.
    WalkInDone,
    /// 已退费.
    Refund,
    /// 学信网学历照已核对.
    Verified,
}

impl EventKind {
    pub const ALL: [EventKind; 8] = [
        EventKind::Paid,
        EventKind::CheckedIn,
        EventKind::Photographed,
        EventKind::OnlineSubmitted,
        EventKind::OnlineApproved,
        EventKind::WalkInDone,
        EventKind::Refund,
        EventKind::Verified,
    ];

    /// The identifier stored in the database and used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Paid => "paid",
            EventKind::CheckedIn => "checked_in",
            EventKind::Photographed => "photographed",
            EventKind::OnlineSubmitted => "online_submitted",
            EventKind::OnlineApproved => "online_approved",
            EventKind::WalkInDone => "walk_in_done",
            EventKind::Refund => "refund",
            EventKind::Verified => "verified",
        }
    }

    /// The office's word for it.
    pub fn label(self) -> &'static str {
        match self {
            EventKind::Paid => "已缴线下集采费",
            EventKind::CheckedIn => "已签到",
            EventKind::Photographed => "线下已拍摄",
            EventKind::OnlineSubmitted => "线上已提交",
            EventKind::OnlineApproved => "线上审核通过",
            EventKind::WalkInDone => "散拍已完成",
            EventKind::Refund => "已退费",
            EventKind::Verified => "已核对学历照",
        }
    }

    /// Accepts the identifier, its kebab-case form (`online-approved`), the label, or
    /// `walk-in` for the walk-in list (the office calls it 散拍名单, not "walk-in done").
    pub fn parse(text: &str) -> Option<EventKind> {
        let t = text.trim().replace('-', "_");
        if t == "walk_in" {
            return Some(EventKind::WalkInDone);
        }
        EventKind::ALL
            .into_iter()
            .find(|k| k.as_str() == t || k.label() == text.trim())
    }

    /// A photo that counts: once one exists, the student is done.
    pub fn is_photo(self) -> bool {
        matches!(
            self,
            EventKind::Photographed | EventKind::OnlineApproved | EventKind::WalkInDone
        )
    }

    /// The kinds an agency list can carry.
    pub fn importable(self) -> bool {
        matches!(self, EventKind::Paid) || self.is_photo()
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Where an event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[ts(rename = "EventSource")]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Typed in by the office.
    Typed,
    /// Recorded at a session's check-in.
    CheckIn,
    /// Read from a list the agency sent.
    AgencyImport,
    /// Merged from another laptop.
    Sync,
}

impl Source {
    pub const ALL: [Source; 4] = [
        Source::Typed,
        Source::CheckIn,
        Source::AgencyImport,
        Source::Sync,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::Typed => "typed",
            Source::CheckIn => "check_in",
            Source::AgencyImport => "agency_import",
            Source::Sync => "sync",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Source::Typed => "手工录入",
            Source::CheckIn => "现场签到",
            Source::AgencyImport => "图片社名单",
            Source::Sync => "同步",
        }
    }

    pub fn parse(text: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// Row id of an event.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(transparent)]
pub struct EventId(pub i64);

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A stored event, with the student it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "ProgressEvent")]
pub struct Event {
    pub id: EventId,
    pub student_id: i64,
    pub student_no: StudentNo,
    pub name: String,
    pub kind: EventKind,
    pub date: NaiveDate,
    pub source: Source,
    pub note: String,
    pub recorded_by: String,
    pub origin: String,
    pub created_at: String,
    pub voided_at: Option<String>,
    pub void_reason: String,
}

impl Event {
    pub fn is_void(&self) -> bool {
        self.voided_at.is_some()
    }
}

/// An event to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEvent {
    pub kind: EventKind,
    pub date: NaiveDate,
    pub source: Source,
    pub note: String,
    pub recorded_by: String,
    pub origin: String,
}

/// Whether the student is currently paid: the latest of their paid/refund events decides
/// (same day: the one recorded later).
pub fn is_paid<'a>(events: impl IntoIterator<Item = &'a Event>) -> bool {
    events
        .into_iter()
        .filter(|e| !e.is_void() && matches!(e.kind, EventKind::Paid | EventKind::Refund))
        .max_by_key(|e| (e.date, e.id))
        .is_some_and(|e| e.kind == EventKind::Paid)
}

/// True when recording `kind` again would say nothing new: an active event of that kind
/// exists (for paid and refund: the student is already in that state).
pub fn already_recorded<'a>(
    events: impl IntoIterator<Item = &'a Event> + Clone,
    kind: EventKind,
) -> bool {
    match kind {
        EventKind::Paid => is_paid(events),
        EventKind::Refund => {
            let any_refund = events
                .clone()
                .into_iter()
                .any(|e| !e.is_void() && e.kind == EventKind::Refund);
            any_refund && !is_paid(events)
        }
        k => events.into_iter().any(|e| !e.is_void() && e.kind == k),
    }
}

/// Why recording `kind` contradicts what is known, if it does: two different photos
/// (on-site and online, …), a fee paid by someone already photographed another way, or
/// a refund of a fee that is not on record (a refund is only ever of a payment we know;
/// inventing the payment would make the counts and the agency's bill disagree).
pub fn conflict<'a>(
    events: impl IntoIterator<Item = &'a Event>,
    kind: EventKind,
) -> Option<String> {
    let active: Vec<&Event> = events.into_iter().filter(|e| !e.is_void()).collect();
    if kind == EventKind::Refund && !is_paid(active.iter().copied()) {
        return Some(
            "没有有效的缴费记录，不能记「已退费」：请先核实该生是否缴过线下集采费（缴费名单或手工录入）"
                .to_string(),
        );
    }
    if kind.is_photo() {
        if let Some(other) = active.iter().find(|e| e.kind.is_photo() && e.kind != kind) {
            return Some(format!(
                "已有「{}」（{}），不能再记「{}」：一名学生只能采用一种采集方式",
                other.kind.label(),
                other.date,
                kind.label()
            ));
        }
    }
    if kind == EventKind::Paid {
        if let Some(other) = active
            .iter()
            .find(|e| matches!(e.kind, EventKind::OnlineApproved | EventKind::WalkInDone))
        {
            return Some(format!(
                "已有「{}」（{}），却又缴纳线下集采费：请核实，必要时办理退费",
                other.kind.label(),
                other.date
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: i64, kind: EventKind, day: u32) -> Event {
        Event {
            id: EventId(id),
            student_id: 1,
            student_no: StudentNo::from_trusted("1".into()),
            name: String::new(),
            kind,
            date: NaiveDate::from_ymd_opt(2025, 4, day).unwrap(),
            source: Source::Typed,
            note: String::new(),
            recorded_by: String::new(),
            origin: String::new(),
            created_at: String::new(),
            voided_at: None,
            void_reason: String::new(),
        }
    }

    #[test]
    fn kinds_parse_from_every_spelling() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), Some(k));
            assert_eq!(EventKind::parse(k.label()), Some(k));
        }
        assert_eq!(
            EventKind::parse("online-approved"),
            Some(EventKind::OnlineApproved)
        );
        assert_eq!(EventKind::parse("lunch"), None);
    }

    #[test]
    fn refund_after_payment_unpays_and_a_new_payment_pays_again() {
        let mut e = vec![ev(1, EventKind::Paid, 10)];
        assert!(is_paid(&e));
        e.push(ev(2, EventKind::Refund, 12));
        assert!(!is_paid(&e));
        assert!(already_recorded(&e, EventKind::Refund));
        assert!(!already_recorded(&e, EventKind::Paid));
        e.push(ev(3, EventKind::Paid, 13));
        assert!(is_paid(&e));
        e[2].voided_at = Some("x".into());
        assert!(!is_paid(&e));
    }

    #[test]
    fn a_refund_needs_a_payment_on_record() {
        let none: Vec<Event> = Vec::new();
        assert!(conflict(&none, EventKind::Refund).is_some());
        let mut e = vec![ev(1, EventKind::Paid, 10)];
        assert!(conflict(&e, EventKind::Refund).is_none());
        e[0].voided_at = Some("x".into());
        assert!(conflict(&e, EventKind::Refund).is_some());
        // Refunded already: a second refund says nothing new (not a conflict).
        let e = vec![ev(1, EventKind::Paid, 10), ev(2, EventKind::Refund, 12)];
        assert!(already_recorded(&e, EventKind::Refund));
        assert_eq!(EventKind::parse("walk-in"), Some(EventKind::WalkInDone));
    }

    #[test]
    fn two_ways_of_being_photographed_conflict() {
        let e = vec![ev(1, EventKind::Photographed, 28)];
        assert!(conflict(&e, EventKind::OnlineApproved).is_some());
        assert!(conflict(&e, EventKind::Photographed).is_none());
        let e = vec![ev(1, EventKind::OnlineApproved, 28)];
        assert!(conflict(&e, EventKind::Paid).is_some());
    }
}
