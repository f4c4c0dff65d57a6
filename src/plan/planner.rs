//! The planner: a pure, deterministic function from [`PlanInput`] to [`PlanOutcome`].
//!
//! Per campus, classes in order (college, major, class name) each take the earliest
//! free place across the campus's venues (ties go to the venue listed first), so
//! parallel venues fill side by side and a college's classes follow one another.
//! Locked slots are cut out of the windows first. A class longer than every window of
//! its campus is split into the fewest parts that fit.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveTime, Timelike};

use super::model::*;
use crate::campaign::Venue;

/// Minutes a class of `headcount` takes at a venue shooting `rate` students an hour,
/// rounded up to `round` minutes (never 0).
pub fn slot_minutes(headcount: u32, rate: u32, round: u32) -> u32 {
    let round = round.max(1);
    let rate = rate.max(1);
    // ceil(headcount·60 / (rate·round)) · round, in integers.
    let units = (u64::from(headcount) * 60).div_ceil(u64::from(rate) * u64::from(round));
    u32::try_from(units.max(1) * u64::from(round)).unwrap_or(u32::MAX)
}

/// Students a venue shoots per hour: stations × throughput.
pub fn venue_rate(v: &Venue) -> u32 {
    v.stations.saturating_mul(v.throughput_per_hour)
}

pub(crate) fn minute_of(t: NaiveTime) -> u32 {
    t.hour() * 60 + t.minute()
}

pub(crate) fn time_of(minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt((minute / 60) % 24, minute % 60, 0).unwrap_or(NaiveTime::MIN)
}

/// A free stretch of a window.
#[derive(Debug, Clone, Copy)]
struct Free {
    date: NaiveDate,
    start: u32,
    end: u32,
}

/// One venue of a campus with what is left of its windows.
#[derive(Debug, Clone)]
struct Lane {
    venue: usize,
    rate: u32,
    free: Vec<Free>,
}

/// One class, or one part of a split class, waiting for a place.
#[derive(Debug, Clone)]
struct Item {
    class: usize,
    headcount: u32,
    part: u32,
    parts: u32,
    offset: u32,
}

/// A place found for an item.
struct Placement {
    item: Item,
    lane: usize,
    date: NaiveDate,
    start: u32,
    end: u32,
}

/// Plans every class of `input` around its locked slots.
pub fn plan(input: &PlanInput) -> PlanOutcome {
    let mut out = PlanOutcome::default();
    let locked = locked_parts(&input.locked);
    let mut order: Vec<usize> = (0..input.classes.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&input.classes[a], &input.classes[b]);
        (&x.college, &x.major, &x.class_name).cmp(&(&y.college, &y.major, &y.class_name))
    });
    let mut by_campus: HashMap<&str, Vec<usize>> = HashMap::new();
    for &i in &order {
        let c = &input.classes[i];
        match &c.campus {
            ClassCampus::Online { reason } => out.online.push(OnlineClass {
                class_name: c.class_name.clone(),
                headcount: c.headcount,
                reason: reason.clone(),
            }),
            ClassCampus::OnSite { .. }
                if locked
                    .get(c.class_name.as_str())
                    .is_some_and(|(parts, done)| done.len() >= *parts as usize) => {}
            ClassCampus::OnSite { campus } => by_campus.entry(campus).or_default().push(i),
        }
    }
    out.slots.extend(input.locked.iter().cloned());
    for campus in campus_order(input, &by_campus) {
        let classes = by_campus.get(campus.as_str()).map_or(&[][..], |v| &v[..]);
        plan_campus(input, &campus, classes, &locked, &mut out);
    }
    sort_slots(input, &mut out.slots);
    out
}

/// Per class with locked slots: how many parts it has and which are locked.
type LockedParts<'a> = HashMap<&'a str, (u32, HashSet<u32>)>;

fn locked_parts(locked: &[Slot]) -> LockedParts<'_> {
    let mut map: LockedParts = HashMap::new();
    for s in locked {
        let e = map
            .entry(&s.class_name)
            .or_insert((s.parts, HashSet::new()));
        e.1.insert(s.part);
    }
    map
}

/// The campaign's campuses in order, then any campus named only by classes (sorted).
fn campus_order(input: &PlanInput, by_campus: &HashMap<&str, Vec<usize>>) -> Vec<String> {
    let mut names = input.campuses.clone();
    let mut extra: Vec<String> = by_campus
        .keys()
        .filter(|k| !names.iter().any(|n| n == *k))
        .map(|k| k.to_string())
        .collect();
    extra.sort();
    names.extend(extra);
    names
}

