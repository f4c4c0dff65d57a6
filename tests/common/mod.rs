//! What the integration tests share: running the real CLI on a database file and
//! reading its answer. Each test crate uses part of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// Runs `rollcall --db DB ARGS…` (never the user's `ROLLCALL_DB`).
pub fn rollcall(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rollcall"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ROLLCALL_DB")
        .output()
        .expect("run rollcall")
}

/// Stdout of a successful run.
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The one JSON object a successful `--json` run prints.
pub fn json(out: &Output) -> Value {
    serde_json::from_str(&ok(out)).expect("one JSON object on stdout")
}

/// Stderr of a run refused as a user error (exit 1).
pub fn user_error(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}
