//! Dates as the database stores them: `YYYY-MM-DD` text, which sorts as the dates do.

use chrono::NaiveDate;

/// The format of every date column.
pub const DATE: &str = "%Y-%m-%d";

/// A date as a date column holds it.
pub fn fmt_date(d: NaiveDate) -> String {
    d.format(DATE).to_string()
}
