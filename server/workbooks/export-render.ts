// Rendering what export.ts gathered from the store into the bytes a user downloads: the
// consolidated .xlsx (exceljs' streaming writer), a template .xlsx or .docx, the print view's HTML,
// the consolidated .docx, all templates as one .zip. Pure (sheet inputs or layouts in, bytes out,
// no store): export-pool.ts runs these in a worker thread so the service's event loop keeps
// answering while a large plan is laid out (paginated) and rendered.
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import type { SheetLayout } from '../../shared/layout/model';
import { buildConsolidatedSheet, type ConsolidatedSheetInput } from '../../shared/layout/consolidated-sheet';
import { buildUnitSheet, type UnitSheetInput } from '../../shared/layout/unit-sheet';
import { decodeRowKey } from '../../shared/layout/keys';
import { encodeDocumentKeys, type DocumentKeys } from '../../shared/workbook/document-keys';
import { renderLayoutHtml } from '../../shared/layout/render-html';
import { renderLayoutXlsx } from '../render/xlsx-layout';
import { renderLayoutDocx } from '../render/docx-layout';
import { FONT_STYLESHEET_LINK } from '../fonts/bundled-fonts';

/** What to lay out: the store's data as export.ts gathered it (laid out here), or a finished layout. */
export type LayoutSource = { layout: SheetLayout } | { consolidated: ConsolidatedSheetInput } | { unit: UnitSheetInput };

export type RenderJob =
  | { kind: 'xlsx'; source: LayoutSource }
  | { kind: 'template-xlsx'; source: LayoutSource }
  | { kind: 'html'; source: LayoutSource }
  | { kind: 'docx'; source: LayoutSource }
  | { kind: 'template-docx'; source: LayoutSource; periodId: string; unitId: string }
  | { kind: 'templates-zip'; files: { name: string; source: LayoutSource }[] };

export function layoutOf(source: LayoutSource): SheetLayout {
  if ('layout' in source) return source.layout;
  if ('consolidated' in source) return buildConsolidatedSheet(source.consolidated);
  return buildUnitSheet(source.unit);
}

/** The unit sheet's 填报说明 speaks of Excel (drop-down, Alt+Enter, the hidden column): in Word, this. */
export const WORD_TEMPLATE_NOTE =
  '填报说明：“完成状态”请填写未启动、推进中、已完成或滞后；“进展情况”“存在问题”“下步计划”“联系人/电话”请如实填写本期情况，可分段填写。序号、主要任务、具体举措、责任单位各列请勿修改；请直接在本表中填写后发回，以便系统自动汇总。';

/**
 * A unit's template as a Word document: a Word table has no hidden key column, so the template's
 * keys travel in the document's properties and the returned document merges like the .xlsx template.
 */
export async function wordTemplateBytes(layout: SheetLayout, sheet: { periodId: string; unitId: string }): Promise<Buffer> {
  for (const row of layout.rows) if (row.kind === 'note') row.cells[0] = WORD_TEMPLATE_NOTE;
  const keyCol = layout.columns.findIndex((c) => c.kind === 'key');
  const keys: DocumentKeys = { sheet, rows: new Map() };
  for (const row of layout.rows) {
    const k = row.kind === 'data' ? decodeRowKey(row.cells[keyCol]) : null;
    if (k) keys.rows.set(k.measureKey, k.baseRevs);
  }
  return renderLayoutDocx(layout, { customProperties: encodeDocumentKeys(keys) });
}

/** What each job answers: the file's bytes, or the print view's text. */
export type RenderResult<J extends RenderJob> = J extends { kind: 'html' } ? string : Uint8Array;

export async function writeLayoutXlsx(layout: SheetLayout, stream: Writable): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'fengong';
  await renderLayoutXlsx(wb, layout);
  await wb.commit();
}

/** The streaming writer's output collected (the worker hands back one buffer). */
async function layoutXlsxBytes(layout: SheetLayout): Promise<Uint8Array> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    sink.once('end', resolve);
    sink.once('error', reject);
  });
  await writeLayoutXlsx(layout, sink);
  sink.end();
  await ended;
  return Buffer.concat(chunks);
}

/** A unit's template: a normal workbook (exceljs protects its sheet; the streaming writer cannot). */
export async function templateXlsxBytes(layout: SheetLayout): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'fengong';
  await renderLayoutXlsx(wb, layout);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function layoutHtml(layout: SheetLayout): string {
  return renderLayoutHtml(layout, { extraHead: FONT_STYLESHEET_LINK });
}

/** All templates in one .zip (xlsx are already compressed: stored, not deflated). */
async function templatesZipBytes(files: { name: string; source: LayoutSource }[]): Promise<Uint8Array> {
  const out: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const f of files) out[f.name] = [await templateXlsxBytes(layoutOf(f.source)), { level: 0 }];
  return zipSync(out);
}

export async function renderExport<J extends RenderJob>(job: J): Promise<RenderResult<J>>;
export async function renderExport(job: RenderJob): Promise<Uint8Array | string> {
  switch (job.kind) {
    case 'xlsx':
      return layoutXlsxBytes(layoutOf(job.source));
    case 'template-xlsx':
      return templateXlsxBytes(layoutOf(job.source));
    case 'html':
      return layoutHtml(layoutOf(job.source));
    case 'docx':
      return renderLayoutDocx(layoutOf(job.source));
    case 'template-docx':
      return wordTemplateBytes(layoutOf(job.source), { periodId: job.periodId, unitId: job.unitId });
    case 'templates-zip':
      return templatesZipBytes(job.files);
  }
}
