//! Sign-in sheets (签到表): one per slot of the schedule. A header block (campaign,
//! campus, venue, date, slot time, arrival time, class, counselor) above a table 序号 ·
//! 学号 · 姓名 · 性别 · 缴费 · 签名 · 备注 with a few blank rows for students not on the
//! list, and on every page the footer 应到 N 人 · 实到 ___ 人 · 工作人员签字 and
//! 第 x 页 / 共 y 页 of that sheet. A sheet continuing on the next page repeats its
//! header; rows never split.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::fonts::FontSet;
use super::layout::{baseline_offset, Align, Column, Layout, Margins, Style, TableStyle, PAGE_H};
use super::{campus_label, date_with_weekday, queries, PrintError, Result};
use crate::campaign::{CampaignDetail, CampaignId};
use crate::plan;

/// Blank rows after the list, for students who turn up without being on it.
pub const BLANK_ROWS: usize = 3;

/// One student line of a sheet. `paid` is ✓ when true, blank otherwise (and blank when
/// progress data is not known).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetRow {
    pub student_no: String,
    pub name: String,
    pub gender: String,
    pub paid: Option<bool>,
}

/// Everything one sign-in sheet shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetSpec {
    pub campaign: String,
    pub campus: String,
    pub venue: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub arrival: NaiveTime,
    /// The class, with "（第1/2场）" when the class is split.
    pub class_label: String,
    pub college: String,
    pub counselor: String,
    pub rows: Vec<SheetRow>,
}

/// Which slots to print; `None` does not filter.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub campus: Option<String>,
    pub date: Option<NaiveDate>,
    pub class_name: Option<String>,
}

impl Scope {
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = &self.campus {
            parts.push(format!("校区「{c}」"));
        }
        if let Some(d) = self.date {
            parts.push(format!("日期 {d}"));
        }
        if let Some(c) = &self.class_name {
            parts.push(format!("班级「{c}」"));
        }
        if parts.is_empty() {
            "全部".into()
        } else {
            parts.join("、")
        }
    }

    /// True when the slot is in scope; a campus matches as "高明" or "高明校区".
    pub fn keeps(&self, s: &plan::Slot) -> bool {
        let campus_ok = self.campus.as_deref().is_none_or(|c| {
            let c = c.trim();
            s.campus == c || campus_label(&s.campus) == c
        });
        campus_ok
            && self.date.is_none_or(|d| s.date == d)
            && self
                .class_name
                .as_deref()
                .is_none_or(|c| s.class_name == c.trim())
    }
}

/// The sheets of the stored schedule within `scope`, in schedule order. `paid` gives the
/// payment state by 学号 when progress data is known.
pub fn sheets(
    conn: &Connection,
    detail: &CampaignDetail,
    scope: &Scope,
    paid: Option<&HashMap<String, bool>>,
) -> Result<Vec<SheetSpec>> {
    let id: CampaignId = detail.campaign.id;
    let schedule = plan::load_schedule(conn, id)?;
    if schedule.slots.is_empty() {
        return Err(PrintError::NoSchedule("签到表"));
    }
    let slots: Vec<&plan::Slot> = schedule.slots.iter().filter(|s| scope.keeps(s)).collect();
    if slots.is_empty() {
        return Err(PrintError::NothingSelected {
            what: "拍摄场次",
            scope: scope.describe(),
        });
    }
    let mut by_class: HashMap<String, Vec<queries::ListedStudent>> = HashMap::new();
    for s in queries::eligible_by_class(conn, id, scope.class_name.as_deref().map(str::trim))? {
        by_class.entry(s.class_name.clone()).or_default().push(s);
    }
    let none = Vec::new();
    Ok(slots
        .into_iter()
        .map(|slot| {
            let students = by_class.get(&slot.class_name).unwrap_or(&none);
            let rows = students
                .iter()
                .skip(slot.student_offset as usize)
                .take(slot.headcount as usize)
                .map(|s| SheetRow {
                    paid: paid.and_then(|p| p.get(&s.student_no).copied()),
                    student_no: s.student_no.clone(),
                    name: s.name.clone(),
                    gender: s.gender.clone(),
                })
                .collect();
            SheetSpec {
                campaign: detail.campaign.facts.name.clone(),
                campus: slot.campus.clone(),
                venue: slot.venue.clone(),
                date: slot.date,
                start: slot.start,
                end: slot.end,
                arrival: slot.arrival,
                class_label: slot.label(),
                college: slot.college.clone(),
                counselor: slot.counselor.clone(),
                rows,
            }
        })
        .collect())
}

