//! The one open store the commands share, running work on it off the UI thread, and
//! what the window found when it started (another window on the file, a damaged file).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rollcall::backup::{self, AutoBackup};
use rollcall::store::instance::{InstanceError, InstanceLock};
use rollcall::store::{self, Health, Store, StoreError};
use serde::Serialize;

use crate::error::UiError;

/// Why the window shows a notice instead of the campaign.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StartupProblem {
    /// Another window has the file: working on it twice would show stale data.
    AlreadyOpen { message: String },
    /// `PRAGMA quick_check` failed: nothing is opened for writing; the newest automatic
    /// backup is offered.
    Damaged {
        messages: Vec<String>,
        latest_backup: Option<AutoBackup>,
    },
    /// The file could not be opened at all (permissions, a newer Rollcall's file …):
    /// the message says what to do. Shown in the window, since a user who started the
    /// app from its icon never sees a terminal.
    OpenFailed { message: String },
}

pub struct AppState {
    store: Arc<Mutex<Store>>,
    db: PathBuf,
    startup: Arc<Mutex<Option<StartupProblem>>>,
    /// Held for the window's lifetime; released by the OS however the process ends.
    _lock: Option<InstanceLock>,
}

impl AppState {
    /// Opens `path` for the window: takes the one-window lock, checks the file's
    /// integrity before anything writes to it, then takes the daily backup. A problem
    /// found on the way leaves an empty in-memory store and is reported to the UI.
    pub fn open(path: &Path) -> Result<AppState, StoreError> {
        let lock = match InstanceLock::acquire(path) {
            Ok(lock) => Some(lock),
            Err(e @ InstanceError::AlreadyOpen(_)) => {
                let problem = StartupProblem::AlreadyOpen {
                    message: e.to_string(),
                };
                return AppState::blocked(path, problem);
            }
            // A folder where no lock file can be made: opening will say why, if it fails.
            Err(e @ InstanceError::Io { .. }) => {
                eprintln!("警告：{e}");
                None
            }
        };
        if let Health::Damaged { messages } = store::quick_check(path)? {
            let latest_backup = backup::latest_auto(path).ok().flatten();
            let problem = StartupProblem::Damaged {
                messages,
                latest_backup,
            };
            let mut state = AppState::blocked(path, problem)?;
            state._lock = lock;
            return Ok(state);
        }
        let store = Store::open(path)?;
        let now = chrono::Local::now().naive_local();
        if let Err(e) = backup::daily_backup_if_due(&store, now) {
            // The day's work must not be blocked by a full backup folder; say so.
            eprintln!("警告：每日自动备份失败：{e}");
        }
        Ok(AppState {
            store: Arc::new(Mutex::new(store)),
            db: path.to_path_buf(),
            startup: Arc::new(Mutex::new(None)),
            _lock: lock,
        })
    }

    /// The window's state when [`AppState::open`] failed: the reason, shown by the UI.
    pub fn failed(path: &Path, error: &StoreError) -> Result<AppState, StoreError> {
        let message = error.to_string();
        AppState::blocked(path, StartupProblem::OpenFailed { message })
    }

    fn blocked(path: &Path, problem: StartupProblem) -> Result<AppState, StoreError> {
        Ok(AppState {
            store: Arc::new(Mutex::new(Store::open_in_memory()?)),
            db: path.to_path_buf(),
            startup: Arc::new(Mutex::new(Some(problem))),
            _lock: None,
        })
    }

    /// The database file the window works on.
    pub fn db_path(&self) -> &Path {
        &self.db
    }

    /// The problem found at start, if it still stands.
    pub fn startup_problem(&self) -> Option<StartupProblem> {
        self.startup.lock().ok().and_then(|p| p.clone())
    }

    /// Restores the newest automatic backup over a damaged file (the damaged file is
    /// kept beside it) and opens the result.
    pub async fn restore_latest_backup(&self) -> Result<backup::RestoreReport, UiError> {
        let startup = Arc::clone(&self.startup);
        let db = self.db.clone();
        let from = match self.startup_problem() {
            Some(StartupProblem::Damaged {
                latest_backup: Some(b),
                ..
            }) => b.path,
            _ => return Err(UiError::user("没有可恢复的自动备份。")),
        };
        self.run(move |s| {
            let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
            let report = backup::restore(&db, &from, &stamp)?;
            *s = Store::open(&db)?;
            if let Ok(mut p) = startup.lock() {
                *p = None;
            }
            Ok(report)
        })
        .await
    }

    /// Runs `f` with the store on a blocking worker so the window never freezes.
    pub async fn run<T, F>(&self, f: F) -> Result<T, UiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, UiError> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        tauri::async_runtime::spawn_blocking(move || {
            let mut guard = store
                .lock()
                .map_err(|_| UiError::internal("数据库连接不可用，请重启 Rollcall。"))?;
            f(&mut guard)
        })
        .await
        .map_err(|e| UiError::internal(format!("后台任务失败：{e}")))?
    }
}

/// Takes an automatic backup before a destructive step; a failure stops the step (the
/// copy is the user's way back).
pub fn backup_before(store: &Store, reason: backup::Reason) -> Result<(), UiError> {
    let now = chrono::Local::now().naive_local();
    backup::auto_backup(store, reason, now)?;
    Ok(())
}
