//! Starting a new campaign (the next cohort), optionally carrying over from an earlier
//! one what stays the same year to year: the office, the school's codes, the agency,
//! the contact, the fees, and the campuses with their venues. Dates are never carried
//! over: each cohort's timeline and session windows are set anew.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::model::*;
use super::{queries, CampaignError, Result};

use crate::store::Clock;

/// What the office gives to start a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct NewCampaign {
    pub name: String,
    pub grad_year: i32,
    /// `None`: the source campaign's office (without a source, validation asks for one).
    #[serde(default)]
    pub office_name: Option<String>,
    /// `None`: today.
    #[serde(default)]
    pub notice_date: Option<NaiveDate>,
    /// The campaign to carry facts and places over from.
    #[serde(default)]
    pub from: Option<CampaignId>,
}

/// What [`create_from`] made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "CreatedCampaign")]
pub struct Created {
    pub id: CampaignId,
    pub copied_from: Option<CampaignId>,
    pub campuses: usize,
    pub venues: usize,
}

/// Creates a campaign in one transaction, copying from `new.from` when given.
/// A name already used by another campaign is refused: the campaign picker shows names.
pub fn create_from(conn: &mut Connection, new: &NewCampaign, clock: &Clock) -> Result<Created> {
    let today = clock.today();
    let tx = conn.transaction()?;
    let source = match new.from {
        Some(id) => Some(queries::get_campaign(&tx, id)?.ok_or(CampaignError::NotFound(id))?),
        None => None,
    };
    let facts = facts_for(new, source.as_ref().map(|c| &c.facts), today);
    super::validate_facts(&facts)?;
    if queries::find_campaign_by_name(&tx, &facts.name)?.is_some() {
        return Err(CampaignError::Duplicate {
            what: "采集任务",
            name: facts.name,
        });
    }
    let id = super::create(&tx, &facts, clock)?;
    let (campuses, venues) = match new.from {
        Some(from) => copy_places(&tx, from, id)?,
        None => (0, 0),
    };
    tx.commit()?;
    Ok(Created {
        id,
        copied_from: new.from,
        campuses,
        venues,
    })
}

/// The new campaign's facts: what the office typed, the rest from the source (or blank).
fn facts_for(new: &NewCampaign, source: Option<&CampaignFacts>, today: NaiveDate) -> CampaignFacts {
    let typed_office = new
        .office_name
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty());
    let carried = |f: fn(&CampaignFacts) -> &String| source.map(f).cloned().unwrap_or_default();
    CampaignFacts {
        name: new.name.trim().to_string(),
        grad_year: new.grad_year,
        office_name: typed_office
            .map(str::to_string)
            .unwrap_or_else(|| carried(|s| &s.office_name)),
        notice_date: new.notice_date.unwrap_or(today),
        school_code: carried(|s| &s.school_code),
        region_code: carried(|s| &s.region_code),
        // The batch code (采集批次特征码) is issued for each batch anew.
        batch_code: String::new(),
        fee_onsite: source.map_or(Fen(0), |s| s.fee_onsite),
        fee_online: source.map_or(Fen(0), |s| s.fee_online),
        fee_walk_in: source.map_or(Fen(0), |s| s.fee_walk_in),
        agency_name: carried(|s| &s.agency_name),
        agency_address: carried(|s| &s.agency_address),
        agency_phone: carried(|s| &s.agency_phone),
        office_contact: carried(|s| &s.office_contact),
    }
}

