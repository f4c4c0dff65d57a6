//! Rows under the header that are not students: the template's hint row ("（必填，12位
//! 数字）", "示例"), a repeated header, totals (合计：2400人), signature lines (制表人 /
//! 审核) and notes. They are skipped and listed, neither imported nor counted as rejected
//! students.

use super::headers::Field;
use super::validate::Plan;
use crate::tabular::{normalize_header, Row};

/// Words of a template's hint row.
const HINTS: &[&str] = &[
    "必填",
    "选填",
    "示例",
    "样例",
    "例如",
    "填写说明",
    "填写要求",
    "格式：",
];
/// A cell that marks its row as an example.
const EXAMPLE: &[&str] = &["示例", "例", "样例", "举例", "例："];
/// How totals rows begin.
const TOTALS: &[&str] = &["合计", "总计", "小计", "共计", "总人数", "人数合计"];
/// Words of the signature lines at the bottom of an office form.
const SIGNATURES: &[&str] = &[
    "制表人",
    "制表：",
    "制表:",
    "审核人",
    "审核：",
    "审核:",
    "负责人",
    "签字",
    "签名",
    "盖章",
    "填表人",
    "填报人",
    "经办人",
    "打印日期",
    "导出时间",
    "制表日期",
    "填报日期",
];
/// How note rows begin.
const NOTES: &[&str] = &[
    "注：",
    "注:",
    "说明：",
    "说明:",
    "备注：",
    "备注:",
    "注意",
    "附：",
];

/// Why `row` is not a student, or `None` when it is one (or is a student with problems,
/// which the validation reports).
pub fn not_a_student(plan: &Plan, row: &Row) -> Option<&'static str> {
    let no = plan.cell(row, Field::StudentNo);
    if is_header_text(no, Field::StudentNo)
        || is_header_text(plan.cell(row, Field::Name), Field::Name)
    {
        return Some("重复的表头行，已跳过");
    }
    let filled = || row.cells.iter().filter(|c| !c.is_empty());
    // A hint sits in the key columns ("（必填，12位数字）"), or a cell says it is an example.
    let name = plan.cell(row, Field::Name);
    if is_hint(no) || is_hint(name) || filled().any(|c| EXAMPLE.contains(&c.as_str())) {
        return Some("表格模板的填写提示行，已跳过");
    }
    // Below: rows that carry no 学号 at all. A real student's row always has digits there,
    // whatever its other cells say ("（专升本）" in 备注 is a remark, not a hint).
    if no.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if filled().any(|c| is_hint(c)) {
        return Some("表格模板的填写提示行，已跳过");
    }
    if filled().any(|c| TOTALS.iter().any(|t| c.starts_with(t))) {
        return Some("合计行，已跳过");
    }
    if filled().any(|c| SIGNATURES.iter().any(|t| c.contains(t))) {
        return Some("制表、审核或签字行，已跳过");
    }
    if filled().any(|c| NOTES.iter().any(|t| c.starts_with(t))) {
        return Some("说明文字行，已跳过");
    }
    None
}

/// A cell that is the column's own header repeated (a second header block, or the
/// header of a sheet pasted below another).
fn is_header_text(cell: &str, field: Field) -> bool {
    !cell.is_empty() && field.synonyms().contains(&normalize_header(cell).as_str())
}

/// A template's hint: a hint word, or the whole cell in brackets ("（12位数字）").
fn is_hint(cell: &str) -> bool {
    let bracketed = (cell.starts_with('（') && cell.ends_with('）'))
        || (cell.starts_with('(') && cell.ends_with(')'));
    bracketed || HINTS.iter().any(|h| cell.contains(h))
}

#[cfg(test)]
mod tests {
    use super::super::headers::map_columns;
    use super::*;

    fn row(cells: &[&str]) -> Row {
        Row {
            number: 5,
            cells: cells.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn hint_total_signature_and_note_rows_are_not_students() {
        let headers: Vec<String> = ["序号", "学号", "姓名", "班级"].map(String::from).to_vec();
        let plan = Plan::new(&map_columns(&headers, &[], None));
        let cases = [
            (row(&["", "（必填，12位数字）", "（必填）"]), true),
            (row(&["示例", "202200000001", "张三", "软件2201"]), true),
            (row(&["合计：2400人"]), true),
            (row(&["", "制表人：张三", "", "审核：李四"]), true),
            (row(&["注：本表由教务系统导出"]), true),
            (row(&["", "学号", "姓名", "班级"]), true),
            (row(&["1", "202200000001", "张三", "软件2201"]), false),
            // A student whose class is called 审核… keeps the 学号: a student.
            (row(&["2", "202200000002", "李四", "审核班"]), false),
            // A remark in brackets on a student's row: a student.
            (
                row(&["4", "202200000004", "赵六", "软件2201", "（专升本）"]),
                false,
            ),
            // No 学号 and nothing that says why: a student with a problem, reported.
            (row(&["3", "", "王五", "软件2201"]), false),
        ];
        for (r, skipped) in cases {
            assert_eq!(not_a_student(&plan, &r).is_some(), skipped, "{:?}", r.cells);
        }
    }
}
