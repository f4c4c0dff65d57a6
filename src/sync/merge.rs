//! Turning the journal into rows: events from other laptops become progress events,
//! their voids are applied, walk-ups copied; then duplicates made on two laptops (the
//! same student checked in twice) are resolved the same way on every laptop.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::queries::{self, ActiveEvent, PendingEvent};
use super::SyncError;
use crate::campaign::CampaignId;
use crate::check_in;
use crate::progress::queries::{void_event, EventWriter};
use crate::progress::{EventId, EventKind, NewEvent, Source};
use crate::roster::queries::{list_stored, ListFilter};

/// An event from another laptop for a 学号 this roster lacks: kept in the journal and
/// added by a later import once the roster has the student. (Files are now refused
/// whole when they name a 学号 this roster lacks, [`super::validate`]; this covers rows
/// journaled before that.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "SyncNotOnRoster")]
pub struct NotOnRoster {
    pub student_no: String,
    pub kind: String,
    pub date: String,
}

/// An event from another laptop now in this database (shown as the import's list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "SyncAddedEvent")]
pub struct Added {
    pub student_no: String,
    pub name: String,
    pub kind: String,
    pub date: String,
    /// The check-in time, for check-ins.
    pub time: Option<String>,
    pub recorded_by: String,
    /// The laptop that recorded it: its id, and its name when one is known.
    pub laptop_id: String,
    pub laptop_name: String,
}

/// Two laptops recorded the same thing; the earliest stays, the other is voided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "SyncDuplicate")]
pub struct Duplicate {
    pub student_no: String,
    pub name: String,
    pub kind: String,
    /// "YYYY-MM-DD HH:MM" of the record kept and of the one voided.
    pub kept: String,
    pub kept_laptop: String,
    pub voided: String,
    pub voided_laptop: String,
}

/// What merging the journal changed here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct MergeReport {
    pub events_added: usize,
    /// The events added, in the order they were recorded.
    pub added: Vec<Added>,
    pub voids_applied: usize,
    pub walk_ups_added: usize,
    pub duplicates: Vec<Duplicate>,
    pub not_on_roster: Vec<NotOnRoster>,
}

/// Brings the campaign's rows in line with its journal. Deterministic: two laptops
/// holding the same journal end with the same active events.
pub fn materialise(
    conn: &Connection,
    campaign: CampaignId,
    uuid: &str,
    now: &str,
) -> Result<MergeReport, SyncError> {
    let mut report = MergeReport::default();
    add_events(conn, campaign, uuid, &mut report)?;
    for (id, at, reason) in queries::pending_voids(conn, uuid)? {
        report.voids_applied += void_event(conn, campaign, EventId(id), &reason, &at)?;
    }
    report.walk_ups_added = queries::materialise_walk_ups(conn, campaign, uuid)?;
    report.duplicates = resolve_duplicates(conn, campaign, now)?;
    Ok(report)
}

fn add_events(
    conn: &Connection,
    campaign: CampaignId,
    uuid: &str,
    report: &mut MergeReport,
) -> Result<(), SyncError> {
    let pending = queries::pending_events(conn, uuid)?;
    if pending.is_empty() {
        return Ok(());
    }
    let laptops = crate::store::laptop_names(conn)?;
    let filter = ListFilter {
        include_withdrawn: true,
        ..ListFilter::default()
    };
    let students: HashMap<String, (i64, String)> = list_stored(conn, campaign, &filter)?
        .into_iter()
        .map(|s| {
            (
                s.student.student_no.as_str().to_string(),
                (s.id, s.student.name),
            )
        })
        .collect();
    let mut writer = EventWriter::new(conn, campaign)?;
    for p in pending {
        let Some((student_id, name)) = students.get(&p.student_no) else {
            report.not_on_roster.push(NotOnRoster {
                student_no: p.student_no.clone(),
                kind: p.kind.clone(),
                date: p.date.clone(),
            });
            continue;
        };
        let event = new_event(&p)?;
        // created_at is the original one, so every laptop orders duplicates alike.
        let id = writer.insert(*student_id, &event, &p.created_at)?;
        queries::set_event_uid(conn, id.0, &p.uid)?;
        if let Some(time) = &p.time {
            check_in::queries::insert_check_in(conn, id.0, p.slot_id, time)?;
        }
        report.events_added += 1;
        report.added.push(Added {
            student_no: p.student_no.clone(),
            name: name.clone(),
            kind: p.kind.clone(),
            date: p.date.clone(),
            time: p.time.clone(),
            recorded_by: p.recorded_by.clone(),
            laptop_id: laptop_of(&p.uid).to_string(),
            laptop_name: laptops.get(laptop_of(&p.uid)).cloned().unwrap_or_default(),
        });
    }
    Ok(())
}

