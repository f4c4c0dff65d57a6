//! Crash safety: the real CLI is killed with SIGKILL (`Child::kill`) at random moments in
//! the middle of a large roster import, an agency-list reconciliation, `plan` and a
//! `sync import`. After every kill the database must open with [`Store`], pass
//! `PRAGMA integrity_check`, and hold either the whole operation or none of it.
//!
//! "All or nothing" is checked with a fingerprint of every table (row count and a hash of
//! the rows, with timestamp and random-id columns reduced to "set / not set"), compared
//! with the states before and after an uninterrupted run of the same operation.
//!
//! `CRASH_KILLS` (default 25) sets the kills per operation, `CRASH_SEED` the random seed.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rollcall::store::Store;
use rusqlite::Connection;

const BIN: &str = env!("CARGO_BIN_EXE_rollcall");

fn cli(db: &Path, args: &[&str]) -> Output {
    let out = common::rollcall(db, args);
    assert!(
        out.status.success(),
        "rollcall {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Per table: (row count, hash of the rows).
type Fingerprint = BTreeMap<String, (i64, u64)>;

/// Columns whose value depends on the clock or a random generator: only "set or not"
/// is compared (a withdrawal's `withdrawn_at` still counts).
fn volatile(column: &str) -> bool {
    column.ends_with("_at") || matches!(column, "at" | "uid" | "uuid" | "laptop_id" | "as_of")
}

fn fingerprint(conn: &Connection) -> Fingerprint {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap();
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = Fingerprint::new();
    for t in tables {
        let mut info = conn
            .prepare(&format!("PRAGMA table_info(\"{t}\")"))
            .unwrap();
        let cols: Vec<String> = info
            .query_map([], |r| r.get(1))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let expr = cols
            .iter()
            .map(|c| {
                if volatile(c) {
                    format!("(\"{c}\" IS NULL)")
                } else {
                    format!("quote(\"{c}\")")
                }
            })
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        let sql = format!(
            "SELECT count(*), coalesce(group_concat(r, char(10)), '') \
             FROM (SELECT {expr} AS r FROM \"{t}\" ORDER BY r)"
        );
        let (count, text): (i64, String) = conn
            .query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        let mut h = DefaultHasher::new();
        text.hash(&mut h);
        out.insert(t, (count, h.finish()));
    }
    out
}

/// Opens the file as the app does, checks its integrity and fingerprints it.
fn open_and_check(db: &Path) -> Fingerprint {
    let store = Store::open(db).unwrap_or_else(|e| panic!("{}: {e}", db.display()));
    let check: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "integrity_check of {}", db.display());
    fingerprint(store.conn())
}

/// The tables whose fingerprints differ, for the failure message.
fn diff(a: &Fingerprint, b: &Fingerprint) -> Vec<String> {
    let names: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    names
        .into_iter()
        .filter(|n| a.get(*n) != b.get(*n))
        .map(|n| format!("{n}: {:?} vs {:?}", a.get(n), b.get(n)))
        .collect()
}

fn copy_db(from: &Path, to: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", to.display()));
    }
    assert!(
        !Path::new(&format!("{}-wal", from.display())).exists(),
        "base DB must be checkpointed"
    );
    std::fs::copy(from, to).unwrap();
}

/// One operation to interrupt: the CLI arguments (after `--db`) run against a copy of
/// `base`, which must be closed (no WAL file).
struct Operation<'a> {
    name: &'a str,
    base: &'a Path,
    args: Vec<String>,
}

#[derive(Default, Debug)]
struct Tally {
    kills: usize,
    /// Killed while running (the rest had already exited).
    mid_run: usize,
    /// Of those, killed after the write transaction had written to the WAL file.
    mid_write: usize,
    /// Of those, how many left the "before" state and how many the "after" state.
    left_before: usize,
    left_after: usize,
    completed: usize,
}

fn seed() -> u64 {
    std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(2025, |d| d.as_nanos() as u64)
        })
}

