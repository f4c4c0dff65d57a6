//! Session planning (拍摄安排): turns the eligible roster and the campaign's venues and
//! windows into slots, checks any schedule, and keeps the stored schedule with its
//! hand edits (move, lock, unlock) and their undo history.
//!
//! The planner ([`plan`]) and the checks ([`validate`], [`capacity`]) are pure functions
//! over a [`PlanInput`]; the rest of this module loads that input and stores results.
//! Readers of the schedule (sign-in sheets, the schedule PDF, the UI) call
//! [`load_schedule`].
//!
//! **Invariants:** a planned class is never dropped unsaid (it is a slot, an unplaced
//! entry or an online class); locked slots are never moved by the planner; every change
//! to the stored schedule is one transaction that first saves the previous slots for
//! `undo`.

mod check;
mod export;
mod model;
mod planner;
pub(crate) mod queries;

use std::collections::HashMap;

use chrono::Duration;
use rusqlite::Connection;
use thiserror::Error;

use crate::campaign::{self, CampaignDetail, CampaignError, CampaignId};
use crate::store::Clock;
// Each class's settings (campus, online, dates) are stored with the campaign.
pub use crate::campaign::ClassSetting;
pub use check::{capacity, length_at, validate};
pub use export::{export_xlsx, SHEET_NAME};
pub use model::*;
pub use planner::{plan, slot_minutes, sort_slots, venue_rate};

/// Errors from planning or editing the schedule.
#[derive(Debug, Error)]
pub enum PlanError {
    #[error(transparent)]
    Closed(#[from] crate::campaign::CampaignClosed),
    #[error(transparent)]
    Campaign(#[from] CampaignError),
    #[error("拍摄安排里没有班级「{0}」。请核对班级名称，或先排好拍摄安排。")]
    ClassNotScheduled(String),
    #[error("名单中没有班级「{0}」的符合条件的学生。请检查班级名称。")]
    UnknownClass(String),
    #[error("班级「{class}」分为 {parts} 场，请指明移动第几场（1–{parts}）。")]
    PartNeeded { class: String, parts: u32 },
    #[error("找不到场地「{name}」。可用的场地：{known}。")]
    UnknownVenue { name: String, known: String },
    #[error("场地名「{name}」在多个校区都有，请写成「校区/场地」，如 {example}。")]
    AmbiguousVenue { name: String, example: String },
    #[error("找不到校区「{name}」。本任务的校区：{known}。")]
    UnknownCampus { name: String, known: String },
    #[error("不能这样移动：{0}")]
    MoveRefused(String),
    #[error("没有可以撤销的操作。")]
    NothingToUndo,
    #[error("设置不合理：{0}")]
    BadSetting(String),
    #[error(
        "无法写入文件 {path}：{message}。请检查路径和权限，或关闭正在打开该文件的 Excel/WPS。"
    )]
    Export { path: String, message: String },
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("撤销记录已损坏：{0}")]
    Json(#[from] serde_json::Error),
}

impl PlanError {
    /// True when the user can fix it, false for internal faults.
    pub fn is_user_error(&self) -> bool {
        match self {
            PlanError::Campaign(c) => c.is_user_error(),
            PlanError::Sqlite(_) | PlanError::Json(_) => false,
            _ => true,
        }
    }
}

type Result<T> = std::result::Result<T, PlanError>;

/// The stored schedule of a campaign, slots sorted by date, campus, venue, start.
/// Stable API for the printing module and the UI.
pub fn load_schedule(conn: &Connection, campaign: CampaignId) -> Result<Schedule> {
    let settings = queries::get_settings(conn, campaign)?;
    Ok(Schedule {
        campaign_id: campaign,
        settings,
        slots: queries::list_slots(conn, campaign, settings.arrival_minutes)?,
    })
}

