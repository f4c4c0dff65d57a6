//! Rollcall's core: every rule, query and file format of a diploma photo campaign.
//!
//! The CLI (`src/bin/rollcall`) and the desktop shell (`src-tauri`) are thin layers over
//! these modules. **Architecture invariant:** nothing here knows about Tauri or the UI;
//! "today" is always a parameter.

pub mod backup;
pub mod campaign;
pub mod check_in;
pub mod demo;
pub mod export;
pub mod failure;
pub mod live_demo;
pub mod ops;
pub mod plan;
pub mod print;
pub mod progress;
pub mod remind;
pub mod roster;
pub mod settings;
pub mod settle;
pub mod status;
pub mod store;
pub mod sync;
pub mod tabular;
