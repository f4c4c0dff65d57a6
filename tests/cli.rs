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
    let out = rollcall(&db, &["demo", "--reference"]);
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
    assert!(rollcall(&db, &["demo", "--reference", "--students", "100"])
        .status
        .success());
    let clean = json(&rollcall(&db, &["campaign", "check", "--json"]));
    assert_eq!(clean["errors"].as_array().unwrap().len(), 0, "{clean}");
    assert_eq!(clean["warnings"].as_array().unwrap().len(), 0, "{clean}");

    assert!(rollcall(
        &db,
        &["demo", "--reference", "--students", "100", "--as-published"]
    )
    .status
    .success());
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

    assert!(rollcall(&db, &["demo", "--reference", "--students", "50"])
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
    assert!(rollcall(
        &db,
        &["demo", "--reference", "--students", "30", "--if-empty"]
    )
    .status
    .success());
    let out = rollcall(&db, &["demo", "--reference", "--if-empty"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "1");
    let list = json(&rollcall(&db, &["campaign", "list", "--json"]));
    assert_eq!(list["campaigns"].as_array().unwrap().len(), 1);
}

#[test]
fn the_sample_roster_is_the_live_demos_cohort_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    let today = ["--today", "2026-12-02"];
    common::ok(&rollcall(
        &db,
        &[&["demo", "--students", "200"][..], &today].concat(),
    ));
    let xlsx = dir.path().join("名单.xlsx");
    let args = [
        "sample-roster",
        "--students",
        "200",
        "--out",
        xlsx.to_str().unwrap(),
    ];
    common::ok(&rollcall(&db, &[&args[..], &today].concat()));
    let r = json(&rollcall(
        &db,
        &[
            "roster",
            "import",
            xlsx.to_str().unwrap(),
            "--map",
            "负责老师=counselor",
            "--json",
        ],
    ));
    // The 2027 cohort the demo made today, student for student: nothing added or withdrawn.
    assert_eq!(
        (
            r["read"].as_i64(),
            r["unchanged"].as_i64(),
            r["withdrawn"].as_i64()
        ),
        (Some(200), Some(200), Some(0)),
        "{r}"
    );
    // The reference cohort is another year's students: importing it would withdraw them all.
    common::ok(&rollcall(
        &db,
        &[
            "sample-roster",
            "--reference",
            "--students",
            "200",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    ));
    let refused = common::user_error(&rollcall(
        &db,
        &["roster", "import", xlsx.to_str().unwrap()],
    ));
    assert!(refused.contains("标记为已退出"), "{refused}");
}

#[test]
fn sample_roster_files_import_back_as_the_same_students() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(rollcall(&db, &["demo", "--reference", "--students", "300"])
        .status
        .success());
    let xlsx = dir.path().join("名单.xlsx");
    let csv = dir.path().join("更新.csv");
    let out = rollcall(
        &db,
        &[
            "sample-roster",
            "--reference",
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
        "--reference",
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
    assert!(rollcall(&db, &["demo", "--reference"]).status.success());
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

// ---------------------------------------------------------------------------------------
// Editing a campaign, the notice template, the font and the check-in desk from the CLI
// (issue 15: anything the desktop can do, the CLI can do).

/// `rollcall --campaign ID` and a command as typed (words split on spaces).
fn on(db: &std::path::Path, campaign: &str, typed: &str) -> std::process::Output {
    let mut all = vec!["--campaign", campaign];
    all.extend(typed.split_whitespace());
    rollcall(db, &all)
}

fn stderr(out: &std::process::Output) -> String {
    common::user_error(out)
}

#[test]
fn a_campaign_copied_with_from_is_planned_with_cli_edits_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    common::ok(&rollcall(
        &db,
        &["demo", "--reference", "--students", "300"],
    ));
    let roster = dir.path().join("roster.xlsx");
    let roster = roster.to_str().unwrap();
    common::ok(&on(
        &db,
        "1",
        &format!("sample-roster --reference --students 300 --out {roster}"),
    ));
    let made = json(&on(
        &db,
        "1",
        "campaign new --name 补充采集 --grad-year 2026 --from 1 --json",
    ));
    let id = made["id"].to_string();
    let c = id.as_str();

    // Facts: the cohort typed wrong at creation, a new fee and notice date.
    let set = json(&on(
        &db,
        c,
        "campaign set --grad-year 2025 --fee-onsite 14.5 --notice-date 2025-04-01 --json",
    ));
    assert_eq!(set["changed"]["facts"]["grad_year"], 2025);
    assert_eq!(set["changed"]["facts"]["fee_onsite"], 1450);
    let facts = &json(&on(&db, c, "campaign show --json"))["campaign"];
    assert_eq!(facts["fee_onsite"], 1450);
    assert_eq!(facts["office_name"], "教务部", "other facts kept");

    // Places: a new campus with a venue, renamed and resized; the copied venues get the
    // original campaign's windows.
    common::ok(&on(&db, c, "campaign campus add 三水"));
    common::ok(&on(
        &db,
        c,
        "campaign venue add --campus 三水 --name 礼堂 --stations 1",
    ));
    common::ok(&on(&db, c, "campaign campus set 三水 --name 三水校区"));
    common::ok(&on(&db, c, "campaign venue set 三水/礼堂 --stations 2"));
    let original = json(&on(&db, "1", "campaign show --json"));
    let venue_name = |detail: &Value, id: &Value| {
        let v = detail["venues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| &v["id"] == id)
            .unwrap();
        format!(
            "{}/{}",
            v["campus"].as_str().unwrap(),
            v["name"].as_str().unwrap()
        )
    };
    for w in original["windows"].as_array().unwrap() {
        let typed = format!(
            "campaign window add --venue {} --date {} --start {} --end {}",
            venue_name(&original, &w["venue_id"]),
            w["date"].as_str().unwrap(),
            w["start"].as_str().unwrap(),
            w["end"].as_str().unwrap()
        );
        common::ok(&on(&db, c, &typed));
    }
    let added = json(&on(
        &db,
        c,
        "campaign window add --venue 三水校区/礼堂 --date 2025-04-30 --start 8:30 --end 10:00 --json",
    ));
    let sanshui = added["changed"]["window"]["id"].to_string();
    common::ok(&on(
        &db,
        c,
        &format!("campaign window set {sanshui} --end 11:30"),
    ));

    // Milestones as the original's, one changed by its Chinese name, one removed.
    for m in original["milestones"].as_array().unwrap() {
        let mut typed = format!(
            "campaign milestone set {} --end {}",
            m["kind"].as_str().unwrap().replace('_', "-"),
            m["end"].as_str().unwrap()
        );
        if let Some(start) = m["start"].as_str() {
            typed.push_str(&format!(" --start {start}"));
        }
        common::ok(&on(&db, c, &typed));
    }
    common::ok(&on(
        &db,
        c,
        "campaign milestone set 线下集采缴费 --note 小程序缴费",
    ));
    common::ok(&on(&db, c, "campaign milestone rm verification"));

    let shown = json(&on(&db, c, "campaign show --json"));
    let windows = shown["windows"].as_array().unwrap();
    assert_eq!(windows.len(), 9);
    let sanshui_window = windows
        .iter()
        .find(|w| w["id"] == added["changed"]["window"]["id"])
        .unwrap();
    assert_eq!(sanshui_window["end"], "11:30");
    assert_eq!(
        venue_name(&shown, &sanshui_window["venue_id"]),
        "三水校区/礼堂"
    );
    let milestones = shown["milestones"].as_array().unwrap();
    assert_eq!(milestones.len(), 5);
    let payment = milestones.iter().find(|m| m["kind"] == "payment").unwrap();
    assert_eq!(payment["note"], "小程序缴费");
    assert_eq!(
        payment["start"], "2025-04-10",
        "kept when only the note changes"
    );
    common::ok(&on(&db, c, "campaign check"));

    // The roster, then a plan that places every class.
    common::ok(&on(&db, c, &format!("roster import {roster}")));
    let plan = json(&on(&db, c, "plan --json"));
    assert!(!plan["slots"].as_array().unwrap().is_empty(), "{plan}");
    assert!(plan["unplaced"].as_array().unwrap().is_empty(), "{plan}");
    common::ok(&on(&db, c, "schedule check"));

    // Removing: a window, then a venue and campus (with --yes when they hold more).
    common::ok(&on(&db, c, &format!("campaign window rm {sanshui}")));
    common::ok(&on(&db, c, "campaign venue rm 三水校区/礼堂"));
    common::ok(&on(&db, c, "campaign campus rm 三水校区"));
    let err = stderr(&on(&db, c, "campaign campus rm 高明"));
    assert!(err.contains("--yes") && err.contains("1 个场地"), "{err}");
    let gone = json(&on(&db, c, "campaign campus rm 高明 --yes --json"));
    assert_eq!(gone["changed"]["deleted_campus"]["windows"], 4);
    let shown = json(&on(&db, c, "campaign show --json"));
    assert_eq!(shown["campuses"].as_array().unwrap().len(), 2);
    assert_eq!(shown["windows"].as_array().unwrap().len(), 4);
}

#[test]
fn refused_campaign_edits_exit_1_say_what_to_do_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    common::ok(&rollcall(&db, &["demo", "--reference", "--students", "50"]));
    let snapshot = || {
        (
            json(&rollcall(&db, &["campaign", "show", "--json"])),
            json(&rollcall(&db, &["campaign", "list", "--json"])),
        )
    };
    let before = snapshot();
    // Each command as typed (words split on spaces), and what its message must say.
    let refused: &[(&str, &str)] = &[
        (
            "campaign window add --venue 6210 --date 2025-04-30 --start 11:00 --end 09:00",
            "必须晚于开始时间",
        ),
        (
            "campaign window add --venue 6210 --date 2025-04-30 --start 09:00 --end 10:00",
            "重叠",
        ),
        ("campaign window set 1 --end 08:00", "必须晚于开始时间"),
        (
            "campaign venue add --campus 四会 --name 礼堂 --stations 2",
            "没有校区「四会」。已有的校区：高明、禅城、南海；请用其中之一",
        ),
        (
            "campaign venue add --campus 高明 --name 礼堂 --stations 0",
            "机位数 0 不合理",
        ),
        ("campaign venue set 礼堂 --stations 3", "没有场地「礼堂」"),
        (
            "campaign window rm 999",
            "没有编号为 999 的拍摄时段。`rollcall campaign show`",
        ),
        ("campaign campus add 南海", "已存在"),
        ("campaign campus rm 南海", "确认删除请加 --yes"),
        ("campaign venue rm 6210", "确认删除请加 --yes"),
        ("campaign set", "没有给出要修改的项"),
        ("campaign set --fee-onsite -1", "应写成元"),
        (
            "campaign milestone set onsite --start 2025-04-01 --end 2025-04-02",
            "应早于线下集中采集开始",
        ),
        (
            "campaign milestone set onsite --end 2025-04-27 --start 2025-05-01",
            "晚于结束日期",
        ),
    ];
    for (typed, says) in refused {
        let err = stderr(&on(&db, "1", typed));
        assert!(err.contains(says), "{typed}: {err}");
        assert_eq!(snapshot(), before, "{typed} changed the campaign");
    }
    let err = stderr(&rollcall(&db, &["campaign", "set", "--office", " "]));
    assert!(err.contains("请填写发文单位"), "{err}");
    assert_eq!(snapshot(), before);

    // A closed campaign refuses every edit until reopened.
    common::ok(&rollcall(
        &db,
        &["campaign", "close", "--yes", "--today", "2025-10-08"],
    ));
    let before = snapshot();
    for args in [
        &["campaign", "campus", "add", "三水"][..],
        &["campaign", "set", "--contact", "王老师"],
        &["campaign", "milestone", "rm", "verification"],
    ] {
        let err = stderr(&rollcall(&db, args));
        assert!(
            err.contains("关闭") && err.contains("campaign reopen"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(snapshot(), before);
}

#[test]
fn the_notice_template_and_font_are_set_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    common::ok(&rollcall(&db, &["demo", "--reference", "--students", "30"]));
    let shown = common::ok(&rollcall(&db, &["print", "template"]));
    assert!(shown.contains("{缴费截止}"), "{shown}");
    let file = dir.path().join("通知.txt");

    std::fs::write(&file, shown.replace("{缴费截止}", "{缴费截至}")).unwrap();
    let err = stderr(&rollcall(
        &db,
        &["print", "template", "--set", file.to_str().unwrap()],
    ));
    assert!(
        err.contains("未知的占位符 {缴费截至}") && err.contains("缴费截止"),
        "{err}"
    );
    let err = stderr(&rollcall(
        &db,
        &["print", "template", "--check", file.to_str().unwrap()],
    ));
    assert!(err.contains("{缴费截至}"), "{err}");
    let t = json(&rollcall(&db, &["print", "template", "--json"]));
    assert_eq!(t["is_default"], true, "a refused template is not saved");

    let edited = shown.replace("根据教育部", "按照教育部");
    std::fs::write(&file, &edited).unwrap();
    common::ok(&rollcall(
        &db,
        &["print", "template", "--check", file.to_str().unwrap()],
    ));
    common::ok(&rollcall(
        &db,
        &["print", "template", "--set", file.to_str().unwrap()],
    ));
    let t = json(&rollcall(&db, &["print", "template", "--json"]));
    assert_eq!(t["is_default"], false);
    assert_eq!(t["text"], edited.as_str());
    let preview = common::ok(&rollcall(&db, &["print", "template", "--preview"]));
    assert!(
        preview.contains("按照教育部") && preview.contains("2025届"),
        "{preview}"
    );
    assert!(!preview.contains('{'), "placeholders filled in: {preview}");
    common::ok(&rollcall(&db, &["print", "template", "--reset"]));
    let t = json(&rollcall(&db, &["print", "template", "--json"]));
    assert_eq!(t["is_default"], true);

    let missing = dir.path().join("没有.ttf");
    let err = stderr(&rollcall(
        &db,
        &["print", "font", "--set", missing.to_str().unwrap()],
    ));
    assert!(err.contains("没有.ttf"), "{err}");
    let f = json(&rollcall(&db, &["print", "font", "--json"]));
    assert!(f["chosen"].is_null(), "a refused font is not chosen: {f}");
    assert!(f["found"].is_array() && f.get("error").is_some(), "{f}");
}

#[test]
fn the_check_in_desk_shows_counts_missing_students_and_slots() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    common::ok(&rollcall(
        &db,
        &["demo", "--reference", "--students", "200"],
    ));
    common::ok(&rollcall(&db, &["plan"]));
    let slots = json(&rollcall(&db, &["check-in", "slots", "--json"]));
    let first = &slots["slots"][0];
    let slot = first["id"].to_string();
    let headcount = first["headcount"].as_u64().unwrap() as usize;

    let status = json(&rollcall(
        &db,
        &["check-in", "status", "--slot", &slot, "--json"],
    ));
    assert_eq!(status["slot_counts"]["expected"], headcount);
    let missing = status["missing"].as_array().unwrap();
    assert_eq!(missing.len(), headcount);
    let no = missing[0]["student_no"].as_str().unwrap().to_string();
    let name = missing[0]["name"].as_str().unwrap().to_string();

    let found = json(&rollcall(&db, &["check-in", "find", &name, "--json"]));
    assert!(found["students"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["student_no"] == no.as_str()));

    common::ok(&rollcall(
        &db,
        &["check-in", &no, "--slot", &slot, "--at", "08:35"],
    ));
    let status = json(&rollcall(
        &db,
        &["check-in", "status", "--slot", &slot, "--json"],
    ));
    assert_eq!(status["slot_counts"]["present"], 1);
    assert_eq!(status["missing"].as_array().unwrap().len(), headcount - 1);
    assert!(status["missing"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["student_no"] != no.as_str()));
    let text = common::ok(&rollcall(&db, &["check-in", "status", "--slot", &slot]));
    assert!(
        text.contains(&format!("实到 1，未到 {}", headcount - 1)),
        "{text}"
    );

    let err = stderr(&rollcall(&db, &["check-in", "status", "--slot", "999"]));
    assert!(err.contains("999"), "{err}");
    let fields = json(&rollcall(&db, &["roster", "fields", "--json"]));
    assert!(fields["fields"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["id"] == "student_no"));
}
