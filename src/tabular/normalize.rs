//! What office files do to text, undone: full-width digits and letters, invisible
//! characters, names padded to look aligned, numbers Excel wrote in scientific notation,
//! and formula errors standing where a value should be.
//!
//! One place for these rules, so the roster import and the agency lists treat a cell
//! alike.

use unicode_normalization::UnicodeNormalization;

/// Characters that never belong in a cell's content: zero-width spaces and joiners, the
/// word joiner and the byte-order mark that copy-paste from web pages and Word leaves.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}'
    )
}

/// Spaces of every kind: ASCII, no-break (U+00A0), full-width (U+3000) and the rest.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{a0}' | '\u{3000}')
}

/// A code the office types or copies (学号, 身份证号, phone): NFKC (full-width digits and
/// letters become ASCII: "４４０…ｘ" → "440…x"), with every space, control and invisible
/// character removed, since none can belong inside such a code.
pub fn normalize_code(text: &str) -> String {
    if text.bytes().all(|b| b.is_ascii_graphic()) {
        return text.to_string();
    }
    text.nfkc()
        .filter(|c| !is_space(*c) && !is_invisible(*c) && !c.is_control())
        .collect()
}

/// A 学号 or phone as a key: a CSV's text formula unwrapped (some systems write
/// `="0123"` to keep leading zeros), then [`normalize_code`].
pub fn code_key(text: &str) -> String {
    let unwrapped = text
        .strip_prefix("=\"")
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text);
    normalize_code(unwrapped)
}

/// An ID number as a key: as [`code_key`], with the check letter upper-case (x → X).
pub fn id_key(text: &str) -> String {
    code_key(text).to_ascii_uppercase()
}

/// A person's name as a key: invisible characters removed, spaces trimmed, and a Chinese
/// name padded to look aligned ("林 子", "林\u{3000}子") written without the padding. A
/// name in Latin letters keeps its single inner spaces ("Ali Khan").
pub fn normalize_name(text: &str) -> String {
    let visible: String = text.chars().filter(|c| !is_invisible(*c)).collect();
    let words: Vec<&str> = visible.split(is_space).filter(|w| !w.is_empty()).collect();
    let chinese = |w: &str| w.chars().all(|c| !c.is_ascii() && !is_space(c));
    if words.iter().all(|w| chinese(w)) {
        words.concat()
    } else {
        words.join(" ")
    }
}

/// True for a number as Excel shows a long one in a General cell or writes it to CSV:
/// "2.02204E+11", "4.40604e+17". Such a value has lost digits: never a 学号 or ID number.
pub fn is_scientific(text: &str) -> bool {
    let t = text.trim();
    let Some((mantissa, exponent)) = t.split_once(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !exponent.is_empty()
        && exponent.bytes().all(|b| b.is_ascii_digit())
}

/// The formula errors Excel, WPS and LibreOffice write into a cell (and into a CSV).
const FORMULA_ERRORS: &[&str] = &[
    "#N/A",
    "#REF!",
    "#VALUE!",
    "#DIV/0!",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
    "Err:502",
    "Err:504",
    "Err:508",
    "Err:522",
];

/// The error a cell shows instead of a value (`#N/A`, `#REF!` …), if it is one.
pub fn formula_error(text: &str) -> Option<&'static str> {
    let t = text.trim();
    if !t.starts_with('#') && !t.starts_with("Err:") {
        return None;
    }
    FORMULA_ERRORS
        .iter()
        .find(|e| e.eq_ignore_ascii_case(t))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_lose_full_width_and_invisible_characters() {
        let full_width: String = "11010519491231002x"
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
            .collect();
        assert_eq!(normalize_code(&full_width), "11010519491231002x");
        assert_eq!(normalize_code("0522\u{200b}010001\u{a0}"), "0522010001");
        assert_eq!(normalize_code("138 0013 8000"), "13800138000");
        assert_eq!(normalize_code("\u{3000}2022001"), "2022001");
        assert_eq!(normalize_code("2022001"), "2022001");
        assert_eq!(normalize_code("\0"), "");
        assert_eq!(normalize_code("20\u{1}22"), "2022");
    }

    #[test]
    fn keys_unwrap_text_formulas() {
        assert_eq!(code_key("=\"020221234\""), "020221234");
        assert_eq!(id_key(" 11010519491231002x"), "11010519491231002X");
    }

    #[test]
    fn padded_chinese_names_close_up_latin_names_keep_one_space() {
        assert_eq!(normalize_name("林 子"), "林子");
        assert_eq!(normalize_name("林\u{3000}子\u{200b}"), "林子");
        assert_eq!(normalize_name(" 欧阳  娜娜 "), "欧阳娜娜");
        assert_eq!(normalize_name("Ali  Khan"), "Ali Khan");
        assert_eq!(normalize_name("阿依古丽·买买提"), "阿依古丽·买买提");
    }

    #[test]
    fn scientific_notation_is_recognised() {
        for t in ["2.02204E+11", "4.40604e+17", "4E+17", "1.5E-3"] {
            assert!(is_scientific(t), "{t}");
        }
        for t in [
            "2022001",
            "E+11",
            "2.0E",
            "2022E班",
            "3.5",
            "11010519491231002X",
        ] {
            assert!(!is_scientific(t), "{t}");
        }
    }

    #[test]
    fn formula_errors_are_recognised() {
        assert_eq!(formula_error("#N/A"), Some("#N/A"));
        assert_eq!(formula_error(" #ref! "), Some("#REF!"));
        assert_eq!(formula_error("#DIV/0!"), Some("#DIV/0!"));
        assert_eq!(formula_error("#1班"), None);
        assert_eq!(formula_error("N/A"), None);
    }
}
