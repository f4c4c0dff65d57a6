//! Several programs on one database file, as an office has them: two CLI processes (or
//! the desktop app and a CLI) writing at once, and a reader.
//!
//! - Every write transaction starts IMMEDIATE, so a writer that finds the file busy waits
//!   the busy timeout ([`BUSY_WAIT_SECS`]) instead of failing at once; the "已等待 5 秒"
//!   of the message is true.
//! - Two writers and a reader in loops for 20 s (`ROLLCALL_CONCURRENCY_SECS` to change
//!   it): no command fails and every recorded event is in the file at the end.

mod common;
use common::{json, ok, rollcall};

use std::path::Path;
use std::time::{Duration, Instant};

use rollcall::store::BUSY_WAIT_SECS;
use rusqlite::Connection;

fn event_count(db: &Path) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row("SELECT count(*) FROM progress_event", [], |r| r.get(0))
        .unwrap()
}

/// A write that reads first (`record add` looks at the student's events before adding
/// one) waits for another program's write transaction, as the message says, instead of
/// failing at once.
#[test]
fn a_writer_waits_the_busy_timeout_the_message_states() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite3");
    ok(&rollcall(&db, &["demo", "--reference", "--students", "50"]));
    let no: String = Connection::open(&db)
        .unwrap()
        .query_row("SELECT student_no FROM student LIMIT 1", [], |r| r.get(0))
        .unwrap();

    let other = Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    other
        .execute("UPDATE student SET name = name || '' WHERE id = 1", [])
        .unwrap();
    let started = Instant::now();
    let out = rollcall(&db, &["record", "add", &no, "--kind", "paid"]);
    let waited = started.elapsed();
    other.execute_batch("ROLLBACK").unwrap();
    drop(other);

    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("正被另一个程序使用") && err.contains(&format!("{BUSY_WAIT_SECS} 秒")),
        "{err}"
    );
    assert!(
        waited >= Duration::from_secs(BUSY_WAIT_SECS) - Duration::from_millis(300),
        "said it waited {BUSY_WAIT_SECS} s, gave up after {waited:?}"
    );
    assert_eq!(event_count(&db), 0);
    // Once the other program is done, the same command works.
    ok(&rollcall(&db, &["record", "add", &no, "--kind", "paid"]));
    assert_eq!(event_count(&db), 1);
}

/// What one loop did.
#[derive(Default)]
struct Tally {
    runs: usize,
    /// Events the writer's runs reported as recorded.
    recorded: i64,
    failures: Vec<String>,
}

/// Two writer processes at a time (`record add`, one student each, and two at once) and
/// a reader (`progress`), in loops: nothing fails, nothing is lost.
#[test]
fn two_writers_and_a_reader_neither_fail_nor_lose_a_write() {
    let secs: u64 = std::env::var("ROLLCALL_CONCURRENCY_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite3");
    ok(&rollcall(
        &db,
        &["demo", "--reference", "--students", "3000"],
    ));
    let nos: Vec<String> = Connection::open(&db)
        .unwrap()
        .prepare("SELECT student_no FROM student ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let (evens, odds): (Vec<_>, Vec<_>) = nos.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let evens: Vec<&str> = evens.into_iter().map(|(_, n)| n.as_str()).collect();
    let odds: Vec<&str> = odds.into_iter().map(|(_, n)| n.as_str()).collect();
    let before = event_count(&db);
    let deadline = Instant::now() + Duration::from_secs(secs);

    let writer = |mine: &[&str], per_run: usize| {
        let mut t = Tally::default();
        for chunk in mine.chunks(per_run).cycle() {
            if Instant::now() >= deadline {
                break;
            }
            let mut args = vec!["record", "add"];
            args.extend_from_slice(chunk);
            args.extend_from_slice(&["--kind", "paid", "--json"]);
            let out = rollcall(&db, &args);
            t.runs += 1;
            if out.status.success() {
                let r = json(&out);
                let recorded = r["recorded"].as_array().unwrap().len();
                let duplicates = r["duplicates"].as_array().unwrap().len();
                assert_eq!(recorded + duplicates, chunk.len(), "{r}");
                t.recorded += recorded as i64;
            } else {
                t.failures
                    .push(String::from_utf8_lossy(&out.stderr).into_owned());
            }
        }
        t
    };
    let reader = || {
        let mut t = Tally::default();
        while Instant::now() < deadline {
            let out = rollcall(&db, &["progress", "--json"]);
            t.runs += 1;
            if !out.status.success() {
                t.failures
                    .push(String::from_utf8_lossy(&out.stderr).into_owned());
            }
        }
        t
    };
    let started = Instant::now();
    let (a, b, r) = std::thread::scope(|s| {
        let a = s.spawn(|| writer(&evens, 1));
        let b = s.spawn(|| writer(&odds, 2));
        let r = s.spawn(reader);
        (a.join().unwrap(), b.join().unwrap(), r.join().unwrap())
    });
    let elapsed = started.elapsed().as_secs_f64();
    let added = event_count(&db) - before;
    println!(
        "{elapsed:.1} s: writer A {} runs, writer B {} runs ({:.1} writes/s together), \
         {} events recorded, {} reads ({:.1}/s)",
        a.runs,
        b.runs,
        (a.runs + b.runs) as f64 / elapsed,
        added,
        r.runs,
        r.runs as f64 / elapsed,
    );
    for (who, t) in [("writer A", &a), ("writer B", &b), ("reader", &r)] {
        assert!(
            t.failures.is_empty(),
            "{who}: {} of {} runs failed, first: {}",
            t.failures.len(),
            t.runs,
            t.failures[0]
        );
    }
    assert!(a.runs > 0 && b.runs > 0 && r.runs > 0);
    assert_eq!(
        added,
        a.recorded + b.recorded,
        "every event a writer reported is in the file"
    );
    let integrity: String = Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
}
