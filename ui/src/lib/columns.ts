// Reordering the chosen export columns: pure, so the 导出 page and its tests share it.

/** The list with the item at `index` moved one place earlier (-1) or later (+1); the
 *  same order (a copy) when that would leave the list. */
export function moveColumn<T>(list: readonly T[], index: number, delta: -1 | 1): T[] {
  const next = [...list];
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return next;
  [next[index], next[to]] = [next[to], next[index]];
  return next;
}
