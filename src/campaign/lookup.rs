//! Finding a campus, venue or session window of a campaign by what a person types: a
//! number (the id `campaign show` lists) or a name (`高明` or `高明校区`; a venue as
//! `场地` or `校区/场地`). The desktop picks items from lists and sends ids; the command
//! line names them, and both then call the same writes in [`super`].

use super::model::{Campus, SessionWindow, Venue};
use super::{CampaignDetail, CampaignError, Result};

/// `高明校区` and `高明` name the same campus.
fn same_campus(stored: &str, typed: &str) -> bool {
    let bare = |s: &str| s.trim().trim_end_matches("校区").trim().to_string();
    stored == typed || bare(stored) == bare(typed)
}

fn unknown(what: &'static str, name: &str, known: Vec<String>) -> CampaignError {
    CampaignError::UnknownItem {
        what,
        name: name.trim().to_string(),
        known: if known.is_empty() {
            "（还没有）".into()
        } else {
            known.join("、")
        },
    }
}

impl CampaignDetail {
    /// The campus `key` names: its id, or its name with or without 校区.
    pub fn find_campus(&self, key: &str) -> Result<&Campus> {
        let key = key.trim();
        if let Ok(id) = key.parse::<i64>() {
            if let Some(c) = self.campuses.iter().find(|c| c.id == id) {
                return Ok(c);
            }
        }
        self.campuses
            .iter()
            .find(|c| c.name == key)
            .or_else(|| self.campuses.iter().find(|c| same_campus(&c.name, key)))
            .ok_or_else(|| {
                unknown(
                    "校区",
                    key,
                    self.campuses.iter().map(|c| c.name.clone()).collect(),
                )
            })
    }

    /// The venue `key` names: its id, its name when only one venue has it, or
    /// `校区/场地`.
    pub fn find_venue(&self, key: &str) -> Result<&Venue> {
        let key = key.trim();
        if let Ok(id) = key.parse::<i64>() {
            if let Some(v) = self.venues.iter().find(|v| v.id == id) {
                return Ok(v);
            }
        }
        let (campus, name) = match key.split_once(['/', '／']) {
            Some((c, v)) => (Some(c.trim()), v.trim()),
            None => (None, key),
        };
        let hits: Vec<&Venue> = self
            .venues
            .iter()
            .filter(|v| v.name == name && campus.is_none_or(|c| same_campus(&v.campus, c)))
            .collect();
        match hits.as_slice() {
            [one] => Ok(one),
            [] => Err(unknown(
                "场地",
                key,
                self.venues
                    .iter()
                    .map(|v| format!("{}/{}", v.campus, v.name))
                    .collect(),
            )),
            [first, ..] => Err(CampaignError::AmbiguousItem {
                what: "场地",
                name: key.to_string(),
                example: format!("{}/{}", first.campus, first.name),
            }),
        }
    }

    /// The session window with this id.
    pub fn find_window(&self, id: i64) -> Result<&SessionWindow> {
        self.windows
            .iter()
            .find(|w| w.id == id)
            .ok_or(CampaignError::ItemNotFound {
                what: "拍摄时段",
                id,
            })
    }

    /// The windows of a venue, by date and start.
    pub fn windows_of(&self, venue_id: i64) -> Vec<&SessionWindow> {
        let mut out: Vec<&SessionWindow> = self
            .windows
            .iter()
            .filter(|w| w.venue_id == venue_id)
            .collect();
        out.sort_by_key(|w| (w.date, w.start));
        out
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime};

    use super::*;
    use crate::campaign::{Campaign, CampaignFacts, CampaignId, Fen};

    fn detail() -> CampaignDetail {
        let venue = |id, campus_id, campus: &str, name: &str| Venue {
            id,
            campus_id,
            campus: campus.into(),
            name: name.into(),
            stations: 2,
            throughput_per_hour: 160,
        };
        let day = NaiveDate::from_ymd_opt(2025, 4, 28).unwrap();
        CampaignDetail {
            campaign: Campaign {
                id: CampaignId(1),
                facts: CampaignFacts {
                    name: "t".into(),
                    grad_year: 2025,
                    office_name: "教务处".into(),
                    notice_date: day,
                    school_code: String::new(),
                    region_code: String::new(),
                    batch_code: String::new(),
                    fee_onsite: Fen(1350),
                    fee_online: Fen(1500),
                    fee_walk_in: Fen(6000),
                    agency_name: String::new(),
                    agency_address: String::new(),
                    agency_phone: String::new(),
                    office_contact: String::new(),
                },
                created_at: String::new(),
            },
            campuses: vec![
                Campus {
                    id: 1,
                    name: "高明校区".into(),
                },
                Campus {
                    id: 2,
                    name: "南海".into(),
                },
            ],
            venues: vec![
                venue(10, 1, "高明校区", "体育馆"),
                venue(11, 2, "南海", "体育馆"),
                venue(12, 2, "南海", "图书馆"),
            ],
            windows: vec![SessionWindow {
                id: 7,
                venue_id: 12,
                date: day,
                start: NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
                end: NaiveTime::from_hms_opt(11, 30, 0).unwrap(),
            }],
            milestones: Vec::new(),
        }
    }

    #[test]
    fn campuses_by_id_or_name_with_or_without_the_suffix() {
        let d = detail();
        assert_eq!(d.find_campus("1").unwrap().id, 1);
        assert_eq!(d.find_campus("高明").unwrap().id, 1);
        assert_eq!(d.find_campus(" 南海校区 ").unwrap().id, 2);
        let e = d.find_campus("三水").unwrap_err().to_string();
        assert!(e.contains("三水") && e.contains("高明校区、南海"), "{e}");
        assert!(d.find_campus("9").is_err());
    }

    #[test]
    fn venues_by_id_unique_name_or_campus_and_name() {
        let d = detail();
        assert_eq!(d.find_venue("图书馆").unwrap().id, 12);
        assert_eq!(d.find_venue("11").unwrap().id, 11);
        assert_eq!(d.find_venue("高明/体育馆").unwrap().id, 10);
        assert_eq!(d.find_venue("南海校区／体育馆").unwrap().id, 11);
        let e = d.find_venue("体育馆").unwrap_err().to_string();
        assert!(e.contains("高明校区/体育馆"), "{e}");
        let e = d.find_venue("礼堂").unwrap_err().to_string();
        assert!(e.contains("南海/图书馆"), "{e}");
        assert_eq!(d.find_window(7).unwrap().venue_id, 12);
        assert!(d.find_window(8).is_err());
        assert_eq!(d.windows_of(12).len(), 1);
    }
}
