// Part of the strict fake WPS 表格 (see host.ts): a Range of several areas, as Worksheet.Range returns
// for "A5:A7,A9:A12" (the union operator of an A1 reference — VBA Worksheet.Range docs; WPS mirrors
// it: Range.Areas in et-jsapi-declare and in WPS's API docs, airsheet.wps.cn "Areas 属性"). The areas
// stay as written, adjacent ones are not joined (ASSUMPTION). Only what the add-in does with such a
// range is modeled — the strict wrapper throws on any other member — and each acts on every area:
//  - Merge merges each area on its own (ASSUMPTION to check on a real WPS: VBA's Merge on a
//    multi-area range; the docs do not say), refusing as a one-area Merge does (range.ts) and where
//    areas overlap; a refusal changes nothing;
//  - ClearContents empties every area (VBA Range.ClearContents; locked cells of a protected sheet refuse);
//  - RowHeight sets the rows of every area (VBA Range.RowHeight: "all the rows in the range";
//    ASSUMPTION for several areas).
import { forEach, type MergeArea, type SheetState } from '../grid';
import { FakeWpsError } from './strict';
import type { FakeWpsHost } from './host';
import { MAX_ROW_HEIGHT, WpsRange } from './range';

export class WpsAreas {
  constructor(
    readonly _host: FakeWpsHost,
    readonly _sheet: SheetState,
    readonly _areas: MergeArea[],
  ) {}
  /** One plain (uncounted) one-area range per area. */
  private _parts(): WpsRange[] {
    return this._areas.map((a) => new WpsRange(this._host, this._sheet, a));
  }
  Merge(across = false): void {
    const parts = this._parts();
    // Only merges in the rows these areas span can overlap them (a cheap cut for big sheets).
    const top = Math.min(...this._areas.map((a) => a.top));
    const bottom = Math.max(...this._areas.map((a) => a.bottom));
    const taken = new Set<string>();
    for (const m of this._sheet.merges) if (m.top <= bottom && m.bottom >= top) forEach(m, (r, c) => taken.add(`${r},${c}`));
    const todo: MergeArea[] = [];
    for (const p of parts) {
      if (!p._mergeable(across, taken)) continue;
      forEach(p._area, (r, c) => taken.add(`${r},${c}`));
      todo.push({ ...p._area });
    }
    this._sheet.merges.push(...todo);
  }
  ClearContents(): void {
    const parts = this._parts();
    for (const p of parts) p._requireUnlocked();
    for (const p of parts) p.ClearContents();
  }
  set RowHeight(v: number) {
    if (v < 0 || v > MAX_ROW_HEIGHT) throw new FakeWpsError(`行高必须在 0 到 ${MAX_ROW_HEIGHT} 之间。`);
    for (const p of this._parts()) p.RowHeight = v;
  }
}
