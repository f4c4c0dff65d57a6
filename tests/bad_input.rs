//! Broken and hostile input files: the roster import, the agency-list import and the
//! sync import return a result or a clear error, never panic, and on error leave the
//! database byte for byte as it was. Small hand-made cases are in tests/fixtures/bad/,
//! the rest are generated here; each corpus file has the outcome its construction
//! dictates (read or refused, and how). Also proptest: random CSV text and random small
//! sheets never make `tabular::read` or the roster import panic, a failed import changes
//! nothing, a report's counts add up, stored 学号 and ID numbers are normalised; and a
//! re-import of random rows over a stored roster never leaves a student whose 学号 or ID
//! number was valid with an invalid one.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rollcall::roster::id_number::{check_char, validate};
use rollcall::roster::import::{self, ImportOptions, ImportReport};
use rollcall::roster::{self, ListFilter, RosterEntry, Student, StudentNo};
use rollcall::store::{Clock, Store};
use rollcall::tabular::{self, Limit, ReadOptions, TabularError};
use rust_xlsxwriter::{Formula, Workbook};

const NOW: &str = "2025-04-01 09:00:00";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

/// Runs the CLI; returns (exit code, stderr). A panic is exit code 101.
fn cli(db: &Path, args: &[&str]) -> (i32, String) {
    let out = common::rollcall(db, args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn checkpoint(db: &Path) {
    let store = Store::open(db).unwrap();
    store
        .conn()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
}

/// Runs one import command on `file` and checks: exit 0 or 1 (never a panic or an
/// internal error), and on error the DB file unchanged byte for byte.
fn import_is_safe(db: &Path, args: &[&str], file: &Path) -> bool {
    checkpoint(db);
    let before = std::fs::read(db).unwrap();
    let mut all: Vec<&str> = args.to_vec();
    let shown = file.display().to_string();
    all.push(&shown);
    let (code, stderr) = cli(db, &all);
    assert!(
        code == 0 || code == 1,
        "{args:?} {}: exit {code}, stderr: {stderr}",
        file.display()
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    if code == 1 {
        assert!(
            stderr.starts_with("错误"),
            "not a Chinese message: {stderr}"
        );
        checkpoint(db);
        assert!(
            std::fs::read(db).unwrap() == before,
            "{args:?} {} failed but changed the database",
            file.display()
        );
    }
    code == 0
}

fn xlsx(path: &Path, build: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) {
    let mut book = Workbook::new();
    build(book.add_worksheet());
    book.save(path).unwrap();
}

/// A zip that unpacks to more than 1 GB (the cap is 256 MB): a sharedStrings part of zeros, next to a valid
/// workbook's parts. Built with the `zip` crate (already in the tree through calamine).
fn zip_bomb(path: &Path, valid: &Path) {
    let src = std::fs::read(valid).unwrap();
    let mut input = zip::ZipArchive::new(std::io::Cursor::new(src)).unwrap();
    let file = std::fs::File::create(path).unwrap();
    let mut out = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    for i in 0..input.len() {
        let part = input.by_index(i).unwrap();
        if part.name().unwrap() != "xl/sharedStrings.xml" {
            out.raw_copy_file(part).unwrap();
        }
    }
    out.start_file("xl/sharedStrings.xml", opts).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..1025 {
        out.write_all(&zeros).unwrap();
    }
    out.finish().unwrap();
}

/// The corpus: (file name, bytes or a generated file). Returns the paths.
fn corpus(dir: &Path, rng: &mut ChaCha8Rng) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut put = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        files.push(p);
    };
    put("zero-bytes.xlsx", b"");
    put("zero-bytes.csv", b"");
    put("only-bom.csv", b"\xEF\xBB\xBF");
    put("blank-lines.csv", b"\n\n\r\n  \n");
    for (i, ext) in ["xlsx", "xls", "csv", "xlsb", "ods"].iter().enumerate() {
        let random: Vec<u8> = (0..4096 + i * 1000).map(|_| rng.random()).collect();
        put(&format!("random.{ext}"), &random);
    }
    put("zip-magic-only.xlsx", b"PK\x03\x04");
    put(
        "cfb-magic-only.xls",
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
    );
    // A zip that is not a workbook.
    {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file("readme.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(b"not a workbook").unwrap();
        z.finish().unwrap();
        put("plain-zip.xlsx", buf.get_ref());
    }
    // A valid workbook, then cut at several points and with flipped bytes.
    let good = dir.join("good.xlsx");
    xlsx(&good, |s| {
        for (c, h) in ["学号", "姓名", "班级"].iter().enumerate() {
            s.write_string(0, c as u16, *h).unwrap();
        }
        for r in 1..200u32 {
            s.write_string(r, 0, format!("2099{r:06}")).unwrap();
            s.write_string(r, 1, "测试").unwrap();
            s.write_string(r, 2, "测试一班").unwrap();
        }
    });
    let bytes = std::fs::read(&good).unwrap();
    for cut in [10, bytes.len() / 3, bytes.len() / 2, bytes.len() - 30] {
        put(&format!("truncated-{cut}.xlsx"), &bytes[..cut]);
    }
    let mut flipped = bytes.clone();
    for _ in 0..40 {
        let i = rng.random_range(100..flipped.len());
        flipped[i] ^= 0xFF;
    }
    put("flipped-bytes.xlsx", &flipped);
    // Text files.
    let mut wide = String::from("学号,姓名");
    for c in 2..10_000 {
        wide.push_str(&format!(",列{c}"));
    }
    wide.push('\n');
    for r in 0..5 {
        wide.push_str(&format!("2099{r:06},宽表"));
        wide.push_str(&",x".repeat(9_998));
        wide.push('\n');
    }
    put("10000-columns.csv", wide.as_bytes());
    put(
        "16385-columns.csv",
        format!("学号,姓名{}\n", ",x".repeat(16_383)).as_bytes(),
    );
    let huge = "长".repeat(350_000); // about 1 MB of UTF-8
    put(
        "huge-cells.csv",
        format!("学号,姓名,备注\n{huge},{huge},{huge}\n2099000001,张三,{huge}\n").as_bytes(),
    );
    put(
        "unclosed-quote.csv",
        "学号,姓名\n\"2099000001,张三\n".as_bytes(),
    );
    put(
        "nul-bytes.csv",
        b"\xe5\xad\xa6\xe5\x8f\xb7,\x00\x00\n1,\x00\n",
    );
    let mut utf16_odd = vec![0xFF, 0xFE];
    utf16_odd.extend_from_slice(&[0x66, 0x5B, 0x00]); // odd length
    put("utf16-odd-length.csv", &utf16_odd);
    // Workbooks with error formulas, 32,767-char cells, and cells at Excel's far corner.
    let formulas = dir.join("formula-errors.xlsx");
    xlsx(&formulas, |s| {
        for (c, h) in ["学号", "姓名", "班级", "入学年份"].iter().enumerate() {
            s.write_string(0, c as u16, *h).unwrap();
        }
        let errors = [
            "#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!",
        ];
        for (r, e) in errors.iter().enumerate() {
            let r = r as u32 + 1;
            s.write_formula(r, 0, Formula::new("=1/0").set_result(*e))
                .unwrap();
            s.write_string(r, 1, "公式").unwrap();
            s.write_formula(r, 2, Formula::new("=NA()").set_result(*e))
                .unwrap();
            s.write_formula(r, 3, Formula::new("=A1+1").set_result(*e))
                .unwrap();
        }
    });
    files.push(formulas);
    let long = dir.join("32767-char-cells.xlsx");
    xlsx(&long, |s| {
        s.write_string(0, 0, "学号").unwrap();
        s.write_string(0, 1, "姓名").unwrap();
        s.write_string(1, 0, "1".repeat(32_767)).unwrap();
        s.write_string(1, 1, "名".repeat(32_767)).unwrap();
    });
    files.push(long);
    let corners = dir.join("far-corner.xlsx");
    xlsx(&corners, |s| {
        s.write_string(0, 0, "学号").unwrap();
        s.write_string(0, 1, "姓名").unwrap();
        s.write_string(1_048_575, 16_383, "最后一格").unwrap();
    });
    files.push(corners);
    let bomb = dir.join("zip-bomb.xlsx");
    zip_bomb(&bomb, &good);
    files.push(bomb);
    for f in ["html-page.xls", "mixed-encodings.csv", "invalid-utf8.csv"] {
        files.push(fixtures().join(f));
    }
    files
}

/// What the reader must do with a corpus file.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Want {
    /// Read into a sheet.
    Reads,
    Empty,
    NoData,
    Corrupt,
    TooLarge(Limit),
    Html,
}

fn verdict(read: &Result<tabular::Sheet, TabularError>) -> Want {
    match read {
        Ok(_) => Want::Reads,
        Err(TabularError::Empty(_)) => Want::Empty,
        Err(TabularError::NoData(_)) => Want::NoData,
        Err(TabularError::Corrupt { .. }) => Want::Corrupt,
        Err(TabularError::TooLarge { limit, .. }) => Want::TooLarge(*limit),
        Err(TabularError::HtmlDisguisedAsXls(_)) => Want::Html,
        Err(other) => panic!("unexpected reader error: {other:?}"),
    }
}

/// For each corpus file, from how `corpus` builds it: what the reader must do, and
/// whether a dry-run roster import of it (into the 300-student demo) must succeed.
fn expected(name: &str) -> (Want, bool) {
    use Want::*;
    match name {
        "zero-bytes.xlsx" | "zero-bytes.csv" => (Empty, false),
        // Text with no cell in it.
        "only-bom.csv" | "blank-lines.csv" => (NoData, false),
        // Random bytes: no zip or CFB signature (.xls: NUL bytes, so not disguised text).
        "random.xlsx" | "random.xls" | "random.xlsb" | "random.ods" => (Corrupt, false),
        // Any bytes decode as some text: a sheet of junk, in which no header is found.
        "random.csv" => (Reads, false),
        "zip-magic-only.xlsx" | "cfb-magic-only.xls" | "plain-zip.xlsx" => (Corrupt, false),
        // Every cut loses the zip's end-of-central-directory record (last 22 bytes).
        n if n.starts_with("truncated-") => (Corrupt, false),
        // 40 flipped bytes hit the central directory or a part that is inflated.
        "flipped-bytes.xlsx" => (Corrupt, false),
        // 学号,姓名 and five students, 10,000 columns: within the limits.
        "10000-columns.csv" => (Reads, true),
        "16385-columns.csv" => (TooLarge(Limit::Columns), false),
        // Cells of 1 MB: past Excel's 32,767 characters a cell.
        "huge-cells.csv" => (TooLarge(Limit::CellLength), false),
        // The quote runs to the end: one row whose 学号 cell holds the rest, rejected
        // (no 姓名) and reported.
        "unclosed-quote.csv" => (Reads, true),
        // Text, but no header of two known names.
        "nul-bytes.csv" | "utf16-odd-length.csv" => (Reads, false),
        // A header and seven rows whose 学号 is an error: rows rejected, reported.
        "formula-errors.xlsx" => (Reads, true),
        "32767-char-cells.xlsx" => (Reads, true),
        "far-corner.xlsx" => (TooLarge(Limit::GridCells), false),
        "zip-bomb.xlsx" => (TooLarge(Limit::Unpacked), false),
        "html-page.xls" => (Html, false),
        // Rows in encodings that contradict each other: no one decoding gives the UTF-8
        // header and readable names, so no header is found; nothing garbled is stored.
        "mixed-encodings.csv" | "invalid-utf8.csv" => (Reads, false),
        other => panic!("corpus file {other} has no expectation"),
    }
}

fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("r.sqlite3");
    assert_eq!(cli(&db, &["demo", "--reference", "--students", "300"]).0, 0);
    assert_eq!(cli(&db, &["plan"]).0, 0);
    db
}

