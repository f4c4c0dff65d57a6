// Declares the app's commands so each needs an explicit `allow-*` permission in
// capabilities/: the UI can call only what capabilities/default.json lists.
fn main() {
    // tauri-build wants a 'static list; the build script is short-lived, so leak it.
    let commands: &'static [&'static str] = Box::leak(rollcall_commands().into_boxed_slice());
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri build script failed");
}

/// Every command registered in src/main.rs (kept in one list, read from commands.txt).
fn rollcall_commands() -> Vec<&'static str> {
    include_str!("commands.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}
