// 学生名单: the roster from the database, search, masked IDs, an import checked before it writes.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** @param {import('../webdriver.mjs').Session} s */
export async function run(s, ctx) {
  ctx.step('学生名单: the roster from the database, searchable, with masked ID numbers');
  await s.click('button[data-page=roster]');
  await s.find('[data-testid=roster-count]', { test: (t) => t.includes('2400') });
  await s.screenshot(join(ctx.out, '03-roster.png'));
  const roster = ctx.cli('roster', 'list', '--json');
  const someone = (roster.students ?? roster)[100];
  await s.type('[data-testid=roster-search]', someone.student_no);
  await s.find('[data-testid=roster-count]', { test: (t) => t.startsWith('显示 1 ') });
  await s.click('[data-testid=roster-rows] [role=row]');
  const masked = await s.textOf('[data-testid=detail-id]');
  assert.match(masked, /^\d{3}\*{11}[\dX]{4}$/, `masked ID shown: ${masked}`);
  await s.click('[data-testid=reveal]');
  await s.find('[data-testid=detail-id]', { test: (t) => /^\d{17}[\dX]$/.test(t) });
  await s.screenshot(join(ctx.out, '04-roster-detail.png'));

  ctx.step('a roster file with a title row is previewed and checked before anything is written');
  const csv = join(ctx.work, '名单.csv');
  writeFileSync(csv, '\ufeff2025届毕业生名单\n学生编号,姓名,性别,二级学院,班级名称,学籍状态,预计毕业年份\n' +
    `${someone.student_no},${someone.name},${someone.gender},${someone.college},${someone.class_name},注册学籍,2025\n` +
    '2099000001,新同学,女,信息工程学院,软件技术2201班,注册学籍,2025\n,无学号,男,x,y,注册学籍,2025\n');
  await s.click('[data-testid=open-import]');
  await s.type('[data-testid=import-panel] input[name=path]', csv);
  await s.click('[data-testid=import-panel] button[type=submit]');
  await s.find('[data-testid=mapping]', { test: (t) => t.includes('学生编号') });
  await s.click('[data-testid=dry-run]');
  const summary = await s.textOf('[data-testid=import-summary]', { test: (t) => t.includes('检查结果') });
  assert.match(summary, /第 5 行/, 'the rejected row is named by its Excel row number');
  await s.screenshot(join(ctx.out, '05-roster-import-check.png'));
  const after = ctx.cli('status', '--json');
  assert.equal(after.students.total, 2400, 'a check writes nothing');

}
