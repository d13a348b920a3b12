// Damages SQLite files the way disks and careless copies do, for the backup and database drills.
import { Buffer } from 'node:buffer';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './drill-kit.mjs';

const Database = () => createRequire(join(ROOT, 'package.json'))('better-sqlite3');

/** Page size and the root page of `table` (read before damaging anything). */
export function tableRootPage(file, table) {
  const db = new (Database())(file, { readonly: true, fileMustExist: true });
  try {
    const pageSize = db.pragma('page_size', { simple: true });
    const row = db.prepare("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
    if (!row) throw new Error(`no table ${table} in ${file}`);
    return { pageSize, rootPage: row.rootpage };
  } finally {
    db.close();
  }
}

/**
 * Overwrites the b-tree header and cell pointers of `table`'s root page with garbage: the file
 * still opens (its header is intact), but reading the table or `integrity_check` finds it malformed.
 */
export function damageTable(file, table) {
  const { pageSize, rootPage } = tableRootPage(file, table);
  const offset = (rootPage - 1) * pageSize + (rootPage === 1 ? 100 : 0);
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, offset);
  } finally {
    closeSync(fd);
  }
  return { pageSize, rootPage, offset };
}

/** Overwrites the first 100 bytes (the SQLite header): "file is not a database". */
export function damageHeader(file) {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(100, 0x5a), 0, 100, 0);
  } finally {
    closeSync(fd);
  }
}

/** Flips every byte of a short run in the middle of any file. */
export function flipBytes(file, count = 32) {
  const size = readFileSync(file).length;
  const fd = openSync(file, 'r+');
  try {
    const at = Math.floor(size / 2);
    const original = Buffer.alloc(count);
    const bytes = readFileSync(file).subarray(at, at + count);
    bytes.copy(original);
    writeSync(
      fd,
      original.map((b) => b ^ 0xff),
      0,
      count,
      at,
    );
    return at;
  } finally {
    closeSync(fd);
  }
}
