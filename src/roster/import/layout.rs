//! Where the roster is in the file: which sheets (a "说明" sheet passed over, several
//! sheets with one header read together), where each sheet's header is, and what each
//! column becomes (synonyms, the remembered mapping, the user's overrides, and a column
//! whose values are ID numbers whatever its header says).

use std::collections::HashSet;
use std::path::Path;

use rusqlite::Connection;

use super::headers::{self, ColumnMapping, Field, MappingSource, Target};
use super::queries;
use super::{ImportError, ImportOptions, SheetSummary};
use crate::roster::id_number;
use crate::tabular::{self, normalize_code, Format, Row, Sheet, TabularError};

/// One sheet read for the roster, and where its data starts.
pub(super) struct Part {
    pub sheet: Sheet,
    /// Index in `sheet.rows` of the first data row.
    pub data_start: usize,
}

impl Part {
    pub fn data(&self) -> &[Row] {
        &self.sheet.rows[self.data_start..]
    }
}

/// The sheets chosen, their shared header and column mapping, and what to tell the user.
pub(super) struct Layout {
    pub format: Format,
    pub encoding: Option<String>,
    pub sheet_names: Vec<String>,
    pub parts: Vec<Part>,
    /// The first sheet's header row as Excel numbers it.
    pub header_row: u32,
    pub header_key: String,
    pub columns: Vec<ColumnMapping>,
    pub summaries: Vec<SheetSummary>,
    pub notes: Vec<String>,
}

impl Layout {
    pub fn data(&self) -> impl Iterator<Item = &Row> {
        self.parts.iter().flat_map(Part::data)
    }

    pub fn data_len(&self) -> usize {
        self.parts.iter().map(|p| p.data().len()).sum()
    }

    pub fn missing(&self) -> Vec<Field> {
        [Field::StudentNo, Field::Name]
            .into_iter()
            .filter(|f| !self.columns.iter().any(|c| c.target == Target::Field(*f)))
            .collect()
    }
}

/// A sheet's header: its row, its texts (merged and two-row headers resolved), the key
/// its mapping is remembered under, and where the data starts.
struct Header {
    index: usize,
    cells: Vec<String>,
    key: String,
    data_start: usize,
}

pub(super) fn layout(
    conn: &Connection,
    path: &Path,
    options: &ImportOptions,
) -> Result<Layout, ImportError> {
    layout_of(conn, tabular::read_all(path)?, options)
}

/// [`layout`] of sheets already read.
pub(super) fn layout_of(
    conn: &Connection,
    sheets: Vec<tabular::Sheet>,
    options: &ImportOptions,
) -> Result<Layout, ImportError> {
    let overridden: HashSet<String> = options
        .overrides
        .iter()
        .map(|(h, _)| tabular::normalize_header(h))
        .collect();
    let mut headers: Vec<Option<Header>> = Vec::with_capacity(sheets.len());
    for sheet in &sheets {
        headers.push(find_header(conn, &sheet.rows, None, &overridden)?);
    }
    let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
    let position = |wanted: &str| {
        names
            .iter()
            .position(|n| n.trim() == wanted.trim())
            .ok_or_else(|| {
                ImportError::Read(TabularError::NoSuchSheet {
                    wanted: wanted.to_string(),
                    available: names.clone(),
                })
            })
    };
    let first = match options.sheets.first() {
        Some(name) => position(name)?,
        None => match headers.iter().position(Option::is_some) {
            Some(i) => i,
            // No header anywhere: name the sheet with data, as a user would look there.
            None if options.header_row.is_none() => {
                let with_data = sheets
                    .iter()
                    .find(|s| !s.rows.is_empty())
                    .unwrap_or(&sheets[0]);
                return Err(ImportError::NoHeader {
                    sheet: with_data.name.clone(),
                });
            }
            None => sheets.iter().position(|s| !s.rows.is_empty()).unwrap_or(0),
        },
    };
    if let Some(n) = options.header_row {
        headers[first] = find_header(conn, &sheets[first].rows, Some(n), &overridden)?;
    }
    let Some(key) = headers[first].as_ref().map(|h| h.key.clone()) else {
        return Err(ImportError::NoHeader {
            sheet: names[first].clone(),
        });
    };
    let same = |i: usize| headers[i].as_ref().is_some_and(|h| h.key == key);
    let mut used = vec![first];
    if options.sheets.len() > 1 {
        for name in &options.sheets[1..] {
            let i = position(name)?;
            if !same(i) {
                return Err(ImportError::HeaderMismatch {
                    sheet: names[i].clone(),
                    first: names[first].clone(),
                });
            }
            if !used.contains(&i) {
                used.push(i);
            }
        }
    } else if options.all_sheets && options.sheets.is_empty() {
        used.extend((0..sheets.len()).filter(|i| *i != first && same(*i)));
    }
    let summaries: Vec<SheetSummary> = sheets
        .iter()
        .zip(&headers)
        .enumerate()
        .map(|(i, (s, h))| SheetSummary {
            name: s.name.clone(),
            rows: h
                .as_ref()
                .map_or(s.rows.len(), |h| s.rows.len() - h.data_start),
            same_header: same(i),
            used: used.contains(&i),
        })
        .collect();
    let notes = sheet_notes(&summaries, first);
    let format = sheets[first].format;
    let encoding = sheets[first].encoding.clone();
    let sheet_names = sheets[first].sheet_names.clone();
    let (header_row, header_cells) = match &headers[first] {
        Some(h) => (sheets[first].rows[h.index].number, h.cells.clone()),
        None => (0, Vec::new()),
    };
    let mut sheets: Vec<Option<Sheet>> = sheets.into_iter().map(Some).collect();
    let parts: Vec<Part> = used
        .iter()
        .filter_map(|i| {
            Some(Part {
                data_start: headers[*i].as_ref()?.data_start,
                sheet: sheets[*i].take()?,
            })
        })
        .collect();
    let remembered = match queries::get_header_mapping(conn, &key)? {
        Some(json) => headers::decode_mapping(&json, header_cells.len()),
        None => None,
    };
    let mut columns =
        headers::map_columns(&header_cells, &options.overrides, remembered.as_deref());
    let mut layout = Layout {
        format,
        encoding,
        sheet_names,
        parts,
        header_row,
        header_key: key,
        columns: Vec::new(),
        summaries,
        notes,
    };
    let data: Vec<&Row> = layout.data().take(200).collect();
    if let Some(note) = propose_id_column(&mut columns, &data) {
        layout.notes.push(note);
    }
    layout.columns = columns;
    let filled: usize = layout.parts.iter().map(|p| p.sheet.merged_filled).sum();
    if filled > 0 {
        layout
            .notes
            .push(format!("合并单元格已向下填充：{filled} 处"));
    }
    Ok(layout)
}

