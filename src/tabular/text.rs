//! Delimited text files: the encoding (BOM, UTF-8, else GBK/GB18030, else a guess) and
//! the delimiter (comma, tab or semicolon, whichever the first lines use most).

use std::path::Path;

use encoding_rs::{Encoding, GB18030, GBK, UTF_8};

use super::{
    cell, CellError, Format, Limit, Row, Sheet, TabularError, MAX_COLUMNS, MAX_GRID_CELLS, MAX_ROWS,
};

/// Decodes `bytes` and names the encoding found.
fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), enc.name());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), UTF_8.name());
    }
    // Excel on a Chinese Windows saves "CSV" in GBK; GB18030 decodes GBK and more.
    if let Some(text) = GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        return (text.into_owned(), GBK.name());
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let enc = detector.guess(None, false);
    let (text, _) = enc.decode_without_bom_handling(bytes);
    (text.into_owned(), enc.name())
}

/// The delimiter used most in the first lines (a comma when none is).
fn delimiter(text: &str) -> u8 {
    let head: String = text.lines().take(20).collect();
    [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| (head.bytes().filter(|b| b == d).count(), *d == b','))
        .unwrap_or(b',')
}

/// The same limits as a workbook's, so a text file cannot hold what Excel could not;
/// `cells` counts the cells read so far (each costs a `String`: tiny cells are the
/// costly ones).
fn over_limit(rows_so_far: usize, columns: usize, cells: u64) -> Option<Limit> {
    if columns > MAX_COLUMNS as usize {
        Some(Limit::Columns)
    } else if rows_so_far >= MAX_ROWS as usize {
        Some(Limit::Rows)
    } else if cells > MAX_GRID_CELLS {
        Some(Limit::GridCells)
    } else {
        None
    }
}

/// Reads a whole text file as one sheet named after the file.
pub(super) fn read(bytes: &[u8], path: &Path) -> Result<Sheet, TabularError> {
    let (mut text, encoding) = decode(bytes);
    // The csv reader ends a record at a bare CR too ("CSV (Macintosh)", a CR typed into a
    // cell), but numbers lines by LF: one line ending, so rows keep Excel's numbers.
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(&text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut cells_read: u64 = 0;
    let mut formula_errors = Vec::new();
    let mut record = csv::StringRecord::new();
    // Excel shows each line as a row, blank lines too (which csv skips), but a quoted
    // cell's line breaks stay inside one row.
    let mut inner_breaks: u64 = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(TabularError::Csv {
                    row: e
                        .position()
                        .map_or(0, |p| p.line().saturating_sub(inner_breaks)),
                    detail: e.to_string(),
                })
            }
        }
        let too_long = record.iter().any(super::over_cell_limit);
        cells_read += record.len() as u64;
        if let Some(limit) = over_limit(rows.len(), record.len(), cells_read)
            .or(too_long.then_some(Limit::CellLength))
        {
            return Err(TabularError::TooLarge {
                path: path.display().to_string(),
                limit,
            });
        }
        // csv reports a record after blank lines at the first blank line: skip them.
        let (line, byte) = record
            .position()
            .map_or((0, 0), |p| (p.line(), p.byte() as usize));
        let blank_lines = text.as_bytes()[byte.min(text.len())..]
            .iter()
            .take_while(|b| matches!(b, b'\n' | b'\r'))
            .filter(|b| **b == b'\n')
            .count() as u64;
        let line = line + blank_lines;
        let number = u32::try_from(line.saturating_sub(inner_breaks)).unwrap_or(u32::MAX);
        inner_breaks += record
            .iter()
            .map(|c| c.bytes().filter(|b| *b == b'\n').count() as u64)
            .sum::<u64>();
        // Excel writes a formula's error into the CSV as text ("#N/A"): never data.
        let mut cells: Vec<String> = record
            .iter()
            .enumerate()
            .map(|(column, c)| match super::formula_error(c) {
                Some(error) => {
                    formula_errors.push(CellError {
                        row: number,
                        column,
                        error,
                    });
                    String::new()
                }
                None => cell::clean_text(c.to_string()),
            })
            .collect();
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        if !cells.is_empty() {
            rows.push(Row { number, cells });
        }
    }
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Sheet {
        format: Format::Csv,
        sheet_names: vec![name.clone()],
        name,
        encoding: Some(encoding.to_string()),
        rows,
        merged_filled: 0,
        hidden_rows: Vec::new(),
        formula_errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_gbk_utf8_bom_and_utf16() {
        let (gbk, _, _) = GBK.encode("学号,姓名\n001,张三\n");
        let (text, enc) = decode(&gbk);
        assert_eq!(text, "学号,姓名\n001,张三\n");
        assert_eq!(enc, "GBK");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("学号".as_bytes());
        assert_eq!(decode(&bom), ("学号".to_string(), "UTF-8"));
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "学号".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&utf16), ("学号".to_string(), "UTF-16LE"));
    }

    #[test]
    fn rows_are_numbered_as_excel_shows_them() {
        let text = "标题\n\n学号,备注\n1,\"两\n行\"\n2,x\n";
        let sheet = read(text.as_bytes(), Path::new("a.csv")).unwrap();
        let numbers: Vec<u32> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 3, 4, 5]);
    }

    #[test]
    fn bare_cr_lines_are_numbered_as_lines() {
        let sheet = read("学号,姓名\r1,张三\r2,\r".as_bytes(), Path::new("a.csv")).unwrap();
        let numbers: Vec<u32> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 3]);
    }

    #[test]
    fn a_cell_past_excels_length_is_refused() {
        let ok = format!(
            "学号,姓名\n1,{}\n",
            "名".repeat(super::super::MAX_CELL_CHARS)
        );
        assert!(read(ok.as_bytes(), Path::new("a.csv")).is_ok());
        let long = format!(
            "学号,姓名\n1,{}\n",
            "x".repeat(super::super::MAX_CELL_CHARS + 1)
        );
        let e = read(long.as_bytes(), Path::new("a.csv")).unwrap_err();
        assert!(
            matches!(
                e,
                TabularError::TooLarge {
                    limit: Limit::CellLength,
                    ..
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("32,767"), "{e}");
    }

    #[test]
    fn picks_the_delimiter() {
        assert_eq!(delimiter("学号\t姓名\n1\t张三"), b'\t');
        assert_eq!(delimiter("学号,姓名"), b',');
        assert_eq!(delimiter("学号"), b',');
    }
}