/// Gathers what the planner needs: places and windows, eligible classes with their
/// settings, and the locked slots of the stored schedule.
pub fn load_input(conn: &Connection, campaign: CampaignId) -> Result<PlanInput> {
    let c = campaign::resolve(conn, Some(campaign))?;
    let detail = CampaignDetail::load(conn, c)?;
    let settings = queries::get_settings(conn, campaign)?;
    let class_settings = campaign::queries::list_class_settings(conn, campaign)?;
    let groups = queries::eligible_class_groups(conn, campaign)?;
    let locked = queries::list_slots(conn, campaign, settings.arrival_minutes)?
        .into_iter()
        .filter(|s| s.locked)
        .collect();
    Ok(PlanInput {
        settings,
        campuses: detail.campuses.iter().map(|c| c.name.clone()).collect(),
        venues: detail.venues,
        windows: detail.windows,
        classes: fold_classes(&groups, &class_settings),
        locked,
    })
}

/// The most common value (ties: the smallest), so a few odd rows don't decide.
fn most_common<'a>(counts: &HashMap<&'a str, u32>) -> &'a str {
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or("", |(k, _)| k)
}

#[derive(Default)]
struct Tally<'a> {
    headcount: u32,
    college: HashMap<&'a str, u32>,
    major: HashMap<&'a str, u32>,
    campus: HashMap<&'a str, u32>,
    counselor: HashMap<&'a str, u32>,
}

/// One [`ClassDemand`] per class: its campus is the one most of its students are on,
/// unless the user set one; a class mostly at an off-campus site with no campus set
/// takes part online.
fn fold_classes(groups: &[queries::ClassGroupRow], settings: &[ClassSetting]) -> Vec<ClassDemand> {
    let mut tallies: Vec<(&str, Tally)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for g in groups {
        let i = *index.entry(&g.class_name).or_insert_with(|| {
            tallies.push((&g.class_name, Tally::default()));
            tallies.len() - 1
        });
        let t = &mut tallies[i].1;
        t.headcount += g.count;
        *t.college.entry(&g.college).or_default() += g.count;
        *t.major.entry(&g.major).or_default() += g.count;
        *t.campus.entry(g.campus.trim()).or_default() += g.count;
        *t.counselor.entry(&g.counselor).or_default() += g.count;
    }
    let by_name: HashMap<&str, &ClassSetting> = settings
        .iter()
        .map(|s| (s.class_name.as_str(), s))
        .collect();
    tallies
        .into_iter()
        .map(|(name, t)| {
            let s = by_name.get(name);
            let campus = match s {
                Some(s) if s.online => ClassCampus::Online {
                    reason: "已设为线上采集".into(),
                },
                Some(ClassSetting {
                    campus: Some(c), ..
                }) => ClassCampus::OnSite { campus: c.clone() },
                _ => match most_common(&t.campus) {
                    "" => ClassCampus::Online {
                        reason: format!(
                            "校外教学点的班级，未指定校区：如需现场拍摄，请在班级设置中为「{name}」指定校区"
                        ),
                    },
                    c => ClassCampus::OnSite { campus: c.into() },
                },
            };
            ClassDemand {
                class_name: name.to_string(),
                college: most_common(&t.college).into(),
                major: most_common(&t.major).into(),
                counselor: most_common(&t.counselor).into(),
                headcount: t.headcount,
                campus,
                not_before: s.and_then(|s| s.not_before),
                not_on: s.map(|s| s.not_on.clone()).unwrap_or_default(),
            }
        })
        .collect()
}

/// Plans without saving (a preview).
pub fn preview(conn: &Connection, campaign: CampaignId) -> Result<PlanOutcome> {
    Ok(plan(&load_input(conn, campaign)?))
}

/// Plans around the locked slots and stores the result (replacing every unlocked slot)
/// in one transaction; the previous slots can be restored with [`undo`]. The returned
/// slots carry their stored ids.
pub fn plan_and_save(
    conn: &mut Connection,
    campaign: CampaignId,
    clock: &Clock,
) -> Result<PlanOutcome> {
    let now = &clock.stamp();
    let tx = conn.transaction()?;
    let outcome = plan_and_save_in(&tx, campaign, now)?;
    tx.commit()?;
    Ok(outcome)
}

