//! Per-class lists for counselors (未缴费名单 / 未采集名单): one list per class, in the
//! sign-in sheets' table style, header repeated on every page of a class.
//!
//! The rows come from progress data; this module only lays them out.

use serde::Serialize;

use super::fonts::FontSet;
use super::layout::{Align, Column, Layout, Margins, Style, TableStyle, PAGE_H};
use super::{PrintError, Result};

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ListKind {
    /// 未缴费名单: students who have not paid the on-site fee.
    Unpaid,
    /// 未采集名单: students without a counting photo yet.
    NotPhotographed,
}

impl ListKind {
    pub fn title(self) -> &'static str {
        match self {
            ListKind::Unpaid => "未缴费名单",
            ListKind::NotPhotographed => "未采集名单",
        }
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
        Column::new("学号", 34.0, Align::Center),
        Column::new("姓名", 30.0, Align::Center),
        Column::new("性别", 12.0, Align::Center),
        Column::new("说明", 86.0, Align::Left),
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
