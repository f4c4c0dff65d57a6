//! Several laptops on one campaign: real database files made from one backup, check-ins
//! and events on each, sync files exchanged, and the backup/restore round trip.

mod common;
use common::{json, rollcall};

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime};
use rollcall::backup;
use rollcall::campaign::CampaignId;
use rollcall::check_in::{self, CheckInRequest, Outcome};
use rollcall::demo::{self, DemoOptions};
use rollcall::progress::{self, EventId, EventKind, NewEvent, Source};
use rollcall::store::{Clock, Store};
use rollcall::sync::{self, SyncError};

const NOW: &str = "2025-04-30 12:00:00";

fn clock() -> Clock {
    Clock::parse(NOW)
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 4, 30).unwrap()
}

fn at(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

/// A campaign with a roster, a schedule and some payments, backed up to `base.bak`.
fn base(dir: &Path) -> (PathBuf, CampaignId) {
    let path = dir.join("base.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let opts = DemoOptions {
        students: 300,
        ..DemoOptions::default()
    };
    let id = demo::create(store.conn_mut(), opts, &clock()).unwrap();
    rollcall::plan::plan_and_save(store.conn_mut(), id, &clock()).unwrap();
    let some: Vec<String> = class_students(&store, &first_class(&store, id))[..4].to_vec();
    record(&mut store, id, &some, EventKind::Paid);
    let bak = dir.join("base.bak");
    backup::backup(&store, &bak).unwrap();
    (bak, id)
}

/// A laptop started from the backup.
fn laptop(dir: &Path, name: &str, bak: &Path) -> Store {
    let path = dir.join(name);
    backup::restore(&path, bak, &clock()).unwrap();
    Store::open(&path).unwrap()
}

fn first_class(store: &Store, id: CampaignId) -> String {
    store
        .conn()
        .query_row(
            "SELECT class_name FROM schedule_slot WHERE campaign_id = ?1 ORDER BY date, start LIMIT 1",
            [id.0],
            |r| r.get(0),
        )
        .unwrap()
}

fn class_students(store: &Store, class: &str) -> Vec<String> {
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT student_no FROM student WHERE class_name = ?1 AND ineligible_reason IS NULL
             ORDER BY student_no",
        )
        .unwrap();
    let rows = stmt.query_map([class], |r| r.get(0)).unwrap();
    rows.collect::<Result<Vec<String>, _>>().unwrap()
}

fn record(store: &mut Store, id: CampaignId, nos: &[String], kind: EventKind) {
    let e = NewEvent {
        kind,
        date: day(),
        source: Source::Typed,
        note: String::new(),
        recorded_by: "测试".into(),
        origin: String::new(),
    };
    let r = progress::record(store.conn_mut(), id, nos, &e, &clock()).unwrap();
    assert_eq!(r.recorded.len(), nos.len(), "{r:?}");
}

fn check(
    store: &mut Store,
    id: CampaignId,
    nos: &[&str],
    time: NaiveTime,
) -> check_in::CheckInReport {
    let req = CheckInRequest {
        student_nos: nos.iter().map(|s| s.to_string()).collect(),
        slot: None,
        date: Some(day()),
        time,
        recorded_by: String::new(),
    };
    check_in::check_in(store.conn_mut(), id, &req, &clock().judging(Some(day()))).unwrap()
}

/// What must agree between laptops: active events with their check-in time, and walk-ups.
fn summary(store: &Store, id: CampaignId) -> Vec<String> {
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT s.student_no || ' ' || e.kind || ' ' || e.date || ' ' || e.source || ' '
                    || coalesce(c.time, '-')
             FROM progress_event e JOIN student s ON s.id = e.student_id
             LEFT JOIN check_in c ON c.event_id = e.id
             WHERE e.campaign_id = ?1 AND e.voided_at IS NULL
             UNION ALL
             SELECT 'walk-up ' || student_no || ' ' || date || ' ' || time FROM walk_up
             WHERE campaign_id = ?1
             ORDER BY 1",
        )
        .unwrap();
    let rows = stmt.query_map([id.0], |r| r.get(0)).unwrap();
    rows.collect::<Result<Vec<String>, _>>().unwrap()
}

/// Every event row with its uid and void mark: two synced laptops hold the same set.
fn uids(store: &Store) -> Vec<(String, bool)> {
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT u.uid, e.voided_at IS NOT NULL FROM progress_event e
             JOIN sync_event_uid u ON u.event_id = e.id ORDER BY u.uid",
        )
        .unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    rows.collect::<Result<Vec<_>, _>>().unwrap()
}

