//! Student progress (进度跟踪): events recorded per student (typed, checked in, imported
//! from the agency's lists), their undo (void), each student's derived status, the counts
//! per campus, college and class, and the reconciliation of agency lists.
//!
//! **Invariants:** status is derived from events + milestones + a given today, never
//! stored or typed; an event is voided, never deleted; every multi-row write is one
//! transaction; re-recording what is already known changes nothing.

pub mod events;
pub(crate) mod queries;
pub mod reconcile;
pub mod status;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use thiserror::Error;

use crate::campaign::{self, CampaignError, CampaignId};
use crate::roster::queries::{each_stored, list_stored, ListFilter, StoredStudent, StudentOrder};
use crate::store::Clock;
use crate::tabular::{ReadOptions, TabularError};
pub use events::{Event, EventId, EventKind, Happening, Mark, Marks, NewEvent, Source};
pub use reconcile::{AgencyRow, ImportReport};
pub use status::{derive, Milestones, ProgressSettings, Route, State, StudentStatus};

/// Errors of the progress module; each message says what to do.
#[derive(Debug, Error)]
pub enum ProgressError {
    #[error(transparent)]
    Closed(#[from] crate::campaign::CampaignClosed),
    #[error("学号 {} 不在本任务的名单中，未记录任何事件。请检查学号，或先导入名单。", .0.join("、"))]
    UnknownStudents(Vec<String>),
    #[error("学号 {0} 不在本任务的名单中。请检查学号。")]
    UnknownStudent(String),
    #[error("请至少给出一个学号。")]
    NoStudents,
    #[error("找不到编号为 {0} 的进度记录，请从该学生的记录中选择。")]
    UnknownEvent(EventId),
    #[error("记录 {0} 已于 {1} 作废，无需再次作废。")]
    AlreadyVoid(EventId, String),
    #[error(
        "名单只能导入 paid（缴费）、photographed（线下已拍摄）、online-approved（线上审核通过）、\
         walk-in-done（散拍完成）、verified（核对通过）、verify-failed（核对有误）\
         或 compare-failed（比对未通过），不能导入「{0}」。"
    )]
    NotImportable(EventKind),
    #[error(
        "文件 {0} 中找不到表头：需要「学号」「身份证号」或「姓名」列（可另有「班级」「日期」）。\
         请检查文件是否是图片社的名单。"
    )]
    NoHeader(String),
    #[error("设置不合理：{0}")]
    BadSetting(String),
    #[error(transparent)]
    Tabular(#[from] TabularError),
    #[error(transparent)]
    Campaign(#[from] CampaignError),
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl ProgressError {
    /// True when the user can fix it, false for internal faults.
    pub fn is_user_error(&self) -> bool {
        match self {
            ProgressError::Campaign(c) => c.is_user_error(),
            ProgressError::Sqlite(_) => false,
            _ => true,
        }
    }
}

type Result<T> = std::result::Result<T, ProgressError>;

/// The campaign's progress settings (defaults when never set).
pub fn settings(conn: &Connection, campaign: CampaignId) -> Result<ProgressSettings> {
    Ok(queries::get_settings(conn, campaign)?)
}

pub fn set_settings(conn: &Connection, campaign: CampaignId, s: &ProgressSettings) -> Result<()> {
    crate::campaign::ensure_open::<ProgressError>(conn, campaign)?;
    if !(1..=365).contains(&s.verification_days) {
        return Err(ProgressError::BadSetting(format!(
            "学历照核对天数 {} 应为 1–365（通知为 40 天）。",
            s.verification_days
        )));
    }
    if s.warn_days > 60 || s.walk_in_warn_days > 180 {
        return Err(ProgressError::BadSetting(
            "提前提醒天数应为 0–60（缴费、线上）和 0–180（散拍）。".into(),
        ));
    }
    Ok(queries::put_settings(conn, campaign, s)?)
}

// ---------------------------------------------------------------------------------------
// Recording and voiding

/// One event written.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(rename = "RecordedEvent")]
pub struct Recorded {
    pub id: EventId,
    pub student_no: String,
    pub name: String,
}

/// A student skipped, with why.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(rename = "SkippedStudent")]
pub struct Skipped {
    pub student_no: String,
    pub name: String,
    pub reason: String,
}

/// What recording an event for many students did.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RecordReport {
    pub kind: EventKind,
    pub date: NaiveDate,
    pub recorded: Vec<Recorded>,
    /// Already known (e.g. paid twice): nothing written.
    pub duplicates: Vec<Skipped>,
    /// Contradicts what is known (e.g. photographed on site but approved online).
    pub conflicts: Vec<Skipped>,
}

fn all_students(conn: &Connection, campaign: CampaignId) -> Result<Vec<StoredStudent>> {
    let filter = ListFilter {
        include_withdrawn: true,
        ..ListFilter::default()
    };
    Ok(list_stored(conn, campaign, &filter)?)
}

/// Active (not void) events by student id.
fn marks(conn: &Connection, campaign: CampaignId) -> Result<Marks> {
    Ok(queries::active_marks(conn, campaign)?)
}

/// Records `event` for every student in `student_nos`, in one transaction. Refuses all
/// when any 学号 is unknown; skips (and reports) duplicates and conflicts.
pub fn record(
    conn: &mut Connection,
    campaign: CampaignId,
    student_nos: &[String],
    event: &NewEvent,
    clock: &Clock,
) -> Result<RecordReport> {
    let now = &clock.stamp();
    if student_nos.is_empty() {
        return Err(ProgressError::NoStudents);
    }
    let tx = conn.transaction()?;
    crate::campaign::ensure_open::<ProgressError>(&tx, campaign)?;
    let students = all_students(&tx, campaign)?;
    let by_no: HashMap<&str, &StoredStudent> = students
        .iter()
        .map(|s| (s.student.student_no.as_str(), s))
        .collect();
    let unknown: Vec<String> = student_nos
        .iter()
        .filter(|n| !by_no.contains_key(n.trim()))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Err(ProgressError::UnknownStudents(unknown));
    }
    let marks = marks(&tx, campaign)?;
    let mut report = RecordReport {
        kind: event.kind,
        date: event.date,
        recorded: Vec::new(),
        duplicates: Vec::new(),
        conflicts: Vec::new(),
    };
    {
        let mut writer = queries::EventWriter::new(&tx, campaign)?;
        let mut done = HashSet::new();
        for no in student_nos {
            let Some(s) = by_no.get(no.trim()) else {
                continue;
            };
            let skipped = |reason: String| Skipped {
                student_no: s.student.student_no.to_string(),
                name: s.student.name.clone(),
                reason,
            };
            let theirs = marks.of(s.id);
            if !done.insert(s.id) || events::already_recorded(theirs.iter(), event.kind) {
                report
                    .duplicates
                    .push(skipped(format!("已记录「{}」", event.kind.label())));
                continue;
            }
            if let Some(why) = events::conflict(theirs.iter(), event.kind) {
                report.conflicts.push(skipped(why));
                continue;
            }
            let id = writer.insert(s.id, event, now)?;
            report.recorded.push(Recorded {
                id,
                student_no: s.student.student_no.to_string(),
                name: s.student.name.clone(),
            });
        }
    }
    tx.commit()?;
    Ok(report)
}

