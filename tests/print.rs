//! Printing: real PDFs read back with poppler (pdftotext, pdfinfo, pdffonts).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use rollcall::campaign::{self, CampaignDetail, CampaignId};
use rollcall::demo::{self, DemoOptions};
use rollcall::print::lists::{self, ClassList, ListKind, ListRow, ListScope};
use rollcall::print::sign_in::{self, Scope};
use rollcall::print::{notice, schedule, FontSet, PrintError};
use rollcall::progress::{self, EventKind, NewEvent, Source};
use rollcall::store::{Clock, Store};

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
    id: CampaignId,
}

impl Fixture {
    fn new(students: u32) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite3");
        let mut store = Store::open(&path).unwrap();
        let id = demo::create(
            store.conn_mut(),
            DemoOptions {
                students,
                ..DemoOptions::default()
            },
            &Clock::parse("2025-04-01 09:00:00"),
        )
        .unwrap();
        rollcall::plan::plan_and_save(store.conn_mut(), id, &Clock::parse("2025-04-01 09:00:00"))
            .unwrap();
        Fixture {
            _dir: dir,
            path,
            store,
            id,
        }
    }

    fn detail(&self) -> CampaignDetail {
        let c = campaign::resolve(self.store.conn(), Some(self.id)).unwrap();
        CampaignDetail::load(self.store.conn(), c).unwrap()
    }

    fn out(&self, name: &str) -> PathBuf {
        self.path.with_file_name(name)
    }
}

fn fonts() -> FontSet {
    FontSet::discover(None).expect("a Chinese font (scripts/setup.sh installs fonts-noto-cjk)")
}

fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} (poppler-utils) must be installed: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text with spaces removed: pdftotext turns the narrow CJK space into nothing or
/// into layout padding, so comparisons ignore spaces.
fn text(pdf: &Path) -> String {
    run("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]).replace(' ', "")
}

fn pages(pdf: &Path) -> usize {
    let info = run("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

/// Every font embedded and subset, per pdffonts.
fn assert_subset_fonts(pdf: &Path) {
    let listing = run("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts:\n{listing}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding... emb sub uni object ID
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "emb/sub/uni:\n{listing}"
        );
        assert!(cols[0].contains('+'), "{listing}");
    }
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

/// 17 digits then a digit or X, not part of a longer number.
fn has_id_number(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(18).enumerate().any(|(i, w)| {
        w[..17].iter().all(char::is_ascii_digit)
            && (w[17].is_ascii_digit() || w[17] == 'X')
            && (i == 0 || !chars[i - 1].is_ascii_digit())
    })
}

#[test]
fn notice_has_every_milestone_date_fee_and_code() {
    let f = Fixture::new(200);
    let detail = f.detail();
    let bytes = notice::print(f.store.conn(), &detail, &fonts()).unwrap();
    let pdf = f.out("notice.pdf");
    write(&pdf, &bytes);
    let t = text(&pdf);
    for m in &detail.milestones {
        for d in [m.start, Some(m.end)].into_iter().flatten() {
            let day = format!(
                "{}月{}日",
                chrono::Datelike::month(&d),
                chrono::Datelike::day(&d)
            );
            assert!(t.contains(&day), "{:?} date {day} missing:\n{t}", m.kind);
        }
    }
    for needle in [
        "关于2025届毕业生电子照片采集的通知",
        "2022级三年制、2023级两年制",
        "13.5元",
        "15元",
        "60元",
        "JF3D34",
        "12736",
        "高明校区（学生活动中心舞蹈室）",
        "南海校区（6210、6211）",
        "董老师",
        "0757-88269869",
        "工作安排表",
        "附件6",
        "教务部",
        "2025年4月10日",
    ] {
        assert!(t.contains(needle), "{needle} missing:\n{t}");
    }
    assert!(!t.contains('{'), "unfilled placeholder:\n{t}");
    assert!((2..=4).contains(&pages(&pdf)), "{}", pages(&pdf));
    assert_subset_fonts(&pdf);
    assert!(bytes.len() < 400_000, "{} bytes", bytes.len());
}

#[test]
fn edited_template_is_used_and_unknown_placeholders_refused() {
    let f = Fixture::new(50);
    let conn = f.store.conn();
    let e = notice::save_template(conn, f.id, Some("# 通知\n请于{缴费截至}前缴费")).unwrap_err();
    assert!(
        matches!(e, PrintError::UnknownPlaceholder { ref name, line: 2, .. } if name == "缴费截至"),
        "{e}"
    );
    assert!(e.to_string().contains("{缴费截至}"), "{e}");
    notice::save_template(
        conn,
        f.id,
        Some("# 特别通知\n请于{缴费截止}前缴费，费用{线下集采费}。\n{落款}"),
    )
    .unwrap();
    let bytes = notice::print(conn, &f.detail(), &fonts()).unwrap();
    let pdf = f.out("edited.pdf");
    write(&pdf, &bytes);
    let t = text(&pdf);
    assert!(
        t.contains("特别通知") && t.contains("请于2025年4月27日前缴费，费用13.5元。"),
        "{t}"
    );
    notice::save_template(conn, f.id, None).unwrap();
    assert_eq!(
        notice::template(conn, f.id).unwrap(),
        notice::DEFAULT_TEMPLATE
    );
}

/// Student numbers of eligible students per class, in 学号 order, from the database.
fn classes(f: &Fixture) -> HashMap<String, Vec<(String, String)>> {
    let mut stmt = f
        .store
        .conn()
        .prepare(
            "SELECT class_name, student_no, id_number FROM student WHERE campaign_id = ?1
             AND withdrawn_at IS NULL AND ineligible_reason IS NULL ORDER BY class_name, student_no",
        )
        .unwrap();
    let mut out: HashMap<String, Vec<(String, String)>> = HashMap::new();
    let rows = stmt
        .query_map([f.id.0], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    for r in rows {
        let (class, no, id) = r.unwrap();
        out.entry(class).or_default().push((no, id));
    }
    out
}

#[test]
fn sign_in_sheets_list_every_student_once_in_order() {
    let f = Fixture::new(600);
    let detail = f.detail();
    let sheets = sign_in::sheets(f.store.conn(), &detail, &Scope::default(), None).unwrap();
    let bytes = sign_in::render(&sheets, &fonts()).unwrap();
    let pdf = f.out("sign-in.pdf");
    write(&pdf, &bytes);
    let t = text(&pdf);
    let page_texts: Vec<&str> = t.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    let n = pages(&pdf);
    assert_eq!(page_texts.len(), n);

    let slots = rollcall::plan::load_schedule(f.store.conn(), f.id)
        .unwrap()
        .slots;
    let on_sheets: usize = sheets.iter().map(|s| s.rows.len()).sum();
    assert_eq!(
        on_sheets,
        slots.iter().map(|s| s.headcount as usize).sum::<usize>()
    );
    let scheduled: std::collections::HashSet<&str> =
        slots.iter().map(|s| s.class_name.as_str()).collect();
    let classes = classes(&f);
    assert!(scheduled.len() > 5);
    for (class, students) in classes
        .iter()
        .filter(|(c, _)| scheduled.contains(c.as_str()))
    {
        let mut last = 0;
        for (no, id) in students {
            let hits: Vec<usize> = t.match_indices(no.as_str()).map(|(i, _)| i).collect();
            assert_eq!(
                hits.len(),
                1,
                "{no} of {class} printed {} times",
                hits.len()
            );
            assert!(hits[0] > last, "{no} of {class} out of order");
            last = hits[0];
            assert!(!t.contains(id.as_str()), "ID number of {no} printed");
        }
    }
    assert!(
        !has_id_number(&t),
        "an 18-character ID number is in the text"
    );

    // Every page: the header, the footer, and the page number within its sheet.
    let continued = page_texts
        .iter()
        .filter(|p| p.contains("签到表（续）"))
        .count();
    assert_eq!(
        continued,
        n - sheets.len(),
        "continued pages repeat the header"
    );
    assert!(continued > 0, "some class should span two pages");
    for p in &page_texts {
        for needle in [
            "签到表",
            "校区：",
            "场地：",
            "日期：",
            "拍摄时间：",
            "班级：",
            "辅导员：",
            "序号",
            "学号",
            "签名",
            "应到",
            "实到",
            "工作人员签字",
            "第",
        ] {
            assert!(p.contains(needle), "{needle} missing on a page:\n{p}");
        }
    }
    let first_pages = page_texts.iter().filter(|p| p.contains("第1页/共")).count();
    assert_eq!(first_pages, sheets.len());
    assert_subset_fonts(&pdf);
}

#[test]
fn check_sheet_layout_has_shooting_order_and_student_signature_without_id_numbers() {
    let f = Fixture::new(300);
    let detail = f.detail();
    let scope = Scope::default();
    let sheets = sign_in::sheets_with_payments(f.store.conn(), &detail, &scope).unwrap();
    // Someone paid: the sign-in sheet would show ✓, the check sheet does not.
    let first = sheets[0].rows[0].student_no.clone();
    let mut conn = Store::open(&f.path).unwrap();
    progress::record(
        conn.conn_mut(),
        f.id,
        std::slice::from_ref(&first),
        &NewEvent {
            kind: EventKind::Paid,
            date: chrono::NaiveDate::from_ymd_opt(2025, 4, 20).unwrap(),
            source: Source::Typed,
            note: String::new(),
            recorded_by: String::new(),
            origin: String::new(),
        },
        &Clock::parse("2025-04-01 09:00:00"),
    )
    .unwrap();
    let sheets = sign_in::sheets_with_payments(f.store.conn(), &detail, &scope).unwrap();
    let bytes = sign_in::render_as(&sheets, &fonts(), sign_in::SheetLayout::Check).unwrap();
    let pdf = f.out("check.pdf");
    write(&pdf, &bytes);
    let t = text(&pdf);
    for needle in [
        "毕业学生信息核对表",
        "拍摄序号",
        "本人签名",
        "确认姓名、学号",
        "应到",
    ] {
        assert!(t.contains(needle), "{needle} missing:\n{t}");
    }
    assert!(!t.contains("签到表"), "{t}");
    assert!(!t.contains('✓'), "the check sheet has no paid column");
    assert!(t.contains(first.as_str()));
    assert!(!has_id_number(&t), "an ID number is printed");
    for (_, students) in classes(&f) {
        for (_, id) in students {
            assert!(!t.contains(id.as_str()));
        }
    }
    assert_subset_fonts(&pdf);
}

#[test]
fn sign_in_scope_picks_one_campus_day_or_one_class() {
    let f = Fixture::new(600);
    let detail = f.detail();
    let date = chrono::NaiveDate::from_ymd_opt(2025, 4, 30).unwrap();
    let scope = Scope {
        campus: Some("禅城校区".into()),
        date: Some(date),
        class_name: None,
    };
    let sheets = sign_in::sheets(f.store.conn(), &detail, &scope, None).unwrap();
    assert!(!sheets.is_empty());
    assert!(sheets.iter().all(|s| s.campus == "禅城" && s.date == date));
    let starts: Vec<_> = sheets.iter().map(|s| (s.venue.clone(), s.start)).collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted, "schedule order");

    let class = sheets[0].class_label.clone();
    let one = sign_in::sheets(
        f.store.conn(),
        &detail,
        &Scope {
            class_name: Some(class.clone()),
            ..Scope::default()
        },
        None,
    )
    .unwrap();
    assert_eq!(one.len(), 1);
    let bytes = sign_in::render(&one, &fonts()).unwrap();
    let pdf = f.out("one.pdf");
    write(&pdf, &bytes);
    let t = text(&pdf);
    assert!(
        t.contains(&class) && t.contains(&format!("应到{}人", one[0].rows.len())),
        "{t}"
    );

    let e = sign_in::sheets(
        f.store.conn(),
        &detail,
        &Scope {
            class_name: Some("不存在的班".into()),
            ..Scope::default()
        },
        None,
    )
    .unwrap_err();
    assert!(e.to_string().contains("不存在的班"), "{e}");
}

#[test]
fn paid_shows_a_tick_only_when_known() {
    let f = Fixture::new(120);
    let detail = f.detail();
    let mut sheets = sign_in::sheets(f.store.conn(), &detail, &Scope::default(), None).unwrap();
    sheets.truncate(1);
    sheets[0].rows[0].paid = Some(true);
    sheets[0].rows[1].paid = Some(false);
    let pdf = f.out("paid.pdf");
    write(&pdf, &sign_in::render(&sheets, &fonts()).unwrap());
    let t = text(&pdf);
    assert_eq!(t.matches('✓').count(), 1, "{t}");
}

#[test]
fn schedule_repeats_its_header_and_lists_every_slot() {
    let f = Fixture::new(2400);
    let detail = f.detail();
    let bytes = schedule::print(f.store.conn(), &detail, &Scope::default(), &fonts()).unwrap();
    let pdf = f.out("schedule.pdf");
    write(&pdf, &bytes);
    let t = text(&pdf);
    let n = pages(&pdf);
    assert!(n >= 2, "{n}");
    for p in t.split('\u{c}').filter(|p| !p.trim().is_empty()) {
        assert!(
            p.contains("拍摄时间") && p.contains("到场时间") && p.contains("人数"),
            "{p}"
        );
    }
    let slots = rollcall::plan::load_schedule(f.store.conn(), f.id)
        .unwrap()
        .slots;
    for s in &slots {
        assert!(t.contains(&s.class_name), "{} missing", s.class_name);
    }
    assert_subset_fonts(&pdf);
}

#[test]
fn counselor_lists_lay_out_from_their_input() {
    let f = Fixture::new(60);
    let rows: Vec<ListRow> = (1..=70)
        .map(|i| ListRow {
            student_no: format!("2022{i:06}"),
            name: format!("学生{i}"),
            gender: "女".into(),
            note: "未缴费，缴费截止 2025年4月27日".into(),
        })
        .collect();
    let list = ClassList {
        campaign: "2025届毕业生电子照片采集".into(),
        kind: ListKind::Unpaid,
        class_name: "软件技术2201班".into(),
        college: "信息工程学院".into(),
        counselor: "王老师".into(),
        as_of: "截至 2025年4月26日".into(),
        rows,
    };
    let pdf = f.out("list.pdf");
    write(&pdf, &lists::render(&[list], &fonts()).unwrap());
    let t = text(&pdf);
    assert_eq!(pages(&pdf), 3);
    assert_eq!(t.matches("未缴费名单（续）").count(), 2, "{t}");
    assert!(t.contains("2022000070") && t.contains("学生70"));
}

#[test]
fn only_the_counselor_lists_have_an_excel_form() {
    let f = Fixture::new(100);
    let book = f.out("通知.xlsx");
    let (code, _, err) = cli(&f, &["print", "notice", "--out", book.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("只有辅导员名单可以导出为 Excel") && err.contains("通知"),
        "{err}"
    );
    assert!(!book.exists(), "nothing is written for a refused job");
    // The lists go to a workbook, with no page count.
    let lists = f.out("未缴费名单.xlsx");
    let args = [
        "print",
        "lists",
        "--kind",
        "unpaid",
        "--today",
        "2025-04-20",
    ];
    let (code, out, err) = cli(
        &f,
        &[&args[..], &["--out", lists.to_str().unwrap(), "--json"]].concat(),
    );
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["pages"], 0, "{v}");
    assert!(v["lists"]["students"].as_u64().unwrap() > 0, "{v}");
    assert_eq!(
        &std::fs::read(&lists).unwrap()[..2],
        b"PK",
        "an .xlsx is a zip"
    );
}

#[test]
fn cli_prints_the_notice_and_sign_in_sheets() {
    let f = Fixture::new(100);
    let db = f.path.to_str().unwrap().to_string();
    let out = f.out("cli.pdf");
    let bin = env!("CARGO_BIN_EXE_rollcall");
    let ok = Command::new(bin)
        .args([
            "--db",
            &db,
            "print",
            "notice",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(text(&out).contains("JF3D34"));
    let sheets = f.out("cli-sign-in.pdf");
    let ok = Command::new(bin)
        .args([
            "--db",
            &db,
            "print",
            "sign-in",
            "--campus",
            "高明",
            "--date",
            "2025-04-28",
            "--out",
        ])
        .arg(&sheets)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(pages(&sheets) >= 1);
}

// ---------------------------------------------------------------------------------------
// Counselor lists and the 缴费 column, from recorded progress events

fn day(m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, m, d).unwrap()
}

fn record(f: &mut Fixture, kind: EventKind, date: chrono::NaiveDate, nos: &[String]) {
    let e = NewEvent {
        kind,
        date,
        source: Source::Typed,
        note: String::new(),
        recorded_by: "测试".into(),
        origin: String::new(),
    };
    let r = progress::record(
        f.store.conn_mut(),
        f.id,
        nos,
        &e,
        &Clock::parse("2025-04-20 09:00:00"),
    )
    .unwrap();
    assert_eq!(r.recorded.len(), nos.len(), "{r:?}");
}

/// Runs the CLI on the fixture's database; (exit code, stdout, stderr).
fn cli(f: &Fixture, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rollcall"))
        .arg("--db")
        .arg(&f.path)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The first scheduled (on-site) class with at least four students, and its students.
fn scheduled_class(f: &Fixture, nth: usize) -> (String, Vec<(String, String)>) {
    let all = classes(f);
    let slots = rollcall::plan::load_schedule(f.store.conn(), f.id)
        .unwrap()
        .slots;
    let mut seen = Vec::new();
    for s in &slots {
        if !seen.contains(&s.class_name) && all[&s.class_name].len() >= 4 {
            seen.push(s.class_name.clone());
        }
    }
    let class = seen[nth].clone();
    let students = all[&class].clone();
    (class, students)
}

/// The line of the `-layout` text that holds `no`.
fn line_of<'a>(layout: &'a str, no: &str) -> &'a str {
    layout
        .lines()
        .find(|l| l.contains(no))
        .unwrap_or_else(|| panic!("{no} not printed:\n{layout}"))
}

#[test]
fn unpaid_list_names_who_has_not_paid_and_the_sheet_ticks_who_has() {
    let mut f = Fixture::new(300);
    let (class, students) = scheduled_class(&f, 0);
    let no = |i: usize| students[i].0.clone();
    // 0 paid; 1 never paid; 2 paid, then refunded: unpaid again.
    record(&mut f, EventKind::Paid, day(4, 15), &[no(0), no(2)]);
    record(&mut f, EventKind::Refund, day(4, 18), &[no(2)]);

    let pdf = f.out("unpaid.pdf");
    let (code, stdout, stderr) = cli(
        &f,
        &[
            "print",
            "lists",
            "--kind",
            "unpaid",
            "--class",
            &class,
            "--today",
            "2025-04-26",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("未缴费名单"), "{stdout}");
    let t = text(&pdf);
    assert!(
        t.contains(&format!("{class}未缴费名单")),
        "class header:\n{t}"
    );
    assert!(t.contains("截至2025年4月26日"), "{t}");
    assert!(!t.contains(&no(0)), "{} paid but listed:\n{t}", no(0));
    assert!(t.contains(&no(1)) && t.contains(&no(2)), "{t}");
    // Everyone else in the class is unpaid too: all but one listed, and told the deadline.
    assert_eq!(
        t.matches("2025-04-27前缴纳线下集采费").count(),
        students.len() - 1,
        "{t}"
    );
    assert!(!has_id_number(&t), "an ID number is printed");
    for (_, id) in &students {
        assert!(!t.contains(id.as_str()));
    }
    assert_subset_fonts(&pdf);

    // The sign-in sheet of that class: ✓ on the paid student's row only.
    let sheet = f.out("sheet.pdf");
    let (code, _, stderr) = cli(
        &f,
        &[
            "print",
            "sign-in",
            "--class",
            &class,
            "--out",
            sheet.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let layout = run("pdftotext", &["-layout", sheet.to_str().unwrap(), "-"]);
    assert!(line_of(&layout, &no(0)).contains('✓'), "{layout}");
    assert!(!line_of(&layout, &no(1)).contains('✓'), "{layout}");
    assert!(
        !line_of(&layout, &no(2)).contains('✓'),
        "refunded: {layout}"
    );
    assert_eq!(layout.matches('✓').count(), 1, "{layout}");
    assert!(!has_id_number(&layout.replace(' ', "")));

    // After every deadline the unpaid stay listed, told where they stand.
    let late = lists::build(
        f.store.conn(),
        &f.detail(),
        ListKind::Unpaid,
        day(10, 8),
        &ListScope {
            class_name: Some(class.clone()),
            ..ListScope::default()
        },
    )
    .unwrap();
    let rows = &late[0].rows;
    assert!(
        rows.iter()
            .any(|r| r.student_no == no(1) && r.note.contains("不予制证")),
        "{rows:?}"
    );
    assert!(rows.iter().all(|r| r.student_no != no(0)));
}

#[test]
fn unpaid_lists_follow_the_schedule_and_skip_paid_and_online_classes() {
    let mut f = Fixture::new(300);
    let detail = f.detail();
    let (paid_class, paid_students) = scheduled_class(&f, 0);
    let (online_class, _) = scheduled_class(&f, 1);
    let nos: Vec<String> = paid_students.iter().map(|s| s.0.clone()).collect();
    record(&mut f, EventKind::Paid, day(4, 15), &nos);
    rollcall::plan::change_class_setting(
        f.store.conn(),
        f.id,
        &online_class,
        &rollcall::plan::ClassSettingChange {
            online: Some(true),
            ..Default::default()
        },
    )
    .unwrap();
    let today = day(4, 26);
    let built = lists::build(
        f.store.conn(),
        &detail,
        ListKind::Unpaid,
        today,
        &ListScope::default(),
    )
    .unwrap();
    let names: Vec<&str> = built.iter().map(|l| l.class_name.as_str()).collect();
    assert!(
        !names.contains(&paid_class.as_str()),
        "everyone paid: left out"
    );
    assert!(
        !names.contains(&online_class.as_str()),
        "online class owes no fee"
    );
    // Schedule order: the order classes first appear in the stored schedule.
    let slots = rollcall::plan::load_schedule(f.store.conn(), f.id)
        .unwrap()
        .slots;
    let mut order: Vec<&str> = Vec::new();
    for s in &slots {
        if names.contains(&s.class_name.as_str()) && !order.contains(&s.class_name.as_str()) {
            order.push(&s.class_name);
        }
    }
    assert_eq!(&names[..order.len()], &order[..]);
    for l in &built {
        assert!(!l.rows.is_empty());
        assert!(l.rows.windows(2).all(|w| w[0].student_no < w[1].student_no));
        assert!(l
            .rows
            .iter()
            .all(|r| !r.note.is_empty() && !r.gender.is_empty()));
    }

    // One college only.
    let college = built[0].college.clone();
    let one = lists::build(
        f.store.conn(),
        &detail,
        ListKind::Unpaid,
        today,
        &ListScope {
            college: Some(college.clone()),
            ..ListScope::default()
        },
    )
    .unwrap();
    assert!(!one.is_empty() && one.iter().all(|l| l.college == college));

    // Nobody to list, and a class that does not exist: clear errors, no PDF.
    let e = lists::build(
        f.store.conn(),
        &detail,
        ListKind::Unpaid,
        today,
        &ListScope {
            class_name: Some(paid_class.clone()),
            ..ListScope::default()
        },
    )
    .unwrap_err();
    assert!(matches!(e, PrintError::NobodyOnList { .. }), "{e}");
    assert!(
        e.to_string().contains(&paid_class) && e.to_string().contains("未缴费名单"),
        "{e}"
    );
    let e = lists::build(
        f.store.conn(),
        &detail,
        ListKind::Unpaid,
        today,
        &ListScope {
            class_name: Some("不存在的班".into()),
            ..ListScope::default()
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("不存在的班"), "{e}");
    let pdf = f.out("none.pdf");
    let (code, _, stderr) = cli(
        &f,
        &[
            "print",
            "lists",
            "--kind",
            "unpaid",
            "--class",
            &paid_class,
            "--today",
            "2025-04-26",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(1));
    assert!(stderr.contains("没有需要列入未缴费名单的学生"), "{stderr}");
    assert!(!pdf.exists(), "no empty PDF");
}

#[test]
fn not_photographed_list_leaves_out_who_has_a_photo() {
    let mut f = Fixture::new(300);
    let (class, students) = scheduled_class(&f, 0);
    let (done_class, done_students) = scheduled_class(&f, 1);
    let no = |i: usize| students[i].0.clone();
    record(&mut f, EventKind::Paid, day(4, 15), &[no(0), no(1)]);
    record(&mut f, EventKind::Photographed, day(4, 28), &[no(0)]);
    let all: Vec<String> = done_students.iter().map(|s| s.0.clone()).collect();
    record(&mut f, EventKind::Paid, day(4, 15), &all);
    record(&mut f, EventKind::Photographed, day(4, 28), &all);

    let pdf = f.out("not-photographed.pdf");
    let (code, _, stderr) = cli(
        &f,
        &[
            "print",
            "lists",
            "--kind",
            "not-photographed",
            "--today",
            "2025-04-29",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let t = text(&pdf);
    assert!(t.contains(&format!("{class}未采集名单")), "{t}");
    assert!(!t.contains(&no(0)), "photographed but listed");
    assert!(t.contains(&no(1)) && t.contains(&no(2)), "{t}");
    assert!(
        !t.contains(&format!("{done_class}未采集名单")),
        "a class with everyone photographed is left out"
    );
    assert!(!has_id_number(&t));
    // The note says what comes next: paid and waiting for on site, or the online window.
    assert!(t.contains("已缴费"), "{t}");
}
#[test]
fn page_count_and_notice_preview_text_match_the_pdf() {
    let f = Fixture::new(300);
    let detail = f.detail();
    let bytes = sign_in::render(
        &sign_in::sheets(f.store.conn(), &detail, &Scope::default(), None).unwrap(),
        &fonts(),
    )
    .unwrap();
    let pdf = f.out("count.pdf");
    write(&pdf, &bytes);
    assert_eq!(rollcall::print::page_count(&bytes), pages(&pdf));

    let preview = notice::preview_text(&detail, notice::DEFAULT_TEMPLATE).unwrap();
    assert!(
        preview.starts_with("关于2025届毕业生电子照片采集的通知"),
        "{preview}"
    );
    assert!(
        preview.contains("缴费时间：即日起至2025年4月27日"),
        "{preview}"
    );
    assert!(
        !preview.contains('{'),
        "every placeholder filled: {preview}"
    );
    assert!(notice::preview_text(&detail, "{缴费截至}").is_err());
}

/// The demo notice against the reference notice (shared/reference), section by section:
/// the same places line per day, the same numbered points, and the 工作安排表 in the
/// reference's order — by start date, with the final deadline right after 散拍 (the
/// reference dates its 散拍 row by the deadline), so before 学历照核对.
#[test]
fn notice_follows_the_reference_section_by_section() {
    let f = Fixture::new(50);
    let bytes = notice::print(f.store.conn(), &f.detail(), &fonts()).unwrap();
    let pdf = f.out("reference.pdf");
    write(&pdf, &bytes);
    let t = text(&pdf);
    let lines: Vec<&str> = t.lines().map(str::trim).collect();
    // 一: one line per day group, as in the reference (which gives 南海's half day only
    // in the timeline remark, not here).
    for line in [
        "4月28日-29日：高明校区（学生活动中心舞蹈室）",
        "4月30日：禅城校区（羽毛球馆）、南海校区（6210、6211）",
    ] {
        assert!(lines.contains(&line), "{line} missing:\n{t}");
    }
    let pos = |needle: &str, from: usize| {
        t[from..]
            .find(needle)
            .map(|i| i + from)
            .unwrap_or_else(|| panic!("{needle} missing after byte {from}:\n{t}"))
    };
    // Sections and their points in the reference's order.
    let mut at = 0;
    for needle in [
        "一、采集日期及地点",
        "二、采集对象",
        "三、缴费事宜",
        "缴费时间：即日起至2025年4月27日",
        "四、图像采集须知",
        "1、拍摄速度约160人/小时/台",
        "2、提前准备采集码",
        "注：本次采集对象仅为学籍状态为“注",
        "3、采集流程为",
        "4、照片为正面",
        "5、采集照片要求见附件5：拍摄须知",
        "6、如因实习等原因",
        "特别提醒：错过线上和线下集中采集时间",
        "五、关于散拍",
        "如因特殊情况未拍摄相片的同学",
        "1、散拍时“院校代码”填写“12736”",
        "2、拍摄费用为60元/人",
        "3、截止时间：2025年9月30日",
        "4、拍摄地点（各省新华社中国图片社均可）",
        "六、其他注意事项",
        "1、选择线上集采或小程序散拍的同学",
        "2、选择线上集采或小程序散拍的同学务必",
        "3、请在相片拍摄40天后",
        "4、已完成采集的照片",
        "工作安排表",
    ] {
        at = pos(needle, at);
    }
    // The timeline, row by row: the date column and the work item.
    let table = at;
    let mut row = table;
    for needle in [
        "即日起",
        "线下集采缴费",
        "2025年4月28日",
        "线下集中采集",
        "2025年5月6日",
        "线上集中采集",
        "2025年5月13日",
        "2025年9月30日前",
        "采集截止",
        "2025年6月7日",
        "学历照核对",
        "附件1：拍摄安排",
    ] {
        row = pos(needle, row);
    }
    // The half-day campus keeps its 上午 where the reference gives it: the on-site remark.
    assert!(t[table..].contains("南海校区4月30日上午"), "{t}");
    assert!(t[table..].contains("参照附件4指引"), "{t}");
}