/// Sorts slots by date, campus (campaign order), venue (campaign order), start.
pub fn sort_slots(input: &PlanInput, slots: &mut [Slot]) {
    let campus_pos: HashMap<&str, usize> = input
        .campuses
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let venue_pos: HashMap<i64, usize> = input
        .venues
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id, i))
        .collect();
    slots.sort_by_key(|s| {
        (
            s.date,
            campus_pos
                .get(s.campus.as_str())
                .copied()
                .unwrap_or(usize::MAX),
            venue_pos.get(&s.venue_id).copied().unwrap_or(usize::MAX),
            s.start,
            s.class_name.clone(),
            s.part,
        )
    });
}

/// The venues of a campus with their windows, minus the time locked slots take.
fn lanes_for(input: &PlanInput, campus: &str) -> Vec<Lane> {
    input
        .venues
        .iter()
        .enumerate()
        .filter(|(_, v)| v.campus == campus)
        .map(|(vi, v)| {
            let mut free: Vec<Free> = input
                .windows
                .iter()
                .filter(|w| w.venue_id == v.id)
                .map(|w| Free {
                    date: w.date,
                    start: minute_of(w.start),
                    end: minute_of(w.end),
                })
                .collect();
            for s in input.locked.iter().filter(|s| s.venue_id == v.id) {
                free = cut(free, s.date, minute_of(s.start), minute_of(s.end));
            }
            free.sort_by_key(|f| (f.date, f.start));
            Lane {
                venue: vi,
                rate: venue_rate(v),
                free,
            }
        })
        .collect()
}

/// Removes [start, end) on `date` from the free stretches.
fn cut(free: Vec<Free>, date: NaiveDate, start: u32, end: u32) -> Vec<Free> {
    let mut out = Vec::with_capacity(free.len() + 1);
    for f in free {
        if f.date != date || end <= f.start || f.end <= start {
            out.push(f);
            continue;
        }
        if f.start < start {
            out.push(Free { end: start, ..f });
        }
        if end < f.end {
            out.push(Free { start: end, ..f });
        }
    }
    out
}

/// Splits a class into the fewest parts that each fit the longest window of the campus;
/// one item when it fits whole (or when there is no window at all).
fn items_for(class: usize, headcount: u32, lanes: &[Lane], round: u32) -> Vec<Item> {
    let fits = |h: u32| {
        lanes.iter().any(|l| {
            let need = slot_minutes(h, l.rate, round);
            l.free.iter().any(|f| f.end - f.start >= need)
        })
    };
    let whole = Item {
        class,
        headcount,
        part: 1,
        parts: 1,
        offset: 0,
    };
    if lanes.iter().all(|l| l.free.is_empty()) || fits(headcount) {
        return vec![whole];
    }
    match (2..=headcount).find(|k| fits(headcount.div_ceil(*k))) {
        Some(parts) => split_even(class, headcount, parts),
        None => vec![whole],
    }
}

/// `parts` items as even as can be, the first ones one larger.
fn split_even(class: usize, headcount: u32, parts: u32) -> Vec<Item> {
    let parts = parts.max(1);
    let (base, extra) = (headcount / parts, headcount % parts);
    let mut offset = 0;
    (1..=parts)
        .map(|part| {
            let h = base + u32::from(part <= extra);
            let item = Item {
                class,
                headcount: h,
                part,
                parts,
                offset,
            };
            offset += h;
            item
        })
        .collect()
}

/// The earliest free place for an item across the lanes: (lane, free index, start).
fn earliest(
    lanes: &[Lane],
    item: &Item,
    class: &ClassDemand,
    round: u32,
) -> Option<(usize, usize)> {
    let mut best: Option<(NaiveDate, u32, usize, usize)> = None;
    for (li, lane) in lanes.iter().enumerate() {
        let need = slot_minutes(item.headcount, lane.rate, round);
        let found = lane
            .free
            .iter()
            .position(|f| f.end - f.start >= need && class.allows(f.date));
        if let Some(fi) = found {
            let f = lane.free[fi];
            if best.is_none_or(|(d, s, _, _)| (f.date, f.start) < (d, s)) {
                best = Some((f.date, f.start, li, fi));
            }
        }
    }
    best.map(|(_, _, li, fi)| (li, fi))
}

