//! Fee settlement: counts and amounts per route, college and class from events built by
//! hand, the agency's typed figures and the students behind a difference; the .xlsx read
//! back with calamine and the A4 结算单 read back with pdftotext.

mod common;
use common::{json, ok, rollcall};

use std::path::Path;
use std::process::Command;

use calamine::{open_workbook_auto, Data, Reader};
use rollcall::demo::{self, DemoOptions};
use rollcall::roster::Student;
use serde_json::Value;

fn eligible() -> Vec<Student> {
    let opts = DemoOptions {
        students: 300,
        seed: 11,
        as_published: false,
    };
    demo::generate_roster(opts)
        .into_iter()
        .filter(|s| rollcall::roster::ineligibility(s, 2025).is_none())
        .collect()
}

fn add(db: &Path, s: &Student, kind: &str, date: &str) {
    ok(&rollcall(
        db,
        &[
            "record",
            "add",
            s.student_no.as_str(),
            "--kind",
            kind,
            "--date",
            date,
        ],
    ));
}

fn route<'a>(s: &'a Value, r: &str) -> &'a Value {
    s["routes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["route"] == r)
        .unwrap()
}

#[test]
fn settlement_counts_amounts_differences_and_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    ok(&rollcall(
        &db,
        &["demo", "--reference", "--students", "300", "--seed", "11"],
    ));
    let el = eligible();
    let [a, b, c, d, e, f, g] = [&el[0], &el[1], &el[2], &el[3], &el[4], &el[5], &el[6]];
    // A, B: paid and photographed on site. C: paid, then online. D: photographed, never
    // paid. E: paid, photographed, refunded after. F: walk-in. G: paid then refunded.
    for s in [a, b, c, e, g] {
        add(&db, s, "paid", "2025-04-20");
    }
    for s in [a, b, d, e] {
        add(&db, s, "photographed", "2025-04-28");
    }
    add(&db, c, "online-approved", "2025-05-08");
    add(&db, e, "refund", "2025-05-02");
    add(&db, f, "walk-in-done", "2025-06-01");
    add(&db, g, "refund", "2025-04-25");
    // A voided payment counts for nothing.
    let h = &el[7];
    add(&db, h, "paid", "2025-04-20");
    let events = json(&rollcall(
        &db,
        &["record", "list", h.student_no.as_str(), "--json"],
    ));
    let hid = events["events"][0]["id"].as_i64().unwrap().to_string();
    ok(&rollcall(
        &db,
        &["record", "void", &hid, "--reason", "录错"],
    ));

    ok(&rollcall(
        &db,
        &["settle", "agency", "--route", "onsite", "--count", "3"],
    ));
    ok(&rollcall(
        &db,
        &["settle", "agency", "--route", "walk-in", "--count", "1"],
    ));
    let xlsx = dir.path().join("结算.xlsx");
    let pdf = dir.path().join("结算单.pdf");
    let s = json(&rollcall(
        &db,
        &[
            "settle",
            "--today",
            "2025-06-30",
            "--xlsx",
            xlsx.to_str().unwrap(),
            "--pdf",
            pdf.to_str().unwrap(),
            "--json",
        ],
    ));
    let counts = |r: &str| route(&s, r)["count"].as_i64().unwrap();
    assert_eq!(
        [
            counts("onsite"),
            counts("online"),
            counts("walk_in"),
            counts("refund")
        ],
        [2, 1, 1, 2]
    );
    // Fen: 2 × 13.5 + 15 + 60 = 102 元; refunds 2 × 13.5 not in the total.
    assert_eq!(route(&s, "onsite")["amount"], 2700);
    assert_eq!(route(&s, "refund")["amount"], 2700);
    assert_eq!(s["total"]["amount"], 10200);
    assert_eq!(route(&s, "onsite")["agency_count"], 3);
    assert_eq!(route(&s, "onsite")["difference"], 1);
    assert_eq!(route(&s, "walk_in")["difference"], 0);
    assert!(route(&s, "online")["agency_count"].is_null());
    // The students behind differences, one issue each.
    let issues: Vec<(String, String)> = s["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["issue"].as_str().unwrap().to_string(),
                i["student_no"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = |k: &str, st: &Student| (k.to_string(), st.student_no.to_string());
    assert_eq!(
        issues,
        [
            want("paid_not_photographed", c),
            want("photographed_not_paid", d),
            want("refunded_after_shooting", e),
        ]
    );
    // Per college: the sums of the students' routes, counted by hand.
    let mut by_college: std::collections::BTreeMap<&str, [i64; 4]> = Default::default();
    for (st, r) in [(a, 0), (b, 0), (c, 1), (f, 2), (e, 3), (g, 3)] {
        by_college.entry(st.college.as_str()).or_default()[r] += 1;
    }
    for (college, [on, online, walk, refund]) in &by_college {
        let line = s["colleges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["name"] == *college)
            .unwrap();
        assert_eq!(line["onsite"], *on, "{college}");
        assert_eq!(line["online"], *online, "{college}");
        assert_eq!(line["walk_in"], *walk, "{college}");
        assert_eq!(line["refund"], *refund, "{college}");
        assert_eq!(line["amount"], on * 1350 + online * 1500 + walk * 6000);
    }
    let class_total: i64 = s["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["amount"].as_i64().unwrap())
        .sum();
    assert_eq!(class_total, 10200);

    // As of 04-30 E's refund has not happened: E is billed on site.
    let early = json(&rollcall(
        &db,
        &["settle", "--today", "2025-04-30", "--json"],
    ));
    assert_eq!(route(&early, "onsite")["count"], 3);
    assert_eq!(route(&early, "refund")["count"], 1);

    // The workbook read back.
    let mut book = open_workbook_auto(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), ["汇总", "按学院", "按班级", "差异明细"]);
    let sum = book.worksheet_range("汇总").unwrap();
    let cell = |r: u32, c: u32| sum.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(4, 0), Data::String("线下集采".into()));
    assert_eq!(cell(4, 2), Data::Float(2.0));
    assert_eq!(cell(4, 3), Data::Float(27.0));
    assert_eq!(cell(4, 4), Data::Float(3.0));
    assert_eq!(cell(8, 3), Data::Float(102.0));
    let diff = book.worksheet_range("差异明细").unwrap();
    assert_eq!(diff.height(), 4);
    assert_eq!(
        diff.get_value((2, 1)),
        Some(&Data::String(d.student_no.to_string()))
    );

    // The PDF read back: title, totals, the differences and both signature lines.
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "费用结算单",
        "102.00",
        "27.00",
        "差异明细（3 人）",
        d.name.as_str(),
        "学校（",
        "图片社（",
        "经办人签字",
    ] {
        assert!(text.contains(want), "{want} missing:\n{text}");
    }
    assert_eq!(text.matches("经办人签字").count(), 2, "{text}");
    for st in [a, b, c, d, e] {
        if let Some(id) = &st.id_number {
            assert!(!text.contains(id.as_str()), "ID number printed");
        }
    }
}
