//! Sync and backup: a day of check-ins (2,400 students) exported from one laptop and
//! imported on another; a full backup of that database.

use std::time::Duration;

use chrono::{NaiveDate, NaiveTime};
use rollcall::check_in::{self, CheckInRequest};
use rollcall::demo::{self, DemoOptions};
use rollcall::store::Store;
use rollcall::{backup, sync};

const NOW: &str = "2025-04-30 12:00:00";

fn clock() -> rollcall::store::Clock {
    rollcall::store::Clock::parse(NOW)
}

pub fn run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = dir.path().join("base.sqlite3");
    let mut store = Store::open(&base).expect("open");
    let id = demo::create(store.conn_mut(), DemoOptions::default(), &clock()).expect("demo");
    let bak = dir.path().join("base.bak");
    let took = crate::time(3, || backup::backup(&store, &bak).expect("backup"));
    crate::report("backup, 2,400 students", took, Duration::from_millis(500));
    let nos: Vec<String> = {
        let mut stmt = store
            .conn()
            .prepare("SELECT student_no FROM student ORDER BY student_no")
            .expect("prepare");
        let rows = stmt.query_map([], |r| r.get(0)).expect("query");
        rows.collect::<Result<_, _>>().expect("rows")
    };
    drop(store);

    let a_path = dir.path().join("a.sqlite3");
    backup::restore(&a_path, &bak, &clock()).expect("restore a");
    let mut a = Store::open(&a_path).expect("open a");
    let req = CheckInRequest {
        student_nos: nos,
        slot: None,
        date: Some(NaiveDate::from_ymd_opt(2025, 4, 30).expect("date")),
        time: NaiveTime::from_hms_opt(9, 0, 0).expect("time"),
        recorded_by: String::new(),
    };
    let today = NaiveDate::from_ymd_opt(2025, 4, 30).expect("date");
    let t = std::time::Instant::now();
    check_in::check_in(a.conn_mut(), id, &req, &clock().judging(Some(today))).expect("check in");
    crate::report(
        "check-in of 2,400 学号 in one call",
        t.elapsed(),
        Duration::from_millis(2000),
    );
    let file = dir.path().join("a.rollcall-sync");
    let t = std::time::Instant::now();
    sync::export(a.conn_mut(), id, &file, None, &clock()).expect("export");
    crate::report(
        "sync export, 2,400 check-ins",
        t.elapsed(),
        Duration::from_millis(1000),
    );

    // Each import needs a fresh copy; only the import itself is timed.
    let mut best = Duration::MAX;
    for k in 0..3 {
        let b_path = dir.path().join(format!("c{k}.sqlite3"));
        backup::restore(&b_path, &bak, &rollcall::store::Clock::system()).expect("restore c");
        let mut b = Store::open(&b_path).expect("open c");
        let t = std::time::Instant::now();
        sync::import(b.conn_mut(), &file, None, &clock()).expect("import");
        best = best.min(t.elapsed());
    }
    crate::report(
        "sync import, 2,400 check-ins",
        best,
        Duration::from_millis(2000),
    );
}
