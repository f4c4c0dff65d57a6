//! The CLI contract of the base issue, run against real database files.

mod common;
use common::{json, rollcall};

use std::process::Command;

use serde_json::Value;

fn milestone<'a>(status: &'a Value, kind: &str) -> &'a Value {
    status["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == kind)
        .unwrap_or_else(|| panic!("milestone {kind} missing"))
}

#[test]
fn demo_then_status_shows_the_reference_campaign() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let out = rollcall(&db, &["demo"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "1");

    let s = json(&rollcall(
        &db,
        &["status", "--json", "--today", "2025-04-20"],
    ));
    assert_eq!(s["today"], "2025-04-20");
    assert_eq!(s["students"]["total"], 2400);
    let eligible = s["students"]["eligible"].as_i64().unwrap();
    assert!(eligible > 2300 && eligible < 2400, "{eligible}");

    // Every milestone with days left counted from 2025-04-20.
    let expect = [
        ("payment", "2025-04-27", 7, "active"),
        ("onsite", "2025-04-30", 10, "upcoming"),
        ("online", "2025-05-12", 22, "upcoming"),
        ("walk_in", "2025-09-30", 163, "upcoming"),
        ("final_deadline", "2025-09-30", 163, "upcoming"),
        ("verification", "2025-11-09", 203, "upcoming"),
    ];
    for (kind, end, left, phase) in expect {
        let m = milestone(&s, kind);
        assert_eq!(m["end"], end, "{kind}");
        assert_eq!(m["days_left"], left, "{kind}");
        assert_eq!(m["phase"], phase, "{kind}");
    }
    assert_eq!(milestone(&s, "onsite")["days_until_start"], 8);
    assert_eq!(s["next_milestone"]["kind"], "payment");

    // The three campuses with their venues and windows.
    let campuses: Vec<&str> = s["campuses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(campuses, ["高明", "禅城", "南海"]);
    let nanhai = &s["campuses"][2];
    let rooms: Vec<&str> = nanhai["venues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(rooms, ["6210", "6211"]);
    assert_eq!(nanhai["venues"][0]["windows"][0]["date"], "2025-04-30");
    assert_eq!(nanhai["venues"][0]["windows"][0]["start"], "08:30");
    let gaoming = &s["campuses"][0]["venues"][0];
    assert_eq!(gaoming["name"], "学生活动中心舞蹈室");
    assert_eq!(gaoming["windows"].as_array().unwrap().len(), 4);
    assert_eq!(gaoming["throughput_per_hour"], 160);

    // The database is a real file that reopens with the same data.
    let again = json(&rollcall(&db, &["campaign", "list", "--json"]));
    assert_eq!(again["campaigns"].as_array().unwrap().len(), 1);
}

#[test]
fn the_corrected_demo_passes_check_and_the_published_one_reports_the_year_slip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(rollcall(&db, &["demo", "--students", "100"])
        .status
        .success());
    let clean = json(&rollcall(&db, &["campaign", "check", "--json"]));
    assert_eq!(clean["errors"].as_array().unwrap().len(), 0, "{clean}");
    assert_eq!(clean["warnings"].as_array().unwrap().len(), 0, "{clean}");

    assert!(
        rollcall(&db, &["demo", "--students", "100", "--as-published"])
            .status
            .success()
    );
    let out = rollcall(&db, &["--campaign", "2", "campaign", "check", "--json"]);
    assert_eq!(out.status.code(), Some(1), "errors make check exit 1");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings = report["warnings"].as_array().unwrap();
    let slips: Vec<&Value> = warnings
        .iter()
        .filter(|w| w["code"] == "year_mismatch")
        .collect();
    assert!(slips
        .iter()
        .any(|w| w["subject"] == "payment"
            && w["message"].as_str().unwrap().contains("2024年4月27日")));
    assert!(slips.iter().any(|w| w["subject"] == "final_deadline"));
    assert!(slips.iter().any(|w| w["subject"] == "notice_date"));
    // The slipped online window now sits before the on-site days: an order error.
    let errors = report["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["code"] == "milestone_order" && e["subject"] == "online"),
        "{report}"
    );

    let human = rollcall(&db, &["--campaign", "2", "campaign", "check"]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("[警告]") && text.contains("应为 2025 年"),
        "{text}"
    );
}

#[test]
fn user_errors_exit_1_with_a_chinese_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    let out = rollcall(&db, &["status"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("还没有采集任务"));

    assert!(rollcall(&db, &["demo", "--students", "50"])
        .status
        .success());
    let out = rollcall(&db, &["--campaign", "9", "status"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("找不到编号为 9"));

    let out = rollcall(&db, &["status", "--today", "2025-13-01"]);
    assert_eq!(out.status.code(), Some(1));

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![b'x'; 4096]).unwrap();
    let out = rollcall(&junk, &["status"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不是 Rollcall 数据库"));
}

#[test]
fn demo_if_empty_does_not_create_a_second_campaign() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(rollcall(&db, &["demo", "--students", "30", "--if-empty"])
        .status
        .success());
    let out = rollcall(&db, &["demo", "--if-empty"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "1");
    let list = json(&rollcall(&db, &["campaign", "list", "--json"]));
    assert_eq!(list["campaigns"].as_array().unwrap().len(), 1);
}

#[test]
fn sample_roster_files_import_back_as_the_same_students() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(rollcall(&db, &["demo", "--students", "300"])
        .status
        .success());
    let xlsx = dir.path().join("名单.xlsx");
    let csv = dir.path().join("更新.csv");
    let out = rollcall(
        &db,
        &[
            "sample-roster",
            "--students",
            "300",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let args = [
        "roster",
        "import",
        xlsx.to_str().unwrap(),
        "--map",
        "负责老师=counselor",
        "--json",
    ];
    let r = json(&rollcall(&db, &args));
    assert_eq!(r["header_row"], 2, "the title row is skipped");
    assert_eq!(
        (r["read"].as_i64(), r["unchanged"].as_i64()),
        (Some(300), Some(300))
    );

    let gbk = [
        "sample-roster",
        "--students",
        "300",
        "--skip",
        "5",
        "--gbk",
        "--out",
        csv.to_str().unwrap(),
    ];
    assert!(rollcall(&db, &gbk).status.success());
    let bytes = std::fs::read(&csv).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the update is GBK, not UTF-8"
    );
    let r = json(&rollcall(
        &db,
        &["roster", "import", csv.to_str().unwrap(), "--json"],
    ));
    assert_eq!(
        (r["withdrawn"].as_i64(), r["unchanged"].as_i64()),
        (Some(5), Some(295))
    );
    let counselor = r["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["header"] == "负责老师")
        .unwrap()
        .clone();
    assert_eq!(
        counselor["source"], "remembered",
        "the mapping chosen for the .xlsx is reused"
    );
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly_and_the_phone_stays_masked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(rollcall(&db, &["demo"]).status.success());
    // 2,400 students of JSON are far more than a pipe holds: the CLI is still writing
    // when the reader (as `| head` would) closes its end.
    let mut child = Command::new(env!("CARGO_BIN_EXE_rollcall"))
        .arg("--db")
        .arg(&db)
        .args(["roster", "list", "--json"])
        .env_remove("ROLLCALL_DB")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "no panic, no error exit");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let list = json(&rollcall(&db, &["roster", "list", "--json"]));
    let first = &list["students"][0];
    let phone = first["phone"].as_str().unwrap();
    assert!(phone.contains('*'), "phone masked by default: {phone}");
    let revealed = json(&rollcall(&db, &["roster", "list", "--json", "--reveal"]));
    assert!(!revealed["students"][0]["phone"]
        .as_str()
        .unwrap()
        .contains('*'));
}
