//! Core errors turned into what the UI shows: the core classifies every error once
//! (`rollcall::failure`); here it becomes a message, whether the user can fix it, the
//! stable code the UI picks its own hint by, and the findings when a value was refused.

use std::collections::BTreeMap;

use rollcall::campaign::Finding;
use rollcall::failure::{Failure, Kind};
use serde::Serialize;

#[derive(Debug, Serialize, ts_rs::TS)]
pub struct UiError {
    pub message: String,
    /// "user": the user can fix it (their input, or the file or disk); "internal": a
    /// fault to report.
    #[ts(type = r#""user" | "internal""#)]
    pub kind: &'static str,
    /// The core's stable code (`campaign.NoCampaign` …); "" for the shell's own errors.
    pub code: String,
    /// The message's arguments by name, for saying it in English by code.
    pub args: BTreeMap<String, String>,
    pub findings: Vec<Finding>,
}

impl UiError {
    pub fn user(message: impl Into<String>) -> UiError {
        UiError {
            message: message.into(),
            kind: "user",
            code: String::new(),
            args: BTreeMap::new(),
            findings: Vec::new(),
        }
    }

    pub fn internal(message: impl Into<String>) -> UiError {
        UiError {
            message: message.into(),
            kind: "internal",
            code: String::new(),
            args: BTreeMap::new(),
            findings: Vec::new(),
        }
    }
}

impl From<Failure> for UiError {
    fn from(f: Failure) -> UiError {
        UiError {
            message: f.message,
            // A busy, full or read-only file is the user's to act on, as the message says.
            kind: if f.kind == Kind::Internal {
                "internal"
            } else {
                "user"
            },
            code: f.code,
            args: f.args,
            // A refused value carries its findings, shown field by field.
            findings: f.findings,
        }
    }
}

/// The two core errors the shell meets outside an operation: opening a store
/// (`state.rs`) and the SQL of its own tests.
macro_rules! ui_error_from {
    ($($ty:ty),* $(,)?) => {$(
        impl From<$ty> for UiError {
            fn from(e: $ty) -> UiError {
                UiError::from(Failure::from(e))
            }
        }
    )*};
}

ui_error_from!(rollcall::store::StoreError, rollcall::store::SqliteError);
