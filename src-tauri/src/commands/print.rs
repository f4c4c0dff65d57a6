//! Commands for 打印: the notice, schedule, sign-in sheets and counselor lists as PDFs, the notice
//! template (get, check, preview, save, reset), the font setting, and opening a
//! finished file in the system's viewer.

use std::path::PathBuf;

use rollcall::campaign::CampaignId;
use rollcall::ops::{
    self,
    print::{Document, NoticeTemplate, PrintJob, Printed, Scope},
};
use rollcall::print::lists::ListKind;
use rollcall::print::sign_in::SheetLayout;
use rollcall::print::FontInfo;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;
use tauri_plugin_opener::OpenerExt;

use crate::error::UiError;
use crate::state::AppState;

type Res<T> = Result<T, UiError>;

/// How far a print job is: `data`, `fonts`, `layout`, `write`.
#[derive(Clone, Serialize, ts_rs::TS)]
pub struct PrintStage {
    #[ts(type = r#""data" | "fonts" | "layout" | "write""#)]
    pub stage: &'static str,
}

#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn print_document(
    state: State<'_, AppState>,
    campaign_id: i64,
    document: Document,
    scope: Scope,
    list_kind: Option<ListKind>,
    sheet_layout: Option<SheetLayout>,
    path: PathBuf,
    on_stage: Channel<PrintStage>,
) -> Res<Printed> {
    state.allow(&path)?;
    state
        .run(move |s, clock| {
            let job = PrintJob {
                document,
                scope,
                list: list_kind,
                layout: sheet_layout.unwrap_or_default(),
                font: None,
                template: None,
                path,
            };
            let mut stage = |st: ops::print::Stage| {
                let _ = on_stage.send(PrintStage { stage: st.as_str() });
            };
            Ok(ops::print::print(
                s,
                &clock,
                CampaignId(campaign_id),
                job,
                &mut stage,
            )?)
        })
        .await
}

/// Opens a finished file in the system's default viewer.
#[tauri::command]
pub fn open_file(app: tauri::AppHandle, state: State<'_, AppState>, path: PathBuf) -> Res<()> {
    state.allow(&path)?;
    if !path.is_file() {
        return Err(UiError::user(format!("找不到文件 {}。", path.display())));
    }
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| UiError::user(format!("无法打开 {}：{e}", path.display())))
}

#[tauri::command]
pub async fn notice_template(state: State<'_, AppState>, campaign_id: i64) -> Res<NoticeTemplate> {
    state
        .run(move |s, _| Ok(ops::print::notice_template(s, CampaignId(campaign_id))?))
        .await
}

/// Checks placeholders and braces; the error names the unknown placeholder and its line.
#[tauri::command]
pub fn notice_check(text: String) -> Res<()> {
    Ok(ops::print::notice_check(&text)?)
}

/// The notice `text` filled in from the campaign, as plain text.
#[tauri::command]
pub async fn notice_preview(
    state: State<'_, AppState>,
    campaign_id: i64,
    text: String,
) -> Res<String> {
    state
        .run(move |s, _| {
            Ok(ops::print::notice_preview(
                s,
                CampaignId(campaign_id),
                Some(&text),
            )?)
        })
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
        .run(move |s, _| {
            Ok(ops::print::notice_save(
                s,
                CampaignId(campaign_id),
                text.as_deref(),
            )?)
        })
        .await
}

#[tauri::command]
pub async fn print_fonts(state: State<'_, AppState>, campaign_id: i64) -> Res<FontInfo> {
    state
        .run(move |s, _| Ok(ops::print::fonts(s, CampaignId(campaign_id))?))
        .await
}

/// Chooses a font file (checked to hold Chinese), or `None` to search the machine again.
#[tauri::command]
pub async fn print_set_font(
    state: State<'_, AppState>,
    campaign_id: i64,
    path: Option<PathBuf>,
) -> Res<FontInfo> {
    if let Some(p) = &path {
        state.allow(p)?;
    }
    state
        .run(move |s, _| {
            Ok(ops::print::set_font(
                s,
                CampaignId(campaign_id),
                path.as_deref(),
            )?)
        })
        .await
}
