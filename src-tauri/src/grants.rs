//! Which files the page may name in a command. The window's page is the part an attacker
//! would reach first (a crafted roster cell shown somewhere, a future bug in a
//! dependency); if it could send any path, it could copy the database anywhere or read
//! any file. So a command that reads or writes a file takes only a path the user chose in
//! a native file dialog during this session (`pick_path`, answered by the shell, not the
//! page), or one inside the app's data folder (the folder of the database file).

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::error::UiError;

/// The paths the user picked, and the data folder.
pub struct Grants {
    data_dir: Option<PathBuf>,
    picked: Mutex<HashSet<PathBuf>>,
}

impl Grants {
    /// Grants for a window on the database file `db`.
    pub fn new(db: &Path) -> Grants {
        let data_dir = db
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .and_then(|d| d.canonicalize().ok());
        Grants {
            data_dir,
            picked: Mutex::new(HashSet::new()),
        }
    }

    /// Records a path the user chose in a dialog.
    pub fn grant(&self, path: &Path) {
        if let Ok(mut picked) = self.picked.lock() {
            picked.insert(path.to_path_buf());
        }
    }

    /// Ok when `path` was picked in a dialog this session or lies inside the data folder.
    pub fn check(&self, path: &Path) -> Result<(), UiError> {
        let picked = self
            .picked
            .lock()
            .map(|p| p.contains(path))
            .unwrap_or(false);
        if picked || self.inside_data_dir(path) {
            return Ok(());
        }
        let folder = self
            .data_dir
            .as_ref()
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        Err(UiError {
            code: "shell.PathNotPicked".into(),
            args: [("path".to_string(), path.display().to_string())].into(),
            ..UiError::user(format!(
                "出于安全考虑，只能使用本次在“选择…”或“另存为…”对话框中选过的文件，\
                 或数据文件夹 {folder} 中的文件；{} 不在其中。请点旁边的按钮选择文件。",
                path.display()
            ))
        })
    }

    /// True when `path` (or, for a file not written yet, its folder) resolves inside
    /// the data folder. Resolving follows links, so a link there pointing out does not
    /// count; `..` in the name is refused outright.
    fn inside_data_dir(&self, path: &Path) -> bool {
        let Some(dir) = &self.data_dir else {
            return false;
        };
        if path.components().any(|c| c == Component::ParentDir) || !path.is_absolute() {
            return false;
        }
        let resolved = match path.canonicalize() {
            Ok(p) => p,
            Err(_) => match (path.parent().map(Path::canonicalize), path.file_name()) {
                (Some(Ok(parent)), Some(name)) => parent.join(name),
                _ => return false,
            },
        };
        resolved.starts_with(dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, Grants, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let grants = Grants::new(&data.join("rollcall.sqlite3"));
        (dir, grants, data)
    }

    #[test]
    fn an_arbitrary_path_is_refused_until_picked() {
        let (dir, grants, _) = setup();
        let elsewhere = dir.path().join("copy-of-db.sqlite3");
        let e = grants.check(&elsewhere).unwrap_err();
        assert_eq!(e.code, "shell.PathNotPicked");
        assert!(e.message.contains("对话框"), "{}", e.message);
        for p in ["/etc/passwd", "/root/.ssh/id_rsa", "relative.xlsx"] {
            assert!(grants.check(Path::new(p)).is_err(), "{p}");
        }
        grants.grant(&elsewhere);
        assert!(grants.check(&elsewhere).is_ok());
        // A grant is for that file, not its folder.
        assert!(grants.check(&dir.path().join("other.sqlite3")).is_err());
    }

    #[test]
    fn the_data_folder_is_allowed_but_not_a_way_out_of_it() {
        let (dir, grants, data) = setup();
        assert!(grants.check(&data.join("名单.xlsx")).is_ok());
        assert!(grants
            .check(&data.join("backups").join("x.sqlite3"))
            .is_err());
        std::fs::create_dir(data.join("backups")).unwrap();
        assert!(grants
            .check(&data.join("backups").join("x.sqlite3"))
            .is_ok());
        assert!(grants.check(&data.join("..").join("outside.xlsx")).is_err());
        #[cfg(unix)]
        {
            let target = dir.path().join("secret.txt");
            std::fs::write(&target, "x").unwrap();
            std::os::unix::fs::symlink(&target, data.join("link.txt")).unwrap();
            assert!(grants.check(&data.join("link.txt")).is_err());
            std::os::unix::fs::symlink(dir.path(), data.join("out")).unwrap();
            assert!(grants.check(&data.join("out").join("new.xlsx")).is_err());
        }
    }
}
