//! Progress events: what can happen to a student (kinds), where we learnt it (sources),
//! the stored event with its void marks, the light `Mark` of an active event that the
//! rules read, and the rules on a student's events (paid, which photo counts, what a new
//! event would repeat or contradict).

use std::collections::HashMap;
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
    /// 学信网学历照核对通过 (the student checked it: 正确).
    Verified,
    /// 学历照核对有误 (the student marked it 有误); the note says what is wrong. The photo
    /// no longer counts: a new photo and a new check are needed.
    VerifyFailed,
    /// 人像比对未通过 (学信网's automatic face comparison failed): the photo no longer
    /// counts; the student is re-shot (散拍 or the agency) before the final deadline.
    CompareFailed,
}

impl EventKind {
    pub const ALL: [EventKind; 10] = [
        EventKind::Paid,
        EventKind::CheckedIn,
        EventKind::Photographed,
        EventKind::OnlineSubmitted,
        EventKind::OnlineApproved,
        EventKind::WalkInDone,
        EventKind::Refund,
        EventKind::Verified,
        EventKind::VerifyFailed,
        EventKind::CompareFailed,
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
            EventKind::VerifyFailed => "verify_failed",
            EventKind::CompareFailed => "compare_failed",
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
            EventKind::Verified => "学历照核对通过",
            EventKind::VerifyFailed => "学历照核对有误",
            EventKind::CompareFailed => "人像比对未通过",
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

    /// A verdict on a photo from 学信网: checked correct, marked wrong, or failed the
    /// face comparison.
    pub fn is_verdict(self) -> bool {
        matches!(
            self,
            EventKind::Verified | EventKind::VerifyFailed | EventKind::CompareFailed
        )
    }

    /// A verdict that takes the photo away: it must be taken again.
    pub fn is_failure(self) -> bool {
        matches!(self, EventKind::VerifyFailed | EventKind::CompareFailed)
    }

    /// The kinds an agency or 学信网 list can carry.
    pub fn importable(self) -> bool {
        matches!(self, EventKind::Paid) || self.is_photo() || self.is_verdict()
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

/// What the rules about a student's events read: each event's order, kind and day, and
/// whether it was voided. Both a whole [`Event`] and a [`Mark`] have them.
pub trait Happening {
    fn id(&self) -> EventId;
    fn kind(&self) -> EventKind;
    fn date(&self) -> NaiveDate;
    fn is_void(&self) -> bool;
}

impl<T: Happening + ?Sized> Happening for &T {
    fn id(&self) -> EventId {
        (**self).id()
    }
    fn kind(&self) -> EventKind {
        (**self).kind()
    }
    fn date(&self) -> NaiveDate {
        (**self).date()
    }
    fn is_void(&self) -> bool {
        (**self).is_void()
    }
}

impl Happening for Event {
    fn id(&self) -> EventId {
        self.id
    }
    fn kind(&self) -> EventKind {
        self.kind
    }
    fn date(&self) -> NaiveDate {
        self.date
    }
    fn is_void(&self) -> bool {
        Event::is_void(self)
    }
}

/// An active (not void) event as the status derivation reads it: no student, source or
/// history. Every status starts from all of a campaign's events, and 50,000 whole
/// events, with the student joined and seven strings each, were over half the time of
/// the overview and the memory it touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub id: EventId,
    pub kind: EventKind,
    pub date: NaiveDate,
    /// Why a check failed, for the reason a re-shoot is asked for; mostly empty.
    pub note: String,
}

impl Happening for Mark {
    fn id(&self) -> EventId {
        self.id
    }
    fn kind(&self) -> EventKind {
        self.kind
    }
    fn date(&self) -> NaiveDate {
        self.date
    }
    fn is_void(&self) -> bool {
        false
    }
}

/// Every active event of a campaign as [`Mark`]s, each student's together, by date then
/// id. One list and an index rather than a `Vec` per student: most students have one or
/// two events, and a `Vec` each reserved room for four.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    all: Vec<Mark>,
    /// Student row id → where their marks are in `all`.
    of: HashMap<i64, (usize, usize)>,
}

impl Marks {
    /// From (student row id, mark) pairs in any order.
    pub fn from_pairs(mut pairs: Vec<(i64, Mark)>) -> Marks {
        pairs.sort_unstable_by_key(|(student, m)| (*student, m.date, m.id));
        let mut of = HashMap::new();
        let mut start = 0;
        for (i, (student, _)) in pairs.iter().enumerate() {
            if pairs.get(i + 1).is_none_or(|(next, _)| next != student) {
                of.insert(*student, (start, i + 1));
                start = i + 1;
            }
        }
        Marks {
            all: pairs.into_iter().map(|(_, m)| m).collect(),
            of,
        }
    }

