//! Session planning: the planner on hand-computed cases, the demo campaign, shortfall,
//! locks, splits, edits with undo, the CLI contract and the .xlsx export, and property
//! tests over random campaigns.

mod common;
use common::{json, rollcall};

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use calamine::{open_workbook, Reader, Xlsx};
use chrono::{NaiveDate, NaiveTime};
use proptest::prelude::*;
use rollcall::campaign::{SessionWindow, Venue};
use rollcall::demo::{self, DemoOptions};
use rollcall::plan::{
    self, ClassCampus, ClassDemand, ClassSettingChange, MoveRequest, PlanInput, PlanSettings, Slot,
};
use rollcall::store::{Clock, Store};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, day).unwrap()
}

fn t(text: &str) -> NaiveTime {
    NaiveTime::parse_from_str(text, "%H:%M").unwrap()
}

fn hm(x: NaiveTime) -> String {
    x.format("%H:%M").to_string()
}

fn venue(id: i64, campus: &str, name: &str, stations: u32) -> Venue {
    Venue {
        id,
        campus_id: 1,
        campus: campus.into(),
        name: name.into(),
        stations,
        throughput_per_hour: 160,
    }
}

fn window(id: i64, venue_id: i64, date: NaiveDate, start: &str, end: &str) -> SessionWindow {
    SessionWindow {
        id,
        venue_id,
        date,
        start: t(start),
        end: t(end),
    }
}

fn class(name: &str, college: &str, campus: &str, headcount: u32) -> ClassDemand {
    ClassDemand {
        class_name: name.into(),
        college: college.into(),
        major: String::new(),
        counselor: "王老师".into(),
        headcount,
        campus: ClassCampus::OnSite {
            campus: campus.into(),
        },
        not_before: None,
        not_on: vec![],
    }
}

fn input(venues: Vec<Venue>, windows: Vec<SessionWindow>, classes: Vec<ClassDemand>) -> PlanInput {
    let mut campuses: Vec<String> = Vec::new();
    for v in &venues {
        if !campuses.contains(&v.campus) {
            campuses.push(v.campus.clone());
        }
    }
    PlanInput {
        settings: PlanSettings::default(),
        campuses,
        venues,
        windows,
        classes,
        locked: vec![],
    }
}

/// (class, start, end, arrival) of every slot, in schedule order.
fn times(slots: &[Slot]) -> Vec<(String, String, String, String)> {
    slots
        .iter()
        .map(|s| (s.class_name.clone(), hm(s.start), hm(s.end), hm(s.arrival)))
        .collect()
}

fn row(c: &str, s: &str, e: &str, a: &str) -> (String, String, String, String) {
    (c.into(), s.into(), e.into(), a.into())
}

#[test]
fn hand_computed_small_case_has_exact_times() {
    // One station at 160/h: 40 → 15 min, 30 → 11.25 → 15, 50 → 18.75 → 20. Order is
    // (college, class) by code point: 信息 (U+4FE1) before 机电 (U+673A).
    let inp = input(
        vec![venue(1, "高明", "舞蹈室", 1)],
        vec![window(1, 1, d(4, 28), "08:30", "09:30")],
        vec![
            class("机电2201班", "机电工程学院", "高明", 40),
            class("信息2202班", "信息工程学院", "高明", 50),
            class("信息2201班", "信息工程学院", "高明", 30),
        ],
    );
    let out = plan::plan(&inp);
    assert!(
        out.unplaced.is_empty() && out.shortfall.is_empty(),
        "{out:?}"
    );
    assert_eq!(
        times(&out.slots),
        vec![
            row("信息2201班", "08:30", "08:45", "08:10"),
            row("信息2202班", "08:45", "09:05", "08:25"),
            row("机电2201班", "09:05", "09:20", "08:45"),
        ]
    );
    assert!(plan::validate(&inp, &out.slots).ok);
}

