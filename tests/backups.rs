//! Automatic backups and the integrity check at start, on real files: backups are taken
//! before each destructive CLI step, are private (0600 in a 0700 folder), are pruned to
//! the `keep` setting without touching other files, and a damaged database is found and
//! restored from the newest one.

mod common;
use common::{json, ok, rollcall};

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rollcall::backup::{self, Reason};
use rollcall::settings;
use rollcall::store::{self, Clock, Health, Store};
use serde_json::Value;

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn students(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("SELECT count(*) FROM student", [], |r| r.get(0))
        .unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn reasons(db: &Path) -> Vec<Reason> {
    backup::list_auto(db)
        .unwrap()
        .iter()
        .map(|b| b.reason)
        .collect()
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn demo(db: &Path, n: &str) {
    ok(&rollcall(db, &["demo", "--reference", "--students", n]));
}

#[test]
fn auto_backups_are_private_complete_and_pruned_to_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rollcall.sqlite3");
    demo(&db, "300");
    // Another database in the same folder: its backups are its own.
    let other_db = dir.path().join("other.sqlite3");
    demo(&other_db, "20");
    let other = Store::open(&other_db).unwrap();
    let other_backup = backup::auto_backup(&other, Reason::Daily, at("2025-04-19 09:00:00"))
        .unwrap()
        .unwrap();
    assert_eq!(
        other_backup.backup.file_name,
        "other-20250419-090000-daily.sqlite3"
    );
    let store = Store::open(&db).unwrap();
    settings::set_backup_keep(store.conn(), 3, &Clock::parse("2025-04-20 08:00:00")).unwrap();
    let folder = backup::folder(&db);
    std::fs::create_dir_all(&folder).unwrap();
    // The user's own files in the folder: never pruned.
    let own = [
        "my-copy.sqlite3",
        "rollcall-notes.txt",
        "rollcall-2025.sqlite3",
    ];
    for f in own {
        std::fs::write(folder.join(f), b"mine").unwrap();
    }
    let times = [
        "2025-04-20 09:00:00",
        "2025-04-20 10:00:00",
        "2025-04-21 09:00:00",
        "2025-04-22 09:00:00",
    ];
    let mut last = None;
    for t in times {
        let r = backup::auto_backup(&store, Reason::Close, at(t))
            .unwrap()
            .unwrap();
        assert_eq!(r.keep, 3);
        last = Some(r);
    }
    // Same second twice: a second file, not an overwrite.
    let twin = backup::auto_backup(&store, Reason::Close, at(times[3]))
        .unwrap()
        .unwrap();
    let last = last.unwrap();
    assert_ne!(twin.backup.path, last.backup.path);
    assert!(twin.backup.file_name.ends_with("-close-2.sqlite3"));

    let list = backup::list_auto(&db).unwrap();
    let kept: Vec<&str> = list.iter().map(|b| b.file_name.as_str()).collect();
    assert_eq!(
        kept,
        [
            "rollcall-20250422-090000-close-2.sqlite3",
            "rollcall-20250422-090000-close.sqlite3",
            "rollcall-20250421-090000-close.sqlite3",
        ]
    );
    for f in own {
        assert_eq!(std::fs::read(folder.join(f)).unwrap(), b"mine", "{f}");
    }
    assert!(other_backup.backup.path.exists());
    assert_eq!(names(&folder).len(), 3 + own.len() + 1);
    assert_eq!(
        backup::latest_auto(&other_db).unwrap().unwrap().path,
        other_backup.backup.path
    );
    let latest = backup::latest_auto(&db).unwrap().unwrap();
    assert_eq!(latest.path, twin.backup.path);
    assert!(latest.bytes > 0);
    #[cfg(unix)]
    {
        assert_eq!(mode(&folder), 0o700);
        for b in &list {
            assert_eq!(mode(&b.path), 0o600, "{}", b.file_name);
        }
    }
    // Each copy is a complete, healthy database on its own (no -wal next to it).
    for b in &list {
        assert_eq!(store::quick_check(&b.path).unwrap(), Health::Ok);
        assert_eq!(students(&b.path), 300);
    }
    assert!(!names(&folder).iter().any(|n| n.ends_with("-wal")));
}

#[test]
fn the_daily_backup_is_taken_once_per_calendar_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite3");
    demo(&db, "50");
    let store = Store::open(&db).unwrap();
    let first = backup::daily_backup_if_due(&store, at("2025-04-20 08:00:00")).unwrap();
    assert!(first.is_some());
    // A backup for another reason does not count as the day's backup, and vice versa.
    backup::auto_backup(&store, Reason::SyncImport, at("2025-04-20 09:00:00")).unwrap();
    assert!(
        backup::daily_backup_if_due(&store, at("2025-04-20 23:59:59"))
            .unwrap()
            .is_none()
    );
    assert!(
        backup::daily_backup_if_due(&store, at("2025-04-21 00:00:01"))
            .unwrap()
            .is_some()
    );
    assert_eq!(
        reasons(&db),
        [Reason::Daily, Reason::SyncImport, Reason::Daily]
    );
}

