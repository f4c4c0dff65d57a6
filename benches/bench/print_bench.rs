//! Printing: sign-in sheets for 50,000 students (~1,200 classes) and the demo notice,
//! each including font discovery and subsetting; then, on a stored 50,000-student
//! campaign with 20,000 payments, the data side of the sheets (with the 缴费 column) and
//! every class's unpaid list (data, fonts and layout). The last two targets are the
//! helper's own: the same 5 s as the sheets.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{NaiveDate, NaiveTime};
use rollcall::campaign::{self, CampaignDetail};
use rollcall::demo::{self, DemoOptions};
use rollcall::print::lists::{self, ListKind, ListScope};
use rollcall::print::sign_in::{self, SheetRow, SheetSpec};
use rollcall::print::{notice, FontSet};
use rollcall::progress::{self, EventKind, NewEvent, Source};
use rollcall::store::Store;

/// One sheet per class of a generated 50,000-student roster.
fn sheets() -> Vec<SheetSpec> {
    let roster = demo::generate_roster(DemoOptions {
        students: 50_000,
        ..DemoOptions::default()
    });
    let mut by_class: BTreeMap<String, Vec<_>> = BTreeMap::new();
    for s in roster {
        by_class.entry(s.class_name.clone()).or_default().push(s);
    }
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("time");
    by_class
        .into_iter()
        .map(|(class, students)| SheetSpec {
            campaign: "2025届毕业生电子照片采集".into(),
            campus: students[0].campus.clone(),
            venue: "学生活动中心舞蹈室".into(),
            date: NaiveDate::from_ymd_opt(2025, 4, 28).expect("date"),
            start: t(8, 30),
            end: t(8, 45),
            arrival: t(8, 10),
            class_label: class,
            college: students[0].college.clone(),
            counselor: students[0].counselor.clone(),
            rows: students
                .iter()
                .map(|s| SheetRow {
                    student_no: s.student_no.to_string(),
                    name: s.name.clone(),
                    gender: s.gender.map(|g| g.as_str().to_string()).unwrap_or_default(),
                    paid: Some(s.student_no.as_str().ends_with('1')),
                })
                .collect(),
        })
        .collect()
}

pub fn run() {
    let sheets = sheets();
    let mut size = 0;
    let took = crate::time(3, || {
        let fonts = FontSet::discover(None).expect("a Chinese font");
        let bytes = sign_in::render(&sheets, &fonts).expect("render");
        size = bytes.len();
        bytes
    });
    crate::report(
        &format!("sign-in sheets, 50,000 students, {} classes", sheets.len()),
        took,
        Duration::from_millis(5000),
    );
    println!(
        "{:<48} {:>9.1} MB  (target ≤ 25 MB, {})",
        "  sign-in PDF size",
        size as f64 / 1e6,
        if size <= 25_000_000 {
            "ok"
        } else {
            "OVER TARGET"
        }
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("notice.sqlite3")).expect("open");
    let id = demo::create(
        store.conn_mut(),
        DemoOptions::default(),
        &rollcall::store::Clock::system(),
    )
    .expect("demo");
    let c = campaign::resolve(store.conn(), Some(id)).expect("campaign");
    let detail = CampaignDetail::load(store.conn(), c).expect("detail");
    let took = crate::time(5, || {
        let fonts = FontSet::discover(None).expect("a Chinese font");
        notice::print(store.conn(), &detail, &fonts).expect("notice")
    });
    crate::report(
        "demo notice, fonts found and subset",
        took,
        Duration::from_millis(300),
    );
    from_progress();
}

/// Sheets and lists read from a stored campaign with progress events.
fn from_progress() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("lists.sqlite3")).expect("open");
    let opts = DemoOptions {
        students: 50_000,
        ..DemoOptions::default()
    };
    let id = demo::create(store.conn_mut(), opts, &rollcall::store::Clock::system()).expect("demo");
    rollcall::plan::plan_and_save(store.conn_mut(), id, &rollcall::store::Clock::system())
        .expect("plan");
    let paid: Vec<String> = demo::generate_roster(opts)
        .iter()
        .take(20_000)
        .map(|s| s.student_no.to_string())
        .collect();
    let day = |d| NaiveDate::from_ymd_opt(2025, 4, d).expect("date");
    let event = NewEvent {
        kind: EventKind::Paid,
        date: day(15),
        source: Source::Typed,
        note: String::new(),
        recorded_by: String::new(),
        origin: String::new(),
    };
    progress::record(
        store.conn_mut(),
        id,
        &paid,
        &event,
        &rollcall::store::Clock::system(),
    )
    .expect("record");
    let c = campaign::resolve(store.conn(), Some(id)).expect("campaign");
    let detail = CampaignDetail::load(store.conn(), c).expect("detail");
    let took = crate::time(3, || {
        sign_in::sheets_with_payments(store.conn(), &detail, &Default::default()).expect("sheets")
    });
    crate::report(
        "sign-in sheet data + 缴费 column, 50,000 students",
        took,
        Duration::from_millis(5000),
    );
    let mut pages = 0;
    let took = crate::time(3, || {
        let fonts = FontSet::discover(None).expect("a Chinese font");
        let scope = ListScope::default();
        let bytes = lists::print(
            store.conn(),
            &detail,
            ListKind::Unpaid,
            day(26),
            &scope,
            &fonts,
        )
        .expect("lists");
        pages = rollcall::print::page_count(&bytes);
        bytes
    });
    crate::report(
        &format!("unpaid lists, 50,000 students ({pages} pages)"),
        took,
        Duration::from_millis(5000),
    );
}
