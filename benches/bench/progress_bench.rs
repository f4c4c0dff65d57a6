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
    let mut store = Store::open(&dir.path().join("p.sqlite3")).expect("open");
    let id: CampaignId =
        demo::create(store.conn_mut(), opts, &rollcall::store::Clock::system()).expect("demo");
    let list = dir.path().join("拍摄名单.xlsx");
    write_list(&list, opts);
    let import = ImportOptions {
        kind: EventKind::Photographed,
        dry_run: false,
        default_date: NaiveDate::from_ymd_opt(2025, 4, 28).unwrap_or_default(),
        recorded_by: String::new(),
        sheet: None,
    };
    let mut import_once = || {
        progress::import_file(
            store.conn_mut(),
            id,
            &list,
            &import,
            &rollcall::store::Clock::system(),
        )
        .expect("import")
    };
    let took = crate::time(1, || {
        let r = import_once();
        assert_eq!(r.recorded, LIST_ROWS);
    });
    crate::report(
        "agency list import, 10,000-row .xlsx, 50,000 roster",
        took,
        Duration::from_millis(2000),
    );
    // The same list again: the same reading and matching, nothing written.
    let took = crate::time(3, || {
        let r = import_once();
        assert_eq!(r.duplicates.len(), LIST_ROWS);
    });
    crate::report(
        "agency list re-import (all already recorded)",
        took,
        Duration::from_millis(2000),
    );
    let today = NaiveDate::from_ymd_opt(2025, 5, 11).unwrap_or_default();
    let took = crate::time(5, || {
        progress::report(store.conn(), id, today, &ProgressFilter::default()).expect("report")
    });
    crate::report(
        "progress of 50,000 students (10,000 with events)",
        took,
        Duration::from_millis(1000),
    );
}
