//! Roster files as real offices send them, one generated file per way they go wrong:
//! merged cells, numbers damaged by Excel, full-width and invisible characters, partial
//! files that would withdraw half the roster, several sheets, rows that are not students,
//! formula errors, graduation dates in every format, ID columns under other names,
//! duplicate rows. Every file is written here (rust_xlsxwriter for .xlsx, encoding_rs for
//! GBK CSV, a hand-built zip for .ods) and imported through the real CLI; the stored
//! students are read back with `roster list --json --reveal --withdrawn` and checked field
//! by field. After every refusal the database file is checked byte for byte.
//!
//! .xls has no writer: the committed tests/fixtures/formats/roster.xls is covered by
//! tests/roster_import.rs; merged cells and damaged numbers are covered here through
//! .xlsx, .ods and GBK CSV.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

use rollcall::roster::id_number::{check_char, validate};
use rollcall::store::{Clock, Store};
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};
use serde_json::{json, Value};

const NOW: &str = "2025-04-01 09:00:00";

// ---------------------------------------------------------------------------------------
// The database and the CLI

struct Env {
    _dir: tempfile::TempDir,
    root: PathBuf,
    db: PathBuf,
}

impl Env {
    /// A database with one campaign: the reference notice's 2025届 (grad_year 2025).
    /// (`rollcall demo` refuses `--students 0`, and its generated roster would be in the
    /// way: the campaign is created on its own.)
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let db = root.join("r.sqlite3");
        let mut store = Store::open(&db).unwrap();
        rollcall::campaign::create(
            store.conn_mut(),
            &rollcall::demo::reference_facts(),
            &Clock::parse(NOW),
        )
        .unwrap();
        drop(store);
        Env {
            _dir: dir,
            root,
            db,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        common::rollcall(&self.db, args)
    }

    fn import_args<'a>(file: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
        let mut args = vec!["roster", "import", file.to_str().unwrap(), "--json"];
        args.extend_from_slice(extra);
        args
    }

    /// `roster import FILE --json EXTRA…`: the report of a successful import.
    fn import(&self, file: &Path, extra: &[&str]) -> Value {
        common::json(&self.run(&Env::import_args(file, extra)))
    }

    /// The database file after a checkpoint (the WAL folded in).
    fn snapshot(&self) -> Vec<u8> {
        let store = Store::open(&self.db).unwrap();
        store
            .conn()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        drop(store);
        std::fs::read(&self.db).unwrap()
    }

    /// Runs `args`, which must be refused (exit 1) without changing the database file.
    /// Returns the message.
    fn refused(&self, args: &[&str]) -> String {
        let before = self.snapshot();
        let out = self.run(args);
        let err = common::user_error(&out);
        assert!(err.starts_with("错误"), "not a Chinese message: {err}");
        assert!(
            self.snapshot() == before,
            "{args:?} was refused but changed the database"
        );
        err
    }

    fn refused_import(&self, file: &Path, extra: &[&str]) -> String {
        self.refused(&Env::import_args(file, extra))
    }

    /// Every student, withdrawn ones too, ID numbers in full.
    fn students(&self) -> Vec<Value> {
        let j = common::json(&self.run(&["roster", "list", "--json", "--reveal", "--withdrawn"]));
        j["students"].as_array().unwrap().clone()
    }

    fn student(&self, no: &str) -> Value {
        find(&self.students(), no)
    }
}

fn find(students: &[Value], no: &str) -> Value {
    students
        .iter()
        .find(|s| s["student_no"] == no)
        .unwrap_or_else(|| {
            let all: Vec<&Value> = students.iter().map(|s| &s["student_no"]).collect();
            panic!("{no} not stored; stored: {all:?}")
        })
        .clone()
}

fn nos(students: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = students
        .iter()
        .map(|s| s["student_no"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

/// The listed keys of a JSON object, for field-by-field comparison.
fn pick(v: &Value, keys: &[&str]) -> Value {
    Value::Object(
        keys.iter()
            .map(|k| (k.to_string(), v[*k].clone()))
            .collect(),
    )
}

/// A student's stored data without the import's warnings (which a re-import may add).
fn without_warnings(v: &Value) -> Value {
    let mut v = v.clone();
    v.as_object_mut().unwrap().remove("warnings");
    v
}

const FIELDS: &[&str] = &[
    "student_no",
    "name",
    "gender",
    "id_number",
    "college",
    "major",
    "class_name",
    "enrolment_status",
    "grad_year",
    "ineligible_reason",
    "withdrawn_at",
];

// ---------------------------------------------------------------------------------------
// Report helpers

fn arr<'a>(report: &'a Value, key: &str) -> &'a Vec<Value> {
    report[key]
        .as_array()
        .unwrap_or_else(|| panic!("report has no list `{key}`: {report:#}"))
}

fn count(report: &Value, key: &str) -> i64 {
    report[key]
        .as_i64()
        .unwrap_or_else(|| panic!("report has no count `{key}`: {report:#}"))
}

/// The issues of `list` on Excel row `row`.
fn on_row(list: &[Value], row: u32) -> Vec<&Value> {
    list.iter().filter(|i| i["row"] == row).collect()
}

fn reasons(issues: &[&Value]) -> String {
    issues
        .iter()
        .map(|i| i["reason"].as_str().unwrap_or(""))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The issue of `list` on `row` whose reason contains every one of `words`.
fn issue_with<'a>(list: &'a [Value], row: u32, words: &[&str]) -> &'a Value {
    let here = on_row(list, row);
    here.iter()
        .find(|i| {
            let r = i["reason"].as_str().unwrap_or("");
            words.iter().all(|w| r.contains(w))
        })
        .copied()
        .unwrap_or_else(|| {
            panic!(
                "no issue on row {row} saying {words:?}; row {row} has: [{}]; all: {list:#?}",
                reasons(&here)
            )
        })
}

fn notes(report: &Value) -> Vec<String> {
    arr(report, "notes")
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect()
}

fn note_with(report: &Value, words: &[&str]) -> String {
    notes(report)
        .into_iter()
        .find(|n| words.iter().all(|w| n.contains(w)))
        .unwrap_or_else(|| panic!("no note saying {words:?}: {:?}", notes(report)))
}

fn rows_of(list: &[Value]) -> Vec<u32> {
    let mut v: Vec<u32> = list
        .iter()
        .map(|i| i["row"].as_u64().unwrap() as u32)
        .collect();
    v.sort();
    v.dedup();
    v
}

// ---------------------------------------------------------------------------------------
// Students and ID numbers

/// A valid ID number from its first 17 digits (GB 11643 check digit).
fn id17(first17: &str) -> String {
    format!("{first17}{}", check_char(first17).unwrap())
}

/// Student `i`'s ID number: born 2003-01-01, sequence `i` (odd: male).
fn id_of(i: u32) -> String {
    id17(&format!("44060420030101{i:03}"))
}

/// A valid ID number whose check character is X.
fn id_with_x() -> String {
    (100..1000)
        .map(|s| format!("44060420030215{s:03}"))
        .find(|f| check_char(f) == Some('X'))
        .map(|f| id17(&f))
        .unwrap()
}

const NAMES: [&str; 24] = [
    "林子",
    "王芳",
    "张晓明",
    "李慧",
    "陈静",
    "刘洋",
    "赵磊",
    "孙丽",
    "周杰",
    "吴敏",
    "郑浩",
    "冯雪",
    "黄伟",
    "何婷",
    "高峰",
    "罗琳",
    "梁晨",
    "宋佳",
    "唐亮",
    "许可",
    "韩梅",
    "曹阳",
    "彭飞",
    "董洁",
];

/// The usual header of these tests' rosters: A 学号 … I 预计毕业年份.
const HEADER: [&str; 9] = [
    "学号",
    "姓名",
    "性别",
    "身份证号",
    "学院",
    "专业",
    "班级",
    "学籍状态",
    "预计毕业年份",
];

#[derive(Clone, Debug)]
struct Stu {
    no: String,
    name: String,
    gender: String,
    id: String,
    college: String,
    major: String,
    class: String,
    status: String,
    grad: String,
}

