//! Per-class lists for counselors (未缴费名单 / 未采集名单): one list per class, in the
//! sign-in sheets' table style, header repeated on every page of a class.
//!
//! [`build`] picks the students from the derived progress status (src/progress owns the
//! rules; this module only chooses who goes on which list and words the note), and
//! [`render`] lays the lists out. Students are read with printing's own query
//! ([`queries::counselor_list_students`]): what the list prints and where it goes, never
//! the ID number or the phone.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::fonts::FontSet;
use super::layout::{Align, Column, Layout, Margins, Style, TableStyle, PAGE_H};
use super::queries::CounselorListStudent;
use super::{date_long, queries, PrintError, Result};
use crate::campaign::CampaignDetail;
use crate::progress::{Route, State, StatusBasis, StudentStatus};

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(rename = "PrintListKind")]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// 未缴费名单: students expected on site who have not paid the on-site fee.
    Unpaid,
    /// 未采集名单: students without a counting photo yet.
    NotPhotographed,
    /// 核对未通过名单: students whose photo was marked wrong (核对有误) or failed the face
    /// comparison (比对未通过): re-shot or to be re-shot, not yet checked again.
    VerifyFailed,
    /// 未核对名单: students whose check on 学信网 is due or overdue.
    Unverified,
}

impl ListKind {
    pub fn title(self) -> &'static str {
        match self {
            ListKind::Unpaid => "未缴费名单",
            ListKind::NotPhotographed => "未采集名单",
            ListKind::VerifyFailed => "核对未通过名单",
            ListKind::Unverified => "未核对名单",
        }
    }

    pub const ALL: [ListKind; 4] = [
        ListKind::Unpaid,
        ListKind::NotPhotographed,
        ListKind::VerifyFailed,
        ListKind::Unverified,
    ];

    /// Whether the student belongs on this list. Unpaid: on the on-site route, not paid,
    /// no photo yet, and not already gone the online way (an online class or a submitted
    /// upload owes no on-site fee); past the deadlines they stay on it, the note says what
    /// is left. Not photographed: no counting photo (excluded students included). Verify
    /// failed: the photo failed and the student is not checked again (excluded ones
    /// included). Unverified: the check is due or overdue.
    fn keeps(self, s: &Listed, paid: bool) -> bool {
        use crate::progress::status::ReasonCode;
        match self {
            ListKind::Unpaid => {
                s.route == Route::Onsite
                    && !paid
                    && s.status.state != State::Done
                    && s.status.code != ReasonCode::OnlineSubmitted
            }
            ListKind::NotPhotographed => s.status.state != State::Done,
            ListKind::VerifyFailed => {
                matches!(s.status.code, ReasonCode::VerifyFailed | ReasonCode::Reshot)
                    || s.status.why.code == "failed_no_reshoot"
            }
            ListKind::Unverified => matches!(
                s.status.code,
                ReasonCode::VerificationDue | ReasonCode::VerificationOverdue
            ),
        }
    }
}

/// A student with their derived status, as the lists choose from.
struct Listed {
    student: CounselorListStudent,
    route: Route,
    status: StudentStatus,
}

/// Which classes to list; `None` does not filter.
#[derive(Debug, Clone, Default)]
pub struct ListScope {
    pub class_name: Option<String>,
    pub college: Option<String>,
    /// Every class of one counselor (辅导员), as the roster names them.
    pub counselor: Option<String>,
}

impl ListScope {
    fn describe(&self) -> String {
        match (&self.class_name, &self.college, &self.counselor) {
            (Some(c), _, _) => format!("班级「{}」", c.trim()),
            (None, Some(c), _) => format!("学院「{}」", c.trim()),
            (None, None, Some(c)) => format!("辅导员「{}」的班级", c.trim()),
            (None, None, None) => "全部班级都".into(),
        }
    }

    fn keeps(&self, s: &CounselorListStudent) -> bool {
        let same =
            |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w.trim() == have);
        same(&self.class_name, &s.class_name)
            && same(&self.college, &s.college)
            && same(&self.counselor, &s.counselor)
    }

    /// A class or college that no eligible student belongs to is a typo, not an empty list.
    fn check(&self, all: &[CounselorListStudent]) -> Result<()> {
        let unknown = |what: &'static str,
                       want: &Option<String>,
                       field: fn(&CounselorListStudent) -> &str| {
            match want.as_deref().map(str::trim) {
                Some(w) if !all.iter().any(|s| field(s) == w) => Err(PrintError::UnknownGroup {
                    what,
                    name: w.to_string(),
                }),
                _ => Ok(()),
            }
        };
        unknown("班级", &self.class_name, |s| &s.class_name)?;
        unknown("学院", &self.college, |s| &s.college)?;
        unknown("辅导员", &self.counselor, |s| &s.counselor)
    }
}

