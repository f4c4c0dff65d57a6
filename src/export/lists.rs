//! The two lists as rows: `final` (制证名单, every eligible student whose photo is done)
//! and `excluded` (不予制证名单, every eligible student without one), as of a day, plus
//! the head counts that say who is in neither (withdrawn, ineligible).
//!
//! **Invariant:** the status of a student is progress's (`progress::statuses`), never
//! re-derived here; this file only reads events to say *how* (method, verification date)
//! or *why not* (the excluded reason), so final + excluded = eligible, always.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::ExportError;
use crate::campaign::Campaign;
use crate::progress::events::PhotoState;
use crate::progress::{EventKind, Mark, Route, State, StatusBasis, StudentStatus};
use crate::roster::queries::{each_stored, StoredStudent, StudentOrder};

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// 制证名单: photo done.
    Final,
    /// 不予制证名单: no photo (at the final deadline, or as of the preview day).
    Excluded,
}

impl ListKind {
    pub const ALL: [ListKind; 2] = [ListKind::Final, ListKind::Excluded];

    /// The identifier stored in the database and used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Final => "final",
            ListKind::Excluded => "excluded",
        }
    }

    /// The office's name for it; also the sheet name.
    pub fn label(self) -> &'static str {
        match self {
            ListKind::Final => "制证名单",
            ListKind::Excluded => "不予制证名单",
        }
    }

    pub fn parse(text: &str) -> Option<ListKind> {
        ListKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text.trim() || k.label() == text.trim())
    }
}

/// How the counting photo was taken (采集方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Onsite,
    Online,
    WalkIn,
}

impl Method {
    pub fn label(self) -> &'static str {
        match self {
            Method::Onsite => "线下集采",
            Method::Online => "线上集采",
            Method::WalkIn => "散拍",
        }
    }

    fn of(kind: EventKind) -> Option<Method> {
        match kind {
            EventKind::Photographed => Some(Method::Onsite),
            EventKind::OnlineApproved => Some(Method::Online),
            EventKind::WalkInDone => Some(Method::WalkIn),
            _ => None,
        }
    }
}

/// Why a student has no photo, from what they did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExcludedReason {
    /// Nothing recorded: never paid, never submitted, no walk-in.
    NeverPaid,
    /// Paid or checked in (or their class was online) but photographed nowhere.
    MissedOnsiteAndOnline,
    /// Submitted a photo that was never approved.
    NotApproved,
    /// The photo failed verification (核对有误 / 比对未通过) and was not taken again and
    /// checked.
    PhotoFailed,
}

impl ExcludedReason {
    pub fn label(self) -> &'static str {
        match self {
            ExcludedReason::NeverPaid => "未缴费，未参加任何采集",
            ExcludedReason::MissedOnsiteAndOnline => "错过线下与线上集采，未完成散拍",
            ExcludedReason::NotApproved => "照片已提交但未审核通过",
            ExcludedReason::PhotoFailed => "学历照核对有误或人像比对未通过，未重新拍摄并核对",
        }
    }

    /// From the student's active events up to the day (and their route).
    fn of(events: &[&Mark], route: Route) -> ExcludedReason {
        let has = |k: EventKind| events.iter().any(|e| e.kind == k);
        if events.iter().any(|e| e.kind.is_failure()) {
            ExcludedReason::PhotoFailed
        } else if has(EventKind::OnlineSubmitted) {
            ExcludedReason::NotApproved
        } else if has(EventKind::Paid) || has(EventKind::CheckedIn) || route == Route::Online {
            ExcludedReason::MissedOnsiteAndOnline
        } else {
            ExcludedReason::NeverPaid
        }
    }
}

/// One student on either list, with every field any column can show. The ID number is
/// in full: files for certificate production need it; screens mask it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    pub student_no: String,
    pub name: String,
    pub gender: String,
    pub id_number: String,
    pub college: String,
    pub major: String,
    pub class_name: String,
    pub level: String,
    /// 学制 as the office writes it (三年制).
    pub duration: String,
    pub school_code: String,
    pub campus: String,
    pub counselor: String,
    /// Final list: how and when the photo was taken, when it was verified.
    pub method: Option<Method>,
    pub done_date: Option<NaiveDate>,
    pub verified: Option<NaiveDate>,
    /// Excluded list: why.
    pub reason: Option<ExcludedReason>,
    /// Progress's own words on the student's state.
    pub detail: String,
    pub state: State,
}

