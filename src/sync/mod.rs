//! Sync between laptops (同步): export the facts this laptop learnt since its last export
//! to a `.rollcall-sync` file, import a file made elsewhere, and the sync log.
//!
//! **Design.** Progress events have local integer ids, which two laptops hand out
//! independently, so their rows cannot be exchanged as they are. Each event therefore
//! also gets a uid unique across laptops (`sync_event_uid`, set by a trigger), and the
//! shared facts live in an insert-only *journal* (`sync_journal_event`, `_void`,
//! `_walk_up`) keyed by those uids and by 学号 rather than row ids. Export copies the
//! facts the journal lacks into it while an SQLite **session** records the inserts; the
//! session's changeset is the file's payload (and stays in the sync log, so
//! `--since N` can re-send earlier exports combined with a changegroup). Import checks
//! the header (campaign uuid, laptop, length, SHA-256) and the signature (HMAC-SHA256
//! under the campaign's secret key, which only a backup of this database carries to
//! another laptop: [`file`]), checks every row against this campaign ([`validate`]: one
//! bad row refuses the whole file), applies the changeset to the journal with a conflict
//! handler (a uid already there is the same fact: omitted), then
//! [`merge::materialise`] turns journal rows into events, voids and walk-ups. Inserts
//! into a grow-only set commute, so files may arrive in any order and twice (except a
//! void of a third laptop's event this database has not seen: refused, see
//! [`validate`]).
//!
//! **Invariants:** a file whose signature does not verify with this database's key for
//! its campaign changes nothing; the key is never written into a sync file; a file
//! applies to the campaign whose uuid it carries, or not at all;
//! an import is one transaction; the same file id is imported once.

pub mod file;
pub mod merge;
pub(crate) mod queries;
pub mod validate;

use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator;
use rusqlite::hooks::Action;
use rusqlite::session::{Changegroup, ChangesetIter, ConflictAction, ConflictType, Session};
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde::Serialize;
use thiserror::Error;

use crate::campaign::{self, CampaignError, CampaignId};
use crate::store;
use crate::store::Clock;
pub use file::{Counts, Header};
pub use merge::{Duplicate, MergeReport, NotOnRoster};
pub use queries::LogEntry;

/// Errors of sync; each message says what happened and what to do.
#[derive(Debug, Error)]
pub enum SyncError {
    #[error(transparent)]
    Closed(#[from] crate::campaign::CampaignClosed),
    #[error(transparent)]
    Backup(#[from] crate::backup::BackupError),
    #[error("无法读取文件 {path}：{source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("无法写入文件 {path}：{source}。请检查文件夹是否存在、是否有写入权限。")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{0} 不是 Rollcall 同步文件（.rollcall-sync）。请选择另一台电脑「导出同步文件」得到的文件。"
    )]
    NotASyncFile(String),
    #[error(
        "同步文件 {0} 是旧版本 Rollcall 导出的，没有签名，无法确认来自哪台电脑，不能导入。\
         未导入任何内容。请在那台电脑上更新 Rollcall，用本机的备份重新开始那台电脑（恢复备份），\
         再在那台电脑上导出同步文件。"
    )]
    OldFormat(String),
    #[error(
        "同步文件 {0} 的签名不符：它不是由一台用本机备份开始的电脑导出的，或导出后被改动过。\
         未导入任何内容。请用本机的备份开始那台电脑（在那台电脑上恢复本机的备份），\
         再在那台电脑上导出同步文件。"
    )]
    Forged(String),
    #[error("同步文件 {0} 已损坏：{1}。未导入任何内容，请从导出的电脑重新复制该文件。")]
    Damaged(String, String),
    #[error(
        "同步文件属于采集任务「{file_campaign}」，{here}。未导入任何内容。\
         请在该任务所在的电脑上导入，或选择正确的任务。"
    )]
    WrongCampaign { file_campaign: String, here: String },
    #[error("这个同步文件是本机导出的，无需导入。请导入另一台电脑导出的文件。")]
    FromThisLaptop,
    #[error(
        "同步文件 {file} 中有 {count} 处不能导入，整个文件未导入（本机没有任何改动）：{first}。\
         请在导出的电脑上核对这些记录后重新导出。"
    )]
    Invalid {
        file: String,
        count: usize,
        first: String,
    },
    #[error("找不到编号为 {0} 的导出记录，请从同步记录中选择。")]
    UnknownExport(i64),
    #[error(transparent)]
    Campaign(#[from] CampaignError),
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("内部错误：{0}")]
    Internal(String),
}