/// Marks an event void (the mistake stays visible in the history); returns it as now.
pub fn void(
    conn: &Connection,
    campaign: CampaignId,
    id: EventId,
    reason: &str,
    clock: &Clock,
) -> Result<Event> {
    let now = &clock.stamp();
    crate::campaign::ensure_open::<ProgressError>(conn, campaign)?;
    let e = queries::get_event(conn, campaign, id)?.ok_or(ProgressError::UnknownEvent(id))?;
    if let Some(at) = e.voided_at {
        return Err(ProgressError::AlreadyVoid(id, at));
    }
    queries::void_event(conn, campaign, id, reason.trim(), now)?;
    queries::get_event(conn, campaign, id)?.ok_or(ProgressError::UnknownEvent(id))
}

/// The campaign's events (one student's when `student_no` is given), void ones included
/// when asked.
pub fn list_events(
    conn: &Connection,
    campaign: CampaignId,
    student_no: Option<&str>,
    include_void: bool,
) -> Result<Vec<Event>> {
    let student_id = match student_no {
        None => None,
        Some(no) => Some(
            all_students(conn, campaign)?
                .into_iter()
                .find(|s| s.student.student_no.as_str() == no.trim())
                .map(|s| s.id)
                .ok_or_else(|| ProgressError::UnknownStudent(no.to_string()))?,
        ),
    };
    Ok(queries::list_events(
        conn,
        campaign,
        student_id,
        include_void,
    )?)
}