#[test]
fn parallel_venues_fill_side_by_side() {
    let inp = input(
        vec![venue(1, "南海", "6210", 1), venue(2, "南海", "6211", 1)],
        vec![
            window(1, 1, d(4, 30), "08:30", "11:30"),
            window(2, 2, d(4, 30), "08:30", "11:30"),
        ],
        vec![
            class("护理01", "医药", "南海", 40),
            class("护理02", "医药", "南海", 40),
            class("护理03", "医药", "南海", 40),
            class("护理04", "医药", "南海", 40),
        ],
    );
    let out = plan::plan(&inp);
    let got: Vec<(String, String, String)> = out
        .slots
        .iter()
        .map(|s| (s.venue.clone(), s.class_name.clone(), hm(s.start)))
        .collect();
    let want = [
        ("6210", "护理01", "08:30"),
        ("6210", "护理03", "08:45"),
        ("6211", "护理02", "08:30"),
        ("6211", "护理04", "08:45"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn shortfall_says_how_much_and_what_fixes_it() {
    // 30 minutes at one station; 40 + 40 + 40 + 80 need 15 + 15 + 15 + 30 minutes.
    let inp = input(
        vec![venue(1, "禅城", "羽毛球馆", 1)],
        vec![window(1, 1, d(4, 30), "08:30", "09:00")],
        vec![
            class("A", "财经", "禅城", 40),
            class("B", "财经", "禅城", 40),
            class("C", "财经", "禅城", 40),
            class("D", "财经", "禅城", 80),
        ],
    );
    let out = plan::plan(&inp);
    let unplaced: Vec<&str> = out.unplaced.iter().map(|u| u.class_name.as_str()).collect();
    assert_eq!(unplaced, ["C", "D"]);
    assert_eq!(out.shortfall.len(), 1);
    let s = &out.shortfall[0];
    assert_eq!(
        (s.campus.as_str(), s.students, s.minutes),
        ("禅城", 120, 45)
    );
    // With two stations everything takes 10 + 10 + 10 + 15 = 45 > 30: more minutes.
    assert!(s.suggestion.contains("45 分钟"), "{}", s.suggestion);
    // Never silently dropped: every class is a slot or an unplaced entry.
    assert_eq!(out.slots.len() + out.unplaced.len(), 4);

    // 40 + 40 + 40 at one station = 45 minutes; two stations = 30: one more station.
    let inp = input(
        inp.venues.clone(),
        inp.windows.clone(),
        inp.classes[..3].to_vec(),
    );
    let out = plan::plan(&inp);
    let s = &out.shortfall[0];
    assert_eq!((s.students, s.minutes), (40, 15));
    assert!(s.suggestion.contains("增加 1 个机位"), "{}", s.suggestion);
}

#[test]
fn a_class_larger_than_any_window_is_split_and_said_so() {
    // 3 hours at one station take 480; a class of 600 goes in two parts of 300
    // (300 / 160 h = 112.5 → 115 minutes).
    let inp = input(
        vec![venue(1, "高明", "舞蹈室", 1)],
        vec![
            window(1, 1, d(4, 28), "08:30", "11:30"),
            window(2, 1, d(4, 28), "14:00", "17:00"),
        ],
        vec![class("大班", "信息", "高明", 600)],
    );
    let out = plan::plan(&inp);
    assert!(out.unplaced.is_empty());
    let parts: Vec<(u32, u32, u32, u32, String)> = out
        .slots
        .iter()
        .map(|s| (s.part, s.parts, s.headcount, s.student_offset, hm(s.start)))
        .collect();
    assert_eq!(
        parts,
        vec![
            (1, 2, 300, 0, "08:30".to_string()),
            (2, 2, 300, 300, "14:00".to_string())
        ]
    );
    assert!(out
        .notes
        .iter()
        .any(|n| n.contains("大班") && n.contains("2 场")));
    assert!(plan::validate(&inp, &out.slots).ok);
    // A class that fits a window is never split.
    let mut small = inp.clone();
    small.classes[0].headcount = 480;
    assert_eq!(plan::plan(&small).slots.len(), 1);
}

#[test]
fn date_constraints_are_kept() {
    let mut c = class("实习班", "机电", "高明", 40);
    c.not_before = Some(d(4, 29));
    let mut e = class("外出班", "机电", "高明", 40);
    e.not_on = vec![d(4, 28)];
    let inp = input(
        vec![venue(1, "高明", "舞蹈室", 2)],
        vec![
            window(1, 1, d(4, 28), "08:30", "11:30"),
            window(2, 1, d(4, 29), "08:30", "11:30"),
        ],
        vec![c, e],
    );
    let out = plan::plan(&inp);
    assert!(
        out.slots.iter().all(|s| s.date == d(4, 29)),
        "{:?}",
        out.slots
    );
    assert!(plan::validate(&inp, &out.slots).ok);
}

#[test]
fn checks_catch_hand_edits() {
    let inp = input(
        vec![venue(1, "高明", "舞蹈室", 1)],
        vec![window(1, 1, d(4, 28), "08:30", "09:30")],
        vec![
            class("A", "x", "高明", 40),
            class("B", "x", "高明", 40),
            class("C", "x", "高明", 40),
        ],
    );
    let mut slots = plan::plan(&inp).slots;
    assert!(plan::validate(&inp, &slots).ok);
    for (i, s) in slots.iter_mut().enumerate() {
        s.id = i as i64 + 1;
    }
    slots[1].start = t("08:40"); // overlaps A (08:30–08:45)
    slots[2].end = t("09:45"); // leaves the window
    let mut twice = slots[0].clone();
    twice.id = 9;
    twice.date = d(4, 29);
    slots.push(twice);
    let codes: Vec<String> = plan::validate(&inp, &slots)
        .problems
        .into_iter()
        .map(|p| p.code)
        .collect();
    for code in ["overlap", "outside_window", "placed_twice"] {
        assert!(
            codes.iter().any(|c| c == code),
            "{code} missing in {codes:?}"
        );
    }
    slots.retain(|s| s.class_name != "C");
    let codes: Vec<String> = plan::validate(&inp, &slots)
        .problems
        .into_iter()
        .map(|p| p.code)
        .collect();
    assert!(codes.iter().any(|c| c == "not_placed"), "{codes:?}");
}

/// The `n`th minute of a test day: the time a step is stamped with.
fn tick(n: u32) -> Clock {
    Clock::at(
        NaiveDate::from_ymd_opt(2025, 4, 1)
            .unwrap()
            .and_hms_opt(10, n, 0)
            .unwrap(),
    )
}

fn demo_store(dir: &Path) -> (Store, rollcall::campaign::CampaignId) {
    let mut store = Store::open(&dir.join("demo.sqlite3")).unwrap();
    let id = demo::create(
        store.conn_mut(),
        DemoOptions::default(),
        &Clock::parse("2025-04-01 09:00:00"),
    )
    .unwrap();
    (store, id)
}

#[test]
fn the_demo_campaign_plans_cleanly_and_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, id) = demo_store(dir.path());
    let out = plan::plan_and_save(store.conn_mut(), id, &tick(0)).unwrap();
    assert!(out.unplaced.is_empty(), "{:?}", out.unplaced);
    assert!(out.shortfall.is_empty(), "{:?}", out.shortfall);
    // The off-campus-site classes have no campus set: online, said so.
    assert!(!out.online.is_empty());
    assert!(out
        .online
        .iter()
        .all(|c| c.class_name.starts_with("模具设计与制造")));
    for s in &out.slots {
        assert_eq!((s.start - s.arrival).num_minutes(), 20, "{s:?}");
        assert!(s.id > 0);
    }
    let dates = |campus: &str| {
        let mut v: Vec<NaiveDate> = out
            .slots
            .iter()
            .filter(|s| s.campus == campus)
            .map(|s| s.date)
            .collect();
        v.dedup();
        v
    };
    assert_eq!(dates("禅城"), vec![d(4, 30)]);
    assert_eq!(dates("南海"), vec![d(4, 30)]);
    let nanhai: Vec<&str> = out
        .slots
        .iter()
        .filter(|s| s.campus == "南海")
        .map(|s| s.venue.as_str())
        .collect();
    assert!(nanhai.contains(&"6210") && nanhai.contains(&"6211"));
    assert!(out
        .slots
        .iter()
        .filter(|s| s.campus == "南海")
        .all(|s| s.end <= t("11:30")));
    drop(store);

    let store = Store::open(&dir.path().join("demo.sqlite3")).unwrap();
    let schedule = plan::load_schedule(store.conn(), id).unwrap();
    assert_eq!(schedule.slots, out.slots);
    let report = plan::report(store.conn(), id).unwrap();
    assert!(report.check.ok, "{:?}", report.check.problems);
    let eligible: u32 = report.capacity.iter().map(|c| c.demand_students).sum();
    let placed: u32 = report.capacity.iter().map(|c| c.placed_students).sum();
    let online: u32 = report.online.iter().map(|c| c.headcount).sum();
    let counts = rollcall::roster::counts(store.conn(), id).unwrap();
    assert_eq!(placed, eligible);
    assert_eq!(i64::from(placed + online), counts.eligible);
}

#[test]
fn locked_slots_stay_and_undo_restores_each_step() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, id) = demo_store(dir.path());
    let first = plan::plan_and_save(store.conn_mut(), id, &tick(1)).unwrap();
    let target = first
        .slots
        .iter()
        .find(|s| s.campus == "南海")
        .unwrap()
        .clone();
    // Move it to the end of the other room's morning: refused where it overlaps, then
    // to a free time, which locks it.
    let other = if target.venue == "6210" {
        "6211"
    } else {
        "6210"
    };
    let req = |start: &str| MoveRequest {
        class_name: target.class_name.clone(),
        part: None,
        venue: other.into(),
        date: d(4, 30),
        start: t(start),
    };
    let err = plan::move_slot(store.conn_mut(), id, &req("08:30"), &tick(2)).unwrap_err();
    assert!(err.to_string().contains("重叠"), "{err}");
    let err = plan::move_slot(store.conn_mut(), id, &req("11:25"), &tick(2)).unwrap_err();
    assert!(err.to_string().contains("时段"), "{err}");
    let moved = plan::move_slot(store.conn_mut(), id, &req("11:00"), &tick(2)).unwrap();
    assert!(moved.locked && moved.id == target.id);
    assert_eq!(hm(moved.arrival), "10:40");

    // Re-planning keeps the locked slot exactly where it is, the rest around it.
    let second = plan::plan_and_save(store.conn_mut(), id, &tick(3)).unwrap();
    let kept = second
        .slots
        .iter()
        .find(|s| s.class_name == target.class_name)
        .unwrap();
    assert_eq!(kept, &moved);
    assert_eq!(
        second
            .slots
            .iter()
            .filter(|s| s.class_name == target.class_name)
            .count(),
        1
    );
    assert!(plan::report(store.conn(), id).unwrap().check.ok);

    // Unlock, then undo three times: unlock, plan, move.
    plan::set_locked(store.conn_mut(), id, &target.class_name, false, &tick(4)).unwrap();
    assert_eq!(plan::undo(store.conn_mut(), id).unwrap(), "unlock");
    assert!(plan::load_schedule(store.conn(), id)
        .unwrap()
        .slots
        .iter()
        .any(|s| s.class_name == target.class_name && s.locked));
    assert_eq!(plan::undo(store.conn_mut(), id).unwrap(), "plan");
    assert_eq!(plan::undo(store.conn_mut(), id).unwrap(), "move");
    let back = plan::load_schedule(store.conn(), id).unwrap();
    assert_eq!(back.slots, first.slots);
    assert_eq!(plan::undo(store.conn_mut(), id).unwrap(), "plan");
    assert!(plan::load_schedule(store.conn(), id)
        .unwrap()
        .slots
        .is_empty());
    assert!(matches!(
        plan::undo(store.conn_mut(), id),
        Err(plan::PlanError::NothingToUndo)
    ));
}