/// Overwrites pages in the middle of the file with garbage, as a failing disk would.
fn corrupt(path: &Path) {
    let len = std::fs::metadata(path).unwrap().len();
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    let page = 4096;
    let start = (len / 3) / page * page;
    f.seek(SeekFrom::Start(start)).unwrap();
    let garbage: Vec<u8> = (0..page * 8).map(|i| (i * 131 % 251) as u8).collect();
    f.write_all(&garbage).unwrap();
    f.sync_all().unwrap();
}

#[test]
fn a_damaged_database_is_found_and_the_latest_backup_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite3");
    demo(&db, "2000");
    {
        let store = Store::open(&db).unwrap();
        backup::auto_backup(&store, Reason::Daily, at("2025-04-19 08:00:00")).unwrap();
        backup::auto_backup(&store, Reason::Close, at("2025-04-20 08:00:00")).unwrap();
    }
    assert_eq!(store::quick_check(&db).unwrap(), Health::Ok);
    let healthy = json(&rollcall(&db, &["doctor", "--json"]));
    assert_eq!(healthy["health"]["status"], "ok");

    corrupt(&db);
    let Health::Damaged { messages } = store::quick_check(&db).unwrap() else {
        panic!("a corrupted file passed quick_check");
    };
    assert!(!messages.is_empty());
    let latest = backup::latest_auto(&db).unwrap().unwrap();
    assert_eq!(latest.reason, Reason::Close);

    // The CLI says so, names the backup and the command, and exits 1.
    let out = rollcall(&db, &["doctor", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["health"]["status"], "damaged");
    assert_eq!(
        report["latest_backup"]["path"],
        latest.path.to_str().unwrap()
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("已损坏") && err.contains("rollcall restore"),
        "{err}"
    );
    assert!(err.contains(&latest.path.display().to_string()), "{err}");

    // Restoring it works: healthy, all students back, the damaged file kept aside.
    let r = backup::restore(&db, &latest.path, &Clock::parse("2025-04-20 09:00:00")).unwrap();
    assert!(r.kept_old.as_ref().unwrap().exists());
    assert_eq!(store::quick_check(&db).unwrap(), Health::Ok);
    assert_eq!(students(&db), 2000);
    let text = ok(&rollcall(&db, &["doctor"]));
    assert!(text.contains("完好"), "{text}");
}

fn list_json(db: &Path) -> Vec<Value> {
    json(&rollcall(db, &["backup", "list", "--json"]))["backups"]
        .as_array()
        .unwrap()
        .clone()
}

fn sample(dir: &Path, name: &str, students: &str, skip: &str) -> PathBuf {
    let f = dir.join(name);
    ok(&rollcall(
        &dir.join("unused.sqlite3"),
        &[
            "sample-roster",
            "--reference",
            "--out",
            f.to_str().unwrap(),
            "--students",
            students,
            "--skip",
            skip,
        ],
    ));
    f
}