// ---------------------------------------------------------------------------------------
// Agency lists

/// How to import an agency list.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub kind: EventKind,
    /// Show what would happen, write nothing.
    pub dry_run: bool,
    /// The date for rows without a date column (usually today).
    pub default_date: NaiveDate,
    /// Who ran the import ('' when unknown).
    pub recorded_by: String,
    pub sheet: Option<String>,
}

/// Reads an agency file and reconciles it (see [`import_rows`]).
pub fn import_file(
    conn: &mut Connection,
    campaign: CampaignId,
    path: &Path,
    opts: &ImportOptions,
    clock: &Clock,
) -> Result<ImportReport> {
    if !opts.kind.importable() {
        return Err(ProgressError::NotImportable(opts.kind));
    }
    campaign::resolve(conn, Some(campaign))?;
    let tx = conn.transaction()?;
    let read_options = ReadOptions {
        sheet: opts.sheet.clone(),
    };
    // The file is read while the roster and its events are loaded: neither needs the
    // other, and together they are half of the import of a list.
    let (sheet, known) = std::thread::scope(|s| {
        let reading = s.spawn(|| reconcile::read_file(path, &read_options));
        let known = Known::load(&tx, campaign, opts.dry_run);
        let sheet = reading
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (sheet, known)
    });
    let sheet = sheet?;
    let mut report = record_rows(tx, &known?, &sheet.file, &sheet.rows, opts, clock)?;
    report.status_columns = sheet.status_columns();
    report.sheet = sheet.sheet;
    report.header_row = sheet.header_row;
    Ok(report)
}

/// Matches `rows` to the roster and records an event per matched row (a refund per
/// refunded row of a payment list), in one transaction (nothing in a dry run).
pub fn import_rows(
    conn: &mut Connection,
    campaign: CampaignId,
    file: &str,
    rows: &[AgencyRow],
    opts: &ImportOptions,
    clock: &Clock,
) -> Result<ImportReport> {
    if !opts.kind.importable() {
        return Err(ProgressError::NotImportable(opts.kind));
    }
    campaign::resolve(conn, Some(campaign))?;
    let tx = conn.transaction()?;
    let known = Known::load(&tx, campaign, opts.dry_run)?;
    record_rows(tx, &known, file, rows, opts, clock)
}

/// What a list is matched against: the campaign's students and their active events.
struct Known {
    campaign: CampaignId,
    students: Vec<reconcile::StudentRef>,
    on_record: reconcile::OnRecord,
}

impl Known {
    /// Read in the import's transaction; refused when the campaign is closed (a dry run
    /// may look at a closed campaign).
    fn load(conn: &Connection, campaign: CampaignId, dry_run: bool) -> Result<Known> {
        if !dry_run {
            crate::campaign::ensure_open::<ProgressError>(conn, campaign)?;
        }
        let students = crate::roster::queries::match_keys(conn, campaign)?
            .into_iter()
            .map(
                |(id, student_no, name, class_name, id_number)| reconcile::StudentRef {
                    id,
                    student_no,
                    name,
                    class_name,
                    id_number: id_number.map(|n| n.to_ascii_uppercase()),
                },
            )
            .collect();
        Ok(Known {
            campaign,
            students,
            on_record: reconcile::OnRecord {
                marks: marks(conn, campaign)?,
                verdicts: queries::verdict_origins(conn, campaign)?,
            },
        })
    }
}

/// Plans `rows` against what is known and writes the events in `tx`.
fn record_rows(
    tx: rusqlite::Transaction,
    known: &Known,
    file: &str,
    rows: &[AgencyRow],
    opts: &ImportOptions,
    clock: &Clock,
) -> Result<ImportReport> {
    let now = &clock.stamp();
    let input = reconcile::ImportPlanInput {
        kind: opts.kind,
        file,
        default_date: opts.default_date,
        recorded_by: &opts.recorded_by,
    };
    let (mut report, writes) = reconcile::plan(&input, rows, &known.students, &known.on_record);
    report.dry_run = opts.dry_run;
    if !opts.dry_run {
        {
            let mut writer = queries::EventWriter::new(&tx, known.campaign)?;
            for (student_id, e) in &writes {
                writer.insert(*student_id, e, now)?;
            }
        }
        tx.commit()?;
        report.recorded = writes.len();
    }
    Ok(report)
}

