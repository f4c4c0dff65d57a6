//! `settle`: the fee settlement with the agency (the core counts and writes it).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use rollcall::ops::{
    self,
    settle::{AgencyCountInput, SettleFile},
};
use rollcall::settle::{yuan, Route};

use crate::{print_json, table, CmdResult, Ctx};

fn route_arg(text: &str) -> Result<Route, String> {
    Route::parse(text).ok_or_else(|| "应为 onsite、online、walk-in 或 refund".to_string())
}

/// `rollcall settle`.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SettleArgs {
    #[command(subcommand)]
    cmd: Option<SettleCmd>,
    /// 结算截至哪天（YYYY-MM-DD，默认今天）
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<NaiveDate>,
    /// 另存为 Excel 结算表（.xlsx）
    #[arg(long, value_name = "F.xlsx")]
    xlsx: Option<PathBuf>,
    /// 另存为 A4 结算单（.pdf，含双方签字栏）
    #[arg(long, value_name = "F.pdf")]
    pdf: Option<PathBuf>,
    /// 使用这个中文字体文件（.ttf/.otf/.ttc）
    #[arg(long, value_name = "FILE")]
    font: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum SettleCmd {
    /// 录入图片社账单上的人数（与本校记录比对）；--clear 删除该项
    Agency {
        #[arg(long, value_parser = route_arg)]
        route: Route,
        #[arg(long, required_unless_present = "clear")]
        count: Option<i64>,
        #[arg(long)]
        clear: bool,
    },
}

pub fn run(ctx: &mut Ctx, args: SettleArgs) -> CmdResult {
    let id = ctx.campaign()?.id;
    if let Some(SettleCmd::Agency {
        route,
        count,
        clear,
    }) = args.cmd
    {
        let count = if clear { None } else { count };
        let figures = [AgencyCountInput { route, count }];
        ops::settle::set_agency(&mut ctx.store, &ctx.clock, id, &figures)?;
        outln!(
            "图片社{}人数：{}",
            route.label(),
            count.map_or("已清除".to_string(), |n| n.to_string())
        );
        return Ok(());
    }
    let clock = ctx.judging(args.today);
    let s = ops::settle::view(&ctx.store, &clock, id)?;
    if let Some(path) = &args.xlsx {
        ops::settle::export(&ctx.store, &clock, id, SettleFile::Xlsx, path, None)?;
    }
    if let Some(path) = &args.pdf {
        let font = args.font.clone();
        ops::settle::export(&ctx.store, &clock, id, SettleFile::Pdf, path, font)?;
    }
    if args.json {
        return print_json(&s);
    }
    outln!("{} 费用结算（截至 {}）", s.campaign, s.as_of);
    let rows: Vec<Vec<String>> = s
        .routes
        .iter()
        .map(|r| {
            vec![
                r.label.to_string(),
                yuan(r.unit),
                r.count.to_string(),
                yuan(r.amount),
                r.agency_count.map(|n| n.to_string()).unwrap_or_default(),
                r.difference.map(|d| d.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    outln!(
        "{}",
        table::render(
            &["项目", "单价", "人数", "金额", "图片社人数", "差异"],
            &rows
        )
    );
    outln!("合计（不含退费）：{} 元", yuan(s.total.amount));
    let rows: Vec<Vec<String>> = s
        .colleges
        .iter()
        .map(|g| {
            vec![
                g.name.clone(),
                g.counts.onsite.to_string(),
                g.counts.online.to_string(),
                g.counts.walk_in.to_string(),
                yuan(g.counts.amount),
                g.counts.refund.to_string(),
            ]
        })
        .collect();
    outln!(
        "{}",
        table::render(&["学院", "线下", "线上", "散拍", "金额", "退费"], &rows)
    );
    if !s.issues.is_empty() {
        outln!("差异明细（{} 人）：", s.issues.len());
        for i in &s.issues {
            outln!(
                "  [{}] {} {} {}：{}",
                i.label,
                i.student_no,
                i.name,
                i.class_name,
                i.detail
            );
        }
    }
    for (what, path) in [("Excel", &args.xlsx), ("PDF", &args.pdf)] {
        if let Some(p) = path {
            outln!("已写入{what}：{}", p.display());
        }
    }
    Ok(())
}
