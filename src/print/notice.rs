//! The notice (通知): a template the office can edit, filled in from the campaign (dates,
//! fees, batch code, venues, contacts) and laid out like the reference notice: title,
//! addressee, numbered sections, the 工作安排表 timeline table, the attachment list, and
//! the office's name and the notice date at the bottom right.
//!
//! Template lines: `# ` title, `## ` section heading, `= ` a paragraph without first-line
//! indent (addressee, attachments), anything else an indented paragraph. Placeholders are
//! `{名称}`; `{工作安排表}` and `{落款}` stand alone on their line; `{{`/`}}` are braces.

use std::collections::BTreeMap;

use chrono::Datelike;
use rusqlite::Connection;

use super::fonts::FontSet;
use super::layout::{Align, Column, Layout, Margins, Style, TableStyle};
use super::{campus_label, date_long, date_range, date_short, queries, PrintError, Result};
use crate::campaign::{CampaignDetail, CampaignId, MilestoneKind, DEFAULT_THROUGHPUT_PER_HOUR};

/// The wording of the reference notice with the campaign's facts as placeholders.
pub const DEFAULT_TEMPLATE: &str = "\
# 关于{届别}届毕业生电子照片采集的通知
= {届别}届全体毕业生（含{三年制年级}级三年制、{两年制年级}级两年制）：
根据教育部对全国高等学校毕业生电子信息采集和学历证书电子注册的要求，我校毕业生的学历证书数码图像统一由教育部委托的新华社中国图片社完成采集。所采集照片将上传至中国高等教育学生信息网（学信网）学历认证系统，并用于毕业证书的制作。未按要求采集电子图像者，学历证书将不能在学信网进行认证，同时学校将无法制发毕业证书。现将相关事项通知如下：
## 一、采集日期及地点
{采集日期及地点}
具体安排见附件1：拍摄安排。
## 二、采集对象
全体{届别}届毕业生（包括现代学徒制校外教学点和专业学院）。
## 三、缴费事宜
图像采集费用由图片社向学生本人收取（金额：{线下集采费}）。学生需提前通过“新华社广东高校图像集采中心”小程序缴费（仅限参加线下集采的同学），小程序采集批次特征码为：{采集批次特征码}（具体操作流程见附件2：学生缴费操作手册）。
缴费时间：即日起至{缴费截止}。
（注意：缴费不成功者视为放弃拍照，不能现场补缴补拍，只能自行到图片社指定地点拍摄（散拍事宜详见第五点）。已缴费不能拍照者可通过小程序申请退费，或致电{图片社电话}解决。）
## 四、图像采集须知
1、拍摄速度约{拍摄速度}人/小时/台，一个班级拍摄时间大约为15分钟。请各班根据拍摄安排计算好本班拍摄时间，提前二十分钟到场排队准备。
2、提前准备采集码：图像采集现场学生不需要提供身份证件，用采集码进行身份认证。学生本人可通过学信网学信档案、学信网微信公众号或学信网手机APP获取本人采集码（详见附件3：学生获取图像采集码方式）。
注：本次采集对象仅为学籍状态为“注册学籍”、预计毕业年份为{届别}年的学生。
3、采集流程为：出示采集码—扫码—拍摄—离开，拍摄时务必提前打开采集码。
4、照片为正面、免冠证件照，背景为蓝色，建议着深色正装，整洁自然。
5、采集照片要求见附件5：拍摄须知。特别提醒：学信网会将学历照片与入学时的录取照片进行比对，如因化妆或修图导致比对不通过而影响毕业证办理的，责任由学生自行承担。
6、如因实习等原因不能到校参加线下集采的同学可选择线上集采，线上集采和线下集采只能二选一。线上集采价格为{线上集采费}，由图片社收取，时间为{线上集采日期}（操作指引见附件4：集中采集小程序用户手册）。
特别提醒：错过线上和线下集中采集时间再去拍摄的，图片社将按照散拍收费（已经交纳的拍摄费用可以向图片社申请退费）。
## 五、关于散拍
如因特殊情况未拍摄相片的同学可自行到图片社拍摄或选择微信小程序散拍。散拍要求如下：
1、散拍时“院校代码”填写“{院校代码}”，地区码填“{地区码}”。填写完后请认真复查，一旦出现错漏，毕业证将无法在网上查询。
2、拍摄费用为{散拍费}/人（由图片社收取），现场拍摄和小程序散拍同价。
3、截止时间：{采集截止}。学校将在{采集截止}向图片社索取此前（含当日）拍摄的散拍照片，未能在此前完成相片采集的学生不纳入毕业审查，不予制证！
4、拍摄地点（各省新华社中国图片社均可）：{图片社}，地址：{图片社地址}，联系电话：{图片社电话}。拍摄前请电话预约，其他省份图片社地址请自行查询。小程序散拍指引见附件6。
## 六、其他注意事项
1、选择线上集采或小程序散拍的同学，上传照片后请关注审核进度，显示审核通过才算完成采集。
2、选择线上集采或小程序散拍的同学务必按照通知中的采集要求（附件5：拍摄须知）进行，如因学信网人像比对不通过造成学历注册受阻、不能按时发放毕业证的，后果由学生自行承担。
3、请在相片拍摄40天后（{核对日期}）登录学信网（www.chsi.com.cn）核对个人学历照信息，如有问题，请咨询{联系人}。
4、已完成采集的照片一经上传至学信网且通过人像比对，学校不接受任何理由的更换；学生自行变更照片导致学信网学历照与纸质毕业证照片不符的，后果自负。
{工作安排表}
= 附件1：拍摄安排
= 附件2：学生缴费操作手册
= 附件3：学生获取图像采集码方式
= 附件4：集中采集小程序用户手册
= 附件5：拍摄须知
= 附件6：散拍小程序使用手册
{落款}
";

