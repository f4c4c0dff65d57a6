// 拍摄安排 · 班级设置: the panel lists every class; give one 高明 class a not-before date
// and an off-campus-site class a campus, save, re-plan from the panel's notice; the CLI
// sees the settings and the new slots respect them. The plan settings (arrival) too.
import assert from 'node:assert/strict';
import { join } from 'node:path';

async function choose(s, css, value) {
  const got = await s.run(`const el = document.querySelector(${JSON.stringify(css)}); el.value = ${JSON.stringify(value)};
    el.dispatchEvent(new Event("change", { bubbles: true })); return el.value;`);
  assert.equal(got, value, `${css} offers ${value}`);
}

const row = (name) => `[data-testid=class-row][data-class="${name}"]`;

/** @param {import('../webdriver.mjs').Session} s */
export async function run(s, ctx) {
  ctx.step('班级设置: the panel lists every class, off-campus-site ones as online');
  await s.click('button[data-page=schedule]');
  await s.click('[data-testid=class-settings-toggle]');
  await s.find('[data-testid=class-settings] [data-testid=class-row]');
  const before = ctx.cli('schedule', '--json');
  const classes = new Set([...before.schedule.slots.map((x) => x.class_name), ...before.online.map((o) => o.class_name)]);
  const rows = await s.run('return document.querySelectorAll("[data-testid=class-row]").length;');
  assert.equal(rows, classes.size, 'one row per eligible class');
  const offsite = before.online.find((o) => o.reason.includes('校外教学点'));
  assert.ok(offsite, `the demo has an off-campus-site class: ${JSON.stringify(before.online)}`);
  await s.type('[data-testid=class-filter]', offsite.class_name);
  await s.find(`${row(offsite.class_name)} [data-testid=class-campus-cell]`, { test: (t) => t.includes('未指定校区') });
  assert.equal(await s.run('return document.querySelectorAll("[data-testid=class-row]").length;'), 1, 'the filter narrows the list');

  ctx.step('assign the off-campus-site class to 高明');
  await s.click(`[data-testid=class-edit][data-class="${offsite.class_name}"]`);
  await s.find('[data-testid=class-form]');
  await choose(s, '[data-testid=class-campus]', 'at:高明');
  await s.click('[data-testid=class-save]');
  await s.find('[data-testid=settings-pending]', { test: (t) => t.includes(`已保存「${offsite.class_name}」的设置`) });
  await s.find(`${row(offsite.class_name)} [data-testid=class-campus-cell]`, { test: (t) => t === '高明（指定）' });

  ctx.step('a 高明 class planned on the first day may not come before the second');
  const gaoming = before.schedule.slots.filter((x) => x.campus === '高明');
  const days = [...new Set(gaoming.map((x) => x.date))].sort();
  const late = gaoming.find((x) => x.date === days[0] && !x.locked && x.parts === 1);
  assert.ok(late, 'an unlocked 高明 class on the first day');
  const notBefore = '2025-04-29';
  await s.type('[data-testid=class-filter]', late.class_name);
  await s.click(`[data-testid=class-edit][data-class="${late.class_name}"]`);
  await choose(s, '[data-testid=class-not-before]', notBefore);
  await s.screenshot(join(ctx.out, '06b-class-settings-form.png'));
  await s.click('[data-testid=class-save]');
  await s.find('[data-testid=settings-pending]', { test: (t) => t.includes(`已保存「${late.class_name}」的设置`) });
  await s.find(`${row(late.class_name)} [data-testid=class-not-before-cell]`, { test: (t) => t === '4月29日' });

  ctx.step('the CLI sees both settings stored');
  const stored = ctx.cli('schedule', 'class', '--json').classes;
  const mine = (name) => stored.find((c) => c.class_name === name);
  assert.equal(mine(offsite.class_name)?.campus, '高明', JSON.stringify(stored));
  assert.equal(mine(late.class_name)?.not_before, notBefore, JSON.stringify(stored));
  await s.run(`const el = document.querySelector("[data-testid=class-filter]"); el.value = "";
    el.dispatchEvent(new Event("input", { bubbles: true })); return 1;`);
  await choose(s, '[data-testid=class-which]', 'set');
  await s.find('[data-testid=class-row]');
  assert.equal(await s.run('return document.querySelectorAll("[data-testid=class-row]").length;'), 2, 'only the two changed classes');
  await s.screenshot(join(ctx.out, '06b-class-settings.png'));

  ctx.step('re-plan from the notice (asks first); the new slots respect the settings');
  await s.click('[data-testid=settings-replan]');
  await s.find('[data-testid=confirm]', { test: (t) => t.includes('未锁定') });
  await s.click('[data-testid=confirm-ok]');
  await s.find('[data-testid=schedule-message]', { test: (t) => t.startsWith('已排程') });
  const gone = await s.run('return document.querySelector("[data-testid=settings-pending]") === null;');
  assert.ok(gone, 'the re-plan notice goes once planned');
  const after = ctx.cli('schedule', '--json');
  const lateSlots = after.schedule.slots.filter((x) => x.class_name === late.class_name);
  assert.ok(lateSlots.length > 0 && lateSlots.every((x) => x.date >= notBefore), `not before ${notBefore}: ${JSON.stringify(lateSlots)}`);
  const offsiteSlots = after.schedule.slots.filter((x) => x.class_name === offsite.class_name);
  assert.ok(offsiteSlots.length > 0 && offsiteSlots.every((x) => x.campus === '高明'), 'the off-campus-site class is shot at 高明');
  assert.ok(!after.online.some((o) => o.class_name === offsite.class_name), 'and no longer listed online');
  assert.equal(after.check.ok, true, JSON.stringify(after.check));
  await s.find(`[data-testid=slot-block][data-class="${offsite.class_name}"]`);

  ctx.step('plan settings: a bad value shows the core’s reason; arrival 25 min is stored and shown, then 20 again');
  await s.type('[data-testid=plan-round]', '0');
  await s.click('[data-testid=plan-settings-save]');
  await s.find('[data-testid=class-settings] [role=alert]', { test: (t) => t.includes('时段取整 0 分钟不合理') });
  await s.type('[data-testid=plan-round]', '5');
  await s.type('[data-testid=plan-arrival]', '25');
  await s.click('[data-testid=plan-settings-save]');
  await s.find('[data-testid=settings-pending]', { test: (t) => t.includes('提前 25 分钟到场') });
  assert.deepEqual(ctx.cli('schedule', 'settings', '--json'), { round_minutes: 5, arrival_minutes: 25 });
  const slot = ctx.cli('schedule', '--json').schedule.slots[0];
  const min = (t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  assert.equal(min(slot.start) - min(slot.arrival), 25, 'arrival follows the setting');
  await s.type('[data-testid=plan-arrival]', '20');
  await s.click('[data-testid=plan-settings-save]');
  await s.find('[data-testid=settings-pending]', { test: (t) => t.includes('提前 20 分钟到场') });
  assert.equal(ctx.cli('schedule', 'settings', '--json').arrival_minutes, 20);
  await s.click('[data-testid=class-settings-toggle]');
}