// ---------------------------------------------------------------------------------------
// Status of every student

/// One student with their derived status.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct StudentProgress {
    pub student_no: String,
    pub name: String,
    pub class_name: String,
    pub college: String,
    /// The roster's campus, else the off-campus site.
    pub campus: String,
    pub counselor: String,
    pub route: Route,
    #[serde(flatten)]
    pub status: StudentStatus,
}

/// Head counts by state among eligible students.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Counts {
    pub eligible: i64,
    pub done: i64,
    pub pending: i64,
    pub at_risk: i64,
    pub excluded: i64,
}

impl Counts {
    fn add(&mut self, state: State) {
        self.eligible += 1;
        match state {
            State::Done => self.done += 1,
            State::Pending => self.pending += 1,
            State::AtRisk => self.at_risk += 1,
            State::Excluded => self.excluded += 1,
        }
    }
}

/// Counts of one campus, college or class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct GroupCounts {
    pub name: String,
    #[serde(flatten)]
    pub counts: Counts,
}

/// Counts overall and per campus, college and class (each group sorted by name).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ProgressCounts {
    pub overall: Counts,
    pub campuses: Vec<GroupCounts>,
    pub colleges: Vec<GroupCounts>,
    pub classes: Vec<GroupCounts>,
}

/// Which students to list; `None` does not filter.
#[derive(Debug, Clone, Default)]
pub struct ProgressFilter {
    pub class_name: Option<String>,
    pub campus: Option<String>,
    pub college: Option<String>,
    pub state: Option<State>,
}

/// The progress page: counts of everyone eligible, and the students the filter keeps,
/// at risk first, then by next deadline, class and 学号.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ProgressReport {
    pub today: NaiveDate,
    pub settings: ProgressSettings,
    pub milestones: Milestones,
    pub counts: ProgressCounts,
    pub students: Vec<StudentProgress>,
}

/// What deriving any student's status needs besides the student: the campaign's
/// progress settings, milestones, online classes and every student's active events.
/// Loaded once; callers that read students their own way (printing never loads the ID
/// number) derive with [`StatusBasis::status`] and get the same answer as [`statuses`].
#[derive(Debug, Clone)]
pub struct StatusBasis {
    pub settings: ProgressSettings,
    pub milestones: Milestones,
    online: HashSet<String>,
    marks: Marks,
}

impl StatusBasis {
    pub fn load(conn: &Connection, campaign: CampaignId) -> Result<StatusBasis> {
        Ok(StatusBasis {
            settings: queries::get_settings(conn, campaign)?,
            milestones: Milestones::from_list(&campaign::queries::list_milestones(conn, campaign)?),
            online: campaign::queries::list_class_settings(conn, campaign)?
                .into_iter()
                .filter(|c| c.online)
                .map(|c| c.class_name)
                .collect(),
            marks: marks(conn, campaign)?,
        })
    }

    /// The route of a student of `class_name`: online when the class is set online.
    pub fn route(&self, class_name: &str) -> Route {
        if self.online.contains(class_name) {
            Route::Online
        } else {
            Route::Onsite
        }
    }

    /// A stored student's progress as of `today`, as [`statuses`] lists it.
    pub fn progress_of(&self, s: StoredStudent, today: NaiveDate) -> StudentProgress {
        let route = self.route(&s.student.class_name);
        let status = self.status(s.id, &s.student.class_name, today);
        let st = s.student;
        StudentProgress {
            student_no: st.student_no.to_string(),
            name: st.name,
            campus: if st.campus.is_empty() {
                st.site
            } else {
                st.campus
            },
            class_name: st.class_name,
            college: st.college,
            counselor: st.counselor,
            route,
            status,
        }
    }

    /// The active events of the student stored with row id `student_id`, by date.
    pub fn events_of(&self, student_id: i64) -> &[Mark] {
        self.marks.of(student_id)
    }

