//! The schedule (附件1 拍摄安排): one table per date and campus with time, arrival,
//! venue, college, class and headcount; the table header repeats on every page.

use rusqlite::Connection;

use super::fonts::FontSet;
use super::layout::{Align, Column, Layout, Margins, Style, TableStyle};
use super::sign_in::Scope;
use super::{campus_label, date_with_weekday, PrintError, Result};
use crate::campaign::CampaignDetail;
use crate::plan::{self, Slot};

/// The stored schedule within `scope`, laid out as a PDF.
pub fn print(
    conn: &Connection,
    detail: &CampaignDetail,
    scope: &Scope,
    fonts: &FontSet,
) -> Result<Vec<u8>> {
    let schedule = plan::load_schedule(conn, detail.campaign.id)?;
    if schedule.slots.is_empty() {
        return Err(PrintError::NoSchedule("拍摄安排"));
    }
    let slots: Vec<Slot> = schedule
        .slots
        .into_iter()
        .filter(|s| scope.keeps(s))
        .collect();
    if slots.is_empty() {
        return Err(PrintError::NothingSelected {
            what: "拍摄场次",
            scope: format!("{scope:?}"),
        });
    }
    render(&detail.campaign.facts.name, &slots, fonts)
}

/// Lays out slots (already in schedule order) grouped by date and campus.
pub fn render(campaign: &str, slots: &[Slot], fonts: &FontSet) -> Result<Vec<u8>> {
    let margins = Margins {
        top: 18.0,
        bottom: 20.0,
        left: 15.0,
        right: 15.0,
    };
    let mut l = Layout::new(fonts, margins);
    l.new_page();
    let centre = (l.left() + l.right()) / 2.0;
    l.text(
        centre,
        l.y + 8.0,
        "附件1：拍摄安排",
        Style::heading(16.0),
        Align::Center,
    );
    l.y += 11.0;
    l.text(
        centre,
        l.y + 5.0,
        campaign,
        Style::body(11.0),
        Align::Center,
    );
    l.y += 9.0;
    let columns = [
        Column::new("拍摄时间", 25.0, Align::Center),
        Column::new("到场时间", 19.0, Align::Center),
        Column::new("场地", 37.0, Align::Center),
        Column::new("学院", 27.0, Align::Center),
        Column::new("班级", 44.0, Align::Left),
        Column::new("人数", 12.0, Align::Center),
        Column::new("辅导员", 16.0, Align::Center),
    ];
    let style = TableStyle {
        header: Style::heading(10.5),
        cell: Style::body(10.0),
        min_row: 7.0,
    };
    let mut i = 0;
    while i < slots.len() {
        let (date, campus) = (slots[i].date, slots[i].campus.clone());
        let group: Vec<&Slot> = slots[i..]
            .iter()
            .take_while(|s| s.date == date && s.campus == campus)
            .collect();
        i += group.len();
        let total: u32 = group.iter().map(|s| s.headcount).sum();
        let heading = format!(
            "{}　{}　共 {} 个班 {} 人",
            date_with_weekday(date),
            campus_label(&campus),
            group.len(),
            total
        );
        // Keep a group's heading with its table header and first rows.
        l.ensure(32.0);
        l.y += 2.0;
        let hs = Style::heading(12.0);
        let x = l.left();
        l.text(x, l.y + 6.0, &heading, hs, Align::Left);
        l.y += 9.0;
        let rows: Vec<Vec<String>> = group
            .iter()
            .map(|s| {
                vec![
                    format!("{}–{}", s.start.format("%H:%M"), s.end.format("%H:%M")),
                    s.arrival.format("%H:%M").to_string(),
                    s.venue.clone(),
                    s.college.clone(),
                    s.label(),
                    s.headcount.to_string(),
                    s.counselor.clone(),
                ]
            })
            .collect();
        let repeat = heading.clone();
        l.table(&columns, &rows, style, &mut |l| {
            let x = l.left();
            l.text(x, l.y + 6.0, &format!("{repeat}（续）"), hs, Align::Left);
            l.y += 9.0;
        });
        l.y += 5.0;
    }
    let n = l.pages.len();
    l.number_pages(0, n, 297.0 - 10.0, Style::body(9.0));
    Ok(super::pdf::render(l, "附件1：拍摄安排")?)
}
