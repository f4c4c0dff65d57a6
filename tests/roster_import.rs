//! Roster import on real files: .xlsx written by rust_xlsxwriter, GBK CSV written through
//! encoding_rs, broken and foreign files; results read back from a reopened database.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rollcall::campaign::{self, Campaign};
use rollcall::roster::import::{self, Field, ImportError, ImportOptions, ImportReport, Target};
use rollcall::roster::{self, ListFilter, RosterEntry};
use rollcall::store::{Clock, Store};
use rollcall::tabular::TabularError;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

const NOW: &str = "2025-04-01 09:00:00";

/// A cell of a test sheet: "#123" a number, "@2025-06-30" a date, anything else text.
fn write_xlsx(path: &Path, rows: &[&[&str]], merges: &[(u32, u16, u32, u16, &str)]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("学生名单").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let blank = Format::new().set_bold();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if let Some(n) = cell.strip_prefix('#') {
                sheet.write_number(r, c, n.parse::<f64>().unwrap()).unwrap();
            } else if let Some(d) = cell.strip_prefix('@') {
                let p: Vec<u16> = d.split('-').map(|x| x.parse().unwrap()).collect();
                let dt = ExcelDateTime::from_ymd(p[0], p[1] as u8, p[2] as u8).unwrap();
                sheet.write_datetime_with_format(r, c, &dt, &date).unwrap();
            } else if *cell == "_" {
                // A formatted blank cell: Excel keeps such rows in the used range.
                sheet.write_blank(r, c, &blank).unwrap();
            } else if !cell.is_empty() {
                sheet.write_string(r, c, *cell).unwrap();
            }
        }
    }
    let fmt = Format::new().set_bold();
    for (r1, c1, r2, c2, text) in merges {
        sheet.merge_range(*r1, *c1, *r2, *c2, text, &fmt).unwrap();
    }
    book.save(path).unwrap();
}

struct Env {
    _dir: tempfile::TempDir,
    root: PathBuf,
    db: PathBuf,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let db = root.join("r.sqlite3");
        let mut store = Store::open(&db).unwrap();
        campaign::create(
            store.conn_mut(),
            &rollcall::demo::reference_facts(),
            &Clock::parse(NOW),
        )
        .unwrap();
        Env {
            _dir: dir,
            root,
            db,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    fn store(&self) -> (Store, Campaign) {
        let store = Store::open(&self.db).unwrap();
        let c = campaign::resolve(store.conn(), None).unwrap();
        (store, c)
    }

    fn import(
        &self,
        file: &Path,
        options: &ImportOptions,
        dry_run: bool,
    ) -> Result<ImportReport, ImportError> {
        let (mut store, c) = self.store();
        let mut calls = 0;
        let r = import::import(
            store.conn_mut(),
            &c,
            file,
            options,
            dry_run,
            &Clock::parse(NOW),
            &mut |done, total| {
                assert!(done <= total);
                calls += 1;
            },
        );
        if r.is_ok() {
            assert!(calls > 0, "progress was reported");
        }
        r
    }

    fn roster(&self, withdrawn: bool) -> Vec<RosterEntry> {
        let (store, c) = self.store();
        let filter = ListFilter {
            include_withdrawn: withdrawn,
            ..ListFilter::default()
        };
        roster::list(store.conn(), c.id, &filter).unwrap()
    }

    fn cli(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_rollcall"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("ROLLCALL_DB")
            .output()
            .unwrap()
    }
}

fn find<'a>(roster: &'a [RosterEntry], no: &str) -> &'a RosterEntry {
    roster
        .iter()
        .find(|e| e.student.student_no.as_str() == no)
        .unwrap_or_else(|| panic!("{no} not in roster"))
}

const VALID_F: &str = "11010519491231002X"; // female
const VALID_M: &str = "440604200301011234"; // male, check digit computed below

fn male_id() -> String {
    let first17 = &VALID_M[..17];
    format!(
        "{first17}{}",
        roster::id_number::check_char(first17).unwrap()
    )
}

