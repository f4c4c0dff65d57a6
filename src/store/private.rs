//! Files holding personal data (sync files, copies of the database) are created
//! readable by their owner only, from the first byte: a file made world-readable and then
//! tightened would be readable in between.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to a new or truncated file at `path`, created 0600 on Unix.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut file = opts.open(path)?;
    // An existing file keeps its old mode through open(): tighten it too.
    #[cfg(unix)]
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    file.write_all(bytes)?;
    file.sync_all()
}
