// The product's default plan: the reference 分工表 shipped in the repo, imported at first start.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plan } from '../../shared/model/plan';
import { importTxt, type ImportResult } from '../../shared/importer';

export const REFERENCE_TABLE_PATH = fileURLToPath(new URL('../../shared/data/lunan-task-division-table.txt', import.meta.url));

export function importReferenceTable(): ImportResult {
  return importTxt(readFileSync(REFERENCE_TABLE_PATH, 'utf8'));
}

export function loadReferencePlan(): Plan {
  return importReferenceTable().plan;
}