/// Who is on which list, and who on neither. `final + excluded + withdrawn + ineligible
/// = roster`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(rename = "ExportSummary")]
pub struct Summary {
    pub roster: i64,
    pub eligible: i64,
    #[serde(rename = "final")]
    pub final_count: i64,
    pub excluded: i64,
    pub withdrawn: i64,
    pub ineligible: i64,
}

impl Summary {
    /// The summary line under a list's title.
    pub fn line(&self) -> String {
        format!(
            "名单共 {} 人：符合采集条件 {} 人（制证 {} 人，不予制证 {} 人）；\
             已退出 {} 人、不符合采集条件 {} 人不列入任何名单。",
            self.roster,
            self.eligible,
            self.final_count,
            self.excluded,
            self.withdrawn,
            self.ineligible
        )
    }

    pub fn count(&self, list: ListKind) -> i64 {
        match list {
            ListKind::Final => self.final_count,
            ListKind::Excluded => self.excluded,
        }
    }
}

/// Both lists as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lists {
    pub as_of: NaiveDate,
    pub summary: Summary,
    pub final_rows: Vec<ListRow>,
    pub excluded_rows: Vec<ListRow>,
}

impl Lists {
    pub fn rows(&self, list: ListKind) -> &[ListRow] {
        match list {
            ListKind::Final => &self.final_rows,
            ListKind::Excluded => &self.excluded_rows,
        }
    }
}

/// 三年制 for 3; the office's usual words up to five years.
fn duration_text(years: Option<i32>) -> String {
    const WORDS: [&str; 6] = ["", "一", "两", "三", "四", "五"];
    match years {
        Some(y) if (1..=5).contains(&y) => format!("{}年制", WORDS[y as usize]),
        Some(y) => format!("{y}年制"),
        None => String::new(),
    }
}

/// What progress says of one student, as the lists use it.
struct Standing {
    status: StudentStatus,
    route: Route,
}

fn base_row(s: StoredStudent, p: &Standing, school_code: &str) -> ListRow {
    let st = s.student;
    // The roster's campus, else the off-campus site (as progress shows it).
    let campus = if st.campus.is_empty() {
        st.site
    } else {
        st.campus
    };
    ListRow {
        student_no: st.student_no.to_string(),
        name: st.name,
        gender: st
            .gender
            .map(|g| g.as_str().to_string())
            .unwrap_or_default(),
        id_number: st.id_number.unwrap_or_default(),
        college: st.college,
        major: st.major,
        class_name: st.class_name,
        level: st.level,
        duration: duration_text(st.duration_years),
        school_code: school_code.to_string(),
        campus,
        counselor: st.counselor,
        method: None,
        done_date: None,
        verified: None,
        reason: None,
        detail: p.status.reason.clone(),
        state: p.status.state,
    }
}

/// Fills in how (final) or why not (excluded) from the student's events up to `as_of`.
fn complete(row: &mut ListRow, p: &Standing, events: &[&Mark]) {
    if p.status.state == State::Done {
        // The photo that counts, as progress decides (`photo_date`): the earliest, or
        // after a failed check the re-shoot.
        let photos = PhotoState::of(events.iter().copied());
        row.done_date = p.status.photo_date;
        row.method = photos.photo.and_then(|e| Method::of(e.kind));
        row.verified = photos.verified.map(|e| e.date);
    } else {
        row.reason = Some(ExcludedReason::of(events, p.route));
    }
}

/// Sorts by college, class, 学号: the order counselors and the office read lists in.
fn sort(rows: &mut [ListRow]) {
    rows.sort_by(|a, b| {
        (&a.college, &a.class_name, &a.student_no).cmp(&(&b.college, &b.class_name, &b.student_no))
    });
}

