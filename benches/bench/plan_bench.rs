//! Session planning at scale: 50,000 students in about 1,250 classes, 3 campuses,
//! 6 venues (the demo's four plus one more at 高明 and 禅城, windows over ten days).

use std::time::Duration;

use chrono::{NaiveDate, NaiveTime};
use rollcall::campaign::{self, VenueInput, WindowInput};
use rollcall::demo::{self, DemoOptions};
use rollcall::plan;
use rollcall::store::Store;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, d).expect("date")
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("time")
}

/// Adds a venue at 高明 and 禅城, and morning and afternoon windows on 1–8 May at every
/// venue, so 50,000 students fit.
fn grow_places(store: &mut Store, id: campaign::CampaignId) {
    let conn = store.conn();
    let d = campaign::CampaignDetail::load(conn, campaign::resolve(conn, Some(id)).expect("c"))
        .expect("detail");
    for (campus, stations) in [("高明", 4), ("禅城", 3)] {
        let c = d
            .campuses
            .iter()
            .find(|c| c.name == campus)
            .expect("campus");
        let input = VenueInput {
            name: "体育馆".into(),
            stations,
            throughput_per_hour: 160,
        };
        campaign::add_venue(conn, id, c.id, &input).expect("venue");
    }
    let venues =
        campaign::CampaignDetail::load(conn, campaign::resolve(conn, Some(id)).expect("c"))
            .expect("detail")
            .venues;
    for v in &venues {
        for date in 1..=8 {
            for (s, e) in [((8, 30), (11, 30)), ((14, 0), (17, 0))] {
                let w = WindowInput {
                    date: day(5, date),
                    start: time(s.0, s.1),
                    end: time(e.0, e.1),
                };
                campaign::add_window(conn, id, v.id, &w).expect("window");
            }
        }
    }
}

pub fn run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("plan.sqlite3")).expect("open");
    let opts = DemoOptions {
        students: 50_000,
        ..DemoOptions::default()
    };
    let id = demo::create(store.conn_mut(), opts, &rollcall::store::Clock::system()).expect("demo");
    grow_places(&mut store, id);

    let input = plan::load_input(store.conn(), id).expect("input");
    let took = crate::time(5, || plan::load_input(store.conn(), id).expect("input"));
    crate::report(
        "plan: load input (50,000 students) from the DB",
        took,
        Duration::from_millis(200),
    );

    let took = crate::time(10, || plan::plan(&input));
    let out = plan::plan(&input);
    assert!(out.unplaced.is_empty(), "bench campaign must fit");
    println!(
        "  ({} classes, {} venues, {} windows → {} slots)",
        input.classes.len(),
        input.venues.len(),
        input.windows.len(),
        out.slots.len()
    );
    crate::report(
        "plan: 1,250 classes, 3 campuses, 6 venues (pure)",
        took,
        Duration::from_millis(200),
    );

    let mut n = 0;
    let took = crate::time(3, || {
        n += 1;
        plan::plan_and_save(store.conn_mut(), id, &rollcall::store::Clock::system()).expect("plan")
    });
    crate::report(
        "plan: load + plan + save to the DB",
        took,
        Duration::from_millis(1000),
    );

    // An edited schedule: one slot moved five minutes later (overlapping the next).
    let mut edited = plan::load_schedule(store.conn(), id).expect("load").slots;
    edited[0].start += chrono::Duration::minutes(5);
    edited[0].end += chrono::Duration::minutes(5);
    let took = crate::time(10, || plan::validate(&input, &edited));
    assert!(!plan::validate(&input, &edited).ok);
    crate::report(
        "plan: validate an edited schedule (pure)",
        took,
        Duration::from_millis(20),
    );

    let took = crate::time(5, || plan::report(store.conn(), id).expect("report"));
    crate::report(
        "plan: schedule report from the DB (load + checks)",
        took,
        Duration::from_millis(300),
    );
}
