// The only place that calls the Rust commands. Every function mirrors one command.
import { Channel, invoke } from '@tauri-apps/api/core';
import type {
  AgencyImportReport,
  CheckInReport,
  ClosePreview,
  Closing,
  DeskSlots,
  DeskStatus,
  Encoding,
  EventInput,
  EventKind,
  ExportLogEntry,
  ExportOutcome,
  ExportPreview,
  FoundStudent,
  ListKind,
  ProgressEvent,
  ProgressFilter,
  ProgressReport,
  RecordReport,
  AppInfo,
  AutoBackups,
  BackupReport,
  RestoreReport,
  SyncExportReport,
  SyncImportReport,
  SyncLog,
  FieldInfo,
  ImportReport,
  Preview,
  Progress,
  ReadChoice,
  Revealed,
  RosterEntry,
  Campaign,
  CampaignFacts,
  CreatedCampaign,
  NewCampaign,
  Milestone,
  MilestoneKind,
  Overview,
  UiError,
  VenueInput,
  WindowInput,
  LaptopName,
  PickMode,
} from './types';
import type {
  ClassSetting,
  ClassSettingForm,
  ClassSettingsView,
  FontInfo,
  MoveRequest,
  NoticeTemplate,
  PlanOutcome,
  PrintDocument,
  PrintListKind,
  PrintScope,
  PlanSettings,
  PrintStage,
  PrintStageName,
  Printed,
  RemindKind,
  RemindScope,
  Reminders,
  SheetLayout,
  AgencyCountInput,
  SettleFile,
  Settlement,
  ScheduleExport,
  ScheduleView,
  Slot,
} from './types';

