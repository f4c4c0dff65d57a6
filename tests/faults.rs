//! File faults: a database locked by another program, a read-only file, a full disk.
//! Each gives a clear Chinese message (a user error, exit 1 in the CLI), changes nothing,
//! and leaves a file that passes `PRAGMA integrity_check`.
//!
//! - Locked: a second connection holds a write transaction while the real CLI writes; the
//!   CLI waits the busy timeout, then says the database is in use.
//! - Read-only: tests run as root, whom file permissions do not stop, so the CLI is run as
//!   `nobody` (setpriv) on a file it may read but not write; as another user, the file is
//!   simply made 0444.
//! - Disk full: `PRAGMA max_page_count` makes SQLite fail with SQLITE_FULL exactly as a
//!   full disk does; it is a per-connection setting, so this one drives the core directly.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use rollcall::campaign;
use rollcall::roster::import::{self, ImportOptions};
use rollcall::store::{self, Store, StoreError, BUSY_WAIT_SECS};
use rusqlite::Connection;

const BIN: &str = env!("CARGO_BIN_EXE_rollcall");

fn run(bin: &Path, db: &Path, args: &[&str]) -> Output {
    Command::new(bin)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ROLLCALL_DB")
        .output()
        .expect("run rollcall")
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Every row of every table, as text: "unchanged" means this is equal.
fn snapshot(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect();
            out.push(format!("{t}|{}", cells.join("|")));
        }
    }
    out
}

fn integrity_ok(db: &Path) {
    let conn = Connection::open(db).unwrap();
    let r: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(r, "ok");
}

fn demo(db: &Path, n: &str) {
    ok(run(
        Path::new(BIN),
        db,
        &["demo", "--reference", "--students", n],
    ));
}

#[test]
fn a_database_locked_by_another_program_waits_then_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite3");
    demo(&db, "200");
    let before = snapshot(&db);

    // Another program in the middle of a write.
    let other = Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    other
        .execute("UPDATE student SET name = name || '' WHERE id = 1", [])
        .unwrap();
    let started = Instant::now();
    let out = run(Path::new(BIN), &db, &["backup", "auto", "--keep", "3"]);
    let waited = started.elapsed();
    other.execute_batch("ROLLBACK").unwrap();
    drop(other);

    assert_eq!(
        out.status.code(),
        Some(1),
        "a user error, not an internal one"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("正被另一个程序使用") && err.contains("未做任何更改"),
        "{err}"
    );
    assert!(
        waited >= Duration::from_secs(BUSY_WAIT_SECS) - Duration::from_millis(500),
        "gave up after {waited:?}, before the busy timeout"
    );
    assert_eq!(snapshot(&db), before);
    integrity_ok(&db);
    // Once the other program is done, the same command works.
    ok(run(Path::new(BIN), &db, &["backup", "auto", "--keep", "3"]));
}

fn is_root() -> bool {
    let out = Command::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

/// How to run the CLI so that `db` is read-only to it; `None` when that is not possible
/// here (root without setpriv).
/// Runs the CLI with these arguments on the database under test.
type Runner = Box<dyn Fn(&[&str]) -> Output>;

fn read_only_runner(dir: &Path, db: &Path) -> Option<Runner> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let set = |p: &Path, m: u32| {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap()
        };
        set(db, 0o444);
        let db = db.to_path_buf();
        if !is_root() {
            return Some(Box::new(move |args| run(Path::new(BIN), &db, args)));
        }
        Command::new("setpriv").arg("--help").output().ok()?;
        // `nobody` must reach the binary and the folder (the build folder is under /root).
        let bin: PathBuf = dir.join("rollcall");
        std::fs::copy(BIN, &bin).unwrap();
        set(&bin, 0o755);
        set(dir, 0o755);
        Some(Box::new(move |args| {
            Command::new("setpriv")
                .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(&bin)
                .arg("--db")
                .arg(&db)
                .args(args)
                .env_remove("ROLLCALL_DB")
                .output()
                .expect("run rollcall as nobody")
        }))
    }
    #[cfg(not(unix))]
    {
        let _ = (dir, db);
        None
    }
}

#[test]
fn a_read_only_database_says_so_and_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite3");
    demo(&db, "200");
    let before = snapshot(&db);
    let Some(cli) = read_only_runner(dir.path(), &db) else {
        eprintln!("skipped: cannot make the file read-only for the CLI here");
        return;
    };
    let writes = [
        &["backup", "auto", "--keep", "3"][..],
        &["campaign", "close", "--yes"][..],
    ];
    let refused = |args: &[&str]| {
        let out = cli(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("只读") && err.contains("未做任何更改"),
            "{args:?}: {err}"
        );
    };
    // The folder read-only too (a write-protected USB stick)…
    writes.iter().for_each(|a| refused(a));
    // …and only the file (SQLite can then make its -shm/-wal files next to it).
    #[cfg(unix)]
    if is_root() {
        std::os::unix::fs::chown(dir.path(), Some(65534), None).unwrap();
        writes.iter().for_each(|a| refused(a));
    }
    assert_eq!(snapshot(&db), before);
    integrity_ok(&db);
}

#[test]
fn a_full_disk_fails_the_import_cleanly_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite3");
    demo(&db, "100");
    let roster = dir.path().join("roster.xlsx");
    ok(run(
        Path::new(BIN),
        &dir.path().join("unused.sqlite3"),
        &[
            "sample-roster",
            "--reference",
            "--out",
            roster.to_str().unwrap(),
            "--students",
            "3000",
        ],
    ));
    let before = snapshot(&db);
    {
        let mut store = Store::open(&db).unwrap();
        let pages: i64 = store
            .conn()
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        // The disk is full: the file cannot grow by more than a few pages.
        store
            .conn()
            .query_row(
                &format!("PRAGMA max_page_count = {}", pages + 4),
                [],
                |_| Ok(()),
            )
            .unwrap();
        let c = campaign::resolve(store.conn(), None).unwrap();
        let err = import::import(
            store.conn_mut(),
            &c,
            &roster,
            &ImportOptions::default(),
            false,
            &store::Clock::parse("2025-04-20 09:00:00"),
            &mut |_, _| {},
        )
        .expect_err("3000 new students fit in 4 pages");
        let fault = store::file_fault(&err).expect("disk full is recognised");
        assert!(matches!(fault, StoreError::Full));
        let text = fault.to_string();
        assert!(
            text.contains("磁盘空间不足") && text.contains("未做任何更改"),
            "{text}"
        );
        // The same store keeps working for reads.
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM student", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 100);
    }
    assert_eq!(snapshot(&db), before);
    integrity_ok(&db);
}

#[test]
fn store_errors_name_the_fault() {
    let busy =
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY), None);
    assert!(matches!(StoreError::from(busy), StoreError::Busy));
    let ro = rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
        None,
    );
    assert!(matches!(StoreError::from(ro), StoreError::ReadOnly));
    let other = rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT),
        None,
    );
    assert!(store::file_fault(&other).is_none());
}
