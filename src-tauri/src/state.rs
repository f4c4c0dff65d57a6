//! The one open store the commands share, and running work on it off the UI thread.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rollcall::store::{Store, StoreError};

use crate::error::UiError;

pub struct AppState {
    store: Arc<Mutex<Store>>,
}

impl AppState {
    pub fn open(path: &Path) -> Result<AppState, StoreError> {
        Ok(AppState {
            store: Arc::new(Mutex::new(Store::open(path)?)),
        })
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
