import { describe, expect, it } from 'vitest';
import { dictionaries } from './i18n.svelte';
import { deadlineLabel, nextText, phraseText, whyText } from './phrase';
import type { StudentProgress } from './types';

// The codes src/progress/status.rs sends (its test `every_branch_gives_a_code_with_its_args`
// lists the same ones).
const WHY = ['no_photo', 'no_deadline', 'verified', 'verification_due', 'photographed', 'checked_in',
  'awaiting_onsite', 'awaiting_onsite_at_risk', 'unpaid', 'unpaid_at_risk', 'online_submitted',
  'online_submitted_at_risk', 'paid_missed_onsite', 'paid_missed_onsite_at_risk', 'online_class',
  'online_class_at_risk', 'unpaid_online', 'unpaid_online_at_risk', 'paid_missed_all',
  'paid_missed_all_at_risk', 'missed_all', 'missed_all_at_risk', 'verification_overdue', 'verify_failed',
  'reshot', 'failed_no_reshoot'];
const NEXT = ['exclude', 'set_schedule', 'none', 'remind_verify', 'remind_verify_from', 'import_agency_list',
  'attend_onsite', 'pay', 'pay_or_online', 'watch_review', 'upload_online', 'walk_in', 'remind_verify_now',
  'reshoot', 'reshoot_now'];

const student = (o: Partial<StudentProgress>): StudentProgress => ({
  student_no: '2022010101', name: '张三', class_name: '会计1班', college: '', campus: '', counselor: '',
  route: 'onsite', state: 'pending', code: 'awaiting_onsite',
  reason: '已缴费，等待线下集采（2025-04-28 至 2025-04-30）', next_step: '按拍摄安排参加线下集采',
  why: { code: 'awaiting_onsite', args: { start: '2025-04-28', end: '2025-04-30' } },
  next: { code: 'attend_onsite', args: {} },
  next_deadline: { kind: 'onsite', label: '线下集中采集', date: '2025-04-30', days_left: 10 },
  photo_date: null, ...o,
});

describe('reason and next step', () => {
  it("shows the core's Chinese text in Chinese", () => {
    const s = student({});
    expect(whyText(s, 'zh')).toBe(s.reason);
    expect(nextText(s, 'zh')).toBe(s.next_step);
    expect(deadlineLabel(s.next_deadline!, 'zh')).toBe('线下集中采集');
  });

  it('words the code and args in English', () => {
    const s = student({});
    expect(whyText(s, 'en')).toBe('Paid; waiting for on-site collection (2025-04-28 to 2025-04-30)');
    expect(nextText(s, 'en')).toBe('Attend on-site collection as scheduled');
    expect(deadlineLabel(s.next_deadline!, 'en')).toBe('On-site collection');
    expect(phraseText('why', '', { code: 'awaiting_onsite', args: { end: '2025-04-30' } }, 'en'))
      .toBe('Paid; waiting for on-site collection (2025-04-30)');
    expect(phraseText('why', '', { code: 'no_photo', args: { milestone: 'final_deadline', date: '2025-09-30' } }, 'en'))
      .toBe('No photo by Final deadline (2025-09-30)');
    expect(phraseText('why', '', { code: 'photographed', args: { method: 'walk_in_done', date: '2025-06-01' } }, 'en'))
      .toBe('Walk-in done (2025-06-01)');
    expect(phraseText('next', '', { code: 'pay_or_online', args: { date: '2025-04-27', online_start: '2025-05-06', online_end: '2025-05-12' } }, 'en'))
      .toBe('Pay the on-site fee by 2025-04-27, or upload a photo during online collection (2025-05-06 to 2025-05-12)');
    expect(phraseText('next', '', { code: 'none', args: {} }, 'en')).toBe('');
    expect(phraseText('why', '', { code: 'verify_failed', args: { failed: 'compare_failed', date: '2025-06-09' } }, 'en'))
      .toBe('Face comparison failed (2025-06-09); must be re-shot');
  });

  it('falls back to the Chinese text when the core sent no code', () => {
    expect(phraseText('why', '原文', undefined, 'en')).toBe('原文');
  });

  it('has an English and a Chinese text for every code the core sends', () => {
    for (const [kind, codes] of [['why', WHY], ['next', NEXT]] as const) {
      for (const code of codes) {
        const key = `progress.${kind}.${code}`;
        expect(dictionaries.en[key], key).toBeDefined();
        expect(dictionaries.zh[key], key).toBeDefined();
      }
    }
    // No English text is left with an unfilled placeholder for its args.
    expect(phraseText('why', '', { code: 'unpaid_at_risk', args: { date: '2025-04-27' } }, 'en')).not.toMatch(/[{}]/);
  });
});
