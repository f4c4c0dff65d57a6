//! `campaign set` and `campaign campus|venue|window|milestone …`: what the desktop's
//! 任务概览 page edits, through the same core writes (`campaign::update_facts`,
//! `add_campus` …). Campuses and venues are named (or given by the id `campaign show`
//! lists), windows by id; the core finds them, validates and refuses.

use chrono::{NaiveDate, NaiveTime};
use clap::{Args, Subcommand, ValueEnum};
use rollcall::campaign::{
    self, CampaignDetail, CheckReport, Fen, Milestone, MilestoneKind, VenueInput, WindowInput,
    DEFAULT_THROUGHPUT_PER_HOUR,
};
use rollcall::ops;
use serde_json::{json, Value};

use crate::{print_json, CmdResult, Ctx, Failure};

fn parse_time(text: &str) -> Result<NaiveTime, String> {
    campaign::hhmm::parse(text).ok_or_else(|| format!("时间格式应为 HH:MM，如 08:30：{text}"))
}

fn parse_fee(text: &str) -> Result<Fen, String> {
    text.parse()
}

/// `campaign set`: only the options given change.
#[derive(Args)]
pub struct SetArgs {
    /// 任务名称
    #[arg(long)]
    name: Option<String>,
    /// 届别（预计毕业年份），如 2026
    #[arg(long, value_name = "YEAR")]
    grad_year: Option<i32>,
    /// 发文单位
    #[arg(long)]
    office: Option<String>,
    /// 通知日期
    #[arg(long, value_name = "YYYY-MM-DD")]
    notice_date: Option<NaiveDate>,
    /// 院校代码
    #[arg(long)]
    school_code: Option<String>,
    /// 地区码
    #[arg(long)]
    region_code: Option<String>,
    /// 采集批次特征码
    #[arg(long)]
    batch_code: Option<String>,
    /// 线下集采费（元，如 13.5）
    #[arg(long, value_name = "元", value_parser = parse_fee, allow_hyphen_values = true)]
    fee_onsite: Option<Fen>,
    /// 线上集采费（元）
    #[arg(long, value_name = "元", value_parser = parse_fee, allow_hyphen_values = true)]
    fee_online: Option<Fen>,
    /// 散拍费（元）
    #[arg(long, value_name = "元", value_parser = parse_fee, allow_hyphen_values = true)]
    fee_walk_in: Option<Fen>,
    /// 图片社名称
    #[arg(long)]
    agency: Option<String>,
    /// 图片社地址
    #[arg(long)]
    agency_address: Option<String>,
    /// 图片社电话
    #[arg(long)]
    agency_phone: Option<String>,
    /// 联系人（落款中的联系人与电话）
    #[arg(long)]
    contact: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum CampusCmd {
    /// 添加校区
    Add {
        /// 校区名称，如 高明校区
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// 校区改名
    Set {
        /// 校区名称或编号（见 `campaign show`）
        campus: String,
        /// 新名称
        #[arg(long)]
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// 删除校区（连同其场地与拍摄时段；有场地时需加 --yes 确认）
    Rm {
        /// 校区名称或编号
        campus: String,
        /// 确认连同场地与拍摄时段一起删除
        #[arg(long)]
        yes: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum VenueCmd {
    /// 在校区添加拍摄场地
    Add {
        /// 所在校区（名称或编号）
        #[arg(long)]
        campus: String,
        /// 场地名称，如 体育馆
        #[arg(long)]
        name: String,
        /// 机位数
        #[arg(long)]
        stations: u32,
        /// 每机位每小时拍摄人数
        #[arg(long, default_value_t = DEFAULT_THROUGHPUT_PER_HOUR)]
        throughput: u32,
        #[arg(long)]
        json: bool,
    },
    /// 修改场地的名称、机位数或每小时人数（只改给出的项）
    Set {
        /// 场地名称、「校区/场地」或编号（见 `campaign show`）
        venue: String,
        /// 新名称
        #[arg(long)]
        name: Option<String>,
        /// 机位数
        #[arg(long)]
        stations: Option<u32>,
        /// 每机位每小时拍摄人数
        #[arg(long)]
        throughput: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// 删除场地（连同其拍摄时段；有时段时需加 --yes 确认）
    Rm {
        /// 场地名称、「校区/场地」或编号
        venue: String,
        /// 确认连同拍摄时段一起删除
        #[arg(long)]
        yes: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum WindowCmd {
    /// 为场地添加一个拍摄时段（如某天上午）
    Add {
        /// 场地名称、「校区/场地」或编号
        #[arg(long)]
        venue: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: NaiveDate,
        /// 开始时间
        #[arg(long, value_name = "HH:MM", value_parser = parse_time)]
        start: NaiveTime,
        /// 结束时间
        #[arg(long, value_name = "HH:MM", value_parser = parse_time)]
        end: NaiveTime,
        #[arg(long)]
        json: bool,
    },
    /// 修改拍摄时段的日期或时间（只改给出的项）
    Set {
        /// 时段编号（见 `campaign show`）
        id: i64,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<NaiveDate>,
        #[arg(long, value_name = "HH:MM", value_parser = parse_time)]
        start: Option<NaiveTime>,
        #[arg(long, value_name = "HH:MM", value_parser = parse_time)]
        end: Option<NaiveTime>,
        #[arg(long)]
        json: bool,
    },
    /// 删除拍摄时段
    Rm {
        /// 时段编号
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

/// The milestone kinds as typed on the command line (or by their Chinese names).
#[derive(Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// 线下集采缴费
    #[value(alias = "线下集采缴费")]
    Payment,
    /// 线下集中采集
    #[value(alias = "线下集中采集")]
    Onsite,
    /// 线上集中采集
    #[value(alias = "线上集中采集")]
    Online,
    /// 散拍
    #[value(alias = "散拍")]
    WalkIn,
    /// 采集截止
    #[value(alias = "采集截止")]
    FinalDeadline,
    /// 学历照核对
    #[value(alias = "学历照核对")]
    Verification,
}

impl From<KindArg> for MilestoneKind {
    fn from(k: KindArg) -> MilestoneKind {
        match k {
            KindArg::Payment => MilestoneKind::Payment,
            KindArg::Onsite => MilestoneKind::Onsite,
            KindArg::Online => MilestoneKind::Online,
            KindArg::WalkIn => MilestoneKind::WalkIn,
            KindArg::FinalDeadline => MilestoneKind::FinalDeadline,
            KindArg::Verification => MilestoneKind::Verification,
        }
    }
}

#[derive(Subcommand)]
pub enum MilestoneCmd {
    /// 设置一项日程（工作安排表的一行）；已有的日程只改给出的项
    Set {
        /// 哪一项日程
        #[arg(value_enum)]
        kind: KindArg,
        /// 开始日期
        #[arg(long, value_name = "YYYY-MM-DD")]
        start: Option<NaiveDate>,
        /// 去掉开始日期（单日，或“即日起至”结束日期）
        #[arg(long, conflicts_with = "start")]
        no_start: bool,
        /// 结束日期（新设的日程必须给出）
        #[arg(long, value_name = "YYYY-MM-DD")]
        end: Option<NaiveDate>,
        /// 备注（印在通知的工作安排表中）
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 删除一项日程
    Rm {
        #[arg(value_enum)]
        kind: KindArg,
        #[arg(long)]
        json: bool,
    },
}

fn detail(ctx: &Ctx) -> Result<CampaignDetail, Failure> {
    ops::campaign::detail(&ctx.store, ctx.campaign)
}

/// After a change: the campaign's checks, as the desktop's overview shows them next to
/// the form. JSON: `{changed, check}`; text: the message, each error and the counts.
fn done(ctx: &Ctx, json: bool, changed: Value, message: String) -> CmdResult {
    let report: CheckReport = detail(ctx)?.check();
    if json {
        return print_json(&json!({ "changed": changed, "check": report }));
    }
    outln!("{message}");
    for f in &report.errors {
        outln!("  [错误] {}", f.message);
    }
    if !report.errors.is_empty() || !report.warnings.is_empty() {
        outln!(
            "任务设置还有 {} 个错误、{} 个警告（`rollcall campaign check` 列出全部）。",
            report.errors.len(),
            report.warnings.len()
        );
    }
    Ok(())
}

pub fn set(ctx: &Ctx, a: SetArgs) -> CmdResult {
    let c = ctx.campaign()?;
    let mut f = c.facts.clone();
    let mut changed: Vec<&str> = Vec::new();
    let mut put = |slot: &mut String, value: Option<String>, label: &'static str| {
        if let Some(v) = value {
            *slot = v;
            changed.push(label);
        }
    };
    put(&mut f.name, a.name, "任务名称");
    put(&mut f.office_name, a.office, "发文单位");
    put(&mut f.school_code, a.school_code, "院校代码");
    put(&mut f.region_code, a.region_code, "地区码");
    put(&mut f.batch_code, a.batch_code, "采集批次特征码");
    put(&mut f.agency_name, a.agency, "图片社名称");
    put(&mut f.agency_address, a.agency_address, "图片社地址");
    put(&mut f.agency_phone, a.agency_phone, "图片社电话");
    put(&mut f.office_contact, a.contact, "联系人");
    if let Some(y) = a.grad_year {
        f.grad_year = y;
        changed.push("届别");
    }
    if let Some(d) = a.notice_date {
        f.notice_date = d;
        changed.push("通知日期");
    }
    for (slot, value, label) in [
        (&mut f.fee_onsite, a.fee_onsite, "线下集采费"),
        (&mut f.fee_online, a.fee_online, "线上集采费"),
        (&mut f.fee_walk_in, a.fee_walk_in, "散拍费"),
    ] {
        if let Some(v) = value {
            *slot = v;
            changed.push(label);
        }
    }
    if changed.is_empty() {
        return Err(Failure::user(
            "没有给出要修改的项。例如 `rollcall campaign set --office 教务处 --fee-onsite 13.5`；\
             全部选项见 `rollcall campaign set --help`。",
        ));
    }
    ops::campaign::update_facts(&ctx.store, c.id, &f)?;
    let message = format!("已修改「{}」的{}。", f.name, changed.join("、"));
    done(
        ctx,
        a.json,
        json!({ "campaign": c.id, "facts": f }),
        message,
    )
}

pub fn campus(ctx: &Ctx, cmd: CampusCmd) -> CmdResult {
    let d = detail(ctx)?;
    let (store, id) = (&ctx.store, d.campaign.id);
    match cmd {
        CampusCmd::Add { name, json } => {
            let new_id = ops::campaign::add_campus(store, id, &name)?;
            let name = name.trim();
            let msg = format!("已添加校区「{name}」（编号 {new_id}）。");
            done(
                ctx,
                json,
                json!({ "campus": { "id": new_id, "name": name } }),
                msg,
            )
        }
        CampusCmd::Set { campus, name, json } => {
            let old = d.find_campus(&campus)?;
            ops::campaign::rename_campus(store, id, old.id, &name)?;
            let name = name.trim();
            let msg = format!("已将校区「{}」改名为「{name}」。", old.name);
            done(
                ctx,
                json,
                json!({ "campus": { "id": old.id, "name": name } }),
                msg,
            )
        }
        CampusCmd::Rm { campus, yes, json } => {
            let c = d.find_campus(&campus)?;
            let venues: Vec<i64> = d
                .venues
                .iter()
                .filter(|v| v.campus_id == c.id)
                .map(|v| v.id)
                .collect();
            let windows = d
                .windows
                .iter()
                .filter(|w| venues.contains(&w.venue_id))
                .count();
            if !venues.is_empty() && !yes {
                return Err(Failure::user(format!(
                    "校区「{}」有 {} 个场地、{} 个拍摄时段，会一并删除。确认删除请加 --yes。",
                    c.name,
                    venues.len(),
                    windows
                )));
            }
            ops::campaign::delete_campus(store, id, c.id)?;
            let msg = format!(
                "已删除校区「{}」（含 {} 个场地、{} 个拍摄时段）。",
                c.name,
                venues.len(),
                windows
            );
            let changed = json!({ "deleted_campus": { "id": c.id, "name": c.name,
                "venues": venues.len(), "windows": windows } });
            done(ctx, json, changed, msg)
        }
    }
}

pub fn venue(ctx: &Ctx, cmd: VenueCmd) -> CmdResult {
    let d = detail(ctx)?;
    let (store, id) = (&ctx.store, d.campaign.id);
    match cmd {
        VenueCmd::Add {
            campus,
            name,
            stations,
            throughput,
            json,
        } => {
            let c = d.find_campus(&campus)?;
            let input = VenueInput {
                name,
                stations,
                throughput_per_hour: throughput,
            };
            let new_id = ops::campaign::add_venue(store, id, c.id, &input)?;
            let msg = format!(
                "已在{}添加场地「{}」（编号 {new_id}，{} 个机位）。",
                c.name,
                input.name.trim(),
                input.stations
            );
            let changed = json!({ "venue": { "id": new_id, "campus": c.name, "input": input } });
            done(ctx, json, changed, msg)
        }
        VenueCmd::Set {
            venue,
            name,
            stations,
            throughput,
            json,
        } => {
            let v = d.find_venue(&venue)?;
            if name.is_none() && stations.is_none() && throughput.is_none() {
                return Err(Failure::user(
                    "没有给出要修改的项：--name、--stations 或 --throughput。",
                ));
            }
            let input = VenueInput {
                name: name.unwrap_or_else(|| v.name.clone()),
                stations: stations.unwrap_or(v.stations),
                throughput_per_hour: throughput.unwrap_or(v.throughput_per_hour),
            };
            ops::campaign::update_venue(store, id, v.id, &input)?;
            let msg = format!(
                "已修改场地 {}/{}：名称「{}」，{} 个机位，每机位每小时 {} 人。",
                v.campus,
                v.name,
                input.name.trim(),
                input.stations,
                input.throughput_per_hour
            );
            done(
                ctx,
                json,
                json!({ "venue": { "id": v.id, "input": input } }),
                msg,
            )
        }
        VenueCmd::Rm { venue, yes, json } => {
            let v = d.find_venue(&venue)?;
            let windows = d.windows_of(v.id).len();
            if windows > 0 && !yes {
                return Err(Failure::user(format!(
                    "场地 {}/{} 有 {windows} 个拍摄时段，会一并删除。确认删除请加 --yes。",
                    v.campus, v.name
                )));
            }
            ops::campaign::delete_venue(store, id, v.id)?;
            let msg = format!(
                "已删除场地 {}/{}（含 {windows} 个拍摄时段）。",
                v.campus, v.name
            );
            let changed = json!({ "deleted_venue": { "id": v.id, "campus": v.campus,
                "name": v.name, "windows": windows } });
            done(ctx, json, changed, msg)
        }
    }
}

fn span(w: &WindowInput) -> String {
    format!(
        "{} {}–{}",
        w.date.format("%Y-%m-%d"),
        w.start.format("%H:%M"),
        w.end.format("%H:%M")
    )
}

/// The window with this id, or what to do: the ids are in `campaign show`.
fn known_window(
    d: &CampaignDetail,
    id: i64,
) -> Result<&rollcall::campaign::SessionWindow, Failure> {
    d.find_window(id).map_err(|_| {
        Failure::user(format!(
            "没有编号为 {id} 的拍摄时段。`rollcall campaign show` 列出各时段的编号。"
        ))
    })
}

pub fn window(ctx: &Ctx, cmd: WindowCmd) -> CmdResult {
    let d = detail(ctx)?;
    let (store, id) = (&ctx.store, d.campaign.id);
    match cmd {
        WindowCmd::Add {
            venue,
            date,
            start,
            end,
            json,
        } => {
            let v = d.find_venue(&venue)?;
            let input = WindowInput { date, start, end };
            let new_id = ops::campaign::add_window(store, id, v.id, &input)?;
            let msg = format!(
                "已为场地 {}/{} 添加拍摄时段 {}（编号 {new_id}）。",
                v.campus,
                v.name,
                span(&input)
            );
            let changed = json!({ "window": { "id": new_id, "venue_id": v.id, "input": input } });
            done(ctx, json, changed, msg)
        }
        WindowCmd::Set {
            id: window_id,
            date,
            start,
            end,
            json,
        } => {
            let w = known_window(&d, window_id)?;
            if date.is_none() && start.is_none() && end.is_none() {
                return Err(Failure::user(
                    "没有给出要修改的项：--date、--start 或 --end。",
                ));
            }
            let input = WindowInput {
                date: date.unwrap_or(w.date),
                start: start.unwrap_or(w.start),
                end: end.unwrap_or(w.end),
            };
            ops::campaign::update_window(store, id, window_id, &input)?;
            let msg = format!("已将拍摄时段 {window_id} 改为 {}。", span(&input));
            let changed = json!({ "window": { "id": window_id, "input": input } });
            done(ctx, json, changed, msg)
        }
        WindowCmd::Rm {
            id: window_id,
            json,
        } => {
            known_window(&d, window_id)?;
            ops::campaign::delete_window(store, id, window_id)?;
            let msg = format!("已删除拍摄时段 {window_id}。");
            done(
                ctx,
                json,
                json!({ "deleted_window": { "id": window_id } }),
                msg,
            )
        }
    }
}

pub fn milestone(ctx: &Ctx, cmd: MilestoneCmd) -> CmdResult {
    let d = detail(ctx)?;
    let (store, id) = (&ctx.store, d.campaign.id);
    match cmd {
        MilestoneCmd::Set {
            kind,
            start,
            no_start,
            end,
            note,
            json,
        } => {
            let kind = MilestoneKind::from(kind);
            let old = d.milestone(kind);
            let end = match (end, old) {
                (Some(e), _) => e,
                (None, Some(m)) => m.end,
                (None, None) => {
                    return Err(Failure::user(format!(
                        "还没有「{}」日程，请用 --end 给出结束日期（有开始日期时再加 --start）。",
                        kind.label()
                    )))
                }
            };
            let m = Milestone {
                kind,
                start: match (start, no_start) {
                    (Some(s), _) => Some(s),
                    (None, true) => None,
                    (None, false) => old.and_then(|m| m.start),
                },
                end,
                note: note.unwrap_or_else(|| old.map(|m| m.note.clone()).unwrap_or_default()),
            };
            ops::campaign::set_milestone(store, id, &m)?;
            let when = match m.start {
                Some(s) => format!("{} 至 {}", s.format("%Y-%m-%d"), m.end.format("%Y-%m-%d")),
                None => m.end.format("%Y-%m-%d").to_string(),
            };
            let msg = format!("已设置日程「{}」：{when}。", kind.label());
            done(ctx, json, json!({ "milestone": m }), msg)
        }
        MilestoneCmd::Rm { kind, json } => {
            let kind = MilestoneKind::from(kind);
            if d.milestone(kind).is_none() {
                return Err(Failure::user(format!(
                    "任务中没有「{}」日程，无需删除。已有的日程见 `rollcall campaign show`。",
                    kind.label()
                )));
            }
            ops::campaign::delete_milestone(store, id, kind)?;
            let msg = format!("已删除日程「{}」。", kind.label());
            done(
                ctx,
                json,
                json!({ "deleted_milestone": kind.as_str() }),
                msg,
            )
        }
    }
}
