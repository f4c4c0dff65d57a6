//! 导出: preview and write the final / excluded list, the saved column choice, the
//! export log, and closing / reopening the campaign.

use std::path::PathBuf;

use super::{Clock, Result};
use crate::campaign::{self, CampaignId};
use crate::export::{
    self, close::ClosePreview, columns, Closing, Encoding, ExportOutcome, ExportRequest, ListKind,
    LogEntry, Preview,
};
use crate::store::Store;

/// Columns as a user names them: headers (学号, 姓名 …) in the chosen order; `None`:
/// the saved choice.
fn parse_columns(
    list: ListKind,
    headers: Option<Vec<String>>,
) -> Result<Option<Vec<columns::Column>>> {
    Ok(match headers {
        Some(h) => Some(columns::parse(list, &h)?),
        None => None,
    })
}

/// Headers typed in one line, separated by `,`, `，` or `、`.
pub fn split_columns(text: &str) -> Vec<String> {
    columns::split(text)
}

/// The first `rows` rows of `list` as it would be written today.
pub fn preview(
    store: &Store,
    clock: &Clock,
    campaign: CampaignId,
    list: ListKind,
    headers: Option<Vec<String>>,
    rows: usize,
) -> Result<Preview> {
    let c = campaign::resolve(store.conn(), Some(campaign))?;
    let cols = parse_columns(list, headers)?;
    Ok(export::preview(
        store.conn(),
        &c,
        list,
        clock.today(),
        cols,
        rows,
    )?)
}

/// Saves the column choice (and order) for `list`, office-wide.
pub fn save_columns(
    store: &Store,
    clock: &Clock,
    list: ListKind,
    headers: &[String],
) -> Result<()> {
    let cols = columns::parse(list, headers)?;
    Ok(export::save_columns(store.conn(), list, &cols, clock)?)
}

/// What to write.
#[derive(Debug)]
pub struct ListExport {
    pub list: ListKind,
    pub path: PathBuf,
    pub encoding: Encoding,
    /// Headers in order; `None`: the saved choice.
    pub columns: Option<Vec<String>>,
    /// Save `columns` as the list's choice.
    pub save_columns: bool,
}

/// Writes the list as of the clock's today (the frozen list once the campaign is
/// closed) and logs it.
pub fn write(
    store: &Store,
    clock: &Clock,
    campaign: CampaignId,
    req: ListExport,
) -> Result<ExportOutcome> {
    let c = campaign::resolve(store.conn(), Some(campaign))?;
    let request = ExportRequest {
        list: req.list,
        columns: parse_columns(req.list, req.columns)?,
        path: req.path,
        today: clock.today(),
        encoding: req.encoding,
        save_columns: req.save_columns,
    };
    Ok(export::export(store.conn(), &c, &request, clock)?)
}

pub fn log(store: &Store, campaign: CampaignId) -> Result<Vec<LogEntry>> {
    Ok(export::export_log(store.conn(), campaign)?)
}

/// What closing today would freeze (and whether the campaign is closed already).
pub fn close_preview(store: &Store, clock: &Clock, campaign: CampaignId) -> Result<ClosePreview> {
    let c = campaign::resolve(store.conn(), Some(campaign))?;
    Ok(export::close::preview(store.conn(), &c, clock.today())?)
}

/// Closes the campaign: freezes today's lists (an automatic backup first).
pub fn close(store: &mut Store, clock: &Clock, campaign: CampaignId) -> Result<Closing> {
    let c = campaign::resolve(store.conn(), Some(campaign))?;
    Ok(export::close(store.conn_mut(), &c, clock)?)
}

/// The closing in force, if the campaign is closed.
pub fn current_closing(store: &Store, campaign: CampaignId) -> Result<Option<Closing>> {
    Ok(export::close::current(store.conn(), campaign)?)
}

pub fn reopen(store: &mut Store, clock: &Clock, campaign: CampaignId) -> Result<Closing> {
    Ok(export::reopen(store.conn_mut(), campaign, clock)?)
}
