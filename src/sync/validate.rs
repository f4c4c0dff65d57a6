//! What a sync file carries is checked against this database before anything is merged:
//! a signed file from a laptop of this campaign can still hold rows this database cannot
//! take (a bug, an edited copy of the database on that laptop). One bad row refuses the
//! whole file; the error names the first problems.
//!
//! The rules: an event's kind and source are known; every date lies in the campaign's
//! plausible range, the cohort year ± 1 (a 2025 campaign: 2024-01-01 … 2026-12-31; its
//! milestones and sessions fall inside the cohort year, payments may come a year early
//! and corrections a year late); an event's student is on this campaign's roster
//! (withdrawn ones count); a slot, when named, is one of this campaign's; notes and
//! reasons are at most [`MAX_NOTE`] characters; a void names an event that exists, here
//! or in the same file, or one the file's own laptop recorded (its uid starts with that
//! laptop's id: its earlier file, which holds the event, may arrive later, and the void
//! waits in the journal). A void of a third laptop's event this database has not seen is
//! refused: import that laptop's file first.

use std::collections::HashSet;
use std::io::Read;

use chrono::NaiveDate;
use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator;
use rusqlite::session::{ChangesetItem, ChangesetIter};
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension};

use super::SyncError;
use crate::campaign::CampaignId;
use crate::progress::{EventKind, Source};

/// The longest note or void reason a sync file may carry, in characters.
pub const MAX_NOTE: usize = 500;

/// How many problems the error names.
const SHOWN: usize = 5;

/// The dates a campaign of cohort `grad_year` may hold: the year before to the year after.
pub fn plausible_dates(grad_year: i32) -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(grad_year - 1, 1, 1).unwrap_or(NaiveDate::MIN),
        NaiveDate::from_ymd_opt(grad_year + 1, 12, 31).unwrap_or(NaiveDate::MAX),
    )
}

fn text(item: &ChangesetItem, col: usize) -> Result<Option<String>, SyncError> {
    Ok(match item.new_value(col)? {
        ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Integer(i) => Some(i.to_string()),
        _ => None,
    })
}

fn int(item: &ChangesetItem, col: usize) -> Result<Option<i64>, SyncError> {
    Ok(match item.new_value(col)? {
        ValueRef::Integer(i) => Some(i),
        _ => None,
    })
}

/// Checks every row of `payload` (already known to insert only journal rows of campaign
/// `uuid`); refuses the file naming its first problems.
pub fn check(
    conn: &Connection,
    campaign: CampaignId,
    uuid: &str,
    grad_year: i32,
    from_laptop: &str,
    payload: &[u8],
    file: &str,
) -> Result<(), SyncError> {
    let (first, last) = plausible_dates(grad_year);
    let mut problems: Vec<String> = Vec::new();
    let mut file_events: HashSet<String> = HashSet::new();
    let mut voids: Vec<String> = Vec::new();
    let date_ok = |what: &str, value: Option<String>, problems: &mut Vec<String>| {
        let v = value.unwrap_or_default();
        match NaiveDate::parse_from_str(&v, "%Y-%m-%d") {
            Ok(d) if d >= first && d <= last => {}
            Ok(_) => problems.push(format!(
                "{what}的日期 {v} 不在本任务的合理范围（{first} 至 {last}）内"
            )),
            Err(_) => problems.push(format!("{what}的日期「{v}」无法识别")),
        }
    };
    let student = |no: &str| -> Result<bool, SyncError> {
        Ok(conn
            .query_row(
                "SELECT 1 FROM student WHERE campaign_id = ?1 AND student_no = ?2",
                params![campaign.0, no],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    };
    let slot = |id: i64| -> Result<bool, SyncError> {
        Ok(conn
            .query_row(
                "SELECT 1 FROM schedule_slot WHERE campaign_id = ?1 AND id = ?2",
                params![campaign.0, id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    };
    let long = |what: &str, value: &Option<String>, problems: &mut Vec<String>| {
        let n = value.as_deref().unwrap_or("").chars().count();
        if n > MAX_NOTE {
            problems.push(format!("{what}有 {n} 个字，超过 {MAX_NOTE} 字"));
        }
    };

    let mut reader: &[u8] = payload;
    let input: &mut dyn Read = &mut reader;
    let mut iter = ChangesetIter::start_strm(&input)?;
    while let Some(item) = iter.next()? {
        let table = item.op()?.table_name().to_string();
        match table.as_str() {
            // uid, campaign_uuid, student_no, kind, date, time, slot_id, source, note, ...
            "sync_journal_event" => {
                let uid = text(item, 0)?.unwrap_or_default();
                let no = text(item, 2)?.unwrap_or_default();
                let what = format!("学号 {no} 的事件");
                let kind = text(item, 3)?.unwrap_or_default();
                if EventKind::parse(&kind).is_none() {
                    problems.push(format!("{what}类型「{kind}」不认识"));
                }
                let source = text(item, 7)?.unwrap_or_default();
                if Source::parse(&source).is_none() {
                    problems.push(format!("{what}来源「{source}」不认识"));
                }
                date_ok(&what, text(item, 4)?, &mut problems);
                if !student(&no)? {
                    problems.push(format!("学号 {no} 不在本任务的名单中"));
                }
                if let Some(id) = int(item, 6)? {
                    if !slot(id)? {
                        problems.push(format!("{what}的场次 {id} 不是本任务的场次"));
                    }
                }
                long(&format!("{what}的备注"), &text(item, 8)?, &mut problems);
                file_events.insert(uid);
            }
            // event_uid, campaign_uuid, voided_at, reason
            "sync_journal_void" => {
                voids.push(text(item, 0)?.unwrap_or_default());
                long("作废原因", &text(item, 3)?, &mut problems);
            }
            // uid, campaign_uuid, student_no, slot_id, date, time, note, created_at
            _ => {
                let no = text(item, 2)?.unwrap_or_default();
                let what = format!("现场补登 {no}");
                date_ok(&what, text(item, 4)?, &mut problems);
                if let Some(id) = int(item, 3)? {
                    if !slot(id)? {
                        problems.push(format!("{what}的场次 {id} 不是本任务的场次"));
                    }
                }
                long(&format!("{what}的备注"), &text(item, 6)?, &mut problems);
            }
        }
    }
    for uid in voids {
        let own = uid
            .split_once('-')
            .is_some_and(|(laptop, _)| laptop == from_laptop);
        if own || file_events.contains(&uid) || event_exists(conn, campaign, uuid, &uid)? {
            continue;
        }
        problems.push(format!("作废的事件 {uid} 不存在"));
    }
    if problems.is_empty() {
        return Ok(());
    }
    let count = problems.len();
    problems.truncate(SHOWN);
    Err(SyncError::Invalid {
        file: file.to_string(),
        count,
        first: problems.join("；"),
    })
}

/// An event of this campaign by its uid: recorded here, or in the journal from an
/// earlier file.
fn event_exists(
    conn: &Connection,
    campaign: CampaignId,
    uuid: &str,
    uid: &str,
) -> Result<bool, SyncError> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM sync_event_uid u JOIN progress_event e ON e.id = u.event_id
             WHERE u.uid = ?1 AND e.campaign_id = ?2
             UNION ALL
             SELECT 1 FROM sync_journal_event WHERE uid = ?1 AND campaign_uuid = ?3",
            params![uid, campaign.0, uuid],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}
