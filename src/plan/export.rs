//! The schedule as an .xlsx sheet (附件1 拍摄安排) that Excel and WPS open: one row per
//! slot sorted by date, campus, venue, start; bold frozen header; set column widths.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use super::model::{Schedule, Slot};
use super::PlanError;

/// The sheet's name.
pub const SHEET_NAME: &str = "拍摄安排";

/// Columns: header and width (in characters; a Chinese character counts about 2).
const COLUMNS: &[(&str, f64)] = &[
    ("日期", 12.0),
    ("校区", 8.0),
    ("场地", 20.0),
    ("到场时间", 10.0),
    ("开始", 8.0),
    ("结束", 8.0),
    ("学院", 18.0),
    ("专业", 20.0),
    ("班级", 26.0),
    ("人数", 7.0),
    ("辅导员", 10.0),
    ("备注", 14.0),
];

fn cells(s: &Slot) -> [String; 12] {
    let note = match (s.parts > 1, s.locked) {
        (true, true) => format!("第{}/{}场；已锁定", s.part, s.parts),
        (true, false) => format!("第{}/{}场", s.part, s.parts),
        (false, true) => "已锁定".to_string(),
        (false, false) => String::new(),
    };
    [
        s.date.format("%Y-%m-%d").to_string(),
        s.campus.clone(),
        s.venue.clone(),
        s.arrival.format("%H:%M").to_string(),
        s.start.format("%H:%M").to_string(),
        s.end.format("%H:%M").to_string(),
        s.college.clone(),
        s.major.clone(),
        s.class_name.clone(),
        s.headcount.to_string(),
        s.counselor.clone(),
        note,
    ]
}

fn write(schedule: &Schedule, path: &Path) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(SHEET_NAME)?;
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    for (col, (title, width)) in COLUMNS.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, col, *title, &bold)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    // load_schedule already sorts by date, campus (campaign order), venue, start.
    let slots = &schedule.slots;
    for (i, s) in slots.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for (col, text) in cells(s).iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            if col == 9 {
                sheet.write_number(row, col, f64::from(s.headcount))?;
            } else {
                sheet.write_string(row, col, text)?;
            }
        }
    }
    // Whole, never through a symbolic link; a schedule holds no personal data.
    let bytes = book.save_to_buffer()?;
    crate::store::write_file(path, &bytes, crate::store::Access::Shared).map_err(XlsxError::IoError)
}

/// Writes the schedule to `path` as .xlsx.
pub fn export_xlsx(schedule: &Schedule, path: &Path) -> Result<(), PlanError> {
    write(schedule, path).map_err(|e| PlanError::Export {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}
