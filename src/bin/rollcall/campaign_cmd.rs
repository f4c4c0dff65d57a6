//! `demo`, `campaign new|list|show|check` and `status`; the edits of a campaign's facts
//! and places are in `places_cmd.rs`.

use chrono::NaiveDate;
use clap::Subcommand;
use rollcall::campaign::{CampaignDetail, CampaignId, CheckReport, Finding, NewCampaign};
use rollcall::demo::DemoOptions;
use rollcall::ops::{self, campaign::DemoKind};
use rollcall::status::Phase;
use serde_json::json;

use crate::{print_json, table, CmdResult, Ctx, Failure};

#[derive(Subcommand)]
pub enum CampaignCmd {
    /// 列出数据库中的全部采集任务
    List {
        #[arg(long)]
        json: bool,
    },
    /// 显示当前任务的设置：基本信息、校区场地时段、日程
    Show {
        #[arg(long)]
        json: bool,
    },
    /// 检查任务的日期与设置，列出错误和警告（有错误时退出码为 1）
    Check {
        #[arg(long)]
        json: bool,
    },
    /// 新建采集任务（如下一届），输出新任务编号；--from 沿用已有任务的单位、图片社、费用与校区场地（不含日期）
    New(NewArgs),
    /// 关闭任务：冻结制证名单与不予制证名单并记录；此后修改需先重新打开
    Close(crate::export_cmd::CloseArgs),
    /// 重新打开已关闭的任务（记录在案，冻结的名单保留）
    Reopen(crate::export_cmd::CloseArgs),
    /// 修改任务的基本信息：名称、届别、发文单位、通知日期、院校代码、费用、图片社、联系人（只改给出的项）
    Set(crate::places_cmd::SetArgs),
    /// 校区：添加、改名、删除
    #[command(subcommand)]
    Campus(crate::places_cmd::CampusCmd),
    /// 拍摄场地（校区下）：添加、修改机位数与每小时人数、删除
    #[command(subcommand)]
    Venue(crate::places_cmd::VenueCmd),
    /// 拍摄时段（场地的某天某段时间）：添加、修改、删除
    #[command(subcommand)]
    Window(crate::places_cmd::WindowCmd),
    /// 日程（缴费、线下/线上集中采集、散拍、截止、核对）：设置、删除
    #[command(subcommand)]
    Milestone(crate::places_cmd::MilestoneCmd),
}

#[derive(clap::Args)]
pub struct NewArgs {
    /// 任务名称，如「2026届毕业生电子照片采集」
    #[arg(long)]
    name: String,
    /// 届别（预计毕业年份），如 2026
    #[arg(long, value_name = "YEAR")]
    grad_year: i32,
    /// 发文单位（默认沿用 --from 任务的）
    #[arg(long)]
    office: Option<String>,
    /// 通知日期（YYYY-MM-DD，默认今天）
    #[arg(long, value_name = "YYYY-MM-DD")]
    notice_date: Option<NaiveDate>,
    /// 从哪个任务沿用单位、院校代码、图片社、联系人、费用与校区场地
    #[arg(long, value_name = "ID")]
    from: Option<i64>,
    #[arg(long)]
    json: bool,
}

fn new_campaign(ctx: &mut Ctx, args: NewArgs) -> CmdResult {
    let new = NewCampaign {
        name: args.name,
        grad_year: args.grad_year,
        office_name: args.office,
        notice_date: args.notice_date,
        from: args.from.map(CampaignId),
    };
    let made = ops::campaign::create(&mut ctx.store, &ctx.clock, &new)?;
    if args.json {
        return print_json(&made);
    }
    outln!("{}", made.id);
    Ok(())
}

/// `demo`: placed around today (`--today`) with simulated progress, or the notice's
/// own 2025 dates without progress.
pub fn demo(
    ctx: &mut Ctx,
    opts: DemoOptions,
    if_empty: bool,
    kind: DemoKind,
    today: Option<NaiveDate>,
) -> CmdResult {
    let clock = ctx.judging(today);
    let (id, _) = ops::campaign::demo(&mut ctx.store, &clock, opts, kind, if_empty)?;
    outln!("{id}");
    Ok(())
}