fn rows(store: &Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn export(store: &mut Store, id: CampaignId, out: &Path) -> sync::ExportReport {
    sync::export(store.conn_mut(), id, out, None, &clock()).unwrap()
}

fn import(store: &mut Store, file: &Path) -> sync::ImportReport {
    sync::import(store.conn_mut(), file, None, &clock()).unwrap()
}

#[test]
fn two_laptops_merge_to_the_same_state_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let (bak, id) = base(dir.path());
    let mut a = laptop(dir.path(), "a.sqlite3", &bak);
    let mut b = laptop(dir.path(), "b.sqlite3", &bak);
    let mut one = laptop(dir.path(), "one.sqlite3", &bak);
    let ids = [
        sync::identity(a.conn(), id).unwrap(),
        sync::identity(b.conn(), id).unwrap(),
    ];
    assert_ne!(
        ids[0].laptop_id, ids[1].laptop_id,
        "a restored copy is a new laptop"
    );
    assert_eq!(ids[0].campaign_uuid, ids[1].campaign_uuid);

    let class = class_students(&a, &first_class(&a, id));
    let s: Vec<&str> = class.iter().map(String::as_str).collect();
    // Laptop A: three check-ins, a photo, a walk-up. Laptop B: two check-ins, a payment,
    // one check-in voided. `one` does all of it.
    for store in [&mut a, &mut one] {
        check(store, id, &s[0..3], at(9, 0));
        record(store, id, &[s[0].to_string()], EventKind::Photographed);
        let r = check(store, id, &["99999999"], at(9, 3));
        assert_eq!(r.lines[0].outcome, Outcome::WalkUp);
    }
    for store in [&mut b, &mut one] {
        let r = check(store, id, &s[3..5], at(9, 5));
        let voided = r.lines[1].event_id.unwrap();
        progress::void(store.conn(), id, EventId(voided), "扫错了", &clock()).unwrap();
        record(store, id, &[s[5].to_string()], EventKind::Paid);
    }

    let fa = dir.path().join("a.rollcall-sync");
    let fb = dir.path().join("b.rollcall-sync");
    let ea = export(&mut a, id, &fa);
    assert_eq!(ea.new.walk_ups, 1);
    export(&mut b, id, &fb);
    let ra = import(&mut a, &fb);
    let rb = import(&mut b, &fa);
    assert!(ra.merged.duplicates.is_empty() && rb.merged.duplicates.is_empty());
    assert_eq!(rb.merged.walk_ups_added, 1);

    assert_eq!(summary(&a, id), summary(&b, id));
    assert_eq!(summary(&a, id), summary(&one, id));
    assert_eq!(uids(&a), uids(&b));

    // Importing the same file twice changes nothing.
    let before = (uids(&a), rows(&a, "sync_log"));
    let again = import(&mut a, &fb);
    assert!(again.already_imported.is_some());
    assert_eq!(before, (uids(&a), rows(&a, "sync_log")));
    // A re-send of everything (a new file, `--since 0`) adds nothing either.
    let all = dir.path().join("b-all.rollcall-sync");
    let r = sync::export(b.conn_mut(), id, &all, Some(0), &clock()).unwrap();
    assert!(r.counts.events >= 4, "{r:?}");
    let r = import(&mut a, &all);
    assert_eq!(r.merged.events_added, 0);
    assert_eq!(before.0, uids(&a));

    // Exports after the merge carry only what is new, and merge back to no change.
    let fa2 = dir.path().join("a2.rollcall-sync");
    let fb2 = dir.path().join("b2.rollcall-sync");
    export(&mut a, id, &fa2);
    export(&mut b, id, &fb2);
    import(&mut a, &fb2);
    import(&mut b, &fa2);
    assert_eq!(summary(&a, id), summary(&b, id));
    assert_eq!(uids(&a), uids(&b));
}

