//! Numbered schema migrations, applied in order and recorded in `PRAGMA user_version`.

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use super::StoreError;

/// Every migration, in order. Append new files; never edit or reorder shipped ones.
const FILES: &[(&str, &str)] = &[
    ("0001_init.sql", include_str!("migrations/0001_init.sql")),
    (
        "0002_roster_import.sql",
        include_str!("migrations/0002_roster_import.sql"),
    ),
    (
        "0003_schedule.sql",
        include_str!("migrations/0003_schedule.sql"),
    ),
    ("0004_print.sql", include_str!("migrations/0004_print.sql")),
    (
        "0005_progress.sql",
        include_str!("migrations/0005_progress.sql"),
    ),
    ("0006_sync.sql", include_str!("migrations/0006_sync.sql")),
    (
        "0007_export.sql",
        include_str!("migrations/0007_export.sql"),
    ),
    (
        "0008_setting.sql",
        include_str!("migrations/0008_setting.sql"),
    ),
    (
        "0009_campaign_key.sql",
        include_str!("migrations/0009_campaign_key.sql"),
    ),
    (
        "0010_laptop_name.sql",
        include_str!("migrations/0010_laptop_name.sql"),
    ),
    (
        "0011_verification.sql",
        include_str!("migrations/0011_verification.sql"),
    ),
    (
        "0012_settlement.sql",
        include_str!("migrations/0012_settlement.sql"),
    ),
    (
        "0013_ordered_event_uid.sql",
        include_str!("migrations/0013_ordered_event_uid.sql"),
    ),
    (
        "0014_event_checks.sql",
        include_str!("migrations/0014_event_checks.sql"),
    ),
];

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: i64 = FILES.len() as i64;

pub(super) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found,
            known: SCHEMA_VERSION,
        });
    }
    let steps: Vec<M<'static>> = FILES
        .iter()
        .map(|(_, sql)| M::up(sql).foreign_key_check())
        .collect();
    Migrations::new(steps).to_latest(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FNV-1a, enough to notice an edited file.
    fn fnv(text: &str) -> u64 {
        text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    }

    /// Checksums of shipped migrations. Adding a migration adds a line here; a failing
    /// line means a shipped migration was edited: revert it and add a new one instead.
    const SHIPPED: &[(&str, u64)] = &[
        ("0001_init.sql", 12879139866725934413),
        ("0002_roster_import.sql", 15145361060271056979),
        ("0003_schedule.sql", 9896828703807910511),
        ("0004_print.sql", 17466167713805138725),
        ("0005_progress.sql", 2400333273571063329),
        ("0006_sync.sql", 12184414431798835129),
        ("0007_export.sql", 12748460654242402396),
        ("0008_setting.sql", 11361403106520988897),
        ("0009_campaign_key.sql", 1136176573181198824),
        ("0010_laptop_name.sql", 12228640692409631919),
        ("0011_verification.sql", 11391559641387777720),
        ("0012_settlement.sql", 10897005780446354205),
        ("0013_ordered_event_uid.sql", 4187791168026276115),
        ("0014_event_checks.sql", 15328979338008377333),
    ];

    #[test]
    fn shipped_migrations_are_never_edited() {
        for (name, sum) in SHIPPED {
            let (_, sql) = FILES
                .iter()
                .find(|(n, _)| n == name)
                .unwrap_or_else(|| panic!("shipped migration {name} was removed"));
            assert_eq!(fnv(sql), *sum, "{name} was edited after shipping");
        }
    }

    #[test]
    fn migrations_are_valid_sql() {
        let steps: Vec<M<'static>> = FILES.iter().map(|(_, sql)| M::up(sql)).collect();
        Migrations::new(steps).validate().unwrap();
    }
}