pub fn run(ctx: &mut Ctx, cmd: CampaignCmd) -> CmdResult {
    match cmd {
        CampaignCmd::List { json } => list(ctx, json),
        CampaignCmd::Show { json } => show(ctx, json),
        CampaignCmd::Check { json } => check(ctx, json),
        CampaignCmd::New(args) => new_campaign(ctx, args),
        CampaignCmd::Close(args) => crate::export_cmd::close(ctx, args),
        CampaignCmd::Reopen(args) => crate::export_cmd::reopen(ctx, args),
        CampaignCmd::Set(args) => crate::places_cmd::set(ctx, args),
        CampaignCmd::Campus(cmd) => crate::places_cmd::campus(ctx, cmd),
        CampaignCmd::Venue(cmd) => crate::places_cmd::venue(ctx, cmd),
        CampaignCmd::Window(cmd) => crate::places_cmd::window(ctx, cmd),
        CampaignCmd::Milestone(cmd) => crate::places_cmd::milestone(ctx, cmd),
    }
}

fn list(ctx: &Ctx, json: bool) -> CmdResult {
    let all = ops::campaign::list(&ctx.store)?;
    if json {
        return print_json(&json!({ "campaigns": all }));
    }
    if all.is_empty() {
        outln!("还没有采集任务。运行 `rollcall demo` 创建示例任务。");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|c| {
            vec![
                c.id.to_string(),
                c.facts.name.clone(),
                format!("{}届", c.facts.grad_year),
                c.created_at.clone(),
            ]
        })
        .collect();
    out!(
        "{}",
        table::render(&["编号", "名称", "届别", "创建时间"], &rows)
    );
    Ok(())
}

