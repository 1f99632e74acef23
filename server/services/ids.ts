// Short random identifiers with a readable prefix (per_…, plan_…, cf_…, code_…).
import { randomBytes } from 'node:crypto';

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export function isoNow(d: Date): string {
  return d.toISOString();
}
