//! The settlement as an .xlsx workbook for Excel and WPS: 汇总 (per route, ours and the
//! agency's), 按学院, 按班级 and 差异明细 (the students behind a difference). 学号 is a
//! text cell; amounts are numbers in 元 with two decimals.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::{yuan, GroupLine, Result, SettleError, Settlement};

fn fen_to_yuan(f: crate::campaign::Fen) -> f64 {
    // Exact for any amount a campaign reaches (below 2^53 fen).
    f.0 as f64 / 100.0
}

struct Formats {
    title: Format,
    header: Format,
    money: Format,
    text: Format,
}

fn headers(
    sheet: &mut Worksheet,
    row: u32,
    titles: &[&str],
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    for (i, t) in titles.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        sheet.write_string_with_format(row, col, *t, &f.header)?;
        sheet.set_column_width(col, 14)?;
    }
    Ok(())
}

fn groups(
    sheet: &mut Worksheet,
    lines: &[GroupLine],
    with_college: bool,
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    let mut titles = vec!["学院"];
    if with_college {
        titles.push("班级");
    }
    titles.extend([
        "线下集采人数",
        "线上集采人数",
        "散拍人数",
        "金额（元）",
        "退费人数",
    ]);
    headers(sheet, 0, &titles, f)?;
    for (i, g) in lines.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let mut c: u16 = 0;
        if with_college {
            sheet.write_string(r, 0, &g.college)?;
            c = 1;
        }
        sheet.write_string(r, c, &g.name)?;
        let n = &g.counts;
        sheet.write_number(r, c + 1, n.onsite as f64)?;
        sheet.write_number(r, c + 2, n.online as f64)?;
        sheet.write_number(r, c + 3, n.walk_in as f64)?;
        sheet.write_number_with_format(r, c + 4, fen_to_yuan(n.amount), &f.money)?;
        sheet.write_number(r, c + 5, n.refund as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn book(s: &Settlement) -> std::result::Result<Vec<u8>, XlsxError> {
    let f = Formats {
        title: Format::new().set_bold().set_font_size(14),
        header: Format::new()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_background_color(0xDDEBF7),
        money: Format::new().set_num_format("0.00"),
        text: Format::new().set_num_format("@"),
    };
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("汇总")?;
    sheet.write_string_with_format(0, 0, format!("{} 学历照采集费用结算", s.campaign), &f.title)?;
    sheet.write_string(1, 0, format!("截至 {}；图片社：{}", s.as_of, s.agency))?;
    headers(
        sheet,
        3,
        &[
            "项目",
            "单价（元）",
            "人数",
            "金额（元）",
            "图片社人数",
            "差异（图片社−本校）",
        ],
        &f,
    )?;
    for (i, line) in s.routes.iter().enumerate() {
        let r = 4 + u32::try_from(i).unwrap_or(0);
        sheet.write_string(r, 0, line.label)?;
        sheet.write_number_with_format(r, 1, fen_to_yuan(line.unit), &f.money)?;
        sheet.write_number(r, 2, line.count as f64)?;
        sheet.write_number_with_format(r, 3, fen_to_yuan(line.amount), &f.money)?;
        if let Some(a) = line.agency_count {
            sheet.write_number(r, 4, a as f64)?;
        }
        if let Some(d) = line.difference {
            sheet.write_number(r, 5, d as f64)?;
        }
    }
    let r = 4 + u32::try_from(s.routes.len()).unwrap_or(0);
    sheet.write_string_with_format(r, 0, "合计（不含退费）", &f.header)?;
    sheet.write_number_with_format(r, 3, fen_to_yuan(s.total.amount), &f.money)?;
    sheet.write_string(r + 1, 0, format!("合计金额：{} 元", yuan(s.total.amount)))?;

    let sheet = book.add_worksheet();
    sheet.set_name("按学院")?;
    groups(sheet, &s.colleges, false, &f)?;
    let sheet = book.add_worksheet();
    sheet.set_name("按班级")?;
    groups(sheet, &s.classes, true, &f)?;

    let sheet = book.add_worksheet();
    sheet.set_name("差异明细")?;
    headers(
        sheet,
        0,
        &["问题", "学号", "姓名", "学院", "班级", "记录"],
        &f,
    )?;
    for (i, row) in s.issues.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        sheet.write_string(r, 0, row.label)?;
        sheet.write_string_with_format(r, 1, &row.student_no, &f.text)?;
        sheet.write_string(r, 2, &row.name)?;
        sheet.write_string(r, 3, &row.college)?;
        sheet.write_string(r, 4, &row.class_name)?;
        sheet.write_string(r, 5, &row.detail)?;
    }
    sheet.set_column_width(5, 60)?;
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

/// Writes the workbook to `path`.
pub fn write(s: &Settlement, path: &Path) -> Result<()> {
    let failed = |message: String| SettleError::Write {
        path: path.display().to_string(),
        message,
    };
    let bytes = book(s).map_err(|e| failed(e.to_string()))?;
    crate::store::write_file(path, &bytes, crate::store::Access::Shared)
        .map_err(|e| failed(e.to_string()))
}
