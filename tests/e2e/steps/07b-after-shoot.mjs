// After the shoot (issue 18): a 学信网 verification list that marks a photo 有误 takes
// the student off the final list and onto the 核对未通过名单 exported to Excel; the reminder panel gives a class's text (no ID
// numbers) and copies it; 导出 → 费用结算 shows the CLI's total and writes the .xlsx.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

async function setSelect(s, testid, value) {
  await s.run(`const el = document.querySelector("[data-testid=${testid}]"); el.value = ${JSON.stringify(value)};
    el.dispatchEvent(new Event("change", { bubbles: true })); return 1;`);
}

/** @param {import('../webdriver.mjs').Session} s */
export async function run(s, ctx) {
  ctx.step('进度跟踪: a verification list marks one photo 有误; the student leaves the final list');
  const done = ctx.cli('progress', '--state', 'done', '--json').students;
  assert.ok(done.length > 0, 'someone has a photo by now');
  const who = done[0];
  const csv = join(ctx.work, '学信网核对结果.csv');
  writeFileSync(csv, `\ufeff学号,姓名,核对结果,错误原因\n${who.student_no},${who.name},有误,照片模糊\n`);
  await s.click('button[data-page=progress]');
  await s.find('[data-testid=headline-eligible]');
  const open = await s.run('return document.querySelector("[data-testid=agency-import]") ? 1 : 0;');
  if (!open) await s.click('[data-testid=open-agency-import]');
  await setSelect(s, 'import-kind', 'verify_failed');
  await s.type('[data-testid=agency-import] input[name=path]', csv);
  await s.click('[data-testid=import-check]');
  await s.find('[data-testid=imp-matched]', { test: (t) => t === '1' });
  await s.click('[data-testid=import-apply]');
  await s.click('[data-testid=confirm-ok]');
  await s.find('[data-testid=import-result]', { test: (t) => t.includes('导入完成') });
  const after = ctx.cli('progress', '--json').students.find((x) => x.student_no === who.student_no);
  assert.notEqual(after.state, 'done', `a failed check puts ${who.student_no} back: ${after.state}`);
  const events = JSON.stringify(ctx.cli('record', 'list', who.student_no, '--json'));
  assert.ok(events.includes('verify_failed') && events.includes('照片模糊'), events);

  ctx.step('打印 → 辅导员名单: the 核对未通过名单 as an Excel workbook names the student');
  await s.click('button[data-page=print]');
  await s.find('[data-testid=print-form]');
  await s.click('[data-testid=doc-lists]');
  await s.click('[data-testid=list-kind-verify_failed]');
  await s.click('[data-testid=list-format-xlsx]');
  const suggested = await s.run('return document.querySelector("[data-testid=print-path]").value;');
  assert.ok(suggested.endsWith('核对未通过名单.xlsx'), `the default name is a workbook: ${suggested}`);
  const book = join(ctx.work, '核对未通过名单.xlsx');
  await s.type('[data-testid=print-path]', book);
  await s.click('[data-testid=print-generate]');
  const listed = await s.textOf('[data-testid=print-done] [data-testid=print-listed]', { timeout: 60000 });
  assert.match(listed, /^\d+ 个班级，共 \d+ 人$/);
  const strings = execFileSync('python3', ['-c',
    'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/sharedStrings.xml").decode())', book]).toString();
  assert.ok(strings.includes(who.student_no) && strings.includes('核对未通过名单') && strings.includes('照片模糊'),
    `the workbook lists ${who.student_no} with the reason`);
  assert.ok(!/\d{17}[\dXx]/.test(strings), 'no ID number in the workbook');
  await s.screenshot(join(ctx.out, '14a-verify-failed-xlsx.png'));
  await s.click('button[data-page=progress]');
  await s.find('[data-testid=headline-eligible]');

  ctx.step('进度跟踪: 催办提醒 gives a class its text, without ID numbers, and copies it');
  await s.click('[data-testid=open-reminders]');
  await setSelect(s, 'remind-kind', 'unpaid');
  const text = await s.textOf('[data-testid=remind-text]', { test: (t) => t.includes('学号') || /\d{8,}/.test(t) });
  assert.ok(!/\d{17}[\dXx]/.test(text), `no ID number in a reminder: ${text}`);
  const cli = ctx.cliText('remind', '--kind', 'unpaid');
  assert.ok(cli.includes(text.split('\n')[0]), 'the CLI words the same reminder');
  await s.click('[data-testid=remind-copy]');
  await s.find('[data-testid=remind-copy]', { test: (t) => t.includes('已复制') });
  await s.screenshot(join(ctx.out, '14b-reminders.png'));

  ctx.step('导出 → 费用结算: the CLI\'s total, and the 结算单 PDF written and read back');
  // The students photographed on site without a payment pay now: the total grows by
  // their on-site fees and the differences by as many rows go away.
  const before = ctx.cli('settle', '--json');
  const unpaid = before.issues.filter((i) => i.label.includes('无缴费'));
  assert.ok(unpaid.length > 0, 'the journey has photographed students without a payment');
  ctx.cli('record', 'add', ...unpaid.map((i) => i.student_no), '--kind', 'paid', '--json');
  const settle = ctx.cli('settle', '--json');
  assert.equal(settle.total.amount, before.total.amount + unpaid.length * before.fees.onsite,
    'each newly paid on-site photo adds its fee');
  assert.equal(settle.issues.length, before.issues.length - unpaid.length);
  await s.click('button[data-page=export]');
  const total = (settle.total.amount / 100).toFixed(2);
  assert.notEqual(total, '0.00');
  await s.find('[data-testid=settle-total]', { test: (t) => t.includes(total) });
  const pdf = join(ctx.work, '费用结算单.pdf');
  await s.type('[data-testid=settle-path]', pdf);
  await s.click('[data-testid=settle-write]');
  await s.find('[data-testid=settle-done]', { test: (t) => t.includes('费用结算单.pdf') });
  assert.ok(existsSync(pdf) && statSync(pdf).size > 0, 'the 结算单 exists');
  const back = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  assert.ok(back.includes(total) && back.includes('签字'), `the PDF reads back with the total and signature lines: ${back.slice(0, 300)}`);
  await s.run('document.querySelector("[data-testid=settlement]").scrollIntoView({ block: "start" }); return 1;');
  await s.screenshot(join(ctx.out, '15b-settlement.png'));
}
