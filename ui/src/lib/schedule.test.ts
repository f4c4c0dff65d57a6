import { describe, expect, it } from 'vitest';
import { GAP, axisWidth, blockLabel, fromMin, segments, ticks, timeAt, toMin, xOf } from './schedule';

describe('timeline axis', () => {
  const segs = segments([
    { start: '14:00', end: '17:00' },
    { start: '08:30', end: '11:30' },
    { start: '09:00', end: '10:00' },
  ]);

  it('merges windows into the day’s stretches', () => {
    expect(segs).toEqual([
      { start: toMin('08:30'), end: toMin('11:30') },
      { start: toMin('14:00'), end: toMin('17:00') },
    ]);
    expect(axisWidth(segs, 2)).toBe(180 * 2 * 2 + GAP);
  });

  it('maps times to pixels and back, skipping the gap', () => {
    expect(xOf(segs, toMin('08:30'), 2)).toBe(0);
    expect(xOf(segs, toMin('14:00'), 2)).toBe(360 + GAP);
    expect(fromMin(timeAt(segs, 360 + GAP + 61, 2)!)).toBe('14:30');
    expect(timeAt(segs, 360 + GAP / 2, 2)).toBeNull();
    expect(ticks(segs).map(fromMin)).toEqual(['08:30', '09:00', '10:00', '11:00', '14:00', '15:00', '16:00']);
  });
});

describe('block labels', () => {
  it('keep the part that tells classes apart', () => {
    expect(blockLabel('护理2201班', 200)).toBe('护理2201班');
    expect(blockLabel('计算机网络技术2201班', 110)).toBe('计算机网络…2201班');
    expect(blockLabel('计算机网络技术2201班', 60)).toBe('2201班');
    expect(blockLabel('计算机网络技术2201班', 40)).toBe('2201');
  });
});
