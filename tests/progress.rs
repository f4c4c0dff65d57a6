//! Student progress: the status rules around every deadline (pure state table), and the
//! CLI on real database files: recording, voiding, agency list reconciliation from .xlsx
//! and .csv files, `progress` and the counts in `status`.

mod common;
use common::{json, rollcall, user_error};

use std::path::Path;

use chrono::NaiveDate;
use rollcall::campaign::{CampaignId, MilestoneKind};
use rollcall::demo::{self, DemoOptions};
use rollcall::progress::status::ReasonCode;
use rollcall::progress::{
    derive, EventId, EventKind, Mark, Milestones, ProgressSettings, Route, State,
};
use rollcall::roster::{Student, StudentNo};
use rust_xlsxwriter::Workbook;
use serde_json::Value;

// ---------------------------------------------------------------------------------------
// State table

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, day).unwrap()
}

fn ev(id: i64, kind: EventKind, date: NaiveDate) -> Mark {
    Mark {
        id: EventId(id),
        kind,
        date,
        note: String::new(),
    }
}

/// (label, events, route, today, state, reason, deadline kind and date).
type Case = (
    &'static str,
    Vec<Mark>,
    Route,
    NaiveDate,
    State,
    ReasonCode,
    Option<(MilestoneKind, NaiveDate)>,
);

