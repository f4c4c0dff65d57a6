//! After the shoot: 学信网 verification lists (核对通过 / 核对有误 / 比对未通过) imported
//! with the agency lists' matching and status reading, the re-shoot that follows a failed
//! photo, and the counselor lists 核对未通过名单 / 未核对名单 read back from the PDF.

mod common;
use common::{json, ok, rollcall, user_error};

use std::path::Path;
use std::process::Command;

use rollcall::demo::{self, DemoOptions};
use rollcall::roster::Student;
use serde_json::Value;

const OPTS: DemoOptions = DemoOptions {
    students: 300,
    seed: 11,
    as_published: false,
};

fn eligible() -> Vec<Student> {
    demo::generate_roster(OPTS)
        .into_iter()
        .filter(|s| rollcall::roster::ineligibility(s, 2025).is_none())
        .collect()
}

fn student<'a>(progress: &'a Value, no: &str) -> &'a Value {
    progress["students"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["student_no"] == no)
        .unwrap_or_else(|| panic!("{no} missing"))
}

fn progress(db: &Path, today: &str) -> Value {
    json(&rollcall(db, &["progress", "--today", today, "--json"]))
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Every cell of the workbook's first sheet as text (学号 must be a text cell: a number
/// would come back without its leading zeros or as `2.0e9`).
fn xlsx_rows(path: &Path) -> Vec<Vec<String>> {
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let name = book.sheet_names()[0].clone();
    assert_eq!(name, "名单");
    let range = book.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    Data::Float(f) => format!("#{f}"),
                    other => format!("?{other:?}"),
                })
                .collect()
        })
        .collect()
}