/// Places the items in order; returns the placements and the items left over.
fn place_all(
    lanes: &mut [Lane],
    items: Vec<Item>,
    classes: &[ClassDemand],
    round: u32,
) -> (Vec<Placement>, Vec<Item>) {
    let mut placed = Vec::with_capacity(items.len());
    let mut left = Vec::new();
    for item in items {
        let class = &classes[item.class];
        match earliest(lanes, &item, class, round) {
            Some((li, fi)) => {
                let lane = &mut lanes[li];
                let need = slot_minutes(item.headcount, lane.rate, round);
                let f = &mut lane.free[fi];
                let start = f.start;
                f.start += need;
                let date = f.date;
                if f.start >= f.end {
                    lane.free.remove(fi);
                }
                placed.push(Placement {
                    item,
                    lane: li,
                    date,
                    start,
                    end: start + need,
                });
            }
            None => left.push(item),
        }
    }
    (placed, left)
}

fn plan_campus(
    input: &PlanInput,
    campus: &str,
    classes: &[usize],
    locked: &LockedParts,
    out: &mut PlanOutcome,
) {
    let round = input.settings.round_minutes;
    let mut lanes = lanes_for(input, campus);
    let items = campus_items(input, classes, locked, &lanes, Some(&mut out.notes));
    let (placed, left) = place_all(&mut lanes, items, &input.classes, round);
    for p in placed {
        out.slots.push(to_slot(input, &lanes, &p));
    }
    let no_place = lanes.is_empty() || lanes_for(input, campus).iter().all(|l| l.free.is_empty());
    let mut short = Vec::new();
    let unplaced_before = out.unplaced.len();
    for item in left {
        let c = &input.classes[item.class];
        let reason = unplaced_reason(input, campus, c, no_place);
        if reason.1 {
            short.push(item.clone());
        }
        out.unplaced.push(Unplaced {
            class_name: c.class_name.clone(),
            reason: reason.0,
            campus: campus.to_string(),
            headcount: item.headcount,
            part: item.part,
            parts: item.parts,
        });
    }
    if !short.is_empty() {
        let other = out.unplaced.len() - unplaced_before - short.len();
        let ctx = CampusCtx {
            campus,
            classes,
            locked,
        };
        out.shortfall.push(shortfall(input, &ctx, &short, other));
    }
}

/// What the shortfall trials re-plan: the campus's classes and their locked parts.
struct CampusCtx<'a> {
    campus: &'a str,
    classes: &'a [usize],
    locked: &'a LockedParts<'a>,
}

/// The items to place for a campus's classes: whole classes, classes split because
/// they exceed every window (said so in `notes`), and the unlocked parts of classes
/// with locked parts.
fn campus_items(
    input: &PlanInput,
    classes: &[usize],
    locked: &LockedParts,
    lanes: &[Lane],
    mut notes: Option<&mut Vec<String>>,
) -> Vec<Item> {
    let round = input.settings.round_minutes;
    let mut items = Vec::new();
    for &ci in classes {
        let c = &input.classes[ci];
        if let Some((parts, done)) = locked.get(c.class_name.as_str()) {
            // Some parts are locked: plan only the others, split as before.
            let rest = split_even(ci, c.headcount, *parts);
            items.extend(rest.into_iter().filter(|i| !done.contains(&i.part)));
            continue;
        }
        let parts = items_for(ci, c.headcount, lanes, round);
        if let (true, Some(notes)) = (parts.len() > 1, notes.as_deref_mut()) {
            notes.push(format!(
                "班级「{}」共 {} 人，超过{}校区任何一个拍摄时段能拍的人数，已分为 {} 场。",
                c.class_name,
                c.headcount,
                c.campus_name().unwrap_or(""),
                parts.len()
            ));
        }
        items.extend(parts);
    }
    items
}

/// Why an item found no place; true when it is a lack of capacity (counted in shortfall).
fn unplaced_reason(
    input: &PlanInput,
    campus: &str,
    c: &ClassDemand,
    no_place: bool,
) -> (String, bool) {
    if !input.campuses.iter().any(|n| n == campus) {
        return (
            format!("校区「{campus}」不在本任务中：请在班级设置中为该班指定校区，或设为线上采集。"),
            false,
        );
    }
    if no_place {
        return (
            format!("{campus}校区没有场地或拍摄时段：请先在任务设置中添加。"),
            true,
        );
    }
    let venue_ids: HashSet<i64> = input
        .venues
        .iter()
        .filter(|v| v.campus == campus)
        .map(|v| v.id)
        .collect();
    let any_date = input
        .windows
        .iter()
        .any(|w| venue_ids.contains(&w.venue_id) && c.allows(w.date));
    if !any_date {
        return (
            format!("{campus}校区没有该班可以来的拍摄日期（受“不早于/不在”日期限制）。"),
            false,
        );
    }
    (format!("{campus}校区的拍摄时段已排满。"), true)
}