/// Every placeholder a template may use.
pub const PLACEHOLDERS: &[&str] = &[
    "届别",
    "三年制年级",
    "两年制年级",
    "任务名称",
    "发文单位",
    "通知日期",
    "院校代码",
    "地区码",
    "采集批次特征码",
    "线下集采费",
    "线上集采费",
    "散拍费",
    "图片社",
    "图片社地址",
    "图片社电话",
    "联系人",
    "拍摄速度",
    "采集日期及地点",
    "缴费开始",
    "缴费截止",
    "线下集采日期",
    "线上集采日期",
    "散拍日期",
    "采集截止",
    "核对日期",
    TABLE,
    SIGNATURE,
];

const TABLE: &str = "工作安排表";
const SIGNATURE: &str = "落款";
const TEMPLATE_KEY: &str = "notice_template";

/// One block of the filled-in notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Title(String),
    Heading(String),
    /// A paragraph; `indent` is false for the addressee and the attachment list.
    Paragraph {
        text: String,
        indent: bool,
    },
    /// The 工作安排表: rows of (时间, 工作内容, 备注).
    Timeline(Vec<[String; 3]>),
    /// Office name and date, bottom right.
    Signature {
        office: String,
        date: String,
    },
}

/// The campaign's template: the edited one, else [`DEFAULT_TEMPLATE`].
pub fn template(conn: &Connection, campaign: CampaignId) -> Result<String> {
    Ok(queries::get_setting(conn, campaign, TEMPLATE_KEY)?
        .unwrap_or_else(|| DEFAULT_TEMPLATE.to_string()))
}

/// Saves an edited template after checking its placeholders; `None` restores the default.
pub fn save_template(conn: &Connection, campaign: CampaignId, text: Option<&str>) -> Result<()> {
    match text {
        Some(t) => {
            check_template(t)?;
            queries::set_setting(conn, campaign, TEMPLATE_KEY, t)?;
        }
        None => queries::delete_setting(conn, campaign, TEMPLATE_KEY)?,
    }
    Ok(())
}

/// Checks that every placeholder is known and every brace is paired.
pub fn check_template(text: &str) -> Result<()> {
    for (n, line) in text.lines().enumerate() {
        substitute(line, n + 1, &mut |_| Ok(String::new()))?;
    }
    Ok(())
}

/// Replaces `{name}` in `line` with `value(name)`; `{{` and `}}` are literal braces.
fn substitute(
    line: &str,
    line_no: usize,
    value: &mut dyn FnMut(&str) -> Result<String>,
) -> Result<String> {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    let bad = || PrintError::BadBrace {
        line: line_no,
        text: line.to_string(),
    };
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('{') | None => return Err(bad()),
                        Some(ch) => name.push(ch),
                    }
                }
                let name = name.trim();
                if !PLACEHOLDERS.contains(&name) {
                    return Err(PrintError::UnknownPlaceholder {
                        name: name.to_string(),
                        line: line_no,
                        known: PLACEHOLDERS.join("、"),
                    });
                }
                out.push_str(&value(name)?);
            }
            '}' => return Err(bad()),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Fills the template in from the campaign.