fn new_event(p: &PendingEvent) -> Result<NewEvent, SyncError> {
    let bad = |what: &str, text: &str| {
        SyncError::Damaged(
            String::new(),
            format!("事件 {} 的{what}「{text}」无法识别", p.uid),
        )
    };
    Ok(NewEvent {
        kind: EventKind::parse(&p.kind).ok_or_else(|| bad("类型", &p.kind))?,
        date: NaiveDate::parse_from_str(&p.date, "%Y-%m-%d").map_err(|_| bad("日期", &p.date))?,
        source: Source::parse(&p.source).ok_or_else(|| bad("来源", &p.source))?,
        note: p.note.clone(),
        recorded_by: p.recorded_by.clone(),
        origin: p.origin.clone(),
    })
}

/// The laptop part of a uid ('<laptop>-<random>').
fn laptop_of(uid: &str) -> &str {
    uid.split('-').next().unwrap_or(uid)
}

/// Which events count as the same fact. Paid and refund may legitimately repeat (paid,
/// refunded, paid again), so only the same day on two laptops is a duplicate; any other
/// kind is recorded once per student.
fn duplicate_key(e: &ActiveEvent) -> (String, String, String) {
    let day = match EventKind::parse(&e.kind) {
        Some(EventKind::Paid | EventKind::Refund) => e.date.clone(),
        _ => String::new(),
    };
    (e.student_no.clone(), e.kind.clone(), day)
}

fn resolve_duplicates(
    conn: &Connection,
    campaign: CampaignId,
    now: &str,
) -> Result<Vec<Duplicate>, SyncError> {
    let mut groups: HashMap<(String, String, String), Vec<ActiveEvent>> = HashMap::new();
    for e in queries::active_events(conn, campaign)? {
        groups.entry(duplicate_key(&e)).or_default().push(e);
    }
    let mut out = Vec::new();
    let mut keys: Vec<_> = groups.keys().cloned().collect();
    keys.sort();
    for key in keys {
        let Some(mut group) = groups.remove(&key) else {
            continue;
        };
        if group.len() < 2 {
            continue;
        }
        group.sort_by(|a, b| (&a.date, &a.time, &a.uid).cmp(&(&b.date, &b.time, &b.uid)));
        let kept = &group[0];
        let per_day = !key.2.is_empty();
        for later in &group[1..] {
            // The same laptop repeating a payment on one day is its own business.
            if per_day && laptop_of(&later.uid) == laptop_of(&kept.uid) {
                continue;
            }
            let reason = format!(
                "同步合并：与电脑 {} 的记录重复，保留较早的 {} {}",
                laptop_of(&kept.uid),
                kept.date,
                kept.time
            );
            void_event(conn, campaign, EventId(later.id), &reason, now)?;
            out.push(Duplicate {
                student_no: kept.student_no.clone(),
                name: kept.name.clone(),
                kind: kept.kind.clone(),
                kept: format!("{} {}", kept.date, kept.time),
                kept_laptop: laptop_of(&kept.uid).to_string(),
                voided: format!("{} {}", later.date, later.time),
                voided_laptop: laptop_of(&later.uid).to_string(),
            });
        }
    }
    Ok(out)
}