/// [`sheets`] with the 缴费 column filled from progress data: ✓ for a student whose
/// payment stands (paid, not refunded), blank for everyone else.
pub fn sheets_with_payments(
    conn: &Connection,
    detail: &CampaignDetail,
    scope: &Scope,
) -> Result<Vec<SheetSpec>> {
    let paid = super::paid_students(conn, detail.campaign.id, None)?;
    sheets(conn, detail, scope, Some(&paid))
}

const MARGINS: Margins = Margins {
    top: 14.0,
    bottom: 26.0,
    left: 18.0,
    right: 18.0,
};

/// Which sheet to print for a slot.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SheetLayout {
    /// 签到表: 缴费 ✓ and a signature column.
    #[default]
    SignIn,
    /// 毕业学生信息核对表, as the agency uses it on site: a 拍摄序号 column written in the
    /// order students are shot, and the student's signature confirming name and 学号.
    Check,
}

impl SheetLayout {
    /// The sheet's name in its title.
    pub fn title(self) -> &'static str {
        match self {
            SheetLayout::SignIn => "签到表",
            SheetLayout::Check => "毕业学生信息核对表",
        }
    }
}

fn columns(layout: SheetLayout) -> [Column; 7] {
    match layout {
        SheetLayout::SignIn => [
            Column::new("序号", 12.0, Align::Center),
            Column::new("学号", 32.0, Align::Center),
            Column::new("姓名", 28.0, Align::Center),
            Column::new("性别", 12.0, Align::Center),
            Column::new("缴费", 14.0, Align::Center),
            Column::new("签名", 46.0, Align::Center),
            Column::new("备注", 30.0, Align::Left),
        ],
        SheetLayout::Check => [
            Column::new("序号", 12.0, Align::Center),
            Column::new("学号", 32.0, Align::Center),
            Column::new("姓名", 26.0, Align::Center),
            Column::new("性别", 12.0, Align::Center),
            Column::new("拍摄序号", 20.0, Align::Center),
            Column::new("本人签名（确认姓名、学号无误）", 50.0, Align::Center),
            Column::new("备注", 22.0, Align::Left),
        ],
    }
}

const TABLE: TableStyle = TableStyle {
    header: Style::heading(10.5),
    cell: Style::body(11.0),
    min_row: 8.0,
};

/// Lays out every sheet (each starting on a new page) and returns the PDF.
pub fn render(sheets: &[SheetSpec], fonts: &FontSet) -> Result<Vec<u8>> {
    render_as(sheets, fonts, SheetLayout::SignIn)
}

/// Lays out every sheet in `layout` (each starting on a new page) and returns the PDF.
pub fn render_as(sheets: &[SheetSpec], fonts: &FontSet, layout: SheetLayout) -> Result<Vec<u8>> {
    let mut l = Layout::new(fonts, MARGINS);
    let columns = columns(layout);
    for sheet in sheets {
        let first = l.pages.len();
        l.new_page();
        header(&mut l, sheet, layout, false);
        let mut rows: Vec<Vec<String>> = Vec::with_capacity(sheet.rows.len() + BLANK_ROWS);
        for (i, r) in sheet.rows.iter().enumerate() {
            rows.push(vec![
                (i + 1).to_string(),
                r.student_no.clone(),
                r.name.clone(),
                r.gender.clone(),
                // The 拍摄序号 is written on site; the 缴费 column shows ✓.
                if layout == SheetLayout::SignIn && r.paid == Some(true) {
                    "✓".into()
                } else {
                    String::new()
                },
                String::new(),
                String::new(),
            ]);
        }
        rows.extend((0..BLANK_ROWS).map(|_| vec![String::new(); 7]));
        l.table(&columns, &rows, TABLE, &mut |l| {
            header(l, sheet, layout, true)
        });
        let last = l.pages.len();
        footer(&mut l, sheet, first, last);
    }
    if l.pages.is_empty() {
        return Err(PrintError::NothingSelected {
            what: "签到表",
            scope: "全部".into(),
        });
    }
    Ok(super::pdf::render(l, layout.title())?)
}

