//! `print notice|schedule|sign-in|lists`: writes A4 PDFs of the campaign's documents.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use rollcall::campaign::CampaignDetail;
use rollcall::print::lists::{self, ListKind, ListScope};
use rollcall::print::{self, notice, schedule, sign_in};
use serde_json::json;

use crate::{print_json, today_or_now, CmdResult, Ctx, Failure};

#[derive(Subcommand)]
pub enum PrintCmd {
    /// 通知：按任务信息与通知模板生成（含工作安排表、附件列表、落款）
    Notice {
        #[command(flatten)]
        common: Common,
        /// 用这个模板文件代替已保存的模板（占位符如 {缴费截止}）
        #[arg(long, value_name = "FILE")]
        template: Option<PathBuf>,
    },
    /// 附件1 拍摄安排：按日期与校区列出各班拍摄时间、到场时间、场地、人数
    Schedule {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        scope: ScopeArgs,
    },
    /// 签到表：每个拍摄场次一张（可按校区、日期、班级筛选）
    SignIn {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        scope: ScopeArgs,
    },
    /// 辅导员名单：每班一份未缴费名单或未采集名单（按进度数据，说明栏写明下一步与截止日期）
    Lists {
        #[command(flatten)]
        common: Common,
        /// 哪一种名单：unpaid（未缴费名单）或 not-photographed（未采集名单）
        #[arg(long, value_enum)]
        kind: KindArg,
        /// 只打印这个班级
        #[arg(long = "class", value_name = "班级")]
        class_name: Option<String>,
        /// 只打印这个学院的班级
        #[arg(long, value_name = "学院")]
        college: Option<String>,
        /// 按这一天的进度判断（YYYY-MM-DD，默认今天）
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<NaiveDate>,
    },
}

/// `--kind` of `print lists`.
#[derive(Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// 未缴费名单
    Unpaid,
    /// 未采集名单
    NotPhotographed,
}

impl From<KindArg> for ListKind {
    fn from(k: KindArg) -> ListKind {
        match k {
            KindArg::Unpaid => ListKind::Unpaid,
            KindArg::NotPhotographed => ListKind::NotPhotographed,
        }
    }
}

#[derive(Args)]
pub struct Common {
    /// 输出的 PDF 文件
    #[arg(long, value_name = "F.pdf")]
    out: PathBuf,
    /// 使用这个中文字体文件（.ttf/.otf/.ttc），优先于设置中选的字体
    #[arg(long, value_name = "FILE")]
    font: Option<PathBuf>,
    /// 输出一个 JSON 对象（文件、页数、字体）
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ScopeArgs {
    /// 只打印这个校区（如 高明 或 高明校区）
    #[arg(long)]
    campus: Option<String>,
    /// 只打印这一天（YYYY-MM-DD）
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<NaiveDate>,
    /// 只打印这个班级
    #[arg(long = "class", value_name = "班级")]
    class_name: Option<String>,
}

impl From<ScopeArgs> for sign_in::Scope {
    fn from(a: ScopeArgs) -> sign_in::Scope {
        sign_in::Scope {
            campus: a.campus,
            date: a.date,
            class_name: a.class_name,
        }
    }
}

pub fn run(ctx: &Ctx, cmd: PrintCmd) -> CmdResult {
    let conn = ctx.store.conn();
    let detail = CampaignDetail::load(conn, ctx.campaign()?)?;
    let id = detail.campaign.id;
    let (common, what, bytes) = match cmd {
        PrintCmd::Notice { common, template } => {
            let fonts = print::fonts_for(conn, id, common.font.clone())?;
            let text = match template {
                Some(p) => std::fs::read_to_string(&p)
                    .map_err(|e| Failure::user(format!("无法读取模板文件 {}：{e}", p.display())))?,
                None => notice::template(conn, id)?,
            };
            let bytes = notice::render(&detail, &text, &fonts)?;
            (common, "通知", bytes)
        }
        PrintCmd::Schedule { common, scope } => {
            let fonts = print::fonts_for(conn, id, common.font.clone())?;
            let bytes = schedule::print(conn, &detail, &scope.into(), &fonts)?;
            (common, "拍摄安排", bytes)
        }
        PrintCmd::SignIn { common, scope } => {
            let sheets = sign_in::sheets_with_payments(conn, &detail, &scope.into())?;
            let fonts = print::fonts_for(conn, id, common.font.clone())?;
            let bytes = sign_in::render(&sheets, &fonts)?;
            (common, "签到表", bytes)
        }
        PrintCmd::Lists {
            common,
            kind,
            class_name,
            college,
            today,
        } => {
            let kind = ListKind::from(kind);
            let scope = ListScope {
                class_name,
                college,
            };
            let built = lists::build(conn, &detail, kind, today_or_now(today), &scope)?;
            let fonts = print::fonts_for(conn, id, common.font.clone())?;
            let bytes = lists::render(&built, &fonts)?;
            (common, kind.title(), bytes)
        }
    };
    print::write_file(&common.out, &bytes)?;
    if common.json {
        return print_json(&json!({
            "document": what,
            "out": common.out,
            "bytes": bytes.len(),
        }));
    }
    outln!(
        "已生成{what}：{}（{} KB）",
        common.out.display(),
        bytes.len() / 1024
    );
    Ok(())
}
