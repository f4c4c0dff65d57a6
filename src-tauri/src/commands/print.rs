//! Commands for 打印: the notice, schedule, sign-in sheets and counselor lists as PDFs, the notice
//! template (get, check, preview, save, reset), the font setting, and opening a
//! finished file in the system's viewer.

use std::path::PathBuf;

use chrono::NaiveDate;
use rollcall::campaign::{self, CampaignDetail, CampaignId};
use rollcall::print::lists::{self, ListKind, ListScope};
use rollcall::print::sign_in::SheetLayout;
use rollcall::print::{self, notice, schedule, sign_in, FontInfo};
use rollcall::store::Store;
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::State;
use tauri_plugin_opener::OpenerExt;

use crate::error::UiError;
use crate::state::AppState;

type Res<T> = Result<T, UiError>;

/// Which document to print.
#[derive(Deserialize, Clone, Copy, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "PrintDocument")]
pub enum Document {
    Notice,
    Schedule,
    SignIn,
    Lists,
}

/// Which slots (or, for the counselor lists, which classes) to print; empty fields do
/// not filter. Lists use `class_name` and `college`; the other documents the rest.
#[derive(Deserialize, Default, ts_rs::TS)]
#[ts(rename = "PrintScope")]
pub struct ScopeInput {
    pub campus: Option<String>,
    pub date: Option<NaiveDate>,
    pub class_name: Option<String>,
    pub college: Option<String>,
}

fn keep(v: Option<String>) -> Option<String> {
    v.filter(|t| !t.trim().is_empty())
}

impl ScopeInput {
    fn slots(&self) -> sign_in::Scope {
        sign_in::Scope {
            campus: keep(self.campus.clone()),
            date: self.date,
            class_name: keep(self.class_name.clone()),
        }
    }

    fn classes(&self) -> ListScope {
        ListScope {
            class_name: keep(self.class_name.clone()),
            college: keep(self.college.clone()),
            ..ListScope::default()
        }
    }
}

/// A finished PDF.
#[derive(Serialize, ts_rs::TS)]
pub struct Printed {
    pub path: PathBuf,
    pub bytes: usize,
    pub pages: usize,
}

/// How far a print job is: `data`, `fonts`, `layout`, `write`.
#[derive(Clone, Serialize, ts_rs::TS)]
pub struct PrintStage {
    #[ts(type = r#""data" | "fonts" | "layout" | "write""#)]
    pub stage: &'static str,
}

fn detail(s: &Store, id: i64) -> Res<CampaignDetail> {
    let conn = s.conn();
    Ok(CampaignDetail::load(
        conn,
        campaign::resolve(conn, Some(CampaignId(id)))?,
    )?)
}

// Each argument is one field of the UI's invoke call.
#[allow(clippy::too_many_arguments)]
#[tauri::command]
pub async fn print_document(
    state: State<'_, AppState>,
    campaign_id: i64,
    document: Document,
    scope: ScopeInput,
    list_kind: Option<ListKind>,
    sheet_layout: Option<SheetLayout>,
    path: PathBuf,
    on_stage: Channel<PrintStage>,
) -> Res<Printed> {
    let stage = move |stage: &'static str| {
        let _ = on_stage.send(PrintStage { stage });
    };
    state
        .run(move |s| {
            stage("data");
            let d = detail(s, campaign_id)?;
            let conn = s.conn();
            let id = d.campaign.id;
            let slots = scope.slots();
            let bytes = match document {
                Document::Notice => {
                    stage("fonts");
                    let fonts = print::fonts_for(conn, id, None)?;
                    stage("layout");
                    notice::print(conn, &d, &fonts)?
                }
                Document::Schedule => {
                    stage("fonts");
                    let fonts = print::fonts_for(conn, id, None)?;
                    stage("layout");
                    schedule::print(conn, &d, &slots, &fonts)?
                }
                Document::SignIn => {
                    let sheets = sign_in::sheets_with_payments(conn, &d, &slots)?;
                    stage("fonts");
                    let fonts = print::fonts_for(conn, id, None)?;
                    stage("layout");
                    sign_in::render_as(&sheets, &fonts, sheet_layout.unwrap_or_default())?
                }
                Document::Lists => {
                    let kind = list_kind.unwrap_or(ListKind::Unpaid);
                    let today = chrono::Local::now().date_naive();
                    let built = lists::build(conn, &d, kind, today, &scope.classes())?;
                    stage("fonts");
                    let fonts = print::fonts_for(conn, id, None)?;
                    stage("layout");
                    lists::render(&built, &fonts)?
                }
            };
            stage("write");
            print::write_file(&path, &bytes)?;
            Ok(Printed {
                path,
                bytes: bytes.len(),
                pages: print::page_count(&bytes),
            })
        })
        .await
}

/// Opens a finished file in the system's default viewer.
#[tauri::command]
pub fn open_file(app: tauri::AppHandle, path: PathBuf) -> Res<()> {
    if !path.is_file() {
        return Err(UiError::user(format!("找不到文件 {}。", path.display())));
    }
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| UiError::user(format!("无法打开 {}：{e}", path.display())))
}

/// The template being edited and what the editor offers.
#[derive(Serialize, ts_rs::TS)]
pub struct NoticeTemplate {
    pub text: String,
    pub default_text: &'static str,
    pub placeholders: &'static [&'static str],
}

#[tauri::command]
pub async fn notice_template(state: State<'_, AppState>, campaign_id: i64) -> Res<NoticeTemplate> {
    state
        .run(move |s| {
            Ok(NoticeTemplate {
                text: notice::template(s.conn(), CampaignId(campaign_id))?,
                default_text: notice::DEFAULT_TEMPLATE,
                placeholders: notice::PLACEHOLDERS,
            })
        })
        .await
}

/// Checks placeholders and braces; the error names the unknown placeholder and its line.
#[tauri::command]
pub fn notice_check(text: String) -> Res<()> {
    Ok(notice::check_template(&text)?)
}

/// The notice `text` filled in from the campaign, as plain text.
#[tauri::command]
pub async fn notice_preview(
    state: State<'_, AppState>,
    campaign_id: i64,
    text: String,
) -> Res<String> {
    state
        .run(move |s| Ok(notice::preview_text(&detail(s, campaign_id)?, &text)?))
        .await
}

/// Saves the template (checked first); `None` restores the default.
#[tauri::command]
pub async fn notice_save(
    state: State<'_, AppState>,
    campaign_id: i64,
    text: Option<String>,
) -> Res<()> {
    state
        .run(move |s| {
            Ok(notice::save_template(
                s.conn(),
                CampaignId(campaign_id),
                text.as_deref(),
            )?)
        })
        .await
}

fn font_info(s: &Store, id: CampaignId) -> Res<FontInfo> {
    Ok(print::font_info(s.conn(), id)?)
}

#[tauri::command]
pub async fn print_fonts(state: State<'_, AppState>, campaign_id: i64) -> Res<FontInfo> {
    state
        .run(move |s| font_info(s, CampaignId(campaign_id)))
        .await
}

/// Chooses a font file (checked to hold Chinese), or `None` to search the machine again.
#[tauri::command]
pub async fn print_set_font(
    state: State<'_, AppState>,
    campaign_id: i64,
    path: Option<PathBuf>,
) -> Res<FontInfo> {
    state
        .run(move |s| {
            let id = CampaignId(campaign_id);
            print::set_font_path(s.conn(), id, path.as_deref())?;
            font_info(s, id)
        })
        .await
}