#[test]
fn broken_files_give_an_error_or_a_result_and_never_damage_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let files = corpus(dir.path(), &mut rng);
    let db = demo_db(dir.path());
    let mut refused = 0;
    for file in &files {
        let name = file.file_name().unwrap().to_str().unwrap();
        let (want, want_roster) = expected(name);
        // The reader on its own, in this process: an error or a sheet, no panic.
        let read = tabular::read(file, &ReadOptions::default());
        assert_eq!(verdict(&read), want, "{name}: {:?}", read.as_ref().err());
        let roster_ok = import_is_safe(&db, &["roster", "import", "--dry-run"], file);
        assert_eq!(roster_ok, want_roster, "{name}: roster import");
        // A real (non-dry) import of a file that reads: keep the DB's roster intact
        // for the next files by importing into a scratch copy.
        let scratch = dir.path().join("scratch.sqlite3");
        checkpoint(&db);
        std::fs::copy(&db, &scratch).unwrap();
        import_is_safe(&scratch, &["roster", "import"], file);
        for kind in ["paid", "photographed"] {
            import_is_safe(
                &db,
                &["record", "import", "--kind", kind, "--dry-run"],
                file,
            );
            import_is_safe(&scratch, &["record", "import", "--kind", kind], file);
        }
        match &read {
            Ok(sheet) => eprintln!("  read: {} ({} rows)", file.display(), sheet.rows.len()),
            Err(e) => {
                eprintln!("  refused: {e}");
                refused += 1;
            }
        }
    }
    assert_eq!(files.len(), 30);
    assert_eq!(refused, 21, "files the reader must refuse");
    // The files that import report what they did with each row.
    let report = |name: &str| {
        let file = files.iter().find(|p| p.ends_with(name)).unwrap();
        let out = common::rollcall(
            &db,
            &[
                "roster",
                "import",
                "--dry-run",
                "--json",
                file.to_str().unwrap(),
            ],
        );
        common::json(&out)
    };
    let r = report("10000-columns.csv");
    assert_eq!(
        (r["read"].as_i64(), r["added"].as_i64()),
        (Some(5), Some(5))
    );
    let r = report("formula-errors.xlsx");
    assert_eq!(
        (r["read"].as_i64(), r["added"].as_i64()),
        (Some(7), Some(0))
    );
    let rejected = r["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 7, "{r:#}");
    assert!(rejected
        .iter()
        .all(|i| i["reason"].as_str().unwrap().contains("公式错误")));
    let r = report("32767-char-cells.xlsx");
    assert_eq!(r["read"].as_i64(), Some(1), "{r:#}");
    let r = report("unclosed-quote.csv");
    assert_eq!(
        (r["read"].as_i64(), r["rejected"].as_array().map(Vec::len)),
        (Some(1), Some(1)),
        "{r:#}"
    );
    eprintln!(
        "bad_input: {} files, {} refused by the reader, none panicked or changed the DB",
        files.len(),
        refused
    );
}

#[test]
fn size_caps_state_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let files = corpus(dir.path(), &mut rng);
    let find = |name: &str| files.iter().find(|p| p.ends_with(name)).unwrap();
    let cases = [
        ("16385-columns.csv", Limit::Columns, "16,384"),
        ("far-corner.xlsx", Limit::GridCells, "5,000,000"),
        ("zip-bomb.xlsx", Limit::Unpacked, "256 MB"),
        ("huge-cells.csv", Limit::CellLength, "32,767"),
    ];
    for (name, want, text) in cases {
        let e = tabular::read(find(name), &ReadOptions::default()).unwrap_err();
        match &e {
            TabularError::TooLarge { limit, .. } => assert_eq!(*limit, want, "{name}"),
            other => panic!("{name}: {other}"),
        }
        assert!(e.to_string().contains(text), "{e}");
    }
    // 10,000 columns are within the limits and read.
    let wide = tabular::read(find("10000-columns.csv"), &ReadOptions::default()).unwrap();
    assert_eq!(wide.rows[0].cells.len(), 10_000);
    // A workbook over 200 MB, a text file over 32 MB are refused before they are read
    // (sparse files: no disk used).
    for (name, size, text) in [
        ("big.xlsx", tabular::MAX_FILE_BYTES + 1, "200 MB"),
        ("big.csv", tabular::MAX_TEXT_FILE_BYTES + 1, "32 MB"),
    ] {
        let big = dir.path().join(name);
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(size).unwrap();
        let e = tabular::read(&big, &ReadOptions::default()).unwrap_err();
        assert!(matches!(e, TabularError::FileTooLarge { .. }), "{e}");
        assert!(e.to_string().contains(text), "{e}");
    }
}

