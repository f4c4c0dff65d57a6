//! The operations: one function per thing a user does, the only part of the core the
//! shells call. The CLI's subcommands and the desktop's commands are adapters over it:
//! they turn arguments into a request, call one operation and show its answer.
//!
//! An operation takes the open [`Store`](crate::store::Store), the [`Clock`] the shell
//! read once for this action (`now` for what it stamps, `today` for the rules), and plain
//! request values; it answers with plain report values or a [`Failure`] (kind, stable
//! code, message) that each shell shows its own way. What used to be written once per
//! shell lives here once: how a read choice becomes import options, the print pipeline
//! with its stages, "set how many backups to keep, then prune", the backup list of
//! 设置, swapping the store for a restore, the slot covering the clock at the desk.
//!
//! Rules stay in the modules below: an operation only sequences their calls. A shell
//! may still name the modules' types (`CampaignId`, `ListKind` …) but calls nothing but
//! `ops` (and `Store::open` / `store::resolve_db_path` to start); `tests/shells.rs`
//! checks it.

pub mod campaign;
pub mod check_in;
pub mod export;
pub mod plan;
pub mod print;
pub mod progress;
pub mod remind;
pub mod roster;
pub mod settle;
pub mod sync;

pub use crate::failure::{Failure, Kind};
pub use crate::store::Clock;

/// What every operation answers.
pub type Result<T> = std::result::Result<T, Failure>;

/// Text a user typed into an optional filter: blank means "no filter".
pub(crate) fn some(v: Option<String>) -> Option<String> {
    v.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}
