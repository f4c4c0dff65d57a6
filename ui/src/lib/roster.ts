// Filtering the roster on screen: pure, so the 50,000-row case is unit-tested.
import type { RosterEntry } from './types';

export interface RosterFilter {
  search: string;
  campus: string;
  college: string;
  className: string;
  /** '' all, 'eligible', 'ineligible', 'withdrawn'. */
  eligibility: string;
  warningsOnly: boolean;
}

export const emptyFilter = (): RosterFilter => ({
  search: '', campus: '', college: '', className: '', eligibility: '', warningsOnly: false,
});

export function matches(s: RosterEntry, f: RosterFilter): boolean {
  if (f.campus && (s.campus || s.site) !== f.campus) return false;
  if (f.college && s.college !== f.college) return false;
  if (f.className && s.class_name !== f.className) return false;
  if (f.warningsOnly && s.warnings.length === 0) return false;
  if (f.eligibility === 'withdrawn' && !s.withdrawn_at) return false;
  if (f.eligibility === 'eligible' && (s.withdrawn_at || s.ineligible_reason)) return false;
  if (f.eligibility === 'ineligible' && (s.withdrawn_at || !s.ineligible_reason)) return false;
  const q = f.search.trim();
  if (q && !s.student_no.includes(q) && !s.name.includes(q) && !s.class_name.includes(q)) return false;
  return true;
}

/** Distinct non-empty values, sorted, for a filter's choices. */
export function distinct(list: RosterEntry[], pick: (s: RosterEntry) => string): string[] {
  return [...new Set(list.map(pick).filter((v) => v !== ''))].sort((a, b) => a.localeCompare(b, 'zh'));
}

/** Which rows of a fixed-height list are visible, with a few spare above and below. */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, total: number, spare = 8) {
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - spare);
  const end = Math.min(total, Math.ceil((scrollTop + viewport) / rowHeight) + spare);
  return { start, end };
}