#[test]
fn the_cli_backs_up_before_each_destructive_step() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite3");
    demo(&db, "200");
    assert!(list_json(&db).is_empty());

    // A re-import that withdraws nobody: no backup. One that withdraws 5: a backup.
    let same = sample(dir.path(), "same.xlsx", "200", "0");
    ok(&rollcall(
        &db,
        &["roster", "import", same.to_str().unwrap()],
    ));
    assert!(list_json(&db).is_empty());
    let fewer = sample(dir.path(), "fewer.xlsx", "200", "5");
    let out = ok(&rollcall(
        &db,
        &["roster", "import", fewer.to_str().unwrap()],
    ));
    assert!(out.contains("已自动备份"));
    let l = list_json(&db);
    assert_eq!(l.len(), 1);
    assert_eq!(l[0]["reason"], "reimport");
    // The backup holds the roster before the withdrawals.
    let withdrawn = |p: &str| -> i64 {
        let c = rusqlite::Connection::open(p).unwrap();
        c.query_row(
            "SELECT count(*) FROM student WHERE withdrawn_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(withdrawn(l[0]["path"].as_str().unwrap()), 0);
    assert_eq!(withdrawn(db.to_str().unwrap()), 5);

    // Sync import: a damaged file is refused before any backup; a good one is backed up.
    let other = dir.path().join("other.sqlite3");
    let copy = dir.path().join("copy.bak");
    ok(&rollcall(&db, &["backup", "--out", copy.to_str().unwrap()]));
    ok(&rollcall(
        &other,
        &["restore", copy.to_str().unwrap(), "--yes"],
    ));
    let f = dir.path().join("other.rollcall-sync");
    ok(&rollcall(
        &other,
        &["sync", "export", "--out", f.to_str().unwrap()],
    ));
    let cut = dir.path().join("cut.rollcall-sync");
    let bytes = std::fs::read(&f).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(
        rollcall(&db, &["sync", "import", cut.to_str().unwrap()])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(list_json(&db).len(), 1);
    // The copy is the core's (the shells take none): its report names it.
    let r = json(&rollcall(
        &db,
        &["sync", "import", f.to_str().unwrap(), "--json"],
    ));
    let l = list_json(&db);
    assert_eq!(l[0]["reason"], "sync_import");
    assert_eq!(r["auto_backup"], l[0]["path"]);

    // Closing the campaign.
    let closing = json(&rollcall(&db, &["campaign", "close", "--yes", "--json"]));
    let l = list_json(&db);
    assert_eq!(l[0]["reason"], "close");
    assert_eq!(closing["auto_backup"], l[0]["path"]);
    // A close that is refused (already closed) takes no copy.
    assert_eq!(
        rollcall(&db, &["campaign", "close", "--yes"]).status.code(),
        Some(1)
    );
    assert_eq!(list_json(&db).len(), 3);

    // Restore: the database about to be replaced is backed up first.
    ok(&rollcall(
        &db,
        &["restore", copy.to_str().unwrap(), "--yes"],
    ));
    let l = list_json(&db);
    assert_eq!(l[0]["reason"], "restore");
    assert_eq!(l.len(), 4);

    // Keep 2: the two newest stay; the setting is in the database.
    let s = json(&rollcall(&db, &["backup", "auto", "--keep", "2", "--json"]));
    assert_eq!(s["keep"], 2);
    assert_eq!(s["pruned"].as_array().unwrap().len(), 2);
    let l = json(&rollcall(&db, &["backup", "list", "--json"]));
    assert_eq!(l["keep"], 2);
    let kept: Vec<&str> = l["backups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["reason"].as_str().unwrap())
        .collect();
    assert_eq!(kept, ["restore", "close"]);
    let text = ok(&rollcall(&db, &["backup", "list"]));
    assert!(
        text.contains("恢复备份前") && text.contains("关闭任务前"),
        "{text}"
    );

    let bad = rollcall(&db, &["backup", "auto", "--keep", "0"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("1 到"));
    // `backup` alone still needs --out.
    assert_eq!(rollcall(&db, &["backup"]).status.code(), Some(1));
}

/// A database path that is a symbolic link is refused by restore, before anything is
/// copied or renamed: the link, the file it points to and the folder stay as they were.
#[cfg(unix)]
#[test]
fn restore_refuses_a_database_path_that_is_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.sqlite3");
    ok(&rollcall(&real, &["demo", "--students", "20"]));
    let bak = dir.path().join("b.sqlite3");
    ok(&rollcall(
        &real,
        &["backup", "--out", bak.to_str().unwrap()],
    ));
    let link = dir.path().join("link.sqlite3");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let before = names(dir.path());
    let real_bytes = std::fs::read(&real).unwrap();

    let err = backup::restore(&link, &bak, &Clock::parse("2025-04-20 09:00:00")).unwrap_err();
    assert!(matches!(err, backup::BackupError::Symlink(_)), "{err:?}");
    assert!(err.to_string().contains("符号链接"), "{err}");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read(&real).unwrap(), real_bytes);
    assert_eq!(names(dir.path()), before);

    // The CLI says the same and exits 1.
    let out = rollcall(&link, &["restore", bak.to_str().unwrap(), "--yes"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("符号链接"));
}
