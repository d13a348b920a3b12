import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { settingFields } from './setting-fields.js';

describe('a setting as form fields', () => {
  it('makes one field per property of an object of plain values, with bounds, null and constants', () => {
    const schema = z.object({
      attempts: z.number().int().min(3).max(50),
      load: z.number().positive().max(1000),
      days: z.number().int().min(90).nullable(),
      enabled: z.boolean(),
      time: z.string().regex(/^\d\d:\d\d$/),
      fixed: z.literal(128),
      later: z.number().int().min(1).default(20),
    });
    expect(settingFields(schema)).toEqual([
      { name: 'attempts', type: 'integer', nullable: false, required: true, min: 3, max: 50 },
      { name: 'load', type: 'number', nullable: false, required: true, min: 0, max: 1000 },
      { name: 'days', type: 'integer', nullable: true, required: true, min: 90 },
      { name: 'enabled', type: 'boolean', nullable: false, required: true },
      { name: 'time', type: 'string', nullable: false, required: true },
      { name: 'fixed', type: 'number', nullable: false, required: true, constant: 128 },
      { name: 'later', type: 'integer', nullable: false, required: false, min: 1 },
    ]);
  });

  it('makes one unnamed field of a single value, text alternatives included', () => {
    expect(settingFields(z.boolean())).toEqual([
      { name: '', type: 'boolean', nullable: false, required: true },
    ]);
    expect(settingFields(z.union([z.literal(''), z.string().min(32)]))).toEqual([
      { name: '', type: 'string', nullable: false, required: true },
    ]);
  });

  it('gives up (JSON editing) on lists, nested objects, mixed types and what JSON Schema cannot say', () => {
    expect(settingFields(z.object({ names: z.array(z.string()) }))).toBeNull();
    expect(settingFields(z.object({ inner: z.object({ a: z.number() }) }))).toBeNull();
    expect(settingFields(z.object({ either: z.union([z.number(), z.string()]) }))).toBeNull();
    expect(settingFields(z.object({ when: z.date() }))).toBeNull();
  });
});
