// Display helpers shared by pages: dates, money, days left. Pure, unit-tested.
import type { MilestoneStatus } from './types';
import { t } from './i18n.svelte';

/** 1350 → "13.5", 6000 → "60" (yuan, without the unit). */
export function yuan(fen: number): string {
  return (fen / 100).toString();
}

/** "13.5" or "13.50" → 1350; null when not a non-negative amount with at most 2 decimals. */
export function parseYuan(text: string): number | null {
  const m = /^\s*(\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** "2025-04-28" → "4月28日" (zh) or "Apr 28" (en); with the year when asked. */
export function shortDate(iso: string, withYear = false): string {
  const [y, m, d] = iso.split('-').map(Number);
  return t('date.short', { y, m, d, withYear: withYear ? 1 : 0 });
}

/** A milestone's span: "4月28日–4月30日" or one day. */
export function span(m: { start: string | null; end: string }): string {
  if (!m.start || m.start === m.end) return shortDate(m.end, true);
  return `${shortDate(m.start, true)} – ${shortDate(m.end, true)}`;
}

/** What a person wants to know about a milestone today. */
export function daysPhrase(m: MilestoneStatus): string {
  if (m.phase === 'past') return t('days.past', { n: -m.days_left });
  if (m.phase === 'active') return m.days_left === 0 ? t('days.lastDay') : t('days.left', { n: m.days_left });
  if (m.start === null) return t('days.untilDeadline', { n: m.days_left });
  return t('days.untilStart', { n: m.days_until_start });
}

/**
 * A date as the office types it → "YYYY-MM-DD", or null when it is not a real date:
 * 2025-04-20, 2025-4-20, 2025/4/20, 2025.4.20, 2025年4月20日, 20250420.
 */
export function parseDate(text: string): string | null {
  const s = text.trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
