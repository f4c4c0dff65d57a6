import { describe, expect, it } from 'vitest';
import { emptyFilter, matches, visibleRange, distinct } from './roster';
import type { RosterEntry } from './types';

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