    /// The marks of the student stored with row id `student_id`, by date then id.
    pub fn of(&self, student_id: i64) -> &[Mark] {
        self.of
            .get(&student_id)
            .and_then(|&(from, to)| self.all.get(from..to))
            .unwrap_or(&[])
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
pub fn is_paid<'a, E: Happening + 'a>(events: impl IntoIterator<Item = &'a E>) -> bool {
    events
        .into_iter()
        .filter(|e| !e.is_void() && matches!(e.kind(), EventKind::Paid | EventKind::Refund))
        .max_by_key(key)
        .is_some_and(|e| e.kind() == EventKind::Paid)
}

/// True when recording `kind` again would say nothing new: an active event of that kind
/// exists (for paid and refund: the student is already in that state).
pub fn already_recorded<'a, E: Happening + 'a>(
    events: impl IntoIterator<Item = &'a E> + Clone,
    kind: EventKind,
) -> bool {
    match kind {
        EventKind::Paid => is_paid(events),
        EventKind::Refund => {
            let any_refund = events
                .clone()
                .into_iter()
                .any(|e| !e.is_void() && e.kind() == EventKind::Refund);
            any_refund && !is_paid(events)
        }
        EventKind::Verified => PhotoState::of(events).verified.is_some(),
        // The same failure again, with no photo since: nothing new.
        k if k.is_failure() => {
            let active: Vec<&E> = events.into_iter().filter(|e| !e.is_void()).collect();
            let last_photo = active.iter().filter(|e| e.kind().is_photo()).map(key).max();
            active
                .iter()
                .any(|e| e.kind() == k && last_photo.is_none_or(|p| key(e) > p))
        }
        // A photo taken again after a failure is new; before, it is the same photo.
        k if k.is_photo() => {
            let photos = PhotoState::of(events.clone());
            events.into_iter().any(|e| {
                !e.is_void() && e.kind() == k && photos.failure.is_none_or(|f| key(e) > key(f))
            })
        }
        k => events.into_iter().any(|e| !e.is_void() && e.kind() == k),
    }
}

/// Order of two events of one student: by date, then (same day) by the order recorded.
fn key(e: &impl Happening) -> (NaiveDate, EventId) {
    (e.date(), e.id())
}

/// Where a student's photos stand after 学信网's verdicts: the latest failure (核对有误 or
/// 比对未通过), the photo that counts (the earliest taken after that failure, or the
/// earliest of all when nothing failed) and the check that confirms it.
#[derive(Debug)]
pub struct PhotoState<'a, E = Event> {
    /// The latest failure, when a photo ever failed.
    pub failure: Option<&'a E>,
    /// The counting photo: none when there never was one, or when the last one failed
    /// and no new one was taken.
    pub photo: Option<&'a E>,
    /// A 核对通过 of the counting photo (recorded after it, or, when nothing ever failed,
    /// any 核对通过).
    pub verified: Option<&'a E>,
}

// By hand: a derive would ask the events, not only the references, to be Copy.
impl<E> Clone for PhotoState<'_, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E> Copy for PhotoState<'_, E> {}

impl<'a, E: Happening> PhotoState<'a, E> {
    /// From the student's events; void ones are ignored.
    pub fn of(events: impl IntoIterator<Item = &'a E>) -> PhotoState<'a, E> {
        let active: Vec<&E> = events.into_iter().filter(|e| !e.is_void()).collect();
        let failure = active
            .iter()
            .copied()
            .filter(|e| e.kind().is_failure())
            .max_by_key(key);
        let after = |e: &&E| failure.is_none_or(|f| key(e) > key(f));
        let photo = active
            .iter()
            .copied()
            .filter(|e| e.kind().is_photo())
            .filter(after)
            .min_by_key(key);
        let verified = photo.and_then(|p| {
            active
                .iter()
                .copied()
                .filter(|e| e.kind() == EventKind::Verified)
                .filter(|e| failure.is_none() || key(e) > key(p))
                .min_by_key(key)
        });
        PhotoState {
            failure,
            photo,
            verified,
        }
    }

    /// A photo failed and none was taken since: the student must be re-shot.
    pub fn needs_reshoot(&self) -> bool {
        self.failure.is_some() && self.photo.is_none()
    }
}

/// Why recording `kind` contradicts what is known, if it does: two different photos
/// (on-site and online, …), a fee paid by someone already photographed another way, a
/// refund of a fee that is not on record (a refund is only ever of a payment we know;
/// inventing the payment would make the counts and the agency's bill disagree), or a
/// verdict on a photo that does not exist. A photo that failed verification no longer
/// counts: its re-shoot may be of any kind.
pub fn conflict<'a, E: Happening + 'a>(
    events: impl IntoIterator<Item = &'a E>,
    kind: EventKind,
) -> Option<String> {
    let active: Vec<&E> = events.into_iter().filter(|e| !e.is_void()).collect();
    let photos = PhotoState::of(active.iter().copied());
    if kind == EventKind::Refund && !is_paid(active.iter().copied()) {
        return Some(
            "没有有效的缴费记录，不能记「已退费」：请先核实该生是否缴过线下集采费（缴费名单或手工录入）"
                .to_string(),
        );
    }
    if kind.is_verdict() {
        if let Some(f) = photos.failure.filter(|_| photos.needs_reshoot()) {
            if kind == EventKind::Verified {
                return Some(format!(
                    "照片已「{}」（{}），尚未重新拍摄，不能记「{}」：请先记录重拍",
                    f.kind().label(),
                    f.date(),
                    kind.label()
                ));
            }
        } else if photos.photo.is_none() {
            return Some(format!(
                "没有拍摄记录，不能记「{}」：请先核实该生的拍摄情况",
                kind.label()
            ));
        }
    }
    let current = |e: &&&E| photos.failure.is_none_or(|f| key(e) > key(f));
    if kind.is_photo() {
        if let Some(other) = active
            .iter()
            .filter(current)
            .find(|e| e.kind().is_photo() && e.kind() != kind)
        {
            return Some(format!(
                "已有「{}」（{}），不能再记「{}」：一名学生只能采用一种采集方式",
                other.kind().label(),
                other.date(),
                kind.label()
            ));
        }
    }
    if kind == EventKind::Paid {
        if let Some(other) = active
            .iter()
            .filter(current)
            .find(|e| matches!(e.kind(), EventKind::OnlineApproved | EventKind::WalkInDone))
        {
            return Some(format!(
                "已有「{}」（{}），却又缴纳线下集采费：请核实，必要时办理退费",
                other.kind().label(),
                other.date()
            ));
        }
    }
    None
}

/// An active typed event of student 1 (2022010101 张三) on `date`, for tests that build
/// event histories by hand.
#[cfg(test)]
pub(crate) fn test_event(id: i64, kind: EventKind, date: NaiveDate) -> Event {
    Event {
        id: EventId(id),
        student_id: 1,
        student_no: StudentNo::from_trusted("2022010101".into()),
        name: "张三".into(),
        kind,
        date,
        source: Source::Typed,
        note: String::new(),
        recorded_by: String::new(),
        origin: String::new(),
        created_at: String::new(),
        voided_at: None,
        void_reason: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: i64, kind: EventKind, day: u32) -> Event {
        test_event(id, kind, NaiveDate::from_ymd_opt(2025, 4, day).unwrap())
    }

    #[test]
    fn marks_are_each_students_by_date_then_order_recorded() {
        let mark = |id: i64, day: u32| Mark {
            id: EventId(id),
            kind: EventKind::Paid,
            date: NaiveDate::from_ymd_opt(2025, 4, day).unwrap(),
            note: String::new(),
        };
        // Scrambled, as SQLite may give them: student 7's three, 3's one, 9's two.
        let marks = Marks::from_pairs(vec![
            (7, mark(12, 20)),
            (9, mark(4, 28)),
            (3, mark(5, 1)),
            (7, mark(10, 22)),
            (9, mark(2, 21)),
            (7, mark(11, 20)),
        ]);
        let ids = |student: i64| -> Vec<i64> { marks.of(student).iter().map(|m| m.id.0).collect() };
        assert_eq!(
            ids(7),
            [11, 12, 10],
            "same day: the one recorded first first"
        );
        assert_eq!(ids(9), [2, 4]);
        assert_eq!(ids(3), [5]);
        assert!(ids(8).is_empty());
        assert!(Marks::default().of(7).is_empty());
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

    #[test]
    fn a_failed_photo_may_be_re_shot_any_way_and_checked_again() {
        let shot = vec![ev(1, EventKind::Photographed, 28)];
        // A verdict needs a photo.
        assert!(conflict::<Event>(&[], EventKind::Verified).is_some());
        assert!(conflict::<Event>(&[], EventKind::CompareFailed).is_some());
        assert!(conflict(&shot, EventKind::VerifyFailed).is_none());
        // Before the failure, a walk-in contradicts the on-site photo; after it, it is the
        // re-shoot.
        assert!(conflict(&shot, EventKind::WalkInDone).is_some());
        let mut failed = shot.clone();
        failed.push(ev(2, EventKind::VerifyFailed, 29));
        assert!(conflict(&failed, EventKind::WalkInDone).is_none());
        assert!(!already_recorded(&failed, EventKind::Photographed));
        assert!(already_recorded(&failed, EventKind::VerifyFailed));
        assert!(!already_recorded(&failed, EventKind::CompareFailed));
        // Checking a photo that failed, before any re-shoot, makes no sense.
        assert!(conflict(&failed, EventKind::Verified).is_some());
        let p = PhotoState::of(&failed);
        assert!(p.needs_reshoot() && p.photo.is_none());
        failed.push(ev(3, EventKind::WalkInDone, 30));
        let p = PhotoState::of(&failed);
        assert_eq!(p.photo.map(|e| e.id), Some(EventId(3)));
        assert!(p.verified.is_none());
        assert!(!already_recorded(&failed, EventKind::Verified));
        assert!(conflict(&failed, EventKind::Verified).is_none());
        // The failure is no longer current: recording it again is new (a new verdict).
        assert!(!already_recorded(&failed, EventKind::VerifyFailed));
        // Voiding the failure brings the first photo back and the re-shoot conflicts.
        failed[1].voided_at = Some("x".into());
        let p = PhotoState::of(&failed);
        assert_eq!(p.photo.map(|e| e.id), Some(EventId(1)));
    }
}