/// The sheet's title and fields; `continued` marks a second or later page.
fn header(l: &mut Layout<'_>, s: &SheetSpec, layout: SheetLayout, continued: bool) {
    let title = if continued {
        format!("{} {}（续）", s.campaign, layout.title())
    } else {
        format!("{} {}", s.campaign, layout.title())
    };
    let centre = (l.left() + l.right()) / 2.0;
    let ts = Style::heading(15.0);
    l.text(centre, l.y + 7.0, &title, ts, Align::Center);
    l.y += 12.0;
    let style = Style::body(10.5);
    let half = l.text_width() / 2.0;
    let time = format!(
        "{}–{}（{} 前到场）",
        s.start.format("%H:%M"),
        s.end.format("%H:%M"),
        s.arrival.format("%H:%M")
    );
    let pairs = [
        (("校区", campus_label(&s.campus)), ("场地", s.venue.clone())),
        (("日期", date_with_weekday(s.date)), ("拍摄时间", time)),
        (
            ("班级", s.class_label.clone()),
            ("辅导员", s.counselor.clone()),
        ),
    ];
    let lh = 6.2;
    for ((k1, v1), (k2, v2)) in pairs {
        let y = l.y;
        let a = field(l, l.left(), y, half - 3.0, k1, &v1, style, lh);
        let b = field(l, l.left() + half, y, half, k2, &v2, style, lh);
        l.y = y + a.max(b);
    }
    if !s.college.is_empty() {
        let y = l.y;
        l.y = y + field(
            l,
            l.left(),
            y,
            l.text_width(),
            "学院",
            &s.college,
            style,
            lh,
        );
    }
    if layout == SheetLayout::Check {
        let y = l.y;
        l.y = y + field(
            l,
            l.left(),
            y,
            l.text_width(),
            "说明",
            "请核对本人姓名、学号，确认无误后签名；拍摄序号由现场工作人员按拍摄顺序填写。",
            style,
            lh,
        );
    }
    l.y += 2.0;
}

/// "标签：值" at (x, y), wrapped within `width`; returns the height used.
#[allow(clippy::too_many_arguments)]
fn field(
    l: &mut Layout<'_>,
    x: f32,
    y: f32,
    width: f32,
    key: &str,
    value: &str,
    style: Style,
    lh: f32,
) -> f32 {
    let label = format!("{key}：");
    let key_style = Style::heading(style.size);
    let kw = l.width(&label, key_style);
    l.text(
        x,
        y + baseline_offset(lh, style),
        &label,
        key_style,
        Align::Left,
    );
    let lines = l.wrap(value, style, (width - kw).max(10.0));
    for (i, line) in lines.iter().enumerate() {
        let base = y + i as f32 * lh + baseline_offset(lh, style);
        l.text(x + kw, base, line, style, Align::Left);
    }
    lines.len().max(1) as f32 * lh
}

/// 应到/实到/签字 and the page number on each page `first..last` of a sheet.
fn footer(l: &mut Layout<'_>, s: &SheetSpec, first: usize, last: usize) {
    let style = Style::body(11.0);
    let text = format!(
        "应到 {} 人    实到 ______ 人    工作人员签字：________________",
        s.rows.len()
    );
    let base = PAGE_H - MARGINS.bottom + 9.0;
    let x = l.left();
    for p in first..last {
        l.text_on(p, x, base, &text, style, Align::Left);
    }
    l.number_pages(first, last, PAGE_H - 8.0, Style::body(9.0));
}