/// [`plan_and_save`] inside the caller's transaction (the live demo plans the campaign
/// it is creating in the same transaction).
pub(crate) fn plan_and_save_in(
    tx: &Connection,
    campaign: CampaignId,
    now: &str,
) -> Result<PlanOutcome> {
    crate::campaign::ensure_open::<PlanError>(tx, campaign)?;
    let input = load_input(tx, campaign)?;
    let mut outcome = plan(&input);
    snapshot(tx, campaign, "plan", now)?;
    queries::delete_slots(tx, campaign, true)?;
    for s in outcome.slots.iter_mut().filter(|s| !s.locked) {
        s.id = queries::insert_slot(tx, campaign, s)?;
    }
    Ok(outcome)
}

/// Saves the current slots so the next change can be undone.
fn snapshot(conn: &Connection, campaign: CampaignId, action: &str, now: &str) -> Result<()> {
    let settings = queries::get_settings(conn, campaign)?;
    let slots = queries::list_slots(conn, campaign, settings.arrival_minutes)?;
    queries::push_undo(conn, campaign, action, now, &serde_json::to_string(&slots)?)?;
    Ok(())
}

/// The stored schedule with its checks, capacity per campus and the online classes.
pub fn report(conn: &Connection, campaign: CampaignId) -> Result<ScheduleReport> {
    let input = load_input(conn, campaign)?;
    let schedule = load_schedule(conn, campaign)?;
    let online = input
        .classes
        .iter()
        .filter_map(|c| match &c.campus {
            ClassCampus::Online { reason } => Some(OnlineClass {
                class_name: c.class_name.clone(),
                headcount: c.headcount,
                reason: reason.clone(),
            }),
            ClassCampus::OnSite { .. } => None,
        })
        .collect();
    Ok(ScheduleReport {
        check: validate(&input, &schedule.slots),
        capacity: capacity(&input, &schedule.slots),
        online,
        undo_depth: queries::undo_depth(conn, campaign)?,
        schedule,
    })
}

/// Finds the venue named `name` ("场地" or "校区/场地").
fn find_venue<'a>(input: &'a PlanInput, name: &str) -> Result<&'a crate::campaign::Venue> {
    let name = name.trim();
    let (campus, venue) = match name.split_once(['/', '／']) {
        Some((c, v)) => (Some(c.trim()), v.trim()),
        None => (None, name),
    };
    let hits: Vec<_> = input
        .venues
        .iter()
        .filter(|v| v.name == venue && campus.is_none_or(|c| v.campus == c))
        .collect();
    match hits.as_slice() {
        [one] => Ok(one),
        [] => Err(PlanError::UnknownVenue {
            name: name.to_string(),
            known: input
                .venues
                .iter()
                .map(|v| format!("{}/{}", v.campus, v.name))
                .collect::<Vec<_>>()
                .join("、"),
        }),
        [first, ..] => Err(PlanError::AmbiguousVenue {
            name: name.to_string(),
            example: format!("{}/{}", first.campus, first.name),
        }),
    }
}

/// Moves a class (or one part of it) to another venue, date and start. Its length is
/// recomputed for the new venue; the move is refused when it leaves the venue's window,
/// overlaps another slot, or falls on a date the class cannot come. A moved slot is
/// locked so the next plan keeps it.
pub fn move_slot(
    conn: &mut Connection,
    campaign: CampaignId,
    req: &MoveRequest,
    clock: &Clock,
) -> Result<Slot> {
    let now = &clock.stamp();
    crate::campaign::ensure_open::<PlanError>(conn, campaign)?;
    let input = load_input(conn, campaign)?;
    let schedule = load_schedule(conn, campaign)?;
    let mut slot = pick_slot(&schedule.slots, &req.class_name, req.part)?;
    let venue = find_venue(&input, &req.venue)?;
    let minutes = length_at(&input, venue.id, slot.headcount).unwrap_or(0);
    let end = req.start + Duration::minutes(i64::from(minutes));
    if end <= req.start {
        return Err(PlanError::MoveRefused("结束时间跨过了午夜。".into()));
    }
    slot.venue_id = venue.id;
    slot.venue = venue.name.clone();
    slot.campus = venue.campus.clone();
    slot.date = req.date;
    slot.start = req.start;
    slot.end = end;
    slot.arrival = req.start - Duration::minutes(i64::from(schedule.settings.arrival_minutes));
    slot.locked = true;
    refuse_bad_move(&input, &schedule.slots, &slot)?;
    let tx = conn.transaction()?;
    snapshot(&tx, campaign, "move", now)?;
    queries::update_slot_place(&tx, campaign, &slot)?;
    tx.commit()?;
    Ok(slot)
}

