//! Every core error, classified once for both shells: what kind of problem it is (the
//! user can fix it, the file or disk is the problem, or it is a fault to report), a
//! stable code to recognise it by, and the message.
//!
//! Before, each shell classified errors itself and they disagreed (a full disk during a
//! desktop roster import showed as an internal error). Now the CLI picks its exit code
//! and the desktop its error box from [`Failure::kind`], and each adds its own hint (the
//! CLI its command, the desktop its button) by [`Failure::code`]; the core's messages
//! say what to do in words, never a shell's syntax.

use serde::Serialize;

use crate::store;

/// What kind of problem a failure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "FailureKind")]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The user can fix it (bad input, a missing choice, a closed campaign …).
    User,
    /// The database file or its disk: in use by another program, full, read-only.
    File,
    /// A fault in Rollcall or a damaged database: to report.
    Internal,
}

/// A core error as the shells show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub kind: Kind,
    /// `<module>.<Variant>[.<Inner>]`, e.g. `campaign.NotFound`,
    /// `roster.import.Read.NotFound`: stable while the variants keep their names.
    pub code: String,
    pub message: String,
}

impl Failure {
    /// A problem the user can fix, found by a shell itself (a refused confirmation …).
    pub fn user(message: impl Into<String>) -> Failure {
        Failure {
            kind: Kind::User,
            code: "shell.User".into(),
            message: message.into(),
        }
    }

    /// Classifies `e` of module `module`: a busy, full or read-only database file is a
    /// [`Kind::File`] whichever module ran into it; otherwise `is_user` decides.
    fn classify<E>(module: &str, e: &E, is_user: bool) -> Failure
    where
        E: std::error::Error + std::fmt::Debug + 'static,
    {
        if let Some(fault) = store::file_fault(e) {
            return Failure {
                kind: Kind::File,
                code: format!("store.{}", code_of(&format!("{fault:?}"))),
                message: fault.to_string(),
            };
        }
        Failure {
            kind: if is_user { Kind::User } else { Kind::Internal },
            code: format!("{module}.{}", code_of(&format!("{e:?}"))),
            message: e.to_string(),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The variant path of an error's `Debug` text: `Read(NotFound("x"))` → `Read.NotFound`,
/// `TooManyWithdrawals { count: 3, .. }` → `TooManyWithdrawals`.
fn code_of(debug: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let mut rest = debug;
    loop {
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let word = &rest[..end];
        if word.is_empty() || !word.starts_with(|c: char| c.is_ascii_uppercase()) {
            break;
        }
        parts.push(word);
        // Only a tuple variant wraps another error whose variant we can read.
        match rest[end..].strip_prefix('(') {
            Some(inner) => rest = inner,
            None => break,
        }
    }
    if parts.is_empty() {
        "Error".into()
    } else {
        parts.join(".")
    }
}

/// `From` for each module's error: its module name and which variants the user can fix.
macro_rules! failure_from {
    ($($ty:ty, $module:literal => $is_user:expr;)*) => {$(
        impl From<$ty> for Failure {
            fn from(e: $ty) -> Failure {
                #[allow(clippy::redundant_closure_call)]
                let is_user = ($is_user)(&e);
                Failure::classify($module, &e, is_user)
            }
        }
    )*};
}

failure_from! {
    store::StoreError, "store" => |e: &store::StoreError| !matches!(e, store::StoreError::Sqlite(_) | store::StoreError::Migrate(_));
    crate::campaign::CampaignError, "campaign" => crate::campaign::CampaignError::is_user_error;
    crate::campaign::CampaignClosed, "campaign" => |_: &crate::campaign::CampaignClosed| true;
    crate::demo::DemoError, "demo" => |e: &crate::demo::DemoError| !matches!(e, crate::demo::DemoError::Sqlite(_));
    crate::live_demo::LiveDemoError, "live_demo" => crate::live_demo::LiveDemoError::is_user_error;
    crate::demo::sample::SampleError, "demo.sample" => |_: &crate::demo::sample::SampleError| true;
    crate::status::StatusError, "status" => |e: &crate::status::StatusError| matches!(e, crate::status::StatusError::Campaign(c) if c.is_user_error());
    crate::roster::import::ImportError, "roster.import" => crate::roster::import::ImportError::is_user_error;
    crate::roster::RosterError, "roster" => |_: &crate::roster::RosterError| false;
    crate::progress::ProgressError, "progress" => crate::progress::ProgressError::is_user_error;
    crate::plan::PlanError, "plan" => crate::plan::PlanError::is_user_error;
    crate::sync::SyncError, "sync" => crate::sync::SyncError::is_user_error;
    crate::backup::BackupError, "backup" => crate::backup::BackupError::is_user_error;
    crate::settings::SettingsError, "settings" => crate::settings::SettingsError::is_user_error;
    crate::check_in::CheckInError, "check_in" => crate::check_in::CheckInError::is_user_error;
    crate::print::PrintError, "print" => crate::print::PrintError::is_user_error;
    crate::export::ExportError, "export" => crate::export::ExportError::is_user_error;
    crate::remind::RemindError, "remind" => crate::remind::RemindError::is_user_error;
    crate::settle::SettleError, "settle" => crate::settle::SettleError::is_user_error;
    serde_json::Error, "json" => |_: &serde_json::Error| false;
}

/// A database error no module wrapped: named as one, unless it is the file's (busy …).
impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Failure {
        let mut f = Failure::classify("sqlite", &e, false);
        if f.kind == Kind::Internal {
            f.message = format!("数据库错误：{}", f.message);
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_name_the_variant_path() {
        assert_eq!(code_of(r#"Read(NotFound("a.xlsx"))"#), "Read.NotFound");
        assert_eq!(
            code_of("TooManyWithdrawals { count: 3 }"),
            "TooManyWithdrawals"
        );
        assert_eq!(code_of("NoCampaign"), "NoCampaign");
        assert_eq!(code_of(r#"NotFound(3)"#), "NotFound");
        assert_eq!(code_of("\"text\""), "Error");
    }

    #[test]
    fn a_full_disk_is_a_file_problem_whichever_module_hit_it() {
        let full = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        );
        let f = Failure::from(crate::roster::import::ImportError::Sqlite(full));
        assert_eq!(f.kind, Kind::File, "{f:?}");
        assert!(f.code.starts_with("store."), "{}", f.code);
        let f = Failure::from(crate::campaign::CampaignError::NoCampaign);
        assert_eq!(
            (f.kind, f.code.as_str()),
            (Kind::User, "campaign.NoCampaign")
        );
    }
}
