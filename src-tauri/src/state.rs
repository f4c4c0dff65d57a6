//! The one open store the commands share, running work on it off the UI thread, and
//! what the window found when it started (another window on the file, a damaged file).

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rollcall::backup::{AutoBackup, RestoreReport};
use rollcall::ops::{self, Clock, Failure};
use rollcall::store::instance::{InstanceError, InstanceLock};
use rollcall::store::{Health, Store, StoreError};
use serde::Serialize;

use crate::error::UiError;
use crate::grants::Grants;
use crate::warm::Warm;

/// Why the window shows a notice instead of the campaign.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
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
    /// The files the page may name (see `grants.rs`).
    grants: Grants,
    db: PathBuf,
    startup: Arc<Mutex<Option<StartupProblem>>>,
    /// Held for the window's lifetime; released by the OS however the process ends.
    _lock: Option<InstanceLock>,
}

impl AppState {
    /// The window's state for `path`: takes the one-window lock (another window on the
    /// file is reported at once) and leaves opening the file to [`AppState::start`].
    pub fn new(path: &Path) -> Result<AppState, StoreError> {
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
        Ok(AppState {
            // Migrating an in-memory store here took 6–10 ms of every start; the thread
            // puts the file, or on a problem an empty migrated store, in its place.
            store: Arc::new(Mutex::new(Store::stand_in()?)),
            grants: Grants::new(path),
            db: path.to_path_buf(),
            startup: Arc::new(Mutex::new(None)),
            _lock: lock,
        })
    }

    fn blocked(path: &Path, problem: StartupProblem) -> Result<AppState, StoreError> {
        Ok(AppState {
            store: Arc::new(Mutex::new(Store::open_in_memory()?)),
            grants: Grants::new(path),
            db: path.to_path_buf(),
            startup: Arc::new(Mutex::new(Some(problem))),
            _lock: None,
        })
    }

    /// The day as the computer's clock says: the rules' "today" unless a page picks one.
    pub fn today(&self) -> chrono::NaiveDate {
        Clock::system().today()
    }

    /// Ok when the page may name `path`: picked in a dialog this session, or inside
    /// the data folder. Every command that reads or writes a file asks first.
    pub fn allow(&self, path: &Path) -> Result<(), UiError> {
        self.grants.check(path)
    }

    /// Records a file the user chose in a dialog.
    pub fn grant(&self, path: &Path) {
        self.grants.grant(path)
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
    pub async fn restore_latest_backup(&self) -> Result<RestoreReport, UiError> {
        let startup = Arc::clone(&self.startup);
        let db = self.db.clone();
        let from = match self.startup_problem() {
            Some(StartupProblem::Damaged {
                latest_backup: Some(b),
                ..
            }) => b.path,
            _ => return Err(UiError::user("没有可恢复的自动备份。")),
        };
        self.run(move |s, clock| {
            let report = ops::sync::restore_file(&db, &from, &clock)?;
            *s = Store::open(&db)?;
            if let Ok(mut p) = startup.lock() {
                *p = None;
            }
            Ok(report)
        })
        .await
    }

    /// Opens the file beside the window's own start, then works out the first page's
    /// overview (see `warm.rs`). The integrity check, the open and the daily backup took
    /// 40–75 ms of a 50,000-student start before WebKit could begin; now a thread does
    /// them, holding the store and the start-up problem until the file is open or found
    /// wanting, so every command and the page's question whether the window opened on a
    /// problem wait for the answer. A problem found on the way is reported to the UI,
    /// with an empty in-memory store in the file's place.
    pub fn start(&self) -> Warm {
        let warm = Warm::default();
        if self.startup_problem().is_some() {
            return warm;
        }
        let (store, startup) = (Arc::clone(&self.store), Arc::clone(&self.startup));
        let (db, filling) = (self.db.clone(), warm.clone());
        let (held, holding) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            {
                let (Ok(mut problem), Ok(mut opened)) = (startup.lock(), store.lock()) else {
                    return;
                };
                let _ = held.send(());
                *problem = open_into(&db, &mut opened);
                if problem.is_some() {
                    return;
                }
            }
            yield_to_the_window();
            let _ = run_guarded(&store, |s| {
                filling.fill(s, &Clock::system());
                Ok(())
            });
        });
        // No command may reach the store before the thread holds it.
        let _ = holding.recv();
        warm
    }

    /// Runs `f` with the store on a blocking worker so the window never freezes. `f`
    /// gets the clock read once for this action: the desktop's one reading of the time.
    pub async fn run<T, F>(&self, f: F) -> Result<T, UiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store, Clock) -> Result<T, UiError> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        let clock = Clock::system();
        tauri::async_runtime::spawn_blocking(move || run_guarded(&store, |s| f(s, clock)))
            .await
            .map_err(|e| UiError::internal(format!("后台任务失败：{e}")))?
    }
}

