//! Chinese resident ID numbers (GB 11643): check digit, birth date, gender, masking.

use chrono::NaiveDate;

/// Weights of GB 11643 / ISO 7064 MOD 11-2 for the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character for 17 leading digits, or `None` if they are not 17 digits.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(CHECK_CHARS[(sum % 11) as usize])
}

/// Gender as recorded in the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub enum Gender {
    #[serde(rename = "男")]
    Male,
    #[serde(rename = "女")]
    Female,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }

    /// Accepts 男/女 and the common English and coded forms.
    pub fn parse(text: &str) -> Option<Gender> {
        match text.trim() {
            "男" | "男性" | "M" | "m" | "male" | "Male" | "1" => Some(Gender::Male),
            "女" | "女性" | "F" | "f" | "female" | "Female" | "2" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// What a valid ID number says about its holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdInfo {
    pub birth: NaiveDate,
    pub gender: Gender,
}

/// Why an ID number is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdProblem {
    #[error("身份证号应为 18 位，实际为 {0} 位")]
    Length(usize),
    #[error("身份证号前 17 位应全为数字")]
    NotDigits,
    #[error("身份证号中的出生日期不存在")]
    BirthDate(String),
    #[error("身份证号校验位错误（应为 {expected}）")]
    CheckDigit { expected: char },
}

/// Validates an 18-character ID number (upper-case X accepted as lower-case too).
pub fn validate(id: &str) -> Result<IdInfo, IdProblem> {
    let id = id.trim();
    let n = id.chars().count();
    if n != 18 {
        return Err(IdProblem::Length(n));
    }
    // Byte positions below are character positions only for ASCII ("４" is 3 bytes).
    if !id.is_ascii() {
        return Err(IdProblem::NotDigits);
    }
    let (first17, last) = id.split_at(17);
    let expected = check_char(first17).ok_or(IdProblem::NotDigits)?;
    let birth_text = &first17[6..14];
    // Digits only (the check character said so): the date is read by position.
    let number = |r: std::ops::Range<usize>| birth_text[r].parse::<u32>().ok();
    let birth = (number(0..4), number(4..6), number(6..8));
    let birth = match birth {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
        _ => None,
    }
    .ok_or_else(|| IdProblem::BirthDate(birth_text.to_string()))?;
    if !matches!(last.as_bytes(), [b] if b.eq_ignore_ascii_case(&(expected as u8))) {
        return Err(IdProblem::CheckDigit { expected });
    }
    let gender = if (first17.as_bytes()[16] - b'0') % 2 == 1 {
        Gender::Male
    } else {
        Gender::Female
    };
    Ok(IdInfo { birth, gender })
}

/// True when `text` has the shape of an 18-character ID number (17 digits, then a digit
/// or X), whether or not its check digit holds: such a value is masked wherever it shows.
pub fn looks_like(text: &str) -> bool {
    let t = text.trim().as_bytes();
    t.len() == 18
        && t[..17].iter().all(u8::is_ascii_digit)
        && (t[17].is_ascii_digit() || t[17].eq_ignore_ascii_case(&b'x'))
}

/// `text` with every ID-number-shaped run inside it masked ("原身份证号 4406…0402 已更正"
/// → "原身份证号 440***********0402 已更正"): free text in an unmapped column can carry one.
pub fn mask_embedded(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let mut end = i;
        if end - start == 17 && i < bytes.len() && bytes[i].eq_ignore_ascii_case(&b'x') {
            end += 1;
            i += 1;
        }
        if end - start == 18 {
            let o = out.get_or_insert_with(String::new);
            o.push_str(&text[last..start]);
            o.push_str(&mask(&text[start..end]));
            last = end;
        }
    }
    match out {
        None => std::borrow::Cow::Borrowed(text),
        Some(mut o) => {
            o.push_str(&text[last..]);
            std::borrow::Cow::Owned(o)
        }
    }
}

/// True for what an 18-digit ID number becomes when Excel keeps only 15 significant
/// digits: it ends in 000 and its check digit fails.
pub fn truncated_by_excel(text: &str) -> bool {
    looks_like(text) && text.trim().ends_with("000") && validate(text).is_err()
}

/// Masks all but the first 3 and last 4 characters: `110***********123X`.
pub fn mask(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len());
    }
    let tail = chars.len() - 4;
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < 3 || i >= tail { *c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_valid_number() {
        // The standard's own example.
        let info = validate("11010519491231002X").unwrap();
        assert_eq!(info.birth, NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(info.gender, Gender::Female);
        assert!(validate("11010519491231002x").is_ok());
    }

    #[test]
    fn problems_are_named() {
        assert_eq!(
            validate("110105194912310021"),
            Err(IdProblem::CheckDigit { expected: 'X' })
        );
        assert_eq!(validate("1101051949123100"), Err(IdProblem::Length(16)));
        assert!(matches!(
            validate("110105194902300021"),
            Err(IdProblem::BirthDate(_))
        ));
        // 1949 is not a leap year; 2000 is, and 1900 is not.
        for (id, ok) in [
            ("110105194902290021", false),
            ("110105200002290021", true),
            ("110105190002290021", false),
            ("110105194913010021", false),
            ("110105194900010021", false),
        ] {
            let birth_ok = !matches!(validate(id), Err(IdProblem::BirthDate(_)));
            assert_eq!(birth_ok, ok, "{id}");
        }
        assert_eq!(validate("11010519491231A02X"), Err(IdProblem::NotDigits));
        // Multi-byte characters once made `split_at` panic.
        assert_eq!(validate("１1010519491231002X"), Err(IdProblem::NotDigits));
        assert_eq!(validate("1101051949123100２X"), Err(IdProblem::NotDigits));
    }

    #[test]
    fn excel_truncation_is_recognised() {
        assert!(looks_like("11010519491231002x"));
        assert!(!looks_like("1101051949123100"));
        assert!(truncated_by_excel("440604200001011000"));
        // Ends in 000 with a correct check digit: a real number.
        let first17 = "11010519491231000";
        let valid = format!("{first17}{}", check_char(first17).unwrap());
        assert!(!truncated_by_excel(&valid) || !valid.ends_with("000"));
    }

    #[test]
    fn masks_numbers_inside_text() {
        assert_eq!(
            mask_embedded("原号 11010519491231002x 已改"),
            "原号 110***********002x 已改"
        );
        assert_eq!(mask_embedded("电话 13800138000"), "电话 13800138000");
        assert_eq!(mask_embedded("1234567890123456789"), "1234567890123456789");
    }

    #[test]
    fn masks_the_middle() {
        assert_eq!(mask("11010519491231002X"), "110***********002X");
        assert_eq!(mask("123"), "***");
    }
}