impl SyncError {
    /// True when the user can fix it, false for internal faults.
    pub fn is_user_error(&self) -> bool {
        match self {
            SyncError::Campaign(c) => c.is_user_error(),
            SyncError::Backup(b) => b.is_user_error(),
            SyncError::Sqlite(_) | SyncError::Internal(_) => false,
            _ => true,
        }
    }
}

type Result<T> = std::result::Result<T, SyncError>;

/// The journal tables a sync file may touch, with their column counts.
const JOURNAL: [(&str, i32); 3] = [
    ("sync_journal_event", 12),
    ("sync_journal_void", 4),
    ("sync_journal_walk_up", 8),
];

/// Who this database is, for sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "SyncIdentity")]
pub struct Identity {
    pub laptop_id: String,
    /// This laptop's name (设置 → 本机名称, else the computer's host name).
    pub laptop_name: String,
    pub campaign_uuid: String,
}

/// This laptop's id and name and the campaign's uuid.
pub fn identity(conn: &Connection, campaign: CampaignId) -> Result<Identity> {
    Ok(Identity {
        laptop_id: store::laptop_id(conn)?,
        laptop_name: store::laptop_name(conn)?,
        campaign_uuid: campaign_uuid(conn, campaign)?,
    })
}

/// The campaign's secret key that signs its sync files.
fn campaign_key(conn: &Connection, campaign: CampaignId) -> Result<Vec<u8>> {
    queries::campaign_key(conn, campaign)?
        .ok_or_else(|| SyncError::Internal(format!("任务 {} 没有同步密钥", campaign.0)))
}

fn campaign_uuid(conn: &Connection, campaign: CampaignId) -> Result<String> {
    queries::campaign_uuid(conn, campaign)?
        .ok_or_else(|| SyncError::Internal(format!("任务 {} 没有同步标识", campaign.0)))
}

// ---------------------------------------------------------------------------------------
// Export

/// What an export wrote.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(rename = "SyncExportReport")]
pub struct ExportReport {
    pub path: PathBuf,
    pub file_id: String,
    /// This export's number in the sync log (what a later `--since` takes).
    pub export_id: i64,
    pub since: Option<i64>,
    pub laptop_id: String,
    /// Rows learnt since the last export.
    pub new: Counts,
    /// Rows in the file (more than `new` with `--since`).
    pub counts: Counts,
    pub bytes: u64,
}

/// Writes the facts this laptop learnt since its last export (and, with `since`, those
/// of every export after log line `since`) to `out`.
pub fn export(
    conn: &mut Connection,
    campaign: CampaignId,
    out: &Path,
    since: Option<i64>,
    clock: &Clock,
) -> Result<ExportReport> {
    let now = &clock.stamp();
    let c = campaign::resolve(conn, Some(campaign))?;
    let tx = conn.transaction()?;
    let uuid = campaign_uuid(&tx, campaign)?;
    let laptop_id = store::laptop_id(&tx)?;
    // 0 means "from the start"; any other number must be one of this campaign's exports.
    if let Some(n) = since.filter(|n| *n != 0) {
        if !queries::is_export(&tx, campaign, n)? {
            return Err(SyncError::UnknownExport(n));
        }
    }
    let (new, changeset) = capture(&tx, campaign, &uuid)?;
    let payload = match since {
        None => changeset.clone(),
        Some(n) => {
            let mut parts = queries::exports_since(&tx, campaign, n)?;
            parts.push(changeset.clone());
            combine(&parts)?
        }
    };
    let counts = inspect(&payload, &uuid, "")?;
    let file_id = store::new_uid(&tx)?;
    let header = Header {
        file_id: file_id.clone(),
        campaign_uuid: uuid,
        campaign_name: c.facts.name.clone(),
        laptop_id: laptop_id.clone(),
        laptop_name: store::laptop_name(&tx)?,
        created_at: now.to_string(),
        since,
        counts,
        payload_bytes: 0,
        payload_sha256: String::new(),
    };
    let key = campaign_key(&tx, campaign)?;
    let bytes = file::encode(header, &payload, &key)?;
    write_atomically(out, &bytes)?;
    let export_id = queries::insert_log(
        &tx,
        &queries::LogRow {
            campaign,
            direction: "export",
            file_id: &file_id,
            laptop_id: &laptop_id,
            file_name: &file_name(out),
            at: now,
            counts: new,
            summary: "{}",
            changeset: Some(&changeset),
        },
    )?;
    tx.commit()?;
    Ok(ExportReport {
        path: out.to_path_buf(),
        file_id,
        export_id,
        since,
        laptop_id,
        new,
        counts,
        bytes: bytes.len() as u64,
    })
}

