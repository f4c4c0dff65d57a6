//! Core errors turned into what the UI shows: a Chinese message, whether the user can fix
//! it, and the individual findings when a value was refused.

use rollcall::campaign::{CampaignError, Finding};
use serde::Serialize;

#[derive(Debug, Serialize, ts_rs::TS)]
pub struct UiError {
    pub message: String,
    /// "user": the user can fix it; "internal": a fault to report.
    #[ts(type = r#""user" | "internal""#)]
    pub kind: &'static str,
    pub findings: Vec<Finding>,
}

impl UiError {
    pub fn user(message: impl Into<String>) -> UiError {
        UiError {
            message: message.into(),
            kind: "user",
            findings: Vec::new(),
        }
    }

    pub fn internal(message: impl Into<String>) -> UiError {
        UiError {
            message: message.into(),
            kind: "internal",
            findings: Vec::new(),
        }
    }
}

impl From<CampaignError> for UiError {
    fn from(e: CampaignError) -> UiError {
        let kind = if e.is_user_error() {
            "user"
        } else {
            "internal"
        };
        let findings = match &e {
            CampaignError::Invalid(f) => f.clone(),
            _ => Vec::new(),
        };
        UiError {
            message: e.to_string(),
            kind,
            findings,
        }
    }
}

macro_rules! ui_error_from {
    ($($ty:ty),*) => {$(
        impl From<$ty> for UiError {
            fn from(e: $ty) -> UiError {
                UiError { message: e.to_string(), kind: "user", findings: Vec::new() }
            }
        }
    )*};
}

ui_error_from!(rollcall::demo::DemoError, rollcall::status::StatusError);

impl From<rollcall::roster::import::ImportError> for UiError {
    fn from(e: rollcall::roster::import::ImportError) -> UiError {
        let kind = if e.is_user_error() {
            "user"
        } else {
            "internal"
        };
        UiError {
            message: e.to_string(),
            kind,
            findings: Vec::new(),
        }
    }
}

/// A full disk, a read-only file or a database in use by another program is something
/// the user can act on, whichever module ran into it: say that, not an SQLite code.
fn file_fault(e: &(dyn std::error::Error + 'static)) -> Option<UiError> {
    rollcall::store::file_fault(e).map(|f| UiError::user(f.to_string()))
}

macro_rules! ui_error_classified {
    ($($ty:ty),*) => {$(
        impl From<$ty> for UiError {
            fn from(e: $ty) -> UiError {
                if let Some(fault) = file_fault(&e) {
                    return fault;
                }
                let kind = if e.is_user_error() { "user" } else { "internal" };
                UiError { message: e.to_string(), kind, findings: Vec::new() }
            }
        }
    )*};
}

ui_error_classified!(
    rollcall::sync::SyncError,
    rollcall::backup::BackupError,
    rollcall::settings::SettingsError
);
ui_error_classified!(rollcall::plan::PlanError, rollcall::print::PrintError);

// 进度跟踪, 导出, 现场签到.
ui_error_classified!(
    rollcall::progress::ProgressError,
    rollcall::export::ExportError,
    rollcall::check_in::CheckInError
);

impl From<rollcall::store::StoreError> for UiError {
    fn from(e: rollcall::store::StoreError) -> UiError {
        file_fault(&e).unwrap_or_else(|| UiError::internal(e.to_string()))
    }
}

impl From<rollcall::roster::RosterError> for UiError {
    fn from(e: rollcall::roster::RosterError) -> UiError {
        UiError::internal(e.to_string())
    }
}

impl From<rollcall::store::SqliteError> for UiError {
    fn from(e: rollcall::store::SqliteError) -> UiError {
        file_fault(&e).unwrap_or_else(|| UiError::internal(format!("数据库错误：{e}")))
    }
}
