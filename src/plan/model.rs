//! The planner's types: what goes in (classes, settings, locked slots), what comes out
//! (slots, unplaced classes, shortfall), and the stored schedule.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::campaign::{hhmm, CampaignId, SessionWindow, Venue};

/// Per-campaign planning settings (stored in `plan_settings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PlanSettings {
    /// Slot lengths are rounded up to a multiple of this (5 in the reference).
    pub round_minutes: u32,
    /// A class arrives this long before its start (20 in the reference).
    pub arrival_minutes: u32,
}

impl Default for PlanSettings {
    fn default() -> Self {
        PlanSettings {
            round_minutes: 5,
            arrival_minutes: 20,
        }
    }
}

/// Where a class is shot: at a campus, or online (no campus).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ClassCampus {
    OnSite { campus: String },
    Online { reason: String },
}

/// One class to schedule, with its eligible head count and the user's constraints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ClassDemand {
    pub class_name: String,
    pub college: String,
    pub major: String,
    pub counselor: String,
    pub headcount: u32,
    pub campus: ClassCampus,
    pub not_before: Option<NaiveDate>,
    pub not_on: Vec<NaiveDate>,
}

impl ClassDemand {
    /// The campus the class is shot at, `None` when online.
    pub fn campus_name(&self) -> Option<&str> {
        match &self.campus {
            ClassCampus::OnSite { campus } => Some(campus),
            ClassCampus::Online { .. } => None,
        }
    }

    /// True when the class may come on `date`.
    pub fn allows(&self, date: NaiveDate) -> bool {
        self.not_before.is_none_or(|d| date >= d) && !self.not_on.contains(&date)
    }
}

/// Everything the planner and the checks need: plain data, no database.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PlanInput {
    pub settings: PlanSettings,
    /// Campus names in the campaign's order.
    pub campuses: Vec<String>,
    /// Venues in the campaign's order (campus, then name): parallel venues fill in this order.
    pub venues: Vec<Venue>,
    pub windows: Vec<SessionWindow>,
    pub classes: Vec<ClassDemand>,
    /// Slots the user locked: they stay where they are.
    pub locked: Vec<Slot>,
}

/// One class (or one part of a split class) at one venue, date and time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Slot {
    /// Row id once stored; 0 for a slot just planned and not saved.
    pub id: i64,
    pub campus: String,
    pub venue_id: i64,
    pub venue: String,
    pub date: NaiveDate,
    #[serde(with = "hhmm")]
    #[ts(type = "string")]
    pub start: NaiveTime,
    #[serde(with = "hhmm")]
    #[ts(type = "string")]
    pub end: NaiveTime,
    /// When the class must be there: start − the campaign's arrival minutes.
    #[serde(with = "hhmm")]
    #[ts(type = "string")]
    pub arrival: NaiveTime,
    pub college: String,
    pub major: String,
    pub class_name: String,
    pub counselor: String,
    pub headcount: u32,
    /// 1-based part of a class split over several slots; 1 of 1 for a whole class.
    pub part: u32,
    pub parts: u32,
    /// Students of the class (sorted by 学号) before this part; part takes the next
    /// `headcount`. 0 for a whole class.
    pub student_offset: u32,
    pub locked: bool,
}

impl Slot {
    /// Length in minutes.
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }

    /// "班级" or "班级（第1/2场）" for a split class.
    pub fn label(&self) -> String {
        if self.parts > 1 {
            format!("{}（第{}/{}场）", self.class_name, self.part, self.parts)
        } else {
            self.class_name.clone()
        }
    }
}

/// The stored schedule of a campaign: what `rollcall schedule` shows, what the sign-in
/// sheets and the schedule PDF print. Slots sorted by date, campus, venue, start.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Schedule {
    pub campaign_id: CampaignId,
    pub settings: PlanSettings,
    pub slots: Vec<Slot>,
}

/// A class the planner could not place, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Unplaced {
    pub class_name: String,
    pub reason: String,
    pub campus: String,
    pub headcount: u32,
    /// Set when only one part of a split class is missing.
    pub part: u32,
    pub parts: u32,
}

/// A class taking part online, listed so no class disappears from the plan unsaid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct OnlineClass {
    pub class_name: String,
    pub headcount: u32,
    pub reason: String,
}

/// How much capacity a campus lacks, and what would fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Shortfall {
    pub campus: String,
    /// Students of the classes that did not fit.
    pub students: u32,
    /// Minutes of window those classes need at the campus's fastest venue.
    pub minutes: u32,
    /// What would fix it, in words: one more station, or N more minutes.
    pub suggestion: String,
}

/// What the planner returns: the schedule and everything it could not do.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct PlanOutcome {
    pub slots: Vec<Slot>,
    pub unplaced: Vec<Unplaced>,
    pub shortfall: Vec<Shortfall>,
    pub online: Vec<OnlineClass>,
    /// Things the user should know, e.g. a class split into parts.
    pub notes: Vec<String>,
}

/// A problem a schedule check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(rename = "ScheduleProblem")]
pub struct Problem {
    /// `overlap`, `outside_window`, `unknown_venue`, `not_placed`, `placed_twice`,
    /// `not_eligible`, `headcount_changed`, `date_not_allowed`, `online_class_placed`.
    pub code: String,
    pub class_name: String,
    /// The slot concerned, when there is one.
    pub slot_id: Option<i64>,
    pub message: String,
}

/// Result of checking a schedule. `ok` when there are no problems.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ScheduleCheck {
    pub ok: bool,
    pub problems: Vec<Problem>,
}

/// Capacity of one campus: minutes and students, used against available.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CampusCapacity {
    pub campus: String,
    pub available_minutes: u32,
    pub used_minutes: u32,
    /// Students the windows can take at the venues' throughput.
    pub capacity_students: u32,
    pub placed_students: u32,
    /// Eligible students of on-site classes of this campus.
    pub demand_students: u32,
}

/// The stored schedule with its checks and capacity: what the 拍摄安排 page shows.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ScheduleReport {
    pub schedule: Schedule,
    pub check: ScheduleCheck,
    pub capacity: Vec<CampusCapacity>,
    pub online: Vec<OnlineClass>,
    /// How many changes `schedule undo` can take back.
    pub undo_depth: u32,
}

/// A change to a class's settings; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassSettingChange {
    /// `Some(None)` clears the campus override.
    pub campus: Option<Option<String>>,
    pub online: Option<bool>,
    /// `Some(None)` clears the date.
    pub not_before: Option<Option<NaiveDate>>,
    pub add_not_on: Vec<NaiveDate>,
    pub clear_not_on: bool,
}

/// Where to move a slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct MoveRequest {
    pub class_name: String,
    /// Which part of a split class; may be left out for a whole class.
    pub part: Option<u32>,
    /// Venue name, or "校区/场地" when the name is used at several campuses.
    pub venue: String,
    pub date: NaiveDate,
    #[serde(with = "hhmm")]
    #[ts(type = "string")]
    pub start: NaiveTime,
}
