//! The campaign's types: facts, places (campus → venue → session window) and milestones.

use std::fmt;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// Row id of a campaign.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(transparent)]
pub struct CampaignId(pub i64);

impl fmt::Display for CampaignId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An amount of money in fen (1 元 = 100 分); fees are never floats.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

impl fmt::Display for Fen {
    /// `1350` → `13.5元`, `6000` → `60元`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (yuan, fen) = (self.0 / 100, (self.0 % 100).abs());
        match fen {
            0 => write!(f, "{yuan}元"),
            n if n % 10 == 0 => write!(f, "{yuan}.{}元", n / 10),
            n => write!(f, "{yuan}.{n:02}元"),
        }
    }
}

impl std::str::FromStr for Fen {
    type Err = String;

    /// Yuan as the office writes them: `13.5`, `60`, `13.50元`, `0.05` (at most two
    /// decimals, not negative).
    fn from_str(text: &str) -> Result<Fen, String> {
        let bad = || format!("金额「{text}」应写成元，最多两位小数，如 13.5");
        let t = text.trim();
        let t = t.strip_suffix('元').unwrap_or(t).trim();
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 2 {
            return Err(bad());
        }
        let yuan: i64 = whole.parse().map_err(|_| bad())?;
        let fen: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
        yuan.checked_mul(100)
            .and_then(|y| y.checked_add(fen))
            .map(Fen)
            .ok_or_else(bad)
    }
}

/// What the office types about a campaign: everything but its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CampaignFacts {
    pub name: String,
    /// 届: 2025 means students graduating in 2025.
    pub grad_year: i32,
    pub office_name: String,
    pub notice_date: NaiveDate,
    pub school_code: String,
    pub region_code: String,
    pub batch_code: String,
    pub fee_onsite: Fen,
    pub fee_online: Fen,
    pub fee_walk_in: Fen,
    pub agency_name: String,
    pub agency_address: String,
    pub agency_phone: String,
    pub office_contact: String,
}

/// A stored campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Campaign {
    pub id: CampaignId,
    #[serde(flatten)]
    pub facts: CampaignFacts,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Campus {
    pub id: i64,
    pub name: String,
}

/// Default throughput of one camera station, from the reference notice (约160人/小时/台).
pub const DEFAULT_THROUGHPUT_PER_HOUR: u32 = 160;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Venue {
    pub id: i64,
    pub campus_id: i64,
    pub campus: String,
    pub name: String,
    pub stations: u32,
    pub throughput_per_hour: u32,
}

/// What the office types for a venue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct VenueInput {
    pub name: String,
    pub stations: u32,
    pub throughput_per_hour: u32,
}

/// A time span at a venue on one day when shooting happens (e.g. a morning).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SessionWindow {
    pub id: i64,
    pub venue_id: i64,
    pub date: NaiveDate,
    #[serde(with = "hhmm")]
    #[ts(type = "string")]
    pub start: NaiveTime,
    #[serde(with = "hhmm")]
    #[ts(type = "string")]
    pub end: NaiveTime,
}

impl SessionWindow {
    /// Length in minutes.
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }
}

/// What the office types for a window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct WindowInput {
    pub date: NaiveDate,
    #[serde(with = "hhmm")]
    #[ts(type = "string")]
    pub start: NaiveTime,
    #[serde(with = "hhmm")]
    #[ts(type = "string")]
    pub end: NaiveTime,
}

/// The kinds of dates a campaign runs by (工作安排表).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneKind {
    /// 线下集采缴费: pay the on-site fee in advance.
    Payment,
    /// 线下集中采集: on-site shooting days.
    Onsite,
    /// 线上集中采集: upload window.
    Online,
    /// 散拍: individual shooting, at the higher fee.
    WalkIn,
    /// 截止: the school pulls photos; no photo means no diploma this year.
    FinalDeadline,
    /// 学历照核对: students check their photo on 学信网.
    Verification,
}

impl MilestoneKind {
    pub const ALL: [MilestoneKind; 6] = [
        MilestoneKind::Payment,
        MilestoneKind::Onsite,
        MilestoneKind::Online,
        MilestoneKind::WalkIn,
        MilestoneKind::FinalDeadline,
        MilestoneKind::Verification,
    ];

    /// The identifier stored in the database and used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneKind::Payment => "payment",
            MilestoneKind::Onsite => "onsite",
            MilestoneKind::Online => "online",
            MilestoneKind::WalkIn => "walk_in",
            MilestoneKind::FinalDeadline => "final_deadline",
            MilestoneKind::Verification => "verification",
        }
    }

    pub fn parse(s: &str) -> Option<MilestoneKind> {
        MilestoneKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The office's name for it, as in the notice's timeline table.
    pub fn label(self) -> &'static str {
        match self {
            MilestoneKind::Payment => "线下集采缴费",
            MilestoneKind::Onsite => "线下集中采集",
            MilestoneKind::Online => "线上集中采集",
            MilestoneKind::WalkIn => "散拍",
            MilestoneKind::FinalDeadline => "采集截止",
            MilestoneKind::Verification => "学历照核对",
        }
    }
}

impl fmt::Display for MilestoneKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One row of the timeline. `start` is `None` for a single day or an open start
/// ("即日起至 4月27日").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Milestone {
    pub kind: MilestoneKind,
    pub start: Option<NaiveDate>,
    pub end: NaiveDate,
    pub note: String,
}

/// Serde for times as `HH:MM`, the way the office writes them.
pub mod hhmm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.format("%H:%M").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let text = String::deserialize(d)?;
        parse(&text).ok_or_else(|| serde::de::Error::custom(format!("时间格式应为 HH:MM：{text}")))
    }

    /// Parses `8:30`, `08:30` or `08:30:00`.
    pub fn parse(text: &str) -> Option<NaiveTime> {
        let t = text.trim();
        NaiveTime::parse_from_str(t, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
            .ok()
    }
}

/// The user's constraints on one class.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ClassSetting {
    pub class_name: String,
    /// Campus to shoot at instead of the roster's (for off-campus-site classes).
    pub campus: Option<String>,
    pub online: bool,
    pub not_before: Option<NaiveDate>,
    pub not_on: Vec<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fen_prints_like_the_notice() {
        assert_eq!(Fen(1350).to_string(), "13.5元");
        assert_eq!(Fen(1500).to_string(), "15元");
        assert_eq!(Fen(6000).to_string(), "60元");
        assert_eq!(Fen(1305).to_string(), "13.05元");
    }

    #[test]
    fn fen_parses_yuan_as_typed() {
        assert_eq!("13.5".parse::<Fen>(), Ok(Fen(1350)));
        assert_eq!("60".parse::<Fen>(), Ok(Fen(6000)));
        assert_eq!(" 13.50元".parse::<Fen>(), Ok(Fen(1350)));
        assert_eq!("0.05".parse::<Fen>(), Ok(Fen(5)));
        for bad in ["-1", "13.555", "abc", "", ".5", "1e3", "1.2.3"] {
            assert!(bad.parse::<Fen>().is_err(), "{bad}");
        }
    }

    #[test]
    fn milestone_kinds_round_trip() {
        for k in MilestoneKind::ALL {
            assert_eq!(MilestoneKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(MilestoneKind::parse("holiday"), None);
    }
}
