//! Whether a campaign may be changed. Closing (`export::close`) freezes the campaign's
//! lists and records the closing; until it is reopened, every core function that writes
//! the campaign's data is refused by [`ensure_open`] with [`CampaignClosed`].

use rusqlite::Connection;
use thiserror::Error;

use super::queries;
use super::CampaignId;

/// A write to a closed campaign was refused. Every module that writes a campaign's data
/// wraps it in its own error enum, so the refusal reads the same everywhere.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "采集任务已于 {closed_at} 关闭，名单已冻结，不能再修改。\
     如确需修改，请先重新打开任务。"
)]
pub struct CampaignClosed {
    pub closed_at: String,
}

/// `Ok` when the campaign may be changed; [`CampaignClosed`] when it is closed. Every
/// core function that writes a campaign's data calls it first, inside its transaction
/// when it has one, so no layer above can forget it.
pub fn ensure_open<E>(conn: &Connection, campaign: CampaignId) -> Result<(), E>
where
    E: From<CampaignClosed> + From<rusqlite::Error>,
{
    match queries::open_closing(conn, campaign)? {
        None => Ok(()),
        Some(c) => Err(CampaignClosed {
            closed_at: c.closed_at,
        }
        .into()),
    }
}
