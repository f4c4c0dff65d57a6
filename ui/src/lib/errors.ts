// The desktop's own hint for a core error, by the core's stable code: the core says what
// to do in words, the desktop names its page or button (the CLI names its command).
import type { UiError } from './types';
import { lang, t, translate } from './i18n.svelte';

/** (a run of code segments the error's code must contain, the hint's i18n key). */
const HINTS: [string, string][] = [
  ['CampaignClosed', 'hint.reopen'],
  ['NoCampaign', 'hint.newCampaign'],
  ['NoSchedule', 'hint.plan'],
  ['plan.NothingToExport', 'hint.plan'],
  ['ClassNotScheduled', 'hint.plan'],
  ['UnknownSlot', 'hint.pickSlot'],
  ['store.Busy', 'hint.busy'],
  ['sync.Forged', 'hint.syncFromBackup'],
  ['sync.OldFormat', 'hint.syncFromBackup'],
];

/** True when `code` ("roster.import.Closed.CampaignClosed") holds `path`'s segments in a row. */
export function containsPath(code: string, path: string): boolean {
  const c = code.split('.');
  const p = path.split('.');
  for (let i = 0; i + p.length <= c.length; i++) {
    if (p.every((s, k) => c[i + k] === s)) return true;
  }
  return false;
}

/** The hint's i18n key for an error code, if the desktop has one. */
export function hintKey(code: string | undefined): string | null {
  if (!code) return null;
  return HINTS.find(([path]) => containsPath(code, path))?.[1] ?? null;
}

/**
 * Core errors said again in English by code (the core writes Chinese), the sentence
 * filled from the error's `args`. Codes not listed keep the core's message.
 */
const ENGLISH: [string, string][] = [
  ['NoCampaign', 'err.noCampaign'],
  ['CampaignClosed', 'err.closed'],
  ['store.Busy', 'err.busy'],
  ['TooManyWithdrawals', 'err.tooManyWithdrawals'],
  ['shell.PathNotPicked', 'err.pathNotPicked'],
  ['plan.NothingToExport', 'err.nothingToExport'],
  ['sync.Forged', 'err.forged'],
];

/** The message in the UI's language: the core's, or its English sentence by code. */
export function messageOf(e: UiError, l = lang.current): string {
  if (l !== 'en' || !e.code) return e.message;
  const key = ENGLISH.find(([path]) => containsPath(e.code, path))?.[1];
  return key ? translate('en', key, e.args ?? {}) : e.message;
}

/** The error's message, with the desktop's hint on a line of its own. */
export function errorText(e: UiError): string {
  const key = hintKey(e.code);
  const message = messageOf(e);
  return key ? `${message}\n${t(key)}` : message;
}