/// Puts the file at `db` in `store` and returns `None`; when it cannot be opened, puts an
/// empty in-memory store there instead (the page's own requests then meet an empty
/// campaign list, as on any blocked start) and returns why.
fn open_into(db: &Path, store: &mut Store) -> Option<StartupProblem> {
    let found = match panic::catch_unwind(|| open_file(db)) {
        Ok(Ok(file)) => {
            *store = file;
            return None;
        }
        Ok(Err(found)) => *found,
        Err(payload) => {
            let detail = panic_text(payload.as_ref());
            eprintln!("错误：打开数据库时出错（panic）：{detail}");
            StartupProblem::OpenFailed {
                message: format!("{OPEN_PANIC_MESSAGE}（内部信息：{detail}）"),
            }
        }
    };
    if let Ok(empty) = Store::open_in_memory() {
        *store = empty;
    }
    Some(found)
}

/// Checks the file's integrity before anything writes to it, opens it and takes the
/// daily backup; a problem found on the way is what the window shows instead.
fn open_file(path: &Path) -> Result<Store, Box<StartupProblem>> {
    let failed = |e: Failure| Box::new(StartupProblem::OpenFailed { message: e.message });
    if let Health::Damaged { messages } = ops::sync::health(path).map_err(failed)? {
        let latest_backup = ops::sync::latest_auto_backup(path).ok().flatten();
        return Err(Box::new(StartupProblem::Damaged {
            messages,
            latest_backup,
        }));
    }
    let store = Store::open(path).map_err(|e| failed(e.into()))?;
    if let Err(e) = ops::sync::daily_backup(&store, &Clock::system()) {
        // The day's work must not be blocked by a full backup folder; say so.
        eprintln!("警告：每日自动备份失败：{e}");
    }
    Ok(store)
}

/// What the window shows when opening the file stopped on a fault in Rollcall itself.
const OPEN_PANIC_MESSAGE: &str =
    "打开数据库时 Rollcall 内部出错。请关闭窗口后重新打开；如果再次出现，请把这条消息告诉维护人员。";

/// What the user reads when a step stopped on a fault in Rollcall itself.
const PANIC_MESSAGE: &str = "这一步因为 Rollcall 内部出错而中断，它做的改动都没有保存，\
     数据库可以照常使用。请再试一次；如果再次出现，请把这条消息和当时的操作告诉维护人员。";

/// Runs `f` with the store locked, so that a panic inside `f` costs only that step: the
/// panic is caught, a transaction `f` left open is rolled back, and the next command
/// finds the store as it was before the step (instead of a poisoned lock answering
/// "restart" until the window is closed).
fn run_guarded<T, F>(store: &Mutex<Store>, f: F) -> Result<T, UiError>
where
    F: FnOnce(&mut Store) -> Result<T, UiError>,
{
    let mut guard = match store.lock() {
        Ok(guard) => guard,
        // Poisoned by a panic that did not come through here: recover the same way.
        Err(poisoned) => {
            let mut guard = poisoned.into_inner();
            roll_back_open_transaction(&mut guard);
            store.clear_poison();
            guard
        }
    };
    // The guard lives outside the unwinding closure, so a caught panic never poisons
    // the lock; the store is checked before it is handed to the next command.
    match panic::catch_unwind(AssertUnwindSafe(|| f(&mut guard))) {
        Ok(result) => result,
        Err(payload) => {
            roll_back_open_transaction(&mut guard);
            let detail = panic_text(payload.as_ref());
            eprintln!("错误：命令中途出错（panic）：{detail}");
            Err(UiError::internal(format!(
                "{PANIC_MESSAGE}（内部信息：{detail}）"
            )))
        }
    }
}

