//! Fails when the window's capabilities grow beyond what the UI uses: every app command
//! listed in commands.txt and event listening. The native dialogs are not among them:
//! the page asks the shell (`pick_path`), which records what the user chose; a page
//! that could open dialogs itself could not be told apart. Widening this list is a
//! decision to make on purpose, here, not by accident in default.json.

use std::collections::BTreeSet;

const PLUGIN_PERMISSIONS: &[&str] = &["core:event:default"];

#[test]
fn capabilities_allow_exactly_the_listed_commands() {
    let root = env!("CARGO_MANIFEST_DIR");
    let commands = std::fs::read_to_string(format!("{root}/commands.txt")).unwrap();
    let mut expected: BTreeSet<String> = commands
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    expected.extend(PLUGIN_PERMISSIONS.iter().map(|p| p.to_string()));

    let dir = std::fs::read_dir(format!("{root}/capabilities")).unwrap();
    let mut granted = BTreeSet::new();
    for entry in dir {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let cap: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            cap["windows"],
            serde_json::json!(["main"]),
            "capabilities apply to the main window only"
        );
        assert!(
            cap.get("remote").is_none(),
            "no remote URL may reach the commands"
        );
        for p in cap["permissions"].as_array().unwrap() {
            let id = p
                .as_str()
                .expect("permissions are plain identifiers, without widened scopes");
            granted.insert(id.to_string());
        }
    }
    assert_eq!(granted, expected);
}

#[test]
fn csp_forbids_eval_and_remote_content() {
    let root = env!("CARGO_MANIFEST_DIR");
    let conf: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{root}/tauri.conf.json")).unwrap())
            .unwrap();
    let csp = conf["app"]["security"]["csp"].as_str().unwrap();
    assert!(!csp.contains("unsafe-eval"));
    // The IPC bridge is the only http origin allowed.
    let rest = csp.replace("http://ipc.localhost", "");
    assert!(!rest.contains("http:") && !rest.contains("https:"), "{csp}");
    assert!(csp.contains("default-src 'self'"));
}
