//! The agency's lists (`record import --kind paid|photographed|online-approved|walk-in`)
//! never record what a row does not say: status columns (未拍摄, 缺席, 已退款, 退款中 …),
//! refunds on payment lists, names padded with spaces or invisible characters, full-width
//! and scientific-notation 学号/身份证号, formula errors, hidden rows, a 说明 sheet before
//! the list — in .xlsx, .xls, .ods and CSV (UTF-8 and GBK), through the real CLI on a demo
//! database. Each test checks, student by student, which events exist afterwards.

mod common;
use common::{json, ok, rollcall};

use std::collections::HashMap;
use std::path::Path;

use rollcall::campaign::CampaignId;
use rollcall::demo::{self, DemoOptions};
use rollcall::roster::StudentNo;
use rollcall::store::Store;
use rust_xlsxwriter::{Formula, Workbook};
use serde_json::Value;

/// A roster student as the tests need them.
#[derive(Debug, Clone)]
struct Stu {
    no: String,
    name: String,
    class: String,
    id: String,
}

/// A demo campaign of 300 students; returns the eligible ones whose name is unique in the
/// whole roster (so a name + class match can only find them) and who have an ID number.
fn setup(db: &Path) -> Vec<Stu> {
    ok(&rollcall(db, &["demo", "--reference", "--students", "300"]));
    let list = json(&rollcall(db, &["roster", "list", "--json", "--reveal"]));
    let all = list["students"].as_array().expect("students");
    assert_eq!(all.len(), 300);
    let mut names: HashMap<&str, usize> = HashMap::new();
    for s in all {
        *names.entry(s["name"].as_str().unwrap()).or_default() += 1;
    }
    let out: Vec<Stu> = all
        .iter()
        .filter(|s| s["ineligible_reason"].is_null())
        .filter(|s| names[s["name"].as_str().unwrap()] == 1)
        .filter(|s| s["id_number"].as_str().is_some_and(|t| t.len() == 18))
        .map(|s| Stu {
            no: s["student_no"].as_str().unwrap().to_string(),
            name: s["name"].as_str().unwrap().to_string(),
            class: s["class_name"].as_str().unwrap().to_string(),
            id: s["id_number"].as_str().unwrap().to_string(),
        })
        .collect();
    assert!(out.len() > 100, "only {} usable students", out.len());
    out
}