#[test]
fn broken_sync_files_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = demo_db(d);
    let bak = d.join("base.bak");
    let bak_s = bak.display().to_string();
    assert_eq!(cli(&base, &["backup", "--out", &bak_s]).0, 0);
    let (a, b) = (d.join("a.sqlite3"), d.join("b.sqlite3"));
    assert_eq!(cli(&a, &["restore", "--yes", &bak_s]).0, 0);
    assert_eq!(cli(&b, &["restore", "--yes", &bak_s]).0, 0);
    let nos: Vec<String> = {
        let store = Store::open(&b).unwrap();
        let mut st = store
            .conn()
            .prepare("SELECT student_no FROM student LIMIT 50")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let mut args = vec!["check-in", "--date", "2025-04-28", "--at", "10:00"];
    args.extend(nos.iter().map(String::as_str));
    assert_eq!(cli(&b, &args).0, 0);
    let good = d.join("b.rollcall-sync");
    let good_s = good.display().to_string();
    assert_eq!(cli(&b, &["sync", "export", "--out", &good_s]).0, 0);
    let bytes = std::fs::read(&good).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut bad: Vec<(String, Vec<u8>)> = vec![
        ("zero".into(), Vec::new()),
        ("random".into(), (0..5000).map(|_| rng.random()).collect()),
        ("text".into(), "学号,姓名\n1,张三\n".as_bytes().to_vec()),
    ];
    for cut in [1, 16, bytes.len() / 4, bytes.len() / 2, bytes.len() - 1] {
        bad.push((format!("cut-{cut}"), bytes[..cut].to_vec()));
    }
    for n in 0..6 {
        let mut f = bytes.clone();
        let i = rng.random_range(0..f.len());
        f[i] ^= 1 << (n % 8);
        bad.push((format!("flip-{i}"), f));
    }
    let mut refused = 0;
    for (name, content) in &bad {
        let p = d.join(format!("{name}.rollcall-sync"));
        std::fs::write(&p, content).unwrap();
        if !import_is_safe(&a, &["sync", "import"], &p) {
            refused += 1;
        }
    }
    assert_eq!(refused, bad.len(), "a damaged sync file was accepted");
    eprintln!("bad_input: {} damaged sync files refused", bad.len());
    // The good file still imports after all that.
    assert!(import_is_safe(&a, &["sync", "import"], &good));
}

