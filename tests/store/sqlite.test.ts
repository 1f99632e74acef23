// The store contract on the SQLite backend (a temp-dir file per test; a sibling = a second
// SqliteStore on the same file, as another process would open it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../server/store/sqlite';
import { describeStoreContract } from './contract';

const dirs: string[] = [];
let last = '';

describeStoreContract('sqlite', {
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'fengong-store-'));
    dirs.push(dir);
    last = join(dir, 'fengong.db');
    return new SqliteStore(last);
  },
  async openSibling() {
    return new SqliteStore(last);
  },
  async dispose() {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  },
});