/// The student's active events as (kind, date), oldest first.
fn events_of(db: &Path, no: &str) -> Vec<(String, String)> {
    let r = json(&rollcall(db, &["record", "list", no, "--json"]));
    r["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["voided_at"].is_null())
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_string(),
                e["date"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn event_count(db: &Path) -> usize {
    json(&rollcall(db, &["record", "list", "--json"]))["events"]
        .as_array()
        .unwrap()
        .len()
}

/// The database file's bytes after its WAL is folded in, for byte-for-byte comparison.
fn db_bytes(db: &Path) -> Vec<u8> {
    let store = Store::open(db).unwrap();
    store
        .conn()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(store);
    std::fs::read(db).unwrap()
}

fn import(db: &Path, kind: &str, file: &Path, extra: &[&str]) -> Value {
    let f = file.to_str().unwrap();
    let mut args = vec!["record", "import", "--kind", kind, f, "--json"];
    args.extend_from_slice(extra);
    json(&rollcall(db, &args))
}

/// The row numbers of one list of the report.
fn rows(report: &Value, key: &str) -> Vec<u64> {
    report[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} missing"))
        .iter()
        .map(|n| n.as_u64().unwrap_or_else(|| n["row"].as_u64().unwrap()))
        .collect()
}

/// The reason given for `row` in the report's list `key`.
fn reason(report: &Value, key: &str, row: u64) -> String {
    report[key]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["row"] == row)
        .unwrap_or_else(|| panic!("row {row} not in {key}: {report}"))["reason"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Every data row is in exactly one list.
fn assert_partition(report: &Value) {
    let keys = [
        "matched",
        "refunds",
        "duplicates",
        "not_done",
        "unknown_status",
        "unmatched",
        "ambiguous",
        "conflicts",
    ];
    let mut all: Vec<u64> = keys.iter().flat_map(|k| rows(report, k)).collect();
    all.sort_unstable();
    let n = all.len();
    all.dedup();
    assert_eq!(all.len(), n, "a row in two lists: {report}");
    assert_eq!(n as u64, report["rows"].as_u64().unwrap(), "{report}");
}

/// "林子" → "林 子"; longer names get the space after the family name.
fn padded(name: &str, space: char) -> String {
    let mut chars = name.chars();
    let first = chars.next().unwrap();
    format!("{first}{space}{}", chars.as_str())
}

fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
        .collect()
}

/// How Excel shows a long number in a General cell: "2.02201E+11".
fn scientific(digits: &str) -> String {
    let mantissa = digits[1..6].trim_end_matches('0');
    format!("{}.{mantissa}E+{}", &digits[..1], digits.len() - 1)
}

/// Writes one sheet per (name, rows); each row's cells start at column A and row
/// `first_row` (0-based). A cell "#N/A" or "#VALUE!" is written as a formula with that
/// error as its result, as Excel saves a failed VLOOKUP.
fn write_xlsx(path: &Path, sheets: &[(&str, u32, Vec<Vec<String>>)], hidden: &[u32]) {
    let mut book = Workbook::new();
    for (name, first_row, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            let r = first_row + r as u32;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell.as_str() {
                    "" => {}
                    "#N/A" => {
                        sheet
                            .write_formula(r, c, Formula::new("=NA()").set_result("#N/A"))
                            .unwrap();
                    }
                    "#VALUE!" => {
                        sheet
                            .write_formula(r, c, Formula::new("=A1+\"x\"").set_result("#VALUE!"))
                            .unwrap();
                    }
                    text => {
                        sheet.write_string(r, c, text).unwrap();
                    }
                }
            }
        }
        for h in hidden {
            // Excel's row h is index h - 1.
            sheet.set_row_hidden(h - 1).unwrap();
        }
    }
    book.save(path).unwrap();
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn photo_list_xlsx_records_only_rows_whose_status_says_photographed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let s = setup(&db);
    let row = |st: &Stu, no: &str, name: &str, date: &str, status: &str| {
        strings(&["", no, name, &st.class, date, status])
    };
    let plain = |st: &Stu, status: &str| row(st, &st.no, &st.name, "2025-04-28", status);
    // Excel rows 4… (title on row 1, header on row 3).
    let data = vec![
        plain(&s[0], "已拍摄"), // 4 matched
        plain(&s[1], "未拍摄"), // 5 not done
        plain(&s[2], "缺席"),   // 6 not done
        plain(&s[3], "已退款"), // 7 not done
        plain(&s[4], "已处理"), // 8 unknown
        row(
            &s[5],
            "",
            &padded(&s[5].name, '\u{3000}'),
            "2025-04-29",
            "已完成",
        ), // 9 matched
        row(
            &s[6],
            &full_width(&s[6].no),
            &s[6].name,
            "2025-04-29",
            "已拍摄",
        ), // 10 matched
        row(
            &s[7],
            &scientific(&s[7].no),
            &s[7].name,
            "2025-04-29",
            "已拍摄",
        ), // 11 unmatched
        row(&s[8], "#N/A", &s[8].name, "2025-04-29", "已拍摄"), // 12 unmatched
        row(&s[9], &s[9].no, &s[9].name, "#VALUE!", "已拍摄"), // 13 unmatched
        plain(&s[10], "已拍摄"), // 14 matched, hidden
        plain(&s[11], "已缴费"), // 15 unknown
        plain(&s[12], ""),      // 16 unknown
        row(
            &s[13],
            &s[13].no,
            &padded(&padded(&s[13].name, ' '), '\u{200b}'),
            "2025-04-30",
            "完成",
        ), // 17 matched
    ];
    let mut sheet = vec![
        strings(&["新华社中国图片社 2025届毕业生拍摄名单"]),
        vec![],
        strings(&["序号", "学号", "姓名", "班级", "拍摄日期", "拍摄状态"]),
    ];
    sheet.extend(data);
    let file = dir.path().join("拍摄名单.xlsx");
    write_xlsx(&file, &[("拍摄名单", 0, sheet)], &[14]);

    // The preview sorts every row and writes nothing, byte for byte.
    let before = db_bytes(&db);
    let preview = import(&db, "photographed", &file, &["--dry-run"]);
    assert_eq!(db_bytes(&db), before, "a dry run changed the database");
    assert_eq!(preview["dry_run"], true);
    assert_eq!(preview["header_row"], 3);
    assert_eq!(preview["rows"], 14);
    assert_eq!(preview["status_columns"], serde_json::json!(["拍摄状态"]));
    assert_partition(&preview);
    assert_eq!(rows(&preview, "matched"), [4, 9, 10, 14, 17]);
    let by: Vec<&str> = preview["matched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["matched_by"].as_str().unwrap())
        .collect();
    assert_eq!(
        by,
        [
            "student_no",
            "name_class",
            "student_no",
            "student_no",
            "student_no"
        ]
    );
    assert_eq!(preview["matched"][1]["student_no"], s[5].no.as_str());
    assert_eq!(preview["matched"][2]["student_no"], s[6].no.as_str());
    assert_eq!(rows(&preview, "not_done"), [5, 6, 7]);
    assert_eq!(
        reason(&preview, "not_done", 5),
        "拍摄状态为「未拍摄」，未记录"
    );
    assert!(reason(&preview, "not_done", 7).contains("已退款"));
    assert_eq!(rows(&preview, "unknown_status"), [8, 15, 16]);
    assert!(reason(&preview, "unknown_status", 8).contains("无法识别"));
    assert!(reason(&preview, "unknown_status", 15).contains("不能说明"));
    assert!(reason(&preview, "unknown_status", 16).contains("为空"));
    assert_eq!(rows(&preview, "unmatched"), [11, 12, 13]);
    let sci = reason(&preview, "unmatched", 11);
    assert!(sci.contains("科学计数法") && sci.contains("文本"), "{sci}");
    assert!(reason(&preview, "unmatched", 12).contains("「学号」列是公式错误 #N/A"));
    assert!(reason(&preview, "unmatched", 13).contains("「拍摄日期」列是公式错误 #VALUE!"));
    assert_eq!(rows(&preview, "hidden"), [14]);
    assert!(rows(&preview, "conflicts").is_empty());
    assert!(rows(&preview, "refunds").is_empty());

    // The text output names the new lists with their rows.
    let text = ok(&rollcall(
        &db,
        &[
            "record",
            "import",
            "--kind",
            "photographed",
            file.to_str().unwrap(),
            "--dry-run",
        ],
    ));
    for want in [
        "状态列：拍摄状态",
        "状态未完成 3，状态无法识别 3，未匹配 3",
        "[未完成] 第 5 行",
        "[状态无法识别] 第 15 行",
        "[未匹配] 第 12 行",
        "第 14 行在 Excel 中是隐藏行",
    ] {
        assert!(text.contains(want), "{want} missing in:\n{text}");
    }

    // The import records exactly the five photographed students, nobody else.
    let done = import(&db, "photographed", &file, &[]);
    assert_eq!(done["recorded"], 5);
    assert_eq!(done["matched"], preview["matched"]);
    let photographed = |day: &str| vec![("photographed".to_string(), day.to_string())];
    let expected: Vec<(usize, Vec<(String, String)>)> = vec![
        (0, photographed("2025-04-28")),
        (5, photographed("2025-04-29")),
        (6, photographed("2025-04-29")),
        (10, photographed("2025-04-28")),
        (13, photographed("2025-04-30")),
    ];
    for (i, st) in s.iter().enumerate().take(14) {
        let want = expected
            .iter()
            .find(|(j, _)| *j == i)
            .map(|(_, e)| e.clone())
            .unwrap_or_default();
        assert_eq!(events_of(&db, &st.no), want, "student {i} ({})", st.no);
    }
    assert_eq!(event_count(&db), 5);

    // Importing the same list again records nothing.
    let again = import(&db, "photographed", &file, &[]);
    assert_eq!(again["recorded"], 0);
    assert!(rows(&again, "matched").is_empty());
    assert_eq!(rows(&again, "duplicates"), [4, 9, 10, 14, 17]);
    assert_eq!(rows(&again, "not_done"), [5, 6, 7]);
    assert_partition(&again);
    assert_eq!(event_count(&db), 5);

    // Photographed students are done; a 未拍摄 one is not.
    let p = json(&rollcall(
        &db,
        &["progress", "--today", "2025-04-30", "--json"],
    ));
    let state = |no: &str| {
        p["students"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["student_no"] == no)
            .unwrap()["state"]
            .clone()
    };
    assert_eq!(state(&s[0].no), "done");
    assert_eq!(state(&s[5].no), "done");
    assert_ne!(state(&s[1].no), "done");
    assert_ne!(state(&s[7].no), "done");
}

#[test]
fn gbk_payment_list_records_refunds_only_of_payments_on_record() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let s = setup(&db);
    // Paid on 04-20, typed in: s0 (refunded on the list), s1 (refund under way),
    // s9 (a refund dated before that payment), s10 (paid and refunded rows).
    let mut args = vec!["record", "add"];
    for i in [0, 1, 9, 10] {
        args.push(&s[i].no);
    }
    args.extend(["--kind", "paid", "--date", "2025-04-20"]);
    ok(&rollcall(&db, &args));

    let line = |st: &Stu, no: &str, name: &str, paid: &str, status: &str, refunded: &str| {
        format!("{no},{name},{},{paid},{status},{refunded}\n", st.class)
    };
    let plain = |st: &Stu, status: &str, paid: &str, refunded: &str| {
        line(st, &st.no, &st.name, paid, status, refunded)
    };
    let mut text = String::from("学号,姓名,班级,支付时间,订单状态,退款时间\n");
    text += &plain(&s[0], "已退款", "2025-04-20", "2025-04-25"); // 2 refund
    text += &plain(&s[1], "退款中", "2025-04-20", ""); // 3 not done
    text += &plain(&s[2], "已退款", "2025-04-20", "2025-04-25"); // 4 conflict: never paid
    text += &plain(&s[3], "支付成功", "2025-04-21", ""); // 5 matched
    text += &plain(&s[4], "待支付", "", ""); // 6 not done
    text += &plain(&s[5], "已取消", "", ""); // 7 not done
    text += &plain(&s[6], "交易成功", "2025-04-22 10:31:08", ""); // 8 matched
    text += &line(
        &s[7],
        &scientific(&s[7].no),
        &s[7].name,
        "2025-04-22",
        "支付成功",
        "",
    ); // 9
    text += &line(
        &s[8],
        "",
        &padded(&s[8].name, '\u{3000}'),
        "2025-04-23",
        "已支付",
        "",
    ); // 10
    text += &plain(&s[9], "已退费", "2025-04-01", "2025-04-10"); // 11 conflict: too early
    text += &plain(&s[10], "支付成功", "2025-04-20", ""); // 12 conflict: both
    text += &plain(&s[10], "已退款", "2025-04-20", "2025-04-26"); // 13 conflict: both
    text += &plain(&s[11], "#N/A", "2025-04-20", ""); // 14 unknown
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let file = dir.path().join("缴费名单.csv");
    std::fs::write(&file, &gbk).unwrap();

    let before = db_bytes(&db);
    let preview = import(&db, "paid", &file, &["--dry-run"]);
    assert_eq!(db_bytes(&db), before, "a dry run changed the database");
    assert_eq!(preview["rows"], 13);
    assert_partition(&preview);
    assert_eq!(rows(&preview, "refunds"), [2]);
    assert_eq!(preview["refunds"][0]["student_no"], s[0].no.as_str());
    assert_eq!(preview["refunds"][0]["date"], "2025-04-25");
    assert_eq!(preview["refunds"][0]["status"], "已退款");
    assert_eq!(rows(&preview, "matched"), [5, 8, 10]);
    assert_eq!(preview["matched"][2]["student_no"], s[8].no.as_str());
    assert_eq!(preview["matched"][2]["matched_by"], "name_class");
    assert_eq!(rows(&preview, "not_done"), [3, 6, 7]);
    assert!(reason(&preview, "not_done", 3).contains("退款尚未完成"));
    assert_eq!(
        reason(&preview, "not_done", 6),
        "订单状态为「待支付」，未记录"
    );
    assert_eq!(rows(&preview, "conflicts"), [4, 11, 12, 13]);
    assert!(reason(&preview, "conflicts", 4).contains("没有有效的缴费记录"));
    assert!(reason(&preview, "conflicts", 11).contains("早于最近一次缴费"));
    assert!(reason(&preview, "conflicts", 13).contains("第 12 行"));
    assert_eq!(rows(&preview, "unmatched"), [9]);
    assert!(reason(&preview, "unmatched", 9).contains("科学计数法"));
    assert_eq!(rows(&preview, "unknown_status"), [14]);
    assert!(reason(&preview, "unknown_status", 14).contains("「订单状态」列是公式错误 #N/A"));
    assert!(rows(&preview, "hidden").is_empty());

    let done = import(&db, "paid", &file, &[]);
    assert_eq!(done["recorded"], 4);
    let paid = |day: &str| ("paid".to_string(), day.to_string());
    let refund = |day: &str| ("refund".to_string(), day.to_string());
    let expected: Vec<Vec<(String, String)>> = vec![
        vec![paid("2025-04-20"), refund("2025-04-25")], // s0
        vec![paid("2025-04-20")],                       // s1: refund under way
        vec![],                                         // s2: no refund invented
        vec![paid("2025-04-21")],                       // s3
        vec![],                                         // s4
        vec![],                                         // s5
        vec![paid("2025-04-22")],                       // s6
        vec![],                                         // s7
        vec![paid("2025-04-23")],                       // s8
        vec![paid("2025-04-20")],                       // s9
        vec![paid("2025-04-20")],                       // s10
        vec![],                                         // s11
    ];
    for (i, want) in expected.iter().enumerate() {
        assert_eq!(&events_of(&db, &s[i].no), want, "student {i} ({})", s[i].no);
    }
    assert_eq!(event_count(&db), 8);
    let origin = json(&rollcall(&db, &["record", "list", &s[0].no, "--json"]));
    let refund_event = origin["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "refund")
        .unwrap();
    assert_eq!(refund_event["source"], "agency_import");
    assert!(refund_event["origin"].as_str().unwrap().contains("第2行"));

    // Again: the refund is known, nothing is written, the conflicts stay conflicts.
    let again = import(&db, "paid", &file, &[]);
    assert_eq!(again["recorded"], 0);
    assert!(rows(&again, "refunds").is_empty());
    assert!(rows(&again, "matched").is_empty());
    assert_eq!(rows(&again, "duplicates"), [2, 5, 8, 10]);
    assert_eq!(rows(&again, "conflicts"), [4, 11, 12, 13]);
    assert_partition(&again);
    assert_eq!(event_count(&db), 8);
}

#[test]
fn utf8_approval_list_matches_id_numbers_whatever_excel_did_to_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let s = setup(&db);
    // A student whose ID ends in X, written with a lower-case x on the list.
    let x = s
        .iter()
        .skip(11)
        .find(|st| st.id.ends_with('X'))
        .expect("a demo ID ending in X")
        .clone();
    let line = |name: &str, id: &str, status: &str| format!("{name},{id},{status},2025-05-10\n");
    let mut text = String::from("\u{feff}姓名,身份证号,审核状态,审核时间\n");
    text += &line(&padded(&s[0].name, ' '), &full_width(&s[0].id), "审核通过"); // 2
    text += &line(&s[1].name, &s[1].id, "审核不通过"); // 3
    text += &line(&s[2].name, &s[2].id, "待审核"); // 4
    text += &line(&s[3].name, &s[3].id, "审核中"); // 5
    text += &line(&s[4].name, &s[4].id, "驳回"); // 6
    text += &line(&s[5].name, &scientific(&s[5].id), "通过"); // 7
    text += &line("#N/A", &s[6].id, "通过"); // 8
    text += &line(&x.name, &x.id.to_lowercase(), "已通过"); // 9
    text += &line(&s[8].name, &s[8].id, "未审核"); // 10
    text += &line(&s[9].name, &s[9].id, "未通过"); // 11
    text += &line(&s[10].name, &s[10].id, "不通过"); // 12
    let file = dir.path().join("线上审核.csv");
    std::fs::write(&file, text).unwrap();

    let r = import(&db, "online-approved", &file, &[]);
    assert_eq!(r["rows"], 11);
    assert_partition(&r);
    assert_eq!(rows(&r, "matched"), [2, 9]);
    assert_eq!(r["matched"][0]["student_no"], s[0].no.as_str());
    assert_eq!(r["matched"][0]["matched_by"], "id_number");
    assert_eq!(r["matched"][1]["student_no"], x.no.as_str());
    assert_eq!(rows(&r, "not_done"), [3, 4, 5, 6, 10, 11, 12]);
    assert_eq!(rows(&r, "unmatched"), [7, 8]);
    assert!(reason(&r, "unmatched", 7).contains("身份证号「"));
    assert!(reason(&r, "unmatched", 7).contains("科学计数法"));
    assert!(reason(&r, "unmatched", 8).contains("「姓名」列是公式错误 #N/A"));
    assert!(
        rows(&r, "conflicts").is_empty(),
        "padding is not a name change"
    );
    assert_eq!(r["recorded"], 2);
    let approved = vec![("online_approved".to_string(), "2025-05-10".to_string())];
    assert_eq!(events_of(&db, &s[0].no), approved);
    assert_eq!(events_of(&db, &x.no), approved);
    for (i, st) in s.iter().enumerate().take(11).skip(1) {
        assert!(events_of(&db, &st.no).is_empty(), "student {i}");
    }
    assert_eq!(event_count(&db), 2);
}

#[test]
fn the_list_is_found_after_a_note_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let s = setup(&db);
    let note = vec![
        strings(&["填写说明"]),
        strings(&["学号", "12 位学号，请设置为文本格式"]),
        strings(&["状态", "已拍摄 / 审核通过 / 未拍摄"]),
    ];
    let list = vec![
        strings(&["学号", "姓名", "状态", "完成时间"]),
        strings(&[&s[0].no, &s[0].name, "已拍摄", "2025-06-03"]),
        strings(&[&s[1].no, &s[1].name, "审核通过", "2025-06-04"]),
        strings(&[&s[2].no, &s[2].name, "未拍摄", ""]),
    ];
    let file = dir.path().join("散拍.xlsx");
    write_xlsx(&file, &[("说明", 0, note), ("散拍名单", 0, list)], &[]);

    let r = import(&db, "walk-in", &file, &[]);
    assert_eq!(r["sheet"], "散拍名单");
    assert_eq!(r["header_row"], 1);
    assert_eq!(r["kind"], "walk_in_done");
    assert_eq!(rows(&r, "matched"), [2, 3]);
    assert_eq!(rows(&r, "not_done"), [4]);
    assert_partition(&r);
    let walk_in = |day: &str| vec![("walk_in_done".to_string(), day.to_string())];
    assert_eq!(events_of(&db, &s[0].no), walk_in("2025-06-03"));
    assert_eq!(events_of(&db, &s[1].no), walk_in("2025-06-04"));
    assert!(events_of(&db, &s[2].no).is_empty());
    assert_eq!(event_count(&db), 2);

    // Naming the sheet reads that one; both rows are known now.
    let named = import(&db, "walk-in", &file, &["--sheet", "散拍名单", "--dry-run"]);
    assert_eq!(named["sheet"], "散拍名单");
    assert_eq!(rows(&named, "duplicates"), [2, 3]);
    assert_eq!(rows(&named, "not_done"), [4]);
    assert_eq!(event_count(&db), 2);
}