impl Stu {
    /// Student `i` (1-based) of class `class`: 学号 0522010001 … (leading zero).
    fn new(i: u32, class: &str) -> Stu {
        let (college, major) = match class {
            c if c.starts_with("软件") => ("信息工程学院", "软件技术"),
            c if c.starts_with("大数据") => ("信息工程学院", "大数据技术"),
            c if c.starts_with("机电") => ("机电工程学院", "机电一体化技术"),
            _ => ("经济管理学院", "大数据与会计"),
        };
        let id = id_of(i);
        Stu {
            no: format!("05220100{i:02}"),
            name: NAMES[(i as usize - 1) % NAMES.len()].to_string(),
            gender: if i % 2 == 1 { "男" } else { "女" }.to_string(),
            id,
            college: college.into(),
            major: major.into(),
            class: class.into(),
            status: "注册学籍".into(),
            grad: "2025".into(),
        }
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.no.clone(),
            self.name.clone(),
            self.gender.clone(),
            self.id.clone(),
            self.college.clone(),
            self.major.clone(),
            self.class.clone(),
            self.status.clone(),
            self.grad.clone(),
        ]
    }

    /// What `roster list` must say about this student (eligible, not withdrawn).
    fn stored(&self) -> Value {
        json!({
            "student_no": self.no,
            "name": self.name,
            "gender": self.gender,
            "id_number": self.id,
            "college": self.college,
            "major": self.major,
            "class_name": self.class,
            "enrolment_status": self.status,
            "grad_year": 2025,
            "ineligible_reason": null,
            "withdrawn_at": null,
        })
    }
}

/// Students 1..=n spread over classes `classes` (in blocks of `per_class`).
fn students(n: u32, classes: &[(&str, u32)]) -> Vec<Stu> {
    let mut out = Vec::new();
    let mut i = 1;
    for (class, size) in classes {
        for _ in 0..*size {
            if i > n {
                break;
            }
            out.push(Stu::new(i, class));
            i += 1;
        }
    }
    out
}

fn assert_stored(env_students: &[Value], s: &Stu) {
    let got = find(env_students, &s.no);
    assert_eq!(pick(&got, FIELDS), s.stored(), "student {}", s.no);
}

// ---------------------------------------------------------------------------------------
// Writing files

fn put_row(ws: &mut Worksheet, row: u32, cells: &[String]) {
    for (c, text) in cells.iter().enumerate() {
        if !text.is_empty() {
            ws.write_string(row, c as u16, text).unwrap();
        }
    }
}

fn strs(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// An .xlsx with one sheet "名单": `HEADER` in row 1, one student per row below.
fn roster_xlsx(path: &Path, rows: &[Stu]) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("名单").unwrap();
    put_row(ws, 0, &strs(&HEADER));
    for (r, s) in rows.iter().enumerate() {
        put_row(ws, r as u32 + 1, &s.cells());
    }
    book.save(path).unwrap();
}

fn gbk(path: &Path, text: &str) {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable, "text not encodable in GBK");
    std::fs::write(path, &bytes).unwrap();
}

fn csv_line(cells: &[String]) -> String {
    cells.join(",") + "\r\n"
}

/// One cell of a hand-built .ods sheet.
enum Od {
    Text(String),
    Float(f64),
    /// Text merged down over this many rows (the rows below hold `Covered`).
    Down(String, u32),
    Covered,
    Empty,
}

