//! The commands the UI calls, one file per page's capability. Each parses its
//! arguments, calls one core function and maps the error; no SQL and no rules here.

pub mod campaign;
pub mod check_in;
pub mod export;
pub mod files;
pub mod print;
pub mod progress;
pub mod remind;
pub mod roster;
pub mod schedule;
pub mod settle;
pub mod sync;