fn detail(ctx: &Ctx) -> Result<CampaignDetail, Failure> {
    ops::campaign::detail(&ctx.store, ctx.campaign)
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn show(ctx: &Ctx, json: bool) -> CmdResult {
    let d = detail(ctx)?;
    if json {
        return print_json(&d);
    }
    let f = &d.campaign.facts;
    outln!("{}（编号 {}，{}届）", f.name, d.campaign.id, f.grad_year);
    outln!(
        "发文单位：{}    通知日期：{}",
        f.office_name,
        date(f.notice_date)
    );
    outln!(
        "院校代码：{}    地区码：{}    采集批次特征码：{}",
        f.school_code,
        f.region_code,
        f.batch_code
    );
    outln!(
        "费用：线下集采 {}，线上集采 {}，散拍 {}",
        f.fee_onsite,
        f.fee_online,
        f.fee_walk_in
    );
    outln!(
        "图片社：{}，{}，{}",
        f.agency_name,
        f.agency_address,
        f.agency_phone
    );
    outln!("联系人：{}\n", f.office_contact);
    // Every campus, venue and window with the id the `campaign campus|venue|window`
    // commands take; a campus without venues and a venue without windows show too.
    let mut rows: Vec<Vec<String>> = Vec::new();
    for c in &d.campuses {
        let campus = format!("{}（{}）", c.name, c.id);
        let venues: Vec<_> = d.venues.iter().filter(|v| v.campus_id == c.id).collect();
        if venues.is_empty() {
            rows.push(vec![campus.clone(), "（无场地）".into()]);
        }
        for v in venues {
            let venue = format!("{}（{}）", v.name, v.id);
            let stations = format!("{}×{}/时", v.stations, v.throughput_per_hour);
            let windows = d.windows_of(v.id);
            if windows.is_empty() {
                rows.push(vec![campus.clone(), venue.clone(), stations.clone()]);
            }
            for w in windows {
                rows.push(vec![
                    campus.clone(),
                    venue.clone(),
                    stations.clone(),
                    w.id.to_string(),
                    date(w.date),
                    format!("{}–{}", w.start.format("%H:%M"), w.end.format("%H:%M")),
                ]);
            }
        }
    }
    out!(
        "{}",
        table::render(
            &[
                "校区（编号）",
                "场地（编号）",
                "机位",
                "时段编号",
                "日期",
                "时段"
            ],
            &rows
        )
    );
    outln!();
    let rows: Vec<Vec<String>> = d
        .milestones
        .iter()
        .map(|m| {
            vec![
                m.kind.label().to_string(),
                m.start.map(date).unwrap_or_default(),
                date(m.end),
                m.note.clone(),
            ]
        })
        .collect();
    out!(
        "{}",
        table::render(&["日程", "开始", "结束", "备注"], &rows)
    );
    Ok(())
}

fn check(ctx: &Ctx, json: bool) -> CmdResult {
    let d = detail(ctx)?;
    let report = d.check();
    if json {
        print_json(&report)?;
    } else {
        print_report(&d, &report);
    }
    if report.errors.is_empty() {
        Ok(())
    } else {
        Err(Failure::user(format!(
            "任务设置有 {} 个错误，请按上面的提示修改。",
            report.errors.len()
        )))
    }
}

fn print_report(d: &CampaignDetail, report: &CheckReport) {
    if report.is_clean() {
        outln!(
            "「{}」的日期与设置检查通过，没有发现问题。",
            d.campaign.facts.name
        );
        return;
    }
    let line = |tag: &str, f: &Finding| outln!("{tag} {}", f.message);
    report.errors.iter().for_each(|f| line("[错误]", f));
    report.warnings.iter().for_each(|f| line("[警告]", f));
    outln!(
        "共 {} 个错误，{} 个警告。",
        report.errors.len(),
        report.warnings.len()
    );
}

pub fn status(ctx: &Ctx, today: Option<NaiveDate>, json: bool) -> CmdResult {
    let c = ctx.campaign()?;
    let clock = ctx.judging(today);
    let today = clock.today();
    let r = ops::campaign::status(&ctx.store, &clock, c.id)?;
    if json {
        return print_json(&r);
    }
    outln!(
        "{}（{}届）    今天：{}",
        r.campaign.facts.name,
        r.campaign.facts.grad_year,
        date(today)
    );
    outln!(
        "学生：在册 {} 人，符合采集条件 {} 人，不符合 {} 人，已退出 {} 人\n",
        r.students.total,
        r.students.eligible,
        r.students.ineligible,
        r.students.withdrawn
    );
    let rows: Vec<Vec<String>> = r
        .milestones
        .iter()
        .map(|m| {
            let when = match m.phase {
                Phase::Upcoming if m.start.is_none() => format!("还有 {} 天", m.days_left),
                Phase::Upcoming => format!("{} 天后开始", m.days_until_start),
                Phase::Active if m.days_left == 0 => "今天截止".to_string(),
                Phase::Active => format!("进行中，剩 {} 天", m.days_left),
                Phase::Past => format!("已结束 {} 天", -m.days_left),
            };
            vec![
                m.label.to_string(),
                m.start.map(date).unwrap_or_default(),
                date(m.end),
                when,
            ]
        })
        .collect();
    out!(
        "{}",
        table::render(&["日程", "开始", "结束", "状态"], &rows)
    );
    outln!();
    let mut rows = Vec::new();
    for campus in &r.campuses {
        for v in &campus.venues {
            let windows: Vec<String> = v
                .windows
                .iter()
                .map(|w| {
                    format!(
                        "{} {}–{}",
                        w.date.format("%m-%d"),
                        w.start.format("%H:%M"),
                        w.end.format("%H:%M")
                    )
                })
                .collect();
            rows.push(vec![
                campus.name.clone(),
                v.name.clone(),
                v.stations.to_string(),
                windows.join("，"),
                v.capacity.to_string(),
            ]);
        }
        rows.push(vec![
            campus.name.clone(),
            "合计".into(),
            String::new(),
            format!("本校区学生 {} 人", campus.students),
            campus.capacity.to_string(),
        ]);
    }
    out!(
        "{}",
        table::render(&["校区", "场地", "机位", "拍摄时段", "可拍人数"], &rows)
    );
    Ok(())
}

/// Writes the demo roster as the office's information system would export it.
pub fn sample_roster(
    out: &std::path::Path,
    clock: &rollcall::store::Clock,
    opts: DemoOptions,
    cohort: ops::campaign::DemoKind,
    skip: usize,
    gbk: bool,
) -> CmdResult {
    ops::campaign::sample_roster(out, clock, opts, cohort, skip, gbk)?;
    outln!("{}", out.display());
    Ok(())
}
