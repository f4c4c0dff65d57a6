//! The moment a user action happens, read once and handed down.
//!
//! Before, the shells read the system clock in seventeen places and the core took the
//! time as `now: &str`; a step that wrote several rows could stamp them with different
//! seconds, and a test could not set "today" without also faking the write times. A
//! [`Clock`] is taken once per action (`Clock::system()`, in the shell's one entry point)
//! and carries two things: `now`, the wall-clock time stamped on what the action writes,
//! and `today`, the day the campaign's rules are judged on, which `--today` (or a test)
//! may move without touching `now`.

use chrono::{NaiveDate, NaiveDateTime};

/// The text of every `created_at` / `*_at` column: sorts as the times do.
pub const STAMP: &str = "%Y-%m-%d %H:%M:%S";

/// When an action happens: see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    now: NaiveDateTime,
    today: NaiveDate,
}

impl Clock {
    /// The computer's local time, read now.
    pub fn system() -> Clock {
        Clock::at(chrono::Local::now().naive_local())
    }

    /// A fixed moment (tests, replays); today is its date.
    pub fn at(now: NaiveDateTime) -> Clock {
        Clock {
            now,
            today: now.date(),
        }
    }

    /// A fixed moment from its stored text (`2025-04-01 09:00:00`), for tests.
    ///
    /// # Panics
    /// When the text is not such a time: a test's constant, never user input.
    pub fn parse(stamp: &str) -> Clock {
        match NaiveDateTime::parse_from_str(stamp, STAMP) {
            Ok(now) => Clock::at(now),
            Err(e) => panic!("Clock::parse({stamp:?}): {e}"),
        }
    }

    /// The same moment, with the rules judged as on `today` when one is given (`--today`).
    pub fn judging(self, today: Option<NaiveDate>) -> Clock {
        Clock {
            today: today.unwrap_or(self.today),
            ..self
        }
    }

    /// The wall-clock time stamped on writes.
    pub fn now(&self) -> NaiveDateTime {
        self.now
    }

    /// The day rules are judged on.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// `now` as a `*_at` column holds it.
    pub fn stamp(&self) -> String {
        self.now.format(STAMP).to_string()
    }

    /// `now` for a file name (`20250401-090000`): backups, restored-over files.
    pub fn file_stamp(&self) -> String {
        self.now.format("%Y%m%d-%H%M%S").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judging_moves_today_but_not_the_stamp() {
        let c = Clock::parse("2025-04-01 09:05:07");
        let d = NaiveDate::from_ymd_opt(2025, 5, 20).unwrap();
        let moved = c.judging(Some(d));
        assert_eq!(moved.today(), d);
        assert_eq!(moved.stamp(), "2025-04-01 09:05:07");
        assert_eq!(moved.file_stamp(), "20250401-090507");
        assert_eq!(c.judging(None).today(), c.now().date());
    }
}