/// One pass over the roster in list order (college, class, 学号: SQLite's binary order is
/// Rust's string order), counting everyone into the summary and calling `each` with the
/// row of every student on one of the lists `rows`. A student at a time: the roster is
/// never held whole.
fn each_row(
    conn: &Connection,
    campaign: &Campaign,
    as_of: NaiveDate,
    basis: &StatusBasis,
    rows: &[ListKind],
    mut each: impl FnMut(ListKind, ListRow) -> Result<(), ExportError>,
) -> Result<Summary, ExportError> {
    let mut summary = Summary::default();
    each_stored(conn, campaign.id, StudentOrder::CollegeClass, |s| {
        summary.roster += 1;
        if s.withdrawn_at.is_some() {
            summary.withdrawn += 1;
            return Ok(());
        }
        // Not eligible: progress lists only eligible, not withdrawn students.
        if s.ineligible_reason.is_some() {
            summary.ineligible += 1;
            return Ok(());
        }
        let class_name = &s.student.class_name;
        let p = Standing {
            status: basis.status(s.id, class_name, as_of),
            route: basis.route(class_name),
        };
        let kind = if p.status.state == State::Done {
            summary.final_count += 1;
            ListKind::Final
        } else {
            summary.excluded += 1;
            ListKind::Excluded
        };
        if !rows.contains(&kind) {
            return Ok(());
        }
        let theirs: Vec<&Mark> = basis
            .events_of(s.id)
            .iter()
            .filter(|e| e.date <= as_of)
            .collect();
        let mut row = base_row(s, &p, &campaign.facts.school_code);
        complete(&mut row, &p, &theirs);
        each(kind, row)
    })?;
    summary.eligible = summary.final_count + summary.excluded;
    Ok(summary)
}

/// Builds both lists as of `as_of` from the roster and progress.
pub fn build(
    conn: &Connection,
    campaign: &Campaign,
    as_of: NaiveDate,
) -> Result<Lists, ExportError> {
    let basis = StatusBasis::load(conn, campaign.id)?;
    let mut out = Lists {
        as_of,
        summary: Summary::default(),
        final_rows: Vec::new(),
        excluded_rows: Vec::new(),
    };
    out.summary = each_row(
        conn,
        campaign,
        as_of,
        &basis,
        &ListKind::ALL,
        |kind, row| {
            match kind {
                ListKind::Final => out.final_rows.push(row),
                ListKind::Excluded => out.excluded_rows.push(row),
            }
            Ok(())
        },
    )?;
    // Already in this order from SQLite; sorted again so the order never rests on it.
    sort(&mut out.final_rows);
    sort(&mut out.excluded_rows);
    Ok(out)
}

/// Writes one list as of `as_of` a row at a time, without building it: `begin` gets the
/// summary (counted first, in a pass that builds no rows), then `each` every row in list
/// order. Returns the summary.
pub fn stream(
    conn: &Connection,
    campaign: &Campaign,
    as_of: NaiveDate,
    list: ListKind,
    begin: impl FnOnce(&Summary) -> Result<(), ExportError>,
    mut each: impl FnMut(&ListRow) -> Result<(), ExportError>,
) -> Result<Summary, ExportError> {
    let basis = StatusBasis::load(conn, campaign.id)?;
    let summary = each_row(conn, campaign, as_of, &basis, &[], |_, _| Ok(()))?;
    begin(&summary)?;
    each_row(conn, campaign, as_of, &basis, &[list], |_, row| each(&row))?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duration_reads_as_the_office_writes_it() {
        assert_eq!(duration_text(Some(3)), "三年制");
        assert_eq!(duration_text(Some(2)), "两年制");
        assert_eq!(duration_text(Some(8)), "8年制");
        assert_eq!(duration_text(None), "");
    }

    #[test]
    fn list_kinds_parse_from_id_and_label() {
        for k in ListKind::ALL {
            assert_eq!(ListKind::parse(k.as_str()), Some(k));
            assert_eq!(ListKind::parse(k.label()), Some(k));
        }
        assert_eq!(ListKind::parse("withdrawn"), None);
    }
}
