//! Reminders counselors paste into their WeChat or DingTalk groups (催办提醒): per class,
//! a ready-to-send Chinese text saying who has not paid, not been photographed or failed
//! the photo check, by when, and what to do.
//!
//! Who is on a reminder is exactly who is on the matching counselor list
//! ([`crate::print::lists`] chooses; progress owns the rules), read with printing's own
//! query, so the ID number and the phone are never loaded. The text names each student
//! by name and 学号 only.
//!
//! **Invariant:** a reminder never holds an ID number or a phone; "today" is a
//! parameter; nobody to remind is an error that says so, not an empty text.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::campaign::{CampaignDetail, MilestoneKind};
use crate::print::lists::{self, ClassList, ListKind, ListScope};
use crate::print::{date_long, PrintError};

/// Errors of the reminders; each message says what to do.
#[derive(Debug, Error)]
pub enum RemindError {
    /// Choosing the students failed (an unknown class, nobody to remind …).
    #[error(transparent)]
    Lists(#[from] PrintError),
}

impl RemindError {
    /// True when the user can fix it, false for internal faults.
    pub fn is_user_error(&self) -> bool {
        match self {
            RemindError::Lists(e) => e.is_user_error(),
        }
    }
}

/// What the reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RemindKind {
    /// 未缴费: on the on-site route and not paid.
    Unpaid,
    /// 未采集: no counting photo yet.
    NotPhotographed,
    /// 核对未通过: the photo was marked wrong or failed the face comparison.
    VerifyFailed,
}

impl RemindKind {
    pub const ALL: [RemindKind; 3] = [
        RemindKind::Unpaid,
        RemindKind::NotPhotographed,
        RemindKind::VerifyFailed,
    ];

    /// The counselor list that chooses the students.
    fn list(self) -> ListKind {
        match self {
            RemindKind::Unpaid => ListKind::Unpaid,
            RemindKind::NotPhotographed => ListKind::NotPhotographed,
            RemindKind::VerifyFailed => ListKind::VerifyFailed,
        }
    }

    /// The title's word: 未缴费提醒 …
    pub fn title(self) -> &'static str {
        match self {
            RemindKind::Unpaid => "未缴费提醒",
            RemindKind::NotPhotographed => "未采集提醒",
            RemindKind::VerifyFailed => "学历照核对未通过提醒",
        }
    }

    /// What the listed students have in common.
    fn what(self) -> &'static str {
        match self {
            RemindKind::Unpaid => "尚未缴纳线下集采费",
            RemindKind::NotPhotographed => "尚未完成学历照采集",
            RemindKind::VerifyFailed => "学历照核对有误或人像比对未通过，须重新拍摄并重新核对",
        }
    }
}

/// One class's reminder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Reminder {
    pub class_name: String,
    pub college: String,
    pub counselor: String,
    /// How many students it names.
    pub students: usize,
    /// The text to paste, lines separated by `\n`.
    pub text: String,
}

/// The reminders of one kind as of a day, one per class that has someone to remind, in
/// the counselor lists' class order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Reminders {
    pub kind: RemindKind,
    pub today: NaiveDate,
    pub reminders: Vec<Reminder>,
}