    /// The status as of `today` of the student stored with row id `student_id`.
    pub fn status(&self, student_id: i64, class_name: &str, today: NaiveDate) -> StudentStatus {
        derive(
            self.marks.of(student_id),
            self.route(class_name),
            &self.milestones,
            today,
            &self.settings,
        )
    }
}

/// Every eligible, not withdrawn student's status as of `today`, by 学号. The roster is
/// read a student at a time; only the statuses are kept.
pub fn statuses(
    conn: &Connection,
    campaign: CampaignId,
    today: NaiveDate,
) -> Result<(ProgressSettings, Milestones, Vec<StudentProgress>)> {
    let basis = StatusBasis::load(conn, campaign)?;
    let mut out = Vec::new();
    each_stored(conn, campaign, StudentOrder::StudentNo, |s| {
        if s.ineligible_reason.is_none() && s.withdrawn_at.is_none() {
            out.push(basis.progress_of(s, today));
        }
        Ok::<(), ProgressError>(())
    })?;
    Ok((basis.settings, basis.milestones, out))
}

/// Counts overall and per campus, college and class.
pub fn count(students: &[StudentProgress]) -> ProgressCounts {
    let mut tally = Tally::default();
    for s in students {
        tally.add(s.status.state, &s.campus, &s.college, &s.class_name);
    }
    tally.finish()
}

/// Head counts as students are added one by one.
#[derive(Default)]
struct Tally {
    overall: Counts,
    campuses: BTreeMap<String, Counts>,
    colleges: BTreeMap<String, Counts>,
    classes: BTreeMap<String, Counts>,
}

impl Tally {
    fn add(&mut self, state: State, campus: &str, college: &str, class_name: &str) {
        self.overall.add(state);
        for (groups, name) in [
            (&mut self.campuses, campus),
            (&mut self.colleges, college),
            (&mut self.classes, class_name),
        ] {
            // A group's name is allocated once, not once per student.
            match groups.get_mut(name) {
                Some(c) => c.add(state),
                None => groups.entry(name.to_string()).or_default().add(state),
            }
        }
    }

    fn finish(self) -> ProgressCounts {
        let list = |m: BTreeMap<String, Counts>| {
            m.into_iter()
                .map(|(name, counts)| GroupCounts { name, counts })
                .collect()
        };
        ProgressCounts {
            overall: self.overall,
            campuses: list(self.campuses),
            colleges: list(self.colleges),
            classes: list(self.classes),
        }
    }
}

/// The counts as of `today` (what `rollcall status` and the overview add): the same
/// figures as [`count`] of [`statuses`], from each student's groups and state only, since
/// the overview asks for them at every start.
pub fn counts(conn: &Connection, campaign: CampaignId, today: NaiveDate) -> Result<ProgressCounts> {
    let basis = StatusBasis::load(conn, campaign)?;
    let mut tally = Tally::default();
    crate::roster::queries::each_group_key(conn, campaign, |k| {
        let state = basis.status(k.id, k.class_name, today).state;
        tally.add(state, k.campus, k.college, k.class_name);
        Ok::<(), ProgressError>(())
    })?;
    Ok(tally.finish())
}

/// The progress page as of `today`.
pub fn report(
    conn: &Connection,
    campaign: CampaignId,
    today: NaiveDate,
    filter: &ProgressFilter,
) -> Result<ProgressReport> {
    let (settings, milestones, all) = statuses(conn, campaign, today)?;
    let counts = count(&all);
    let keep = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
    let mut students: Vec<StudentProgress> = all
        .into_iter()
        .filter(|s| {
            keep(&filter.class_name, &s.class_name)
                && keep(&filter.campus, &s.campus)
                && keep(&filter.college, &s.college)
                && filter.state.is_none_or(|st| st == s.status.state)
        })
        .collect();
    students.sort_by(|a, b| {
        let key = |s: &StudentProgress| {
            let rank = State::ALL.iter().position(|x| *x == s.status.state);
            let due = s.status.next_deadline.map(|d| d.date);
            (rank, due.is_none(), due)
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.class_name.cmp(&b.class_name))
            .then_with(|| a.student_no.cmp(&b.student_no))
    });
    Ok(ProgressReport {
        today,
        settings,
        milestones,
        counts,
        students,
    })
}