fn pick_slot(slots: &[Slot], class: &str, part: Option<u32>) -> Result<Slot> {
    let mine: Vec<&Slot> = slots.iter().filter(|s| s.class_name == class).collect();
    let first = mine
        .first()
        .ok_or_else(|| PlanError::ClassNotScheduled(class.to_string()))?;
    let parts = first.parts;
    let wanted = match part {
        Some(p) => p,
        None if mine.len() == 1 => first.part,
        None => {
            return Err(PlanError::PartNeeded {
                class: class.to_string(),
                parts,
            })
        }
    };
    mine.into_iter()
        .find(|s| s.part == wanted)
        .cloned()
        .ok_or(PlanError::PartNeeded {
            class: class.to_string(),
            parts,
        })
}

/// The checks a single moved slot must pass, as a user message.
fn refuse_bad_move(input: &PlanInput, slots: &[Slot], moved: &Slot) -> Result<()> {
    let inside = input.windows.iter().any(|w| {
        w.venue_id == moved.venue_id
            && w.date == moved.date
            && w.start <= moved.start
            && moved.end <= w.end
    });
    if !inside {
        let windows: Vec<String> = input
            .windows
            .iter()
            .filter(|w| w.venue_id == moved.venue_id)
            .map(|w| {
                format!(
                    "{} {}–{}",
                    w.date,
                    w.start.format("%H:%M"),
                    w.end.format("%H:%M")
                )
            })
            .collect();
        return Err(PlanError::MoveRefused(format!(
            "{} {}–{}（{} 分钟）不在「{}」的拍摄时段内。该场地的时段：{}。",
            moved.date,
            moved.start.format("%H:%M"),
            moved.end.format("%H:%M"),
            moved.minutes(),
            moved.venue,
            if windows.is_empty() {
                "无".to_string()
            } else {
                windows.join("、")
            }
        )));
    }
    let clash = slots.iter().find(|o| {
        o.id != moved.id
            && o.venue_id == moved.venue_id
            && o.date == moved.date
            && o.start < moved.end
            && moved.start < o.end
    });
    if let Some(o) = clash {
        return Err(PlanError::MoveRefused(format!(
            "与「{}」{}–{} 重叠。先把它移开，或换一个时间。",
            o.label(),
            o.start.format("%H:%M"),
            o.end.format("%H:%M")
        )));
    }
    let class = input
        .classes
        .iter()
        .find(|c| c.class_name == moved.class_name);
    if class.is_some_and(|c| !c.allows(moved.date)) {
        return Err(PlanError::MoveRefused(format!(
            "「{}」不能在 {} 拍摄（班级的日期限制，可在班级设置中修改）。",
            moved.class_name, moved.date
        )));
    }
    Ok(())
}

/// Locks or unlocks every slot of a class; returns how many slots changed.
pub fn set_locked(
    conn: &mut Connection,
    campaign: CampaignId,
    class: &str,
    locked: bool,
    clock: &Clock,
) -> Result<usize> {
    let now = &clock.stamp();
    let tx = conn.transaction()?;
    crate::campaign::ensure_open::<PlanError>(&tx, campaign)?;
    snapshot(&tx, campaign, if locked { "lock" } else { "unlock" }, now)?;
    let n = queries::set_class_locked(&tx, campaign, class, locked)?;
    if n == 0 {
        return Err(PlanError::ClassNotScheduled(class.to_string()));
    }
    tx.commit()?;
    Ok(n)
}

