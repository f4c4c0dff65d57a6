//! Core errors turned into what the UI shows: the core classifies every error once
//! (`rollcall::failure`); here it becomes a message, whether the user can fix it, the
//! stable code the UI picks its own hint by, and the findings when a value was refused.

use rollcall::campaign::{CampaignError, Finding};
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
    pub findings: Vec<Finding>,
}

impl UiError {
    pub fn user(message: impl Into<String>) -> UiError {
        UiError {
            message: message.into(),
            kind: "user",
            code: String::new(),
            findings: Vec::new(),
        }
    }

    pub fn internal(message: impl Into<String>) -> UiError {
        UiError {
            message: message.into(),
            kind: "internal",
            code: String::new(),
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
            findings: Vec::new(),
        }
    }
}

/// A refused value carries its findings, shown field by field.
impl From<CampaignError> for UiError {
    fn from(e: CampaignError) -> UiError {
        let findings = match &e {
            CampaignError::Invalid(f) => f.clone(),
            _ => Vec::new(),
        };
        UiError {
            findings,
            ..UiError::from(Failure::from(e))
        }
    }
}

macro_rules! ui_error_from {
    ($($ty:ty),* $(,)?) => {$(
        impl From<$ty> for UiError {
            fn from(e: $ty) -> UiError {
                UiError::from(Failure::from(e))
            }
        }
    )*};
}

ui_error_from!(
    rollcall::store::StoreError,
    rollcall::demo::DemoError,
    rollcall::live_demo::LiveDemoError,
    rollcall::status::StatusError,
    rollcall::roster::import::ImportError,
    rollcall::roster::RosterError,
    rollcall::progress::ProgressError,
    rollcall::plan::PlanError,
    rollcall::sync::SyncError,
    rollcall::backup::BackupError,
    rollcall::settings::SettingsError,
    rollcall::check_in::CheckInError,
    rollcall::print::PrintError,
    rollcall::export::ExportError,
    rollcall::remind::RemindError,
    rollcall::settle::SettleError,
    rollcall::store::SqliteError,
);