#[test]
fn the_same_student_on_both_laptops_is_one_check_in_at_the_earliest_time() {
    let dir = tempfile::tempdir().unwrap();
    let (bak, id) = base(dir.path());
    let mut a = laptop(dir.path(), "a.sqlite3", &bak);
    let mut b = laptop(dir.path(), "b.sqlite3", &bak);
    let no = class_students(&a, &first_class(&a, id))[6].clone();
    check(&mut a, id, &[&no], at(9, 10));
    check(&mut b, id, &[&no], at(9, 7));
    let fa = dir.path().join("a.rollcall-sync");
    let fb = dir.path().join("b.rollcall-sync");
    export(&mut a, id, &fa);
    export(&mut b, id, &fb);
    let ra = import(&mut a, &fb);
    let rb = import(&mut b, &fa);
    for r in [&ra, &rb] {
        assert_eq!(r.merged.duplicates.len(), 1, "{r:?}");
        let d = &r.merged.duplicates[0];
        assert_eq!(d.student_no, no);
        assert_eq!(d.kept, "2025-04-30 09:07");
        assert_eq!(d.voided, "2025-04-30 09:10");
    }
    let active = |s: &Store| -> Vec<String> {
        summary(s, id)
            .into_iter()
            .filter(|l| l.starts_with(&no) && l.contains("checked_in"))
            .collect()
    };
    assert_eq!(
        active(&a),
        vec![format!("{no} checked_in 2025-04-30 check_in 09:07")]
    );
    assert_eq!(active(&a), active(&b));
    assert_eq!(uids(&a), uids(&b));
}

#[test]
fn files_may_arrive_in_any_order() {
    let dir = tempfile::tempdir().unwrap();
    let (bak, id) = base(dir.path());
    let mut a = laptop(dir.path(), "a.sqlite3", &bak);
    let mut b = laptop(dir.path(), "b.sqlite3", &bak);
    let no = class_students(&a, &first_class(&a, id))[7].clone();
    let r = check(&mut a, id, &[&no], at(9, 20));
    let f1 = dir.path().join("1.rollcall-sync");
    export(&mut a, id, &f1);
    let event = r.lines[0].event_id.unwrap();
    progress::void(a.conn(), id, EventId(event), "误签", &clock()).unwrap();
    let f2 = dir.path().join("2.rollcall-sync");
    let e2 = export(&mut a, id, &f2);
    assert_eq!((e2.new.events, e2.new.voids), (0, 1));

    // The void arrives before the check-in it voids: kept, applied once the event comes.
    let r2 = import(&mut b, &f2);
    assert_eq!(r2.merged.voids_applied, 0);
    let r1 = import(&mut b, &f1);
    assert_eq!((r1.merged.events_added, r1.merged.voids_applied), (1, 1));
    assert_eq!(summary(&a, id), summary(&b, id));
}

#[test]
fn a_file_of_another_campaign_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (bak, id) = base(dir.path());
    let mut a = laptop(dir.path(), "a.sqlite3", &bak);
    let no = class_students(&a, &first_class(&a, id))[0].clone();
    check(&mut a, id, &[&no], at(9, 0));
    let fa = dir.path().join("a.rollcall-sync");
    export(&mut a, id, &fa);

    // Same demo, made separately: same name, a different campaign.
    let mut other = Store::open(&dir.path().join("other.sqlite3")).unwrap();
    let oid = demo::create(
        other.conn_mut(),
        DemoOptions {
            students: 300,
            ..DemoOptions::default()
        },
        &clock(),
    )
    .unwrap();
    let before = (rows(&other, "progress_event"), rows(&other, "sync_log"));
    match sync::import(other.conn_mut(), &fa, None, &clock()) {
        Err(e @ SyncError::WrongCampaign { .. }) => {
            assert!(e.is_user_error());
            assert!(e.to_string().contains("未导入任何内容"), "{e}");
        }
        other => panic!("expected WrongCampaign, got {other:?}"),
    }
    assert_eq!(
        before,
        (rows(&other, "progress_event"), rows(&other, "sync_log"))
    );
    let _ = oid;

    // Its own file is refused on the laptop that wrote it.
    assert!(matches!(
        sync::import(a.conn_mut(), &fa, None, &clock()),
        Err(SyncError::FromThisLaptop)
    ));
}

#[test]
fn a_truncated_or_damaged_file_is_refused_with_nothing_applied() {
    let dir = tempfile::tempdir().unwrap();
    let (bak, id) = base(dir.path());
    let mut a = laptop(dir.path(), "a.sqlite3", &bak);
    let mut b = laptop(dir.path(), "b.sqlite3", &bak);
    let class = class_students(&a, &first_class(&a, id));
    let s: Vec<&str> = class.iter().map(String::as_str).collect();
    check(&mut a, id, &s[0..5], at(9, 0));
    let fa = dir.path().join("a.rollcall-sync");
    export(&mut a, id, &fa);
    let bytes = std::fs::read(&fa).unwrap();

    let before = (
        summary(&b, id),
        rows(&b, "sync_journal_event"),
        rows(&b, "sync_log"),
    );
    let cut = dir.path().join("cut.rollcall-sync");
    std::fs::write(&cut, &bytes[..bytes.len() - 40]).unwrap();
    let flipped = dir.path().join("flipped.rollcall-sync");
    let mut bad = bytes.clone();
    let n = bad.len() - 20;
    bad[n] ^= 0x55;
    std::fs::write(&flipped, &bad).unwrap();
    for f in [&cut, &flipped] {
        match sync::import(b.conn_mut(), f, None, &clock()) {
            Err(e @ SyncError::Damaged(..)) => assert!(e.is_user_error()),
            other => panic!("expected Damaged, got {other:?}"),
        }
    }
    assert_eq!(
        before,
        (
            summary(&b, id),
            rows(&b, "sync_journal_event"),
            rows(&b, "sync_log")
        )
    );
    // The intact file still imports, and lists what it added, named from the roster.
    let merged = import(&mut b, &fa).merged;
    assert_eq!((merged.events_added, merged.added.len()), (5, 5));
    assert!(merged
        .added
        .iter()
        .all(|a| !a.name.is_empty() && !a.student_no.is_empty() && !a.kind.is_empty()));
}