/// How much the campus lacks, and the smallest fix found: one more station at one
/// venue if that is enough, otherwise N more minutes of window.
fn shortfall(input: &PlanInput, ctx: &CampusCtx, short: &[Item], other: usize) -> Shortfall {
    let campus = ctx.campus;
    let round = input.settings.round_minutes;
    let lanes = lanes_for(input, campus);
    let fastest = lanes.iter().max_by_key(|l| l.rate).map(|l| l.rate);
    let students: u32 = short.iter().map(|i| i.headcount).sum();
    let minutes: u32 = match fastest {
        Some(rate) => short
            .iter()
            .map(|i| slot_minutes(i.headcount, rate, round))
            .sum(),
        None => 0,
    };
    let suggestion = match one_more_station(input, ctx, other) {
        Some(venue) => format!("在{campus}校区「{venue}」增加 1 个机位即可全部排下。"),
        None if fastest.is_some() => format!(
            "{campus}校区还需约 {minutes} 分钟拍摄时段：延长或增开时段（或增加机位、场地）。"
        ),
        None => format!("{campus}校区没有场地：请添加场地和拍摄时段。"),
    };
    Shortfall {
        campus: campus.to_string(),
        students,
        minutes,
        suggestion,
    }
}

/// The first venue of the campus where one more station lets every class fit (all but
/// the `other` items that fail for a reason more stations cannot fix).
fn one_more_station(input: &PlanInput, ctx: &CampusCtx, other: usize) -> Option<String> {
    let base = lanes_for(input, ctx.campus);
    for (li, lane) in base.iter().enumerate() {
        let v = &input.venues[lane.venue];
        let mut lanes = base.clone();
        lanes[li].rate = (v.stations + 1).saturating_mul(v.throughput_per_hour);
        let items = campus_items(input, ctx.classes, ctx.locked, &lanes, None);
        let round = input.settings.round_minutes;
        let (_, left) = place_all(&mut lanes, items, &input.classes, round);
        if left.len() <= other {
            return Some(v.name.clone());
        }
    }
    None
}

fn to_slot(input: &PlanInput, lanes: &[Lane], p: &Placement) -> Slot {
    let v = &input.venues[lanes[p.lane].venue];
    let c = &input.classes[p.item.class];
    let arrival = p.start.saturating_sub(input.settings.arrival_minutes);
    Slot {
        id: 0,
        campus: v.campus.clone(),
        venue_id: v.id,
        venue: v.name.clone(),
        date: p.date,
        start: time_of(p.start),
        end: time_of(p.end),
        arrival: time_of(arrival),
        college: c.college.clone(),
        major: c.major.clone(),
        class_name: c.class_name.clone(),
        counselor: c.counselor.clone(),
        headcount: p.item.headcount,
        part: p.item.part,
        parts: p.item.parts,
        student_offset: p.item.offset,
        locked: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_length_rounds_up_to_five_minutes() {
        assert_eq!(slot_minutes(40, 160, 5), 15);
        assert_eq!(slot_minutes(30, 160, 5), 15); // 11.25 → 15
        assert_eq!(slot_minutes(50, 160, 5), 20); // 18.75 → 20
        assert_eq!(slot_minutes(40, 320, 5), 10); // 7.5 → 10
        assert_eq!(slot_minutes(1, 320, 5), 5);
        assert_eq!(slot_minutes(80, 320, 5), 15);
    }

    #[test]
    fn cut_leaves_the_pieces_around_a_locked_slot() {
        let d = NaiveDate::from_ymd_opt(2025, 4, 28).unwrap();
        let free = vec![Free {
            date: d,
            start: 510,
            end: 690,
        }];
        let left = cut(free, d, 540, 560);
        let spans: Vec<_> = left.iter().map(|f| (f.start, f.end)).collect();
        assert_eq!(spans, vec![(510, 540), (560, 690)]);
    }
}
