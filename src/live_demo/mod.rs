//! The demo that is alive today: the reference campaign moved in time so that `today` is
//! the last of its three on-site days, for the cohort graduating next, planned, with
//! the progress a real campaign would have by then (payments up to the deadline, a few
//! refunds, walk-ins of students far from any campus, check-ins and the agency's photo
//! list for the sessions already held, this morning's check-ins). Every page then shows
//! meaningful numbers: students at risk, pending, done.
//!
//! **Invariants:** deterministic for a seed and a today (the random choices are seeded
//! from both); nothing is dated after `today`; every event is one a real campaign could
//! record in that order (no refund without a payment, no photo without a check-in);
//! everything is written in one transaction.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate, NaiveTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use serde::Serialize;
use thiserror::Error;

use crate::campaign::{self, CampaignId, MilestoneKind};
use crate::demo::{self, DemoError, DemoOptions, Placement};
use crate::progress::{queries::EventWriter, EventKind, NewEvent, Source};
use crate::roster::queries::{list_stored, ListFilter};
use crate::store::Clock;

/// Errors of the live demo; each message says what to do.
#[derive(Debug, Error)]
pub enum LiveDemoError {
    #[error(transparent)]
    Demo(#[from] DemoError),
    #[error(transparent)]
    Plan(#[from] crate::plan::PlanError),
    #[error(transparent)]
    Campaign(#[from] campaign::CampaignError),
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl LiveDemoError {
    /// True when the user can fix it, false for internal faults.
    pub fn is_user_error(&self) -> bool {
        match self {
            LiveDemoError::Demo(d) => !matches!(d, DemoError::Sqlite(_)),
            LiveDemoError::Plan(p) => p.is_user_error(),
            LiveDemoError::Campaign(c) => c.is_user_error(),
            LiveDemoError::Sqlite(_) => false,
        }
    }
}

/// How many events of each kind the simulation wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Simulated {
    pub paid: usize,
    pub refunds: usize,
    pub walk_ins: usize,
    pub checked_in: usize,
    pub photographed: usize,
}

/// The campaign made and what was simulated.
#[derive(Debug, Clone, Serialize)]
pub struct LiveDemo {
    pub campaign: CampaignId,
    pub grad_year: i32,
    pub today: NaiveDate,
    /// Days every date of the reference notice moved.
    pub shift_days: i64,
    pub simulated: Simulated,
}

/// Sessions that end by this time on `today` are over (the morning's).
const NOON: (u32, u32) = (12, 0);
const ORIGIN: &str = "演示数据";

fn seed_for(seed: u64, today: NaiveDate) -> u64 {
    seed ^ (u64::from(today.num_days_from_ce().unsigned_abs()) << 20)
}

/// A day in `from..=to` (`from` when the span is empty).
fn day_between(rng: &mut ChaCha8Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days().max(0);
    from.checked_add_days(Days::new(rng.random_range(0..=span).unsigned_abs()))
        .unwrap_or(from)
}

/// Creates the demo campaign placed around the clock's today with progress up to it,
/// in one transaction.
pub fn create(
    conn: &mut Connection,
    opts: DemoOptions,
    clock: &Clock,
) -> Result<LiveDemo, LiveDemoError> {
    let (today, now) = (clock.today(), &clock.stamp());
    let at = Placement::around(today);
    let tx = conn.transaction()?;
    let id = demo::create_in(&tx, opts, at, clock)?;
    crate::plan::plan_and_save_in(&tx, id, now)?;
    let simulated = simulate(&tx, id, opts.seed, today, now)?;
    tx.commit()?;
    Ok(LiveDemo {
        campaign: id,
        grad_year: at.grad_year,
        today,
        shift_days: at.shift_days,
        simulated,
    })
}

/// Where and when a student is expected on site.
#[derive(Clone, Copy)]
struct Seat {
    slot_id: i64,
    date: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
}

fn simulate(
    tx: &Connection,
    id: CampaignId,
    seed: u64,
    today: NaiveDate,
    now: &str,
) -> Result<Simulated, LiveDemoError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed_for(seed, today));
    let milestones = campaign::queries::list_milestones(tx, id)?;
    let span = |k: MilestoneKind| milestones.iter().find(|m| m.kind == k);
    let Some(payment) = span(MilestoneKind::Payment) else {
        return Ok(Simulated::default());
    };
    let pay_from = payment.start.unwrap_or(payment.end);
    let yesterday = today.pred_opt().unwrap_or(today);
    let pay_to = payment.end.min(yesterday);
    let students: Vec<_> = list_stored(tx, id, &ListFilter::default())?
        .into_iter()
        .filter(|s| s.ineligible_reason.is_none() && s.withdrawn_at.is_none())
        .collect();
    // Each class's eligible students in 学号 order are split over its slots as printed.
    let schedule = crate::plan::load_schedule(tx, id)?;
    let mut seat: HashMap<i64, Seat> = HashMap::new();
    let mut by_class: HashMap<&str, Vec<i64>> = HashMap::new();
    for s in &students {
        by_class
            .entry(s.student.class_name.as_str())
            .or_default()
            .push(s.id);
    }
    for slot in &schedule.slots {
        if let Some(ids) = by_class.get(slot.class_name.as_str()) {
            for sid in ids
                .iter()
                .skip(slot.student_offset as usize)
                .take(slot.headcount as usize)
            {
                seat.insert(
                    *sid,
                    Seat {
                        slot_id: slot.id,
                        date: slot.date,
                        start: slot.start,
                        end: slot.end,
                    },
                );
            }
        }
    }
    let noon = NaiveTime::from_hms_opt(NOON.0, NOON.1, 0).unwrap_or_default();
    let mut out = Simulated::default();
    let mut writer = EventWriter::new(tx, id)?;
    let mut write = |student: i64, kind: EventKind, date: NaiveDate, source: Source| {
        writer.insert(
            student,
            &NewEvent {
                kind,
                date,
                source,
                note: String::new(),
                recorded_by: String::new(),
                origin: ORIGIN.to_string(),
            },
            now,
        )
    };
    for s in &students {
        let far = s.student.campus.is_empty();
        let roll: u32 = rng.random_range(0..100);
        let pays = if far { roll < 35 } else { roll < 88 };
        let mut paid = false;
        if pays && pay_from <= pay_to {
            write(
                s.id,
                EventKind::Paid,
                day_between(&mut rng, pay_from, pay_to),
                Source::AgencyImport,
            )?;
            out.paid += 1;
            paid = true;
            // Far from any campus, or ill: some ask for the fee back.
            let refund_roll: u32 = rng.random_range(0..100);
            if (far && refund_roll < 40) || refund_roll < 1 {
                write(s.id, EventKind::Refund, pay_to, Source::AgencyImport)?;
                out.refunds += 1;
                paid = false;
            }
        }
        if far && !paid && rng.random_range(0..100) < 30 {
            // Far away: done at the agency's office or through the mini program.
            let day = day_between(&mut rng, pay_from, yesterday);
            write(s.id, EventKind::WalkInDone, day, Source::AgencyImport)?;
            out.walk_ins += 1;
            continue;
        }
        let Some(seat) = seat.get(&s.id).copied() else {
            continue;
        };
        let held = seat.date < today || (seat.date == today && seat.end <= noon);
        if !paid || !held || rng.random_range(0..100) >= 94 {
            continue;
        }
        let event = write(s.id, EventKind::CheckedIn, seat.date, Source::CheckIn)?;
        let minutes = (seat.end - seat.start).num_minutes().max(1);
        let at = seat.start + chrono::Duration::minutes(rng.random_range(0..minutes));
        crate::check_in::queries::insert_check_in(
            tx,
            event.0,
            Some(seat.slot_id),
            &at.format("%H:%M").to_string(),
        )?;
        out.checked_in += 1;
        // The agency's photo list of a day arrives the next day.
        if seat.date < today {
            write(
                s.id,
                EventKind::Photographed,
                seat.date,
                Source::AgencyImport,
            )?;
            out.photographed += 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::State;
    use crate::store::Store;

    /// Mid-morning of `today`.
    fn at(today: NaiveDate) -> Clock {
        Clock::at(today.and_hms_opt(9, 30, 0).unwrap())
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn overview_counts_are_the_progress_pages_counts() {
        let today = day(2026, 12, 2);
        let opts = DemoOptions {
            students: 600,
            seed: 9,
            as_published: false,
        };
        let mut s = Store::open_in_memory().unwrap();
        let r = create(s.conn_mut(), opts, &at(today)).unwrap();
        // A withdrawn student is counted nowhere; one far from any campus under the site.
        s.conn()
            .execute_batch(
                "UPDATE student SET withdrawn_at = '2026-11-01 10:00:00'
                 WHERE id = (SELECT min(id) FROM student WHERE ineligible_reason IS NULL);
                 UPDATE student SET campus = '', site = '佛山校外教学点'
                 WHERE id = (SELECT max(id) FROM student WHERE ineligible_reason IS NULL);",
            )
            .unwrap();
        for when in [today, day(2027, 6, 1)] {
            let (_, _, all) = crate::progress::statuses(s.conn(), r.campaign, when).unwrap();
            let full = crate::progress::count(&all);
            let quick = crate::progress::counts(s.conn(), r.campaign, when).unwrap();
            assert_eq!(quick, full, "{when}");
            let site = full.campuses.iter().find(|c| c.name == "佛山校外教学点");
            assert_eq!(site.map(|c| c.counts.eligible), Some(1));
            assert_eq!(full.overall.eligible as usize, all.len());
        }
    }

    #[test]
    fn placement_puts_today_on_the_last_on_site_day() {
        let at = Placement::around(day(2026, 12, 2));
        assert_eq!(at.grad_year, 2027);
        assert_eq!(at.shift(day(2025, 4, 30)), day(2026, 12, 2));
        let spring = Placement::around(day(2027, 3, 15));
        assert_eq!(spring.grad_year, 2027);
    }

    #[test]
    fn same_seed_and_day_same_campaign_and_nothing_after_today() {
        let today = day(2026, 12, 2);
        let opts = DemoOptions {
            students: 400,
            seed: 5,
            as_published: false,
        };
        let mut a = Store::open_in_memory().unwrap();
        let mut b = Store::open_in_memory().unwrap();
        let ra = create(a.conn_mut(), opts, &at(today)).unwrap();
        let rb = create(b.conn_mut(), opts, &at(today)).unwrap();
        assert_eq!(ra.simulated, rb.simulated);
        let events = |s: &Store| crate::progress::list_events(s.conn(), ra.campaign, None, false);
        let (ea, eb) = (events(&a).unwrap(), events(&b).unwrap());
        assert_eq!(ea.len(), eb.len());
        assert!(ea
            .iter()
            .zip(&eb)
            .all(|(x, y)| (x.student_id, x.kind, x.date) == (y.student_id, y.kind, y.date)));
        assert!(ea.iter().all(|e| e.date <= today), "nothing after today");
        // Another day, another simulation.
        let mut c = Store::open_in_memory().unwrap();
        let rc = create(c.conn_mut(), opts, &at(day(2026, 12, 3))).unwrap();
        assert_ne!(rc.simulated, ra.simulated);
        // Statuses are a mix, and every event is one the rules accept in that order.
        let (_, _, st) = crate::progress::statuses(a.conn(), ra.campaign, today).unwrap();
        let has = |x: State| st.iter().any(|s| s.status.state == x);
        assert!(has(State::Done) && has(State::Pending) && has(State::AtRisk));
        assert!(!has(State::Excluded));
    }
}