/// A store with the demo campaign and roster, for the in-process property tests.
fn prop_store() -> (Store, rollcall::campaign::Campaign) {
    let mut store = Store::open_in_memory().unwrap();
    let opts = rollcall::demo::DemoOptions {
        students: 50,
        ..rollcall::demo::DemoOptions::default()
    };
    rollcall::demo::create(store.conn_mut(), opts, &Clock::parse(NOW)).unwrap();
    let c = rollcall::campaign::resolve(store.conn(), None).unwrap();
    (store, c)
}

/// Everything the store holds, table by table, as text: equal before and after means
/// nothing was written.
fn dump(conn: &rusqlite::Connection) -> String {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = String::new();
    for t in tables {
        out.push_str(&format!("## {t}\n"));
        let mut st = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                out.push_str(&format!("{:?}|", row.get_ref(i).unwrap()));
            }
            out.push('\n');
        }
    }
    out
}

fn all_students(store: &Store, c: &rollcall::campaign::Campaign) -> Vec<RosterEntry> {
    let filter = ListFilter {
        include_withdrawn: true,
        ..ListFilter::default()
    };
    roster::list(store.conn(), c.id, &filter).unwrap()
}

/// Characters a stored 学号 or ID number never holds: any space or control character, the
/// invisible ones that copy-paste leaves, full-width forms.
fn unclean(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{a0}' | '\u{3000}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        )
        || ('\u{ff01}'..='\u{ff5e}').contains(&c)
}