/// Copies new facts into the journal under a session; returns them as a changeset.
fn capture(conn: &Connection, campaign: CampaignId, uuid: &str) -> Result<(Counts, Vec<u8>)> {
    let mut session = Session::new(conn)?;
    for (table, _) in JOURNAL {
        session.attach(Some(table))?;
    }
    let counts = queries::refresh_journal(conn, campaign, uuid)?;
    let mut changeset = Vec::new();
    session.changeset_strm(&mut changeset)?;
    Ok((counts, changeset))
}

/// Several changesets as one (a uid in two of them appears once).
fn combine(parts: &[Vec<u8>]) -> Result<Vec<u8>> {
    let mut group = Changegroup::new()?;
    for part in parts {
        let mut reader: &[u8] = part;
        group.add_stream(&mut reader)?;
    }
    let mut out = Vec::new();
    group.output_strm(&mut out)?;
    Ok(out)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Writes next to the target and renames, so a half-written file never has its name;
/// 0600, never through a symbolic link ([`crate::store::write_private`]).
fn write_atomically(out: &Path, bytes: &[u8]) -> Result<()> {
    crate::store::write_private(out, bytes).map_err(|source| SyncError::Write {
        path: out.to_path_buf(),
        source,
    })
}

/// Checks that a changeset only inserts journal rows of campaign `uuid`; counts them.
fn inspect(payload: &[u8], uuid: &str, file: &str) -> Result<Counts> {
    let damaged = |why: String| SyncError::Damaged(file.to_string(), why);
    let mut reader: &[u8] = payload;
    let input: &mut dyn Read = &mut reader;
    let mut iter = ChangesetIter::start_strm(&input)?;
    let mut counts = Counts::default();
    while let Some(item) = iter
        .next()
        .map_err(|e| damaged(format!("内容无法读取（{e}）")))?
    {
        let op = item.op()?;
        let table = op.table_name().to_string();
        let known = JOURNAL
            .iter()
            .any(|(t, n)| *t == table && *n == op.number_of_columns());
        if !known || op.code() != Action::SQLITE_INSERT {
            return Err(damaged(format!("含有不认识的更改（表 {table}）")));
        }
        match item.new_value(1)? {
            ValueRef::Text(t) if t == uuid.as_bytes() => {}
            _ => return Err(damaged("含有其他采集任务的记录".into())),
        }
        match table.as_str() {
            "sync_journal_event" => counts.events += 1,
            "sync_journal_void" => counts.voids += 1,
            _ => counts.walk_ups += 1,
        }
    }
    Ok(counts)
}

// ---------------------------------------------------------------------------------------
// Import

/// What an import did.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(rename = "SyncImportReport")]
pub struct ImportReport {
    pub path: PathBuf,
    pub file_id: String,
    pub from_laptop: String,
    /// The name that laptop gave itself (empty from a file of an earlier version).
    pub from_laptop_name: String,
    pub campaign_id: CampaignId,
    pub campaign_name: String,
    pub exported_at: String,
    /// When the file was imported before: then nothing was changed now.
    pub already_imported: Option<String>,
    /// Rows in the file.
    pub received: Counts,
    pub merged: MergeReport,
    /// The automatic backup taken just before the merge (`None` when nothing was
    /// merged: the file was imported before).
    pub auto_backup: Option<PathBuf>,
}

/// Reads a sync file made on another laptop and merges it, in one transaction; refuses
/// a damaged file, another campaign's file, a file not signed with this database's key
/// for the campaign (or an unsigned one of an earlier version), or this laptop's own
/// file.
pub fn import(
    conn: &mut Connection,
    path: &Path,
    expected: Option<CampaignId>,
    clock: &Clock,
) -> Result<ImportReport> {
    let now = &clock.stamp();
    let bytes = std::fs::read(path).map_err(|source| SyncError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let decoded = file::decode(path, &bytes)?;
    let campaign = target_campaign(conn, &decoded.header, expected)?;
    if !decoded.verify(&campaign_key(conn, campaign)?)? {
        return Err(SyncError::Forged(path.display().to_string()));
    }
    let file::Decoded {
        header, payload, ..
    } = decoded;
    // Reports name this database's campaign, never the name the file claims.
    let here = campaign::resolve(conn, Some(campaign))?;
    if header.laptop_id == store::laptop_id(conn)? {
        return Err(SyncError::FromThisLaptop);
    }
    let mut report = ImportReport {
        path: path.to_path_buf(),
        file_id: header.file_id.clone(),
        from_laptop: header.laptop_id.clone(),
        from_laptop_name: header.laptop_name.clone(),
        campaign_id: campaign,
        campaign_name: here.facts.name.clone(),
        exported_at: header.created_at.clone(),
        already_imported: queries::is_imported(conn, &header.file_id)?,
        received: header.counts,
        merged: MergeReport::default(),
        auto_backup: None,
    };
    if report.already_imported.is_some() {
        return Ok(report);
    }
    crate::campaign::ensure_open::<SyncError>(conn, campaign)?;
    let file = path.display().to_string();
    let counts = inspect(&payload, &header.campaign_uuid, &file)?;
    if counts != header.counts {
        return Err(SyncError::Damaged(file, "条目数与文件头不符".into()));
    }
    // Every row fits this campaign, or nothing is applied.
    let grad_year = here.facts.grad_year;
    validate::check(
        conn,
        campaign,
        &header.campaign_uuid,
        grad_year,
        &header.laptop_id,
        &payload,
        &file,
    )?;
    // The file is whole and for this campaign: a copy to go back to, then the merge.
    report.auto_backup =
        crate::backup::before_step(conn, crate::backup::Reason::SyncImport, clock)?;
    let tx = conn.transaction()?;
    apply(&tx, &payload, &file)?;
    // Known before the merge, so the events it adds are shown with the laptop's name.
    store::remember_laptop(&tx, &header.laptop_id, &header.laptop_name, now)?;
    report.merged = merge::materialise(&tx, campaign, &header.campaign_uuid, now)?;
    let summary =
        serde_json::to_string(&report.merged).map_err(|e| SyncError::Internal(e.to_string()))?;
    queries::insert_log(
        &tx,
        &queries::LogRow {
            campaign,
            direction: "import",
            file_id: &header.file_id,
            laptop_id: &header.laptop_id,
            file_name: &file_name(path),
            at: now,
            counts,
            summary: &summary,
            changeset: None,
        },
    )?;
    tx.commit()?;
    Ok(report)
}

/// The campaign the file belongs to, if this database has it (and it is the one asked).
fn target_campaign(
    conn: &Connection,
    header: &Header,
    expected: Option<CampaignId>,
) -> Result<CampaignId> {
    let found = queries::campaign_by_uuid(conn, &header.campaign_uuid)?;
    match (found, expected) {
        (Some(id), None) => Ok(id),
        (Some(id), Some(want)) if id == want => Ok(id),
        (Some(id), Some(want)) => {
            let here = campaign::resolve(conn, Some(want))?;
            Err(SyncError::WrongCampaign {
                // This database's name for the file's campaign, not the file's claim.
                file_campaign: campaign::resolve(conn, Some(id))?.facts.name,
                here: format!("不是当前选择的任务「{}」", here.facts.name),
            })
        }
        (None, _) => Err(SyncError::WrongCampaign {
            file_campaign: header.campaign_name.clone(),
            here: "本数据库中没有这个任务（名称相同的任务也可能是另建的，不是同一个）".into(),
        }),
    }
}

/// Applies the changeset to the journal: a uid already present is the same fact.
fn apply(conn: &Connection, payload: &[u8], file: &str) -> Result<()> {
    let mut reader: &[u8] = payload;
    let journal_only = |table: &str| JOURNAL.iter().any(|(t, _)| *t == table);
    conn.apply_strm(
        &mut reader,
        Some(journal_only),
        |kind: ConflictType, _item| match kind {
            ConflictType::SQLITE_CHANGESET_CONFLICT => ConflictAction::SQLITE_CHANGESET_OMIT,
            _ => ConflictAction::SQLITE_CHANGESET_ABORT,
        },
    )
    .map_err(|e| SyncError::Damaged(file.to_string(), format!("无法应用（{e}）")))
}

// ---------------------------------------------------------------------------------------
// Log

/// The sync page: who this laptop is and every file written or read.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SyncLog {
    pub identity: Identity,
    pub entries: Vec<LogEntry>,
}

pub fn log(conn: &Connection, campaign: CampaignId) -> Result<SyncLog> {
    campaign::resolve(conn, Some(campaign))?;
    let names = store::laptop_names(conn)?;
    let mut entries = queries::list_log(conn, campaign)?;
    for e in &mut entries {
        e.laptop_name = names.get(&e.laptop_id).cloned().unwrap_or_default();
    }
    Ok(SyncLog {
        identity: identity(conn, campaign)?,
        entries,
    })
}