#[test]
fn an_off_campus_class_goes_where_the_user_says() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, id) = demo_store(dir.path());
    let name = plan::preview(store.conn(), id).unwrap().online[0]
        .class_name
        .clone();
    let change = ClassSettingChange {
        campus: Some(Some("高明".into())),
        not_before: Some(Some(d(4, 29))),
        ..ClassSettingChange::default()
    };
    plan::change_class_setting(store.conn(), id, &name, &change).unwrap();
    let out = plan::plan_and_save(store.conn_mut(), id, &tick(0)).unwrap();
    let s = out.slots.iter().find(|s| s.class_name == name).unwrap();
    assert_eq!((s.campus.as_str(), s.date), ("高明", d(4, 29)));
    assert!(!out.online.iter().any(|c| c.class_name == name));
    let bad = ClassSettingChange {
        campus: Some(Some("东校区".into())),
        ..ClassSettingChange::default()
    };
    let err = plan::change_class_setting(store.conn(), id, &name, &bad).unwrap_err();
    assert!(err.to_string().contains("高明"), "{err}");
}

#[test]
fn cli_plans_edits_and_exports_a_sheet_excel_opens() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(rollcall(&db, &["demo", "--reference"]).status.success());
    let p = json(&rollcall(&db, &["plan", "--json"]));
    let slots = p["slots"].as_array().unwrap();
    assert!(slots.len() > 40);
    for key in [
        "campus",
        "venue",
        "date",
        "start",
        "end",
        "arrival",
        "college",
        "class_name",
        "headcount",
    ] {
        assert!(!slots[0][key].is_null(), "{key}");
    }
    assert_eq!(p["unplaced"], serde_json::json!([]));
    assert_eq!(p["shortfall"], serde_json::json!([]));

    let class = slots[0]["class_name"].as_str().unwrap().to_string();
    let out = rollcall(&db, &["schedule", "lock", &class]);
    assert!(out.status.success());
    let shown = json(&rollcall(&db, &["schedule", "--json"]));
    assert_eq!(shown["check"]["ok"], true);
    let locked = shown["schedule"]["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["class_name"] == class.as_str())
        .unwrap()
        .clone();
    assert_eq!(locked["locked"], true);
    // Moves to an unknown venue or into an occupied time are user errors in Chinese.
    let mv = |venue: &str, start: &str| {
        rollcall(
            &db,
            &[
                "schedule",
                "move",
                &class,
                "--venue",
                venue,
                "--date",
                "2025-04-28",
                "--start",
                start,
            ],
        )
    };
    let out = mv("舞蹈室", "08:30");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("找不到场地"));
    let out = mv("高明/学生活动中心舞蹈室", "08:35");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("重叠"));
    let out = rollcall(&db, &["schedule", "undo"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("锁定"));
    assert!(rollcall(&db, &["schedule", "check"]).status.success());

    let xlsx = dir.path().join("拍摄安排.xlsx");
    let out = rollcall(
        &db,
        &["export", "schedule", "--out", xlsx.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), vec!["拍摄安排".to_string()]);
    let range = book.worksheet_range("拍摄安排").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][..4], ["日期", "校区", "场地", "到场时间"]);
    assert_eq!(rows.len(), slots.len() + 1);
    let total: u32 = rows[1..].iter().map(|r| r[9].parse::<u32>().unwrap()).sum();
    let want: u64 = slots.iter().map(|s| s["headcount"].as_u64().unwrap()).sum();
    assert_eq!(u64::from(total), want);
    // Rows follow the schedule: date, then campus, venue, start.
    let keys: Vec<(String, String)> = rows[1..]
        .iter()
        .map(|r| (r[0].clone(), r[4].clone()))
        .collect();
    let mut by_date = keys.clone();
    by_date.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(keys, by_date);
    // Frozen header and set widths live in the sheet XML.
    let sheet = Command::new("unzip")
        .arg("-p")
        .arg(&xlsx)
        .arg("xl/worksheets/sheet1.xml")
        .output()
        .unwrap();
    let xml = String::from_utf8_lossy(&sheet.stdout);
    assert!(
        xml.contains("ySplit=\"1\"") && xml.contains("state=\"frozen\""),
        "{xml:.400}"
    );
    assert!(xml.contains("customWidth=\"1\""));
}

