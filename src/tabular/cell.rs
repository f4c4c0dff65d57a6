//! Turning one spreadsheet cell into the text the office meant.

use calamine::Data;

/// Characters trimmed from both ends of every cell: whitespace (the full-width U+3000
/// and no-break space included), and the zero-width characters that copy-paste leaves.
fn is_trimmed(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{3000}' | '\u{a0}' | '\u{feff}' | '\u{200b}')
}

/// Trims `text` as every cell is trimmed, reusing its buffer when nothing changes.
pub fn clean_text(text: String) -> String {
    let trimmed = text.trim_matches(is_trimmed);
    if trimmed.len() == text.len() {
        text
    } else {
        trimmed.to_string()
    }
}

/// A number as Excel shows it in a General cell: 20221234.0 → "20221234".
pub(super) fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e21 {
        format!("{f:.0}")
    } else {
        f.to_string()
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
    }

    #[test]
    fn trims_full_width_and_zero_width_space() {
        assert_eq!(clean_text("\u{3000}张三 \u{200b}".into()), "张三");
        assert_eq!(clean_text("李四".into()), "李四");
    }
}
