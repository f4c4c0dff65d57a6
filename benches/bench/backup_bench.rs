//! Automatic backups and the integrity check at start, on a 50,000-student database: what
//! the office waits for before a destructive step and when the app starts.

use std::time::Duration;

use chrono::NaiveDateTime;
use rollcall::backup::{self, Reason};
use rollcall::demo::{self, DemoOptions};
use rollcall::store::{self, Store};

pub fn run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("big.sqlite3");
    let mut store = Store::open(&db).expect("open");
    let opts = DemoOptions {
        students: 50_000,
        ..DemoOptions::default()
    };
    demo::create(store.conn_mut(), opts, &rollcall::store::Clock::system()).expect("demo");
    let mut minute = 0;
    let took = crate::time(3, || {
        minute += 1;
        let now = NaiveDateTime::parse_from_str(
            &format!("2025-04-20 09:{minute:02}:00"),
            "%Y-%m-%d %H:%M:%S",
        )
        .expect("time");
        backup::auto_backup(&store, Reason::Close, now).expect("auto backup")
    });
    let bytes = backup::latest_auto(&db)
        .expect("list")
        .map_or(0, |b| b.bytes);
    crate::report(
        &format!(
            "auto backup, 50,000 students ({:.0} MB)",
            bytes as f64 / 1e6
        ),
        took,
        Duration::from_millis(1000),
    );
    drop(store);
    let took = crate::time(3, || store::quick_check(&db).expect("quick_check"));
    crate::report(
        "quick_check at start, 50,000 students",
        took,
        Duration::from_millis(1000),
    );
}
