// An empty database offers the demo; the overview shows its real numbers, timeline and places; an edit is saved.
import assert from 'node:assert/strict';
import { join } from 'node:path';

/** @param {import('../webdriver.mjs').Session} s */
export async function run(s, ctx) {
  ctx.step('an empty database offers the demo campaign');
  await s.find('[data-testid=empty-state]');
  await s.screenshot(join(ctx.out, '00-empty.png'));
  await s.click('[data-testid=open-demo]');

  ctx.step('the overview shows the demo campaign from the database');
  const total = await s.textOf('[data-testid=count-total]', { test: (t) => t.trim() !== '' });
  const status = ctx.cli('status', '--json');
  assert.equal(Number(total), status.students.total);
  assert.equal(Number(total), 2400);
  assert.equal(Number(await s.textOf('[data-testid=count-eligible]')), status.students.eligible);
  assert.match(await s.textOf('[data-testid=campaign-name]'), /2025届毕业生电子照片采集/);

  ctx.step('a milestone with its dates and days left');
  const payment = status.milestones.find((m) => m.kind === 'payment');
  assert.equal(await s.textOf('tr[data-kind=payment] [data-testid=milestone-span]'), '2025年4月10日 – 2025年4月27日');
  const days = await s.textOf('tr[data-kind=payment] [data-testid=milestone-days]');
  const expected = payment.phase === 'past' ? `已结束 ${-payment.days_left} 天` : null;
  if (expected) assert.equal(days, expected);
  else assert.ok(days.length > 0);

  ctx.step('seen as of 2025-04-20, the timeline counts days left from that day');
  await s.run('const el = document.querySelector("[data-testid=as-of]"); el.value = "2025-04-20"; el.dispatchEvent(new Event("input", { bubbles: true })); el.dispatchEvent(new Event("change", { bubbles: true })); return 1;');
  await s.find('tr[data-kind=payment] [data-testid=milestone-days]', { test: (t) => t === '进行中，还剩 7 天' });
  assert.equal(await s.textOf('tr[data-kind=onsite] [data-testid=milestone-days]'), '8 天后开始');
  assert.equal(await s.textOf('[data-testid=next-milestone]'), '线下集采缴费');

  ctx.step('campuses, venues and windows');
  const places = await s.textOf('[data-testid=places]');
  for (const word of ['高明', '禅城', '南海', '学生活动中心舞蹈室', '羽毛球馆', '6210', '6211', '08:30–11:30']) {
    assert.ok(places.includes(word), `places lists ${word}`);
  }

  ctx.step('nothing overflows sideways at 1366×768');
  const overflow = await s.run('return document.querySelector("main").scrollWidth - document.querySelector("main").clientWidth;');
  assert.ok(overflow <= 1, `main overflows by ${overflow}px`);
  await s.screenshot(join(ctx.out, '01-overview.png'));

  ctx.step('edit a campaign fact and see it saved in the database');
  await s.click('[data-testid=edit-facts]');
  await s.type('input[name=batch_code]', 'AB12CD');
  await s.click('[data-testid=facts] button[type=submit]');
  await s.find('[data-testid=facts] dl', { test: (t) => t.includes('AB12CD') });
  const shown = ctx.cli('campaign', 'show', '--json');
  assert.equal(shown.campaign.batch_code, 'AB12CD');

  ctx.step('a refused value says why, in Chinese');
  await s.click('[data-testid=edit-facts]');
  await s.type('input[name=fee_onsite]', 'abc');
  await s.click('[data-testid=facts] button[type=submit]');
  assert.match(await s.textOf('[data-testid=facts] [role=alert]'), /线下集采费/);

}