/** Normalises whatever a command threw into a UiError. */
export function asUiError(e: unknown): UiError {
  if (e && typeof e === 'object' && 'message' in e) {
    const o = e as Partial<UiError>;
    return { message: String(o.message), kind: o.kind ?? 'internal', code: o.code ?? '', args: o.args ?? {}, findings: o.findings ?? [] };
  }
  return { message: String(e), kind: 'internal', code: '', args: {}, findings: [] };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw asUiError(e);
  }
}

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  startupDrawn: () => call<void>('startup_drawn'),
  listCampaigns: () => call<Campaign[]>('list_campaigns'),
  createDemo: () => call<number>('create_demo'),
  createCampaign: (campaign: NewCampaign) => call<CreatedCampaign>('create_campaign', { campaign }),
  overview: (campaignId: number | null, today?: string) => call<Overview>('overview', { campaignId, today }),
  updateCampaign: (campaignId: number, facts: CampaignFacts) => call<void>('update_campaign', { campaignId, facts }),
  addCampus: (campaignId: number, name: string) => call<number>('add_campus', { campaignId, name }),
  renameCampus: (campaignId: number, campusId: number, name: string) =>
    call<void>('rename_campus', { campaignId, campusId, name }),
  deleteCampus: (campaignId: number, campusId: number) => call<void>('delete_campus', { campaignId, campusId }),
  addVenue: (campaignId: number, campusId: number, venue: VenueInput) =>
    call<number>('add_venue', { campaignId, campusId, venue }),
  updateVenue: (campaignId: number, venueId: number, venue: VenueInput) =>
    call<void>('update_venue', { campaignId, venueId, venue }),
  deleteVenue: (campaignId: number, venueId: number) => call<void>('delete_venue', { campaignId, venueId }),
  addWindow: (campaignId: number, venueId: number, window: WindowInput) =>
    call<number>('add_window', { campaignId, venueId, window }),
  updateWindow: (campaignId: number, windowId: number, window: WindowInput) =>
    call<void>('update_window', { campaignId, windowId, window }),
  deleteWindow: (campaignId: number, windowId: number) => call<void>('delete_window', { campaignId, windowId }),
  setMilestone: (campaignId: number, milestone: Milestone) => call<void>('set_milestone', { campaignId, milestone }),
  deleteMilestone: (campaignId: number, kind: MilestoneKind) => call<void>('delete_milestone', { campaignId, kind }),

  syncLog: (campaignId: number) => call<SyncLog>('sync_log', { campaignId }),
  syncExport: (campaignId: number, path: string) => call<SyncExportReport>('sync_export', { campaignId, path }),
  syncImport: (campaignId: number, path: string) => call<SyncImportReport>('sync_import', { campaignId, path }),
  backupTo: (path: string) => call<BackupReport>('backup_to', { path }),
  restoreFrom: (path: string) => call<RestoreReport>('restore_from', { path }),
  backupAutoList: () => call<AutoBackups>('backup_auto_list'),
  backupSetKeep: (keep: number) => call<AutoBackups>('backup_set_keep', { keep }),
  startupRestore: () => call<RestoreReport>('startup_restore'),
  laptopName: () => call<LaptopName>('laptop_name'),
  // The native dialog, shown by the shell: only a file chosen there (or one in the data
  // folder) may be named in the other commands.
  pickPath: (mode: PickMode, name: string, extensions: string[], defaultPath?: string) =>
    call<string | null>('pick_path', { mode, name, extensions, defaultPath: defaultPath || null }),
  setLaptopName: (name: string | null) => call<LaptopName>('set_laptop_name', { name }),

  progressReport: (campaignId: number, filter: ProgressFilter, today?: string) =>
    call<ProgressReport>('progress_report', { campaignId, filter, today }),
  progressRecord: (campaignId: number, studentNos: string[], event: EventInput) =>
    call<RecordReport>('progress_record', { campaignId, studentNos, event }),
  progressEvents: (campaignId: number, studentNo: string) =>
    call<ProgressEvent[]>('progress_events', { campaignId, studentNo }),
  progressVoid: (campaignId: number, eventId: number, reason: string) =>
    call<ProgressEvent>('progress_void', { campaignId, eventId, reason }),
  progressImport: (campaignId: number, path: string, kind: EventKind, dryRun: boolean, recordedBy: string) =>
    call<AgencyImportReport>('progress_import', { campaignId, path, kind, dryRun, recordedBy }),

  remindTexts: (campaignId: number, kind: RemindKind, scope: RemindScope, today: string | null) =>
    call<Reminders>('remind_texts', { campaignId, kind, scope, today }),

  settleView: (campaignId: number, today: string | null) => call<Settlement>('settle_view', { campaignId, today }),
  settleSetAgency: (campaignId: number, figures: AgencyCountInput[]) =>
    call<void>('settle_set_agency', { campaignId, figures }),
  settleExport: (campaignId: number, today: string | null, file: SettleFile, path: string) =>
    call<string>('settle_export', { campaignId, today, file, path }),

  exportPreview: (campaignId: number, list: ListKind, today: string | null, columns: string[] | null) =>
    call<ExportPreview>('export_preview', { campaignId, list, today, columns }),
  exportSaveColumns: (list: ListKind, columns: string[]) => call<void>('export_save_columns', { list, columns }),
  exportWrite: (campaignId: number, list: ListKind, path: string, today: string | null, encoding: Encoding, columns: string[] | null) =>
    call<ExportOutcome>('export_write', { campaignId, list, path, today, encoding, columns }),
  exportLog: (campaignId: number) => call<ExportLogEntry[]>('export_log', { campaignId }),
  closePreview: (campaignId: number) => call<ClosePreview>('campaign_close_preview', { campaignId }),
  closeCampaign: (campaignId: number) => call<Closing>('campaign_close', { campaignId }),
  reopenCampaign: (campaignId: number) => call<Closing>('campaign_reopen', { campaignId }),

  checkinSlots: (campaignId: number) => call<DeskSlots>('checkin_slots', { campaignId }),
  checkinStatus: (campaignId: number, slot: number | null, date: string | null) =>
    call<DeskStatus>('checkin_status', { campaignId, slot, date }),
  checkinFind: (campaignId: number, text: string) => call<FoundStudent[]>('checkin_find', { campaignId, text }),
  checkinRecord: (campaignId: number, studentNo: string, slot: number | null, date: string | null, recordedBy: string) =>
    call<CheckInReport>('checkin_record', { campaignId, studentNo, slot, date, recordedBy }),

  rosterFields: () => call<FieldInfo[]>('roster_fields'),
  rosterPreview: (choice: ReadChoice) => call<Preview>('roster_preview', { choice }),
  /** `allowWithdraw`: only after the user confirmed withdrawing the students the file leaves out. */
  rosterImport: (
    campaignId: number,
    choice: ReadChoice,
    dryRun: boolean,
    allowWithdraw: boolean,
    progress: (p: Progress) => void,
  ) => {
    const onProgress = new Channel<Progress>();
    onProgress.onmessage = progress;
    return call<ImportReport>('roster_import', { campaignId, choice, dryRun, allowWithdraw, onProgress });
  },
  rosterList: (campaignId: number, includeWithdrawn: boolean) =>
    call<RosterEntry[]>('roster_list', { campaignId, includeWithdrawn }),
  rosterReveal: (campaignId: number, studentNo: string) =>
    call<Revealed>('roster_reveal', { campaignId, studentNo }),

  scheduleView: (campaignId: number) => call<ScheduleView>('schedule_view', { campaignId }),
  schedulePlan: (campaignId: number) => call<PlanOutcome>('schedule_plan', { campaignId }),
  scheduleMove: (campaignId: number, request: MoveRequest) => call<Slot>('schedule_move', { campaignId, request }),
  scheduleLock: (campaignId: number, className: string, locked: boolean) =>
    call<number>('schedule_lock', { campaignId, className, locked }),
  scheduleUndo: (campaignId: number) => call<string>('schedule_undo', { campaignId }),
  scheduleExport: (campaignId: number, path: string) => call<ScheduleExport>('schedule_export', { campaignId, path }),
  scheduleClassSettings: (campaignId: number) => call<ClassSettingsView>('schedule_class_settings', { campaignId }),
  scheduleChangeClass: (campaignId: number, className: string, form: ClassSettingForm) =>
    call<ClassSetting>('schedule_change_class', { campaignId, className, form }),
  scheduleSettings: (campaignId: number) => call<PlanSettings>('schedule_settings', { campaignId }),
  scheduleSetSettings: (campaignId: number, settings: PlanSettings) =>
    call<PlanSettings>('schedule_set_settings', { campaignId, settings }),

  printDocument: (
    campaignId: number,
    document: PrintDocument,
    scope: PrintScope,
    path: string,
    stage: (s: PrintStageName) => void,
    listKind: PrintListKind | null = null,
    sheetLayout: SheetLayout | null = null,
  ) => {
    const onStage = new Channel<PrintStage>();
    onStage.onmessage = (m) => stage(m.stage);
    return call<Printed>('print_document', { campaignId, document, scope, listKind, sheetLayout, path, onStage });
  },
  openFile: (path: string) => call<void>('open_file', { path }),
  fileExists: (path: string) => call<boolean>('file_exists', { path }),
  noticeTemplate: (campaignId: number) => call<NoticeTemplate>('notice_template', { campaignId }),
  noticeCheck: (text: string) => call<void>('notice_check', { text }),
  noticePreview: (campaignId: number, text: string) => call<string>('notice_preview', { campaignId, text }),
  noticeSave: (campaignId: number, text: string | null) => call<void>('notice_save', { campaignId, text }),
  printFonts: (campaignId: number) => call<FontInfo>('print_fonts', { campaignId }),
  printSetFont: (campaignId: number, path: string | null) => call<FontInfo>('print_set_font', { campaignId, path }),
};
