//! On-site check-in (现场签到): a 学号 typed or scanned at a session becomes a
//! `checked_in` progress event with its time and slot, with warnings the staff must see
//! (not in this slot, not paid, already checked in); a 学号 not on the roster is kept as
//! a walk-up note (现场补登). Also the live counts expected / present / missing.
//!
//! **Invariants:** one check-in per student (a repeat is reported, not recorded); the
//! event is written through the progress module's writer; one transaction per call.

pub mod desk;
pub mod queries;

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveTime};
use rusqlite::Connection;
use serde::Serialize;
use thiserror::Error;

use crate::campaign::{self, CampaignError, CampaignId};
use crate::plan::{self, PlanError, Slot};
use crate::progress::events::is_paid;
use crate::progress::queries::EventWriter;
use crate::progress::{self, Event, EventKind, NewEvent, ProgressError, Source};
use crate::roster::queries::{load_stored, StoredStudent};
use crate::roster::StudentNo;
use crate::store::fmt_date;
use crate::store::Clock;
pub use queries::WalkUp;

/// Errors of check-in; each message says what to do.
#[derive(Debug, Error)]
pub enum CheckInError {
    #[error(transparent)]
    Closed(#[from] crate::campaign::CampaignClosed),
    #[error("请至少给出一个学号。")]
    NoStudents,
    #[error("找不到编号为 {0} 的拍摄时段，请从拍摄安排的时段中选择。")]
    UnknownSlot(i64),
    #[error(transparent)]
    Campaign(#[from] CampaignError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Progress(#[from] ProgressError),
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl CheckInError {
    /// True when the user can fix it, false for internal faults.
    pub fn is_user_error(&self) -> bool {
        match self {
            CheckInError::Campaign(c) => c.is_user_error(),
            CheckInError::Plan(p) => p.is_user_error(),
            CheckInError::Progress(p) => p.is_user_error(),
            CheckInError::Sqlite(_) => false,
            _ => true,
        }
    }
}

type Result<T> = std::result::Result<T, CheckInError>;

/// What to check in.
#[derive(Debug, Clone)]
pub struct CheckInRequest {
    pub student_nos: Vec<String>,
    /// The slot being run; `None`: each student's own slot that day, if any.
    pub slot: Option<i64>,
    /// Default: the slot's date, else `today`.
    pub date: Option<NaiveDate>,
    pub time: NaiveTime,
    pub recorded_by: String,
}

/// Something the staff should see about a student at the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "CheckInWarning")]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    NotInSlot,
    NoSlotThatDay,
    NotPaid,
    AlreadyCheckedIn,
    NotInRoster,
    NotEligible,
    Withdrawn,
}

fn warn(code: WarningCode, message: String) -> Warning {
    Warning { code, message }
}

/// What happened to one 学号.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "CheckInOutcome")]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    CheckedIn,
    /// Already checked in: nothing written.
    AlreadyCheckedIn,
    /// Not on the roster: kept as a walk-up note.
    WalkUp,
    /// A walk-up already noted that day: nothing written.
    WalkUpAgain,
}

/// One 学号 at the desk.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(rename = "CheckInLine")]
pub struct Line {
    pub student_no: String,
    pub name: Option<String>,
    pub class_name: Option<String>,
    pub paid: bool,
    pub outcome: Outcome,
    pub event_id: Option<i64>,
    pub slot_id: Option<i64>,
    pub warnings: Vec<Warning>,
}

/// Expected / present / missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Tally {
    pub expected: usize,
    pub present: usize,
    pub missing: usize,
}

impl Tally {
    fn new(expected: usize, present: usize) -> Tally {
        Tally {
            expected,
            present,
            missing: expected.saturating_sub(present),
        }
    }
}

/// The slot being run, as shown at the desk.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SlotInfo {
    pub id: i64,
    pub label: String,
    pub campus: String,
    pub venue: String,
    pub date: NaiveDate,
    pub start: String,
    pub end: String,
}

/// What a check-in call did, with the counts after it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CheckInReport {
    pub date: NaiveDate,
    pub time: String,
    pub slot: Option<SlotInfo>,
    pub lines: Vec<Line>,
    pub slot_counts: Option<Tally>,
    pub day_counts: Tally,
}

fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn slot_info(s: &Slot) -> SlotInfo {
    SlotInfo {
        id: s.id,
        label: s.label(),
        campus: s.campus.clone(),
        venue: s.venue.clone(),
        date: s.date,
        start: hhmm(s.start),
        end: hhmm(s.end),
    }
}

/// Who is expected in each slot: the class's eligible students by 学号, the part's share.
struct Expected {
    by_slot: HashMap<i64, HashSet<String>>,
}

