import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps entries oldest first until full', () => {
    const ring = new RingBuffer<number>(3);
    expect(ring.toArray()).toEqual([]);
    ring.push(1);
    ring.push(2);
    expect(ring.toArray()).toEqual([1, 2]);
    expect(ring.size).toBe(2);
  });

  it('drops the oldest entry once full, across many wraps', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 10; i++) ring.push(i);
    expect(ring.toArray()).toEqual([8, 9, 10]);
    expect(ring.size).toBe(3);
    expect(ring.latest(2)).toEqual([9, 10]);
    expect(ring.latest(5)).toEqual([8, 9, 10]);
    expect(ring.latest(0)).toEqual([]);
  });

  it('holds a day of minutes', () => {
    const ring = new RingBuffer<number>(1440);
    for (let i = 0; i < 1500; i++) ring.push(i);
    const all = ring.toArray();
    expect(all).toHaveLength(1440);
    expect(all[0]).toBe(60);
    expect(all.at(-1)).toBe(1499);
  });

  it('refuses a capacity below one', () => {
    expect(() => new RingBuffer(0)).toThrow();
  });
});
