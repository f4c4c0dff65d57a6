//! The demo campaign: the reference notice's 2025 campaign (dates made consistent with
//! the cohort) with a generated roster of realistic students. Same seed, same data.

pub mod sample;

use chrono::{Datelike, NaiveDate, NaiveTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use thiserror::Error;

use crate::campaign::{
    self, queries, CampaignFacts, CampaignId, Fen, Milestone, MilestoneKind, VenueInput,
    WindowInput,
};
use crate::roster::{id_number, Gender, Student, StudentNo, ELIGIBLE_STATUS};
use crate::store::Clock;

/// How big and which demo to make.
#[derive(Debug, Clone, Copy)]
pub struct DemoOptions {
    pub students: u32,
    pub seed: u64,
    /// Keep the notice's dates exactly as published, 2024 slips included, to show what
    /// `campaign check` catches.
    pub as_published: bool,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            students: 2400,
            seed: 2025,
            as_published: false,
        }
    }
}

#[derive(Debug, Error)]
pub enum DemoError {
    #[error("示例学生人数 {0} 不合理，应为 1–200000。")]
    BadSize(u32),
    #[error(transparent)]
    Campaign(#[from] campaign::CampaignError),
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
}

const GRAD_YEAR: i32 = 2025;

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(GRAD_YEAR, m, d).unwrap_or_default()
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
}

/// The reference notice's facts, with its 2024 slips corrected to 2025.
pub fn reference_facts() -> CampaignFacts {
    CampaignFacts {
        name: "2025届毕业生电子照片采集".into(),
        grad_year: GRAD_YEAR,
        office_name: "教务部".into(),
        notice_date: date(4, 10),
        school_code: "12736".into(),
        region_code: "19".into(),
        batch_code: "JF3D34".into(),
        fee_onsite: Fen(1350),
        fee_online: Fen(1500),
        fee_walk_in: Fen(6000),
        agency_name: "新华社中国图片社广东分社".into(),
        agency_address: "广州市越秀区府前路21号205室（地铁公园前站I2出口往右走300米）".into(),
        agency_phone: "020-83398378".into(),
        office_contact: "董老师 0757-88269869".into(),
    }
}

/// The reference notice's timeline (工作安排表).
pub fn reference_milestones() -> Vec<Milestone> {
    let m = |kind, start: Option<NaiveDate>, end, note: &str| Milestone {
        kind,
        start,
        end,
        note: note.into(),
    };
    vec![
        m(MilestoneKind::Payment, Some(date(4, 10)), date(4, 27),
          "通过“新华社广东高校图像集采中心”小程序缴费，采集批次特征码JF3D34；仅限参加线下集采的同学，线下集采13.5元一人"),
        m(MilestoneKind::Onsite, Some(date(4, 28)), date(4, 30),
          "高明校区4月28–29日，学生活动中心舞蹈室；禅城校区4月30日，羽毛球馆；南海校区4月30日上午，6210、6211"),
        m(MilestoneKind::Online, Some(date(5, 6)), date(5, 12),
          "不参加线下集采的学生在五一假期到正规相馆拍摄蓝底证件照并留存电子底版，在规定时间内参照附件4指引完成线上采集，线上集采15元一人"),
        m(MilestoneKind::WalkIn, Some(date(5, 13)), date(9, 30),
          "错过两次集采的学生自行前往图片社或通过散拍小程序完成采集，60元一人"),
        m(MilestoneKind::FinalDeadline, None, date(9, 30),
          "学校向图片社索取9月30日（含）前拍摄的照片；未完成采集者不予制证"),
        m(MilestoneKind::Verification, Some(date(6, 7)), date(11, 9),
          "拍摄40天后登录学信网核对学历照信息"),
    ]
}

/// The timeline as the notice printed it: a 2025届 campaign whose payment, online,
/// walk-in and final dates say 2024 (the on-site days carry no year).
pub fn published_milestones() -> Vec<Milestone> {
    let in_2024 = |d: NaiveDate| d.with_year(2024).unwrap_or(d);
    reference_milestones()
        .into_iter()
        .map(|mut m| {
            if !matches!(m.kind, MilestoneKind::Onsite | MilestoneKind::Verification) {
                m.start = m.start.map(in_2024);
                m.end = in_2024(m.end);
            }
            m
        })
        .collect()
}