#[test]
fn backup_and_restore_round_trip_keeps_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let (bak, id) = base(dir.path());
    let mut a = laptop(dir.path(), "a.sqlite3", &bak);
    let no = class_students(&a, &first_class(&a, id))[0].clone();
    check(&mut a, id, &[&no, "88888888"], at(8, 45));
    let a_bak = dir.path().join("a.bak");
    backup::backup(&a, &a_bak).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&a_bak).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // Restoring over an existing database keeps it beside the restored one.
    let target = dir.path().join("r.sqlite3");
    drop(Store::open(&target).unwrap());
    let r = backup::restore(&target, &a_bak, &clock()).unwrap();
    let kept = r.kept_old.clone().unwrap();
    assert_eq!(
        kept,
        dir.path().join("r.sqlite3.before-restore-20250430-120000")
    );
    assert!(kept.is_file());
    let restored = Store::open(&target).unwrap();
    assert_eq!(summary(&restored, id), summary(&a, id));
    assert_ne!(
        sync::identity(restored.conn(), id).unwrap().laptop_id,
        sync::identity(a.conn(), id).unwrap().laptop_id
    );
    drop(restored);

    // A file that is not a Rollcall database changes nothing.
    let junk = dir.path().join("junk.bak");
    std::fs::write(&junk, vec![b'x'; 8192]).unwrap();
    let before = std::fs::read(&target).unwrap();
    assert!(matches!(
        backup::restore(&target, &junk, &clock()),
        Err(backup::BackupError::NotRollcall(_))
    ));
    assert_eq!(before, std::fs::read(&target).unwrap());
    assert!(!dir.path().join("r.sqlite3.before-restore-x").exists());
}

#[test]
fn check_in_warns_about_slot_payment_repeat_and_unknown_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let (bak, id) = base(dir.path());
    let mut a = laptop(dir.path(), "a.sqlite3", &bak);
    let class = first_class(&a, id);
    let students = class_students(&a, &class);
    let slot: (i64, String) = a
        .conn()
        .query_row(
            "SELECT id, date FROM schedule_slot WHERE class_name = ?1 AND part = 1",
            [&class],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let other_slot: i64 = a
        .conn()
        .query_row(
            "SELECT id FROM schedule_slot WHERE class_name <> ?1 LIMIT 1",
            [&class],
            |r| r.get(0),
        )
        .unwrap();
    let req = |nos: &[&str], slot: i64| CheckInRequest {
        student_nos: nos.iter().map(|s| s.to_string()).collect(),
        slot: Some(slot),
        date: None,
        time: at(9, 0),
        recorded_by: String::new(),
    };
    // students[0] paid in `base`; students[5] did not.
    let r = check_in::check_in(
        a.conn_mut(),
        id,
        &req(&[&students[0], &students[5], "77777777"], slot.0),
        &clock().judging(Some(day())),
    )
    .unwrap();
    assert_eq!(r.date.to_string(), slot.1);
    assert_eq!(r.lines[0].outcome, Outcome::CheckedIn);
    assert!(r.lines[0].warnings.is_empty(), "{:?}", r.lines[0].warnings);
    let codes = |l: &check_in::Line| l.warnings.iter().map(|w| w.code).collect::<Vec<_>>();
    assert_eq!(codes(&r.lines[1]), vec![check_in::WarningCode::NotPaid]);
    assert_eq!(r.lines[2].outcome, Outcome::WalkUp);
    assert_eq!(codes(&r.lines[2]), vec![check_in::WarningCode::NotInRoster]);
    let t = r.slot_counts.unwrap();
    assert_eq!(t.present, 2);
    assert_eq!(t.missing, t.expected - 2);

    let r = check_in::check_in(
        a.conn_mut(),
        id,
        &req(&[&students[0]], other_slot),
        &clock().judging(Some(day())),
    )
    .unwrap();
    assert_eq!(r.lines[0].outcome, Outcome::AlreadyCheckedIn);
    assert!(codes(&r.lines[0]).contains(&check_in::WarningCode::NotInSlot));
    assert!(codes(&r.lines[0]).contains(&check_in::WarningCode::AlreadyCheckedIn));
    assert_eq!(rows(&a, "check_in"), 2);
}

