//! `rollcall`: the command-line face of the core. Each subcommand parses its arguments,
//! calls the core, and prints a Chinese table or one JSON object.
//!
//! Exit codes: 0 ok, 1 user error (stderr says what and how to fix), 2 internal error.

mod campaign_cmd;
mod roster_cmd;
mod table;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use rollcall::campaign::{self, Campaign, CampaignId};
use rollcall::demo::DemoOptions;
use rollcall::store::{self, Store};

#[derive(Parser)]
#[command(
    name = "rollcall",
    version,
    about = "毕业生电子照片采集：名单、拍摄安排、进度、打印与导出"
)]
struct Cli {
    /// 数据库文件路径（默认：用户数据文件夹下 rollcall/rollcall.sqlite3；也可用 ROLLCALL_DB）
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// 采集任务编号（默认：最近的任务）
    #[arg(long, global = true, value_name = "ID")]
    campaign: Option<i64>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 创建示例采集任务（参考通知的 2025 届任务与生成的学生名单），输出新任务编号
    Demo {
        /// 学生人数
        #[arg(long, default_value_t = 2400)]
        students: u32,
        /// 随机种子：同一种子生成同样的数据
        #[arg(long, default_value_t = 2025)]
        seed: u64,
        /// 数据库里已有任务时不再创建（输出已有的最近任务编号）
        #[arg(long)]
        if_empty: bool,
        /// 按通知原文的日期创建（含 2024/2025 年份笔误），用于演示 `campaign check`
        #[arg(long)]
        as_published: bool,
    },
    /// 查看与检查采集任务
    #[command(subcommand)]
    Campaign(campaign_cmd::CampaignCmd),
    /// 学生名单：导入（再次导入即更新）与查看
    #[command(subcommand)]
    Roster(roster_cmd::RosterCmd),
    /// 任务概览：各项日程距今天数、校区场地时段与人数
    Status {
        /// 以哪天为“今天”（YYYY-MM-DD，默认系统日期）
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
}

/// A failure to report: the message is for the user; `internal` picks exit code 2.
pub struct Failure {
    pub message: String,
    pub internal: bool,
}

impl Failure {
    pub fn user(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            internal: false,
        }
    }
}

macro_rules! failure_from {
    ($($ty:ty => $is_user:expr),* $(,)?) => {$(
        impl From<$ty> for Failure {
            fn from(e: $ty) -> Failure {
                #[allow(clippy::redundant_closure_call)]
                let internal = !($is_user)(&e);
                Failure { message: e.to_string(), internal }
            }
        }
    )*};
}

failure_from! {
    store::StoreError => |e: &store::StoreError| !matches!(e, store::StoreError::Sqlite(_) | store::StoreError::Migrate(_)),
    campaign::CampaignError => campaign::CampaignError::is_user_error,
    rollcall::demo::DemoError => |e: &rollcall::demo::DemoError| !matches!(e, rollcall::demo::DemoError::Sqlite(_)),
    rollcall::status::StatusError => |e: &rollcall::status::StatusError| matches!(e, rollcall::status::StatusError::Campaign(c) if c.is_user_error()),
    rollcall::roster::import::ImportError => rollcall::roster::import::ImportError::is_user_error,
    rollcall::roster::RosterError => |_: &rollcall::roster::RosterError| false,
    rusqlite::Error => |_: &rusqlite::Error| false,
    serde_json::Error => |_: &serde_json::Error| false,
}

pub type CmdResult = Result<(), Failure>;

/// What every command gets: the open store and the campaign chosen with `--campaign`.
pub struct Ctx {
    pub store: Store,
    pub campaign: Option<CampaignId>,
}

impl Ctx {
    /// The campaign to work on (asked for, or the most recent).
    pub fn campaign(&self) -> Result<Campaign, Failure> {
        Ok(campaign::resolve(self.store.conn(), self.campaign)?)
    }
}

/// Prints one JSON object on stdout.
pub fn print_json(value: &impl serde::Serialize) -> CmdResult {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

pub fn today_or_now(today: Option<NaiveDate>) -> NaiveDate {
    today.unwrap_or_else(|| chrono::Local::now().date_naive())
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("错误：{}", f.message);
            ExitCode::from(if f.internal { 2 } else { 1 })
        }
    }
}

fn run(cli: Cli) -> CmdResult {
    let path = store::resolve_db_path(cli.db.as_deref())?;
    let mut ctx = Ctx {
        store: Store::open(&path)?,
        campaign: cli.campaign.map(CampaignId),
    };
    match cli.command {
        Command::Demo {
            students,
            seed,
            if_empty,
            as_published,
        } => campaign_cmd::demo(
            &mut ctx,
            DemoOptions {
                students,
                seed,
                as_published,
            },
            if_empty,
        ),
        Command::Campaign(cmd) => campaign_cmd::run(&ctx, cmd),
        Command::Roster(cmd) => roster_cmd::run(&mut ctx, cmd),
        Command::Status { today, json } => campaign_cmd::status(&ctx, today_or_now(today), json),
    }
}