/// (campus, venue, stations, windows as (month, day, start, end)).
type VenuePlan = (
    &'static str,
    &'static str,
    u32,
    &'static [(u32, u32, (u32, u32), (u32, u32))],
);

const MORNING: ((u32, u32), (u32, u32)) = ((8, 30), (11, 30));
const AFTERNOON: ((u32, u32), (u32, u32)) = ((14, 0), (17, 0));

const VENUES: &[VenuePlan] = &[
    (
        "高明",
        "学生活动中心舞蹈室",
        2,
        &[
            (4, 28, MORNING.0, MORNING.1),
            (4, 28, AFTERNOON.0, AFTERNOON.1),
            (4, 29, MORNING.0, MORNING.1),
            (4, 29, AFTERNOON.0, AFTERNOON.1),
        ],
    ),
    (
        "禅城",
        "羽毛球馆",
        2,
        &[
            (4, 30, MORNING.0, MORNING.1),
            (4, 30, AFTERNOON.0, AFTERNOON.1),
        ],
    ),
    ("南海", "6210", 1, &[(4, 30, MORNING.0, MORNING.1)]),
    ("南海", "6211", 1, &[(4, 30, MORNING.0, MORNING.1)]),
];

/// Creates the demo campaign in one transaction; returns its id.
pub fn create(
    conn: &mut Connection,
    opts: DemoOptions,
    clock: &Clock,
) -> Result<CampaignId, DemoError> {
    let tx = conn.transaction()?;
    let id = create_in(&tx, opts, Placement::REFERENCE, clock)?;
    tx.commit()?;
    Ok(id)
}

/// Where in time the demo campaign sits: the cohort and how many days every date of the
/// reference notice moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub grad_year: i32,
    pub shift_days: i64,
}

impl Placement {
    /// The notice's own 2025 dates.
    pub const REFERENCE: Placement = Placement {
        grad_year: GRAD_YEAR,
        shift_days: 0,
    };

    /// The cohort graduating next (from October on, next year's) with the notice's dates
    /// moved so that `today` is the last of the three on-site days: 高明's sessions are
    /// over, 禅城 and 南海 run today.
    pub fn around(today: NaiveDate) -> Placement {
        let grad_year = if today.month() >= 10 {
            today.year() + 1
        } else {
            today.year()
        };
        Placement {
            grad_year,
            shift_days: (today - date(4, 30)).num_days(),
        }
    }

    /// `d` moved by the shift.
    pub fn shift(&self, d: NaiveDate) -> NaiveDate {
        d.checked_add_signed(chrono::Duration::days(self.shift_days))
            .unwrap_or(d)
    }
}

/// Creates the demo campaign inside the caller's transaction, placed in time.
pub(crate) fn create_in(
    tx: &rusqlite::Transaction<'_>,
    opts: DemoOptions,
    at: Placement,
    clock: &Clock,
) -> Result<CampaignId, DemoError> {
    if opts.students == 0 || opts.students > 200_000 {
        return Err(DemoError::BadSize(opts.students));
    }
    let mut facts = reference_facts();
    if at != Placement::REFERENCE {
        facts.grad_year = at.grad_year;
        facts.name = format!("{}届毕业生电子照片采集", at.grad_year);
        facts.notice_date = at.shift(facts.notice_date);
    }
    let id = campaign::create(tx, &facts, clock)?;
    let mut campus_ids: Vec<(&str, i64)> = Vec::new();
    for (campus, venue, stations, windows) in VENUES {
        let campus_id = match campus_ids.iter().find(|(c, _)| c == campus) {
            Some((_, cid)) => *cid,
            None => {
                let cid = campaign::add_campus(tx, id, campus)?;
                campus_ids.push((campus, cid));
                cid
            }
        };
        let input = VenueInput {
            name: (*venue).into(),
            stations: *stations,
            throughput_per_hour: campaign::DEFAULT_THROUGHPUT_PER_HOUR,
        };
        let venue_id = campaign::add_venue(tx, id, campus_id, &input)?;
        for (m, d, s, e) in *windows {
            let w = WindowInput {
                date: at.shift(date(*m, *d)),
                start: time(s.0, s.1),
                end: time(e.0, e.1),
            };
            campaign::add_window(tx, id, venue_id, &w)?;
        }
    }
    let milestones = if opts.as_published {
        published_milestones()
    } else {
        reference_milestones()
            .into_iter()
            .map(|mut m| {
                m.start = m.start.map(|d| at.shift(d));
                m.end = at.shift(m.end);
                m
            })
            .collect()
    };
    if opts.as_published {
        let mut facts = facts.clone();
        facts.notice_date = NaiveDate::from_ymd_opt(2024, 4, 10).unwrap_or_default();
        campaign::update_facts(tx, id, &facts)?;
    }
    for m in milestones {
        queries::upsert_milestone(tx, id, &m)?;
    }
    let students = generate_roster_for(opts, facts.grad_year);
    crate::roster::queries::insert_students(tx, id, facts.grad_year, &students)?;
    Ok(id)
}

