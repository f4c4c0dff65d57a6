// The end of the campaign: the excluded list (with reasons) exported as GBK CSV for an
// old system, then the campaign closed; the CLI sees it frozen.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @param {import('../webdriver.mjs').Session} s */
export async function run(s, ctx) {
  ctx.step('导出: the excluded list as GBK CSV');
  await s.click('button[data-page=export]');
  await s.click('[data-testid=list-excluded]');
  const summary = await s.textOf('[data-testid=export-summary]', { test: (t) => /不予制证 \d+ 人/.test(t) });
  const n = Number(/不予制证 (\d+) 人/.exec(summary)[1]);
  assert.ok(n > 0, 'the demo has students without a photo');
  // The total switches from the final list's count once the excluded list is loaded.
  await s.textOf('[data-testid=export-total]', { test: (t) => t.includes(`共 ${n} 人`) });
  await s.click('[data-testid=format-csv]');
  await s.run(`const el = document.querySelector('[data-testid=encoding]');
    el.value = [...el.options].find((o) => /gbk/i.test(o.value)).value;
    el.dispatchEvent(new Event('change', { bubbles: true })); return 1;`);
  const csv = join(ctx.work, '不予制证名单-GBK.csv');
  await s.type('[data-testid=export-path]', csv);
  await s.click('[data-testid=export-write]');
  await s.find('[data-testid=export-done]', { test: (t) => t.includes(csv) });
  assert.ok(existsSync(csv));
  const text = new TextDecoder('gbk').decode(readFileSync(csv));
  assert.ok(text.includes('学号'), 'the GBK file decodes to the Chinese header');
  const rows = text.split('\n').filter((l) => /^\d/.test(l) || /^"?\d/.test(l));
  assert.ok(rows.length >= n, `the file holds the ${n} excluded students`);

  ctx.step('导出: closing the campaign asks first, then freezes it');
  await s.click('[data-testid=close]');
  await s.find('[data-testid=confirm]');
  await s.screenshot(join(ctx.out, '17-close-confirm.png'));
  await s.click('[data-testid=confirm-ok]');
  await s.find('[data-testid=reopen]');
  await s.screenshot(join(ctx.out, '18-closed.png'));
  const log = ctx.cli('export', 'log', '--json');
  assert.ok(log.exports.some((e) => e.file_name.includes('不予制证名单') && e.encoding === 'gbk'));
  let refused = false;
  try {
    ctx.cliText('record', 'add', '000000', '--kind', 'paid');
  } catch (e) {
    refused = String(e.stderr).includes('已关闭') || String(e.stderr).includes('关闭');
  }
  assert.ok(refused, 'a closed campaign refuses new records until reopened');
}
