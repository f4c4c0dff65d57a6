//! Sync files that cannot be forged (issue 16, part 1), through the CLI: a file is signed
//! with the campaign's secret key, which only a backup of the database carries to a
//! second laptop; a changed or re-signed file, or an unsigned one of the old format, is
//! refused and changes nothing.

mod common;
use common::{json, rollcall, user_error};

use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use rollcall::store::Store;
use sha2::{Digest, Sha256};

/// Two laptops of one campaign: `main`, and `second` started by `restore` of a backup
/// of `main`. `second` checked in one student and wrote a sync file.
struct Laptops {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    main: PathBuf,
    second: PathBuf,
    file: PathBuf,
}

fn laptops() -> Laptops {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    let main = d.join("main.sqlite3");
    let second = d.join("second.sqlite3");
    assert!(
        rollcall(&main, &["demo", "--reference", "--students", "200"])
            .status
            .success()
    );
    assert!(rollcall(&main, &["plan"]).status.success());
    let bak = d.join("main.bak");
    let b = bak.to_str().unwrap();
    json(&rollcall(&main, &["backup", "--out", b, "--json"]));
    json(&rollcall(&second, &["restore", b, "--yes", "--json"]));
    let nos = first_students(&second, 3);
    let c = json(&rollcall(
        &second,
        &[
            "check-in",
            &nos[0],
            &nos[1],
            &nos[2],
            "--at",
            "09:15",
            "--date",
            "2025-04-30",
            "--json",
        ],
    ));
    assert_eq!(c["lines"][0]["outcome"], "checked_in");
    let file = d.join("second.rollcall-sync");
    json(&rollcall(
        &second,
        &["sync", "export", "--out", file.to_str().unwrap(), "--json"],
    ));
    Laptops {
        _dir: dir,
        dir: d,
        main,
        second,
        file,
    }
}

