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
    let mut w = SheetWriter::new(spec.sheet_name, &spec.title, &spec.summary, spec.columns)?;
    for row in spec.rows {
        w.row(row)?;
    }
    w.save(path)
}

/// The sheet written a row at a time (rows go to a temporary file as they come, so
/// memory stays flat however long the list is), then saved with [`SheetWriter::save`].
pub struct SheetWriter<'a> {
    book: Workbook,
    columns: &'a [Column],
    text: Format,
    widths: Vec<usize>,
    next: u32,
}

impl<'a> SheetWriter<'a> {
    /// A sheet named `sheet_name` with the title, the summary line and the header.
    pub fn new(
        sheet_name: &str,
        title: &str,
        summary: &str,
        columns: &'a [Column],
    ) -> Result<SheetWriter<'a>, XlsxError> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet_with_constant_memory()?;
        sheet.set_name(sheet_name)?;
        let title_format = Format::new().set_bold().set_font_size(14);
        let header = Format::new()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_background_color(0xDDEBF7);
        // Title and summary spill over the empty cells to their right; no merge needed.
        sheet.write_string_with_format(0, 0, title, &title_format)?;
        sheet.write_string(1, 0, summary)?;
        let mut widths: Vec<usize> = Vec::with_capacity(columns.len());
        for (i, c) in columns.iter().enumerate() {
            sheet.write_string_with_format(HEADER_ROW, col_index(i), c.header(), &header)?;
            widths.push(c.header().width());
        }
        Ok(SheetWriter {
            book,
            columns,
            // "@": the cell stays text when someone edits it in Excel.
            text: Format::new().set_num_format("@"),
            widths,
            next: HEADER_ROW + 1,
        })
    }

    /// Writes the next row.
    pub fn row(&mut self, row: &ListRow) -> Result<(), XlsxError> {
        let sheet = self.book.worksheet_from_index(0)?;
        let r = self.next;
        self.next = self.next.saturating_add(1);
        for (i, c) in self.columns.iter().enumerate() {
            let cell = c.cell(row);
            if cell.is_empty() {
                continue;
            }
            self.widths[i] = self.widths[i].max(cell.width());
            if c.is_code() {
                sheet.write_string_with_format(r, col_index(i), cell.as_ref(), &self.text)?;
            } else {
                sheet.write_string(r, col_index(i), cell.as_ref())?;
            }
        }
        Ok(())
    }

    /// Fits the widths, freezes the header and writes the file to `path`.
    pub fn save(mut self, path: &Path) -> Result<(), XlsxError> {
        let sheet = self.book.worksheet_from_index(0)?;
        for (i, w) in self.widths.iter().enumerate() {
            let w = (w + 2).clamp(MIN_WIDTH, MAX_WIDTH);
            sheet.set_column_width(col_index(i), w as f64)?;
        }
        sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
        let bytes = self.book.save_to_buffer()?;
        crate::store::write_file(path, &bytes, Column::access(self.columns))
            .map_err(XlsxError::IoError)
    }
}
