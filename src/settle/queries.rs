//! The settlement's SQL: students without their ID numbers, and the agency's figures.

use rusqlite::{params, Connection};

use super::{AgencyFigure, Route, SettleStudent};
use crate::campaign::CampaignId;

/// Every student of the campaign (withdrawn and ineligible too), without private columns.
pub(crate) fn students(
    conn: &Connection,
    campaign: CampaignId,
) -> rusqlite::Result<Vec<SettleStudent>> {
    let mut stmt = conn.prepare(
        "SELECT id, student_no, name, college, class_name FROM student
         WHERE campaign_id = ?1 ORDER BY college, class_name, student_no",
    )?;
    let rows = stmt.query_map([campaign.0], |r| {
        Ok(SettleStudent {
            id: r.get(0)?,
            student_no: r.get(1)?,
            name: r.get(2)?,
            college: r.get(3)?,
            class_name: r.get(4)?,
        })
    })?;
    rows.collect()
}

pub(crate) fn agency_figures(
    conn: &Connection,
    campaign: CampaignId,
) -> rusqlite::Result<Vec<AgencyFigure>> {
    let mut stmt = conn.prepare(
        "SELECT route, count FROM settlement_agency WHERE campaign_id = ?1 ORDER BY route",
    )?;
    let rows = stmt.query_map([campaign.0], |r| {
        let route: String = r.get(0)?;
        Ok((route, r.get::<_, i64>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (route, count) = row?;
        // The table's CHECK admits only known routes.
        if let Some(route) = Route::parse(&route) {
            out.push(AgencyFigure { route, count });
        }
    }
    Ok(out)
}

pub(crate) fn put_agency_figure(
    conn: &Connection,
    campaign: CampaignId,
    route: Route,
    count: Option<i64>,
    now: &str,
) -> rusqlite::Result<()> {
    match count {
        Some(n) => conn.execute(
            "INSERT INTO settlement_agency (campaign_id, route, count, updated_at)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (campaign_id, route) DO UPDATE SET count = ?3, updated_at = ?4",
            params![campaign.0, route.as_str(), n, now],
        )?,
        None => conn.execute(
            "DELETE FROM settlement_agency WHERE campaign_id = ?1 AND route = ?2",
            params![campaign.0, route.as_str()],
        )?,
    };
    Ok(())
}
