// 现场签到: pick a slot, scan two 学号 + Enter, watch the counts move; a walk-up and a
// name search; the CLI sees the same check-ins; the last one undone with Ctrl+Z.
import assert from 'node:assert/strict';
import { join } from 'node:path';

const ENTER = '\uE007';

/** @param {import('../webdriver.mjs').Session} s */
export async function run(s, ctx) {
  ctx.step('现场签到: a schedule exists (planned here when none is)');
  let schedule = ctx.cli('schedule', '--json').schedule;
  if (schedule.slots.length === 0) {
    ctx.cli('plan', '--json');
    schedule = ctx.cli('schedule', '--json').schedule;
  }
  const slot = schedule.slots[0];
  const roster = ctx.cli('roster', 'list', '--json');
  const classmates = (roster.students ?? roster)
    .filter((st) => st.class_name === slot.class_name && !st.ineligible_reason && !st.withdrawn_at)
    .sort((a, b) => (a.student_no < b.student_no ? -1 : 1))
    .slice(slot.student_offset, slot.student_offset + slot.headcount);
  const already = new Set(ctx.cli('record', 'list', '--json').events
    .filter((e) => e.kind === 'checked_in' && !e.voided_at).map((e) => e.student_no));
  const [a, b, c] = classmates.filter((st) => !already.has(st.student_no));

  await s.click('button[data-page=checkin]');
  await s.find('[data-testid=checkin-input]');
  await s.run(`const el = document.querySelector("[data-testid=checkin-slot]"); el.value = "${slot.id}";
    el.dispatchEvent(new Event("change", { bubbles: true })); return 1;`);
  await s.find('[data-testid=slot-counts-expected]', { test: (t) => Number(t) === slot.headcount });
  const present0 = Number(await s.textOf('[data-testid=slot-counts-present]'));
  const day0 = Number(await s.textOf('[data-testid=day-counts-present]'));

  ctx.step('two students scanned: 学号 + Enter, the counts move after each');
  await s.type('[data-testid=checkin-input]', a.student_no + ENTER);
  await s.find('[data-testid=checkin-name]', { test: (t) => t === a.name });
  await s.find('[data-testid=slot-counts-present]', { test: (t) => Number(t) === present0 + 1 });
  const focused = await s.run('return document.activeElement?.dataset?.testid ?? "";');
  assert.equal(focused, 'checkin-input', 'the input keeps focus after a scan');
  await s.type('[data-testid=checkin-input]', b.student_no + ENTER);
  await s.find('[data-testid=checkin-name]', { test: (t) => t === b.name });
  await s.find('[data-testid=slot-counts-present]', { test: (t) => Number(t) === present0 + 2 });
  await s.find('[data-testid=slot-counts-missing]', { test: (t) => Number(t) === slot.headcount - present0 - 2 });
  assert.equal(Number(await s.textOf('[data-testid=day-counts-present]')), day0 + 2);
  const missing = await s.textOf('[data-testid=checkin-missing]');
  assert.ok(!missing.includes(a.student_no) && !missing.includes(b.student_no), 'checked-in students leave the missing list');
  assert.ok(missing.includes(c.student_no), 'the others are still missing');

  ctx.step('the CLI agrees');
  const events = ctx.cli('record', 'list', '--json').events.filter((e) => e.kind === 'checked_in' && !e.voided_at);
  for (const st of [a, b]) {
    const e = events.find((x) => x.student_no === st.student_no);
    assert.ok(e, `check-in of ${st.student_no} recorded`);
    assert.equal(e.date, slot.date, 'dated the slot day');
    assert.equal(e.source, 'check_in');
  }

  ctx.step('scanning the same 学号 again warns and records nothing; an unknown one is a walk-up');
  await s.type('[data-testid=checkin-input]', a.student_no + ENTER);
  await s.find('[data-testid=checkin-warning][data-code=already_checked_in]');
  await s.type('[data-testid=checkin-input]', '2099999999' + ENTER);
  await s.find('[data-testid=checkin-warning][data-code=not_in_roster]');
  assert.equal(Number(await s.textOf('[data-testid=slot-counts-present]')), present0 + 2);
  await s.screenshot(join(ctx.out, '10-checkin-warning.png'));

  ctx.step('a name search: Enter lists, Enter again checks the highlighted student in');
  await s.type('[data-testid=checkin-input]', c.name + ENTER);
  await s.find('[data-testid=checkin-found]', { test: (t) => t.includes(c.student_no) });
  const input = await s.find('[data-testid=checkin-input]');
  // Move the highlight to c when several share the name.
  const idx = await s.run(`return [...document.querySelectorAll("[data-testid=checkin-found] li[role=option]")]
    .findIndex((li) => li.textContent.includes("${c.student_no}"));`);
  for (let i = 0; i < idx; i++) await s.cmd('POST', `/element/${input}/value`, { text: '\uE015' });
  await s.cmd('POST', `/element/${input}/value`, { text: ENTER });
  await s.find('[data-testid=checkin-name]', { test: (t) => t === c.name });
  await s.find('[data-testid=slot-counts-present]', { test: (t) => Number(t) === present0 + 3 });
  await s.screenshot(join(ctx.out, '10-checkin.png'));

  ctx.step('撤销这次签到: Ctrl+Z asks first, then voids the check-in and the counts go back');
  await s.find('[data-testid=checkin-undo]');
  const scan = await s.find('[data-testid=checkin-input]');
  await s.cmd('POST', `/element/${scan}/value`, { text: '\uE009z\uE000' });
  await s.find('[data-testid=confirm]', { test: (t) => t.includes(c.student_no) && t.includes('撤销') });
  await s.screenshot(join(ctx.out, '10-checkin-undo-confirm.png'));
  await s.click('[data-testid=confirm-ok]');
  await s.find('[data-testid=checkin-undone]');
  await s.find('[data-testid=slot-counts-present]', { test: (t) => Number(t) === present0 + 2 });
  assert.equal(Number(await s.textOf('[data-testid=day-counts-present]')), day0 + 2, 'the day count goes back too');
  await s.find('[data-testid=checkin-missing]', { test: (t) => t.includes(c.student_no) });
  const mine = ctx.cli('record', 'list', c.student_no, '--json').events.filter((e) => e.kind === 'checked_in');
  assert.equal(mine.length, 1, 'the check-in is kept in the history');
  assert.ok(mine[0].voided_at, 'and marked void');
  await s.screenshot(join(ctx.out, '10-checkin-undone.png'));
}
