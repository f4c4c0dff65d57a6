//! Checks that hold for any schedule, planned or edited by hand, and capacity per campus.

use std::collections::{HashMap, HashSet};

use super::model::*;
use super::planner::{minute_of, slot_minutes, venue_rate};

fn problem(code: &str, s: Option<&Slot>, class_name: &str, message: String) -> Problem {
    Problem {
        code: code.to_string(),
        class_name: class_name.to_string(),
        slot_id: s.map(|s| s.id),
        message,
    }
}

/// Checks a schedule against the campaign: no two slots overlap at a venue, every slot
/// inside a window of its venue, every eligible on-site class placed exactly once (all
/// its parts, adding up to its head count), no class on a date it cannot come.
pub fn validate(input: &PlanInput, slots: &[Slot]) -> ScheduleCheck {
    let mut problems = Vec::new();
    check_places(input, slots, &mut problems);
    check_overlaps(slots, &mut problems);
    check_classes(input, slots, &mut problems);
    ScheduleCheck {
        ok: problems.is_empty(),
        problems,
    }
}

/// Each slot at a known venue and inside one of its windows.
fn check_places(input: &PlanInput, slots: &[Slot], problems: &mut Vec<Problem>) {
    let venues: HashSet<i64> = input.venues.iter().map(|v| v.id).collect();
    let mut windows: HashMap<(i64, chrono::NaiveDate), Vec<(u32, u32)>> = HashMap::new();
    for w in &input.windows {
        windows
            .entry((w.venue_id, w.date))
            .or_default()
            .push((minute_of(w.start), minute_of(w.end)));
    }
    for s in slots {
        if !venues.contains(&s.venue_id) {
            problems.push(problem(
                "unknown_venue",
                Some(s),
                &s.class_name,
                format!("「{}」排在已删除的场地上，请重新安排。", s.label()),
            ));
            continue;
        }
        let (a, b) = (minute_of(s.start), minute_of(s.end));
        let inside = windows
            .get(&(s.venue_id, s.date))
            .is_some_and(|ws| ws.iter().any(|&(ws, we)| ws <= a && b <= we && a < b));
        if !inside {
            problems.push(problem(
                "outside_window",
                Some(s),
                &s.class_name,
                format!(
                    "「{}」{} {}–{} 不在{}「{}」的拍摄时段内。",
                    s.label(),
                    s.date,
                    s.start.format("%H:%M"),
                    s.end.format("%H:%M"),
                    s.campus,
                    s.venue
                ),
            ));
        }
    }
}

/// No two slots at the same venue share a minute.
fn check_overlaps(slots: &[Slot], problems: &mut Vec<Problem>) {
    let mut order: Vec<&Slot> = slots.iter().collect();
    order.sort_by_key(|s| (s.venue_id, s.date, s.start, s.end));
    // The slot that ends last so far on this venue and day: overlaps are with it.
    let mut last: Option<&Slot> = None;
    for s in order {
        if let Some(p) = last.filter(|p| p.venue_id == s.venue_id && p.date == s.date) {
            if s.start < p.end {
                problems.push(problem(
                    "overlap",
                    Some(s),
                    &s.class_name,
                    format!(
                        "「{}」{} {}–{} 与「{}」{}–{} 在「{}」时间重叠。",
                        s.label(),
                        s.date,
                        s.start.format("%H:%M"),
                        s.end.format("%H:%M"),
                        p.label(),
                        p.start.format("%H:%M"),
                        p.end.format("%H:%M"),
                        s.venue
                    ),
                ));
                if s.end <= p.end {
                    continue;
                }
            }
        }
        last = Some(s);
    }
}