/// (college, major, campus or "" for an off-campus site, weight).
const MAJORS: &[(&str, &str, &str, u32)] = &[
    ("机电工程学院", "机电一体化技术", "高明", 8),
    ("机电工程学院", "工业机器人技术", "高明", 5),
    ("机电工程学院", "模具设计与制造", "", 2),
    ("信息工程学院", "计算机应用技术", "高明", 8),
    ("信息工程学院", "软件技术", "高明", 6),
    ("信息工程学院", "大数据技术", "高明", 4),
    ("建筑工程学院", "建筑工程技术", "高明", 5),
    ("财经商贸学院", "大数据与会计", "禅城", 8),
    ("财经商贸学院", "电子商务", "禅城", 6),
    ("财经商贸学院", "现代物流管理", "禅城", 4),
    ("艺术设计学院", "环境艺术设计", "禅城", 4),
    ("医药健康学院", "护理", "南海", 6),
    ("医药健康学院", "药学", "南海", 4),
];

const OFF_CAMPUS_SITE: &str = "现代学徒制校外教学点";
const SURNAMES: &[&str] = &[
    "陈", "李", "黄", "张", "梁", "林", "刘", "吴", "罗", "何", "郑", "杨", "谢", "冯", "周", "叶",
    "邓", "麦", "区", "欧阳",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "敏", "静", "丽", "强", "磊", "洋", "婷", "杰", "涛", "明", "超", "秀", "霞", "平",
    "刚", "桂", "华", "嘉", "俊", "颖", "欣", "浩", "宇", "梓", "晴", "子", "思", "雨", "文", "泽",
    "铭", "琳", "诗", "晓", "佳", "家", "志", "锦",
];
const COUNSELORS: &[&str] = &[
    "王老师",
    "陈老师",
    "李老师",
    "黄老师",
    "刘老师",
    "梁老师",
    "何老师",
    "周老师",
];
const REGIONS: &[&str] = &[
    "440604", "440605", "440606", "440607", "440608", "440103", "440106", "441302", "445102",
    "440883",
];

struct ClassPlan {
    major: usize,
    intake: i32,
    size: u32,
}

/// Class sizes of 25–55 adding up to `total` (a small total makes one smaller class).
fn class_sizes(rng: &mut ChaCha8Rng, total: u32) -> Vec<u32> {
    let mut sizes = Vec::new();
    let mut left = total;
    while left > 0 {
        let size = if left <= 55 {
            left
        } else {
            rng.random_range(25..=55).min(left)
        };
        sizes.push(size);
        left -= size;
    }
    // A remainder under 25 is spread over the other classes while they have room.
    if sizes.len() > 1 && sizes.last().is_some_and(|s| *s < 25) {
        let mut rest = sizes.pop().unwrap_or(0);
        for s in sizes.iter_mut() {
            let take = (55 - *s).min(rest);
            *s += take;
            rest -= take;
        }
        if rest > 0 {
            sizes.push(rest);
        }
    }
    sizes
}