impl Expected {
    fn new(students: &HashMap<String, StoredStudent>, slots: &[Slot]) -> Expected {
        let mut by_class: HashMap<&str, Vec<&str>> = HashMap::new();
        for s in students.values() {
            if s.ineligible_reason.is_none() && s.withdrawn_at.is_none() {
                by_class
                    .entry(s.student.class_name.as_str())
                    .or_default()
                    .push(s.student.student_no.as_str());
            }
        }
        for list in by_class.values_mut() {
            list.sort_unstable();
        }
        let by_slot = slots
            .iter()
            .map(|slot| {
                let members = by_class
                    .get(slot.class_name.as_str())
                    .map(|list| {
                        list.iter()
                            .skip(slot.student_offset as usize)
                            .take(slot.headcount as usize)
                            .map(|n| n.to_string())
                            .collect()
                    })
                    .unwrap_or_default();
                (slot.id, members)
            })
            .collect();
        Expected { by_slot }
    }

    fn has(&self, slot: i64, no: &str) -> bool {
        self.by_slot.get(&slot).is_some_and(|m| m.contains(no))
    }

    fn count(&self, slot: i64) -> usize {
        self.by_slot.get(&slot).map_or(0, HashSet::len)
    }
}

/// Checks in every 学号 of `req`, in one transaction.
pub fn check_in(
    conn: &mut Connection,
    campaign: CampaignId,
    req: &CheckInRequest,
    clock: &Clock,
) -> Result<CheckInReport> {
    let now = &clock.stamp();
    let today = clock.today();
    let nos: Vec<StudentNo> = req
        .student_nos
        .iter()
        .filter_map(|n| StudentNo::new(n))
        .collect();
    if nos.is_empty() {
        return Err(CheckInError::NoStudents);
    }
    campaign::resolve(conn, Some(campaign))?;
    let slots = plan::load_schedule(conn, campaign)?.slots;
    let chosen = match req.slot {
        None => None,
        Some(id) => Some(
            slots
                .iter()
                .find(|s| s.id == id)
                .ok_or(CheckInError::UnknownSlot(id))?,
        ),
    };
    let date = req.date.or(chosen.map(|s| s.date)).unwrap_or(today);
    let day_slots: Vec<&Slot> = slots.iter().filter(|s| s.date == date).collect();
    let tx = conn.transaction()?;
    crate::campaign::ensure_open::<CheckInError>(&tx, campaign)?;
    let students = load_stored(&tx, campaign)?;
    let expected = Expected::new(&students, &slots);
    let mut events = active_by_student(&tx, campaign)?;
    let desk = Desk {
        conn: &tx,
        campaign,
        date,
        time: req.time,
        chosen,
        day_slots: &day_slots,
        expected: &expected,
        now,
    };
    let mut lines = Vec::new();
    let mut seen = HashSet::new();
    {
        let mut writer = EventWriter::new(&tx, campaign)?;
        for no in nos.iter().filter(|n| seen.insert(n.as_str().to_string())) {
            let line = match students.get(no.as_str()) {
                None => desk.walk_up(no.as_str())?,
                Some(s) => {
                    let theirs = events.entry(s.id).or_default();
                    desk.student(&mut writer, s, theirs, &req.recorded_by)?
                }
            };
            lines.push(line);
        }
    }
    let present = present_on(&tx, campaign, date)?;
    tx.commit()?;
    let tally = |slot: &Slot| {
        let here = present.iter().filter(|n| expected.has(slot.id, n)).count();
        (expected.count(slot.id), here)
    };
    // Present counts everyone checked in that day; missing, the expected not yet here.
    let day = day_slots
        .iter()
        .map(|s| tally(s))
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let day_counts = Tally {
        expected: day.0,
        present: present.len(),
        missing: day.0.saturating_sub(day.1),
    };
    Ok(CheckInReport {
        date,
        time: hhmm(req.time),
        slot: chosen.map(slot_info),
        lines,
        slot_counts: chosen.map(|s| {
            let (e, p) = tally(s);
            Tally::new(e, p)
        }),
        day_counts,
    })
}

fn active_by_student(conn: &Connection, campaign: CampaignId) -> Result<HashMap<i64, Vec<Event>>> {
    let mut out: HashMap<i64, Vec<Event>> = HashMap::new();
    for e in progress::list_events(conn, campaign, None, false)? {
        out.entry(e.student_id).or_default().push(e);
    }
    Ok(out)
}

/// 学号 of students with an active check-in dated `date`.
fn present_on(conn: &Connection, campaign: CampaignId, date: NaiveDate) -> Result<Vec<String>> {
    let mut out: Vec<String> = progress::list_events(conn, campaign, None, false)?
        .into_iter()
        .filter(|e| e.kind == EventKind::CheckedIn && e.date == date)
        .map(|e| e.student_no.as_str().to_string())
        .collect();
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// The state one call works with.
struct Desk<'a> {
    conn: &'a Connection,
    campaign: CampaignId,
    date: NaiveDate,
    time: NaiveTime,
    chosen: Option<&'a Slot>,
    day_slots: &'a [&'a Slot],
    expected: &'a Expected,
    now: &'a str,
}

