//! Broken and hostile input files: the roster import, the agency-list import and the
//! sync import return a result or a clear error, never panic, and on error leave the
//! database byte for byte as it was. Small hand-made cases are in tests/fixtures/bad/,
//! the rest are generated here. Also proptest: random CSV text and random small sheets
//! never make `tabular::read` or the roster import panic.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rollcall::roster::import::{self, ImportOptions};
use rollcall::store::Store;
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

/// A zip that unpacks to more than 1 GB: a sharedStrings part of zeros, next to a valid
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

fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("r.sqlite3");
    assert_eq!(cli(&db, &["demo", "--students", "300"]).0, 0);
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
        // The reader on its own, in this process: an error or a sheet, no panic.
        let read = tabular::read(file, &ReadOptions::default());
        let roster_ok = import_is_safe(&db, &["roster", "import", "--dry-run"], file);
        assert_eq!(
            read.is_ok() || roster_ok,
            read.is_ok(),
            "{}",
            file.display()
        );
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
        ("far-corner.xlsx", Limit::GridCells, "10,000,000"),
        ("zip-bomb.xlsx", Limit::Unpacked, "1 GB"),
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
    // A file over 200 MB is refused before it is read (a sparse file: no disk used).
    let big = dir.path().join("big.csv");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(tabular::MAX_FILE_BYTES + 1).unwrap();
    let e = tabular::read(&big, &ReadOptions::default()).unwrap_err();
    assert!(matches!(e, TabularError::FileTooLarge { .. }), "{e}");
    assert!(e.to_string().contains("200 MB"), "{e}");
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
    rollcall::demo::create(store.conn_mut(), opts, NOW).unwrap();
    let c = rollcall::campaign::resolve(store.conn(), None).unwrap();
    (store, c)
}

fn roster_import_does_not_panic(path: &Path) {
    let (mut store, c) = prop_store();
    let _ = tabular::read(path, &ReadOptions::default());
    let _ = import::import(
        store.conn_mut(),
        &c,
        path,
        &ImportOptions::default(),
        false,
        NOW,
        &mut |_, _| {},
    );
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
    fn random_csv_text_never_panics(text in "(?s).{0,400}", bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        std::fs::write(&p, text.as_bytes()).unwrap();
        roster_import_does_not_panic(&p);
        std::fs::write(&p, &bytes).unwrap();
        roster_import_does_not_panic(&p);
    }

    #[test]
    fn random_csv_rows_never_panic(rows in prop::collection::vec(prop::collection::vec(cell_text(), 0..8), 0..12), sep in prop::sample::select(vec![",", "\t", ";"])) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        let text: String = rows.iter().map(|r| r.join(sep) + "\n").collect();
        std::fs::write(&p, text).unwrap();
        roster_import_does_not_panic(&p);
    }

    #[test]
    fn random_small_sheets_never_panic(cells in prop::collection::vec((0u32..40, 0u16..12, cell_text(), 0u8..4), 0..60)) {
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
        roster_import_does_not_panic(&p);
    }
}
