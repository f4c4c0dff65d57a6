//! Final lists on a 50,000-student campaign where every eligible student is done:
//! building both lists (roster + progress), and writing the final list to .xlsx and to
//! CSV (UTF-8 with BOM, and GBK). Targets from issue 7: ≤ 1.5 s to .xlsx, ≤ 0.5 s to .csv;
//! the end-to-end command (build + write + log) is held to the .xlsx target too.

use std::time::Duration;

use chrono::NaiveDate;
use rollcall::campaign::{self, CampaignId};
use rollcall::demo::{self, DemoOptions};
use rollcall::export::{self, csv, lists, xlsx, ListKind};
use rollcall::progress::{self, EventKind, NewEvent, Source};
use rollcall::store::Store;

const STUDENTS: u32 = 50_000;

pub fn run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("x.sqlite3")).expect("open");
    let opts = DemoOptions {
        students: STUDENTS,
        ..DemoOptions::default()
    };
    let id: CampaignId =
        demo::create(store.conn_mut(), opts, &rollcall::store::Clock::system()).expect("demo");
    let day = NaiveDate::from_ymd_opt(2025, 4, 28).unwrap_or_default();
    let nos: Vec<String> = rollcall::roster::list(store.conn(), id, &Default::default())
        .expect("roster")
        .into_iter()
        .map(|e| e.student.student_no.to_string())
        .collect();
    let event = NewEvent {
        kind: EventKind::Photographed,
        date: day,
        source: Source::Typed,
        note: String::new(),
        recorded_by: String::new(),
        origin: String::new(),
    };
    progress::record(
        store.conn_mut(),
        id,
        &nos,
        &event,
        &rollcall::store::Clock::system(),
    )
    .expect("record");
    let c = campaign::resolve(store.conn(), Some(id)).expect("campaign");
    let as_of = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap_or_default();

    let built = lists::build(store.conn(), &c, as_of).expect("build");
    let rows = built.rows(ListKind::Final);
    println!("final list: {} rows", rows.len());
    let took = crate::time(3, || lists::build(store.conn(), &c, as_of).expect("build"));
    crate::report(
        "export: build both lists, 50k students",
        took,
        Duration::from_millis(1500),
    );

    let cols = export::columns::defaults(ListKind::Final);
    let path = dir.path().join("制证名单.xlsx");
    let took = crate::time(3, || {
        let spec = xlsx::SheetSpec {
            sheet_name: ListKind::Final.label(),
            title: "2025届 制证名单".into(),
            summary: built.summary.line(),
            columns: cols,
            rows,
        };
        xlsx::write(&spec, &path).expect("xlsx")
    });
    crate::report(
        "export: final list 50k rows to .xlsx",
        took,
        Duration::from_millis(1500),
    );
    let csv_path = dir.path().join("制证名单.csv");
    for enc in [csv::Encoding::Utf8, csv::Encoding::Gbk] {
        let took = crate::time(3, || csv::write(cols, rows, enc, &csv_path).expect("csv"));
        crate::report(
            &format!("export: final list 50k rows to .csv ({})", enc.as_str()),
            took,
            Duration::from_millis(500),
        );
    }
    let request = export::ExportRequest {
        list: ListKind::Final,
        path,
        today: as_of,
        encoding: csv::Encoding::Utf8,
        columns: None,
        save_columns: false,
    };
    let took = crate::time(1, || {
        export::export(
            store.conn(),
            &c,
            &request,
            &rollcall::store::Clock::system(),
        )
        .expect("export")
    });
    crate::report(
        "export: `export final` end to end (.xlsx)",
        took,
        Duration::from_millis(1500),
    );
}
