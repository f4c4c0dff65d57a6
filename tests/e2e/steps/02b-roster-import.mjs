// 学生名单: the office's .xlsx (title row, unknown 负责老师 column) imported through the
// UI with the mapping fixed by hand, then a GBK .csv update that withdraws 5 students
// after a confirmation.
import assert from 'node:assert/strict';
import { join } from 'node:path';

/** @param {import('../webdriver.mjs').Session} s */
export async function run(s, ctx) {
  const xlsx = join(ctx.work, '2025届毕业生名单.xlsx');
  const csv = join(ctx.work, '名单更新-GBK.csv');
  ctx.cliText('sample-roster', '--reference', '--out', xlsx);
  ctx.cliText('sample-roster', '--reference', '--out', csv, '--gbk', '--skip', '5');

  ctx.step('学生名单: import the .xlsx, fix the 负责老师 mapping by hand');
  await s.click('button[data-page=roster]');
  await s.find('[data-testid=roster-count]', { test: (t) => t.includes('2400') });
  const open = await s.run('return !!document.querySelector("[data-testid=import-panel]");');
  if (!open) await s.click('[data-testid=open-import]');
  await s.type('[data-testid=import-panel] input[name=path]', xlsx);
  await s.click('[data-testid=import-panel] button[type=submit]');
  const preview = await s.textOf('[data-testid=mapping]', { test: (t) => t.includes('负责老师') });
  assert.ok(!/\d{17}[\dX]/.test(preview), 'the preview masks ID numbers');
  await s.run(`const el = document.querySelector('select[data-header="负责老师"]');
    el.value = 'counselor'; el.dispatchEvent(new Event('change', { bubbles: true })); return 1;`);
  await s.find('[data-testid=mapping]', { test: (t) => t.includes('手动指定') });
  await s.screenshot(join(ctx.out, '02b-roster-mapping.png'));
  await s.click('[data-testid=confirm-import]');
  let summary = await s.textOf('[data-testid=import-summary]', { test: (t) => t.includes('导入完成') });
  assert.match(summary, /未变\s*2400/, summary);

  ctx.step('学生名单: a GBK .csv update asks before withdrawing the 5 students it leaves out');
  await s.type('[data-testid=import-panel] input[name=path]', csv);
  await s.click('[data-testid=import-panel] button[type=submit]');
  await s.find('[data-testid=mapping]', { test: (t) => t.includes('沿用上次的选择') });
  await s.click('[data-testid=confirm-import]');
  const question = await s.textOf('[data-testid=confirm]');
  assert.match(question, /5 名/);
  await s.screenshot(join(ctx.out, '02c-roster-withdraw-confirm.png'));
  await s.click('[data-testid=confirm-ok]');
  summary = await s.textOf('[data-testid=import-summary]', { test: (t) => t.includes('导入完成') });
  assert.match(summary, /标记退出\s*5/, summary);
  // The core took a copy before withdrawing; the summary says where.
  const copy = await s.textOf('[data-testid=import-backup]');
  assert.ok(ctx.cli('backup', 'list', '--json').backups.some((b) => b.reason === 'reimport' && copy.includes(b.file_name)), copy);
  const status = ctx.cli('status', '--json');
  assert.equal(status.students.withdrawn, 5);
  assert.equal(status.students.total, 2395);
}
