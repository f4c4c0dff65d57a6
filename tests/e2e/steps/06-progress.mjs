// 进度跟踪: the headline counts match the CLI; an event recorded for a selected student
// moves them, voiding it moves them back; an agency list is previewed, then applied.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

async function setSelect(s, testid, value) {
  await s.run(`const el = document.querySelector("[data-testid=${testid}]"); el.value = ${JSON.stringify(value)};
    el.dispatchEvent(new Event("change", { bubbles: true })); return 1;`);
}

const headline = async (s, k) => Number(await s.textOf(`[data-testid=headline-${k}]`));

/** @param {import('../webdriver.mjs').Session} s */
export async function run(s, ctx) {
  ctx.step('进度跟踪: headline counts and bars from the database');
  await s.click('button[data-page=progress]');
  const before = ctx.cli('progress', '--json');
  const o = before.counts.overall;
  await s.find('[data-testid=headline-eligible]', { test: (t) => Number(t) === o.eligible });
  for (const k of ['done', 'pending', 'at_risk', 'excluded']) assert.equal(await headline(s, k), o[k], k);
  const names = before.counts.campuses.map((c) => c.name);
  const campuses = await s.textOf('[data-testid=bars-campus]', { test: (t) => names.every((n) => t.includes(n)) })
    .catch(async () => `${await s.run('return document.querySelector("[data-testid=bars-campus]").innerText;')} ≠ ${names}`);
  for (const n of names) assert.ok(campuses.includes(n), `bar for ${n}: ${campuses}`);
  await s.screenshot(join(ctx.out, '12-progress.png'));

  ctx.step('filter by class and state, select a student, record 线下已拍摄 after a confirmation');
  const target = before.students.find((st) => st.state !== 'done');
  await setSelect(s, 'filter-state', 'all');
  await setSelect(s, 'filter-class', target.class_name);
  // Both filter changes reload the list: wait until the class's list is the one shown.
  const inClass = before.students.filter((st) => st.class_name === target.class_name).length;
  await s.find('[data-testid=progress-count]', { test: (t) => t.startsWith(`${inClass} 人`) });
  await s.click(`tr[data-student="${target.student_no}"] input[type=checkbox]`);
  await s.find('[data-testid=progress-count]', { test: (t) => t.includes('已选 1 人') });
  await setSelect(s, 'record-kind', 'photographed');
  await s.click('[data-testid=record-submit]');
  await s.find('[data-testid=confirm]', { test: (t) => t.includes('为 1 名学生记录「线下已拍摄」') });
  await s.screenshot(join(ctx.out, '13a-progress-record-confirm.png'));
  await s.click('[data-testid=confirm-ok]');
  await s.find('[data-testid=record-result]', { test: (t) => t.includes('1 人') });
  await s.find('[data-testid=headline-done]', { test: (t) => Number(t) === o.done + 1 });
  assert.equal(ctx.cli('progress', '--json').counts.overall.done, o.done + 1, 'the CLI agrees');
  await s.screenshot(join(ctx.out, '13-progress-recorded.png'));

  ctx.step("void the event from the student's list, the count goes back");
  await s.click(`tr[data-student="${target.student_no}"] [data-testid=open-student]`);
  await s.find('[data-testid=event-list]', { test: (t) => t.includes('线下已拍摄') });
  await s.click('[data-testid=event-list] [data-testid=void-event]');
  await s.find('[data-testid=confirm]', { test: (t) => t.includes('作废') });
  await s.click('[data-testid=confirm-ok]');
  await s.find('[data-testid=headline-done]', { test: (t) => Number(t) === o.done });
  const voided = ctx.cli('record', 'list', target.student_no, '--json').events.find((e) => e.kind === 'photographed');
  assert.ok(voided.voided_at, 'kept and marked void');

  ctx.step('an agency list: preview of matches (nothing written), then applied');
  const [p1, p2] = before.students.filter((st) => st.state !== 'done' && st.student_no !== target.student_no);
  const csv = join(ctx.work, '图片社拍摄名单.csv');
  writeFileSync(csv, `\ufeff学号,姓名\n${p1.student_no},${p1.name}\n${p2.student_no},${p2.name}\n2099000077,查无此人\n`);
  await s.click('[data-testid=open-agency-import]');
  await setSelect(s, 'import-kind', 'photographed');
  await s.type('[data-testid=agency-import] input[name=path]', csv);
  await s.click('[data-testid=import-check]');
  await s.find('[data-testid=imp-matched]', { test: (t) => t === '2' });
  assert.equal(await s.textOf('[data-testid=imp-unmatched]'), '1');
  assert.match(await s.textOf('[data-testid=import-result]'), /第 4 行/, 'the unknown row is named by its row number');
  assert.equal(ctx.cli('progress', '--json').counts.overall.done, o.done, 'a preview writes nothing');
  await s.screenshot(join(ctx.out, '14-progress-import-preview.png'));
  await s.click('[data-testid=import-apply]');
  await s.click('[data-testid=confirm-ok]');
  await s.find('[data-testid=import-result]', { test: (t) => t.includes('导入完成') });
  await s.find('[data-testid=headline-done]', { test: (t) => Number(t) === o.done + 2 });
  assert.equal(ctx.cli('progress', '--json').counts.overall.done, o.done + 2, 'the CLI agrees');
}