fn assert_normalised(e: &RosterEntry) {
    let no = e.student.student_no.as_str();
    assert!(!no.is_empty() && !no.chars().any(unclean), "学号 {no:?}");
    assert!(tabular::formula_error(no).is_none(), "学号 {no:?}");
    assert!(!tabular::is_scientific(no), "学号 {no:?}");
    if let Some(id) = &e.student.id_number {
        assert!(!id.is_empty() && !id.chars().any(unclean), "ID {id:?}");
        assert!(!id.contains('x'), "ID {id:?}: x not made upper-case");
        assert!(tabular::formula_error(id).is_none(), "ID {id:?}");
        assert!(!tabular::is_scientific(id), "ID {id:?}");
    }
}

/// Imports `path` and checks what any import must guarantee, whatever the file:
/// - no panic (from the reader on its own either);
/// - an error is a user error and leaves every table as it was;
/// - a dry run writes nothing;
/// - the report's counts add up: every row read is added, updated, unchanged, rejected,
///   or an exact duplicate kept once (warned "完全相同"); skipped rows are not read;
/// - a real import deletes nobody, adds `added` students and withdraws `withdrawn`, and
///   never without the user's confirmation when that is more than 20 % of the roster;
/// - every stored 学号 and ID number is normalised.
///
/// Returns the report of a successful import.
fn roster_import_is_sound(
    store: &mut Store,
    c: &rollcall::campaign::Campaign,
    path: &Path,
    options: &ImportOptions,
    dry_run: bool,
) -> Option<ImportReport> {
    let _ = tabular::read(path, &ReadOptions::default());
    let before_dump = dump(store.conn());
    let before = all_students(store, c);
    let result = import::import(
        store.conn_mut(),
        c,
        path,
        options,
        dry_run,
        &Clock::parse(NOW),
        &mut |_, _| {},
    );
    let r = match result {
        Err(e) => {
            assert!(e.is_user_error(), "{e}");
            assert!(
                dump(store.conn()) == before_dump,
                "a failed import changed the store: {e}"
            );
            return None;
        }
        Ok(r) => r,
    };
    let exact_duplicates = r
        .warnings
        .iter()
        .filter(|w| w.reason.contains("完全相同"))
        .count();
    assert_eq!(
        r.read,
        r.added + r.updated + r.unchanged + r.rejected.len() + exact_duplicates,
        "counts do not add up: {r:#?}"
    );
    assert!(r.ineligible <= r.added + r.updated + r.unchanged, "{r:#?}");
    for s in &r.skipped {
        assert!(
            !r.rejected
                .iter()
                .any(|x| x.row == s.row && x.sheet == s.sheet),
            "row {} both skipped and rejected",
            s.row
        );
    }
    let after = all_students(store, c);
    if dry_run {
        assert!(dump(store.conn()) == before_dump, "a dry run wrote: {r:#?}");
    } else {
        assert!(
            options.allow_withdraw || !r.needs_confirmation,
            "withdrew {} without confirmation",
            r.withdrawn
        );
        assert_eq!(after.len(), before.len() + r.added, "{r:#?}");
        for b in &before {
            assert!(
                after
                    .iter()
                    .any(|a| a.student.student_no == b.student.student_no),
                "{} deleted",
                b.student.student_no
            );
        }
        let newly_withdrawn = after
            .iter()
            .filter(|a| {
                a.withdrawn_at.is_some()
                    && before.iter().any(|b| {
                        b.student.student_no == a.student.student_no && b.withdrawn_at.is_none()
                    })
            })
            .count();
        assert_eq!(newly_withdrawn, r.withdrawn, "{r:#?}");
    }
    after.iter().for_each(assert_normalised);
    Some(r)
}