fn first_students(db: &Path, n: usize) -> Vec<String> {
    let s = Store::open(db).unwrap();
    let mut st = s
        .conn()
        .prepare("SELECT student_no FROM student ORDER BY student_no LIMIT ?1")
        .unwrap();
    st.query_map([n as i64], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The database file's bytes once its WAL is folded in.
fn db_bytes(db: &Path) -> Vec<u8> {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(conn);
    std::fs::read(db).unwrap()
}

/// A sync file taken apart the way anyone holding one can: magic line, header, the
/// signature line when the format has one, payload.
struct Parts {
    magic: Vec<u8>,
    header: serde_json::Value,
    signed: bool,
    payload: Vec<u8>,
}

fn line(bytes: &[u8]) -> (&[u8], &[u8]) {
    let end = bytes.iter().position(|b| *b == b'\n').unwrap();
    (&bytes[..end], &bytes[end + 1..])
}

fn split(bytes: &[u8]) -> Parts {
    let (magic, rest) = line(bytes);
    let (header, rest) = line(rest);
    let signed = magic != b"ROLLCALL-SYNC 1";
    let payload = if signed { line(rest).1 } else { rest };
    Parts {
        magic: magic.to_vec(),
        header: serde_json::from_slice(header).unwrap(),
        signed,
        payload: payload.to_vec(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes the parts back as a well-formed file: length and SHA-256 recomputed (anyone
/// can), signed with `key` when the format has a signature line.
fn join(mut p: Parts, key: &[u8]) -> Vec<u8> {
    p.header["payload_bytes"] = p.payload.len().into();
    p.header["payload_sha256"] = hex(&Sha256::digest(&p.payload)).into();
    let header = serde_json::to_vec(&p.header).unwrap();
    let mut out = p.magic.clone();
    out.push(b'\n');
    out.extend_from_slice(&header);
    out.push(b'\n');
    if p.signed {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
        mac.update(&out);
        mac.update(&p.payload);
        out.extend_from_slice(hex(&mac.finalize().into_bytes()).as_bytes());
        out.push(b'\n');
    }
    out.extend_from_slice(&p.payload);
    out
}

fn replace_first(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .expect("text in the file");
    bytes[at..at + to.len()].copy_from_slice(to);
}

/// `sync import` refused as a user error, the database byte for byte as before.
fn refused(db: &Path, file: &Path) -> String {
    let before = db_bytes(db);
    let err = user_error(&rollcall(db, &["sync", "import", file.to_str().unwrap()]));
    assert!(err.starts_with("错误"), "{err}");
    assert!(
        db_bytes(db) == before,
        "a refused file changed the database"
    );
    err
}

#[test]
fn a_file_changed_and_re_signed_with_another_key_is_refused_and_changes_nothing() {
    let l = laptops();
    let real = std::fs::read(&l.file).unwrap();
    let mut parts = split(&real);
    // The attacker moves an event to another day and recomputes the checksums; without
    // the campaign's key the best they can do is sign with one of their own.
    replace_first(&mut parts.payload, b"2025-04-30", b"2025-04-29");
    let forged = l.dir.join("forged.rollcall-sync");
    std::fs::write(&forged, join(parts, &[0x42; 32])).unwrap();
    let err = refused(&l.main, &forged);
    assert!(err.contains("签名不符"), "{err}");
    assert!(err.contains("备份"), "says to start from a backup: {err}");

    // Another laptop's name in the header, the real signature kept: refused too.
    let laptop = split(&real).header["laptop_id"]
        .as_str()
        .unwrap()
        .to_string();
    let other: String = laptop
        .chars()
        .map(|c| if c == '0' { '1' } else { '0' })
        .collect();
    let mut bytes = real.clone();
    replace_first(&mut bytes, laptop.as_bytes(), other.as_bytes());
    let relabelled = l.dir.join("relabelled.rollcall-sync");
    std::fs::write(&relabelled, bytes).unwrap();
    let err = refused(&l.main, &relabelled);
    assert!(err.contains("签名不符"), "{err}");

    // The real file still imports.
    let i = json(&rollcall(
        &l.main,
        &["sync", "import", l.file.to_str().unwrap(), "--json"],
    ));
    assert_eq!(i["merged"]["events_added"], 3);
}

#[test]
fn a_laptop_started_from_a_restored_backup_signs_files_this_database_accepts() {
    let l = laptops();
    let bytes = std::fs::read(&l.file).unwrap();
    assert!(bytes.starts_with(b"ROLLCALL-SYNC 2\n"), "a signed file");
    // The key came with the backup and stays out of the file.
    let key: Vec<u8> = Store::open(&l.second)
        .unwrap()
        .conn()
        .query_row("SELECT key FROM campaign_key", [], |r| r.get(0))
        .unwrap();
    assert_eq!(key.len(), 32);
    assert!(!bytes.windows(32).any(|w| w == key.as_slice()));
    assert!(!String::from_utf8_lossy(&bytes).contains(&hex(&key)));
    let i = json(&rollcall(
        &l.main,
        &["sync", "import", l.file.to_str().unwrap(), "--json"],
    ));
    assert_eq!(i["merged"]["events_added"], 3);
    // And the other way round.
    let back = l.dir.join("main.rollcall-sync");
    json(&rollcall(
        &l.main,
        &["sync", "export", "--out", back.to_str().unwrap(), "--json"],
    ));
    let i = json(&rollcall(
        &l.second,
        &["sync", "import", back.to_str().unwrap(), "--json"],
    ));
    assert!(i["already_imported"].is_null());
}

#[test]
fn an_unsigned_file_of_the_old_format_is_refused_with_a_clear_message() {
    let l = laptops();
    let mut parts = split(&std::fs::read(&l.file).unwrap());
    parts.magic = b"ROLLCALL-SYNC 1".to_vec();
    parts.signed = false;
    let old = l.dir.join("old.rollcall-sync");
    std::fs::write(&old, join(parts, &[])).unwrap();
    let err = refused(&l.main, &old);
    assert!(err.contains("旧版本"), "{err}");
    assert!(err.contains("不能导入"), "{err}");
}

/// The key `second` signs with (a laptop of this campaign, so its files verify here).
fn campaign_key(db: &Path) -> Vec<u8> {
    Store::open(db)
        .unwrap()
        .conn()
        .query_row("SELECT key FROM campaign_key", [], |r| r.get(0))
        .unwrap_or_else(|_| vec![0; 32])
}

/// `second`'s file with `change` made to its payload, signed with the campaign's key:
/// what a laptop of this campaign with a bug or an edited database could send.
fn signed_with_change(l: &Laptops, name: &str, change: impl FnOnce(&mut Vec<u8>)) -> PathBuf {
    let mut parts = split(&std::fs::read(&l.file).unwrap());
    change(&mut parts.payload);
    let p = l.dir.join(format!("{name}.rollcall-sync"));
    std::fs::write(&p, join(parts, &campaign_key(&l.second))).unwrap();
    p
}

#[test]
fn a_signed_file_with_an_unknown_student_or_an_impossible_date_is_refused_whole() {
    let l = laptops();
    let no = first_students(&l.second, 1).remove(0);
    let stranger: String = no.chars().map(|_| '9').collect();
    let unknown = signed_with_change(&l, "unknown", |p| {
        replace_first(p, no.as_bytes(), stranger.as_bytes())
    });
    let err = refused(&l.main, &unknown);
    assert!(err.contains(&format!("学号 {stranger} 不在")), "{err}");
    assert!(err.contains("整个文件未导入"), "{err}");

    let far = signed_with_change(&l, "far", |p| {
        replace_first(p, b"2025-04-30", b"2031-04-30")
    });
    let err = refused(&l.main, &far);
    assert!(err.contains("2031-04-30"), "{err}");
    assert!(err.contains("合理范围"), "{err}");
    // The other two check-ins of that file were fine: none of them was applied either
    // (refused() compared the whole database).
}

#[test]
fn a_signed_file_voiding_an_event_that_does_not_exist_is_refused_whole() {
    let l = laptops();
    // `second` checks in one more student and voids that check-in: the file then holds
    // the event and its void.
    let no = first_students(&l.second, 4).remove(3);
    let c = json(&rollcall(
        &l.second,
        &[
            "check-in",
            &no,
            "--at",
            "09:20",
            "--date",
            "2025-04-30",
            "--json",
        ],
    ));
    let id = c["lines"][0]["event_id"].as_i64().unwrap().to_string();
    json(&rollcall(
        &l.second,
        &["record", "void", &id, "--reason", "扫错了", "--json"],
    ));
    let file = l.dir.join("void.rollcall-sync");
    json(&rollcall(
        &l.second,
        &["sync", "export", "--out", file.to_str().unwrap(), "--json"],
    ));
    let uid: String = Store::open(&l.second)
        .unwrap()
        .conn()
        .query_row(
            "SELECT event_uid FROM sync_journal_void ORDER BY rowid DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // The void now names an event nobody recorded, of a third laptop (the last
    // occurrence of the uid is the void's: the file lists events before voids).
    let mut parts = split(&std::fs::read(&file).unwrap());
    let (laptop, random) = uid.split_once('-').unwrap();
    let third: String = laptop
        .chars()
        .map(|c| if c == 'a' { 'b' } else { 'a' })
        .collect();
    let other = format!("{third}-{random}");
    let at = parts
        .payload
        .windows(uid.len())
        .rposition(|w| w == uid.as_bytes())
        .unwrap();
    parts.payload[at..at + uid.len()].copy_from_slice(other.as_bytes());
    let bad = l.dir.join("bad-void.rollcall-sync");
    std::fs::write(&bad, join(parts, &campaign_key(&l.second))).unwrap();
    let err = refused(&l.main, &bad);
    assert!(err.contains(&format!("作废的事件 {other} 不存在")), "{err}");
    // The file as exported imports: the void names the event in the same file.
    let i = json(&rollcall(
        &l.main,
        &["sync", "import", file.to_str().unwrap(), "--json"],
    ));
    assert_eq!(i["merged"]["voids_applied"], 1);
}

#[test]
fn the_import_report_names_this_databases_campaign_not_the_files_claim() {
    let l = laptops();
    let mut parts = split(&std::fs::read(&l.file).unwrap());
    parts.header["campaign_name"] = "别的任务".into();
    let claim = l.dir.join("claim.rollcall-sync");
    std::fs::write(&claim, join(parts, &campaign_key(&l.second))).unwrap();
    let name: String = Store::open(&l.main)
        .unwrap()
        .conn()
        .query_row("SELECT name FROM campaign", [], |r| r.get(0))
        .unwrap();
    assert_ne!(name, "别的任务");
    let i = json(&rollcall(
        &l.main,
        &["sync", "import", claim.to_str().unwrap(), "--json"],
    ));
    assert_eq!(i["campaign_name"], name.as_str());
    let text = String::from_utf8_lossy(&rollcall(&l.main, &["sync", "log"]).stdout).into_owned();
    assert!(!text.contains("别的任务"), "{text}");
}

/// Laptops have human names (issue 16, part 1): a name set on one laptop travels in its
/// signed sync file and shows beside its id in the other laptop's sync log and import
/// report; a laptop started from a backup does not take over the name of the laptop the
/// backup came from; a bad name is refused and changes nothing.
#[test]
fn laptop_names_travel_with_sync_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (main, second) = (d.join("main.sqlite3"), d.join("second.sqlite3"));
    assert!(rollcall(&main, &["demo", "--students", "50"])
        .status
        .success());
    let named = json(&rollcall(
        &main,
        &["sync", "name", "--set", " 高明签到台 ", "--json"],
    ));
    assert_eq!(named["name"], "高明签到台");
    assert_eq!(named["is_set"], true);

    let bak = d.join("main.bak");
    json(&rollcall(
        &main,
        &["backup", "--out", bak.to_str().unwrap(), "--json"],
    ));
    json(&rollcall(
        &second,
        &["restore", bak.to_str().unwrap(), "--yes", "--json"],
    ));
    let own = json(&rollcall(&second, &["sync", "name", "--json"]));
    assert_eq!(own["is_set"], false, "{own}");
    assert_ne!(own["name"], "高明签到台");
    assert_ne!(own["laptop_id"], named["laptop_id"]);

    // A name with a line break, or longer than 40 characters, is refused.
    for bad in ["两行\n名称", &"长".repeat(41)] {
        let err = user_error(&rollcall(&second, &["sync", "name", "--set", bad]));
        assert!(err.contains("本机名称"), "{err}");
    }
    assert_eq!(
        json(&rollcall(&second, &["sync", "name", "--json"]))["is_set"],
        false
    );

    let file = d.join("main.rollcall-sync");
    json(&rollcall(
        &main,
        &["sync", "export", "--out", file.to_str().unwrap(), "--json"],
    ));
    let r = json(&rollcall(
        &second,
        &["sync", "import", file.to_str().unwrap(), "--json"],
    ));
    assert_eq!(r["from_laptop_name"], "高明签到台");
    let log = json(&rollcall(&second, &["sync", "log", "--json"]));
    let entry = &log["entries"][0];
    assert_eq!(entry["laptop_id"], named["laptop_id"]);
    assert_eq!(entry["laptop_name"], "高明签到台");
    let text = common::ok(&rollcall(&second, &["sync", "log"]));
    let id = named["laptop_id"].as_str().unwrap();
    assert!(text.contains(&format!("高明签到台（{id}）")), "{text}");
}
