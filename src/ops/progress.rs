//! 进度跟踪: each student's status and the counts, recording and voiding events, one
//! student's events, reconciling an agency list (dry run first).

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use super::{some, Clock, Result};
use crate::campaign::CampaignId;
use crate::progress::{
    self, Event, EventId, EventKind, ImportOptions, ImportReport, NewEvent, ProgressFilter,
    ProgressReport, RecordReport, Source, State,
};
use crate::store::Store;

/// The list's filter as a form sends it; blank text does not filter.
#[derive(Debug, Deserialize, Default, ts_rs::TS)]
#[ts(rename = "ProgressFilter")]
pub struct Filter {
    #[serde(default)]
    pub class_name: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub campus: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub college: Option<String>,
    #[serde(default)]
    pub state: Option<State>,
}

/// Every eligible student's status as of the clock's today, and the ones `filter` keeps.
pub fn report(
    store: &Store,
    clock: &Clock,
    campaign: CampaignId,
    filter: Filter,
) -> Result<ProgressReport> {
    let f = ProgressFilter {
        class_name: some(filter.class_name),
        campus: some(filter.campus),
        college: some(filter.college),
        state: filter.state,
    };
    Ok(progress::report(store.conn(), campaign, clock.today(), &f)?)
}

/// An event typed by the office for one or many students.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct EventInput {
    pub kind: EventKind,
    /// The day it happened; none: today.
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub recorded_by: String,
}

pub fn record(
    store: &mut Store,
    clock: &Clock,
    campaign: CampaignId,
    student_nos: &[String],
    event: EventInput,
) -> Result<RecordReport> {
    let e = NewEvent {
        kind: event.kind,
        date: event.date.unwrap_or(clock.today()),
        source: Source::Typed,
        note: event.note.trim().to_string(),
        recorded_by: event.recorded_by.trim().to_string(),
        origin: String::new(),
    };
    Ok(progress::record(
        store.conn_mut(),
        campaign,
        student_nos,
        &e,
        clock,
    )?)
}

/// One student's events (or everyone's), void ones included (shown struck through).
pub fn events(store: &Store, campaign: CampaignId, student_no: Option<&str>) -> Result<Vec<Event>> {
    Ok(progress::list_events(
        store.conn(),
        campaign,
        student_no,
        true,
    )?)
}

pub fn void(
    store: &Store,
    clock: &Clock,
    campaign: CampaignId,
    event: EventId,
    reason: &str,
) -> Result<Event> {
    Ok(progress::void(
        store.conn(),
        campaign,
        event,
        reason,
        clock,
    )?)
}

/// How to read an agency list.
#[derive(Debug)]
pub struct ListImport<'a> {
    pub path: &'a Path,
    pub kind: EventKind,
    /// Show what would happen, write nothing.
    pub dry_run: bool,
    /// The date for rows without a date column; none: today.
    pub date: Option<NaiveDate>,
    pub recorded_by: &'a str,
    pub sheet: Option<String>,
}

/// Reads an agency list and reconciles it with the roster and the events.
pub fn import(
    store: &mut Store,
    clock: &Clock,
    campaign: CampaignId,
    req: ListImport<'_>,
) -> Result<ImportReport> {
    let opts = ImportOptions {
        kind: req.kind,
        dry_run: req.dry_run,
        default_date: req.date.unwrap_or(clock.today()),
        recorded_by: req.recorded_by.trim().to_string(),
        sheet: some(req.sheet),
    };
    Ok(progress::import_file(
        store.conn_mut(),
        campaign,
        req.path,
        &opts,
        clock,
    )?)
}
