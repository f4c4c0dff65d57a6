//! Databases written by earlier schemas open in this build. Migration 0011 rebuilds
//! `progress_event` to admit the verification outcomes, and 0014 rebuilds it again with
//! its checks written without `IN`: nothing that points at an event is lost (its id
//! across laptops, its check-in slot and time), every event keeps every field, the sync
//! trigger still gives new events their id, foreign keys are enforced afterwards, and the
//! checks admit exactly the kinds and sources the code knows.

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

const V9: &[&str] = &[
    include_str!("../src/store/migrations/0001_init.sql"),
    include_str!("../src/store/migrations/0002_roster_import.sql"),
    include_str!("../src/store/migrations/0003_schedule.sql"),
    include_str!("../src/store/migrations/0004_print.sql"),
    include_str!("../src/store/migrations/0005_progress.sql"),
    include_str!("../src/store/migrations/0006_sync.sql"),
    include_str!("../src/store/migrations/0007_export.sql"),
    include_str!("../src/store/migrations/0008_setting.sql"),
    include_str!("../src/store/migrations/0009_campaign_key.sql"),
];

/// A file at the schema `migrations` make, with campaign 1 and its student 7 (张三).
fn old_file(path: &std::path::Path, migrations: &[&str]) -> Connection {
    let mut conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    let steps: Vec<M> = migrations.iter().map(|sql| M::up(sql)).collect();
    Migrations::new(steps).to_latest(&mut conn).unwrap();
    let id = rollcall::campaign::create(
        &conn,
        &rollcall::demo::reference_facts(),
        &rollcall::store::Clock::parse("2025-04-01 09:00:00"),
    )
    .unwrap();
    assert_eq!(id.0, 1);
    conn.execute(
        "INSERT INTO student (id, campaign_id, student_no, name) VALUES (7, 1, '2022010101', '张三')",
        [],
    )
    .unwrap();
    conn
}

#[test]
fn a_version_9_file_keeps_every_event_and_what_points_at_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        let conn = old_file(&path, V9);
        let id = rollcall::campaign::CampaignId(1);
        for (eid, kind) in [(1, "paid"), (2, "checked_in"), (3, "photographed")] {
            conn.execute(
                "INSERT INTO progress_event (id, campaign_id, student_id, kind, date, source, created_at)
                 VALUES (?1, ?2, 7, ?3, '2025-04-28', 'typed', 'now')",
                rusqlite::params![eid, id.0, kind],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO check_in (event_id, slot_id, time) VALUES (2, 5, '09:12')",
            [],
        )
        .unwrap();
        // 0006's CHECK refuses the new kinds.
        assert!(conn
            .execute(
                "INSERT INTO progress_event (campaign_id, student_id, kind, date, source, created_at)
                 VALUES (?1, 7, 'verify_failed', '2025-06-10', 'typed', 'now')",
                [id.0],
            )
            .is_err());
    }
    let uids = |conn: &Connection| -> Vec<(i64, String)> {
        let mut stmt = conn
            .prepare("SELECT event_id, uid FROM sync_event_uid ORDER BY event_id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let before = uids(&Connection::open(&path).unwrap());
    assert_eq!(before.len(), 3);

    let store = rollcall::store::Store::open(&path).unwrap();
    let conn = store.conn();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, rollcall::store::SCHEMA_VERSION);
    assert_eq!(
        uids(conn),
        before,
        "every event keeps its id across laptops"
    );
    let slot: (i64, String) = conn
        .query_row(
            "SELECT slot_id, time FROM check_in WHERE event_id = 2",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(slot, (5, "09:12".to_string()));
    // The new kinds are accepted, and the trigger gives the new event its uid.
    conn.execute(
        "INSERT INTO progress_event (campaign_id, student_id, kind, date, source, note, created_at)
         VALUES (1, 7, 'verify_failed', '2025-06-10', 'typed', '姓名有误', 'now')",
        [],
    )
    .unwrap();
    assert_eq!(uids(conn).len(), 4);
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1, "foreign keys are on after the migrations");
    assert!(conn
        .execute(
            "INSERT INTO progress_event (campaign_id, student_id, kind, date, source, created_at)
             VALUES (1, 999, 'verified', '2025-06-10', 'typed', 'now')",
            [],
        )
        .is_err());
    let events =
        rollcall::progress::list_events(conn, rollcall::campaign::CampaignId(1), None, false)
            .unwrap();
    assert_eq!(events.len(), 4);
    assert_eq!(events[3].kind, rollcall::progress::EventKind::VerifyFailed);
}