#[test]
fn messy_xlsx_title_rows_synonyms_numbers_dates_and_trailing_blanks() {
    let env = Env::new();
    let file = env.path("名单.xlsx");
    let m = male_id();
    let rows: Vec<Vec<&str>> = vec![
        vec![], // row 1: merged title, written below
        vec![], // row 2: blank
        vec![
            "序号",
            "学生编号",
            "学生姓名",
            "性别",
            "证件号码",
            "院系",
            "班级名称",
            "所在校区",
            "学籍",
            "预计毕业时间",
            "备注",
        ],
        vec![
            "#1",
            "#2022990001",
            "\u{3000}张三 ",
            "女",
            VALID_F,
            "信息工程学院",
            "软件2201",
            "高明",
            "注册学籍",
            "@2025-06-30",
            "班长",
        ],
        vec![
            "#2",
            "020221234",
            "李四",
            "男",
            &m,
            "信息工程学院",
            "软件2201",
            "高明",
            "注册学籍",
            "2025届",
            "",
        ],
        vec![
            "#3",
            "#2022990003",
            "王五",
            "男",
            "",
            "信息工程学院",
            "软件2201",
            "高明",
            "休学",
            "#2025",
            "",
        ],
        vec![
            "#4",
            "#2022990004",
            "赵六",
            "",
            &m,
            "信息工程学院",
            "软件2202",
            "禅城",
            "注册学籍",
            "2026",
            "",
        ],
        vec!["_", "_", "_", "_"],
        vec!["_", "_", "_", "_"],
    ];
    let refs: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    write_xlsx(&file, &refs, &[(0, 0, 0, 10, "2025届毕业生名单")]);

    let (store, _) = env.store();
    let preview = import::read_preview(store.conn(), &file, &ImportOptions::default()).unwrap();
    drop(store);
    assert_eq!(preview.sheet, "学生名单");
    assert_eq!(preview.header_row, 3);
    assert_eq!(preview.data_rows, 4, "trailing blank rows are not data");
    assert!(preview.missing.is_empty());
    assert_eq!(preview.rows[0].number, 4);
    let target = |h: &str| {
        preview
            .columns
            .iter()
            .find(|c| c.header == h)
            .unwrap()
            .target
    };
    assert_eq!(target("学生编号"), Target::Field(Field::StudentNo));
    assert_eq!(target("证件号码"), Target::Field(Field::IdNumber));
    assert_eq!(target("院系"), Target::Field(Field::College));
    assert_eq!(target("班级名称"), Target::Field(Field::ClassName));
    assert_eq!(target("所在校区"), Target::Field(Field::Campus));
    assert_eq!(target("备注"), Target::Extra);
    assert_eq!(target("序号"), Target::Ignore);

    let r = env.import(&file, &ImportOptions::default(), false).unwrap();
    assert_eq!((r.read, r.added, r.updated, r.withdrawn), (4, 4, 0, 0));
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    assert_eq!(r.ineligible, 2, "休学 and the 2026 cohort");

    let roster = env.roster(false);
    assert_eq!(roster.len(), 4);
    let zhang = find(&roster, "2022990001");
    assert_eq!(zhang.student.name, "张三", "full-width space trimmed");
    assert_eq!(zhang.student.grad_year, Some(2025), "from an Excel date");
    assert_eq!(zhang.extra["备注"], "班长", "unknown column kept");
    assert!(zhang.ineligible_reason.is_none());
    let li = find(&roster, "020221234");
    assert_eq!(li.student.id_number.as_deref(), Some(m.as_str()));
    let wang = find(&roster, "2022990003");
    assert!(wang.ineligible_reason.as_deref().unwrap().contains("休学"));
    let zhao = find(&roster, "2022990004");
    assert_eq!(
        zhao.student.gender,
        Some(roster::Gender::Male),
        "gender taken from the ID"
    );
    assert!(zhao.ineligible_reason.as_deref().unwrap().contains("2026"));
}