/// What the user should know about the sheets: which one was read, which were passed
/// over, and other sheets with the same header that were left out.
fn sheet_notes(summaries: &[SheetSummary], first: usize) -> Vec<String> {
    let mut notes = Vec::new();
    if summaries.len() <= 1 {
        return notes;
    }
    let used: Vec<&str> = summaries
        .iter()
        .filter(|s| s.used)
        .map(|s| s.name.as_str())
        .collect();
    if used.len() > 1 {
        notes.push(format!(
            "已把 {} 个表头相同的工作表作为一份名单读取：{}",
            used.len(),
            used.join("、")
        ));
    } else {
        let passed: Vec<&str> = summaries[..first].iter().map(|s| s.name.as_str()).collect();
        let mut note = format!("读取工作表「{}」", summaries[first].name);
        if !passed.is_empty() {
            note.push_str(&format!(
                "（前面的「{}」中没有名单表头，已跳过）",
                passed.join("」「")
            ));
        }
        notes.push(note);
    }
    let left: Vec<&SheetSummary> = summaries
        .iter()
        .filter(|s| s.same_header && !s.used)
        .collect();
    if !left.is_empty() {
        let rows: usize = left.iter().map(|s| s.rows).sum();
        let names: Vec<&str> = left.iter().map(|s| s.name.as_str()).collect();
        notes.push(format!(
            "另有 {} 个工作表的表头与「{}」相同（{}，共 {rows} 行），没有读取。\
             如果它们也是名单的一部分，请选择导入所有表头相同的工作表。",
            left.len(),
            summaries[first].name,
            names.join("、")
        ));
    }
    notes
}

/// The header of one sheet: the row the user named, else a layout remembered from an
/// earlier import, else the top row with the most known header names.
fn find_header(
    conn: &Connection,
    rows: &[Row],
    header_row: Option<u32>,
    overridden: &HashSet<String>,
) -> Result<Option<Header>, ImportError> {
    let index = match header_row {
        Some(n) => Some(
            rows.iter()
                .position(|r| r.number == n)
                .ok_or(ImportError::BadHeaderRow(n))?,
        ),
        None => match remembered_header(conn, rows)? {
            Some(i) => Some(i),
            None => {
                let known = |h: &str| headers::is_known_header(h) || overridden.contains(h);
                tabular::find_header(rows, known, 2)
            }
        },
    };
    Ok(index.map(|index| {
        let (cells, data_start) = header_cells(rows, index);
        Header {
            index,
            key: headers::header_key(&cells),
            cells,
            data_start,
        }
    }))
}

