// The only place that calls the Rust commands. Every function mirrors one command.
import { Channel, invoke } from '@tauri-apps/api/core';
import type {
  AppInfo,
  FieldInfo,
  ImportReport,
  Preview,
  Progress,
  ReadChoice,
  RosterEntry,
  Campaign,
  CampaignFacts,
  Milestone,
  MilestoneKind,
  Overview,
  UiError,
  VenueInput,
  WindowInput,
} from './types';

/** Normalises whatever a command threw into a UiError. */
export function asUiError(e: unknown): UiError {
  if (e && typeof e === 'object' && 'message' in e) {
    const o = e as Partial<UiError>;
    return { message: String(o.message), kind: o.kind ?? 'internal', findings: o.findings ?? [] };
  }
  return { message: String(e), kind: 'internal', findings: [] };
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
  listCampaigns: () => call<Campaign[]>('list_campaigns'),
  createDemo: () => call<number>('create_demo'),
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

  rosterFields: () => call<FieldInfo[]>('roster_fields'),
  rosterPreview: (choice: ReadChoice) => call<Preview>('roster_preview', { choice }),
  rosterImport: (campaignId: number, choice: ReadChoice, dryRun: boolean, progress: (p: Progress) => void) => {
    const onProgress = new Channel<Progress>();
    onProgress.onmessage = progress;
    return call<ImportReport>('roster_import', { campaignId, choice, dryRun, onProgress });
  },
  rosterList: (campaignId: number, includeWithdrawn: boolean) =>
    call<RosterEntry[]>('roster_list', { campaignId, includeWithdrawn }),
  rosterReveal: (campaignId: number, studentNo: string) =>
    call<{ id_number: string | null; phone: string }>('roster_reveal', { campaignId, studentNo }),
};
