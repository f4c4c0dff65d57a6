//! The counselor lists as an .xlsx workbook, for the office to send to counselors in a
//! WeChat or DingTalk group (who filter it by class in Excel or WPS) instead of printing.
//! Same lists and notes as the PDF ([`super::lists::build`] chooses the students): one
//! sheet 名单 with a title row, a header row with a filter, one row per student, grouped by
//! class in schedule order. 学号 is a text cell so Excel keeps its leading zeros; like the
//! PDF, no ID number and no phone.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use super::lists::ClassList;
use super::{PrintError, Result};

const COLUMNS: [(&str, f64); 8] = [
    ("序号", 6.0),
    ("学院", 22.0),
    ("班级", 22.0),
    ("辅导员", 10.0),
    ("学号", 16.0),
    ("姓名", 10.0),
    ("性别", 6.0),
    ("说明（下一步与截止日期）", 70.0),
];

/// The workbook's bytes, to be written to `path` (named in an error); `lists` is what
/// [`super::lists::build`] returned (never empty).
pub fn workbook(lists: &[ClassList], path: &Path) -> Result<Vec<u8>> {
    book(lists).map_err(|e| PrintError::Write {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

fn book(lists: &[ClassList]) -> std::result::Result<Vec<u8>, XlsxError> {
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color(0xDDEBF7);
    let text = Format::new().set_num_format("@");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("名单")?;
    let (campaign, kind, as_of) = match lists.first() {
        Some(l) => (l.campaign.as_str(), l.kind.title(), l.as_of.as_str()),
        None => ("", "", ""),
    };
    let students: usize = lists.iter().map(|l| l.rows.len()).sum();
    sheet.write_string_with_format(0, 0, format!("{campaign} {kind}"), &title)?;
    sheet.write_string(
        1,
        0,
        format!("{as_of}　共 {} 个班级、{students} 人", lists.len()),
    )?;
    for (c, (name, width)) in (0u16..).zip(COLUMNS) {
        sheet.write_string_with_format(3, c, name, &header)?;
        sheet.set_column_width(c, width)?;
    }
    let mut r: u32 = 4;
    for list in lists {
        for (i, row) in (1u32..).zip(&list.rows) {
            sheet.write_number(r, 0, f64::from(i))?;
            sheet.write_string(r, 1, &list.college)?;
            sheet.write_string(r, 2, &list.class_name)?;
            sheet.write_string(r, 3, &list.counselor)?;
            sheet.write_string_with_format(r, 4, &row.student_no, &text)?;
            sheet.write_string(r, 5, &row.name)?;
            sheet.write_string(r, 6, &row.gender)?;
            sheet.write_string(r, 7, &row.note)?;
            r += 1;
        }
    }
    let last = COLUMNS.len() as u16 - 1;
    sheet.autofilter(3, 0, r.saturating_sub(1).max(3), last)?;
    sheet.set_freeze_panes(4, 0)?;
    book.save_to_buffer()
}
