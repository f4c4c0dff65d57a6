//! Many campaigns in one database: `campaign new` (from scratch or carried over from the
//! demo), `campaign list`, and `--campaign ID` choosing which one a command works on.

mod common;
use common::{json, rollcall, user_error};

/// A user error that printed nothing on stdout.
fn refused(out: &std::process::Output) -> String {
    assert!(out.stdout.is_empty());
    user_error(out)
}

use serde_json::Value;

fn venues(status: &Value) -> Vec<(String, String)> {
    status["campuses"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| {
            c["venues"].as_array().unwrap().iter().map(move |v| {
                (
                    c["name"].as_str().unwrap().to_string(),
                    v["name"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect()
}

#[test]
fn a_second_campaign_from_the_demo_and_choosing_between_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(rollcall(&db, &["demo", "--reference", "--students", "120"])
        .status
        .success());

    let made = json(&rollcall(
        &db,
        &[
            "campaign",
            "new",
            "--name",
            "2026届毕业生电子照片采集",
            "--grad-year",
            "2026",
            "--from",
            "1",
            "--notice-date",
            "2026-04-01",
            "--json",
        ],
    ));
    assert_eq!(made["id"], 2);
    assert_eq!(made["copied_from"], 1);
    assert_eq!(
        (made["campuses"].as_i64(), made["venues"].as_i64()),
        (Some(3), Some(4))
    );

    // Both are listed, newest cohort first.
    let list = json(&rollcall(&db, &["campaign", "list", "--json"]));
    let listed: Vec<(i64, i64)> = list["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_i64().unwrap(), c["grad_year"].as_i64().unwrap()))
        .collect();
    assert_eq!(listed, [(2, 2026), (1, 2025)]);

    // The default is now the new, empty campaign: the places carried over, no dates.
    let new = json(&rollcall(
        &db,
        &["status", "--json", "--today", "2026-04-02"],
    ));
    assert_eq!(new["campaign"]["id"], 2);
    assert_eq!(new["students"]["total"], 0);
    assert_eq!(new["milestones"].as_array().unwrap().len(), 0);
    let shown = json(&rollcall(&db, &["campaign", "show", "--json"]));
    assert_eq!(shown["windows"].as_array().unwrap().len(), 0);
    assert_eq!(shown["campaign"]["notice_date"], "2026-04-01");
    assert_eq!(shown["campaign"]["fee_onsite"], 1350);
    assert_eq!(shown["campaign"]["batch_code"], "");

    // `--campaign 1` still reaches the demo, with its roster and places.
    let demo = json(&rollcall(
        &db,
        &[
            "--campaign",
            "1",
            "status",
            "--json",
            "--today",
            "2025-04-20",
        ],
    ));
    assert_eq!(demo["campaign"]["id"], 1);
    assert_eq!(demo["students"]["total"], 120);
    assert_eq!(demo["milestones"].as_array().unwrap().len(), 6);
    assert_eq!(venues(&demo), venues(&new));

    // The database reopened by a new process still has both, and the plain output is the id.
    let out = rollcall(
        &db,
        &[
            "campaign",
            "new",
            "--name",
            "2027届",
            "--grad-year",
            "2027",
            "--office",
            "教务部",
        ],
    );
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "3");
    let empty = json(&rollcall(
        &db,
        &["--campaign", "3", "campaign", "show", "--json"],
    ));
    assert_eq!(empty["campuses"].as_array().unwrap().len(), 0);
    assert_eq!(empty["campaign"]["office_name"], "教务部");
}

#[test]
fn refused_campaigns_say_why_in_chinese_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(rollcall(&db, &["demo", "--reference", "--students", "30"])
        .status
        .success());
    let new = |args: &[&str]| rollcall(&db, &[&["campaign", "new"], args].concat());

    let dup = refused(&new(&[
        "--name",
        "2025届毕业生电子照片采集",
        "--grad-year",
        "2025",
        "--from",
        "1",
    ]));
    assert!(dup.contains("已存在"), "{dup}");
    let year = refused(&new(&["--name", "x", "--grad-year", "1999", "--from", "1"]));
    assert!(year.contains("届别 1999 不合理"), "{year}");
    let office = refused(&new(&["--name", "x", "--grad-year", "2026"]));
    assert!(office.contains("请填写发文单位"), "{office}");
    let missing = refused(&new(&["--name", "x", "--grad-year", "2026", "--from", "9"]));
    assert!(missing.contains("找不到编号为 9 的采集任务"), "{missing}");
    let unknown = refused(&rollcall(&db, &["--campaign", "9", "status"]));
    assert!(unknown.contains("campaign list"), "{unknown}");

    let list = json(&rollcall(&db, &["campaign", "list", "--json"]));
    assert_eq!(list["campaigns"].as_array().unwrap().len(), 1);
}