fn pick_major(rng: &mut ChaCha8Rng) -> usize {
    let total: u32 = MAJORS.iter().map(|m| m.3).sum();
    let mut x = rng.random_range(0..total);
    for (i, m) in MAJORS.iter().enumerate() {
        if x < m.3 {
            return i;
        }
        x -= m.3;
    }
    0
}

/// Generates the demo roster of the 2025届, deterministic for a seed.
pub fn generate_roster(opts: DemoOptions) -> Vec<Student> {
    generate_roster_for(opts, GRAD_YEAR)
}

/// Generates the demo roster of the cohort graduating in `grad_year` (intake three years
/// before, or two for the two-year programmes), deterministic for a seed.
pub fn generate_roster_for(opts: DemoOptions, grad_year: i32) -> Vec<Student> {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let mut classes: Vec<ClassPlan> = class_sizes(&mut rng, opts.students)
        .into_iter()
        .map(|size| ClassPlan {
            major: pick_major(&mut rng),
            // 2022级三年制 and 2023级两年制 both graduate in 2025.
            intake: if rng.random_range(0..10) < 8 {
                grad_year - 3
            } else {
                grad_year - 2
            },
            size,
        })
        .collect();
    classes.sort_by_key(|c| (c.major, c.intake));
    let mut students = Vec::with_capacity(opts.students as usize);
    let mut class_no = vec![0u32; MAJORS.len() * 2];
    for c in &classes {
        let slot = c.major * 2 + usize::from(c.intake == grad_year - 2);
        class_no[slot] += 1;
        let (college, major, campus, _) = MAJORS[c.major];
        let class_name = format!("{major}{}{:02}班", c.intake % 100, class_no[slot]);
        let counselor = COUNSELORS[rng.random_range(0..COUNSELORS.len())];
        let college_code = MAJORS.iter().position(|m| m.0 == college).unwrap_or(0) + 1;
        for seq in 1..=c.size {
            let student_no = format!(
                "{}{:02}{:02}{:02}{:02}",
                c.intake,
                college_code,
                c.major + 1,
                class_no[slot],
                seq
            );
            students.push(student(
                &mut rng,
                grad_year,
                c,
                student_no,
                college,
                major,
                campus,
                &class_name,
                counselor,
            ));
        }
    }
    students
}

#[allow(clippy::too_many_arguments)]
fn student(
    rng: &mut ChaCha8Rng,
    cohort: i32,
    c: &ClassPlan,
    no: String,
    college: &str,
    major: &str,
    campus: &str,
    class_name: &str,
    counselor: &str,
) -> Student {
    let gender = if rng.random_range(0..2) == 0 {
        Gender::Male
    } else {
        Gender::Female
    };
    let surname = SURNAMES[rng.random_range(0..SURNAMES.len())];
    let given_len = if rng.random_range(0..10) < 7 { 2 } else { 1 };
    let given: String = (0..given_len)
        .map(|_| GIVEN[rng.random_range(0..GIVEN.len())])
        .collect();
    // One in a hundred students is registered at another campus than their class.
    let campus = match (campus, rng.random_range(0..100)) {
        ("", _) => "",
        (_, 0) => ["高明", "禅城", "南海"][rng.random_range(0..3)],
        (c, _) => c,
    };
    let (enrolment_status, grad_year) = match rng.random_range(0..100) {
        0 => ("休学", Some(cohort)),
        1 => ("保留学籍", Some(cohort)),
        2 => (ELIGIBLE_STATUS, Some(cohort + 1)),
        _ => (ELIGIBLE_STATUS, Some(cohort)),
    };
    let duration = cohort - c.intake;
    Student {
        student_no: StudentNo::from_trusted(no),
        name: format!("{surname}{given}"),
        gender: Some(gender),
        id_number: Some(id_for(rng, c.intake, gender)),
        college: college.into(),
        major: major.into(),
        class_name: class_name.into(),
        intake_year: Some(c.intake),
        duration_years: Some(duration),
        level: "专科".into(),
        campus: campus.into(),
        site: if campus.is_empty() {
            OFF_CAMPUS_SITE.into()
        } else {
            String::new()
        },
        enrolment_status: enrolment_status.into(),
        grad_year,
        counselor: counselor.into(),
        phone: format!(
            "1{}{:09}",
            [3, 5, 7, 8, 9][rng.random_range(0..5)],
            rng.random_range(0..1_000_000_000u32)
        ),
    }
}