fn kills_per_operation() -> usize {
    std::env::var("CRASH_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(25)
}

fn wal_len(wal: &Path) -> u64 {
    std::fs::metadata(wal).map_or(0, |m| m.len())
}

/// Polls until the WAL file has frames or the child has exited.
fn wait_for_wal(child: &mut std::process::Child, wal: &Path) {
    while wal_len(wal) == 0 && child.try_wait().unwrap().is_none() {
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// Runs the operation to the end: its duration, and how long it ran after its first
/// write to the WAL file.
fn timed_run(db: &Path, args: &[&str], wal: &Path) -> (Duration, Duration) {
    let start = Instant::now();
    let mut child = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ROLLCALL_DB")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_wal(&mut child, wal);
    let first_write = start.elapsed();
    let status = child.wait().unwrap();
    assert!(status.success(), "rollcall {args:?} failed");
    let took = start.elapsed();
    (took, took - first_write)
}

/// Measures one uninterrupted run, then kills the CLI at random moments within that
/// duration, checking the database after each kill.
fn kill_repeatedly(op: &Operation, work: &Path) -> Tally {
    let db = work.join(format!("{}.sqlite3", op.name));
    copy_db(op.base, &db);
    let before = open_and_check(&db);
    copy_db(op.base, &db);
    let args: Vec<&str> = op.args.iter().map(String::as_str).collect();
    let wal_path = PathBuf::from(format!("{}-wal", db.display()));
    let (took, writing) = timed_run(&db, &args, &wal_path);
    let after = open_and_check(&db);
    assert_ne!(before, after, "{}: the operation changed nothing", op.name);

    let seed = seed();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // A little past the measured duration: runs are slower while other tests run.
    let window = (took.as_micros() as u64 * 5 / 4).max(1000);
    let write_window = (writing.as_micros() as u64 * 5 / 4).max(1000);
    let mut tally = Tally::default();
    for i in 0..kills_per_operation() {
        copy_db(op.base, &db);
        let mut child = Command::new(BIN)
            .arg("--db")
            .arg(&db)
            .args(&args)
            .env_remove("ROLLCALL_DB")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Every other kill aims at the write transaction: it waits for the WAL file to
        // get its first frames, then a random part of the measured write time.
        let delay = if i % 2 == 1 {
            wait_for_wal(&mut child, &wal_path);
            rng.random_range(0..write_window)
        } else {
            rng.random_range(0..window)
        };
        std::thread::sleep(Duration::from_micros(delay));
        tally.kills += 1;
        let mid_run = match child.try_wait().unwrap() {
            Some(status) => {
                assert!(status.success(), "{} run {i} failed on its own", op.name);
                false
            }
            None => {
                // Frames in the WAL file mean the write transaction had begun.
                let wal = wal_len(&wal_path);
                child.kill().unwrap();
                child.wait().unwrap();
                tally.mid_write += usize::from(wal > 0);
                true
            }
        };
        let state = open_and_check(&db);
        let done = if state == after {
            true
        } else if state == before {
            false
        } else {
            panic!(
                "{} (seed {seed}, kill {i}): the database holds part of the operation:\n\
                 vs before: {:#?}\nvs after: {:#?}",
                op.name,
                diff(&before, &state),
                diff(&after, &state)
            );
        };
        match (mid_run, done) {
            (false, d) => {
                assert!(d, "{}: finished run left the before state", op.name);
                tally.completed += 1;
            }
            (true, false) => {
                tally.mid_run += 1;
                tally.left_before += 1;
            }
            (true, true) => {
                tally.mid_run += 1;
                tally.left_after += 1;
            }
        }
    }
    eprintln!(
        "crash[{}]: seed {seed}, uninterrupted run {:.0} ms ({:.0} ms writing), {} kills: {} landed mid-run \
         ({} of them after writing began; {} left it undone, {} done), {} after it had finished",
        op.name,
        took.as_secs_f64() * 1000.0,
        writing.as_secs_f64() * 1000.0,
        tally.kills,
        tally.mid_run,
        tally.mid_write,
        tally.left_before,
        tally.left_after,
        tally.completed
    );
    tally
}

/// Closes `db` cleanly (the last connection checkpoints and removes the WAL file).
fn settle(db: &Path) {
    let store = Store::open(db).unwrap();
    store
        .conn()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(store);
    assert!(!Path::new(&format!("{}-wal", db.display())).exists());
}

fn student_nos(db: &Path) -> Vec<(String, String, String, String, String, String)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT student_no, name, college, major, class_name, campus FROM student \
             WHERE withdrawn_at IS NULL ORDER BY student_no",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn demo_base(dir: &Path, students: u32, plan: bool) -> PathBuf {
    let db = dir.join("base.sqlite3");
    cli(
        &db,
        &["demo", "--reference", "--students", &students.to_string()],
    );
    if plan {
        cli(&db, &["plan"]);
    }
    settle(&db);
    db
}

fn assert_mid_run(t: &Tally, name: &str) {
    // A run that never landed mid-operation proves nothing; with kills spread over the
    // measured duration most land mid-run, so requiring a few is not flaky.
    assert!(
        t.mid_run >= t.kills / 5,
        "{name}: only {} of {} kills landed mid-run",
        t.mid_run,
        t.kills
    );
    assert!(
        t.mid_write > 0,
        "{name}: no kill landed after writing began"
    );
}

/// A 30,000-row roster imported over a DB holding the 2,400-student demo roster: half
/// the demo students come back with a new phone (updated), the other half are missing
/// (withdrawn) and 28,800 are new.
#[test]
fn killing_a_large_roster_import_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let base = demo_base(dir.path(), 2400, false);
    let old = student_nos(&base);
    let file = dir.path().join("名单.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = ["学号", "姓名", "学院", "专业", "班级", "校区", "手机"];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let kept = old.len() / 2;
    let mut row = 1u32;
    for (i, s) in old.iter().take(kept).enumerate() {
        let phone = format!("139{:08}", i);
        for (c, v) in [&s.0, &s.1, &s.2, &s.3, &s.4, &s.5, &phone]
            .iter()
            .enumerate()
        {
            sheet.write_string(row, c as u16, v.as_str()).unwrap();
        }
        row += 1;
    }
    let template = &old[0];
    while row <= 30_000 {
        let no = format!("2099{:06}", row);
        let class = format!("{}新{}班", template.3, row / 40);
        let cells = [
            no.as_str(),
            "新生",
            &template.2,
            &template.3,
            &class,
            &template.5,
            "13800000000",
        ];
        for (c, v) in cells.iter().enumerate() {
            sheet.write_string(row, c as u16, *v).unwrap();
        }
        row += 1;
    }
    book.save(&file).unwrap();

    let op = Operation {
        name: "roster-import",
        base: &base,
        // Half the roster leaves: more than the share that goes without confirming.
        args: vec![
            "roster".into(),
            "import".into(),
            "--allow-withdraw".into(),
            file.display().to_string(),
        ],
    };
    let t = kill_repeatedly(&op, dir.path());
    assert_mid_run(&t, op.name);
}

/// The agency's 拍摄名单 for all 10,000 students of a demo campaign.
#[test]
fn killing_an_agency_list_reconciliation_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let base = demo_base(dir.path(), 10_000, false);
    let mut text = String::from("学号,姓名,拍摄日期\n");
    for s in student_nos(&base) {
        text.push_str(&format!("{},{},2025-04-28\n", s.0, s.1));
    }
    let file = dir.path().join("拍摄名单.csv");
    std::fs::write(&file, text).unwrap();
    let op = Operation {
        name: "record-import",
        base: &base,
        args: [
            "record",
            "import",
            "--kind",
            "photographed",
            "--date",
            "2025-04-28",
            &file.display().to_string(),
        ]
        .map(String::from)
        .to_vec(),
    };
    let t = kill_repeatedly(&op, dir.path());
    assert_mid_run(&t, op.name);
}

#[test]
fn killing_plan_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let base = demo_base(dir.path(), 10_000, false);
    let op = Operation {
        name: "plan",
        base: &base,
        args: vec!["plan".into()],
    };
    let t = kill_repeatedly(&op, dir.path());
    assert_mid_run(&t, op.name);
}