impl Reminders {
    /// Every class's text, one after the other (for all classes of a counselor).
    pub fn all_text(&self) -> String {
        self.reminders
            .iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// The `kind` reminders as of `today` within `scope` (a class, a college or a
/// counselor's classes).
pub fn build(
    conn: &Connection,
    detail: &CampaignDetail,
    kind: RemindKind,
    today: NaiveDate,
    scope: &ListScope,
) -> Result<Reminders, RemindError> {
    let lists = lists::build(conn, detail, kind.list(), today, scope)?;
    Ok(Reminders {
        kind,
        today,
        reminders: lists
            .iter()
            .map(|l| reminder(detail, kind, today, l))
            .collect(),
    })
}

/// The milestone that closes what the reminder asks for, as a sentence.
fn deadline_line(detail: &CampaignDetail, kind: RemindKind, today: NaiveDate) -> Option<String> {
    let get = |k: MilestoneKind| detail.milestones.iter().find(|m| m.kind == k);
    let last = get(MilestoneKind::FinalDeadline).or_else(|| get(MilestoneKind::WalkIn));
    match kind {
        RemindKind::Unpaid => match get(MilestoneKind::Payment) {
            Some(p) if today <= p.end => Some(format!(
                "缴费截止：{}（逾期不能参加线下集采，不能现场补缴）。",
                date_long(p.end)
            )),
            _ => last.map(|m| {
                format!(
                    "线下集采缴费已截止；最终截止：{}，逾期未采集者不予制证。",
                    date_long(m.end)
                )
            }),
        },
        RemindKind::NotPhotographed | RemindKind::VerifyFailed => {
            last.map(|m| format!("最终截止：{}，逾期未完成者不予制证。", date_long(m.end)))
        }
    }
}

fn reminder(
    detail: &CampaignDetail,
    kind: RemindKind,
    today: NaiveDate,
    l: &ClassList,
) -> Reminder {
    let facts = &detail.campaign.facts;
    let mut lines = vec![
        format!("【{}·{}】", facts.name, kind.title()),
        format!(
            "{}（{}{}）",
            l.class_name,
            if l.college.is_empty() {
                "学院未填"
            } else {
                &l.college
            },
            if l.counselor.is_empty() {
                String::new()
            } else {
                format!("，辅导员：{}", l.counselor)
            }
        ),
        format!(
            "截至{}，本班以下 {} 名同学{}：",
            date_long(today),
            l.rows.len(),
            kind.what()
        ),
    ];
    // Students with the same next step together, in the list's order.
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for r in &l.rows {
        let who = format!("{}（{}）", r.name, r.student_no);
        match groups.iter_mut().find(|(note, _)| *note == r.note) {
            Some((_, names)) => names.push(who),
            None => groups.push((&r.note, vec![who])),
        }
    }
    for (note, names) in &groups {
        lines.push(format!("· {}", names.join("、")));
        if !note.is_empty() {
            lines.push(format!("  下一步：{note}"));
        }
    }
    if let Some(d) = deadline_line(detail, kind, today) {
        lines.push(d);
    }
    if kind == RemindKind::Unpaid {
        let code = if facts.batch_code.is_empty() {
            String::new()
        } else {
            format!("，采集批次特征码 {}", facts.batch_code)
        };
        lines.push(format!(
            "线下集采每人 {}{code}；不参加线下集采的同学须在线上集采期间上传照片（每人 {}），两次都错过只能散拍（每人 {}）。",
            facts.fee_onsite, facts.fee_online, facts.fee_walk_in
        ));
    }
    if kind == RemindKind::VerifyFailed {
        lines.push(format!(
            "重新拍摄：到{}或通过散拍小程序完成，拍摄约 40 天后再登录学信网（学信档案 → 图像校对）核对。",
            if facts.agency_name.is_empty() {
                "图片社"
            } else {
                &facts.agency_name
            }
        ));
    }
    let contact = if facts.office_contact.is_empty() {
        String::new()
    } else {
        format!("如有疑问请联系{}。", facts.office_contact)
    };
    lines.push(format!("请辅导员老师提醒以上同学按时办理，谢谢！{contact}"));
    Reminder {
        class_name: l.class_name.clone(),
        college: l.college.clone(),
        counselor: l.counselor.clone(),
        students: l.rows.len(),
        text: lines.join("\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;

    #[test]
    fn a_class_reminder_names_who_by_when_and_what_and_no_private_numbers() {
        let (store, detail, opts) = crate::demo::test_campaign();
        let conn = store.conn();
        let today = NaiveDate::from_ymd_opt(2025, 4, 26).unwrap();
        let all = build(
            conn,
            &detail,
            RemindKind::Unpaid,
            today,
            &ListScope::default(),
        )
        .unwrap();
        let first = &all.reminders[0];
        let one = build(
            conn,
            &detail,
            RemindKind::Unpaid,
            today,
            &ListScope {
                class_name: Some(first.class_name.clone()),
                ..ListScope::default()
            },
        )
        .unwrap();
        assert_eq!(one.reminders.len(), 1);
        let text = &one.reminders[0].text;
        // Read back: the class, each unpaid student of it, the deadline, the fee.
        let roster = demo::generate_roster(opts);
        let class: Vec<_> = roster
            .iter()
            .filter(|s| s.class_name == first.class_name)
            .collect();
        assert!(text.contains(&first.class_name), "{text}");
        assert!(text.contains("缴费截止：2025年4月27日"), "{text}");
        assert!(text.contains("13.5元"), "{text}");
        assert_eq!(
            one.reminders[0].students,
            class.len(),
            "nobody has paid yet"
        );
        for s in &class {
            assert!(
                text.contains(&format!("{}（{}）", s.name, s.student_no)),
                "{text}"
            );
            if let Some(id) = &s.id_number {
                assert!(!text.contains(id.as_str()), "ID number in {text}");
                assert!(!text.contains(&id[id.len() - 6..]), "ID tail in {text}");
            }
            if !s.phone.is_empty() {
                assert!(!text.contains(&s.phone), "phone in {text}");
            }
        }
        // All classes of the counselor: one text per class, joined.
        let counselor = first.counselor.clone();
        let theirs = build(
            conn,
            &detail,
            RemindKind::Unpaid,
            today,
            &ListScope {
                counselor: Some(counselor.clone()),
                ..ListScope::default()
            },
        )
        .unwrap();
        assert!(theirs.reminders.iter().all(|r| r.counselor == counselor));
        assert_eq!(
            theirs.all_text().matches("未缴费提醒").count(),
            theirs.reminders.len()
        );
        // Nobody failed verification yet: an error that says so.
        let none = build(
            conn,
            &detail,
            RemindKind::VerifyFailed,
            today,
            &ListScope::default(),
        )
        .unwrap_err();
        assert!(none.to_string().contains("核对未通过名单"), "{none}");
    }
}
