//! `remind`: per-class reminder texts for counselors' groups (the core words them).

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use rollcall::ops::{self, remind::Scope};
use rollcall::remind::RemindKind;

use crate::{print_json, CmdResult, Ctx};

/// `--kind` of `remind`.
#[derive(Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// 未缴费
    Unpaid,
    /// 未采集
    NotPhotographed,
    /// 核对未通过（核对有误、人像比对未通过）
    VerifyFailed,
}

impl From<KindArg> for RemindKind {
    fn from(k: KindArg) -> RemindKind {
        match k {
            KindArg::Unpaid => RemindKind::Unpaid,
            KindArg::NotPhotographed => RemindKind::NotPhotographed,
            KindArg::VerifyFailed => RemindKind::VerifyFailed,
        }
    }
}

/// `rollcall remind`.
#[derive(Args)]
pub struct RemindArgs {
    #[arg(long, value_enum)]
    kind: KindArg,
    /// 只提醒一个班级
    #[arg(long = "class", value_name = "班级")]
    class_name: Option<String>,
    /// 只提醒一个学院的班级
    #[arg(long, value_name = "学院")]
    college: Option<String>,
    /// 一位辅导员的全部班级
    #[arg(long, value_name = "辅导员")]
    counselor: Option<String>,
    /// 以哪天为“今天”（YYYY-MM-DD，默认系统日期）
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<NaiveDate>,
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Ctx, args: RemindArgs) -> CmdResult {
    let scope = Scope {
        class_name: args.class_name,
        college: args.college,
        counselor: args.counselor,
    };
    let clock = ctx.judging(args.today);
    let id = ctx.campaign()?.id;
    let built = ops::remind::texts(&ctx.store, &clock, id, args.kind.into(), scope)?;
    if args.json {
        return print_json(&built);
    }
    outln!("{}", built.all_text());
    Ok(())
}