/// One student on a list; `note` says what to do (e.g. the next deadline).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListRow {
    pub student_no: String,
    pub name: String,
    pub gender: String,
    pub note: String,
}

/// One class's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassList {
    pub campaign: String,
    pub kind: ListKind,
    pub class_name: String,
    pub college: String,
    pub counselor: String,
    /// "截至 2025年4月26日" or similar.
    pub as_of: String,
    pub rows: Vec<ListRow>,
}

/// The `kind` lists as of `today` within `scope`: one per class that has someone on it,
/// classes in schedule order (unscheduled ones after, by college and name), students by
/// 学号. Only eligible, not withdrawn students count. Nobody on the list is an error,
/// not an empty document.
pub fn build(
    conn: &Connection,
    detail: &CampaignDetail,
    kind: ListKind,
    today: NaiveDate,
    scope: &ListScope,
) -> Result<Vec<ClassList>> {
    let id = detail.campaign.id;
    let all = queries::counselor_list_students(conn, id)?;
    scope.check(&all)?;
    let basis = StatusBasis::load(conn, id)?;
    let paid = super::paid_students(conn, id, Some(today))?;
    let as_of = format!("截至 {}", date_long(today));
    let mut by_class: HashMap<String, Vec<Listed>> = HashMap::new();
    for student in all.into_iter().filter(|s| scope.keeps(s)) {
        let s = Listed {
            route: basis.route(&student.class_name),
            status: basis.status(student.id, &student.class_name, today),
            student,
        };
        let is_paid = paid.get(&s.student.student_no).copied().unwrap_or(false);
        if kind.keeps(&s, is_paid) {
            by_class
                .entry(s.student.class_name.clone())
                .or_default()
                .push(s);
        }
    }
    let order = class_order(conn, detail, &by_class)?;
    let lists: Vec<ClassList> = order
        .into_iter()
        .filter_map(|class| by_class.remove(&class))
        .map(|mut students| {
            students.sort_by(|a, b| a.student.student_no.cmp(&b.student.student_no));
            class_list(detail, kind, &as_of, students)
        })
        .collect();
    if lists.is_empty() {
        return Err(PrintError::NobodyOnList {
            list: kind.title(),
            scope: scope.describe(),
            as_of,
        });
    }
    Ok(lists)
}

/// The classes of `by_class` as the schedule runs (first slot of each class), then the
/// unscheduled ones by college and name.
fn class_order(
    conn: &Connection,
    detail: &CampaignDetail,
    by_class: &HashMap<String, Vec<Listed>>,
) -> Result<Vec<String>> {
    let mut order: Vec<String> = Vec::new();
    for slot in crate::plan::load_schedule(conn, detail.campaign.id)?.slots {
        if by_class.contains_key(&slot.class_name) && !order.contains(&slot.class_name) {
            order.push(slot.class_name);
        }
    }
    let mut rest: Vec<(&str, &str)> = by_class
        .iter()
        .filter(|(class, _)| !order.contains(class))
        .map(|(class, students)| {
            let college = students.first().map_or("", |s| s.student.college.as_str());
            (college, class.as_str())
        })
        .collect();
    rest.sort_unstable();
    order.extend(rest.into_iter().map(|(_, class)| class.to_string()));
    Ok(order)
}

fn class_list(
    detail: &CampaignDetail,
    kind: ListKind,
    as_of: &str,
    students: Vec<Listed>,
) -> ClassList {
    // The roster gives each student their class's college and counselor; take the first
    // one filled in.
    let first = |f: fn(&CounselorListStudent) -> &str| {
        students
            .iter()
            .map(|s| f(&s.student))
            .find(|v| !v.is_empty())
            .unwrap_or_default()
            .to_string()
    };
    ClassList {
        campaign: detail.campaign.facts.name.clone(),
        kind,
        class_name: students
            .first()
            .map(|s| s.student.class_name.clone())
            .unwrap_or_default(),
        college: first(|s| &s.college),
        counselor: first(|s| &s.counselor),
        as_of: as_of.to_string(),
        rows: students
            .iter()
            .map(|s| ListRow {
                student_no: s.student.student_no.clone(),
                name: s.student.name.clone(),
                gender: s.student.gender.clone(),
                note: note(kind, &s.status),
            })
            .collect(),
    }
}

/// What to do next and by when: the status's next step, after the reason where that
/// says more than the list's title (on the not-photographed list, and for an excluded
/// student: why), plus the next deadline when the text does not name its date yet.
fn note(kind: ListKind, st: &StudentStatus) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if kind != ListKind::Unpaid || st.state == State::Excluded || st.next_step.is_empty() {
        parts.push(&st.reason);
    }
    if !st.next_step.is_empty() {
        parts.push(&st.next_step);
    }
    let mut text = parts.join("；");
    if let Some(d) = st.next_deadline {
        let date = d.date.to_string();
        if !text.contains(&date) {
            text.push_str(&format!("（{}截止：{date}）", d.label));
        }
    }
    text
}