/// Copies campuses (in their order) and venues; returns how many of each.
fn copy_places(conn: &Connection, from: CampaignId, to: CampaignId) -> Result<(usize, usize)> {
    let campuses = queries::list_campuses(conn, from)?;
    let mut new_ids = HashMap::new();
    for c in &campuses {
        new_ids.insert(c.id, super::add_campus(conn, to, &c.name)?);
    }
    let venues = queries::list_venues(conn, from)?;
    for v in &venues {
        let campus = *new_ids
            .get(&v.campus_id)
            .ok_or(CampaignError::ItemNotFound {
                what: "校区",
                id: v.campus_id,
            })?;
        let input = VenueInput {
            name: v.name.clone(),
            stations: v.stations,
            throughput_per_hour: v.throughput_per_hour,
        };
        super::add_venue(conn, to, campus, &input)?;
    }
    Ok((campuses.len(), venues.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::{self, CampaignDetail};
    use crate::store::Store;

    fn clock() -> &'static Clock {
        static CLOCK: std::sync::OnceLock<Clock> = std::sync::OnceLock::new();
        CLOCK.get_or_init(|| Clock::at(today().and_hms_opt(9, 0, 0).unwrap()))
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    fn new(name: &str, from: Option<CampaignId>) -> NewCampaign {
        NewCampaign {
            name: name.into(),
            grad_year: 2026,
            office_name: None,
            notice_date: None,
            from,
        }
    }

    fn demo(store: &mut Store) -> CampaignId {
        let opts = crate::demo::DemoOptions {
            students: 30,
            ..Default::default()
        };
        crate::demo::create(store.conn_mut(), opts, clock()).unwrap()
    }

    #[test]
    fn copies_facts_and_places_but_no_dates() {
        let mut store = Store::open_in_memory().unwrap();
        let demo = demo(&mut store);
        let made = create_from(
            store.conn_mut(),
            &new(" 2026届毕业生电子照片采集 ", Some(demo)),
            clock(),
        )
        .unwrap();
        assert_eq!((made.campuses, made.venues), (3, 4));
        let conn = store.conn();
        let old = CampaignDetail::load(conn, campaign::resolve(conn, Some(demo)).unwrap()).unwrap();
        let d =
            CampaignDetail::load(conn, campaign::resolve(conn, Some(made.id)).unwrap()).unwrap();
        let (f, o) = (&d.campaign.facts, &old.campaign.facts);
        assert_eq!(f.name, "2026届毕业生电子照片采集");
        assert_eq!(f.grad_year, 2026);
        assert_eq!(f.notice_date, today());
        assert_eq!(f.office_name, o.office_name);
        assert_eq!((f.fee_onsite, f.fee_walk_in), (o.fee_onsite, o.fee_walk_in));
        assert_eq!(f.agency_phone, o.agency_phone);
        assert_eq!(f.batch_code, "");
        let names = |d: &CampaignDetail| {
            d.venues
                .iter()
                .map(|v| (v.campus.clone(), v.name.clone(), v.stations))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&d), names(&old));
        assert!(d.windows.is_empty() && d.milestones.is_empty());
        // The newest cohort is now the default one.
        assert_eq!(campaign::resolve(conn, None).unwrap().id, made.id);
    }

    #[test]
    fn refuses_bad_input_and_leaves_nothing_behind() {
        let mut store = Store::open_in_memory().unwrap();
        let demo = demo(&mut store);
        let demo_name = campaign::resolve(store.conn(), Some(demo))
            .unwrap()
            .facts
            .name;
        let err = create_from(store.conn_mut(), &new(&demo_name, Some(demo)), clock()).unwrap_err();
        assert!(err.to_string().contains("已存在"), "{err}");
        let err = create_from(store.conn_mut(), &new("新任务", None), clock()).unwrap_err();
        assert!(err.to_string().contains("请填写发文单位"), "{err}");
        let err =
            create_from(store.conn_mut(), &new("x", Some(CampaignId(99))), clock()).unwrap_err();
        assert!(matches!(err, CampaignError::NotFound(_)));
        assert_eq!(campaign::list(store.conn()).unwrap().len(), 1);
    }

    #[test]
    fn starts_blank_without_a_source() {
        let mut store = Store::open_in_memory().unwrap();
        let mut n = new("2026届", None);
        n.office_name = Some("教务部".into());
        let made = create_from(store.conn_mut(), &n, clock()).unwrap();
        let c = campaign::resolve(store.conn(), Some(made.id)).unwrap();
        assert_eq!(c.facts.office_name, "教务部");
        assert_eq!(c.facts.fee_onsite, Fen(0));
        assert_eq!((made.campuses, made.venues), (0, 0));
    }
}