/// tests/fixtures/agency (made by make.py there): the same photo list saved by older Excel
/// (.xls) and by WPS/LibreOffice (.ods), for students added to the demo roster; row 4 is
/// hidden in both.
#[test]
fn xls_and_ods_photo_lists_read_status_names_and_damage_alike() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/agency");
    let names = [
        "林子",
        "欧阳娜娜",
        "张小三",
        "李小四",
        "王小五",
        "赵小六",
        "孙小七",
    ];
    for file in ["photo-list.xls", "photo-list.ods"] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("a.db");
        ok(&rollcall(
            &db,
            &["demo", "--reference", "--students", "300"],
        ));
        let template = demo::generate_roster(DemoOptions::default())
            .into_iter()
            .find(|st| rollcall::roster::ineligibility(st, 2025).is_none())
            .unwrap();
        let extra: Vec<_> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let mut st = template.clone();
                st.student_no = StudentNo::new(&format!("209910000{}", i + 1)).unwrap();
                st.name = name.to_string();
                st.class_name = "测试2201班".into();
                st.id_number = None;
                st
            })
            .collect();
        let mut store = Store::open(&db).unwrap();
        rollcall::roster::insert_all(store.conn_mut(), CampaignId(1), 2025, &extra).unwrap();
        drop(store);

        let r = import(&db, "photographed", &fixtures.join(file), &[]);
        assert_eq!(r["header_row"], 2, "{file}");
        assert_eq!(r["rows"], 7, "{file}");
        assert_partition(&r);
        assert_eq!(rows(&r, "matched"), [3, 4], "{file}: {r}");
        assert_eq!(rows(&r, "not_done"), [5, 6], "{file}");
        assert_eq!(rows(&r, "unknown_status"), [8], "{file}");
        assert_eq!(rows(&r, "unmatched"), [7, 9], "{file}");
        assert!(reason(&r, "unmatched", 7).contains("科学计数法"), "{file}");
        assert!(
            reason(&r, "unmatched", 9).contains("「学号」列是公式错误 #N/A"),
            "{file}: {r}"
        );
        assert_eq!(r["recorded"], 2, "{file}");
        // Hidden rows: .ods says which (calamine gives nothing for .xls, so the shared
        // reader cannot tell there).
        if file.ends_with(".ods") {
            assert_eq!(rows(&r, "hidden"), [4], "{file}");
        }
        for (i, _) in names.iter().enumerate() {
            let no = format!("209910000{}", i + 1);
            let want = if i < 2 {
                vec![("photographed".to_string(), "2025-04-28".to_string())]
            } else {
                vec![]
            };
            assert_eq!(events_of(&db, &no), want, "{file}: {no}");
        }
        assert_eq!(event_count(&db), 2, "{file}");
    }
}
