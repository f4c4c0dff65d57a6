//! 现场签到: the slots to pick from (and the one running now), the desk's live counts
//! and missing students, a name search, and checking students in.

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

use super::{Clock, Result};
use crate::campaign::CampaignId;
use crate::check_in::desk::{self, DeskSlot, DeskStatus, Found};
use crate::check_in::{self, CheckInReport, CheckInRequest};
use crate::store::Store;

/// The schedule's slots and the one covering the clock now (the default pick).
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct DeskSlots {
    pub today: NaiveDate,
    pub slots: Vec<DeskSlot>,
    pub current: Option<i64>,
}

pub fn slots(store: &Store, clock: &Clock, campaign: CampaignId) -> Result<DeskSlots> {
    let slots = desk::slots(store.conn(), campaign)?;
    let now = clock.now();
    Ok(DeskSlots {
        today: now.date(),
        current: desk::slot_at(&slots, now.date(), now.time()),
        slots,
    })
}

/// The counts of `slot` (if any) and of the day (`date`, else today), and who is missing.
pub fn status(
    store: &Store,
    clock: &Clock,
    campaign: CampaignId,
    slot: Option<i64>,
    date: Option<NaiveDate>,
) -> Result<DeskStatus> {
    let date = date.unwrap_or(clock.now().date());
    Ok(desk::status(store.conn(), campaign, slot, date)?)
}

/// Students whose 学号, name or class contains `text`, at most `limit`.
pub fn find(store: &Store, campaign: CampaignId, text: &str, limit: usize) -> Result<Vec<Found>> {
    Ok(desk::find(store.conn(), campaign, text, limit)?)
}

/// Who is checked in, where and when.
#[derive(Debug)]
pub struct Arrival {
    pub student_nos: Vec<String>,
    /// The slot being run; none: each student's own slot that day.
    pub slot: Option<i64>,
    /// Default: the slot's date, else today.
    pub date: Option<NaiveDate>,
    /// Default: the clock's time.
    pub time: Option<NaiveTime>,
    pub recorded_by: String,
}

pub fn record(
    store: &mut Store,
    clock: &Clock,
    campaign: CampaignId,
    arrival: Arrival,
) -> Result<CheckInReport> {
    let req = CheckInRequest {
        student_nos: arrival
            .student_nos
            .iter()
            .map(|s| s.trim().to_string())
            .collect(),
        slot: arrival.slot,
        date: arrival.date,
        time: arrival.time.unwrap_or(clock.now().time()),
        recorded_by: arrival.recorded_by.trim().to_string(),
    };
    Ok(check_in::check_in(store.conn_mut(), campaign, &req, clock)?)
}