// ---------------------------------------------------------------------------------------
// The CLI contract

#[test]
fn cli_backup_restore_check_in_and_sync() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.sqlite3");
    let second = dir.path().join("second.sqlite3");
    assert!(
        rollcall(&main, &["demo", "--reference", "--students", "200"])
            .status
            .success()
    );
    assert!(rollcall(&main, &["plan"]).status.success());
    let bak = dir.path().join("main.bak");
    let b = bak.to_str().unwrap();
    json(&rollcall(&main, &["backup", "--out", b, "--json"]));

    // Not on a terminal and without --yes: refused, nothing replaced.
    let out = rollcall(&second, &["restore", b]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    assert!(!second.exists());
    let r = json(&rollcall(&second, &["restore", b, "--yes", "--json"]));
    assert!(r["kept_old"].is_null());

    let no: String = {
        let s = Store::open(&second).unwrap();
        s.conn()
            .query_row(
                "SELECT student_no FROM student ORDER BY student_no LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let c = json(&rollcall(
        &second,
        &[
            "check-in",
            &no,
            "66666666",
            "--at",
            "09:15",
            "--date",
            "2025-04-30",
            "--json",
        ],
    ));
    assert_eq!(c["lines"][0]["outcome"], "checked_in");
    assert_eq!(c["lines"][1]["outcome"], "walk_up");
    assert_eq!(c["time"], "09:15");

    let f = dir.path().join("second.rollcall-sync");
    let fs = f.to_str().unwrap();
    let e = json(&rollcall(
        &second,
        &["sync", "export", "--out", fs, "--json"],
    ));
    assert!(e["new"]["events"].as_i64().unwrap() >= 1);
    let i = json(&rollcall(&main, &["sync", "import", fs, "--json"]));
    assert_eq!(i["merged"]["events_added"], 1);
    assert_eq!(i["merged"]["walk_ups_added"], 1);
    let i = json(&rollcall(&main, &["sync", "import", fs, "--json"]));
    assert!(i["already_imported"].is_string());
    let l = json(&rollcall(&main, &["sync", "log", "--json"]));
    assert_eq!(l["entries"].as_array().unwrap().len(), 1);

    let cut = dir.path().join("cut.rollcall-sync");
    let bytes = std::fs::read(&f).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let out = rollcall(&main, &["sync", "import", cut.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("已损坏"));
}

/// Migration 0013: a new event's uid is `<laptop>-<event id, 10 hex digits><8 random hex
/// digits>`, so this laptop's new events append to the uid index (an agency list of
/// 10,000 rows used to touch every page of it), and stay unique across laptops.
#[test]
fn new_event_uids_follow_the_event_ids() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("uid.sqlite3")).unwrap();
    let opts = DemoOptions {
        students: 300,
        ..DemoOptions::default()
    };
    demo::create(store.conn_mut(), opts, &clock()).unwrap();
    let conn = store.conn();
    conn.execute_batch(
        "INSERT INTO progress_event (campaign_id, student_id, kind, date, source, created_at)
         SELECT campaign_id, id, 'paid', '2025-04-01', 'typed', '' FROM student",
    )
    .unwrap();
    let laptop: String = conn
        .query_row(
            "SELECT value FROM sync_meta WHERE key = 'laptop_id'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut stmt = conn
        .prepare("SELECT event_id, uid FROM sync_event_uid ORDER BY event_id")
        .unwrap();
    let uids: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(uids.len() >= 300);
    for (id, uid) in &uids {
        let tail = uid.strip_prefix(&format!("{laptop}-")).unwrap();
        assert_eq!(&tail[..10], format!("{id:010x}"), "{uid}");
        assert_eq!(tail.len(), 18, "{uid}");
        assert!(tail.bytes().all(|b| b.is_ascii_hexdigit()), "{uid}");
    }
    // In the index's order as in the events' order: new events go to its end.
    assert!(uids.windows(2).all(|w| w[0].1 < w[1].1));
}
