//! What the check-in desk shows between scans: the slots to pick from, the live counts
//! of the slot and the day, the slot's students not yet here, and a name search. Reads
//! only; recording stays in [`super::check_in`].

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveTime};
use rusqlite::Connection;
use serde::Serialize;

use super::{present_on, slot_info, CheckInError, Expected, SlotInfo, Tally};
use crate::campaign::{self, CampaignId};
use crate::plan::{self, Slot};
use crate::progress::events::is_paid;
use crate::progress::{self, Event};
use crate::roster::queries::{list_stored, load_stored, ListFilter};

type Result<T> = std::result::Result<T, CheckInError>;

/// A slot in the desk's picker.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DeskSlot {
    #[serde(flatten)]
    pub info: SlotInfo,
    pub headcount: u32,
}

/// A student of the slot who has not checked in yet.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(rename = "MissingStudent")]
pub struct Missing {
    pub student_no: String,
    pub name: String,
    pub class_name: String,
    pub paid: bool,
}

/// The desk between scans.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DeskStatus {
    pub date: NaiveDate,
    pub slot: Option<SlotInfo>,
    pub slot_counts: Option<Tally>,
    pub day_counts: Tally,
    /// The slot's expected students not checked in (by 学号).
    pub missing: Vec<Missing>,
}

/// A student found by a name (or 学号, 班级) search at the desk.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(rename = "FoundStudent")]
pub struct Found {
    pub student_no: String,
    pub name: String,
    pub class_name: String,
    pub paid: bool,
}

/// Every slot of the campaign's schedule, by date and time.
pub fn slots(conn: &Connection, campaign: CampaignId) -> Result<Vec<DeskSlot>> {
    let mut out: Vec<DeskSlot> = plan::load_schedule(conn, campaign)?
        .slots
        .iter()
        .map(|s| DeskSlot {
            info: slot_info(s),
            headcount: s.headcount,
        })
        .collect();
    out.sort_by(|a, b| {
        (a.info.date, &a.info.start, a.info.id).cmp(&(b.info.date, &b.info.start, b.info.id))
    });
    Ok(out)
}

/// The slot whose time covers `date` `time` (the earliest starting when several do, as
/// two campuses may shoot at once), else `None`.
pub fn slot_at(slots: &[DeskSlot], date: NaiveDate, time: NaiveTime) -> Option<i64> {
    let hm = time.format("%H:%M").to_string();
    slots
        .iter()
        .find(|s| s.info.date == date && s.info.start <= hm && hm < s.info.end)
        .map(|s| s.info.id)
}

fn active_by_student(
    conn: &Connection,
    campaign: CampaignId,
) -> Result<HashMap<String, Vec<Event>>> {
    let mut out: HashMap<String, Vec<Event>> = HashMap::new();
    for e in progress::list_events(conn, campaign, None, false)? {
        out.entry(e.student_no.as_str().to_string())
            .or_default()
            .push(e);
    }
    Ok(out)
}

/// Counts and missing students for `slot` (when given; its date wins over `date`) and
/// the day.
pub fn status(
    conn: &Connection,
    campaign: CampaignId,
    slot: Option<i64>,
    date: NaiveDate,
) -> Result<DeskStatus> {
    campaign::resolve(conn, Some(campaign))?;
    let all = plan::load_schedule(conn, campaign)?.slots;
    let chosen: Option<&Slot> = match slot {
        None => None,
        Some(id) => Some(
            all.iter()
                .find(|s| s.id == id)
                .ok_or(CheckInError::UnknownSlot(id))?,
        ),
    };
    let date = chosen.map_or(date, |s| s.date);
    let students = load_stored(conn, campaign)?;
    let expected = Expected::new(&students, &all);
    let present: HashSet<String> = present_on(conn, campaign, date)?.into_iter().collect();
    let tally = |s: &Slot| {
        let here = present.iter().filter(|n| expected.has(s.id, n)).count();
        (expected.count(s.id), here)
    };
    let day = all
        .iter()
        .filter(|s| s.date == date)
        .map(tally)
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let events = active_by_student(conn, campaign)?;
    let mut missing: Vec<Missing> = match chosen {
        None => Vec::new(),
        Some(s) => expected
            .by_slot
            .get(&s.id)
            .into_iter()
            .flatten()
            .filter(|no| !present.contains(*no))
            .filter_map(|no| students.get(no.as_str()))
            .map(|st| Missing {
                student_no: st.student.student_no.to_string(),
                name: st.student.name.clone(),
                class_name: st.student.class_name.clone(),
                paid: events
                    .get(st.student.student_no.as_str())
                    .is_some_and(|e| is_paid(e.iter())),
            })
            .collect(),
    };
    missing.sort_by(|a, b| a.student_no.cmp(&b.student_no));
    Ok(DeskStatus {
        date,
        slot: chosen.map(slot_info),
        slot_counts: chosen.map(|s| {
            let (e, p) = tally(s);
            Tally::new(e, p)
        }),
        day_counts: Tally {
            expected: day.0,
            present: present.len(),
            missing: day.0.saturating_sub(day.1),
        },
        missing,
    })
}

/// Up to `limit` students whose 学号, 姓名 or 班级 contains `text`.
pub fn find(
    conn: &Connection,
    campaign: CampaignId,
    text: &str,
    limit: usize,
) -> Result<Vec<Found>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let filter = ListFilter {
        search: Some(text.to_string()),
        ..ListFilter::default()
    };
    let events = active_by_student(conn, campaign)?;
    Ok(list_stored(conn, campaign, &filter)?
        .into_iter()
        .take(limit)
        .map(|s| {
            let no = s.student.student_no.to_string();
            Found {
                paid: events.get(&no).is_some_and(|e| is_paid(e.iter())),
                student_no: no,
                name: s.student.name,
                class_name: s.student.class_name,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(id: i64, date: &str, start: &str, end: &str) -> DeskSlot {
        DeskSlot {
            info: SlotInfo {
                id,
                label: String::new(),
                campus: String::new(),
                venue: String::new(),
                date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
                start: start.into(),
                end: end.into(),
            },
            headcount: 0,
        }
    }

    #[test]
    fn the_slot_covering_now_is_found_and_its_end_is_exclusive() {
        let list = vec![
            slot(1, "2025-04-28", "08:30", "09:00"),
            slot(2, "2025-04-28", "09:00", "09:30"),
        ];
        let d = NaiveDate::from_ymd_opt(2025, 4, 28).unwrap();
        let at = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(slot_at(&list, d, at(8, 45)), Some(1));
        assert_eq!(slot_at(&list, d, at(9, 0)), Some(2));
        assert_eq!(slot_at(&list, d, at(12, 0)), None);
        assert_eq!(slot_at(&list, d.succ_opt().unwrap(), at(8, 45)), None);
    }
}
