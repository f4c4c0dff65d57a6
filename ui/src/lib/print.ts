// 打印: default file names and sizes for what the page shows. Pure, unit-tested.
import type { PrintListKind, PrintDocument, PrintScope } from './types';
import { t } from './i18n.svelte';

/** The counselor lists can also go to an Excel workbook; every other document is a PDF. */
export type ListFormat = 'pdf' | 'xlsx';

/** "签到表-高明校区-2025-04-28.pdf": the document (for the counselor lists, which list),
 * then the scope that was chosen; `.xlsx` for lists exported to Excel. */
export function defaultFileName(
  doc: PrintDocument,
  scope: PrintScope,
  kind: PrintListKind = 'unpaid',
  format: ListFormat = 'pdf',
): string {
  const parts = [doc === 'lists' ? t(`print.listTitle.${kind}`) : t(`print.doc.${doc}`)];
  if (doc === 'lists') {
    if (scope.college) parts.push(scope.college);
    if (scope.class_name) parts.push(scope.class_name);
  } else if (doc !== 'notice') {
    if (scope.campus) parts.push(scope.campus.endsWith('校区') ? scope.campus : t('print.campusName', { name: scope.campus }));
    if (scope.date) parts.push(scope.date);
    if (scope.class_name) parts.push(scope.class_name);
  }
  const ext = doc === 'lists' ? format : 'pdf';
  return `${parts.join('-').replace(/[\\/:*?"<>|]/g, '_')}.${ext}`;
}

/** 190012 → "186 KB"; 3_500_000 → "3.3 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