fn xml_escape(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An OpenDocument spreadsheet as LibreOffice / WPS save it, reduced to the parts a
/// reader needs: mimetype (stored first), manifest, content.xml with one table.
fn write_ods(path: &Path, sheet: &str, rows: &[Vec<Od>]) {
    let mut body = String::new();
    for row in rows {
        body.push_str("<table:table-row>");
        for cell in row {
            match cell {
                Od::Text(t) => body.push_str(&format!(
                    r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                    xml_escape(t)
                )),
                Od::Float(f) => body.push_str(&format!(
                    r#"<table:table-cell office:value-type="float" office:value="{f}"><text:p>{f}</text:p></table:table-cell>"#
                )),
                Od::Down(t, n) => body.push_str(&format!(
                    r#"<table:table-cell table:number-rows-spanned="{n}" table:number-columns-spanned="1" office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                    xml_escape(t)
                )),
                Od::Covered => body.push_str("<table:covered-table-cell/>"),
                Od::Empty => body.push_str("<table:table-cell/>"),
            }
        }
        body.push_str("</table:table-row>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{}">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#,
        xml_escape(sheet)
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let file = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("META-INF/manifest.xml", deflated).unwrap();
    z.write_all(manifest.as_bytes()).unwrap();
    z.start_file("content.xml", deflated).unwrap();
    z.write_all(content.as_bytes()).unwrap();
    z.finish().unwrap();
}

/// The ID number as Excel keeps it after a round trip through a number cell: 15
/// significant digits, then zeros. The check digit then fails.
fn excel_truncated(id: &str) -> String {
    let t = format!("{}000", &id[..15]);
    assert!(validate(&t).is_err(), "{t} must fail its check digit");
    t
}

// =======================================================================================
// 1. Merged cells

/// 学院/专业/班级 merged down over groups (value in the first cell only), 学籍状态 merged
/// over the whole list, a merged title row above the header.
#[test]
fn merged_cells_are_filled_down_and_counted() {
    let env = Env::new();
    let file = env.path("merged.xlsx");
    let studs = students(7, &[("软件2201", 3), ("大数据2201", 2), ("机电2201", 2)]);
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("名单").unwrap();
    let f = Format::new();
    ws.merge_range(0, 0, 0, 8, "2025届毕业生名单", &f).unwrap();
    put_row(ws, 1, &strs(&HEADER));
    for (r, s) in studs.iter().enumerate() {
        let r = r as u32 + 2;
        let mut cells = s.cells();
        // Only 学号 姓名 性别 身份证号 and 预计毕业年份 per row; the rest merged below.
        for c in [4, 5, 6, 7] {
            cells[c].clear();
        }
        put_row(ws, r, &cells);
    }
    // Rows 3..=9 as Excel numbers them are indices 2..=8.
    ws.merge_range(2, 4, 6, 4, "信息工程学院", &f).unwrap(); // 4 filled
    ws.merge_range(7, 4, 8, 4, "机电工程学院", &f).unwrap(); // 1
    ws.merge_range(2, 5, 4, 5, "软件技术", &f).unwrap(); // 2
    ws.merge_range(5, 5, 6, 5, "大数据技术", &f).unwrap(); // 1
    ws.merge_range(7, 5, 8, 5, "机电一体化技术", &f).unwrap(); // 1
    ws.merge_range(2, 6, 4, 6, "软件2201", &f).unwrap(); // 2
    ws.merge_range(5, 6, 6, 6, "大数据2201", &f).unwrap(); // 1
    ws.merge_range(7, 6, 8, 6, "机电2201", &f).unwrap(); // 1
    ws.merge_range(2, 7, 8, 7, "注册学籍", &f).unwrap(); // 6
    book.save(&file).unwrap();

    let r = env.import(&file, &[]);
    assert_eq!(count(&r, "header_row"), 2);
    assert_eq!((count(&r, "read"), count(&r, "added")), (7, 7), "{r:#}");
    assert!(arr(&r, "rejected").is_empty(), "{r:#}");
    assert_eq!(count(&r, "ineligible"), 0, "学籍状态 filled into every row");
    // 5 (学院) + 4 (专业) + 4 (班级) + 6 (学籍状态) cells below the first of their range.
    note_with(&r, &["合并单元格已向下填充：19 处"]);
    let stored = env.students();
    assert_eq!(stored.len(), 7);
    for s in &studs {
        assert_stored(&stored, s);
    }
}

/// A grouped header over two rows: "基本信息" merged across 学号/姓名/性别, "学籍信息"
/// across the rest; and the other shape, 学号/姓名 merged down over both header rows.
#[test]
fn grouped_two_row_headers_import() {
    let studs = students(2, &[("软件2201", 2)]);
    let f = Format::new();

    // Shape 1: group titles over a complete second header row.
    let env = Env::new();
    let file = env.path("grouped.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.merge_range(0, 0, 0, 3, "基本信息", &f).unwrap();
    ws.merge_range(0, 4, 0, 8, "学籍信息", &f).unwrap();
    put_row(ws, 1, &strs(&HEADER));
    for (r, s) in studs.iter().enumerate() {
        put_row(ws, r as u32 + 2, &s.cells());
    }
    book.save(&file).unwrap();
    let r = env.import(&file, &[]);
    assert_eq!(count(&r, "header_row"), 2);
    assert_eq!((count(&r, "read"), count(&r, "added")), (2, 2), "{r:#}");
    assert!(arr(&r, "rejected").is_empty(), "{r:#}");
    let stored = env.students();
    assert_eq!(stored.len(), 2, "no header row stored as a student");
    studs.iter().for_each(|s| assert_stored(&stored, s));

    // Shape 2: 学号 and 姓名 merged down over both header rows, "学籍信息" merged across
    // the columns whose names are in the second row.
    let env = Env::new();
    let file = env.path("merged-down.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.merge_range(0, 0, 1, 0, "学号", &f).unwrap();
    ws.merge_range(0, 1, 1, 1, "姓名", &f).unwrap();
    ws.merge_range(0, 2, 0, 8, "学籍信息", &f).unwrap();
    for (c, h) in HEADER.iter().enumerate().skip(2) {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (r, s) in studs.iter().enumerate() {
        put_row(ws, r as u32 + 2, &s.cells());
    }
    book.save(&file).unwrap();
    let r = env.import(&file, &[]);
    assert_eq!((count(&r, "read"), count(&r, "added")), (2, 2), "{r:#}");
    assert!(arr(&r, "rejected").is_empty(), "{r:#}");
    let stored = env.students();
    assert_eq!(stored.len(), 2, "no header row stored as a student");
    studs.iter().for_each(|s| assert_stored(&stored, s));
}

/// A GBK CSV has no merges: a group's 学院/专业/班级 written only on its first line stay
/// empty on the others and each such cell is warned about, never guessed. The same file
/// then carries Excel's number damage: a 学号 in scientific notation is refused, an ID
/// number in scientific notation or cut to 15 digits is warned about and the stored
/// valid one kept.
#[test]
fn gbk_csv_blank_group_cells_stay_empty_and_damaged_numbers_are_caught() {
    let env = Env::new();
    let file = env.path("名单.csv");
    let mut studs = students(5, &[("软件2201", 3), ("机电2201", 2)]);
    // The truncated-ID student: 15 significant digits that Excel keeps, then 2 more.
    studs[2].id = id17("44060420000101123");
    let mut text = String::from("2025届毕业生名单\r\n") + &csv_line(&strs(&HEADER));
    for (i, s) in studs.iter().enumerate() {
        let mut cells = s.cells();
        if i != 0 && i != 3 {
            for c in [4, 5, 6] {
                cells[c].clear();
            }
        }
        text.push_str(&csv_line(&cells));
    }
    gbk(&file, &text);
    let r = env.import(&file, &[]);
    assert_eq!(
        (count(&r, "header_row"), count(&r, "added")),
        (2, 5),
        "{r:#}"
    );
    let stored = env.students();
    // Lines 3..=7: students 1..=5; lines 4, 5 and 7 have no 学院/专业/班级.
    for (i, s) in studs.iter().enumerate() {
        let mut want = s.stored();
        let line = i as u32 + 3;
        if i != 0 && i != 3 {
            want["college"] = json!("");
            want["major"] = json!("");
            want["class_name"] = json!("");
            let warned = on_row(arr(&r, "warnings"), line);
            for (header, letter) in [("学院", "E"), ("专业", "F"), ("班级", "G")] {
                assert!(
                    warned.iter().any(|w| w["column"] == header
                        || w["letter"] == letter
                        || w["reason"].as_str().unwrap_or("").contains(header)),
                    "line {line}: the empty {header} is not warned about: [{}]",
                    reasons(&warned)
                );
            }
        }
        assert_eq!(pick(&find(&stored, &s.no), FIELDS), want, "{}", s.no);
    }

    // The same roster after a round trip through Excel.
    let sci_student = {
        let mut s = Stu::new(6, "机电2201");
        s.no = "202204000101".into();
        s
    };
    let mut base_rows = studs.clone();
    base_rows.push(sci_student.clone());
    let base = env.path("base.csv");
    let mut text = csv_line(&strs(&HEADER));
    base_rows
        .iter()
        .for_each(|s| text.push_str(&csv_line(&s.cells())));
    gbk(&base, &text);
    env.import(&base, &[]);
    let before = env.students();

    let damaged = env.path("damaged.csv");
    let mut text = csv_line(&strs(&HEADER));
    for (i, s) in base_rows.iter().enumerate() {
        let mut cells = s.cells();
        match i {
            1 => cells[3] = "4.40604E+17".into(),
            2 => cells[3] = excel_truncated(&s.id),
            5 => cells[0] = "2.02204E+11".into(),
            _ => {}
        }
        text.push_str(&csv_line(&cells));
    }
    gbk(&damaged, &text);
    let r = env.import(&damaged, &[]);
    // Line 1 header; students on lines 2..=7.
    assert_eq!(
        (count(&r, "added"), count(&r, "withdrawn")),
        (0, 0),
        "{r:#}"
    );
    let rejected = arr(&r, "rejected");
    assert_eq!(rows_of(rejected), vec![7], "{rejected:#?}");
    issue_with(rejected, 7, &["科学计数法", "文本"]);
    let w = arr(&r, "warnings");
    issue_with(w, 3, &["科学计数法"]);
    issue_with(w, 4, &["可能被 Excel 截断"]);
    let after = env.students();
    assert_eq!(after.len(), 6, "nobody added");
    for s in &base_rows {
        assert_eq!(
            without_warnings(&find(&after, &s.no)),
            without_warnings(&find(&before, &s.no)),
            "{} changed",
            s.no
        );
    }
}

// =======================================================================================
// 2. Numbers damaged by Excel (.xlsx)

#[test]
fn excel_damaged_numbers_in_xlsx() {
    let env = Env::new();
    let mut studs = students(9, &[("软件2201", 5), ("大数据2201", 4)]);
    studs[2].id = id17("44060420000101123");
    let mut sci = Stu::new(10, "大数据2201");
    sci.no = "202204000101".into();
    studs.push(sci);
    let base = env.path("base.xlsx");
    roster_xlsx(&base, &studs);
    let r = env.import(&base, &[]);
    assert_eq!(count(&r, "added"), 10);
    let before = env.students();

    // Header on row 1, student k (0-based) on row k + 2.
    let file = env.path("damaged.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("名单").unwrap();
    put_row(ws, 0, &strs(&HEADER));
    for (k, s) in studs.iter().enumerate() {
        put_row(ws, k as u32 + 1, &s.cells());
    }
    // Row 2: 学号 0522010001 typed into a General cell: the number 522010001.
    ws.write_number(1, 0, 522010001.0).unwrap();
    // Row 3: the ID number shown in scientific notation, saved as text.
    ws.write_string(2, 3, "4.40604E+17").unwrap();
    // Row 4: the ID number as a number: Excel kept 15 digits.
    ws.write_number(3, 3, 440604200001011000.0).unwrap();
    // Row 5: 学号 as a number formatted to show its leading zero.
    let zeros = Format::new().set_num_format("0000000000");
    ws.write_number_with_format(4, 0, 522010004.0, &zeros)
        .unwrap();
    // Row 11: a 12-digit 学号 that Excel showed as 2.02204E+11, saved as text.
    ws.write_string(10, 0, "2.02204E+11").unwrap();
    book.save(&file).unwrap();

    let r = env.import(&file, &[]);
    assert_eq!(
        (count(&r, "added"), count(&r, "withdrawn")),
        (0, 0),
        "no student invented, nobody withdrawn: {r:#}"
    );
    let rejected = arr(&r, "rejected");
    assert_eq!(rows_of(rejected), vec![11], "{rejected:#?}");
    issue_with(rejected, 11, &["科学计数法", "文本"]);
    let w = arr(&r, "warnings");
    issue_with(w, 2, &["开头的 0"]);
    issue_with(w, 5, &["开头的 0"]);
    issue_with(w, 3, &["科学计数法"]);
    issue_with(w, 4, &["可能被 Excel 截断"]);

    let after = env.students();
    assert_eq!(nos(&after), nos(&before), "the same students, no 522010001");
    for s in &studs {
        assert_eq!(
            without_warnings(&find(&after, &s.no)),
            without_warnings(&find(&before, &s.no)),
            "{}: stored data changed",
            s.no
        );
        assert_stored(&after, s);
    }
}

/// .ods (WPS / LibreOffice): merged 学院/专业/班级 filled down on a first import (nothing
/// stored to fall back on), then the same number damage over the stored roster.
#[test]
fn ods_merged_cells_and_damaged_numbers() {
    let env = Env::new();
    let mut studs = students(5, &[("软件2201", 3), ("机电2201", 2)]);
    let mut sci = Stu::new(6, "机电2201");
    sci.no = "202204000101".into();
    studs.push(sci);

    let t = |s: &str| Od::Text(s.to_string());
    // Header on row 1, student k on row k + 2; `damaged` adds Excel's number damage.
    let sheet = |damaged: bool| -> Vec<Vec<Od>> {
        let mut rows: Vec<Vec<Od>> = vec![HEADER.iter().map(|h| t(h)).collect()];
        for (k, s) in studs.iter().enumerate() {
            let no = match k {
                0 if damaged => Od::Float(522010001.0),
                5 if damaged => t("2.02204E+11"),
                _ => t(&s.no),
            };
            let (college, major, class) = match k {
                0 | 3 => (
                    Od::Down(s.college.clone(), 3),
                    Od::Down(s.major.clone(), 3),
                    Od::Down(s.class.clone(), 3),
                ),
                _ => (Od::Covered, Od::Covered, Od::Covered),
            };
            let id = if damaged && k == 1 {
                t("4.40604E+17")
            } else {
                t(&s.id)
            };
            rows.push(vec![
                no,
                t(&s.name),
                t(&s.gender),
                id,
                college,
                major,
                class,
                t(&s.status),
                t(&s.grad),
            ]);
        }
        rows.push(vec![Od::Empty]);
        rows
    };

    let file = env.path("名单.ods");
    write_ods(&file, "名单", &sheet(false));
    let r = env.import(&file, &[]);
    assert_eq!(count(&r, "added"), 6, "{r:#}");
    // Two ranges of three rows in three columns: 2 cells each below the first.
    note_with(&r, &["合并单元格已向下填充：12 处"]);
    let before = env.students();
    studs.iter().for_each(|s| assert_stored(&before, s));

    let file = env.path("名单-excel.ods");
    write_ods(&file, "名单", &sheet(true));
    let r = env.import(&file, &[]);
    assert_eq!(
        (count(&r, "added"), count(&r, "withdrawn")),
        (0, 0),
        "{r:#}"
    );
    let rejected = arr(&r, "rejected");
    assert_eq!(rows_of(rejected), vec![7], "{rejected:#?}");
    issue_with(rejected, 7, &["科学计数法", "文本"]);
    let w = arr(&r, "warnings");
    issue_with(w, 2, &["开头的 0"]);
    issue_with(w, 3, &["科学计数法"]);
    let after = env.students();
    assert_eq!(nos(&after), nos(&before));
    for s in &studs {
        assert_stored(&after, s);
    }
}

// =======================================================================================
// 3. Stored valid values are never replaced by invalid or empty ones

#[test]
fn stored_valid_values_are_never_replaced_by_invalid_or_empty_ones() {
    let env = Env::new();
    let mut studs = students(6, &[("软件2201", 3), ("软件2202", 3)]);
    // Student 3 has no ID number: their gender comes from the 性别 column only.
    studs[2].id.clear();
    // Student 5 was stored with a wrong check digit (warned), corrected later.
    let good5 = studs[4].id.clone();
    let wrong_check = if good5.ends_with('1') { '2' } else { '1' };
    studs[4].id = format!("{}{wrong_check}", &good5[..17]);
    let base = env.path("base.xlsx");
    roster_xlsx(&base, &studs);
    env.import(&base, &[]);
    let before = env.students();
    assert_eq!(find(&before, &studs[2].no)["gender"], "男");
    assert_eq!(find(&before, &studs[3].no)["class_name"], "软件2202");

    // Header row 1: A 学号 B 姓名 C 性别 D 身份证号 E 学院 F 专业 G 班级; student k on row k+2.
    let mut later: Vec<Vec<String>> = studs.iter().map(Stu::cells).collect();
    let first17 = &studs[0].id[..17];
    let bad_check = if studs[0].id.ends_with('0') { '1' } else { '0' };
    later[0][3] = format!("{first17}{bad_check}"); // row 2: ID now invalid
    later[1][3].clear(); // row 3: ID now empty
    later[2][2].clear(); // row 4: 性别 now empty (no ID to take it from)
    later[3][6].clear(); // row 5: 班级 now empty
    later[4][3] = good5.clone(); // row 6: the wrong ID corrected
    let file = env.path("later.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    put_row(ws, 0, &strs(&HEADER));
    for (k, cells) in later.iter().enumerate() {
        put_row(ws, k as u32 + 1, cells);
    }
    book.save(&file).unwrap();

    let r = env.import(&file, &[]);
    assert_eq!(
        (count(&r, "added"), count(&r, "withdrawn")),
        (0, 0),
        "{r:#}"
    );
    assert!(arr(&r, "rejected").is_empty(), "{r:#}");
    let w = arr(&r, "warnings");
    for (row, letter) in [(2, "D"), (3, "D"), (4, "C"), (5, "G")] {
        let here = on_row(w, row);
        assert!(
            here.iter().any(|i| i["letter"] == letter),
            "row {row}: no warning on column {letter}: [{}]",
            reasons(&here)
        );
    }
    let after = env.students();
    let mut want = studs.clone();
    want[4].id = good5;
    for (k, s) in want.iter().enumerate() {
        let got = pick(&find(&after, &s.no), FIELDS);
        let mut expected = s.stored();
        if k == 2 {
            expected["id_number"] = Value::Null;
        }
        assert_eq!(got, expected, "{}", s.no);
    }
}

// =======================================================================================
// 4. Full-width and invisible characters

fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' | 'a'..='z' | 'A'..='Z' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
            c => c,
        })
        .collect()
}

#[test]
fn full_width_and_invisible_characters_are_normalised() {
    let mut studs = students(4, &[("软件2201", 4)]);
    studs[0].id = id_with_x();
    studs[0].gender = if validate(&studs[0].id).unwrap().gender == rollcall::roster::Gender::Male {
        "男".into()
    } else {
        "女".into()
    };
    assert_eq!(studs[0].name, "林子");
    let messy = |studs: &[Stu]| -> Vec<Vec<String>> {
        let mut rows: Vec<Vec<String>> = studs.iter().map(Stu::cells).collect();
        rows[0][0] = full_width(&studs[0].no);
        rows[0][1] = "林 子".into();
        rows[0][3] = full_width(&studs[0].id.to_lowercase());
        assert!(rows[0][3].ends_with('ｘ'));
        rows[1][0] = format!("{}\u{200b}{}", &studs[1].no[..5], &studs[1].no[5..]);
        rows[1][3] = format!(" {}\u{200b}", studs[1].id);
        rows[2][0] = format!("\u{a0}{}\u{a0}", studs[2].no);
        rows[3][1] = format!("{}\u{3000}", studs[3].name);
        rows
    };
    let write = |path: &Path, rows: &[Vec<String>]| {
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        put_row(ws, 0, &strs(&HEADER));
        for (k, cells) in rows.iter().enumerate() {
            put_row(ws, k as u32 + 1, cells);
        }
        book.save(path).unwrap();
    };

    // A first import of the messy file stores clean values.
    let env = Env::new();
    let file = env.path("messy.xlsx");
    write(&file, &messy(&studs));
    let r = env.import(&file, &[]);
    assert_eq!(count(&r, "added"), 4, "{r:#}");
    let stored = env.students();
    studs.iter().for_each(|s| assert_stored(&stored, s));

    // Over a clean roster it changes nobody and adds nobody.
    let env = Env::new();
    let clean = env.path("clean.xlsx");
    roster_xlsx(&clean, &studs);
    env.import(&clean, &[]);
    let before = env.students();
    let file = env.path("messy.xlsx");
    write(&file, &messy(&studs));
    let r = env.import(&file, &[]);
    assert_eq!(
        (count(&r, "added"), count(&r, "withdrawn")),
        (0, 0),
        "{r:#}"
    );
    assert!(arr(&r, "rejected").is_empty(), "{r:#}");
    let after = env.students();
    let plain = |v: &[Value]| v.iter().map(without_warnings).collect::<Vec<_>>();
    assert_eq!(plain(&after), plain(&before));
    studs.iter().for_each(|s| assert_stored(&after, s));
    // Also as GBK CSV (Excel keeps full-width digits through "CSV (逗号分隔)").
    let csv = env.path("messy.csv");
    let rows = messy(&studs);
    let mut text = csv_line(&strs(&HEADER));
    for row in &rows {
        // GBK has no zero-width or no-break space: the full-width forms only.
        let cells: Vec<String> = row
            .iter()
            .map(|c| c.replace(['\u{200b}', '\u{a0}'], ""))
            .collect();
        text.push_str(&csv_line(&cells));
    }
    gbk(&csv, &text);
    let r = env.import(&csv, &[]);
    assert_eq!(
        (count(&r, "added"), count(&r, "withdrawn")),
        (0, 0),
        "{r:#}"
    );
    assert_eq!(plain(&env.students()), plain(&before));
}

#[test]
fn full_width_digits_inside_id_numbers_never_panic() {
    let env = Env::new();
    let good = id_of(1);
    let odd = [
        format!("{}４{}", &good[..10], &good[11..]),
        format!("{}\u{ff58}", &good[..17]),
        "４".to_string(),
        format!("{}１２", &good[..16]),
        format!("{}\u{200b}{}", &good[..9], &good[9..]),
        "４４０６０４２００３".to_string(),
    ];
    for (k, id) in odd.iter().enumerate() {
        let file = env.path(&format!("odd{k}.xlsx"));
        let mut s = Stu::new(1, "软件2201");
        s.id = id.clone();
        roster_xlsx(&file, std::slice::from_ref(&s));
        let out = env.run(&Env::import_args(&file, &[]));
        let code = out.status.code();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(code, Some(0) | Some(1)),
            "ID {id:?}: exit {code:?}, stderr: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        if code == Some(0) {
            let stored = env.student(&s.no);
            if let Some(id) = stored["id_number"].as_str() {
                assert!(id.is_ascii(), "stored ID not ASCII: {id:?}");
            }
        }
    }
}

// =======================================================================================
// 5. Withdrawals

#[test]
fn a_file_without_student_rows_is_refused() {
    let env = Env::new();
    let studs = students(5, &[("软件2201", 5)]);
    let base = env.path("base.xlsx");
    roster_xlsx(&base, &studs);
    env.import(&base, &[]);

    let header_only = env.path("empty.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "2025届毕业生名单").unwrap();
    put_row(ws, 1, &strs(&HEADER));
    // Formatted blank rows: Excel keeps them in the used range.
    let bold = Format::new().set_bold();
    for r in 2..6 {
        ws.write_blank(r, 0, &bold).unwrap();
    }
    book.save(&header_only).unwrap();
    let err = env.refused_import(&header_only, &[]);
    assert!(err.contains("没有任何学生行"), "{err}");
    let err = env.refused_import(&header_only, &["--allow-withdraw"]);
    assert!(err.contains("没有任何学生行"), "{err}");

    let csv = env.path("empty.csv");
    gbk(&csv, &(csv_line(&strs(&HEADER)) + ",,,,,,,,\r\n"));
    let err = env.refused_import(&csv, &[]);
    assert!(err.contains("没有任何学生行"), "{err}");
    let stored = env.students();
    studs.iter().for_each(|s| assert_stored(&stored, s));
}

#[test]
fn leaving_out_many_students_needs_confirmation() {
    let env = Env::new();
    let classes = [
        ("软件2201", 6),
        ("软件2202", 6),
        ("大数据2201", 4),
        ("机电2201", 4),
    ];
    let studs = students(20, &classes);
    let full = env.path("full.xlsx");
    roster_xlsx(&full, &studs);
    assert_eq!(count(&env.import(&full, &[]), "added"), 20);

    // 3 of 20 (15 %): imported without asking.
    let few: Vec<Stu> = studs
        .iter()
        .enumerate()
        .filter(|(k, _)| ![0, 1, 16].contains(k))
        .map(|(_, s)| s.clone())
        .collect();
    let file = env.path("few.xlsx");
    roster_xlsx(&file, &few);
    let r = env.import(&file, &[]);
    assert_eq!(count(&r, "withdrawn"), 3, "{r:#}");
    assert_eq!(r["needs_confirmation"], false);
    assert_eq!(
        r["withdrawn_by_class"],
        json!([{"class_name": "软件2201", "count": 2}, {"class_name": "机电2201", "count": 1}])
    );
    let stored = env.students();
    for (k, s) in studs.iter().enumerate() {
        let withdrawn = !find(&stored, &s.no)["withdrawn_at"].is_null();
        assert_eq!(withdrawn, [0, 1, 16].contains(&k), "{}", s.no);
    }
    // They come back with the full file.
    let r = env.import(&full, &[]);
    assert_eq!((count(&r, "added"), count(&r, "withdrawn")), (0, 0));
    let stored = env.students();
    studs.iter().for_each(|s| assert_stored(&stored, s));

    // 5 of 20 (25 %): refused unless confirmed.
    let left_out = [6, 7, 8, 12, 13]; // 3 of 软件2202, 2 of 大数据2201
    let part: Vec<Stu> = studs
        .iter()
        .enumerate()
        .filter(|(k, _)| !left_out.contains(k))
        .map(|(_, s)| s.clone())
        .collect();
    let file = env.path("part.xlsx");
    roster_xlsx(&file, &part);
    let err = env.refused_import(&file, &[]);
    assert!(err.contains("标记为已退出"), "{err}");
    assert!(numbers_in(&err).contains(&5), "the count is named: {err}");

    let before = env.snapshot();
    let dry = env.import(&file, &["--dry-run"]);
    assert_eq!(env.snapshot(), before, "a dry run writes nothing");
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["needs_confirmation"], true, "{dry:#}");
    assert_eq!(count(&dry, "withdrawn"), 5);
    assert_eq!(
        dry["withdrawn_by_class"],
        json!([{"class_name": "软件2202", "count": 3}, {"class_name": "大数据2201", "count": 2}])
    );

    let r = env.import(&file, &["--allow-withdraw"]);
    assert_eq!(count(&r, "withdrawn"), 5, "{r:#}");
    assert_eq!(
        r["withdrawn_by_class"],
        json!([{"class_name": "软件2202", "count": 3}, {"class_name": "大数据2201", "count": 2}])
    );
    let stored = env.students();
    assert_eq!(stored.len(), 20, "nobody deleted");
    for (k, s) in studs.iter().enumerate() {
        let got = find(&stored, &s.no);
        if left_out.contains(&k) {
            assert!(got["withdrawn_at"].is_string(), "{} not withdrawn", s.no);
            let mut rest = pick(&got, FIELDS);
            rest["withdrawn_at"] = Value::Null;
            assert_eq!(rest, s.stored(), "{}: only withdrawn_at changes", s.no);
        } else {
            assert_eq!(pick(&got, FIELDS), s.stored(), "{}", s.no);
        }
    }
}

// =======================================================================================
// 6. Several sheets

#[test]
fn an_explanation_sheet_before_the_data_is_passed_over() {
    let env = Env::new();
    let studs = students(3, &[("软件2201", 3)]);
    let file = env.path("with-notes.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("说明").unwrap();
    ws.write_string(0, 0, "填表说明").unwrap();
    ws.write_string(
        1,
        0,
        "1. 请按学号、姓名、班级的顺序填写，学号列设置为文本格式。",
    )
    .unwrap();
    ws.write_string(2, 0, "2. 身份证号必须为 18 位，末位 X 大写。")
        .unwrap();
    ws.write_string(4, 0, "教务部").unwrap();
    ws.write_string(4, 1, "2025年3月").unwrap();
    let ws = book.add_worksheet();
    ws.set_name("2025届名单").unwrap();
    put_row(ws, 0, &strs(&HEADER));
    for (k, s) in studs.iter().enumerate() {
        put_row(ws, k as u32 + 1, &s.cells());
    }
    book.save(&file).unwrap();

    let r = env.import(&file, &[]);
    assert_eq!(r["sheet"], "2025届名单");
    assert_eq!(r["sheets"], json!(["2025届名单"]));
    note_with(&r, &["2025届名单"]);
    assert_eq!((count(&r, "read"), count(&r, "added")), (3, 3), "{r:#}");
    let stored = env.students();
    assert_eq!(stored.len(), 3);
    studs.iter().for_each(|s| assert_stored(&stored, s));
}

#[test]
fn one_sheet_per_college_needs_all_sheets() {
    let env = Env::new();
    let studs = students(12, &[("软件2201", 4), ("机电2201", 4), ("会计2201", 4)]);
    let full = env.path("full.xlsx");
    roster_xlsx(&full, &studs);
    assert_eq!(count(&env.import(&full, &[]), "added"), 12);
    let before = env.students();

    let colleges = ["信息工程学院", "机电工程学院", "经济管理学院"];
    let file = env.path("per-college.xlsx");
    let mut book = Workbook::new();
    for (g, college) in colleges.iter().enumerate() {
        let ws = book.add_worksheet();
        ws.set_name(*college).unwrap();
        put_row(ws, 0, &strs(&HEADER));
        for k in 0..4 {
            let s = &studs[g * 4 + k];
            assert_eq!(s.college, *college);
            let mut cells = s.cells();
            if g == 1 && k == 2 {
                cells[1].clear(); // 机电工程学院, row 4: no 姓名
            }
            put_row(ws, k as u32 + 1, &cells);
        }
    }
    book.save(&file).unwrap();

    // Only the first sheet: 8 of 12 would be withdrawn.
    let err = env.refused_import(&file, &[]);
    assert!(err.contains("标记为已退出"), "{err}");
    assert!(numbers_in(&err).contains(&8), "the count is named: {err}");
    let dry = env.import(&file, &["--dry-run"]);
    assert_eq!(dry["sheets"], json!(["信息工程学院"]));
    assert_eq!(dry["needs_confirmation"], true);
    assert_eq!(count(&dry, "withdrawn"), 8);
    note_with(&dry, &["机电工程学院", "经济管理学院"]);

    let r = env.import(&file, &["--all-sheets"]);
    assert_eq!(r["sheets"], json!(colleges));
    assert_eq!(
        (count(&r, "added"), count(&r, "withdrawn")),
        (0, 0),
        "{r:#}"
    );
    let rejected = arr(&r, "rejected");
    assert_eq!(rejected.len(), 1, "{rejected:#?}");
    assert_eq!(
        pick(&rejected[0], &["sheet", "row", "letter"]),
        json!({"sheet": "机电工程学院", "row": 4, "letter": "B"})
    );
    let after = env.students();
    assert_eq!(after.len(), 12);
    for s in &studs {
        assert_eq!(
            without_warnings(&find(&after, &s.no)),
            without_warnings(&find(&before, &s.no))
        );
        assert_stored(&after, s);
    }
}

// =======================================================================================
// 7. Rows that are not students; hidden rows

#[test]
fn rows_that_are_not_students_are_skipped_and_hidden_rows_listed() {
    let env = Env::new();
    let studs = students(4, &[("软件2201", 4)]);
    let header = [
        "序号",
        "学号",
        "姓名",
        "性别",
        "身份证号",
        "班级",
        "学籍状态",
        "预计毕业年份",
        "备注",
    ];
    // Real students' remarks that look like a template's: never a reason to skip them.
    let remark = |n: &str| match n {
        "2" => "（专升本）",
        "3" => "（退役复学）",
        _ => "",
    };
    let row = |n: &str, s: &Stu| -> Vec<String> {
        vec![
            n.into(),
            s.no.clone(),
            s.name.clone(),
            s.gender.clone(),
            s.id.clone(),
            s.class.clone(),
            s.status.clone(),
            s.grad.clone(),
            remark(n).into(),
        ]
    };
    let file = env.path("template.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.merge_range(0, 0, 0, 8, "2025届毕业生信息采集表", &Format::new())
        .unwrap();
    put_row(ws, 1, &strs(&header)); // row 2
    put_row(
        ws,
        2,
        &strs(&[
            "",
            "（必填，12位数字）",
            "（必填）",
            "（男/女）",
            "（18位）",
            "",
            "",
            "",
            "（选填）",
        ]),
    ); // row 3
    let mut example = Stu::new(20, "软件2201");
    example.no = "202201010101".into();
    example.name = "张三".into();
    put_row(ws, 3, &row("示例", &example)); // row 4
    for (k, s) in studs.iter().enumerate() {
        put_row(ws, k as u32 + 4, &row(&(k + 1).to_string(), s)); // rows 5..=8
    }
    ws.set_row_hidden(7).unwrap(); // row 8: student 4, hidden
    ws.write_string(8, 0, "合计：2400人").unwrap(); // row 9
    ws.write_string(10, 1, "制表人：张三  审核：李四").unwrap(); // row 11
    ws.write_string(11, 0, "注：学号、身份证号请勿修改。")
        .unwrap(); // row 12
    book.save(&file).unwrap();

    let r = env.import(&file, &[]);
    assert_eq!(count(&r, "header_row"), 2);
    assert!(arr(&r, "rejected").is_empty(), "{:#?}", r["rejected"]);
    assert_eq!(rows_of(arr(&r, "skipped")), vec![3, 4, 9, 11, 12], "{r:#}");
    assert_eq!(rows_of(arr(&r, "hidden")), vec![8]);
    assert_eq!(count(&r, "added"), 4);
    let stored = env.students();
    assert_eq!(
        nos(&stored),
        nos_of(&studs),
        "no hint, example or total stored; every student stored"
    );
    assert_eq!(find(&stored, &studs[1].no)["extra"]["备注"], "（专升本）");
    for s in &studs {
        // The file has no 学院/专业 columns.
        let mut s = s.clone();
        s.college.clear();
        s.major.clear();
        assert_stored(&stored, &s);
    }
}

/// Every number written in digits in `text`.
fn numbers_in(text: &str) -> Vec<u64> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter_map(|t| t.parse().ok())
        .collect()
}

fn nos_of(studs: &[Stu]) -> Vec<String> {
    let mut v: Vec<String> = studs.iter().map(|s| s.no.clone()).collect();
    v.sort();
    v
}

// =======================================================================================
// 8. Formula errors

/// No value anywhere in the stored roster (extra columns included) is a formula error.
/// (The stored warnings may quote the error: they are not data.)
fn assert_no_formula_error_stored(env: &Env) {
    let data: Vec<Value> = env.students().iter().map(without_warnings).collect();
    let text = serde_json::to_string(&data).unwrap();
    for e in ["#N/A", "#REF!", "#VALUE!", "#DIV/0!"] {
        assert!(!text.contains(e), "{e} stored: {text}");
    }
}

#[test]
fn formula_errors_are_never_data() {
    let env = Env::new();
    let studs = students(3, &[("软件2201", 3)]);
    let base = env.path("base.xlsx");
    roster_xlsx(&base, &studs);
    env.import(&base, &[]);

    let new = Stu::new(9, "软件2202");
    let file = env.path("lookup.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    put_row(ws, 0, &strs(&HEADER));
    for (k, s) in studs.iter().enumerate() {
        put_row(ws, k as u32 + 1, &s.cells()); // rows 2..=4
    }
    put_row(ws, 4, &new.cells()); // row 5
    let err = |e: &str| Formula::new("=VLOOKUP(A2,Sheet2!A:B,2,0)").set_result(e);
    // Row 2 (stored student): 学院 #REF!, 专业 #VALUE!, 班级 #N/A.
    ws.write_formula(1, 4, err("#REF!")).unwrap();
    ws.write_formula(1, 5, err("#VALUE!")).unwrap();
    ws.write_formula(1, 6, err("#N/A")).unwrap();
    // Row 5 (new student): 身份证号 and 班级 #N/A.
    ws.write_formula(4, 3, err("#N/A")).unwrap();
    ws.write_formula(4, 6, err("#N/A")).unwrap();
    // Row 6: the 学号 itself is #N/A.
    put_row(ws, 5, &strs(&["", "赵某", "男"]));
    ws.write_formula(5, 0, err("#N/A")).unwrap();
    book.save(&file).unwrap();

    let r = env.import(&file, &[]);
    assert_eq!(count(&r, "added"), 1, "{r:#}");
    assert_eq!(count(&r, "withdrawn"), 0);
    let all: Vec<Value> = arr(&r, "warnings")
        .iter()
        .chain(arr(&r, "rejected"))
        .cloned()
        .collect();
    for (row, letter) in [(2, "E"), (2, "F"), (2, "G"), (5, "D"), (5, "G"), (6, "A")] {
        let here = on_row(&all, row);
        assert!(
            here.iter().any(
                |i| i["letter"] == letter && i["reason"].as_str().unwrap().contains("公式错误")
            ),
            "row {row} column {letter}: no 公式错误 issue: [{}]",
            reasons(&here)
        );
    }
    assert!(
        rows_of(arr(&r, "rejected")).contains(&6),
        "a row whose 学号 is #N/A is not a student"
    );
    let stored = env.students();
    assert_eq!(stored.len(), 4);
    studs.iter().for_each(|s| assert_stored(&stored, s));
    let mut want = new.stored();
    want["id_number"] = Value::Null;
    want["class_name"] = json!("");
    assert_eq!(pick(&find(&stored, &new.no), FIELDS), want);
    assert_no_formula_error_stored(&env);

    // The same errors as text in a CSV that Excel saved.
    let csv = env.path("lookup.csv");
    let mut text = csv_line(&strs(&HEADER));
    let mut cells = studs[1].cells();
    cells[6] = "#N/A".into();
    cells[4] = "#REF!".into();
    let mut other = Stu::new(10, "软件2202");
    let mut new_cells = other.cells();
    new_cells[6] = "#N/A".into();
    new_cells[3] = "#VALUE!".into();
    text.push_str(&csv_line(&studs[0].cells()));
    text.push_str(&csv_line(&cells)); // line 3
    text.push_str(&csv_line(&studs[2].cells()));
    text.push_str(&csv_line(&new.cells()));
    text.push_str(&csv_line(&new_cells)); // line 6
    gbk(&csv, &text);
    let r = env.import(&csv, &[]);
    assert_eq!(count(&r, "added"), 1, "{r:#}");
    let w = arr(&r, "warnings");
    issue_with(w, 3, &["公式错误"]);
    issue_with(w, 6, &["公式错误"]);
    let stored = env.students();
    assert_stored(&stored, &studs[1]);
    other.class.clear();
    other.id.clear();
    let mut want = other.stored();
    want["id_number"] = Value::Null;
    assert_eq!(pick(&find(&stored, &other.no), FIELDS), want);
    assert_no_formula_error_stored(&env);
}

// =======================================================================================
// 9. Eligibility: graduation dates, 年级 + 学制, 学籍状态

#[test]
fn graduation_dates_in_every_format() {
    let env = Env::new();
    let file = env.path("dates.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    put_row(
        ws,
        0,
        &strs(&["学号", "姓名", "班级", "学籍状态", "预计毕业时间"]),
    );
    // (学号, the cell, grad_year)
    let text_cells = [
        ("D01", "20250630", 2025),
        ("D02", "2025-06-30", 2025),
        ("D03", "2025年6月", 2025),
        ("D04", "2025.06", 2025),
        ("D05", "2025/6/30", 2025),
        ("D06", "20260630", 2026),
    ];
    let mut expected: Vec<(&str, i64)> = Vec::new();
    let mut r = 1;
    for (no, cell, year) in text_cells {
        put_row(ws, r, &strs(&[no, "学生", "软件2201", "注册学籍", cell]));
        expected.push((no, year));
        r += 1;
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let cn_date = Format::new().set_num_format("yyyy\"年\"m\"月\"");
    // Excel serials: 45838 = 2025-06-30, 46203 = 2026-06-30.
    for (no, serial, fmt, year) in [
        ("D07", 45838.0, None, 2025),
        ("D08", 45838.0, Some(&date), 2025),
        ("D09", 45838.0, Some(&cn_date), 2025),
        ("D10", 46203.0, None, 2026),
    ] {
        put_row(ws, r, &strs(&[no, "学生", "软件2201", "注册学籍"]));
        match fmt {
            Some(f) => ws.write_number_with_format(r, 4, serial, f).unwrap(),
            None => ws.write_number(r, 4, serial).unwrap(),
        };
        expected.push((no, year));
        r += 1;
    }
    book.save(&file).unwrap();

    let report = env.import(&file, &[]);
    assert_eq!(count(&report, "added"), 10, "{report:#}");
    let stored = env.students();
    for (no, year) in expected {
        let s = find(&stored, no);
        assert_eq!(s["grad_year"], year, "{no}: {s:#}");
        assert_eq!(
            s["ineligible_reason"].is_null(),
            year == 2025,
            "{no}: {}",
            s["ineligible_reason"]
        );
    }
    assert_eq!(count(&report, "ineligible"), 2);
}

#[test]
fn grad_year_from_intake_year_and_duration() {
    let env = Env::new();
    let file = env.path("intake.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    put_row(
        ws,
        0,
        &strs(&["学号", "姓名", "班级", "年级", "学制", "学籍状态"]),
    );
    let rows = [
        ("G1", "2022级", "三年制", 2022, 3, 2025),
        ("G2", "2023级", "两年制", 2023, 2, 2025),
        ("G3", "2022", "3", 2022, 3, 2025),
        ("G4", "2022级", "四年制", 2022, 4, 2026),
        ("G5", "2023级", "三年制", 2023, 3, 2026),
    ];
    for (k, (no, intake, duration, ..)) in rows.iter().enumerate() {
        put_row(
            ws,
            k as u32 + 1,
            &strs(&[*no, "学生", "软件2201", *intake, *duration, "注册学籍"]),
        );
    }
    book.save(&file).unwrap();
    let r = env.import(&file, &[]);
    assert_eq!(count(&r, "added"), 5, "{r:#}");
    note_with(&r, &["年级", "学制"]);
    let stored = env.students();
    for (no, _, _, intake, duration, grad) in rows {
        let s = find(&stored, no);
        assert_eq!(
            pick(&s, &["intake_year", "duration_years", "grad_year"]),
            json!({"intake_year": intake, "duration_years": duration, "grad_year": grad}),
            "{no}"
        );
        assert_eq!(s["ineligible_reason"].is_null(), grad == 2025, "{no}");
    }
}

#[test]
fn enrolment_status_as_offices_write_it() {
    let env = Env::new();
    let file = env.path("status.xlsx");
    let eligible = ["注册学籍", "在籍", "在读", "注册", "有学籍"];
    let not = ["休学", "保留学籍", "退学", "结业"];
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    put_row(ws, 0, &strs(&["学号", "姓名", "班级", "学籍状态", "届别"]));
    for (k, status) in eligible.iter().chain(not.iter()).enumerate() {
        put_row(
            ws,
            k as u32 + 1,
            &strs(&[format!("E{k}").as_str(), "学生", "软件2201", status, "2025"]),
        );
    }
    book.save(&file).unwrap();
    let r = env.import(&file, &[]);
    assert_eq!(count(&r, "added"), 9);
    assert_eq!(count(&r, "ineligible"), 4, "{r:#}");
    let stored = env.students();
    for (k, status) in eligible.iter().enumerate() {
        let s = find(&stored, &format!("E{k}"));
        assert!(s["ineligible_reason"].is_null(), "{status}: {s:#}");
        assert_eq!(s["grad_year"], 2025);
    }
    for (k, status) in not.iter().enumerate() {
        let s = find(&stored, &format!("E{}", k + eligible.len()));
        let reason = s["ineligible_reason"].as_str().unwrap_or_else(|| {
            panic!("{status} must not be eligible: {s:#}");
        });
        assert!(reason.contains(status), "{status}: {reason}");
    }
}

#[test]
fn a_mostly_ineligible_file_warns_that_the_mapping_is_probably_wrong() {
    let env = Env::new();
    let file = env.path("wrong-year.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    put_row(ws, 0, &strs(&["学号", "姓名", "班级", "学籍状态", "届别"]));
    let mut k = 1;
    let mut put = |status: &str, year: &str| {
        put_row(
            ws,
            k,
            &strs(&[
                format!("M{k:02}").as_str(),
                "学生",
                "软件2201",
                status,
                year,
            ]),
        );
        k += 1;
    };
    (0..7).for_each(|_| put("注册学籍", "2024"));
    (0..2).for_each(|_| put("休学", "2025"));
    put("注册学籍", "2025");
    book.save(&file).unwrap();

    // A healthy file gives no such note.
    let ok_file = env.path("healthy.xlsx");
    roster_xlsx(&ok_file, &students(4, &[("软件2201", 4)]));
    let healthy = env.import(&ok_file, &["--dry-run"]);
    assert_eq!(count(&healthy, "ineligible"), 0);

    let r = env.import(&file, &[]);
    assert_eq!((count(&r, "added"), count(&r, "ineligible")), (10, 9));
    let top = arr(&r, "ineligible_reasons");
    assert!(top.len() >= 2, "{top:#?}");
    assert_eq!(top[0]["count"], 7, "{top:#?}");
    assert!(top[0]["reason"].as_str().unwrap().contains("2024"));
    assert_eq!(top[1]["count"], 2, "{top:#?}");
    assert!(top[1]["reason"].as_str().unwrap().contains("休学"));
    let new_notes: Vec<String> = notes(&r)
        .into_iter()
        .filter(|n| !notes(&healthy).contains(n))
        .collect();
    assert!(
        new_notes
            .iter()
            .any(|n| numbers_in(n).contains(&9) && n.contains("列")),
        "no note says 9 students are not eligible and to check the columns: {:?}",
        notes(&r)
    );
}

// =======================================================================================
// 10. ID number columns

fn target_of(report: &Value, header: &str) -> Value {
    arr(report, "columns")
        .iter()
        .find(|c| c["header"] == header)
        .unwrap_or_else(|| panic!("no column {header}: {:#}", report["columns"]))["target"]
        .clone()
}

#[test]
fn id_headers_as_offices_write_them() {
    let id_field = json!({"kind": "field", "field": "id_number"});
    let studs = students(2, &[("软件2201", 2)]);
    for header in [
        "身份证号码（18位）",
        "居民身份证号码",
        "身份证号(必填)",
        "学生身份证号",
        "证件号码",
    ] {
        let env = Env::new();
        let file = env.path("ids.xlsx");
        let mut h = strs(&HEADER);
        h[3] = header.into();
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        put_row(ws, 0, &h);
        for (k, s) in studs.iter().enumerate() {
            put_row(ws, k as u32 + 1, &s.cells());
        }
        book.save(&file).unwrap();
        let r = env.import(&file, &[]);
        assert_eq!(target_of(&r, header), id_field, "{header}");
        let stored = env.students();
        studs.iter().for_each(|s| assert_stored(&stored, s));
    }
}

#[test]
fn a_column_of_id_numbers_under_another_header_is_proposed() {
    let env = Env::new();
    let studs = students(5, &[("软件2201", 5)]);
    let file = env.path("remarks.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    put_row(ws, 0, &strs(&["学号", "姓名", "班级", "备注", "备注2"]));
    for (k, s) in studs.iter().enumerate() {
        let remark = if k == 0 { "班长" } else { "" };
        let id = if k == 4 { "" } else { s.id.as_str() };
        put_row(
            ws,
            k as u32 + 1,
            &strs(&[s.no.as_str(), s.name.as_str(), s.class.as_str(), remark, id]),
        );
    }
    book.save(&file).unwrap();
    let dry = env.import(&file, &["--dry-run"]);
    assert_eq!(
        target_of(&dry, "备注2"),
        json!({"kind": "field", "field": "id_number"})
    );
    assert_eq!(target_of(&dry, "备注"), json!({"kind": "extra"}));
    let r = env.import(&file, &[]);
    assert_eq!(count(&r, "added"), 5);
    let stored = env.students();
    for (k, s) in studs.iter().enumerate() {
        let got = find(&stored, &s.no);
        if k == 4 {
            assert!(got["id_number"].is_null());
        } else {
            assert_eq!(got["id_number"], s.id.as_str());
        }
        assert!(got["extra"].get("备注2").is_none(), "{got:#}");
    }
}

#[test]
fn roster_list_never_shows_a_full_id_number_without_reveal() {
    let env = Env::new();
    let studs = students(3, &[("软件2201", 3)]);
    let parents: Vec<String> = (0..3)
        .map(|k| id17(&format!("44060419750505{k:03}")))
        .collect();
    let file = env.path("extras.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let mut h = strs(&HEADER);
    h.extend(strs(&["家长证件", "备注"]));
    put_row(ws, 0, &h);
    for (k, s) in studs.iter().enumerate() {
        let mut cells = s.cells();
        cells.push(parents[k].clone());
        cells.push(format!("原身份证号 {} 已更正", id_of(40 + k as u32)));
        put_row(ws, k as u32 + 1, &cells);
    }
    book.save(&file).unwrap();
    let r = env.import(&file, &[]);
    assert_eq!(count(&r, "added"), 3);
    assert_eq!(
        target_of(&r, "身份证号"),
        json!({"kind": "field", "field": "id_number"})
    );
    let masked = common::ok(&env.run(&["roster", "list", "--json", "--withdrawn"]));
    let text = common::ok(&env.run(&["roster", "list"]));
    let full: Vec<String> = studs
        .iter()
        .map(|s| s.id.clone())
        .chain(parents.iter().cloned())
        .chain((0..3).map(|k| id_of(40 + k)))
        .collect();
    for id in &full {
        assert!(
            !masked.contains(id.as_str()),
            "{id} in `roster list --json`: {masked}"
        );
        assert!(!text.contains(id.as_str()), "{id} in `roster list`: {text}");
    }
    // The extra columns are still there, masked.
    let j: Value = serde_json::from_str(&masked).unwrap();
    assert!(j["students"][0]["extra"]["家长证件"].is_string(), "{j:#}");
    // And --reveal shows them.
    let revealed = env.students();
    assert_eq!(
        find(&revealed, &studs[0].no)["id_number"],
        studs[0].id.as_str()
    );
}

// =======================================================================================
// 11. Duplicate rows

#[test]
fn exact_duplicates_are_kept_once_conflicting_ones_rejected() {
    let env = Env::new();
    let studs = students(3, &[("软件2201", 3)]);
    let mut conflicting = studs[1].cells();
    conflicting[1] = "王小芳".into();
    let file = env.path("dups.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    put_row(ws, 0, &strs(&HEADER));
    put_row(ws, 1, &studs[0].cells()); // row 2
    put_row(ws, 2, &studs[1].cells()); // row 3
    put_row(ws, 3, &studs[0].cells()); // row 4: same as row 2
    put_row(ws, 4, &conflicting); // row 5: 学号 of row 3, another name
    put_row(ws, 5, &studs[2].cells()); // row 6
    book.save(&file).unwrap();

    let r = env.import(&file, &[]);
    assert_eq!(count(&r, "added"), 2, "{r:#}");
    issue_with(arr(&r, "warnings"), 4, &["完全相同"]);
    let rejected = arr(&r, "rejected");
    assert_eq!(rows_of(rejected), vec![3, 5], "{rejected:#?}");
    let stored = env.students();
    assert_eq!(nos(&stored), nos_of(&[studs[0].clone(), studs[2].clone()]));
    assert_stored(&stored, &studs[0]);
    assert_stored(&stored, &studs[2]);
}