pub fn expand(detail: &CampaignDetail, template: &str) -> Result<Vec<Block>> {
    let values = Values::new(detail);
    let mut blocks = Vec::new();
    for (n, raw) in template.lines().enumerate() {
        let line = raw.trim_end();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed == format!("{{{TABLE}}}") {
            blocks.push(Block::Timeline(timeline(detail)));
            continue;
        }
        if trimmed == format!("{{{SIGNATURE}}}") {
            let f = &detail.campaign.facts;
            blocks.push(Block::Signature {
                office: f.office_name.clone(),
                date: date_long(f.notice_date),
            });
            continue;
        }
        let (kind, body) = if let Some(rest) = trimmed.strip_prefix("## ") {
            (1, rest)
        } else if let Some(rest) = trimmed.strip_prefix("# ") {
            (0, rest)
        } else if let Some(rest) = trimmed.strip_prefix("= ") {
            (2, rest)
        } else {
            (3, trimmed)
        };
        let text = substitute(body, n + 1, &mut |name| values.get(name))?;
        for part in text.split('\n').filter(|p| !p.trim().is_empty()) {
            blocks.push(match kind {
                0 => Block::Title(part.to_string()),
                1 => Block::Heading(part.to_string()),
                2 => Block::Paragraph {
                    text: part.to_string(),
                    indent: false,
                },
                _ => Block::Paragraph {
                    text: part.to_string(),
                    indent: true,
                },
            });
        }
    }
    Ok(blocks)
}

/// The filled-in notice as plain text, for the preview next to the template editor:
/// the title and headings on their own lines, indented paragraphs with two full-width
/// spaces, the 工作安排表 as tab-separated rows, the signature right-aligned by spaces.
pub fn preview_text(detail: &CampaignDetail, template: &str) -> Result<String> {
    let mut out = String::new();
    for block in expand(detail, template)? {
        match block {
            Block::Title(t) => out.push_str(&format!("{t}\n\n")),
            Block::Heading(t) => out.push_str(&format!("\n{t}\n")),
            Block::Paragraph { text, indent } => {
                out.push_str(if indent { "\u{3000}\u{3000}" } else { "" });
                out.push_str(&text);
                out.push('\n');
            }
            Block::Timeline(rows) => {
                out.push_str("\n时间\t工作内容\t备注\n");
                for [a, b, c] in rows {
                    out.push_str(&format!("{a}\t{b}\t{c}\n"));
                }
                out.push('\n');
            }
            Block::Signature { office, date } => {
                out.push_str(&format!("\n{:>40}\n{:>40}\n", office, date));
            }
        }
    }
    Ok(out)
}

/// The values placeholders stand for.
struct Values<'a> {
    detail: &'a CampaignDetail,
}

impl Values<'_> {
    fn new(detail: &CampaignDetail) -> Values<'_> {
        Values { detail }
    }

    fn milestone(
        &self,
        placeholder: &str,
        kind: MilestoneKind,
    ) -> Result<&crate::campaign::Milestone> {
        self.detail
            .milestone(kind)
            .ok_or_else(|| PrintError::MissingMilestone {
                placeholder: format!("{{{placeholder}}}"),
                milestone: kind.label(),
            })
    }

    fn get(&self, name: &str) -> Result<String> {
        use MilestoneKind::*;
        let f = &self.detail.campaign.facts;
        let range = |kind| {
            self.milestone(name, kind)
                .map(|m| date_range(m.start, m.end))
        };
        Ok(match name {
            "届别" => f.grad_year.to_string(),
            "三年制年级" => (f.grad_year - 3).to_string(),
            "两年制年级" => (f.grad_year - 2).to_string(),
            "任务名称" => f.name.clone(),
            "发文单位" => f.office_name.clone(),
            "通知日期" => date_long(f.notice_date),
            "院校代码" => f.school_code.clone(),
            "地区码" => f.region_code.clone(),
            "采集批次特征码" => f.batch_code.clone(),
            "线下集采费" => f.fee_onsite.to_string(),
            "线上集采费" => f.fee_online.to_string(),
            "散拍费" => f.fee_walk_in.to_string(),
            "图片社" => f.agency_name.clone(),
            "图片社地址" => f.agency_address.clone(),
            "图片社电话" => f.agency_phone.clone(),
            "联系人" => f.office_contact.clone(),
            "拍摄速度" => self
                .detail
                .venues
                .first()
                .map_or(DEFAULT_THROUGHPUT_PER_HOUR, |v| v.throughput_per_hour)
                .to_string(),
            "采集日期及地点" => places(self.detail),
            "缴费开始" => {
                let m = self.milestone(name, Payment)?;
                date_long(m.start.unwrap_or(f.notice_date))
            }
            "缴费截止" => date_long(self.milestone(name, Payment)?.end),
            "线下集采日期" => range(Onsite)?,
            "线上集采日期" => range(Online)?,
            "散拍日期" => range(WalkIn)?,
            "采集截止" => date_long(self.milestone(name, FinalDeadline)?.end),
            "核对日期" => range(Verification)?,
            _ => String::new(),
        })
    }
}

