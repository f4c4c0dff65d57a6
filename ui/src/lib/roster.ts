// Filtering the roster on screen: pure, so the 50,000-row case is unit-tested.
import type { Params } from './i18n.svelte';
import type { ClassCount, Preview, RosterEntry, RowIssue, SheetSummary } from './types';

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

// The roster import panel: which sheets of a workbook are read, and how row issues and
// per-class counts read on screen.

/** The workbook's sheets for the picker. An older core sends only `sheet_names`. */
export function sheetList(p: Preview): SheetSummary[] {
  if (p.sheets && p.sheets.length > 0) return p.sheets;
  return p.sheet_names.map((name) => ({ name, rows: -1, same_header: false, used: name === p.sheet }));
}

/** The sheets to read after ticking (`on`) or unticking `name`, in workbook order; null
 * when that would leave none (the import always reads at least one sheet). */
export function tickSheet(list: SheetSummary[], chosen: string[], name: string, on: boolean): string[] | null {
  const set = new Set(chosen);
  if (on) set.add(name);
  else set.delete(name);
  const next = list.map((s) => s.name).filter((n) => set.has(n));
  return next.length > 0 ? next : null;
}

/** "全部导入": the sheets read now and every sheet with the same header. */
export const sameHeaderSheets = (list: SheetSummary[]): string[] =>
  list.filter((s) => s.used || s.same_header).map((s) => s.name);

type Tr = (key: string, params?: Params) => string;

/** Where a row issue is: sheet (when the import reads several), row, column. */
export function issuePlace(i: RowIssue, t: Tr): string {
  const p = { row: i.row, column: i.column ?? '', letter: i.letter ?? '', sheet: i.sheet ?? '' };
  if (i.sheet) return t(i.column ? 'roster.issueAtColumnInSheet' : 'roster.issueAtRowInSheet', p);
  return t(i.column ? 'roster.issueAtColumn' : 'roster.issueAtRow', p);
}

/** "机电2201班 12 名、会计2202班 5 名等 8 个班级": the largest classes first, at most `top`. */
export function classesLine(byClass: ClassCount[], t: Tr, top = 5): string {
  const sorted = [...byClass].sort((a, b) => b.count - a.count || a.class_name.localeCompare(b.class_name, 'zh'));
  const list = sorted
    .slice(0, top)
    .map((c) => t('roster.classCount', { class: c.class_name || '—', n: c.count }))
    .join(t('roster.listSep'));
  const more = sorted.length - Math.min(top, sorted.length);
  return more > 0 ? list + t('roster.moreClasses', { total: sorted.length, more }) : list;
}