/// Every eligible on-site class placed once (all parts, the right head count), no slot
/// for a class that is not on-site, no class on a date it cannot come.
fn check_classes(input: &PlanInput, slots: &[Slot], problems: &mut Vec<Problem>) {
    let mut by_class: HashMap<&str, Vec<&Slot>> = HashMap::new();
    for s in slots {
        by_class.entry(s.class_name.as_str()).or_default().push(s);
    }
    let classes: HashMap<&str, &ClassDemand> = input
        .classes
        .iter()
        .map(|c| (c.class_name.as_str(), c))
        .collect();
    for c in &input.classes {
        let mine = by_class
            .get(c.class_name.as_str())
            .map_or(&[][..], |v| &v[..]);
        check_class(c, mine, problems);
    }
    let mut strays: Vec<&&str> = by_class
        .keys()
        .filter(|k| !classes.contains_key(**k))
        .collect();
    strays.sort();
    for name in strays {
        let s = by_class[*name][0];
        problems.push(problem(
            "not_eligible",
            Some(s),
            name,
            format!("「{name}」已排但名单中没有符合条件的学生（可能已退出或不符合条件），请删除或重新排。"),
        ));
    }
}

fn check_class(c: &ClassDemand, mine: &[&Slot], problems: &mut Vec<Problem>) {
    let name = c.class_name.as_str();
    if c.campus_name().is_none() {
        if let Some(s) = mine.first() {
            problems.push(problem(
                "online_class_placed",
                Some(s),
                name,
                format!("「{name}」设为线上采集，却排了现场时段。"),
            ));
        }
        return;
    }
    if mine.is_empty() {
        problems.push(problem(
            "not_placed",
            None,
            name,
            format!("「{name}」（{} 人）还没有排入拍摄安排。", c.headcount),
        ));
        return;
    }
    let parts = mine[0].parts;
    let mut seen: HashSet<u32> = HashSet::new();
    for s in mine {
        if s.parts != parts || s.part == 0 || s.part > s.parts || !seen.insert(s.part) {
            problems.push(problem(
                "placed_twice",
                Some(s),
                name,
                format!("「{name}」排了不止一次（或分场编号不一致），每班只能排一次。"),
            ));
        }
        if !c.allows(s.date) {
            problems.push(problem(
                "date_not_allowed",
                Some(s),
                name,
                format!("「{name}」不能在 {} 拍摄（班级的日期限制）。", s.date),
            ));
        }
    }
    if seen.len() < parts as usize {
        problems.push(problem(
            "not_placed",
            None,
            name,
            format!("「{name}」分为 {parts} 场，只排了 {} 场。", seen.len()),
        ));
        // The head count is off because parts are missing: said above already.
        return;
    }
    let placed: u32 = mine.iter().map(|s| s.headcount).sum();
    if placed != c.headcount {
        problems.push(problem(
            "headcount_changed",
            mine.first().copied(),
            name,
            format!(
                "「{name}」现有 {} 名符合条件的学生，安排里是 {placed} 人：请重新排或调整时段长度。",
                c.headcount
            ),
        ));
    }
}

/// Minutes and students per campus: available (windows × throughput) against used.
pub fn capacity(input: &PlanInput, slots: &[Slot]) -> Vec<CampusCapacity> {
    input
        .campuses
        .iter()
        .map(|campus| {
            let venues: Vec<_> = input
                .venues
                .iter()
                .filter(|v| &v.campus == campus)
                .collect();
            let (mut minutes, mut students) = (0u32, 0u32);
            for v in &venues {
                let m: u32 = input
                    .windows
                    .iter()
                    .filter(|w| w.venue_id == v.id)
                    .map(|w| u32::try_from(w.minutes()).unwrap_or(0))
                    .sum();
                minutes += m;
                students += m * venue_rate(v) / 60;
            }
            let mine = slots.iter().filter(|s| &s.campus == campus);
            let (used, placed) = mine.fold((0u32, 0u32), |(m, p), s| {
                (m + u32::try_from(s.minutes()).unwrap_or(0), p + s.headcount)
            });
            let demand = input
                .classes
                .iter()
                .filter(|c| c.campus_name() == Some(campus))
                .map(|c| c.headcount)
                .sum();
            CampusCapacity {
                campus: campus.clone(),
                available_minutes: minutes,
                used_minutes: used,
                capacity_students: students,
                placed_students: placed,
                demand_students: demand,
            }
        })
        .collect()
}

/// The length a class of `headcount` takes at venue `venue_id`, if the venue exists.
pub fn length_at(input: &PlanInput, venue_id: i64, headcount: u32) -> Option<u32> {
    let v = input.venues.iter().find(|v| v.id == venue_id)?;
    Some(slot_minutes(
        headcount,
        venue_rate(v),
        input.settings.round_minutes,
    ))
}