/// "4月28日-29日：高明校区（学生活动中心舞蹈室）", one line per group of campuses that
/// shoot on the same days, in date order.
fn places(detail: &CampaignDetail) -> String {
    // campus → (dates, venues in order)
    let mut by_campus: BTreeMap<i64, (Vec<chrono::NaiveDate>, Vec<String>)> = BTreeMap::new();
    for w in &detail.windows {
        let Some(v) = detail.venues.iter().find(|v| v.id == w.venue_id) else {
            continue;
        };
        let e = by_campus.entry(v.campus_id).or_default();
        if !e.0.contains(&w.date) {
            e.0.push(w.date);
        }
        if !e.1.contains(&v.name) {
            e.1.push(v.name.clone());
        }
    }
    let mut groups: Vec<(Vec<chrono::NaiveDate>, Vec<String>)> = Vec::new();
    for c in &detail.campuses {
        let Some((mut dates, venues)) = by_campus.remove(&c.id) else {
            continue;
        };
        dates.sort();
        let label = format!("{}（{}）", campus_label(&c.name), venues.join("、"));
        match groups.iter_mut().find(|g| g.0 == dates) {
            Some(g) => g.1.push(label),
            None => groups.push((dates, vec![label])),
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    groups
        .iter()
        .map(|(dates, labels)| format!("{}：{}", day_list(dates), labels.join("、")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// "4月28日-29日" for consecutive days of one month, else "4月28日、5月2日".
fn day_list(dates: &[chrono::NaiveDate]) -> String {
    let (Some(first), Some(last)) = (dates.first(), dates.last()) else {
        return String::new();
    };
    let consecutive = dates.windows(2).all(|w| (w[1] - w[0]).num_days() == 1);
    if dates.len() > 1 && consecutive && first.month() == last.month() {
        format!("{}-{}日", date_short(*first), last.day())
    } else {
        dates
            .iter()
            .map(|d| date_short(*d))
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// The timeline rows in the reference's order: by start date (a milestone without one by
/// its end), except the final deadline, which follows the walk-in row — the reference
/// gives 散拍 the deadline as its date — rather than a later-starting row such as
/// 学历照核对.
fn timeline(detail: &CampaignDetail) -> Vec<[String; 3]> {
    let mut ms = detail.milestones.clone();
    let key = |m: &crate::campaign::Milestone| (m.start.unwrap_or(m.end), m.end);
    let walk_in = detail.milestone(MilestoneKind::WalkIn).map(key);
    ms.sort_by_key(|m| match (m.kind, walk_in) {
        (MilestoneKind::FinalDeadline, Some(w)) => (w, 1),
        _ => (key(m), 0),
    });
    ms.iter()
        .map(|m| {
            // Two short lines rather than one wrapped at an arbitrary character.
            let when = match (m.kind, m.start) {
                (MilestoneKind::Payment, Some(s)) if s <= detail.campaign.facts.notice_date => {
                    format!("即日起\n至{}", date_long(m.end))
                }
                (_, None) => format!("{}前", date_long(m.end)),
                (_, Some(s)) if s == m.end => date_long(s),
                (_, Some(s)) => match date_range(Some(s), m.end).split_once('至') {
                    Some((a, b)) => format!("{a}\n至{b}"),
                    None => date_range(Some(s), m.end),
                },
            };
            [when, m.kind.label().to_string(), m.note.clone()]
        })
        .collect()
}

/// Lays the notice out on A4 pages and returns the PDF.
pub fn render(detail: &CampaignDetail, template: &str, fonts: &FontSet) -> Result<Vec<u8>> {
    let blocks = expand(detail, template)?;
    let margins = Margins {
        top: 25.0,
        bottom: 22.0,
        left: 25.0,
        right: 22.0,
    };
    let mut l = Layout::new(fonts, margins);
    l.new_page();
    let body = Style::body(12.0);
    let lh = 7.2;
    for b in &blocks {
        match b {
            Block::Title(t) => {
                let style = Style::heading(18.0);
                for line in l.wrap(t, style, l.text_width()) {
                    l.ensure(11.0);
                    let baseline = l.y + 8.0;
                    l.text(
                        (l.left() + l.right()) / 2.0,
                        baseline,
                        &line,
                        style,
                        Align::Center,
                    );
                    l.y += 11.0;
                }
                l.y += 4.0;
            }
            Block::Heading(t) => {
                // Keep a heading with at least two lines of what follows.
                l.ensure(lh * 3.0);
                l.y += 1.5;
                l.paragraph(t, Style::heading(12.0), 8.5, lh);
            }
            Block::Paragraph { text, indent } => {
                let dx = if *indent { body.em() * 2.0 } else { 0.0 };
                l.paragraph(text, body, dx, lh);
            }
            Block::Timeline(rows) => timeline_table(&mut l, rows),
            Block::Signature { office, date } => {
                l.ensure(lh * 4.0);
                l.y += lh * 1.5;
                let right = l.right() - 8.0;
                let date_w = l.width(date, body);
                let centre = right - date_w / 2.0;
                l.text(centre, l.y + 5.0, office, body, Align::Center);
                l.y += lh;
                l.text(right, l.y + 5.0, date, body, Align::Right);
                l.y += lh;
            }
        }
    }
    let pages = l.pages.len();
    l.number_pages(0, pages, 297.0 - 12.0, Style::body(9.0));
    Ok(super::pdf::render(
        l,
        &format!(
            "关于{}届毕业生电子照片采集的通知",
            detail.campaign.facts.grad_year
        ),
    )?)
}

fn timeline_table(l: &mut Layout<'_>, rows: &[[String; 3]]) {
    let title = Style::heading(14.0);
    // The title, the header row and a three-line first row stay together.
    l.ensure(50.0);
    l.y += 5.0;
    l.text(
        (l.left() + l.right()) / 2.0,
        l.y + 6.0,
        TABLE,
        title,
        Align::Center,
    );
    l.y += 10.0;
    let w = l.text_width();
    let columns = [
        Column::new("时间", 42.0, Align::Center),
        Column::new("工作内容", 28.0, Align::Center),
        Column::new("备注", w - 70.0, Align::Left),
    ];
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.to_vec()).collect();
    let style = TableStyle {
        header: Style::heading(11.0),
        cell: Style::body(10.5),
        min_row: 9.0,
    };
    l.table(&columns, &rows, style, &mut |_| {});
    l.y += 6.0;
}

/// The campaign's notice with its saved template.
pub fn print(conn: &Connection, detail: &CampaignDetail, fonts: &FontSet) -> Result<Vec<u8>> {
    let t = template(conn, detail.campaign.id)?;
    render(detail, &t, fonts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_placeholder_is_named_with_its_line() {
        let e = check_template("# 标题\n缴费至{缴费截至}").unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("{缴费截至}") && msg.contains("第 2 行"),
            "{msg}"
        );
        assert!(check_template(DEFAULT_TEMPLATE).is_ok());
        assert!(matches!(
            check_template("a {b"),
            Err(PrintError::BadBrace { .. })
        ));
        assert!(check_template("花括号 {{ 与 }}").is_ok());
    }

    #[test]
    fn day_lists_read_like_the_notice() {
        let d = |m, day| chrono::NaiveDate::from_ymd_opt(2025, m, day).unwrap();
        assert_eq!(day_list(&[d(4, 28), d(4, 29)]), "4月28日-29日");
        assert_eq!(day_list(&[d(4, 30)]), "4月30日");
        assert_eq!(day_list(&[d(4, 28), d(4, 30)]), "4月28日、4月30日");
    }
}