/// Rolls back a transaction a failed step left open on the connection: its changes are
/// dropped, and the next step can begin its own.
fn roll_back_open_transaction(store: &mut Store) {
    if let Err(e) = store.roll_back_open_transaction() {
        eprintln!("错误：撤销中断的事务失败：{e}");
    }
}

/// The message a panic carried, when it is text.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "未知错误".to_string()
    }
}

/// Lowers this thread's priority below the window's: on two cores WebKit's start (its
/// own processes) and the overview competed, and the page began later.
fn yield_to_the_window() {
    #[cfg(target_os = "linux")]
    // SAFETY: on Linux the nice value is per thread, and `who = 0` is the calling thread
    // (setpriority(2), BUGS); a failure leaves the priority as it was, which is harmless.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with_one_row() -> Mutex<Store> {
        let store = Store::open_in_memory().unwrap();
        store
            .conn()
            .execute_batch("CREATE TABLE scratch (x INTEGER); INSERT INTO scratch VALUES (1);")
            .unwrap();
        Mutex::new(store)
    }

    fn rows(store: &Mutex<Store>) -> Result<Vec<i64>, UiError> {
        run_guarded(store, |s| {
            let mut stmt = s.conn().prepare("SELECT x FROM scratch ORDER BY x")?;
            let xs = stmt
                .query_map([], |r| r.get(0))?
                .collect::<Result<Vec<i64>, _>>()?;
            Ok(xs)
        })
    }

    #[test]
    fn a_panicking_step_is_rolled_back_and_the_next_one_works() {
        let store = store_with_one_row();
        let failed: Result<(), UiError> = run_guarded(&store, |s| {
            s.conn()
                .execute_batch("BEGIN; INSERT INTO scratch VALUES (2);")?;
            panic!("simulated fault mid-write");
        });
        let e = failed.unwrap_err();
        assert_eq!(e.kind, "internal");
        assert!(e.message.contains("没有保存"), "{}", e.message);
        assert!(
            e.message.contains("simulated fault mid-write"),
            "{}",
            e.message
        );
        assert!(!store.is_poisoned());

        // The half-written row is gone, the earlier one is there, and writing works.
        assert_eq!(rows(&store).unwrap(), vec![1]);
        run_guarded(&store, |s| {
            let tx = s.conn_mut().transaction()?;
            tx.execute("INSERT INTO scratch VALUES (3)", [])?;
            tx.commit()?;
            Ok(())
        })
        .unwrap();
        assert_eq!(rows(&store).unwrap(), vec![1, 3]);
    }

    #[test]
    fn a_lock_poisoned_elsewhere_is_recovered() {
        let store = std::sync::Arc::new(store_with_one_row());
        let held = std::sync::Arc::clone(&store);
        let joined = std::thread::spawn(move || {
            let guard = held.lock().unwrap();
            guard
                .conn()
                .execute_batch("BEGIN; DELETE FROM scratch;")
                .unwrap();
            panic!("simulated fault while holding the lock");
        })
        .join();
        assert!(joined.is_err());
        assert!(store.is_poisoned());

        assert_eq!(rows(&store).unwrap(), vec![1]);
        assert!(!store.is_poisoned());
    }

    #[test]
    fn the_first_command_waits_for_the_file_and_finds_it_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rollcall.sqlite3");
        Store::open(&path)
            .unwrap()
            .conn()
            .execute_batch("CREATE TABLE scratch (x INTEGER); INSERT INTO scratch VALUES (7);")
            .unwrap();
        let state = AppState::new(&path).unwrap();
        let _warm = state.start();
        // At once, as the page's first request would: the file's rows, not the empty
        // in-memory store the state began with.
        assert_eq!(rows(&state.store).unwrap(), vec![7]);
        assert!(state.startup_problem().is_none());
    }

    #[test]
    fn a_damaged_file_is_reported_and_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rollcall.sqlite3");
        let junk = "这不是数据库文件".repeat(600);
        std::fs::write(&path, &junk).unwrap();
        let state = AppState::new(&path).unwrap();
        let _warm = state.start();
        assert!(
            matches!(
                state.startup_problem(),
                Some(StartupProblem::Damaged { .. })
            ),
            "{:?}",
            state.startup_problem()
        );
        // The commands work on the empty store, and the file is as it was.
        assert!(rows(&state.store).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), junk);
        let campaigns = run_guarded(&state.store, |s| Ok(ops::campaign::list(s)?)).unwrap();
        assert!(campaigns.is_empty());
    }
}