#[test]
fn verification_list_fails_photos_the_re_shoot_needs_a_new_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    ok(&rollcall(
        &db,
        &["demo", "--reference", "--students", "300", "--seed", "11"],
    ));
    let el = eligible();
    let (a, b, c, d) = (&el[0], &el[1], &el[2], &el[3]);
    let no = |s: &Student| s.student_no.to_string();
    // All four photographed on site on 04-28.
    let args: Vec<String> = ["record", "add"]
        .iter()
        .map(|s| s.to_string())
        .chain([a, b, c, d].iter().map(|s| no(s)))
        .chain(
            ["--kind", "photographed", "--date", "2025-04-28"]
                .iter()
                .map(|s| s.to_string()),
        )
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&rollcall(&db, &args));

    // The colleges' 勘误汇总表 as a GBK-free UTF-8 CSV with a title row: 正确, 有误 with the
    // reason, 人像比对未通过, 未核对.
    let csv = dir.path().join("学历照核对汇总.csv");
    let text = format!(
        "\u{feff}2025届学历照核对汇总\n学号,姓名,核对结果,错误原因,核对日期\n\
         {},{},正确,,2025-06-09\n{},{},有误,照片不是本人,2025-06-10\n\
         {},{},人像比对未通过,,2025-06-10\n{},{},未核对,,\n",
        no(a),
        a.name,
        no(b),
        b.name,
        no(c),
        c.name,
        no(d),
        d.name
    );
    std::fs::write(&csv, text).unwrap();
    let file = csv.to_str().unwrap();

    // Preview: what each row would record, nothing written.
    let preview = json(&rollcall(
        &db,
        &[
            "record",
            "import",
            "--kind",
            "verified",
            file,
            "--dry-run",
            "--json",
        ],
    ));
    assert_eq!(preview["recorded"], 0);
    let kinds: Vec<(&str, &str)> = preview["matched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["kind"].as_str().unwrap(), m["note"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("verified", ""),
            ("verify_failed", "照片不是本人"),
            ("compare_failed", "")
        ]
    );
    assert_eq!(preview["not_done"][0]["student_no"], no(d));
    assert_eq!(preview["status_columns"][0], "核对结果");
    let before = json(&rollcall(&db, &["record", "list", "--json"]));
    assert_eq!(before["events"].as_array().unwrap().len(), 4);

    // The import, then the same file again: nothing new.
    let r = json(&rollcall(
        &db,
        &["record", "import", "--kind", "verified", file, "--json"],
    ));
    assert_eq!(r["recorded"], 3);
    let again = json(&rollcall(
        &db,
        &["record", "import", "--kind", "verified", file, "--json"],
    ));
    assert_eq!(again["recorded"], 0);
    assert_eq!(again["duplicates"].as_array().unwrap().len(), 3);

    // Reopened: the note is stored, the failed students are at risk with the re-shoot.
    let p = progress(&db, "2025-06-15");
    assert_eq!(student(&p, &no(a))["code"], "verified");
    let sb = student(&p, &no(b));
    assert_eq!(sb["state"], "at_risk");
    assert_eq!(sb["code"], "verify_failed");
    assert!(sb["reason"].as_str().unwrap().contains("照片不是本人"));
    assert!(sb["next_step"].as_str().unwrap().contains("散拍"));
    assert_eq!(sb["next_deadline"]["date"], "2025-09-30");
    assert_eq!(student(&p, &no(c))["code"], "verify_failed");
    // Not on the final list while the photo is failed.
    let final_csv = dir.path().join("final.csv");
    ok(&rollcall(
        &db,
        &[
            "export",
            "final",
            "--out",
            final_csv.to_str().unwrap(),
            "--today",
            "2025-06-15",
        ],
    ));
    let listed = std::fs::read_to_string(&final_csv).unwrap();
    assert!(
        listed.contains(&no(a)) && listed.contains(&no(d)),
        "{listed}"
    );
    assert!(
        !listed.contains(&no(b)) && !listed.contains(&no(c)),
        "{listed}"
    );

    // Re-shot by walk-in (no conflict with the failed on-site photo), not yet checked:
    // still off the final list; checking it again brings the student back.
    ok(&rollcall(
        &db,
        &[
            "record",
            "add",
            &no(b),
            "--kind",
            "walk-in-done",
            "--date",
            "2025-06-20",
        ],
    ));
    let p = progress(&db, "2025-06-25");
    assert_eq!(student(&p, &no(b))["state"], "pending");
    assert_eq!(student(&p, &no(b))["code"], "reshot");
    // Importing the old list again does not fail the new photo.
    let again = json(&rollcall(
        &db,
        &["record", "import", "--kind", "verified", file, "--json"],
    ));
    assert_eq!(again["recorded"], 0);
    assert_eq!(
        student(&progress(&db, "2025-06-25"), &no(b))["code"],
        "reshot"
    );

    // 核对未通过名单 per class: B (re-shot, not checked) and C (to re-shoot); not A or D.
    let pdf = dir.path().join("核对未通过.pdf");
    ok(&rollcall(
        &db,
        &[
            "print",
            "lists",
            "--kind",
            "verify-failed",
            "--today",
            "2025-06-25",
            "--out",
            pdf.to_str().unwrap(),
        ],
    ));
    let text = pdf_text(&pdf);
    assert!(text.contains("核对未通过名单"), "{text}");
    for s in [b, c] {
        assert!(text.contains(&no(s)), "{} missing:\n{text}", s.name);
    }
    for s in [a, d] {
        assert!(!text.contains(&no(s)), "{} listed:\n{text}", s.name);
    }
    assert!(
        text.contains("已重拍") && text.contains("须重新拍摄"),
        "{text}"
    );

    // The same list as an Excel workbook for the counselors: same students, same notes.
    let book = dir.path().join("核对未通过.xlsx");
    let out = json(&rollcall(
        &db,
        &[
            "print",
            "lists",
            "--kind",
            "verify-failed",
            "--today",
            "2025-06-25",
            "--out",
            book.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(out["pages"], 0, "{out}");
    assert_eq!(out["lists"]["students"], 2, "{out}");
    let rows = xlsx_rows(&book);
    assert!(rows[0][0].contains("核对未通过名单"), "{rows:?}");
    assert_eq!(
        rows[3],
        [
            "序号",
            "学院",
            "班级",
            "辅导员",
            "学号",
            "姓名",
            "性别",
            "说明（下一步与截止日期）"
        ]
    );
    let listed: Vec<&Vec<String>> = rows[4..].iter().collect();
    assert_eq!(listed.len(), 2, "{rows:?}");
    for s in [b, c] {
        let row = listed
            .iter()
            .find(|r| r[4] == no(s))
            .unwrap_or_else(|| panic!("{} missing: {rows:?}", s.name));
        assert_eq!(
            (row[2].as_str(), row[5].as_str()),
            (s.class_name.as_str(), s.name.as_str())
        );
    }
    let notes: String = listed.iter().map(|r| r[7].as_str()).collect();
    assert!(
        notes.contains("已重拍") && notes.contains("须重新拍摄"),
        "{notes}"
    );

    // 未核对名单 after the verification deadline (11-09): D never checked; A did.
    let pdf = dir.path().join("未核对.pdf");
    ok(&rollcall(
        &db,
        &[
            "print",
            "lists",
            "--kind",
            "unverified",
            "--today",
            "2025-11-10",
            "--out",
            pdf.to_str().unwrap(),
        ],
    ));
    let text = pdf_text(&pdf);
    assert!(text.contains("未核对名单"), "{text}");
    assert!(text.contains(&no(d)), "{text}");
    assert!(!text.contains(&no(a)), "{text}");
    assert!(text.contains("尚未核对"), "{text}");

    // A verdict needs a photo: a student never photographed is a conflict, not recorded.
    let e = &el[10];
    let lone = dir.path().join("比对未通过.csv");
    std::fs::write(&lone, format!("学号,姓名\n{},{}\n", no(e), e.name)).unwrap();
    let r = json(&rollcall(
        &db,
        &[
            "record",
            "import",
            "--kind",
            "compare-failed",
            lone.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(r["recorded"], 0);
    assert!(r["conflicts"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("没有拍摄记录"));
    // And checked-in is no list kind.
    let err = user_error(&rollcall(
        &db,
        &["record", "import", "--kind", "checked-in", file],
    ));
    assert!(err.contains("verify-failed"), "{err}");
}