fn roster_import_checked(path: &Path) {
    let (mut store, c) = prop_store();
    roster_import_is_sound(&mut store, &c, path, &ImportOptions::default(), true);
    roster_import_is_sound(&mut store, &c, path, &ImportOptions::default(), false);
}

/// Cells the importers care about: header words, IDs, dates, numbers, junk.
fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("学号".to_string()),
        Just("姓名".to_string()),
        Just("班级".to_string()),
        Just("身份证号".to_string()),
        Just("入学年份".to_string()),
        Just("拍摄日期".to_string()),
        "[0-9]{1,18}X?",
        "20[0-9]{2}-[0-9]{1,2}-[0-9]{1,2}",
        "\\PC{0,12}",
        ".{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn random_csv_text_imports_soundly(text in "(?s).{0,400}", bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        std::fs::write(&p, text.as_bytes()).unwrap();
        roster_import_checked(&p);
        std::fs::write(&p, &bytes).unwrap();
        roster_import_checked(&p);
    }

    #[test]
    fn random_csv_rows_import_soundly(rows in prop::collection::vec(prop::collection::vec(cell_text(), 0..8), 0..12), sep in prop::sample::select(vec![",", "\t", ";"])) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        let text: String = rows.iter().map(|r| r.join(sep) + "\n").collect();
        std::fs::write(&p, text).unwrap();
        roster_import_checked(&p);
    }

    #[test]
    fn random_small_sheets_import_soundly(cells in prop::collection::vec((0u32..40, 0u16..12, cell_text(), 0u8..4), 0..60)) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.xlsx");
        xlsx(&p, |s| {
            for (r, c, text, kind) in &cells {
                let _ = match kind {
                    0 => s.write_string(*r, *c, text),
                    1 => s.write_number(*r, *c, text.len() as f64 * 1.5),
                    2 => s.write_boolean(*r, *c, text.is_empty()),
                    _ => s.write_formula(*r, *c, Formula::new("=1/0").set_result("#DIV/0!")),
                };
            }
        });
        roster_import_checked(&p);
    }
}

// The property from the issue: a re-import of any rows over a stored roster never leaves a
// student whose stored 学号 / 身份证号 was valid with an invalid one.

/// Twenty students with leading-zero 学号 and valid ID numbers, stored next to the demo's.
fn own_students() -> Vec<Student> {
    (1..=20u32)
        .map(|i| {
            let first17 = format!("44060420030101{i:03}");
            let id = format!("{first17}{}", check_char(&first17).unwrap());
            Student {
                student_no: StudentNo::new(&format!("05220100{i:02}")).unwrap(),
                name: format!("学生{i}"),
                gender: Some(validate(&id).unwrap().gender),
                id_number: Some(id),
                college: "信息工程学院".into(),
                major: "软件技术".into(),
                class_name: "软件2201".into(),
                intake_year: Some(2022),
                duration_years: Some(3),
                level: "专科".into(),
                campus: "高明".into(),
                site: String::new(),
                enrolment_status: "注册学籍".into(),
                grad_year: Some(2025),
                counselor: String::new(),
                phone: String::new(),
            }
        })
        .collect()
}

#[derive(Debug, Clone)]
struct RandomRow {
    /// Index into the stored roster; past its end, a new student.
    who: usize,
    /// Another stored student (whose ID number may be copied).
    other: usize,
    no_form: u8,
    id_form: u8,
    name_form: u8,
    gender_form: u8,
    class_form: u8,
    junk: String,
}

