//! Closing a campaign: the lists as they stand are frozen into the database, the closing
//! is recorded, and writes are refused ([`campaign::ensure_open`]) until an explicit
//! reopen, which is recorded too (the frozen lists of that closing stay, as history).

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::lists::{self, ListKind, ListRow, Lists, Summary};
use super::queries::{self, FrozenWriter};
use super::ExportError;
use crate::campaign::queries::ClosingRow;
use crate::campaign::{self, Campaign, CampaignId};
use crate::progress::Milestones;
use crate::store::Clock;

/// A closing of the campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Closing {
    pub id: i64,
    pub closed_at: String,
    /// The day the frozen lists were built for.
    pub as_of: NaiveDate,
    pub summary: Summary,
    /// `None` while the campaign stays closed.
    pub reopened_at: Option<String>,
    /// The automatic backup taken just before closing (only in the answer to
    /// [`close`]; `None` when listing closings).
    pub auto_backup: Option<std::path::PathBuf>,
}

impl Closing {
    fn from_row(r: ClosingRow) -> Result<Closing, ExportError> {
        let as_of = NaiveDate::parse_from_str(&r.as_of, "%Y-%m-%d").map_err(|_| {
            ExportError::Internal(format!("关闭记录 {} 的日期「{}」无效", r.id, r.as_of))
        })?;
        Ok(Closing {
            id: r.id,
            closed_at: r.closed_at,
            as_of,
            summary: serde_json::from_str(&r.summary_json)?,
            reopened_at: r.reopened_at,
            auto_backup: None,
        })
    }
}

/// What closing as of a day would freeze, and whether it is early.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ClosePreview {
    pub as_of: NaiveDate,
    pub summary: Summary,
    /// The last day a photo counts (final deadline, else walk-in end).
    pub final_deadline: Option<NaiveDate>,
    /// Closing before the final deadline: students still pending end up excluded.
    pub early: bool,
    /// Already closed: nothing to do.
    pub closed: Option<Closing>,
}

/// The closing in force, if the campaign is closed.
pub fn current(conn: &Connection, campaign: CampaignId) -> Result<Option<Closing>, ExportError> {
    campaign::queries::open_closing(conn, campaign)?
        .map(Closing::from_row)
        .transpose()
}

/// Every closing and reopening of the campaign, oldest first.
pub fn history(conn: &Connection, campaign: CampaignId) -> Result<Vec<Closing>, ExportError> {
    campaign::queries::list_closings(conn, campaign)?
        .into_iter()
        .map(Closing::from_row)
        .collect()
}

fn final_deadline(
    conn: &Connection,
    campaign: CampaignId,
) -> Result<Option<NaiveDate>, ExportError> {
    let list = campaign::queries::list_milestones(conn, campaign)?;
    Ok(Milestones::from_list(&list).last_day().map(|(_, d)| d))
}

/// What [`close`] would do as of `today`.
pub fn preview(
    conn: &Connection,
    campaign: &Campaign,
    today: NaiveDate,
) -> Result<ClosePreview, ExportError> {
    let closed = current(conn, campaign.id)?;
    let summary = match &closed {
        Some(c) => c.summary,
        None => lists::build(conn, campaign, today)?.summary,
    };
    let deadline = final_deadline(conn, campaign.id)?;
    Ok(ClosePreview {
        as_of: closed.as_ref().map_or(today, |c| c.as_of),
        summary,
        final_deadline: deadline,
        early: deadline.is_some_and(|d| today <= d),
        closed,
    })
}

/// Closes the campaign as of `today`: freezes both lists and records the closing, in
/// one transaction.
pub fn close(
    conn: &mut Connection,
    campaign: &Campaign,
    clock: &Clock,
) -> Result<Closing, ExportError> {
    let now = &clock.stamp();
    let today = clock.today();
    // Checked before the copy too, so a refused close takes no backup.
    if let Some(c) = campaign::queries::open_closing(conn, campaign.id)? {
        return Err(ExportError::AlreadyClosed {
            closed_at: c.closed_at,
        });
    }
    let auto_backup = crate::backup::before_step(conn, crate::backup::Reason::Close, clock)?;
    let tx = conn.transaction()?;
    if let Some(c) = campaign::queries::open_closing(&tx, campaign.id)? {
        return Err(ExportError::AlreadyClosed {
            closed_at: c.closed_at,
        });
    }
    let built = lists::build(&tx, campaign, today)?;
    let summary_json = serde_json::to_string(&built.summary)?;
    let id = campaign::queries::insert_closing(&tx, campaign.id, today, &summary_json, now)?;
    {
        let mut w = FrozenWriter::new(&tx, id)?;
        for list in ListKind::ALL {
            for (i, row) in built.rows(list).iter().enumerate() {
                w.insert(list, i, &row.student_no, &serde_json::to_string(row)?)?;
            }
        }
    }
    tx.commit()?;
    Ok(Closing {
        id,
        closed_at: now.to_string(),
        as_of: today,
        summary: built.summary,
        reopened_at: None,
        auto_backup,
    })
}

/// Reopens a closed campaign (recorded on the closing); edits are allowed again.
pub fn reopen(
    conn: &mut Connection,
    campaign: CampaignId,
    clock: &Clock,
) -> Result<Closing, ExportError> {
    let now = &clock.stamp();
    let tx = conn.transaction()?;
    let row = campaign::queries::open_closing(&tx, campaign)?.ok_or(ExportError::NotClosed)?;
    campaign::queries::mark_reopened(&tx, row.id, now)?;
    tx.commit()?;
    let mut c = Closing::from_row(row)?;
    c.reopened_at = Some(now.to_string());
    Ok(c)
}

/// The lists frozen at `closing`.
pub fn frozen_lists(conn: &Connection, closing: &Closing) -> Result<Lists, ExportError> {
    let rows = |list| -> Result<Vec<ListRow>, ExportError> {
        queries::frozen_rows(conn, closing.id, list)?
            .iter()
            .map(|json| Ok(serde_json::from_str(json)?))
            .collect()
    };
    Ok(Lists {
        as_of: closing.as_of,
        summary: closing.summary,
        final_rows: rows(ListKind::Final)?,
        excluded_rows: rows(ListKind::Excluded)?,
    })
}
