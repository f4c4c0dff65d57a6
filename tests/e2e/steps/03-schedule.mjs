// 拍摄安排: plan the demo, see a lane per venue with class blocks, lock a slot, move one
// through the form, re-plan keeping locked slots, undo; the CLI agrees at every step.
import assert from 'node:assert/strict';
import { join } from 'node:path';

const toMin = (t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
const hhmm = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

async function choose(s, testid, value) {
  await s.run(`const el = document.querySelector("[data-testid=${testid}]"); el.value = ${JSON.stringify(value)};
    el.dispatchEvent(new Event("change", { bubbles: true })); return el.value;`);
}

/** @param {import('../webdriver.mjs').Session} s */
export async function run(s, ctx) {
  ctx.step('拍摄安排: an empty schedule says what to do; 排程 plans the demo');
  await s.click('button[data-page=schedule]');
  await s.find('[data-testid=schedule-empty]');
  await s.click('[data-testid=plan]');
  await s.find('[data-testid=schedule-message]', { test: (t) => t.startsWith('已排程') });
  const planned = ctx.cli('schedule', '--json');
  const slots = planned.schedule.slots;
  assert.ok(slots.length > 0, 'the CLI sees the saved plan');
  const blocks = await s.run('return document.querySelectorAll("[data-testid=slot-block]").length;');
  assert.equal(blocks, slots.length, 'one block per slot');
  const lanes = await s.run(
    'return [...document.querySelectorAll("[data-testid=lane]")].map((l) => [l.dataset.campus, l.dataset.venue, l.dataset.date, l.querySelectorAll("[data-testid=slot-block]").length]);',
  );
  for (const campus of ['高明', '禅城', '南海']) {
    assert.ok(lanes.some(([c, , , n]) => c === campus && n > 0), `a ${campus} lane with blocks: ${JSON.stringify(lanes)}`);
  }
  assert.ok(lanes.some(([, v]) => v === '6210') && lanes.some(([, v]) => v === '6211'), '南海 fills 6210 and 6211 side by side');
  assert.match(await s.textOf('[data-testid=check]'), /检查通过/);
  assert.match(await s.textOf('[data-testid=capacity]'), /高明/);
  await s.screenshot(join(ctx.out, '06-schedule.png'));

  ctx.step('select a slot and lock it');
  const first = slots.find((x) => x.campus === '禅城');
  await s.click(`[data-testid=slot-block][data-class="${first.class_name}"]`);
  await s.find('[data-testid=slot-title]', { test: (t) => t.includes(first.class_name) });
  await s.click('[data-testid=lock]');
  await s.find('[data-testid=slot-state]', { test: (t) => t === '已锁定' });
  await s.find(`[data-testid=slot-block][data-class="${first.class_name}"][data-locked=true]`);
  let now = ctx.cli('schedule', '--json').schedule.slots;
  assert.equal(now.find((x) => x.class_name === first.class_name).locked, true, 'the CLI sees the lock');

  ctx.step('move a 南海 class from 6210 to a free time at 6211 through the form');
  const at = (venue) => slots.filter((x) => x.campus === '南海' && x.venue === venue);
  const mover = at('6210').at(-1);
  const freeFrom = Math.max(...at('6211').map((x) => toMin(x.end)));
  const start = hhmm(Math.ceil((freeFrom + 10) / 5) * 5);
  await s.click(`[data-testid=slot-block][data-class="${mover.class_name}"]`);
  await s.find('[data-testid=slot-title]', { test: (t) => t.includes(mover.class_name) });
  await choose(s, 'move-venue', '南海/6211');
  await choose(s, 'move-date', mover.date);
  await s.type('[data-testid=move-start]', start);
  await s.click('[data-testid=move-submit]');
  await s.find('[data-testid=schedule-message]', { test: (t) => t.startsWith(`已将「${mover.class_name}」移到`) });
  await s.find(`[data-testid=lane][data-venue="6211"] [data-testid=slot-block][data-class="${mover.class_name}"][data-start="${start}"]`);
  now = ctx.cli('schedule', '--json');
  const moved = now.schedule.slots.find((x) => x.class_name === mover.class_name);
  assert.deepEqual([moved.venue, moved.date, moved.start, moved.locked], ['6211', mover.date, start, true], 'the CLI agrees');
  assert.equal(now.check.ok, true, 'the moved schedule still passes the checks');
  await s.screenshot(join(ctx.out, '07-schedule-moved.png'));

  ctx.step('a bad move is refused with the core’s reason');
  await s.type('[data-testid=move-start]', '12:00');
  await s.click('[data-testid=move-submit]');
  await s.find('[role=alert]', { test: (t) => t.includes('不在') && t.includes('拍摄时段内') });

  ctx.step('re-plan asks first and keeps the locked slots; undo takes it back');
  await s.click('[data-testid=plan]');
  await s.find('[data-testid=confirm]', { test: (t) => t.includes('未锁定') });
  await s.screenshot(join(ctx.out, '08-schedule-replan-confirm.png'));
  await s.click('[data-testid=confirm-ok]');
  await s.find('[data-testid=schedule-message]', { test: (t) => t.startsWith('已排程') });
  now = ctx.cli('schedule', '--json');
  const kept = now.schedule.slots.find((x) => x.class_name === mover.class_name);
  assert.deepEqual([kept.venue, kept.start], ['6211', start], 're-planning kept the moved (locked) slot');
  assert.equal(now.check.ok, true);
  const depth = now.undo_depth;
  await s.click('[data-testid=undo]');
  await s.find('[data-testid=schedule-message]', { test: (t) => t === '已撤销上一次排程。' });
  assert.equal(ctx.cli('schedule', '--json').undo_depth, depth - 1, 'the CLI sees one step fewer to undo');
}