/// The first of the top rows whose headers were mapped and remembered before: a layout
/// the user already explained is found even when no header is a known name.
fn remembered_header(conn: &Connection, rows: &[Row]) -> Result<Option<usize>, ImportError> {
    for (i, row) in rows.iter().take(tabular::HEADER_SCAN_ROWS).enumerate() {
        if row.cells.len() >= 2
            && queries::get_header_mapping(conn, &headers::header_key(&row.cells))?.is_some()
        {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

/// The header texts, and where the data starts. Handles the two shapes merged header
/// cells take: a name merged down from the row above (group headers, "学号" spanning two
/// rows), and a sub-header row below (e.g. "联系方式" over "手机" and "邮箱"), where the
/// key columns are blank or repeat the header (a merged cell filled down).
fn header_cells(rows: &[Row], index: usize) -> (Vec<String>, usize) {
    let mut cells = rows[index].cells.clone();
    let known = |c: &str| headers::is_known_header(&tabular::normalize_header(c));
    if index > 0 {
        let above = &rows[index - 1];
        for (i, cell) in cells.iter_mut().enumerate() {
            if cell.is_empty() && known(above.cell(i)) {
                *cell = above.cell(i).to_string();
            }
        }
    }
    let Some(next) = rows.get(index + 1) else {
        return (cells, index + 1);
    };
    let key_cols: Vec<usize> = cells
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(Field::from_header(c), Some(Field::StudentNo | Field::Name)))
        .map(|(i, _)| i)
        .collect();
    let is_sub_header = !key_cols.is_empty()
        && key_cols
            .iter()
            .all(|i| next.cell(*i).is_empty() || next.cell(*i) == cells[*i])
        && next
            .cells
            .iter()
            .enumerate()
            .any(|(i, c)| known(c) && cells.get(i).is_none_or(|h| h != c));
    if !is_sub_header {
        return (cells, index + 1);
    }
    if next.cells.len() > cells.len() {
        cells.resize(next.cells.len(), String::new());
    }
    for (i, c) in next.cells.iter().enumerate() {
        if !c.is_empty() {
            cells[i] = c.clone();
        }
    }
    (cells, index + 2)
}

/// When no column is the ID column, a detected "extra" column whose values are mostly
/// valid ID numbers becomes it (an ID column under a header nobody expected). Returns
/// the note that says so.
fn propose_id_column(columns: &mut [ColumnMapping], data: &[&Row]) -> Option<String> {
    if columns
        .iter()
        .any(|c| c.target == Target::Field(Field::IdNumber))
    {
        return None;
    }
    let candidate = columns.iter_mut().find(|c| {
        c.target == Target::Extra
            && c.source == MappingSource::Detected
            && mostly_id_numbers(data.iter().map(|r| r.cell(c.index)))
    })?;
    candidate.target = Target::Field(Field::IdNumber);
    Some(format!(
        "「{}」列（{} 列）的内容大多是身份证号，已作为身份证号列；如不对，请在列设置中更改",
        candidate.header, candidate.letter
    ))
}

/// At least 80 % of the first 200 non-empty values (and at least 3) are valid ID numbers.
fn mostly_id_numbers<'r>(cells: impl Iterator<Item = &'r str>) -> bool {
    let (mut seen, mut valid) = (0usize, 0usize);
    for cell in cells.filter(|c| !c.is_empty()).take(200) {
        seen += 1;
        valid += usize::from(id_number::validate(&normalize_code(cell)).is_ok());
    }
    valid >= 3 && valid * 5 >= seen * 4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: u32, cells: &[&str]) -> Row {
        Row {
            number,
            cells: cells.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn a_merged_two_row_header_reads_its_sub_header() {
        // 学号/姓名 merged over two rows and filled down; 联系方式 over 手机/邮箱.
        let rows = vec![
            row(1, &["学号", "姓名", "联系方式", ""]),
            row(2, &["学号", "姓名", "手机", "邮箱"]),
            row(3, &["2022001", "张三", "13800138000", "a@b.c"]),
        ];
        let (cells, start) = header_cells(&rows, 0);
        assert_eq!(cells, ["学号", "姓名", "手机", "邮箱"]);
        assert_eq!(start, 2);
    }

    #[test]
    fn an_id_column_is_found_by_its_values() {
        let first17 = "11010519491231002";
        let id = format!("{first17}{}", id_number::check_char(first17).unwrap_or('0'));
        let rows: Vec<Row> = (0..5).map(|i| row(i + 2, &["S", "张三", &id])).collect();
        let headers: Vec<String> = ["学号", "姓名", "备注2"].map(String::from).to_vec();
        let mut cols = headers::map_columns(&headers, &[], None);
        let data: Vec<&Row> = rows.iter().collect();
        let note = propose_id_column(&mut cols, &data);
        assert!(note.is_some_and(|n| n.contains("备注2")));
        assert_eq!(cols[2].target, Target::Field(Field::IdNumber));
    }
}