#[test]
fn duplicates_missing_fields_and_bad_ids_name_row_and_column() {
    let env = Env::new();
    let file = env.path("dup.xlsx");
    let m = male_id();
    write_xlsx(
        &file,
        &[
            &["学号", "姓名", "性别", "身份证号", "学籍状态", "毕业年份"],
            &["A001", "甲", "男", "110105194912310021", "注册学籍", "2025"],
            &["A002", "乙", "女", &m, "注册学籍", "2025"],
            &["A001", "丙", "男", "", "注册学籍", "2025"],
            &["", "丁", "男", "", "注册学籍", "2025"],
            &["A005", "", "男", "", "注册学籍", "2025"],
            &["A006", "戊", "男", "1101051949123100", "注册学籍", "2025"],
            &["A007", "己", "男", "110105194902300021", "注册学籍", "2025"],
        ],
        &[],
    );
    let r = env.import(&file, &ImportOptions::default(), false).unwrap();
    assert_eq!(r.read, 7);
    assert_eq!(r.added, 3);
    let rejected: Vec<(u32, Option<&str>, &str)> = r
        .rejected
        .iter()
        .map(|i| (i.row, i.column.as_deref(), i.reason.as_str()))
        .collect();
    assert_eq!(rejected.len(), 4, "{rejected:?}");
    assert_eq!(rejected[0].0, 2);
    assert!(
        rejected[0].2.contains("第 2、4 行重复"),
        "{}",
        rejected[0].2
    );
    assert_eq!(rejected[1].0, 4);
    assert_eq!(
        (rejected[2].0, rejected[2].1, rejected[2].2),
        (5, Some("学号"), "缺少学号")
    );
    assert_eq!(
        (rejected[3].0, rejected[3].1, rejected[3].2),
        (6, Some("姓名"), "缺少姓名")
    );
    let warn = |row: u32| {
        r.warnings
            .iter()
            .find(|w| w.row == row)
            .unwrap_or_else(|| panic!("no warning on row {row}"))
    };
    assert!(warn(3).reason.contains("性别为女，但身份证号显示为男"));
    assert_eq!(warn(3).column.as_deref(), Some("性别"));
    assert!(warn(7).reason.contains("18 位"));
    assert_eq!(warn(7).letter.as_deref(), Some("D"));
    assert!(warn(8).reason.contains("出生日期"));
    // Warnings are stored with the student for the roster view.
    let roster = env.roster(false);
    assert_eq!(find(&roster, "A006").warnings[0].column, "身份证号");
    assert!(
        find(&roster, "A006").ineligible_reason.is_none(),
        "a warning does not exclude"
    );
}

#[test]
fn gbk_csv_imports_and_utf8_bom_csv_too() {
    let env = Env::new();
    let text = "2025届毕业生名单\r\n学号,姓名,班级,校区,学籍状态,届别\r\n020221234,张三,软件2201,高明,注册学籍,2025\r\n20221235,李四,软件2201,南海,注册学籍,2025\r\n,,,,,\r\n";
    let (gbk, _, bad) = encoding_rs::GBK.encode(text);
    assert!(!bad);
    let file = env.path("名单.csv");
    std::fs::write(&file, &gbk).unwrap();
    let r = env.import(&file, &ImportOptions::default(), false).unwrap();
    assert_eq!((r.read, r.added, r.header_row), (2, 2, 2));
    let roster = env.roster(false);
    assert_eq!(find(&roster, "020221234").student.name, "张三");
    assert_eq!(find(&roster, "20221235").student.campus, "南海");

    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.replace("李四", "李四四").as_bytes());
    let file = env.path("utf8.csv");
    std::fs::write(&file, &bom).unwrap();
    let r = env.import(&file, &ImportOptions::default(), false).unwrap();
    assert_eq!((r.updated, r.unchanged), (1, 1));
}