impl Desk<'_> {
    fn walk_up(&self, no: &str) -> Result<Line> {
        let date = fmt_date(self.date);
        let slot_id = self.chosen.map(|s| s.id);
        let mut line = Line {
            student_no: no.to_string(),
            name: None,
            class_name: None,
            paid: false,
            outcome: Outcome::WalkUp,
            event_id: None,
            slot_id,
            warnings: vec![warn(
                WarningCode::NotInRoster,
                format!("学号 {no} 不在名单中：已记为现场补登，请核实身份并登记姓名、班级"),
            )],
        };
        if queries::find_walk_up(self.conn, self.campaign, no, &date)?.is_some() {
            line.outcome = Outcome::WalkUpAgain;
            return Ok(line);
        }
        let w = WalkUp {
            uid: crate::store::new_uid(self.conn)?,
            student_no: no.to_string(),
            slot_id,
            date,
            time: hhmm(self.time),
            note: "现场补登：学号不在名单中".into(),
            created_at: self.now.to_string(),
        };
        queries::insert_walk_up(self.conn, self.campaign, &w)?;
        Ok(line)
    }

    fn student(
        &self,
        writer: &mut EventWriter,
        s: &StoredStudent,
        theirs: &mut Vec<Event>,
        recorded_by: &str,
    ) -> Result<Line> {
        let no = s.student.student_no.as_str();
        let mut warnings = Vec::new();
        let slot_id = self.slot_for(no, &s.student.class_name, &mut warnings);
        let paid = is_paid(theirs.iter());
        if !paid {
            warnings.push(warn(
                WarningCode::NotPaid,
                "未缴线下集采费：不能现场拍摄（不接受现场缴费），请引导其走线上或散拍".into(),
            ));
        }
        if let Some(reason) = &s.ineligible_reason {
            warnings.push(warn(
                WarningCode::NotEligible,
                format!("不在采集范围：{reason}"),
            ));
        }
        if s.withdrawn_at.is_some() {
            warnings.push(warn(WarningCode::Withdrawn, "已不在最新名单中".into()));
        }
        let mut line = Line {
            student_no: no.to_string(),
            name: Some(s.student.name.clone()),
            class_name: Some(s.student.class_name.clone()),
            paid,
            outcome: Outcome::CheckedIn,
            event_id: None,
            slot_id,
            warnings,
        };
        if let Some(prev) = theirs.iter().find(|e| e.kind == EventKind::CheckedIn) {
            let at = queries::check_in_time(self.conn, prev.id.0)?
                .map(|t| format!("{} {t}", prev.date))
                .unwrap_or_else(|| prev.date.to_string());
            line.outcome = Outcome::AlreadyCheckedIn;
            line.event_id = Some(prev.id.0);
            line.warnings.push(warn(
                WarningCode::AlreadyCheckedIn,
                format!("已于 {at} 签到，本次未重复记录"),
            ));
            return Ok(line);
        }
        let event = NewEvent {
            kind: EventKind::CheckedIn,
            date: self.date,
            source: Source::CheckIn,
            note: String::new(),
            recorded_by: recorded_by.to_string(),
            origin: String::new(),
        };
        let id = writer.insert(s.id, &event, self.now)?;
        queries::insert_check_in(self.conn, id.0, slot_id, &hhmm(self.time))?;
        line.event_id = Some(id.0);
        theirs.push(Event {
            id,
            student_id: s.id,
            student_no: s.student.student_no.clone(),
            name: s.student.name.clone(),
            kind: EventKind::CheckedIn,
            date: self.date,
            source: Source::CheckIn,
            note: String::new(),
            recorded_by: recorded_by.to_string(),
            origin: String::new(),
            created_at: self.now.to_string(),
            voided_at: None,
            void_reason: String::new(),
        });
        Ok(line)
    }

    /// The slot the check-in belongs to, warning when the student is not expected there.
    fn slot_for(&self, no: &str, class_name: &str, warnings: &mut Vec<Warning>) -> Option<i64> {
        let own = self
            .day_slots
            .iter()
            .find(|s| self.expected.has(s.id, no))
            .copied();
        let own_text = own.map(|s| {
            format!(
                "{} {}–{} {} {}",
                s.date,
                hhmm(s.start),
                hhmm(s.end),
                s.campus,
                s.venue
            )
        });
        match (self.chosen, own) {
            (Some(slot), _) if self.expected.has(slot.id, no) => Some(slot.id),
            (Some(slot), _) => {
                let theirs = own_text.map_or_else(
                    || format!("该生所在班级「{class_name}」当天没有安排"),
                    |t| format!("该生的时段是 {t}"),
                );
                warnings.push(warn(
                    WarningCode::NotInSlot,
                    format!("不在本时段（本时段：{}）；{theirs}", slot.label()),
                ));
                Some(slot.id)
            }
            (None, Some(s)) => Some(s.id),
            (None, None) => {
                warnings.push(warn(
                    WarningCode::NoSlotThatDay,
                    format!("班级「{class_name}」在 {} 没有拍摄安排", self.date),
                ));
                None
            }
        }
    }
}

/// The campaign's walk-up notes.
pub fn walk_ups(conn: &Connection, campaign: CampaignId) -> Result<Vec<WalkUp>> {
    Ok(queries::list_walk_ups(conn, campaign)?)
}
