//! Progress on a 50,000-student campaign: deriving every student's status (what
//! `rollcall progress` and the counts in `status` do), and importing a 10,000-row
//! agency list from .xlsx (read, match, write in one transaction).
//! The targets are the helper's own (no issue sets one): fast enough for a page refresh.

use std::time::Duration;

use chrono::NaiveDate;
use rollcall::campaign::CampaignId;
use rollcall::demo::{self, DemoOptions};
use rollcall::progress::{self, EventKind, ImportOptions, ProgressFilter};
use rollcall::store::Store;
use rust_xlsxwriter::Workbook;

const STUDENTS: u32 = 50_000;
const LIST_ROWS: usize = 10_000;

fn write_list(path: &std::path::Path, opts: DemoOptions) {
    let roster = demo::generate_roster(opts);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["学号", "姓名", "班级", "拍摄日期"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    for (i, s) in roster.iter().take(LIST_ROWS).enumerate() {
        let r = i as u32 + 1;
        sheet
            .write_string(r, 0, s.student_no.as_str())
            .expect("cell");
        sheet.write_string(r, 1, &s.name).expect("cell");
        sheet.write_string(r, 2, &s.class_name).expect("cell");
        sheet.write_string(r, 3, "2025-04-28").expect("cell");
    }
    book.save(path).expect("save xlsx");
}

pub fn run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let opts = DemoOptions {
        students: STUDENTS,
        ..DemoOptions::default()
    };
    let base = dir.path().join("base.sqlite3");
    let id: CampaignId = {
        let mut store = Store::open(&base).expect("open");
        demo::create(store.conn_mut(), opts, &rollcall::store::Clock::system()).expect("demo")
    };
    let list = dir.path().join("拍摄名单.xlsx");
    write_list(&list, opts);
    let import = ImportOptions {
        kind: EventKind::Photographed,
        dry_run: false,
        default_date: NaiveDate::from_ymd_opt(2025, 4, 28).unwrap_or_default(),
        recorded_by: String::new(),
        sheet: None,
    };
    // Each run on its own copy of the database, so each records the 10,000 events.
    let db = dir.path().join("p.sqlite3");
    let mut times = Vec::new();
    for _ in 0..5 {
        std::fs::copy(&base, &db).expect("copy db");
        let mut store = Store::open(&db).expect("open");
        crate::reset_peak();
        let t = std::time::Instant::now();
        let r = progress::import_file(
            store.conn_mut(),
            id,
            &list,
            &import,
            &rollcall::store::Clock::system(),
        )
        .expect("import");
        times.push(t.elapsed());
        assert_eq!(r.recorded, LIST_ROWS);
    }
    crate::report(
        "agency list import, 10,000-row .xlsx, 50,000 roster",
        crate::median(&mut times),
        Duration::from_millis(200),
    );
    let mut store = Store::open(&db).expect("open");
    // The same list again: the same reading and matching, nothing written.
    crate::reset_peak();
    let took = crate::time(5, || {
        let r = progress::import_file(
            store.conn_mut(),
            id,
            &list,
            &import,
            &rollcall::store::Clock::system(),
        )
        .expect("import");
        assert_eq!(r.duplicates.len(), LIST_ROWS);
    });
    crate::report(
        "agency list re-import (all already recorded)",
        took,
        Duration::from_millis(2000),
    );
    let today = NaiveDate::from_ymd_opt(2025, 5, 11).unwrap_or_default();
    crate::reset_peak();
    let took = crate::time(5, || {
        progress::report(store.conn(), id, today, &ProgressFilter::default()).expect("report")
    });
    crate::report(
        "progress of 50,000 students (10,000 with events)",
        took,
        Duration::from_millis(1000),
    );
    drop(store);
    let out = dir.path().join("progress.json");
    crate::export_bench::cli_row(
        "`rollcall progress --json`, 50k students",
        &db,
        &["progress", "--json", "--today", "2025-05-11"],
        Some(&out),
    );
    eprintln!(
        "sha256 progress.json: {}",
        crate::export_bench::output_hash(&out)
    );
}