/// An 18-character ID number with a valid check digit, born 18–20 years before intake.
fn id_for(rng: &mut ChaCha8Rng, intake: i32, gender: Gender) -> String {
    let region = REGIONS[rng.random_range(0..REGIONS.len())];
    let first = NaiveDate::from_ymd_opt(intake - 20, 1, 1).unwrap_or_default();
    let birth = first + chrono::Duration::days(rng.random_range(0..365 * 2));
    let seq = rng.random_range(0..50u32) * 10
        + rng.random_range(0..5u32) * 2
        + u32::from(gender == Gender::Male);
    let first17 = format!(
        "{region}{:04}{:02}{:02}{seq:03}",
        birth.year(),
        birth.month(),
        birth.day()
    );
    let check = id_number::check_char(&first17).unwrap_or('0');
    format!("{first17}{check}")
}

/// True when a database has no campaign yet (the app then offers the demo).
pub fn is_empty(conn: &Connection) -> Result<bool, DemoError> {
    Ok(campaign::list(conn)?.is_empty())
}

/// The reference demo (300 students, seed 7) in an in-memory store, with its detail and
/// options: the campaign the modules above test their documents and texts on.
#[cfg(test)]
pub(crate) fn test_campaign() -> (
    crate::store::Store,
    crate::campaign::CampaignDetail,
    DemoOptions,
) {
    let mut store = crate::store::Store::open_in_memory().unwrap();
    let opts = DemoOptions {
        students: 300,
        seed: 7,
        as_published: false,
    };
    let clock = crate::store::Clock::parse("2025-04-01 09:00:00");
    let id = create(store.conn_mut(), opts, &clock).unwrap();
    let c = campaign::resolve(store.conn(), Some(id)).unwrap();
    let detail = crate::campaign::CampaignDetail::load(store.conn(), c).unwrap();
    (store, detail, opts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::ineligibility;

    #[test]
    fn same_seed_same_roster() {
        let a = generate_roster(DemoOptions {
            students: 300,
            seed: 7,
            ..DemoOptions::default()
        });
        let b = generate_roster(DemoOptions {
            students: 300,
            seed: 7,
            ..DemoOptions::default()
        });
        let c = generate_roster(DemoOptions {
            students: 300,
            seed: 8,
            ..DemoOptions::default()
        });
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 300);
    }

    #[test]
    fn roster_looks_real() {
        let r = generate_roster(DemoOptions::default());
        assert_eq!(r.len(), 2400);
        let mut nos: Vec<_> = r.iter().map(|s| s.student_no.clone()).collect();
        nos.sort();
        nos.dedup();
        assert_eq!(nos.len(), 2400, "student numbers are unique");
        for s in &r {
            let id = s.id_number.as_deref().unwrap();
            let info = id_number::validate(id).unwrap();
            assert_eq!(Some(info.gender), s.gender);
        }
        let mut sizes = std::collections::HashMap::new();
        for s in &r {
            *sizes.entry(&s.class_name).or_insert(0) += 1;
        }
        assert!(sizes.values().all(|n| (25..=55).contains(n)), "{sizes:?}");
        let ineligible = r
            .iter()
            .filter(|s| ineligibility(s, 2025).is_some())
            .count();
        assert!(ineligible > 0 && ineligible < 150, "{ineligible}");
        assert!(r
            .iter()
            .any(|s| s.site == OFF_CAMPUS_SITE && s.campus.is_empty()));
        assert!(r
            .iter()
            .any(|s| s.intake_year == Some(2023) && s.duration_years == Some(2)));
    }

    #[test]
    fn small_rosters_still_add_up() {
        for n in [1, 24, 56, 81, 1000] {
            let r = generate_roster(DemoOptions {
                students: n,
                seed: 1,
                ..DemoOptions::default()
            });
            assert_eq!(r.len(), n as usize);
        }
    }
}
