//! A list as an .xlsx workbook that Excel and WPS open: a title row (campaign, list, as
//! of, export time), the summary line, a bold frozen header, codes (学号, 身份证号) as
//! text cells with the text format, widths fitted to the content, a Chinese sheet name.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::columns::Column;
use super::lists::ListRow;

/// What goes on the sheet.
pub struct SheetSpec<'a> {
    pub sheet_name: &'a str,
    pub title: String,
    pub summary: String,
    pub columns: &'a [Column],
    pub rows: &'a [ListRow],
}

/// Rows above the header: title, summary.
const HEADER_ROW: u32 = 2;
/// Width bounds in characters (a Chinese character is 2).
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 50;

fn col_index(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// Writes the sheet to `path`.
pub fn write(spec: &SheetSpec, path: &Path) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    // Rows go to disk as they are written: memory stays flat for 50,000 rows.
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name(spec.sheet_name)?;
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color(0xDDEBF7);
    // "@": the cell stays text when someone edits it in Excel.
    let text = Format::new().set_num_format("@");
    // Title and summary spill over the empty cells to their right; no merge needed.
    sheet.write_string_with_format(0, 0, &spec.title, &title)?;
    sheet.write_string(1, 0, &spec.summary)?;
    let mut widths: Vec<usize> = Vec::with_capacity(spec.columns.len());
    for (i, c) in spec.columns.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col_index(i), c.header(), &header)?;
        widths.push(c.header().width());
    }
    for (r, row) in spec.rows.iter().enumerate() {
        let r = HEADER_ROW + 1 + u32::try_from(r).unwrap_or(u32::MAX - HEADER_ROW - 1);
        for (i, c) in spec.columns.iter().enumerate() {
            let cell = c.cell(row);
            if cell.is_empty() {
                continue;
            }
            widths[i] = widths[i].max(cell.width());
            if c.is_code() {
                sheet.write_string_with_format(r, col_index(i), cell.as_ref(), &text)?;
            } else {
                sheet.write_string(r, col_index(i), cell.as_ref())?;
            }
        }
    }
    for (i, w) in widths.iter().enumerate() {
        let w = (w + 2).clamp(MIN_WIDTH, MAX_WIDTH);
        sheet.set_column_width(col_index(i), w as f64)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    let bytes = book.save_to_buffer()?;
    crate::store::write_file(path, &bytes, Column::access(spec.columns)).map_err(XlsxError::IoError)
}