/// Restores the slots as they were before the last change (plan, move, lock, unlock);
/// returns the name of the change undone. Slots keep their ids.
pub fn undo(conn: &mut Connection, campaign: CampaignId) -> Result<String> {
    crate::campaign::ensure_open::<PlanError>(conn, campaign)?;
    let (undo_id, action, json) =
        queries::last_undo(conn, campaign)?.ok_or(PlanError::NothingToUndo)?;
    let slots: Vec<Slot> = serde_json::from_str(&json)?;
    let venues: std::collections::HashSet<i64> =
        campaign::CampaignDetail::load(conn, campaign::resolve(conn, Some(campaign))?)?
            .venues
            .iter()
            .map(|v| v.id)
            .collect();
    let tx = conn.transaction()?;
    queries::delete_slots(&tx, campaign, false)?;
    // A slot at a venue deleted since cannot come back; the checks then report its class.
    for s in slots.iter().filter(|s| venues.contains(&s.venue_id)) {
        queries::insert_slot(&tx, campaign, s)?;
    }
    queries::delete_undo(&tx, undo_id)?;
    tx.commit()?;
    Ok(action)
}

/// The campaign's planning settings.
pub fn settings(conn: &Connection, campaign: CampaignId) -> Result<PlanSettings> {
    Ok(queries::get_settings(conn, campaign)?)
}

/// Changes the slot rounding and arrival lead time.
pub fn set_settings(conn: &Connection, campaign: CampaignId, s: &PlanSettings) -> Result<()> {
    crate::campaign::ensure_open::<PlanError>(conn, campaign)?;
    if !(1..=60).contains(&s.round_minutes) {
        return Err(PlanError::BadSetting(format!(
            "时段取整 {} 分钟不合理，应为 1–60。",
            s.round_minutes
        )));
    }
    if s.arrival_minutes > 240 {
        return Err(PlanError::BadSetting(format!(
            "提前到场 {} 分钟不合理，应为 0–240。",
            s.arrival_minutes
        )));
    }
    Ok(queries::set_settings(conn, campaign, s)?)
}

/// Every class's settings the user made.
pub fn class_settings(conn: &Connection, campaign: CampaignId) -> Result<Vec<ClassSetting>> {
    Ok(campaign::queries::list_class_settings(conn, campaign)?)
}

/// Changes one class's settings (campus, online, dates); returns them as stored.
pub fn change_class_setting(
    conn: &Connection,
    campaign: CampaignId,
    class: &str,
    change: &ClassSettingChange,
) -> Result<ClassSetting> {
    crate::campaign::ensure_open::<PlanError>(conn, campaign)?;
    let groups = queries::eligible_class_groups(conn, campaign)?;
    if !groups.iter().any(|g| g.class_name == class) {
        return Err(PlanError::UnknownClass(class.to_string()));
    }
    let detail = CampaignDetail::load(conn, campaign::resolve(conn, Some(campaign))?)?;
    let mut s = campaign::queries::list_class_settings(conn, campaign)?
        .into_iter()
        .find(|s| s.class_name == class)
        .unwrap_or_else(|| ClassSetting {
            class_name: class.to_string(),
            ..ClassSetting::default()
        });
    if let Some(campus) = &change.campus {
        if let Some(c) = campus {
            if !detail.campuses.iter().any(|k| &k.name == c) {
                return Err(PlanError::UnknownCampus {
                    name: c.clone(),
                    known: detail
                        .campuses
                        .iter()
                        .map(|k| k.name.as_str())
                        .collect::<Vec<_>>()
                        .join("、"),
                });
            }
        }
        s.campus = campus.clone();
        if campus.is_some() {
            s.online = false;
        }
    }
    if let Some(online) = change.online {
        s.online = online;
    }
    if let Some(d) = change.not_before {
        s.not_before = d;
    }
    if change.clear_not_on {
        s.not_on.clear();
    }
    for d in &change.add_not_on {
        if !s.not_on.contains(d) {
            s.not_on.push(*d);
        }
    }
    s.not_on.sort();
    campaign::queries::upsert_class_setting(conn, campaign, &s)?;
    Ok(s)
}
