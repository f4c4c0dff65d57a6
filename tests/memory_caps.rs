//! What one import may cost: any file is refused or read within 1 GB of memory,
//! measured as the CLI process's own peak (wait4's rusage), not guessed. Timing is left
//! to `make bench`; here only memory and the outcome are asserted.
#![cfg(unix)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const GB_KIB: i64 = 1024 * 1024;

/// Runs `rollcall --db DB ARGS…`, returns (exit code, stderr, peak resident KiB).
// The child is reaped by wait4 below, which std's `wait` cannot do with rusage.
#[allow(clippy::zombie_processes)]
fn run_measured(db: &Path, args: &[&str]) -> (i32, String, i64) {
    let child = Command::new(env!("CARGO_BIN_EXE_rollcall"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ROLLCALL_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run rollcall");
    let pid = child.id() as libc::pid_t;
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr {
        use std::io::Read;
        e.read_to_string(&mut stderr).unwrap();
    }
    let mut status = 0;
    // SAFETY: rusage is plain data; pid is our own child, not yet waited for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (code, stderr, usage.ru_maxrss)
}

fn demo_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("m.sqlite3");
    let (code, err, _) = run_measured(&db, &["demo", "--reference", "--students", "10"]);
    assert_eq!(code, 0, "{err}");
    db
}

/// A CSV of about `mb` MB built from `line(i)`.
fn csv(path: &Path, header: &str, mb: u64, line: impl Fn(u64) -> String) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut n = header.len() as u64;
    f.write_all(header.as_bytes()).unwrap();
    let mut i = 0;
    while n < mb * 1024 * 1024 {
        let l = line(i);
        n += l.len() as u64;
        f.write_all(l.as_bytes()).unwrap();
        i += 1;
    }
}

#[test]
fn text_files_are_read_or_refused_within_1_gb() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let header = "学号,姓名,班级,学院,专业,身份证号,备注\n";

    // Just under the 32 MB cap, realistic rows: read (dry run), within 1 GB.
    let rows = dir.path().join("rows.csv");
    csv(&rows, header, 31, |i| {
        format!(
            "2022{i:08},学生{},软件{}班,信息学院,软件技术,,备注{i}\n",
            i % 97,
            i % 50
        )
    });
    let (code, err, kib) = run_measured(
        &db,
        &["roster", "import", "--dry-run", rows.to_str().unwrap()],
    );
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    assert!(kib < GB_KIB, "31 MB of rows peaked at {} MB", kib / 1024);
    eprintln!("31 MB CSV of rows: exit {code}, peak {} MB", kib / 1024);

    // The costliest shape: one-character cells. Refused at 5,000,000 cells, within 1 GB.
    let tiny = dir.path().join("tiny.csv");
    csv(&tiny, "学号,姓名\n", 31, |_| {
        format!("{}\n", ["1"; 64].join(","))
    });
    let (code, err, kib) = run_measured(
        &db,
        &["roster", "import", "--dry-run", tiny.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("5,000,000"), "{err}");
    assert!(kib < GB_KIB, "tiny cells peaked at {} MB", kib / 1024);
    eprintln!(
        "31 MB CSV of 1-character cells: refused, peak {} MB",
        kib / 1024
    );

    // Over the cap: refused before it is read.
    let big = dir.path().join("big.csv");
    csv(&big, header, 33, |i| format!("{i},x\n"));
    let (code, err, kib) = run_measured(
        &db,
        &["roster", "import", "--dry-run", big.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("32 MB"), "{err}");
    assert!(kib < 200 * 1024, "refused file peaked at {} MB", kib / 1024);
}

/// A valid roster workbook whose shared-string table is padded with `mb` MB of small
/// unique strings: the costliest thing a workbook can ask calamine to hold.
fn xlsx_with_strings(path: &Path, mb: u64) {
    let valid = path.with_extension("valid.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    s.write_string(0, 0, "学号").unwrap();
    s.write_string(0, 1, "姓名").unwrap();
    s.write_string(1, 0, "2022000001").unwrap();
    s.write_string(1, 1, "张三").unwrap();
    book.save(&valid).unwrap();
    let mut input = zip::ZipArchive::new(std::fs::File::open(&valid).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
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
    out.write_all(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>学号</t></si><si><t>姓名</t></si><si><t>2022000001</t></si><si><t>张三</t></si>"#.as_bytes()).unwrap();
    let mut written = 0u64;
    let mut n = 0u64;
    let mut chunk = String::with_capacity(1 << 20);
    while written < mb * 1024 * 1024 {
        chunk.clear();
        while chunk.len() < (1 << 20) - 32 {
            chunk.push_str(&format!("<si><t>{n}</t></si>"));
            n += 1;
        }
        out.write_all(chunk.as_bytes()).unwrap();
        written += chunk.len() as u64;
    }
    out.write_all(b"</sst>").unwrap();
    out.finish().unwrap();
}

#[test]
fn workbooks_are_read_or_refused_within_1_gb() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mb: u64 = std::env::var("ROLLCALL_SST_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(250);
    let file = dir.path().join("strings.xlsx");
    xlsx_with_strings(&file, mb);
    let (code, err, kib) = run_measured(
        &db,
        &["roster", "import", "--dry-run", file.to_str().unwrap()],
    );
    eprintln!(
        "{mb} MB of shared strings: exit {code}, peak {} MB: {err}",
        kib / 1024
    );
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    assert!(
        kib < GB_KIB,
        "{mb} MB of shared strings peaked at {} MB",
        kib / 1024
    );
}
