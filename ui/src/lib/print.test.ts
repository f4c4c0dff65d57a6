import { describe, expect, it } from 'vitest';
import { defaultFileName, fileSize } from './print';
import { setLang } from './i18n.svelte';

describe('print file names', () => {
  it('names the document and its scope in Chinese', () => {
    setLang('zh');
    expect(defaultFileName('sign_in', { campus: '高明', date: '2025-04-28', class_name: null, college: null })).toBe(
      '签到表-高明校区-2025-04-28.pdf',
    );
    expect(defaultFileName('notice', { campus: '高明', date: null, class_name: null, college: null })).toBe('通知.pdf');
    expect(defaultFileName('schedule', { campus: null, date: null, class_name: 'a/b', college: null })).toBe('拍摄安排-a_b.pdf');
    expect(defaultFileName('lists', { campus: null, date: null, class_name: null, college: '信息学院' }, 'not_photographed')).toBe(
      '未采集名单-信息学院.pdf',
    );
    expect(defaultFileName('lists', { campus: null, date: null, class_name: '会计1班', college: null }, 'verify_failed', 'xlsx')).toBe(
      '核对未通过名单-会计1班.xlsx',
    );
    // Only the lists have an Excel form.
    expect(defaultFileName('schedule', { campus: null, date: null, class_name: null, college: null }, 'unpaid', 'xlsx')).toBe('拍摄安排.pdf');
    expect(fileSize(190012)).toBe('186 KB');
  });
});