fn random_row() -> impl Strategy<Value = RandomRow> {
    (
        0usize..90,
        0usize..70,
        0u8..6,
        0u8..11,
        0u8..3,
        0u8..3,
        0u8..3,
        cell_text(),
    )
        .prop_map(
            |(who, other, no_form, id_form, name_form, gender_form, class_form, junk)| RandomRow {
                who,
                other,
                no_form,
                id_form,
                name_form,
                gender_form,
                class_form,
                junk,
            },
        )
}

#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    Number(f64),
}

fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' | 'a'..='z' | 'A'..='Z' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
            c => c,
        })
        .collect()
}

/// A long number as Excel shows it in a General cell: "2.02204E+11".
fn scientific(digits: &str) -> String {
    let v: f64 = digits.parse().unwrap_or(0.0);
    format!("{v:.5E}").replace('E', "E+")
}

/// The cells of one random row (学号 姓名 性别 身份证号 班级 学籍状态 预计毕业年份).
fn random_cells(row: &RandomRow, stored: &[RosterEntry]) -> Vec<Cell> {
    use Cell::{Number, Text};
    let me = stored.get(row.who);
    let no = me.map_or(format!("0999{:04}", row.who), |e| {
        e.student.student_no.to_string()
    });
    let digits = no.bytes().all(|b| b.is_ascii_digit());
    let no_cell = match row.no_form {
        0 => Text(no.clone()),
        1 => Text(full_width(&no)),
        2 => Text(format!("\u{a0}{}\u{200b}{}\u{a0}", &no[..3], &no[3..])),
        3 if digits => Number(no.parse().unwrap()),
        4 if digits => Text(scientific(&no)),
        5 => Text(row.junk.clone()),
        _ => Text(no.clone()),
    };
    let other = &stored[row.other % stored.len()];
    let id = me
        .and_then(|e| e.student.id_number.clone())
        .or_else(|| other.student.id_number.clone())
        .unwrap_or_default();
    let id_cell = match row.id_form {
        0 => Text(id.clone()),
        1 => Text(other.student.id_number.clone().unwrap_or_default()),
        2 if id.len() == 18 => {
            let wrong = if id.ends_with('1') { '2' } else { '1' };
            Text(format!("{}{wrong}", &id[..17]))
        }
        3 => Text(String::new()),
        4 => Text("4.40604E+17".into()),
        5 if id.len() == 18 => Text(format!("{}000", &id[..15])),
        6 if id.len() == 18 => Number(format!("{}000", &id[..15]).parse().unwrap()),
        7 => Text(full_width(&id.to_lowercase())),
        8 => Text(row.junk.clone()),
        9 => Text("#N/A".into()),
        10 if id.len() == 18 => Text(format!("{} {} {}", &id[..6], &id[6..14], &id[14..])),
        _ => Text(id.clone()),
    };
    let name = me.map_or("新生".to_string(), |e| e.student.name.clone());
    let name_cell = match row.name_form {
        0 => name,
        1 => {
            let mut chars = name.chars();
            let first = chars.next().map(String::from).unwrap_or_default();
            format!("{first} {}", chars.as_str())
        }
        _ => "改名".into(),
    };
    let gender = me
        .and_then(|e| e.student.gender)
        .map(|g| g.as_str().to_string())
        .unwrap_or_default();
    let gender_cell = match row.gender_form {
        0 => gender,
        1 => String::new(),
        _ => "未知".into(),
    };
    let class = me.map_or("新班".to_string(), |e| e.student.class_name.clone());
    let class_cell = match row.class_form {
        0 => class,
        1 => String::new(),
        _ => "新班".into(),
    };
    vec![
        no_cell,
        Text(name_cell),
        Text(gender_cell),
        id_cell,
        Text(class_cell),
        Text("注册学籍".into()),
        Text("2025".into()),
    ]
}

