//! Final lists on a 50,000-student campaign where every eligible student is done:
//! building both lists (roster + progress), and writing the final list to .xlsx and to
//! CSV (UTF-8 with BOM, and GBK). Targets from issue 7: ≤ 1.5 s to .xlsx, ≤ 0.5 s to .csv;
//! the end-to-end command (build + write + log) is held to the .xlsx target too.
//!
//! Then the commands as the office runs them, each a `rollcall` child process measured
//! by its own peak memory (issue 19: ≤ 100 MB): `export final` and `export excluded` (on
//! a second campaign where nobody has a photo) to .xlsx and GBK .csv. A SHA-256 of every
//! file is printed (of the .xlsx's sheet, export time blanked), to show a change left the
//! output byte for byte the same.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use sha2::{Digest, Sha256};

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
    crate::reset_peak();
    let took = crate::time(3, || lists::build(store.conn(), &c, as_of).expect("build"));
    crate::report(
        "export: build both lists, 50k students",
        took,
        Duration::from_millis(1500),
    );

    let cols = export::columns::defaults(ListKind::Final);
    let path = dir.path().join("制证名单.xlsx");
    crate::reset_peak();
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
        crate::reset_peak();
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
    crate::reset_peak();
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
    drop(built);
    drop(store);

    // Nobody photographed: everyone eligible is on the excluded list.
    let none = dir.path().join("none.sqlite3");
    {
        let mut store = Store::open(&none).expect("open");
        demo::create(store.conn_mut(), opts, &rollcall::store::Clock::system()).expect("demo");
    }
    let db = dir.path().join("x.sqlite3");
    for (db, list) in [(&db, "final"), (&none, "excluded")] {
        for file in ["xlsx", "csv"] {
            let out = dir.path().join(format!("{list}.{file}"));
            let mut args = vec![
                "export",
                list,
                "--out",
                out.to_str().expect("utf-8 path"),
                "--today",
                "2025-10-01",
            ];
            if file == "csv" {
                args.extend(["--encoding", "gbk"]);
            }
            cli_row(
                &format!("`rollcall export {list}`, 50k students → .{file}"),
                db,
                &args,
                None,
            );
            eprintln!("sha256 {list}.{file}: {}", output_hash(&out));
        }
    }
}

/// Runs the CLI three times: the median time and the largest peak, held to 100 MB.
pub fn cli_row(task: &str, db: &Path, args: &[&str], stdout: Option<&Path>) {
    let mut times = Vec::new();
    let mut peak: f64 = 0.0;
    for _ in 0..3 {
        let (t, mb) = crate::cli(db, args, stdout);
        times.push(t);
        peak = peak.max(mb);
    }
    crate::row(crate::Figure {
        task,
        took: crate::median(&mut times),
        peak: crate::Peak::Apart(peak),
        floor: None,
        target: "≤ 100 MB",
        ok: peak <= 100.0,
    });
}

/// SHA-256 of a written list: a CSV as it is; an .xlsx by its sheet's XML with the
/// export time in the title blanked (it changes every run).
pub fn output_hash(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("read output");
    let data = if path.extension().is_some_and(|e| e == "xlsx") {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .expect("sheet")
            .read_to_string(&mut xml)
            .expect("sheet xml");
        if let Some(i) = xml.find("导出时间：") {
            let from = i + "导出时间：".len();
            let to = (from + 19).min(xml.len());
            xml.replace_range(from..to, "");
        }
        xml.into_bytes()
    } else {
        bytes
    };
    Sha256::digest(&data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
