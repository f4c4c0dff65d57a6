// 导出: the final list previewed, then written to a typed path as .xlsx and .csv (UTF-8
// with BOM); both appear in the export log. Writing to the same typed path again asks
// before replacing the file.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** @param {import('../webdriver.mjs').Session} s */
export async function run(s, ctx) {
  ctx.step('导出: the final list preview with its counts and the ID-number warning');
  // Run alone, nobody has a photo yet: record one through the CLI so the list is not empty.
  if (ctx.cli('progress', '--state', 'done', '--json').students.length === 0) {
    const someone = ctx.cli('progress', '--json').students[0];
    ctx.cli('record', 'add', someone.student_no, '--kind', 'photographed', '--json');
  }
  const done = ctx.cli('progress', '--state', 'done', '--json').students;
  await s.click('button[data-page=export]');
  await s.find('[data-testid=export-total]', { test: (t) => t === `共 ${done.length} 人` });
  await s.find('[data-testid=id-warning]');
  await s.screenshot(join(ctx.out, '15-export.png'));

  ctx.step('saved as .xlsx to a typed path');
  const xlsx = join(ctx.work, '制证名单.xlsx');
  await s.type('[data-testid=export-path]', xlsx);
  await s.click('[data-testid=export-write]');
  await s.find('[data-testid=export-done]', { test: (t) => t.includes(xlsx) });
  assert.ok(existsSync(xlsx) && statSync(xlsx).size > 0, 'the .xlsx exists');
  // Read back through calamine (a roster dry run: header found below the title row,
  // nothing written): every row, 学号 and ID numbers intact as text.
  const back = ctx.cli('roster', 'import', xlsx, '--dry-run', '--json');
  assert.equal(back.read, done.length, 'the .xlsx holds every row of the final list');
  assert.equal(back.rejected.length, 0, 'every 学号 reads back');
  assert.equal(back.warnings.length, 0, 'ID numbers read back with valid check digits (not 4.4E+17)');

  ctx.step('the same typed path again: the replace question first, then the file is written');
  const before = statSync(xlsx).mtimeMs;
  await s.click('[data-testid=export-write]');
  await s.find('[data-testid=confirm]', { test: (t) => t.includes(`文件 ${xlsx} 已存在，要替换它吗？`) });
  await s.screenshot(join(ctx.out, '15-export-replace.png'));
  await s.click('[data-testid=confirm-ok]');
  // Written when the export log holds a second entry (the message reads the same as before).
  for (let i = 0; i < 100 && ctx.cli('export', 'log', '--json').exports.length < 2; i++) await new Promise((r) => setTimeout(r, 200));
  await s.find('[data-testid=export-done]', { test: (t) => t.includes(xlsx) });
  assert.ok(statSync(xlsx).mtimeMs > before && statSync(xlsx).size > 0, 'the .xlsx was written again');
  assert.equal(ctx.cli('roster', 'import', xlsx, '--dry-run', '--json').read, done.length, 'and holds every row');

  ctx.step('saved as .csv (UTF-8 with BOM) holding a 学号 from the CLI');
  await s.click('[data-testid=format-csv]');
  const csv = join(ctx.work, '制证名单.csv');
  await s.type('[data-testid=export-path]', csv);
  await s.click('[data-testid=export-write]');
  await s.find('[data-testid=export-done]', { test: (t) => t.includes(csv) });
  const bytes = readFileSync(csv);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const text = bytes.toString('utf8');
  assert.ok(done.length > 0 && text.includes(done[0].student_no), 'the CSV holds a 学号 of the final list');

  ctx.step('the export log lists both files');
  const log = await s.textOf('[data-testid=export-log]', { test: (t) => t.includes('制证名单.csv') });
  assert.ok(log.includes('制证名单.xlsx'));
  assert.equal(ctx.cli('export', 'log', '--json').exports.length, 3, 'the .xlsx twice and the .csv');
  await s.screenshot(join(ctx.out, '16-export-done.png'));
}
