// Next year's campaign: created from the overview (carrying over the demo's places), it
// starts empty; the picker switches every page back to the demo.
import assert from 'node:assert/strict';
import { join } from 'node:path';

const NAME = '2026届毕业生电子照片采集';

/** @param {import('../webdriver.mjs').Session} s */
export async function run(s, ctx) {
  await s.click('button[data-page=overview]');
  await s.find('[data-testid=count-total]');
  const demo = ctx.cli('campaign', 'show', '--json').campaign;
  const demoTotal = ctx.cli('--campaign', String(demo.id), 'status', '--json').students.total;

  ctx.step('任务概览: the new-campaign form names the campaign after the cohort');
  await s.click('[data-testid=new-campaign]');
  await s.find('[data-testid=new-campaign-form]');
  await s.type('input[name=new-grad-year]', '2026');
  const value = (css) => s.run(`return document.querySelector(${JSON.stringify(css)}).value;`);
  assert.equal(await value('input[name=new-name]'), NAME);
  assert.equal(await value('input[name=new-office]'), demo.office_name, 'the office is carried over');
  assert.equal(await s.run('return document.querySelector("input[name=new-copy]").checked;'), true);

  ctx.step('a name already in use is refused by the core, in Chinese');
  await s.type('input[name=new-name]', demo.name);
  await s.click('[data-testid=create-campaign]');
  const refused = await s.textOf('[data-testid=new-campaign-form] [role=alert]');
  assert.match(refused, /已存在/);
  await s.screenshot(join(ctx.out, '98-new-campaign-refused.png'));
  assert.equal(ctx.cli('campaign', 'list', '--json').campaigns.length, 1, 'nothing was created');

  ctx.step('Enter creates it; the overview shows the new, empty campaign');
  await s.type('input[name=new-name]', NAME);
  const nameBox = await s.find('input[name=new-name]');
  await s.cmd('POST', `/element/${nameBox}/value`, { text: '\uE007' });
  await s.find('[data-testid=campaign-name]', { test: (t) => t === NAME });
  assert.equal(await s.textOf('[data-testid=count-total]'), '0');
  const places = await s.textOf('[data-testid=places]');
  for (const word of ['高明', '禅城', '南海', '学生活动中心舞蹈室', '6211']) {
    assert.ok(places.includes(word), `the new campaign has ${word}`);
  }
  const check = await s.textOf('[data-testid=check]');
  assert.ok(check.includes('还没有设置「线下集采缴费」的日期'), 'the core says what is still missing');
  await s.find('[data-testid=campaign-picker]');
  await s.screenshot(join(ctx.out, '98-new-campaign.png'));

  const list = ctx.cli('campaign', 'list', '--json').campaigns;
  assert.equal(list.length, 2);
  const made = list.find((c) => c.name === NAME);
  assert.ok(made && made.grad_year === 2026);
  const shown = ctx.cli('--campaign', String(made.id), 'campaign', 'show', '--json');
  assert.equal(shown.venues.length, 4);
  assert.equal(shown.windows.length, 0, 'dates are not carried over');
  assert.equal(shown.campaign.fee_onsite, demo.fee_onsite);

  ctx.step('its dates are set on the overview; one out of order is refused in Chinese');
  const setDates = (kind, start, end) =>
    s.run(`const row = document.querySelector('tr[data-kind=${kind}]');
      const [a, b] = row.querySelectorAll('input.date');
      for (const [el, v] of [[a, ${JSON.stringify(start)}], [b, ${JSON.stringify(end)}]]) {
        el.value = v; el.dispatchEvent(new Event('input', { bubbles: true }));
      }
      row.querySelector('button[type=submit]').click(); return 1;`);
  await s.click('tr[data-kind=payment] [data-testid=set-milestone]');
  await setDates('payment', '2026-04-10', '2026-04-27');
  await s.find('tr[data-kind=payment] [data-testid=milestone-span]', { test: (t) => t.includes('2026年4月27日') });
  await s.click('tr[data-kind=onsite] [data-testid=set-milestone]');
  await setDates('onsite', '2026-04-20', '2026-04-22');
  await s.find('tr[data-kind=onsite] .msg', { test: (t) => t.includes('现场不能补缴') });
  await s.screenshot(join(ctx.out, '98-new-campaign-dates.png'));
  await s.click('tr[data-kind=onsite] button[type=button]');
  const dates = ctx.cli('--campaign', String(made.id), 'campaign', 'show', '--json').milestones;
  assert.deepEqual(dates.map((m) => [m.kind, m.start, m.end]), [['payment', '2026-04-10', '2026-04-27']]);

  ctx.step('学生名单 works on the new campaign: empty');
  await s.click('button[data-page=roster]');
  await s.find('[data-testid=roster-count]', { test: (t) => /共 0 人/.test(t) });

  ctx.step('the picker switches back to the demo campaign, on every page');
  await s.click('button[data-page=overview]');
  await s.find('[data-testid=campaign-picker]');
  await s.run(`const el = document.querySelector('[data-testid=campaign-picker]');
    el.value = ${JSON.stringify(String(demo.id))};
    el.dispatchEvent(new Event('change', { bubbles: true })); return 1;`);
  await s.find('[data-testid=campaign-name]', { test: (t) => t === demo.name });
  await s.find('[data-testid=count-total]', { test: (t) => t === String(demoTotal) });
  await s.click('button[data-page=roster]');
  await s.find('[data-testid=roster-count]', { test: (t) => /共 [1-9]\d* 人/.test(t) });
  await s.click('button[data-page=overview]');
  await s.find('[data-testid=count-total]', { test: (t) => t === String(demoTotal) });
}
