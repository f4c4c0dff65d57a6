//! Turning one spreadsheet cell into the text the office meant.

use calamine::Data;

/// Characters trimmed from both ends of every cell: whitespace (the full-width U+3000
/// and no-break space included), and the zero-width characters that copy-paste leaves.
fn is_trimmed(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{3000}' | '\u{a0}' | '\u{feff}' | '\u{200b}')
}

/// Trims `text` as every cell is trimmed and drops the zero-width characters inside it
/// (they never belong to a value), reusing its buffer when nothing changes.
pub fn clean_text(text: String) -> String {
    let text = if !text.is_ascii() && text.contains(super::is_invisible) {
        text.replace(super::is_invisible, "")
    } else {
        text
    };
    let trimmed = text.trim_matches(is_trimmed);
    if trimmed.len() == text.len() {
        text
    } else {
        trimmed.to_string()
    }
}

/// Digits Excel keeps of a number: past 15 it writes zeros (an 18-digit ID number typed
/// as a number ends in 000).
const EXCEL_DIGITS: i32 = 15;

/// A number as Excel shows it in a General cell: 20221234.0 → "20221234"; a whole number
/// of more than 15 digits with Excel's 15 significant digits (4.40604200001011e17 →
/// "440604200001011000"), not the binary float's noise ("…011008").
pub(super) fn number_text(f: f64) -> String {
    if !(f.is_finite() && f.fract() == 0.0 && f.abs() < 1e21) {
        return f.to_string();
    }
    if f.abs() < 1e15 && f != 0.0 {
        // Exact: a whole number below 2^53 is an i64 as it is (and `{:.0}` is slow).
        return (f as i64).to_string();
    }
    let digits = f.abs().log10().floor() as i32 + 1;
    if digits <= EXCEL_DIGITS {
        return format!("{f:.0}");
    }
    let scale = 10f64.powi(digits - EXCEL_DIGITS);
    let kept = format!("{:.0}", (f / scale).round());
    format!("{kept}{}", "0".repeat((digits - EXCEL_DIGITS) as usize))
}

/// The formula error a cell holds instead of a value (`text` is its text as read).
pub(super) fn error_of(cell: &Data, text: &str) -> Option<&'static str> {
    match cell {
        Data::Error(e) => Some(super::formula_error(&e.to_string()).unwrap_or("#ERROR")),
        _ if text.starts_with(['#', 'E']) => super::formula_error(text),
        _ => None,
    }
}

/// The cell's text; takes strings out of the cell instead of copying them.
pub(super) fn data_text(cell: &mut Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => clean_text(std::mem::take(s)),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => clean_text(std::mem::take(s)),
        Data::Error(e) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_lose_the_needless_point_zero() {
        assert_eq!(number_text(20221234.0), "20221234");
        assert_eq!(number_text(3.5), "3.5");
        assert_eq!(number_text(110105194912310000.0), "110105194912310000");
        // What Excel keeps of an 18-digit number: 15 digits, then zeros.
        assert_eq!(number_text(440604200001011234.0), "440604200001011000");
        assert_eq!(number_text(522010001.0), "522010001");
        assert_eq!(number_text(-2025.0), "-2025");
        assert_eq!(number_text(999_999_999_999_999.0), "999999999999999");
        assert_eq!(number_text(1e15), "1000000000000000");
        assert_eq!(number_text(-0.0), "-0");
        assert_eq!(number_text(0.0), "0");
    }

    #[test]
    fn trims_full_width_and_zero_width_space() {
        assert_eq!(clean_text("\u{3000}张三 \u{200b}".into()), "张三");
        assert_eq!(clean_text("李四".into()), "李四");
        assert_eq!(clean_text("0522\u{200b}010001".into()), "0522010001");
    }
}