fn write_random_roster(path: &Path, rows: &[Vec<Cell>], as_xlsx: bool) {
    let header = [
        "学号",
        "姓名",
        "性别",
        "身份证号",
        "班级",
        "学籍状态",
        "预计毕业年份",
    ];
    if as_xlsx {
        xlsx(path, |s| {
            for (c, h) in header.iter().enumerate() {
                s.write_string(0, c as u16, *h).unwrap();
            }
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    let (r, c) = (r as u32 + 1, c as u16);
                    match cell {
                        Cell::Text(t) if t.is_empty() => {}
                        Cell::Text(t) => {
                            s.write_string(r, c, t).unwrap();
                        }
                        Cell::Number(n) => {
                            s.write_number(r, c, *n).unwrap();
                        }
                    }
                }
            }
        });
    } else {
        let quote = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
        let mut text = header.join(",") + "\n";
        for row in rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Text(t) => quote(t),
                    Cell::Number(n) => format!("{n:.0}"),
                })
                .collect();
            text.push_str(&(cells.join(",") + "\n"));
        }
        std::fs::write(path, text).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn reimport_never_leaves_a_valid_student_no_or_id_invalid(
        rows in prop::collection::vec(random_row(), 1..40),
        as_xlsx in any::<bool>(),
        allow_withdraw in any::<bool>(),
    ) {
        let (mut store, c) = prop_store();
        roster::insert_all(store.conn_mut(), c.id, c.facts.grad_year, &own_students()).unwrap();
        let base = all_students(&store, &c);
        prop_assert_eq!(base.len(), 70);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(if as_xlsx { "r.xlsx" } else { "r.csv" });
        let cells: Vec<Vec<Cell>> = rows.iter().map(|r| random_cells(r, &base)).collect();
        write_random_roster(&p, &cells, as_xlsx);
        let options = ImportOptions { allow_withdraw, ..ImportOptions::default() };
        let dry = roster_import_is_sound(&mut store, &c, &p, &options, true);
        let real = roster_import_is_sound(&mut store, &c, &p, &options, false);
        let counts = |r: &ImportReport| {
            (r.read, r.added, r.updated, r.unchanged, r.withdrawn, r.rejected.len(), r.warnings.len())
        };
        match (&dry, &real) {
            (Some(d), Some(r)) => prop_assert_eq!(counts(d), counts(r), "a dry run reports what the import does"),
            (Some(d), None) => prop_assert!(d.needs_confirmation && !allow_withdraw, "dry run passed, import failed: {:#?}", d),
            (None, Some(_)) => prop_assert!(false, "dry run failed, import passed"),
            (None, None) => {}
        }
        let after = all_students(&store, &c);
        for b in &base {
            let a = after
                .iter()
                .find(|a| a.student.student_no == b.student.student_no)
                .unwrap_or_else(|| panic!("{} deleted", b.student.student_no));
            if let Some(id) = b.student.id_number.as_deref().filter(|id| validate(id).is_ok()) {
                let now = a.student.id_number.as_deref();
                prop_assert!(
                    now.is_some_and(|n| validate(n).is_ok()),
                    "{}: stored ID {} was valid, now {:?}", b.student.student_no, id, now
                );
            }
        }
    }
}

/// Found by the property above: a 学号 cell holding only control characters (a NUL from a
/// damaged CSV) must be a rejected row, not a database error (exit 2) from the table's
/// CHECK (SQLite's length() stops at a NUL).
#[test]
fn a_student_no_of_control_characters_is_a_rejected_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    for (k, no) in ["\0", "\u{1}", "\0\u{0}123", "\u{7f}"].iter().enumerate() {
        let p = dir.path().join(format!("ctrl{k}.csv"));
        std::fs::write(
            &p,
            format!("学号,姓名,班级\n\"{no}\",张三,软件2201\n2099000001,李四,软件2201\n"),
        )
        .unwrap();
        import_is_safe(&db, &["roster", "import", "--dry-run"], &p);
        import_is_safe(&db, &["roster", "import", "--allow-withdraw"], &p);
        let store = Store::open(&db).unwrap();
        let c = rollcall::campaign::resolve(store.conn(), None).unwrap();
        for e in all_students(&store, &c) {
            assert_normalised(&e);
            let stored = e.student.student_no.as_str();
            assert!(
                !stored.chars().any(char::is_control),
                "{stored:?} stored as a 学号"
            );
        }
    }
}

/// Found by the property above: a CSV whose lines end in a bare CR (Excel for Mac's "CSV
/// (Macintosh)") numbers its rows as Excel shows them, like CRLF and LF files do.
#[test]
fn cr_only_line_breaks_number_rows_as_excel_shows_them() {
    for eol in ["\r", "\n", "\r\n"] {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        let lines = [
            "学号,姓名",
            "2099000001,张三",
            "2099000002,",
            "2099000003,李四",
        ];
        std::fs::write(&p, lines.join(eol) + eol).unwrap();
        let sheet = tabular::read(&p, &ReadOptions::default()).unwrap();
        let numbers: Vec<u32> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4], "{eol:?}");
        let (mut store, c) = prop_store();
        let options = ImportOptions {
            allow_withdraw: true,
            ..ImportOptions::default()
        };
        let r = roster_import_is_sound(&mut store, &c, &p, &options, true).unwrap();
        let rejected: Vec<u32> = r.rejected.iter().map(|i| i.row).collect();
        assert_eq!(rejected, [3], "{eol:?}");
    }
}