/// The migrations up to 0013, the schema before the checks were rewritten.
fn v13() -> Vec<&'static str> {
    let mut all = V9.to_vec();
    all.extend([
        include_str!("../src/store/migrations/0010_laptop_name.sql"),
        include_str!("../src/store/migrations/0011_verification.sql"),
        include_str!("../src/store/migrations/0012_settlement.sql"),
        include_str!("../src/store/migrations/0013_ordered_event_uid.sql"),
    ]);
    all
}

/// Every column of every event, and each event's uid, in id order.
fn all_events(conn: &Connection) -> Vec<Vec<rusqlite::types::Value>> {
    let mut stmt = conn
        .prepare(
            "SELECT e.*, u.uid FROM progress_event e
             LEFT JOIN sync_event_uid u ON u.event_id = e.id ORDER BY e.id",
        )
        .unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| (0..n).map(|i| r.get(i)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_version_13_file_keeps_every_event_and_the_checks_admit_exactly_the_known_values() {
    use rollcall::progress::{EventKind, Source};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v13.sqlite3");
    let insert = "INSERT INTO progress_event (campaign_id, student_id, kind, date, source, note,
                      recorded_by, origin, created_at, voided_at, void_reason)
                  VALUES (1, 7, ?1, '2025-04-28', ?2, '', '', '', 'now', NULL, '')";
    {
        let conn = old_file(&path, &v13());
        conn.execute(
            "INSERT INTO progress_event (campaign_id, student_id, kind, date, source, note,
                 recorded_by, origin, created_at, voided_at, void_reason)
             VALUES (1, 7, 'paid', '2025-04-20', 'agency_import', '', '', '缴费.xlsx 第2行',
                     '2025-04-21 10:00:00', NULL, ''),
                    (1, 7, 'checked_in', '2025-04-28', 'check_in', '', '王老师', '',
                     '2025-04-28 09:12:00', NULL, ''),
                    (1, 7, 'verify_failed', '2025-06-10', 'typed', '姓名有误', '', '',
                     '2025-06-10 15:00:00', '2025-06-11 08:00:00', '录错了')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO check_in (event_id, slot_id, time) VALUES (2, 5, '09:12')",
            [],
        )
        .unwrap();
    }
    let before = all_events(&Connection::open(&path).unwrap());
    assert_eq!(before.len(), 3);

    let store = rollcall::store::Store::open(&path).unwrap();
    let conn = store.conn();
    assert_eq!(
        all_events(conn),
        before,
        "every field of every event, and its uid"
    );
    let slot: i64 = conn
        .query_row("SELECT slot_id FROM check_in WHERE event_id = 2", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(slot, 5);
    // Every kind and source the code writes is admitted; anything else is refused.
    for kind in EventKind::ALL {
        for source in Source::ALL {
            conn.execute(insert, [kind.as_str(), source.as_str()])
                .unwrap_or_else(|e| panic!("{kind:?} from {source:?} refused: {e}"));
        }
    }
    for (kind, source) in [
        ("lunch", "typed"),
        ("paid", "fax"),
        ("Paid", "typed"),
        ("paid ", "typed"),
    ] {
        assert!(
            conn.execute(insert, [kind, source]).is_err(),
            "{kind:?} from {source:?} admitted"
        );
    }
    // The trigger gives each new event its uid, the event's id first.
    let (id, uid): (i64, String) = conn
        .query_row(
            "SELECT e.id, u.uid FROM progress_event e JOIN sync_event_uid u ON u.event_id = e.id
             ORDER BY e.id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(id, 3 + 40);
    assert!(uid.contains(&format!("-{id:010x}")), "{uid}");
    assert!(conn
        .execute(
            "INSERT INTO progress_event (campaign_id, student_id, kind, date, source, created_at)
             VALUES (1, 999, 'verified', '2025-06-10', 'typed', 'now')",
            [],
        )
        .is_err());
}
