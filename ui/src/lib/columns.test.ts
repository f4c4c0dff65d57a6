import { describe, expect, it } from 'vitest';
import { moveColumn } from './columns';

describe('moveColumn', () => {
  const cols = ['学号', '姓名', '性别', '学院'];

  it('moves a column one place up or down', () => {
    expect(moveColumn(cols, 2, -1)).toEqual(['学号', '性别', '姓名', '学院']);
    expect(moveColumn(cols, 0, 1)).toEqual(['姓名', '学号', '性别', '学院']);
  });

  it('keeps the order at either end and for an index outside the list', () => {
    expect(moveColumn(cols, 0, -1)).toEqual(cols);
    expect(moveColumn(cols, 3, 1)).toEqual(cols);
    expect(moveColumn(cols, 7, -1)).toEqual(cols);
    expect(moveColumn([], 0, 1)).toEqual([]);
  });

  it('returns a new list and leaves the given one alone', () => {
    const given = [...cols];
    const moved = moveColumn(given, 1, 1);
    expect(given).toEqual(cols);
    expect(moved).not.toBe(given);
  });
});