/// Two laptops from one backup; 8,000 check-ins on B, exported and imported into A.
#[test]
fn killing_a_sync_import_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = demo_base(d, 10_000, true);
    let bak = d.join("base.bak");
    cli(&base, &["backup", "--out", &bak.display().to_string()]);
    let (a, b) = (d.join("a.sqlite3"), d.join("b.sqlite3"));
    cli(&a, &["restore", "--yes", &bak.display().to_string()]);
    cli(&b, &["restore", "--yes", &bak.display().to_string()]);
    let nos: Vec<String> = student_nos(&b)
        .into_iter()
        .map(|s| s.0)
        .take(8000)
        .collect();
    for chunk in nos.chunks(2000) {
        let mut args = vec!["check-in", "--date", "2025-04-28", "--at", "10:00"];
        args.extend(chunk.iter().map(String::as_str));
        cli(&b, &args);
    }
    let file = d.join("b.rollcall-sync");
    cli(
        &b,
        &["sync", "export", "--out", &file.display().to_string()],
    );
    settle(&a);
    let op = Operation {
        name: "sync-import",
        base: &a,
        args: vec!["sync".into(), "import".into(), file.display().to_string()],
    };
    let t = kill_repeatedly(&op, d);
    assert_mid_run(&t, op.name);
}
