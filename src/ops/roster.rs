//! 学生名单: the fields a column can map to, reading a roster file (preview), importing
//! it (again: an update), the roster as the table shows it, one student's revealed
//! ID number and phone.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{Clock, Failure, Result};
use crate::campaign::{self, CampaignId};
use crate::roster::import::{self, ImportOptions, ImportReport, Preview, Target, FIELDS};
use crate::roster::{self, ListFilter, RosterEntry};
use crate::store::Store;

/// What the mapping step can offer for a column.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct FieldInfo {
    pub id: &'static str,
    pub label: &'static str,
}

/// Every field a roster column can be mapped to.
pub fn fields() -> Vec<FieldInfo> {
    FIELDS
        .iter()
        .map(|f| FieldInfo {
            id: f.id(),
            label: f.label(),
        })
        .collect()
}

/// The user's choices about how to read the file, as a form sends them.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct ReadChoice {
    pub path: PathBuf,
    /// The sheets to read as one roster, in workbook order; empty: the first sheet that
    /// holds a header.
    #[serde(default)]
    pub sheets: Vec<String>,
    /// Also read every other sheet whose header is the same as the first one's.
    #[serde(default)]
    pub all_sheets: bool,
    pub header_row: Option<u32>,
    /// Column header → field id, `extra` or `ignore`.
    #[serde(default)]
    pub overrides: Vec<(String, String)>,
}

impl ReadChoice {
    /// The import's options; `allow_withdraw` only on the run after the user confirmed.
    pub fn options(&self, allow_withdraw: bool) -> Result<ImportOptions> {
        let overrides = self
            .overrides
            .iter()
            .map(|(h, t)| {
                Target::parse(t)
                    .map(|t| (h.clone(), t))
                    .ok_or_else(|| Failure::user(format!("「{h}」列的字段「{t}」无法识别。")))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ImportOptions {
            sheets: self.sheets.clone(),
            all_sheets: self.all_sheets,
            header_row: self.header_row,
            overrides,
            allow_withdraw,
        })
    }
}

/// `列名=字段` as typed on the command line.
pub fn parse_map(text: &str) -> Result<(String, Target)> {
    Ok(import::parse_map_arg(text)?)
}

/// What the file holds and how it would be read; nothing is written.
pub fn preview(store: &Store, choice: &ReadChoice) -> Result<Preview> {
    let options = choice.options(false)?;
    Ok(import::read_preview(store.conn(), &choice.path, &options)?)
}

/// Imports (or, with `dry_run`, checks) a roster file; `progress(done, total)` is
/// called as rows are written.
pub fn import(
    store: &mut Store,
    clock: &Clock,
    campaign: CampaignId,
    path: &std::path::Path,
    options: &ImportOptions,
    dry_run: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport> {
    let c = campaign::resolve(store.conn(), Some(campaign))?;
    Ok(import::import(
        store.conn_mut(),
        &c,
        path,
        options,
        dry_run,
        clock,
        progress,
    )?)
}

/// The roster, ID numbers and phones masked unless `reveal`.
pub fn list(
    store: &Store,
    campaign: CampaignId,
    filter: &ListFilter,
    reveal: bool,
) -> Result<Vec<RosterEntry>> {
    let entries = roster::list(store.conn(), campaign, filter)?;
    Ok(if reveal {
        entries
    } else {
        entries.into_iter().map(RosterEntry::masked).collect()
    })
}

/// One student's full ID number and phone, on the user's explicit request.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct Revealed {
    pub id_number: Option<String>,
    pub phone: String,
}

pub fn reveal(store: &Store, campaign: CampaignId, student_no: &str) -> Result<Revealed> {
    let filter = ListFilter {
        search: Some(student_no.to_string()),
        include_withdrawn: true,
        ..ListFilter::default()
    };
    let found = roster::list(store.conn(), campaign, &filter)?
        .into_iter()
        .find(|e| e.student.student_no.as_str() == student_no)
        .ok_or_else(|| Failure::user(format!("找不到学号为 {student_no} 的学生。")))?;
    Ok(Revealed {
        id_number: found.student.id_number,
        phone: found.student.phone,
    })
}
