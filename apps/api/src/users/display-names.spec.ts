import { describe, expect, it } from 'vitest';
import { isReservedName, looksAlike } from './display-names.js';

describe('display-name skeletons (UTS #39)', () => {
  it('maps look-alikes from other scripts, case and invisible characters to one skeleton', () => {
    expect(looksAlike('Аnа Pérez', 'Ana Pérez')).toBe(true); // Cyrillic А and а
    expect(looksAlike('ANA PÉREZ', 'ana pérez')).toBe(true);
    expect(looksAlike('Ana\u200b Pérez', 'Ana Pérez')).toBe(true);
    expect(looksAlike('Ana   Pérez ', 'Ana Pérez')).toBe(true);
    expect(looksAlike('AdmIn', 'Admln')).toBe(true); // capital I and small l
    expect(looksAlike('Ana\u202eZ', 'AnaZ')).toBe(true);
    expect(looksAlike('ATRIO', 'atrio')).toBe(true);
  });

  it('keeps different names apart', () => {
    expect(looksAlike('Ana Pérez', 'Ana Perea')).toBe(false);
    expect(looksAlike('Luis', 'Luisa')).toBe(false);
    expect(looksAlike('Marta', 'María')).toBe(false);
  });

  it('reserves the system’s names and their look-alikes', () => {
    for (const name of [
      'Atrio',
      'atrio',
      'ATRIO',
      'Аtrio',
      'Administrator',
      'Administrador',
      'SYSTEM',
      'ADMlN',
    ])
      expect(isReservedName(name), name).toBe(true);
    expect(isReservedName('Atrio Team')).toBe(false);
    expect(isReservedName('Ana')).toBe(false);
  });
});