#[test]
fn reimport_adds_updates_withdraws_and_dry_run_writes_nothing() {
    let env = Env::new();
    let header: &[&str] = &["学号", "姓名", "班级", "学籍状态", "届别"];
    let first = env.path("week1.xlsx");
    write_xlsx(
        &first,
        &[
            header,
            &["S1", "甲", "一班", "注册学籍", "2025"],
            &["S2", "乙", "一班", "注册学籍", "2025"],
            &["S3", "丙", "二班", "注册学籍", "2025"],
            &["S4", "丁", "二班", "注册学籍", "2025"],
        ],
        &[],
    );
    let r = env
        .import(&first, &ImportOptions::default(), false)
        .unwrap();
    assert_eq!(r.added, 4);

    let second = env.path("week2.xlsx");
    write_xlsx(
        &second,
        &[
            header,
            &["S1", "甲", "一班", "注册学籍", "2025"],
            &["S2", "乙", "三班", "注册学籍", "2025"],
            &["S4", "丁", "二班", "休学", "2025"],
            &["S5", "戊", "二班", "注册学籍", "2025"],
        ],
        &[],
    );
    let before = std::fs::read(&env.db).unwrap();
    let dry = env
        .import(&second, &ImportOptions::default(), true)
        .unwrap();
    assert!(dry.dry_run);
    assert_eq!(
        std::fs::read(&env.db).unwrap(),
        before,
        "a dry run writes nothing"
    );
    // One of four students leaves: 25 %, more than the share that goes without asking.
    assert!(dry.needs_confirmation);
    let refused = env
        .import(&second, &ImportOptions::default(), false)
        .unwrap_err();
    assert!(refused.to_string().contains("1 名学生"), "{refused}");
    assert_eq!(
        std::fs::read(&env.db).unwrap(),
        before,
        "a refusal writes nothing"
    );
    let confirmed = ImportOptions {
        allow_withdraw: true,
        ..ImportOptions::default()
    };
    let r = env.import(&second, &confirmed, false).unwrap();
    for rep in [&dry, &r] {
        assert_eq!(
            (
                rep.read,
                rep.added,
                rep.updated,
                rep.unchanged,
                rep.withdrawn,
                rep.ineligible
            ),
            (4, 1, 2, 1, 1, 1)
        );
    }
    let all = env.roster(true);
    assert_eq!(all.len(), 5, "nobody is deleted");
    assert_eq!(find(&all, "S2").student.class_name, "三班");
    assert!(find(&all, "S3").withdrawn_at.is_some());
    assert!(find(&all, "S4").ineligible_reason.is_some());
    assert_eq!(
        env.roster(false).len(),
        4,
        "withdrawn students are not listed by default"
    );

    // S3 comes back the week after: updated, no longer withdrawn.
    let r = env.import(&first, &confirmed, false).unwrap();
    assert_eq!((r.added, r.updated, r.withdrawn), (0, 3, 1));
    assert!(find(&env.roster(true), "S3").withdrawn_at.is_none());
    assert!(find(&env.roster(true), "S5").withdrawn_at.is_some());
}

#[test]
fn an_update_with_fewer_columns_keeps_what_the_file_does_not_say() {
    let env = Env::new();
    let full = env.path("full.xlsx");
    write_xlsx(
        &full,
        &[
            &[
                "学号",
                "姓名",
                "身份证号",
                "校区",
                "辅导员",
                "学籍状态",
                "届别",
            ],
            &[
                "S1",
                "甲",
                "11010519491231002X",
                "高明",
                "王老师",
                "注册学籍",
                "2025",
            ],
        ],
        &[],
    );
    env.import(&full, &ImportOptions::default(), false).unwrap();
    let narrow = env.path("narrow.xlsx");
    write_xlsx(
        &narrow,
        &[&["学号", "姓名", "辅导员"], &["S1", "甲", "李老师"]],
        &[],
    );
    let r = env
        .import(&narrow, &ImportOptions::default(), false)
        .unwrap();
    assert_eq!((r.updated, r.unchanged), (1, 0));
    let s = find(&env.roster(false), "S1").clone();
    assert_eq!(
        s.student.counselor, "李老师",
        "a column in the file updates"
    );
    assert_eq!(s.student.id_number.as_deref(), Some("11010519491231002X"));
    assert_eq!(s.student.campus, "高明");
    assert!(
        s.ineligible_reason.is_none(),
        "status and cohort kept, still eligible"
    );
    let again = env
        .import(&narrow, &ImportOptions::default(), false)
        .unwrap();
    assert_eq!((again.updated, again.unchanged), (0, 1));
}