/// Builds the lists and lays them out (see [`build`] and [`render`]).
pub fn print(
    conn: &Connection,
    detail: &CampaignDetail,
    kind: ListKind,
    today: NaiveDate,
    scope: &ListScope,
    fonts: &FontSet,
) -> Result<Vec<u8>> {
    render(&build(conn, detail, kind, today, scope)?, fonts)
}

/// Lays out the lists, each class starting on a new page.
pub fn render(lists: &[ClassList], fonts: &FontSet) -> Result<Vec<u8>> {
    let margins = Margins {
        top: 16.0,
        bottom: 20.0,
        left: 18.0,
        right: 18.0,
    };
    let mut l = Layout::new(fonts, margins);
    let columns = [
        Column::new("序号", 12.0, Align::Center),
        Column::new("学号", 32.0, Align::Center),
        Column::new("姓名", 24.0, Align::Center),
        Column::new("性别", 12.0, Align::Center),
        Column::new("说明（下一步与截止日期）", 94.0, Align::Left),
    ];
    let style = TableStyle {
        header: Style::heading(10.5),
        cell: Style::body(10.5),
        min_row: 7.5,
    };
    for list in lists {
        let first = l.pages.len();
        l.new_page();
        header(&mut l, list, false);
        let rows: Vec<Vec<String>> = list
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    (i + 1).to_string(),
                    r.student_no.clone(),
                    r.name.clone(),
                    r.gender.clone(),
                    r.note.clone(),
                ]
            })
            .collect();
        l.table(&columns, &rows, style, &mut |l| header(l, list, true));
        let last = l.pages.len();
        l.number_pages(first, last, PAGE_H - 10.0, Style::body(9.0));
    }
    if l.pages.is_empty() {
        return Err(PrintError::NothingSelected {
            what: "名单",
            scope: "全部".into(),
        });
    }
    Ok(super::pdf::render(l, "名单")?)
}

fn header(l: &mut Layout<'_>, list: &ClassList, continued: bool) {
    let centre = (l.left() + l.right()) / 2.0;
    let title = format!(
        "{} {}{}",
        list.class_name,
        list.kind.title(),
        if continued { "（续）" } else { "" }
    );
    l.text(
        centre,
        l.y + 7.0,
        &title,
        Style::heading(15.0),
        Align::Center,
    );
    l.y += 11.0;
    let info = format!(
        "{}　学院：{}　辅导员：{}　{}　共 {} 人",
        list.campaign,
        list.college,
        list.counselor,
        list.as_of,
        list.rows.len()
    );
    let x = l.left();
    l.text(x, l.y + 5.0, &info, Style::body(10.0), Align::Left);
    l.y += 9.0;
}

#[cfg(test)]
mod tests {
    use rusqlite::hooks::{AuthAction, AuthContext, Authorization};

    use super::*;

    /// Refuses to prepare any statement that reads the student's ID number or phone.
    fn forbid_private_columns(ctx: AuthContext<'_>) -> Authorization {
        match ctx.action {
            AuthAction::Read {
                table_name: "student",
                column_name: "id_number" | "phone",
            } => Authorization::Deny,
            _ => Authorization::Allow,
        }
    }

    #[test]
    fn lists_are_built_without_reading_id_numbers_or_phones() {
        let (store, detail, _) = crate::demo::test_campaign();
        let (conn, id) = (store.conn(), detail.campaign.id);
        let today = chrono::NaiveDate::from_ymd_opt(2025, 4, 26).unwrap();
        let unguarded = build(
            conn,
            &detail,
            ListKind::Unpaid,
            today,
            &ListScope::default(),
        );

        conn.authorizer(Some(forbid_private_columns)).unwrap();
        // The guard bites: the full student read (ID number, phone) cannot even prepare.
        let full = crate::progress::statuses(conn, id, today);
        assert!(
            full.is_err(),
            "the authorizer let the full student read through"
        );
        for kind in [ListKind::Unpaid, ListKind::NotPhotographed] {
            let lists = build(conn, &detail, kind, today, &ListScope::default())
                .unwrap_or_else(|e| panic!("{kind:?} read a private column: {e}"));
            let rows: usize = lists.iter().map(|l| l.rows.len()).sum();
            assert!(rows > 0, "{kind:?}: nobody listed");
            assert!(lists.iter().all(|l| !l.college.is_empty()));
            assert!(lists
                .iter()
                .flat_map(|l| &l.rows)
                .all(|r| !r.gender.is_empty() && !r.note.is_empty()));
        }
        // Same lists as without the guard.
        let guarded = build(
            conn,
            &detail,
            ListKind::Unpaid,
            today,
            &ListScope::default(),
        );
        assert_eq!(guarded.unwrap(), unguarded.unwrap());
        conn.authorizer(None::<fn(AuthContext<'_>) -> Authorization>)
            .unwrap();
    }
}