#[test]
fn cli_sets_a_class_campus_and_reports_unknown_classes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(rollcall(&db, &["demo", "--reference"]).status.success());
    let out = rollcall(
        &db,
        &[
            "schedule",
            "class",
            "模具设计与制造2201班",
            "--campus",
            "禅城",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p = json(&rollcall(&db, &["plan", "--json"]));
    let s = p["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["class_name"] == "模具设计与制造2201班")
        .unwrap();
    assert_eq!(s["campus"], "禅城");
    let out = rollcall(&db, &["schedule", "class", "没有这个班", "--online"]);
    assert_eq!(out.status.code(), Some(1));
    let out = rollcall(&db, &["schedule", "lock", "没有这个班"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有班级"));
}

/// A random campaign: campuses with venues, windows on three days, classes with
/// random sizes, campuses and date limits.
fn campaign_strategy() -> impl Strategy<Value = PlanInput> {
    let venue = (0usize..3, 1u32..4, 80u32..240);
    let windows = prop::collection::vec((0u32..3, 0u32..2, 30u32..200), 0..4);
    let classes = prop::collection::vec(
        (
            0usize..4,
            0usize..3,
            1u32..400,
            prop::option::of(0u32..3),
            prop::option::of(0u32..3),
        ),
        1..40,
    );
    (prop::collection::vec((venue, windows), 1..6), classes).prop_map(|(vs, cs)| {
        let campuses = ["高明", "禅城", "南海"];
        let mut venues = Vec::new();
        let mut wins = Vec::new();
        for (i, ((campus, stations, tp), ws)) in vs.into_iter().enumerate() {
            let id = i as i64 + 1;
            venues.push(Venue {
                id,
                campus_id: campus as i64 + 1,
                campus: campuses[campus].into(),
                name: format!("场地{id}"),
                stations,
                throughput_per_hour: tp,
            });
            let mut seen = std::collections::HashSet::new();
            for (day, half, len) in ws {
                // At most one morning and one afternoon per day: windows never overlap.
                if !seen.insert((day, half)) {
                    continue;
                }
                let start = if half == 0 { 8 * 60 } else { 13 * 60 };
                let len = len.min(4 * 60 + 59);
                let s = NaiveTime::from_hms_opt(start / 60, 0, 0).unwrap();
                wins.push(SessionWindow {
                    id: wins.len() as i64 + 1,
                    venue_id: id,
                    date: d(4, 28 + day),
                    start: s,
                    end: s + chrono::Duration::minutes(len as i64),
                });
            }
        }
        // Sorted like the campaign module lists them.
        venues.sort_by(|a, b| (a.campus_id, &a.name).cmp(&(b.campus_id, &b.name)));
        let mut names: Vec<String> = Vec::new();
        for c in campuses {
            if venues.iter().any(|v| v.campus == c) {
                names.push(c.into());
            }
        }
        let classes = cs
            .into_iter()
            .enumerate()
            .map(|(i, (college, campus, size, nb, no))| ClassDemand {
                class_name: format!("班{i:02}"),
                college: format!("学院{college}"),
                major: String::new(),
                counselor: String::new(),
                headcount: size,
                campus: ClassCampus::OnSite {
                    campus: campuses[campus].into(),
                },
                not_before: nb.map(|x| d(4, 28 + x)),
                not_on: no.map(|x| vec![d(4, 28 + x)]).unwrap_or_default(),
            })
            .collect();
        PlanInput {
            settings: PlanSettings::default(),
            campuses: names,
            venues,
            windows: wins,
            classes,
            locked: vec![],
        }
    })
}

/// The checks that must hold whatever the planner could not place.
fn assert_sound(inp: &PlanInput, out: &plan::PlanOutcome) -> Result<(), TestCaseError> {
    let check = plan::validate(inp, &out.slots);
    for p in &check.problems {
        prop_assert!(
            p.code == "not_placed",
            "planner made a bad schedule: {} ({})",
            p.message,
            p.code
        );
    }
    // Never silently dropped: every part of every class is a slot or an unplaced entry.
    let mut parts: HashMap<&str, u32> = HashMap::new();
    for s in &out.slots {
        *parts.entry(&s.class_name).or_default() += s.headcount;
    }
    for u in &out.unplaced {
        *parts.entry(&u.class_name).or_default() += u.headcount;
    }
    for c in &inp.classes {
        prop_assert_eq!(parts.get(c.class_name.as_str()).copied(), Some(c.headcount));
    }
    prop_assert_eq!(check.ok, out.unplaced.is_empty());
    for s in &out.slots {
        prop_assert_eq!((s.start - s.arrival).num_minutes(), 20);
        prop_assert_eq!(s.minutes() % 5, 0);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn checks_hold_for_random_campaigns(inp in campaign_strategy()) {
        let out = plan::plan(&inp);
        assert_sound(&inp, &out)?;
        // Deterministic.
        prop_assert_eq!(times(&plan::plan(&inp).slots), times(&out.slots));
    }

    #[test]
    fn locked_slots_stay_for_random_campaigns(inp in campaign_strategy(), pick in 0usize..1000) {
        let first = plan::plan(&inp);
        prop_assume!(!first.slots.is_empty());
        // Lock every slot of one class, as `schedule lock` does.
        let name = first.slots[pick % first.slots.len()].class_name.clone();
        let mut inp2 = inp.clone();
        inp2.locked = first
            .slots
            .iter()
            .filter(|s| s.class_name == name)
            .map(|s| Slot { locked: true, ..s.clone() })
            .collect();
        let out = plan::plan(&inp2);
        for l in &inp2.locked {
            prop_assert!(out.slots.contains(l));
        }
        assert_sound(&inp2, &out)?;
    }
}
