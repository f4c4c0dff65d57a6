//! Finding the header row below title rows, and normalising header text for matching.

use super::Row;

/// How many rows from the top may hold the header (title rows, notes, a blank line…).
pub const HEADER_SCAN_ROWS: usize = 30;

/// Header text reduced for matching: no whitespace anywhere (headers often hold line
/// breaks or padding), no required-field stars, full-width brackets and colon made ASCII,
/// ASCII lower-cased. "身份证 号码*" → "身份证号码".
pub fn normalize_header(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊' | '\u{3000}' | ':' | '：'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The index (into `rows`) of the header row: among the first rows, the first with the
/// most cells for which `is_known(normalized header)` holds, if at least `min_known`.
/// A title row ("2025届毕业生名单", usually merged across the columns) matches at most
/// one name and so loses to the real header.
pub fn find_header(
    rows: &[Row],
    is_known: impl Fn(&str) -> bool,
    min_known: usize,
) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in rows.iter().take(HEADER_SCAN_ROWS).enumerate() {
        let known = row
            .cells
            .iter()
            .filter(|c| !c.is_empty() && is_known(&normalize_header(c)))
            .count();
        if known >= min_known.max(1) && best.is_none_or(|(_, k)| known > k) {
            best = Some((i, known));
        }
    }
    best.map(|(i, _)| i)
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
    fn skips_title_rows() {
        let rows = vec![
            row(1, &["2025届毕业生名单"]),
            row(2, &["制表：教务部", "", "学号"]),
            row(4, &["序号", "学号", "姓名", "班级"]),
            row(5, &["1", "2022001", "张三", "软件2201"]),
        ];
        let known = |h: &str| matches!(h, "学号" | "姓名" | "班级");
        assert_eq!(find_header(&rows, known, 2), Some(2));
        assert_eq!(find_header(&rows, known, 4), None);
    }

    #[test]
    fn normalises_spacing_and_marks() {
        assert_eq!(normalize_header(" 身份证\n号码* "), "身份证号码");
        assert_eq!(normalize_header("联系电话（手机）"), "联系电话(手机)");
        assert_eq!(normalize_header("ID"), "id");
    }
}
