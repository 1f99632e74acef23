// The reference for the WPS adapter's packed writes (addin/wps/wps-batch.ts): the same commands run
// one at a time as the adapter ran them before packing — each merge read its top-left value,
// cleared its range, wrote the value back and merged; each row-height run was its own range.
// Tests replay a session's writes through this on a second fake and compare the two workbooks.
/// <reference types="et-jsapi-declare" />
import type { SheetOp } from '../../addin/sheet/sheet-ops';
import type { SpreadsheetPort } from '../../addin/core/port';
import { addSheet, findSheet, get } from '../../addin/wps/wps-api';
import { rangeOf, runStep } from '../../addin/wps/wps-exec';
import { writeState } from '../../addin/wps/wps-state';

export type Change = { write: { name: string; ops: SheetOp[] } } | { set: { key: string; value: unknown } };

/** The port, with every change it makes to the workbook (writes, document values) logged. */
export function recordingPort(port: SpreadsheetPort): { port: SpreadsheetPort; changes: Change[] } {
  const changes: Change[] = [];
  return {
    changes,
    port: {
      ...port,
      write: (target, ops) => (changes.push({ write: { name: target.name, ops } }), port.write(target, ops)),
      setValue: (key, value) => (changes.push({ set: { key, value } }), port.setValue(key, value)),
    },
  };
}

/** Make the same changes on `app`, one command at a time. */
export function replayPerCommand(app: Et.Application, changes: Change[]): void {
  const wb = () => get<Et.Workbook>(app, 'ActiveWorkbook');
  for (const ch of changes) {
    if ('set' in ch) {
      writeState(app, wb(), ch.set.key, ch.set.value);
      continue;
    }
    const sheet = findSheet(wb(), ch.write.name) ?? addSheet(wb(), ch.write.name);
    for (const op of ch.write.ops) {
      if (op.op === 'setting') writeState(app, wb(), op.key, op.value);
      else if (op.op === 'values' && op.expect !== undefined) throw new Error('guarded writes are not part of a layout');
      else if (op.op === 'rowHeight') rangeOf(sheet, { r: op.row, c: 0, rows: op.rows, cols: 1 }).RowHeight = op.points;
      else if (op.op === 'merge') {
        const r = rangeOf(sheet, op.area);
        const anchor = r.Item(1, 1) as Et.Range;
        const v = get(anchor, 'Value2');
        r.ClearContents();
        anchor.Value2 = v as never;
        r.Merge(false);
      } else runStep(app, sheet, op);
    }
  }
}
