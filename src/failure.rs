//! Every core error, classified once for both shells: what kind of problem it is (the
//! user can fix it, the file or disk is the problem, or it is a fault to report), a
//! stable code to recognise it by, and the message.
//!
//! Before, each shell classified errors itself and they disagreed (a full disk during a
//! desktop roster import showed as an internal error). Now the CLI picks its exit code
//! and the desktop its error box from [`Failure::kind`], and each adds its own hint (the
//! CLI its command, the desktop its button) by [`Failure::code`]; the core's messages
//! say what to do in words, never a shell's syntax.

use std::collections::BTreeMap;

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
    /// The message's arguments, by name (`TooManyWithdrawals { count: 30, .. }` →
    /// `count = "30"`): what a shell needs to say the same in another language by code.
    /// Only the innermost variant's named number and text fields.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
    /// For a refused campaign edit: what is wrong, field by field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<crate::campaign::Finding>,
}

impl Failure {
    /// A request an operation refuses before any module ran: `code` names it.
    pub fn refused(code: &str, message: impl Into<String>) -> Failure {
        Failure {
            kind: Kind::User,
            code: code.into(),
            message: message.into(),
            args: BTreeMap::new(),
            findings: Vec::new(),
        }
    }

    /// A problem the user can fix, found by a shell itself (a refused confirmation …).
    pub fn user(message: impl Into<String>) -> Failure {
        Failure {
            kind: Kind::User,
            code: "shell.User".into(),
            message: message.into(),
            args: BTreeMap::new(),
            findings: Vec::new(),
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
                args: args_of(&format!("{fault:?}")),
                findings: Vec::new(),
            };
        }
        let debug = format!("{e:?}");
        Failure {
            kind: if is_user { Kind::User } else { Kind::Internal },
            code: format!("{module}.{}", code_of(&debug)),
            message: e.to_string(),
            args: args_of(&debug),
            findings: Vec::new(),
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

/// The named scalar fields of the innermost struct variant of an error's `Debug` text:
/// `Read(Limit { what: "cells", max: 5000000 })` → `{max: "5000000", what: "cells"}`.
/// Fields holding lists or nested values are left out (their text is in the message).
fn args_of(debug: &str) -> BTreeMap<String, String> {
    let mut args = BTreeMap::new();
    let Some(open) = debug.rfind(" { ") else {
        return args;
    };
    let body = &debug[open + 3..];
    let mut rest = body;
    while let Some((key, after)) = rest.split_once(": ") {
        let key = key.trim().trim_start_matches(',').trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            break;
        }
        let (value, tail) = scalar(after);
        if let Some(v) = value {
            args.insert(key.to_string(), v);
        }
        match tail.strip_prefix(", ") {
            Some(t) => rest = t,
            None => break,
        }
    }
    args
}

/// A number or a quoted text at the start of `s` (unescaped), and what follows it; a
/// list or nested value is skipped to its end and gives no value.
fn scalar(s: &str) -> (Option<String>, &str) {
    if let Some(quoted) = s.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = quoted.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    if let Some((_, next)) = chars.next() {
                        out.push(match next {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                    }
                }
                '"' => return (Some(out), &quoted[i + 1..]),
                c => out.push(c),
            }
        }
        return (None, "");
    }
    let end = s.find([',', ' ', '}']).unwrap_or(s.len());
    let word = &s[..end];
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '.')
    {
        return (Some(word.to_string()), &s[end..]);
    }
    // A list, a nested struct or a path: skip to the next field at this level.
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => return (None, &s[i..]),
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => return (None, &s[i..]),
            _ => {}
        }
    }
    (None, "")
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

/// A refused campaign edit carries its findings, shown field by field.
impl From<crate::campaign::CampaignError> for Failure {
    fn from(e: crate::campaign::CampaignError) -> Failure {
        let findings = match &e {
            crate::campaign::CampaignError::Invalid(f) => f.clone(),
            _ => Vec::new(),
        };
        Failure {
            findings,
            ..Failure::classify("campaign", &e, e.is_user_error())
        }
    }
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
    fn args_are_the_innermost_named_scalars() {
        let a = args_of(r#"Read(Limit { what: "cells", max: 5000000, sizes: [1, 2] })"#);
        assert_eq!(a.get("what").map(String::as_str), Some("cells"));
        assert_eq!(a.get("max").map(String::as_str), Some("5000000"));
        assert!(!a.contains_key("sizes"));
        let e = crate::roster::import::ImportError::TooManyWithdrawals {
            count: 30,
            percent: 25,
            classes: "会计1班 12 人".into(),
        };
        let f = Failure::from(e);
        assert_eq!(f.args.get("count").map(String::as_str), Some("30"));
        assert_eq!(f.args.get("percent").map(String::as_str), Some("25"));
        assert_eq!(
            f.args.get("classes").map(String::as_str),
            Some("会计1班 12 人")
        );
        assert!(args_of("NoCampaign").is_empty());
        assert!(args_of(r#"NotFound("a.xlsx")"#).is_empty());
    }

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
