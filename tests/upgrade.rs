//! A database written by the previous schema (0009) opens in this build: migration 0011
//! rebuilds `progress_event` to admit the verification outcomes, and nothing that points
//! at an event is lost (its id across laptops, its check-in slot and time), the sync
//! trigger still gives new events their id, and foreign keys are enforced afterwards.

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

const OLD: &[&str] = &[
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

#[test]
fn a_version_9_file_keeps_every_event_and_what_points_at_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        let steps: Vec<M> = OLD.iter().map(|sql| M::up(sql)).collect();
        Migrations::new(steps).to_latest(&mut conn).unwrap();
        let id = rollcall::campaign::create(
            &conn,
            &rollcall::demo::reference_facts(),
            &rollcall::store::Clock::parse("2025-04-01 09:00:00"),
        )
        .unwrap();
        conn.execute(
            "INSERT INTO student (id, campaign_id, student_no, name) VALUES (7, ?1, '2022010101', '张三')",
            [id.0],
        )
        .unwrap();
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
