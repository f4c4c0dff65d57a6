import { describe, expect, it } from 'vitest';
import { chosenInDialog, confirmReplace } from './replace';
import { setLang } from './i18n.svelte';

function deps(there: boolean | 'fail', answer: boolean) {
  const asked: string[] = [];
  return {
    asked,
    exists: async (p: string) => {
      if (there === 'fail') throw new Error(p);
      return there;
    },
    ask: async (m: string) => {
      asked.push(m);
      return answer;
    },
  };
}

describe('confirmReplace', () => {
  it('asks only when a file is there, with the path in the question', async () => {
    setLang('zh');
    const none = deps(false, false);
    expect(await confirmReplace('/tmp/a.xlsx', none)).toBe(true);
    expect(none.asked).toEqual([]);
    const no = deps(true, false);
    expect(await confirmReplace(' /tmp/a.xlsx ', no)).toBe(false);
    expect(no.asked).toEqual(['文件 /tmp/a.xlsx 已存在，要替换它吗？']);
    expect(await confirmReplace('/tmp/a.xlsx', deps(true, true))).toBe(true);
  });

  it('does not ask again for a path the save dialog returned, once', async () => {
    chosenInDialog('/tmp/b.pdf');
    const d = deps(true, false);
    expect(await confirmReplace('/tmp/b.pdf', d)).toBe(true);
    expect(d.asked).toEqual([]);
    expect(await confirmReplace('/tmp/b.pdf', d)).toBe(false);
    expect(d.asked.length).toBe(1);
  });

  it('lets the write go ahead when the check fails', async () => {
    const d = deps('fail', false);
    expect(await confirmReplace('/nope/c.csv', d)).toBe(true);
    expect(d.asked).toEqual([]);
  });
});
