//! The 结算单 as an A4 PDF: the bill per route (ours, the agency's, the difference), the
//! counts per college, the students behind a difference, and signature lines for the
//! office and the agency. Laid out with printing's layout layer and fonts; students are
//! named by 学号 and name only.

use super::{yuan, Result, Settlement};
use crate::print::date_long;
use crate::print::fonts::FontSet;
use crate::print::layout::{Align, Column, Layout, Margins, Style, TableStyle, PAGE_H};

const MARGINS: Margins = Margins {
    top: 16.0,
    bottom: 20.0,
    left: 18.0,
    right: 18.0,
};

const TABLE: TableStyle = TableStyle {
    header: Style::heading(10.0),
    cell: Style::body(10.0),
    min_row: 7.0,
};

fn section(l: &mut Layout<'_>, title: &str) {
    l.ensure(22.0);
    l.y += 4.0;
    let x = l.left();
    l.text(x, l.y + 5.0, title, Style::heading(12.0), Align::Left);
    l.y += 8.0;
}

/// Lays out the 结算单; `office` names the school's side of the signature lines.
pub fn render(s: &Settlement, office: &str, fonts: &FontSet) -> Result<Vec<u8>> {
    let mut l = Layout::new(fonts, MARGINS);
    l.new_page();
    let centre = (l.left() + l.right()) / 2.0;
    let title = format!("{} 费用结算单", s.campaign);
    l.text(
        centre,
        l.y + 7.0,
        &title,
        Style::heading(16.0),
        Align::Center,
    );
    l.y += 13.0;
    let info = format!(
        "结算截至：{}　　图片社：{}　　合计金额：{} 元",
        date_long(s.as_of),
        if s.agency.is_empty() {
            "（未填）"
        } else {
            &s.agency
        },
        yuan(s.total.amount)
    );
    let x = l.left();
    l.text(x, l.y + 5.0, &info, Style::body(10.5), Align::Left);
    l.y += 8.0;

    section(&mut l, "一、费用汇总");
    let columns = [
        Column::new("项目", 40.0, Align::Left),
        Column::new("单价（元）", 22.0, Align::Right),
        Column::new("本校人数", 22.0, Align::Right),
        Column::new("金额（元）", 26.0, Align::Right),
        Column::new("图片社人数", 24.0, Align::Right),
        Column::new("差异（图片社−本校）", 40.0, Align::Right),
    ];
    let mut rows: Vec<Vec<String>> = s
        .routes
        .iter()
        .map(|r| {
            vec![
                if r.route == super::Route::Refund {
                    "退费（不计入合计）".to_string()
                } else {
                    r.label.to_string()
                },
                yuan(r.unit),
                r.count.to_string(),
                yuan(r.amount),
                r.agency_count.map(|n| n.to_string()).unwrap_or_default(),
                r.difference
                    .map(|d| {
                        if d > 0 {
                            format!("+{d}")
                        } else {
                            d.to_string()
                        }
                    })
                    .unwrap_or_default(),
            ]
        })
        .collect();
    rows.push(vec![
        "合计".into(),
        String::new(),
        (s.total.onsite + s.total.online + s.total.walk_in).to_string(),
        yuan(s.total.amount),
        String::new(),
        String::new(),
    ]);
    l.table(&columns, &rows, TABLE, &mut |_| {});

    section(&mut l, "二、按学院");
    let columns = [
        Column::new("学院", 54.0, Align::Left),
        Column::new("线下集采", 22.0, Align::Right),
        Column::new("线上集采", 22.0, Align::Right),
        Column::new("散拍", 18.0, Align::Right),
        Column::new("金额（元）", 34.0, Align::Right),
        Column::new("退费", 24.0, Align::Right),
    ];
    let rows: Vec<Vec<String>> = s
        .colleges
        .iter()
        .map(|g| {
            let n = &g.counts;
            vec![
                if g.name.is_empty() {
                    "（未填学院）".into()
                } else {
                    g.name.clone()
                },
                n.onsite.to_string(),
                n.online.to_string(),
                n.walk_in.to_string(),
                yuan(n.amount),
                n.refund.to_string(),
            ]
        })
        .collect();
    if rows.is_empty() {
        let x = l.left();
        l.text(
            x,
            l.y + 5.0,
            "尚无任何缴费、拍摄或退费记录。",
            Style::body(10.5),
            Align::Left,
        );
        l.y += 8.0;
    } else {
        l.table(&columns, &rows, TABLE, &mut |_| {});
    }

    section(&mut l, &format!("三、差异明细（{} 人）", s.issues.len()));
    if s.issues.is_empty() {
        let x = l.left();
        l.text(
            x,
            l.y + 5.0,
            "无：每名缴费学生均已线下拍摄，线下拍摄的学生均有缴费记录。",
            Style::body(10.5),
            Align::Left,
        );
        l.y += 8.0;
    } else {
        let columns = [
            Column::new("问题", 34.0, Align::Left),
            Column::new("学号", 31.0, Align::Center),
            Column::new("姓名", 19.0, Align::Center),
            Column::new("班级", 30.0, Align::Left),
            Column::new("记录", 60.0, Align::Left),
        ];
        let rows: Vec<Vec<String>> = s
            .issues
            .iter()
            .map(|i| {
                vec![
                    i.label.to_string(),
                    i.student_no.clone(),
                    i.name.clone(),
                    i.class_name.clone(),
                    i.detail.clone(),
                ]
            })
            .collect();
        l.table(&columns, &rows, TABLE, &mut |_| {});
    }

    // Signature lines for both sides, kept together on one page.
    l.ensure(44.0);
    l.y += 10.0;
    let style = Style::body(11.0);
    let x = l.left();
    let half = l.text_width() / 2.0;
    let sides = [
        format!(
            "学校（{}）",
            if office.is_empty() {
                "教务部"
            } else {
                office
            }
        ),
        format!(
            "图片社（{}）",
            if s.agency.is_empty() {
                "图片社"
            } else {
                &s.agency
            }
        ),
    ];
    for (i, side) in sides.iter().enumerate() {
        let sx = x + half * i as f32;
        l.text(sx, l.y + 5.0, side, Style::heading(11.0), Align::Left);
        l.text(
            sx,
            l.y + 15.0,
            "经办人签字：______________",
            style,
            Align::Left,
        );
        l.text(
            sx,
            l.y + 24.0,
            "日期：______年____月____日",
            style,
            Align::Left,
        );
        l.text(sx, l.y + 33.0, "（盖章）", style, Align::Left);
    }
    l.y += 36.0;
    let last = l.pages.len();
    l.number_pages(0, last, PAGE_H - 10.0, Style::body(9.0));
    Ok(crate::print::pdf::render(l, "结算单").map_err(crate::print::PrintError::from)?)
}
