// English can be switched on in 设置 and back.
import assert from 'node:assert/strict';
import { join } from 'node:path';

/** @param {import('../webdriver.mjs').Session} s */
export async function run(s, ctx) {
  ctx.step('English can be switched on in 设置');
  await s.click('button[data-page=settings]');
  await s.run('const el = document.querySelector("select"); el.value = "en"; el.dispatchEvent(new Event("change", { bubbles: true })); return 1;');
  assert.equal(await s.textOf('button[data-page=overview]'), 'Overview');
  await s.click('button[data-page=overview]');
  await s.find('[data-testid=count-total]');
  await s.screenshot(join(ctx.out, '99-english.png'));
  await s.click('button[data-page=settings]');
  await s.run('const el = document.querySelector("select"); el.value = "zh"; el.dispatchEvent(new Event("change", { bubbles: true })); return 1;');
  await s.click('button[data-page=overview]');
  await s.find('[data-testid=count-total]');
  await s.setSize(1920, 1080);
  await s.screenshot(join(ctx.out, '02-overview-1920.png'));

  // Every page at the two common screen sizes: nothing wider than the window.
  for (const [w, h] of [[1920, 1080], [1366, 768]]) {
    ctx.step(`every page fits ${w}×${h} without sideways scrolling`);
    await s.setSize(w, h);
    for (const page of ['overview', 'roster', 'schedule', 'progress', 'checkin', 'print', 'export', 'settings']) {
      await s.click(`button[data-page=${page}]`);
      await s.find('main h1');
      await new Promise((r) => setTimeout(r, 300));
      const overflow = await s.run('const m = document.querySelector("main"); return m.scrollWidth - m.clientWidth;');
      assert.ok(overflow <= 1, `${page} overflows sideways by ${overflow}px at ${w}×${h}`);
    }
  }
  await s.click('button[data-page=overview]');
}