#[test]
fn merged_two_row_header() {
    let env = Env::new();
    let file = env.path("merged.xlsx");
    write_xlsx(
        &file,
        &[
            &[],
            &["", "", "手机", "邮箱"],
            &["S1", "甲", "13800000000", "a@b.c"],
        ],
        &[
            (0, 0, 1, 0, "学号"),
            (0, 1, 1, 1, "姓名"),
            (0, 2, 0, 3, "联系方式"),
        ],
    );
    let r = env.import(&file, &ImportOptions::default(), false).unwrap();
    assert_eq!(
        (r.header_row, r.read, r.added),
        (1, 1, 1),
        "{:?}",
        r.rejected
    );
    let s = &env.roster(false)[0];
    assert_eq!(s.student.phone, "13800000000");
    assert_eq!(s.extra["邮箱"], "a@b.c");
}

#[test]
fn wrong_type_empty_and_missing_columns_are_clear_errors() {
    let env = Env::new();
    let pdf = env.path("名单.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n").unwrap();
    let e = env
        .import(&pdf, &ImportOptions::default(), false)
        .unwrap_err();
    assert!(
        matches!(e, ImportError::Read(TabularError::UnsupportedType(_))),
        "{e}"
    );
    assert!(e.to_string().contains(".pdf"));

    let fake = env.path("fake.xlsx");
    std::fs::write(&fake, "学号,姓名\n1,张三\n").unwrap();
    let e = env
        .import(&fake, &ImportOptions::default(), false)
        .unwrap_err();
    assert!(
        matches!(e, ImportError::Read(TabularError::Corrupt { .. })),
        "{e}"
    );

    let html = env.path("export.xls");
    std::fs::write(&html, "<html><table><tr><td>学号</td></tr></table></html>").unwrap();
    let e = env
        .import(&html, &ImportOptions::default(), false)
        .unwrap_err();
    assert!(
        matches!(e, ImportError::Read(TabularError::HtmlDisguisedAsXls(_))),
        "{e}"
    );

    let empty = env.path("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let e = env
        .import(&empty, &ImportOptions::default(), false)
        .unwrap_err();
    assert!(
        matches!(e, ImportError::Read(TabularError::Empty(_))),
        "{e}"
    );

    let no_name = env.path("noname.xlsx");
    write_xlsx(
        &no_name,
        &[&["学号", "班级", "校区"], &["S1", "一班", "高明"]],
        &[],
    );
    let e = env
        .import(&no_name, &ImportOptions::default(), false)
        .unwrap_err();
    assert!(e.to_string().contains("找不到「姓名」列"), "{e}");
    assert!(e.is_user_error());

    let opts = ImportOptions {
        sheets: vec!["不存在".into()],
        ..ImportOptions::default()
    };
    let e = env.import(&no_name, &opts, false).unwrap_err();
    assert!(e.to_string().contains("学生名单"), "{e}");
}

fn stdout_json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[test]
fn cli_truncated_xlsx_leaves_the_database_byte_for_byte_unchanged() {
    let env = Env::new();
    let good = env.path("good.xlsx");
    let rows: Vec<Vec<String>> = (0..300)
        .map(|i| {
            vec![
                format!("S{i:04}"),
                format!("学生{i}"),
                "一班".into(),
                "注册学籍".into(),
                "2025".into(),
            ]
        })
        .collect();
    let mut refs: Vec<Vec<&str>> = vec![vec!["学号", "姓名", "班级", "学籍状态", "届别"]];
    refs.extend(rows.iter().map(|r| r.iter().map(String::as_str).collect()));
    let slices: Vec<&[&str]> = refs.iter().map(|r| r.as_slice()).collect();
    write_xlsx(&good, &slices, &[]);
    let out = env.cli(&["roster", "import", good.to_str().unwrap(), "--json"]);
    assert_eq!(stdout_json(&out)["added"], 300);

    let bytes = std::fs::read(&good).unwrap();
    let truncated = env.path("truncated.xlsx");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let before = std::fs::read(&env.db).unwrap();
    let out = env.cli(&["roster", "import", truncated.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("已损坏或不完整"), "{err}");
    assert_eq!(
        std::fs::read(&env.db).unwrap(),
        before,
        "database untouched"
    );
    assert!(
        !env.db.with_extension("sqlite3-wal").exists()
            || std::fs::metadata(env.db.with_extension("sqlite3-wal"))
                .unwrap()
                .len()
                == 0
    );

    let out = env.cli(&[
        "roster",
        "import",
        env.path("missing.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("找不到文件"));
}

#[test]
fn cli_mapping_override_is_remembered_and_list_masks_ids() {
    let env = Env::new();
    let file = env.path("custom.xlsx");
    write_xlsx(
        &file,
        &[
            &["编码", "学生", "证件", "班", "状态", "届"],
            &["S1", "甲", VALID_F, "一班", "注册学籍", "2025"],
            &["S2", "乙", VALID_F, "二班", "注册学籍", "2025"],
        ],
        &[],
    );
    let out = env.cli(&["roster", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "学号 and 姓名 cannot be found");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--map"));

    let out = env.cli(&[
        "roster",
        "import",
        file.to_str().unwrap(),
        "--map",
        "编码=student_no",
        "--map",
        "学生=姓名",
        "--map",
        "证件=id_number",
        "--map",
        "班=class_name",
        "--dry-run",
        "--json",
    ]);
    let j = stdout_json(&out);
    assert_eq!(j["added"], 2);
    assert_eq!(j["dry_run"], true);
    assert_eq!(env.roster(true).len(), 0, "dry run");

    let out = env.cli(&[
        "roster",
        "import",
        file.to_str().unwrap(),
        "--map",
        "编码=student_no",
        "--map",
        "学生=姓名",
        "--map",
        "证件=id_number",
        "--map",
        "班=class_name",
        "--json",
    ]);
    assert_eq!(stdout_json(&out)["added"], 2);
    // Next week's file with the same headers maps itself.
    let out = env.cli(&["roster", "import", file.to_str().unwrap(), "--json"]);
    let j = stdout_json(&out);
    assert_eq!(
        (j["unchanged"].as_i64(), j["withdrawn"].as_i64()),
        (Some(2), Some(0))
    );
    assert_eq!(j["columns"][0]["source"], "remembered");

    let out = env.cli(&["roster", "import", file.to_str().unwrap(), "--map", "编码"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("表头=字段"));

    let j = stdout_json(&env.cli(&["roster", "list", "--json", "--class", "二班"]));
    assert_eq!(j["count"], 1);
    assert_eq!(j["students"][0]["student_no"], "S2");
    assert_eq!(j["students"][0]["id_number"], "110***********002X");
    let j = stdout_json(&env.cli(&["roster", "list", "--json", "--reveal"]));
    assert_eq!(j["students"][0]["id_number"], VALID_F);
    let out = env.cli(&["roster", "list"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("110***********002X") && !text.contains(VALID_F),
        "{text}"
    );
    assert!(text.contains("共 2 人"));
}

/// Files saved by older Excel (.xls, BIFF8) and by WPS/LibreOffice (.ods), committed under
/// tests/fixtures/formats (made by make.py there): same title row, same students.
#[test]
fn xls_and_ods_files_import_with_text_student_numbers() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    for name in ["roster.xls", "roster.ods"] {
        let env = Env::new();
        let r = env
            .import(&fixtures.join(name), &ImportOptions::default(), false)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((r.header_row, r.read, r.added), (2, 3, 3), "{name}");
        assert!(
            r.rejected.is_empty() && r.warnings.is_empty(),
            "{name}: {r:?}"
        );
        let roster = env.roster(false);
        let first = find(&roster, "0221001");
        assert_eq!(first.student.name, "张晓明", "{name}: leading zero kept");
        assert_eq!(first.student.class_name, "大数据技术2201班");
        assert!(first.ineligible_reason.is_none(), "{name}: eligible");
        // A 学号 the sheet stores as a number comes back without ".0".
        let third = find(&roster, "202210003");
        assert_eq!(third.student.campus, "南海", "{name}");
        assert_eq!(third.student.id_number.as_deref().map(str::len), Some(18));
    }
}

/// A sheet large enough to be read in two halves and checked in two halves, one per
/// thread (over 4 MB of sheet XML and 8,192 rows): every finding comes back with its own
/// row, in row order, from both halves, and the students of both are stored.
#[test]
fn a_large_sheet_read_and_checked_in_halves_reports_every_row_in_order() {
    const STUDENTS: u32 = 20_000;
    let env = Env::new();
    let file = env.path("large.xlsx");
    let header = [
        "学号",
        "姓名",
        "身份证号",
        "学院",
        "专业",
        "班级",
        "校区",
        "年级",
        "学制",
        "联系电话",
    ];
    // Excel's row numbers of what the halves must report.
    let (no_name, bad_id, hidden, duplicate) =
        ([101, 15_001], [300, 17_000], [200, 18_000], [5_000, 16_000]);
    let repeated_header = 12_000;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "2025届毕业生名单").unwrap();
    let mut r = 1;
    sheet.write_row(r, 0, header).unwrap();
    let mut n = 0;
    while n < STUDENTS {
        r += 1;
        let excel_row = r + 1;
        if excel_row == repeated_header {
            sheet.write_row(r, 0, header).unwrap();
            continue;
        }
        n += 1;
        let no = if excel_row == duplicate[1] {
            format!("2021{:06}", duplicate[0])
        } else {
            format!("2021{excel_row:06}")
        };
        let name = if no_name.contains(&excel_row) {
            ""
        } else {
            "学生"
        };
        let id = if bad_id.contains(&excel_row) {
            "1101051949123100"
        } else {
            ""
        };
        let class = format!("软件{}", excel_row % 97);
        let cells = [
            no.as_str(),
            name,
            id,
            "信息工程学院",
            "软件技术",
            &class,
            "本部",
            "2022",
            "3",
            "13800000000",
        ];
        sheet.write_row(r, 0, cells).unwrap();
        if hidden.contains(&excel_row) {
            sheet.set_row_hidden(r).unwrap();
        }
    }
    book.save(&file).unwrap();
    let bytes = std::fs::read(&file).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let part = zip.by_name("xl/worksheets/sheet1.xml").unwrap().size();
    assert!(
        part > 4 << 20,
        "the sheet is read in halves from 4 MB: {part}"
    );

    let r = env.import(&file, &ImportOptions::default(), false).unwrap();
    let rows = |issues: &[import::RowIssue]| issues.iter().map(|i| i.row).collect::<Vec<u32>>();
    assert_eq!(rows(&r.skipped), [repeated_header]);
    assert_eq!(rows(&r.hidden), hidden);
    let mut rejected = vec![no_name[0], duplicate[0], no_name[1], duplicate[1]];
    rejected.sort_unstable();
    assert_eq!(rows(&r.rejected), rejected);
    let dup = r.rejected.iter().find(|i| i.row == duplicate[1]).unwrap();
    assert!(
        dup.reason.contains("第 5000、16000 行重复"),
        "{}",
        dup.reason
    );
    assert_eq!(rows(&r.warnings), bad_id);
    assert_eq!(r.read, STUDENTS as usize);
    assert_eq!(r.added, STUDENTS as usize - 4);

    let roster = env.roster(false);
    assert_eq!(roster.len(), STUDENTS as usize - 4);
    // A student of each half, as the file has them.
    for row in [3u32, 19_999] {
        let s = &find(&roster, &format!("2021{row:06}")).student;
        assert_eq!(
            (s.name.as_str(), s.class_name.clone()),
            ("学生", format!("软件{}", row % 97))
        );
        assert_eq!((s.intake_year, s.duration_years), (Some(2022), Some(3)));
    }
    assert!(find(&roster, "2021017000").warnings[0]
        .reason
        .contains("18 位"));
}