fn check(cases: Vec<Case>) {
    // The reference timeline: payment 04-10..04-27, on site 04-28..04-30, online
    // 05-06..05-12, walk-in 05-13..09-30, final 09-30, verification 06-07..11-09.
    let m = Milestones::from_list(&demo::reference_milestones());
    let settings = ProgressSettings::default();
    let mut failures = Vec::new();
    for (label, events, route, today, state, code, deadline) in cases {
        let s = derive(&events, route, &m, today, &settings);
        let got_deadline = s.next_deadline.map(|d| (d.kind, d.date));
        if s.state != state || s.code != code || got_deadline != deadline {
            failures.push(format!(
                "{label} ({today}): got {:?}/{:?}/{:?} «{}», want {state:?}/{code:?}/{deadline:?}",
                s.state, s.code, got_deadline, s.reason
            ));
        }
        assert!(!s.reason.is_empty(), "{label}: a reason is always given");
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn unpaid_student_around_payment_online_walk_in_and_final_deadlines() {
    use MilestoneKind::*;
    use ReasonCode::*;
    use State::*;
    let none = Vec::new;
    let on = Route::Onsite;
    check(vec![
        (
            "unpaid, 2 days before payment",
            none(),
            on,
            d(4, 25),
            Pending,
            Unpaid,
            Some((Payment, d(4, 27))),
        ),
        (
            "unpaid, day before payment",
            none(),
            on,
            d(4, 26),
            AtRisk,
            Unpaid,
            Some((Payment, d(4, 27))),
        ),
        (
            "unpaid, payment day",
            none(),
            on,
            d(4, 27),
            AtRisk,
            Unpaid,
            Some((Payment, d(4, 27))),
        ),
        (
            "unpaid, day after payment",
            none(),
            on,
            d(4, 28),
            Pending,
            AwaitingOnline,
            Some((Online, d(5, 12))),
        ),
        (
            "unpaid, 2 days before online end",
            none(),
            on,
            d(5, 10),
            Pending,
            AwaitingOnline,
            Some((Online, d(5, 12))),
        ),
        (
            "unpaid, day before online end",
            none(),
            on,
            d(5, 11),
            AtRisk,
            AwaitingOnline,
            Some((Online, d(5, 12))),
        ),
        (
            "unpaid, online end day",
            none(),
            on,
            d(5, 12),
            AtRisk,
            AwaitingOnline,
            Some((Online, d(5, 12))),
        ),
        (
            "unpaid, day after online",
            none(),
            on,
            d(5, 13),
            Pending,
            WalkInNeeded,
            Some((WalkIn, d(9, 30))),
        ),
        (
            "walk-in, 15 days left",
            none(),
            on,
            d(9, 15),
            Pending,
            WalkInNeeded,
            Some((WalkIn, d(9, 30))),
        ),
        (
            "walk-in, 14 days left",
            none(),
            on,
            d(9, 16),
            AtRisk,
            WalkInNeeded,
            Some((WalkIn, d(9, 30))),
        ),
        (
            "walk-in, day before final",
            none(),
            on,
            d(9, 29),
            AtRisk,
            WalkInNeeded,
            Some((WalkIn, d(9, 30))),
        ),
        (
            "walk-in, final day",
            none(),
            on,
            d(9, 30),
            AtRisk,
            WalkInNeeded,
            Some((WalkIn, d(9, 30))),
        ),
        (
            "no photo, day after final",
            none(),
            on,
            d(10, 1),
            Excluded,
            NoPhoto,
            None,
        ),
    ]);
}

#[test]
fn paid_student_around_the_on_site_days() {
    use MilestoneKind::*;
    use ReasonCode::*;
    use State::*;
    let paid = || vec![ev(1, EventKind::Paid, d(4, 20))];
    let on = Route::Onsite;
    check(vec![
        (
            "paid, before payment end",
            paid(),
            on,
            d(4, 26),
            Pending,
            AwaitingOnsite,
            Some((Onsite, d(4, 30))),
        ),
        (
            "paid, first on-site day",
            paid(),
            on,
            d(4, 28),
            Pending,
            AwaitingOnsite,
            Some((Onsite, d(4, 30))),
        ),
        (
            "paid, day before on-site end",
            paid(),
            on,
            d(4, 29),
            AtRisk,
            AwaitingOnsite,
            Some((Onsite, d(4, 30))),
        ),
        (
            "paid, last on-site day",
            paid(),
            on,
            d(4, 30),
            AtRisk,
            AwaitingOnsite,
            Some((Onsite, d(4, 30))),
        ),
        (
            "paid, day after on-site",
            paid(),
            on,
            d(5, 1),
            Pending,
            AwaitingOnline,
            Some((Online, d(5, 12))),
        ),
        (
            "paid, after online",
            paid(),
            on,
            d(5, 13),
            Pending,
            WalkInNeeded,
            Some((WalkIn, d(9, 30))),
        ),
        (
            "paid, day after final",
            paid(),
            on,
            d(10, 1),
            Excluded,
            NoPhoto,
            None,
        ),
        // A payment dated after "today" has not happened yet.
        (
            "payment in the future",
            paid(),
            on,
            d(4, 19),
            Pending,
            Unpaid,
            Some((Payment, d(4, 27))),
        ),
        (
            "checked in, not yet on the agency list",
            vec![
                ev(1, EventKind::Paid, d(4, 20)),
                ev(2, EventKind::CheckedIn, d(4, 28)),
            ],
            on,
            d(4, 30),
            Pending,
            CheckedIn,
            Some((Onsite, d(4, 30))),
        ),
        (
            "refunded: unpaid again",
            vec![
                ev(1, EventKind::Paid, d(4, 20)),
                ev(2, EventKind::Refund, d(4, 22)),
            ],
            on,
            d(4, 26),
            AtRisk,
            Unpaid,
            Some((Payment, d(4, 27))),
        ),
        // A voided payment is not read at all (only active events become marks):
        // `voiding_an_event_recomputes_the_status_and_keeps_the_history` voids one and
        // finds the student unpaid again.
    ]);
}

#[test]
fn online_class_and_submitted_photos() {
    use MilestoneKind::*;
    use ReasonCode::*;
    use State::*;
    let sub = || vec![ev(1, EventKind::OnlineSubmitted, d(5, 8))];
    check(vec![
        // An online class is not at risk for not paying the on-site fee.
        (
            "online class, day before payment",
            vec![],
            Route::Online,
            d(4, 26),
            Pending,
            AwaitingOnline,
            Some((Online, d(5, 12))),
        ),
        (
            "online class, day before online end",
            vec![],
            Route::Online,
            d(5, 11),
            AtRisk,
            AwaitingOnline,
            Some((Online, d(5, 12))),
        ),
        (
            "submitted, 2 days before end",
            sub(),
            Route::Onsite,
            d(5, 10),
            Pending,
            OnlineSubmitted,
            Some((Online, d(5, 12))),
        ),
        (
            "submitted, day before end",
            sub(),
            Route::Onsite,
            d(5, 11),
            AtRisk,
            OnlineSubmitted,
            Some((Online, d(5, 12))),
        ),
        (
            "submitted, end day",
            sub(),
            Route::Onsite,
            d(5, 12),
            AtRisk,
            OnlineSubmitted,
            Some((Online, d(5, 12))),
        ),
        (
            "submitted, never approved",
            sub(),
            Route::Onsite,
            d(5, 13),
            Pending,
            WalkInNeeded,
            Some((WalkIn, d(9, 30))),
        ),
    ]);
}

#[test]
fn done_students_and_verification_forty_days_after_shooting() {
    use MilestoneKind::*;
    use ReasonCode::*;
    use State::*;
    let shot = || {
        vec![
            ev(1, EventKind::Paid, d(4, 20)),
            ev(2, EventKind::Photographed, d(4, 28)),
        ]
    };
    let on = Route::Onsite;
    check(vec![
        (
            "photographed today",
            shot(),
            on,
            d(4, 28),
            Done,
            Photographed,
            Some((Verification, d(6, 7))),
        ),
        (
            "day before verification is due",
            shot(),
            on,
            d(6, 6),
            Done,
            Photographed,
            Some((Verification, d(6, 7))),
        ),
        (
            "verification due today",
            shot(),
            on,
            d(6, 7),
            Done,
            VerificationDue,
            Some((Verification, d(11, 9))),
        ),
        (
            "after the final deadline, still done",
            shot(),
            on,
            d(10, 1),
            Done,
            VerificationDue,
            Some((Verification, d(11, 9))),
        ),
        (
            "verified",
            {
                let mut e = shot();
                e.push(ev(3, EventKind::Verified, d(6, 10)));
                e
            },
            on,
            d(6, 11),
            Done,
            Verified,
            None,
        ),
        (
            "approved online",
            vec![ev(1, EventKind::OnlineApproved, d(5, 8))],
            on,
            d(5, 8),
            Done,
            Photographed,
            Some((Verification, d(6, 17))),
        ),
        (
            "walk-in on the final day",
            vec![ev(1, EventKind::WalkInDone, d(9, 30))],
            on,
            d(10, 1),
            Done,
            Photographed,
            Some((Verification, d(11, 9))),
        ),
        (
            "photo in the future",
            shot(),
            on,
            d(4, 27),
            Pending,
            AwaitingOnsite,
            Some((Onsite, d(4, 30))),
        ),
    ]);
    // The verification delay is a setting.
    let m = Milestones::from_list(&demo::reference_milestones());
    let s = ProgressSettings {
        verification_days: 10,
        ..ProgressSettings::default()
    };
    let st = derive(&shot(), Route::Onsite, &m, d(5, 8), &s);
    assert_eq!(st.code, VerificationDue);
}

#[test]
fn a_campaign_without_milestones_is_never_excluded() {
    let st = derive(
        &[],
        Route::Onsite,
        &Milestones::default(),
        d(12, 31),
        &ProgressSettings::default(),
    );
    assert_eq!(st.state, State::Pending);
    assert_eq!(st.code, ReasonCode::NoDeadline);
}

// ---------------------------------------------------------------------------------------
// CLI on real files

const OPTS: DemoOptions = DemoOptions {
    students: 300,
    seed: 11,
    as_published: false,
};

/// A demo campaign of 300 students plus two 王小明 in one class; returns the roster.
fn setup(db: &Path) -> Vec<Student> {
    assert!(rollcall(
        db,
        &["demo", "--reference", "--students", "300", "--seed", "11"]
    )
    .status
    .success());
    let mut roster = demo::generate_roster(OPTS);
    let mut twins = Vec::new();
    for no in ["2099000001", "2099000002"] {
        let mut s = roster[0].clone();
        s.student_no = StudentNo::new(no).unwrap();
        s.name = "王小明".into();
        s.class_name = "测试2201班".into();
        s.id_number = None;
        twins.push(s);
    }
    let mut store = rollcall::store::Store::open(db).unwrap();
    rollcall::roster::insert_all(store.conn_mut(), CampaignId(1), 2025, &twins).unwrap();
    roster.extend(twins);
    roster
}

fn eligible(roster: &[Student]) -> Vec<&Student> {
    roster
        .iter()
        .filter(|s| rollcall::roster::ineligibility(s, 2025).is_none())
        .collect()
}

fn events(db: &Path) -> Vec<Value> {
    json(&rollcall(db, &["record", "list", "--json"]))["events"]
        .as_array()
        .unwrap()
        .clone()
}

fn student<'a>(progress: &'a Value, no: &str) -> &'a Value {
    progress["students"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["student_no"] == no)
        .unwrap_or_else(|| panic!("{no} missing"))
}

