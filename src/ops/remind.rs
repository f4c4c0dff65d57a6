//! 催办提醒: the per-class reminder texts counselors paste into their groups.

use serde::Deserialize;

use super::{some, Clock, Result};
use crate::campaign::CampaignId;
use crate::print::lists::ListScope;
use crate::remind::{self, RemindKind, Reminders};
use crate::store::Store;

/// Which classes to remind; blank fields do not filter.
#[derive(Debug, Deserialize, Default, ts_rs::TS)]
#[ts(rename = "RemindScope")]
pub struct Scope {
    #[serde(default)]
    pub class_name: Option<String>,
    #[serde(default)]
    pub college: Option<String>,
    /// Every class of one counselor.
    #[serde(default)]
    pub counselor: Option<String>,
}

/// One text per class in `scope`, as of the clock's today.
pub fn texts(
    store: &Store,
    clock: &Clock,
    campaign: CampaignId,
    kind: RemindKind,
    scope: Scope,
) -> Result<Reminders> {
    let detail = super::campaign::detail(store, Some(campaign))?;
    let scope = ListScope {
        class_name: some(scope.class_name),
        college: some(scope.college),
        counselor: some(scope.counselor),
    };
    Ok(remind::build(
        store.conn(),
        &detail,
        kind,
        clock.today(),
        &scope,
    )?)
}
