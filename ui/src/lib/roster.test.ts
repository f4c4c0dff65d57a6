import { describe, expect, it } from 'vitest';
import { classesLine, distinct, emptyFilter, issuePlace, matches, sameHeaderSheets, sheetList, tickSheet, visibleRange } from './roster';
import { translate } from './i18n.svelte';
import type { Preview, RosterEntry, SheetSummary } from './types';

const entry = (o: Partial<RosterEntry>): RosterEntry => ({
  student_no: '2022010101', name: '陈伟', gender: '男', id_number: '440***********123X', college: '机电工程学院',
  major: '机电一体化技术', class_name: '机电一体化技术2201班', intake_year: 2022, duration_years: 3, level: '专科',
  campus: '高明', site: '', enrolment_status: '注册学籍', grad_year: 2025, counselor: '王老师', phone: '138****5678',
  ineligible_reason: null, withdrawn_at: null, extra: {}, warnings: [], ...o,
});

describe('roster filter', () => {
  it('searches 学号, 姓名 and 班级 and filters by eligibility', () => {
    const f = emptyFilter();
    expect(matches(entry({}), { ...f, search: '陈' })).toBe(true);
    expect(matches(entry({}), { ...f, search: '2201班' })).toBe(true);
    expect(matches(entry({}), { ...f, search: '李' })).toBe(false);
    expect(matches(entry({ ineligible_reason: '休学' }), { ...f, eligibility: 'eligible' })).toBe(false);
    expect(matches(entry({ ineligible_reason: '休学' }), { ...f, eligibility: 'ineligible' })).toBe(true);
    expect(matches(entry({ withdrawn_at: '2025-04-01' }), { ...f, eligibility: 'withdrawn' })).toBe(true);
    expect(matches(entry({ campus: '', site: '现代学徒制校外教学点' }), { ...f, campus: '现代学徒制校外教学点' })).toBe(true);
  });

  it('filters 50,000 rows quickly enough to type into', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => entry({ student_no: String(i).padStart(10, '0'), class_name: `班${i % 1200}` }));
    const t0 = performance.now();
    const hits = rows.filter((r) => matches(r, { ...emptyFilter(), search: '班7' }));
    expect(hits.length).toBeGreaterThan(0);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(distinct(rows, (r) => r.class_name)).toHaveLength(1200);
  });

  it('renders only the rows in view', () => {
    expect(visibleRange(0, 600, 30, 50_000)).toEqual({ start: 0, end: 28 });
    expect(visibleRange(30_000, 600, 30, 50_000)).toEqual({ start: 992, end: 1028 });
    expect(visibleRange(0, 600, 30, 5)).toEqual({ start: 0, end: 5 });
  });
});

describe('roster import panel', () => {
  const sheets: SheetSummary[] = [
    { name: '说明', rows: 3, same_header: false, used: false },
    { name: '机电学院', rows: 812, same_header: true, used: true },
    { name: '经管学院', rows: 640, same_header: true, used: false },
    { name: '汇总', rows: 2, same_header: false, used: false },
  ];
  const zh = (key: string, p?: Record<string, string | number>) => translate('zh', key, p);
  const en = (key: string, p?: Record<string, string | number>) => translate('en', key, p);

  it('keeps the ticked sheets in workbook order and never none', () => {
    expect(tickSheet(sheets, ['机电学院'], '说明', true)).toEqual(['说明', '机电学院']);
    expect(tickSheet(sheets, ['经管学院', '机电学院'], '汇总', true)).toEqual(['机电学院', '经管学院', '汇总']);
    expect(tickSheet(sheets, ['机电学院', '经管学院'], '机电学院', false)).toEqual(['经管学院']);
    expect(tickSheet(sheets, ['机电学院'], '机电学院', false)).toBeNull();
    expect(sameHeaderSheets(sheets)).toEqual(['机电学院', '经管学院']);
  });

  it('lists the sheets of a preview from an older core by name', () => {
    const p = { sheet_names: ['A', 'B'], sheet: 'B', sheets: [] } as unknown as Preview;
    expect(sheetList(p)).toEqual([
      { name: 'A', rows: -1, same_header: false, used: false },
      { name: 'B', rows: -1, same_header: false, used: true },
    ]);
    expect(sheetList({ ...p, sheets })).toBe(sheets);
  });

  it('names the sheet of a row issue when there is one', () => {
    const issue = { sheet: null, row: 7, column: '学号', letter: 'B', reason: '' };
    expect(issuePlace(issue, zh)).toBe('第 7 行「学号」列（B 列）');
    expect(issuePlace({ ...issue, sheet: '经管学院' }, zh)).toBe('工作表「经管学院」第 7 行「学号」列（B 列）');
    expect(issuePlace({ ...issue, sheet: '经管学院', column: null }, zh)).toBe('工作表「经管学院」第 7 行');
    expect(issuePlace({ ...issue, sheet: '经管学院', column: null }, en)).toBe('Sheet “经管学院”, row 7');
  });

  it('names the classes with most withdrawals first', () => {
    const by = [
      { class_name: '会计2202班', count: 3 },
      { class_name: '机电2201班', count: 12 },
      { class_name: '物流2201班', count: 1 },
    ];
    expect(classesLine(by, zh)).toBe('机电2201班 12 名、会计2202班 3 名、物流2201班 1 名');
    expect(classesLine(by, zh, 2)).toBe('机电2201班 12 名、会计2202班 3 名等 3 个班级');
    expect(classesLine(by, en, 2)).toBe('机电2201班: 12, 会计2202班: 3 and 1 more');
    expect(classesLine([], zh)).toBe('');
  });
});