/// An agency 拍摄名单 as the agency sends it: a title row, then the header.
fn write_xlsx(path: &Path, rows: &[[&str; 6]]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "新华社中国图片社 2025届毕业生拍摄名单")
        .unwrap();
    let header = ["序号", "学号", "身份证号", "姓名", "班级", "拍摄日期"];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(3 + r as u32, c as u16, *cell).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

fn count(report: &Value, key: &str) -> usize {
    report[key].as_array().unwrap().len()
}

#[test]
fn agency_photo_list_is_reconciled_once_and_only_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let roster = setup(&db);
    let el = eligible(&roster);
    let (a, b, c, e) = (el[0], el[1], el[2], el[4]);
    // A name unique in its class, for the name + class match.
    let unique_in_class = |s: &Student| {
        roster
            .iter()
            .filter(|o| o.name == s.name && o.class_name == s.class_name)
            .count()
            == 1
    };
    let c = if unique_in_class(c) {
        c
    } else {
        el[5..]
            .iter()
            .copied()
            .find(|s| unique_in_class(s))
            .unwrap()
    };
    // e was approved online already: an on-site photo for e is a conflict.
    assert!(rollcall(
        &db,
        &[
            "record",
            "add",
            e.student_no.as_str(),
            "--kind",
            "online-approved",
            "--date",
            "2025-05-08"
        ]
    )
    .status
    .success());

    let file = dir.path().join("拍摄名单.xlsx");
    let id_b = b.id_number.clone().unwrap();
    write_xlsx(
        &file,
        &[
            [
                "1",
                a.student_no.as_str(),
                "",
                &a.name,
                &a.class_name,
                "2025-04-28",
            ],
            ["2", "", &id_b, &b.name, "", "2025/4/28"],
            ["3", "", "", &c.name, &c.class_name, "2025年4月29日"],
            [
                "4",
                "2099999999",
                "",
                "查无此人",
                "软件2201班",
                "2025-04-29",
            ],
            ["5", "", "", "王小明", "测试2201班", "2025-04-30"],
            [
                "6",
                e.student_no.as_str(),
                "",
                &e.name,
                &e.class_name,
                "2025-04-30",
            ],
            [
                "7",
                a.student_no.as_str(),
                "",
                &a.name,
                &a.class_name,
                "2025-04-28",
            ],
        ],
    );
    let f = file.to_str().unwrap();

    // Preview: everything sorted, nothing written.
    let preview = json(&rollcall(
        &db,
        &[
            "record",
            "import",
            "--kind",
            "photographed",
            f,
            "--dry-run",
            "--json",
        ],
    ));
    assert_eq!(preview["dry_run"], true);
    assert_eq!(preview["header_row"], 3);
    assert_eq!(preview["rows"], 7);
    assert_eq!(count(&preview, "matched"), 3);
    let by: Vec<&str> = preview["matched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["matched_by"].as_str().unwrap())
        .collect();
    assert_eq!(by, ["student_no", "id_number", "name_class"]);
    assert_eq!(preview["matched"][1]["student_no"], b.student_no.as_str());
    assert_eq!(preview["matched"][2]["date"], "2025-04-29");
    assert_eq!(count(&preview, "unmatched"), 1);
    assert_eq!(preview["unmatched"][0]["row"], 7);
    assert!(preview["unmatched"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("2099999999"));
    assert_eq!(count(&preview, "ambiguous"), 1);
    assert_eq!(preview["ambiguous"][0]["row"], 8);
    assert_eq!(
        preview["ambiguous"][0]["candidates"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(count(&preview, "conflicts"), 1);
    assert_eq!(preview["conflicts"][0]["student_no"], e.student_no.as_str());
    assert_eq!(
        count(&preview, "duplicates"),
        1,
        "the last row repeats the first"
    );
    assert_eq!(events(&db).len(), 1, "a dry run writes nothing");

    // The real import writes exactly the previewed matches.
    let done = json(&rollcall(
        &db,
        &["record", "import", "--kind", "photographed", f, "--json"],
    ));
    assert_eq!(done["dry_run"], false);
    assert_eq!(done["recorded"], 3);
    assert_eq!(done["matched"], preview["matched"]);
    let stored = events(&db);
    assert_eq!(stored.len(), 4);
    let imported = stored
        .iter()
        .find(|e| e["student_no"] == b.student_no.as_str())
        .unwrap();
    assert_eq!(imported["source"], "agency_import");
    assert_eq!(imported["kind"], "photographed");
    assert!(imported["origin"].as_str().unwrap().contains("第5行"));

    // Importing the same list again changes nothing.
    let again = json(&rollcall(
        &db,
        &["record", "import", "--kind", "photographed", f, "--json"],
    ));
    assert_eq!(again["recorded"], 0);
    assert_eq!(count(&again, "matched"), 0);
    assert_eq!(count(&again, "duplicates"), 4);
    assert_eq!(events(&db).len(), 4);

    // The three are done as of the last on-site day.
    let p = json(&rollcall(
        &db,
        &["progress", "--today", "2025-04-30", "--json"],
    ));
    for s in [a, b, c] {
        assert_eq!(student(&p, s.student_no.as_str())["state"], "done");
    }
}

#[test]
fn csv_payment_list_without_dates_uses_the_given_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let roster = setup(&db);
    let el = eligible(&roster);
    let csv = dir.path().join("缴费名单.csv");
    let text = format!(
        "\u{feff}学号,姓名,金额\n{},{},13.5\n{},{},13.5\n",
        el[0].student_no, el[0].name, el[1].student_no, el[1].name
    );
    std::fs::write(&csv, text).unwrap();
    let r = json(&rollcall(
        &db,
        &[
            "record",
            "import",
            "--kind",
            "paid",
            csv.to_str().unwrap(),
            "--date",
            "2025-04-21",
            "--by",
            "董老师",
            "--json",
        ],
    ));
    assert_eq!(r["recorded"], 2);
    assert_eq!(r["matched"][0]["row"], 2);
    let stored = events(&db);
    assert!(stored
        .iter()
        .all(|e| e["date"] == "2025-04-21" && e["recorded_by"] == "董老师"));
    // Paid students are no longer at risk the day before the payment deadline.
    let p = json(&rollcall(
        &db,
        &[
            "progress",
            "--today",
            "2025-04-26",
            "--state",
            "at-risk",
            "--json",
        ],
    ));
    let at_risk: Vec<&str> = p["students"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["student_no"].as_str().unwrap())
        .collect();
    assert!(!at_risk.contains(&el[0].student_no.as_str()));
    assert_eq!(p["counts"]["overall"]["pending"], 2);
    assert_eq!(p["counts"]["overall"]["at_risk"], el.len() - 2);

    // A list the agency cannot send, and a file that is not a list.
    let err = user_error(&rollcall(
        &db,
        &[
            "record",
            "import",
            "--kind",
            "checked-in",
            csv.to_str().unwrap(),
        ],
    ));
    assert!(err.contains("名单只能导入"), "{err}");
    let junk = dir.path().join("junk.csv");
    std::fs::write(&junk, "a,b\n1,2\n").unwrap();
    let err = user_error(&rollcall(
        &db,
        &["record", "import", "--kind", "paid", junk.to_str().unwrap()],
    ));
    assert!(err.contains("找不到表头"), "{err}");
}

#[test]
fn voiding_an_event_recomputes_the_status_and_keeps_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let roster = setup(&db);
    let el = eligible(&roster);
    let (a, b) = (el[0].student_no.as_str(), el[1].student_no.as_str());

    let r = json(&rollcall(
        &db,
        &[
            "record",
            "add",
            a,
            b,
            "--kind",
            "paid",
            "--date",
            "2025-04-20",
            "--by",
            "董老师",
            "--note",
            "现金",
            "--json",
        ],
    ));
    assert_eq!(r["recorded"].as_array().unwrap().len(), 2);
    // Typing the same payment again records nothing.
    let r2 = json(&rollcall(
        &db,
        &[
            "record",
            "add",
            a,
            "--kind",
            "paid",
            "--date",
            "2025-04-21",
            "--json",
        ],
    ));
    assert_eq!(r2["recorded"].as_array().unwrap().len(), 0);
    assert_eq!(r2["duplicates"].as_array().unwrap().len(), 1);

    let today = ["progress", "--today", "2025-04-26", "--json"];
    assert_eq!(
        student(&json(&rollcall(&db, &today)), a)["state"],
        "pending"
    );
    let id = r["recorded"][0]["id"].as_i64().unwrap().to_string();
    let v = json(&rollcall(
        &db,
        &["record", "void", &id, "--reason", "录错学号", "--json"],
    ));
    assert_eq!(v["voided"]["void_reason"], "录错学号");
    let p = json(&rollcall(&db, &today));
    assert_eq!(student(&p, a)["state"], "at_risk");
    assert_eq!(student(&p, a)["code"], "unpaid");
    assert_eq!(student(&p, a)["next_deadline"]["date"], "2025-04-27");
    assert_eq!(student(&p, b)["state"], "pending");

    // The voided event is still listed, marked.
    let list = json(&rollcall(&db, &["record", "list", a, "--json"]));
    let evs = list["events"].as_array().unwrap();
    assert_eq!(evs.len(), 1);
    assert!(evs[0]["voided_at"].is_string());
    // Voiding twice, an unknown event, an unknown student: user errors in Chinese.
    assert!(user_error(&rollcall(&db, &["record", "void", &id])).contains("已于"));
    assert!(user_error(&rollcall(&db, &["record", "void", "999"])).contains("999"));
    let err = user_error(&rollcall(
        &db,
        &["record", "add", a, "1234", "--kind", "paid"],
    ));
    assert!(
        err.contains("1234") && err.contains("未记录任何事件"),
        "{err}"
    );
    assert_eq!(
        json(&rollcall(&db, &["record", "list", "--json"]))["events"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn status_counts_overall_and_per_campus_college_and_class() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let roster = setup(&db);
    let el = eligible(&roster);
    let a = el[0];
    assert!(rollcall(
        &db,
        &[
            "record",
            "add",
            a.student_no.as_str(),
            "--kind",
            "photographed",
            "--date",
            "2025-04-28"
        ]
    )
    .status
    .success());
    let s = json(&rollcall(
        &db,
        &["status", "--today", "2025-05-13", "--json"],
    ));
    // The existing fields are still there.
    assert_eq!(s["today"], "2025-05-13");
    assert!(s["milestones"].is_array() && s["campuses"].is_array());
    let overall = &s["counts"]["overall"];
    assert_eq!(overall["eligible"], s["students"]["eligible"]);
    assert_eq!(overall["eligible"], el.len());
    assert_eq!(overall["done"], 1);
    assert_eq!(
        overall["pending"],
        el.len() - 1,
        "after the online window: walk-in, months left"
    );
    for group in ["campuses", "colleges", "classes"] {
        let list = s["counts"][group].as_array().unwrap();
        let sum: i64 = list.iter().map(|g| g["eligible"].as_i64().unwrap()).sum();
        assert_eq!(sum, overall["eligible"].as_i64().unwrap(), "{group}");
        for g in list {
            let parts: i64 = ["done", "pending", "at_risk", "excluded"]
                .iter()
                .map(|k| g[k].as_i64().unwrap())
                .sum();
            assert_eq!(parts, g["eligible"].as_i64().unwrap());
        }
    }
    let class = s["counts"]["classes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == a.class_name.as_str())
        .unwrap();
    assert_eq!(class["done"], 1);
    // After the final deadline, everyone without a photo is excluded.
    let late = json(&rollcall(
        &db,
        &["status", "--today", "2025-10-01", "--json"],
    ));
    assert_eq!(late["counts"]["overall"]["excluded"], el.len() - 1);
    let p = json(&rollcall(
        &db,
        &[
            "progress",
            "--today",
            "2025-10-01",
            "--class",
            &a.class_name,
            "--state",
            "done",
            "--json",
        ],
    ));
    assert_eq!(p["students"].as_array().unwrap().len(), 1);
}
