// Helpers for the workbook tests: download what the office downloads, post files to the merge
// endpoint as the console does (multipart), read grids back, and run LibreOffice for round trips.
import ExcelJS from 'exceljs';
import { Document, ExternalHyperlink, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MergeResponse, UnitQuestionDetails } from '../../shared/api/contract';
import type { TestServer } from '../helpers/server';

/**
 * fetch, retried once when a kept-alive socket was closed by the server while the test was busy
 * (LibreOffice runs take longer than the server's keep-alive timeout): the request never arrived.
 */
async function fetchRetry(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    if ((e as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw e;
    return fetch(url, init);
  }
}

export async function download(s: TestServer, path: string, code = s.coordinatorCode): Promise<{ status: number; bytes: Buffer; type: string | null; disposition: string }> {
  const r = await fetchRetry(s.url + path, { headers: { authorization: `Bearer ${code}` } });
  return { status: r.status, bytes: Buffer.from(await r.arrayBuffer()), type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition') ?? '' };
}

export async function templateFor(s: TestServer, unitId: string): Promise<Buffer> {
  const r = await download(s, `/api/periods/${s.periodId}/templates/${encodeURIComponent(unitId)}.xlsx`);
  if (r.status !== 200) throw new Error(`template ${r.status}: ${r.bytes.toString()}`);
  return r.bytes;
}

export async function postMerge(
  s: TestServer,
  files: { name: string; bytes: Uint8Array }[],
  query = '',
): Promise<{ status: number; body: MergeResponse & { error?: { code: string; message: string; details?: UnitQuestionDetails } } }> {
  const fd = new FormData();
  for (const f of files) fd.append('files', new Blob([Buffer.from(f.bytes)]), f.name);
  const r = await fetchRetry(`${s.url}/api/periods/${s.periodId}/merge${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.coordinatorCode}` },
    body: fd,
  });
  return { status: r.status, body: (await r.json()) as MergeResponse & { error?: { code: string; message: string; details?: UnitQuestionDetails } } };
}

export async function loadWb(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

export async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Plain cell texts of a sheet (1-based rows/cols kept as 0-based arrays). */
export function gridOf(ws: ExcelJS.Worksheet): string[][] {
  const out: string[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const v = ws.getCell(r, c).value;
      row.push(v === null || v === undefined ? '' : typeof v === 'object' && 'richText' in v ? v.richText.map((t) => t.text).join('') : String(v));
    }
    out.push(row);
  }
  return out;
}

/** Runs LibreOffice headless to convert a file (xlsx → xlsx re-written by LibreOffice, → pdf, xls …). */
export function sofficeConvert(bytes: Uint8Array, fromExt: string, to: string, infilter?: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'fengong-soffice-'));
  try {
    const inDir = join(dir, 'in');
    const outDir = join(dir, 'out');
    execFileSync('mkdir', ['-p', inDir, outDir]);
    const src = join(inDir, `file.${fromExt}`);
    writeFileSync(src, bytes);
    const args = [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', ...(infilter ? [`--infilter=${infilter}`] : []), '--convert-to', to, '--outdir', outDir, src];
    execFileSync('soffice', args, {
      stdio: 'pipe',
      timeout: 120_000,
    });
    const ext = to.split(':')[0];
    return readFileSync(join(outDir, `file.${ext}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Everything the store holds for a period, to assert "unchanged" after a rejected file. */
export async function storeSnapshot(s: TestServer): Promise<string> {
  const { store } = s.ctx;
  // history's row count, not the delta cursor: on PostgreSQL the cursor is a horizon that moves
  // with any transaction on the server (docs/store.md), while nothing here has changed.
  return JSON.stringify({ history: await store.raw.count('history'), entries: await store.entries.list(s.periodId), conflicts: await store.conflicts.list(s.periodId) });
}

export interface SheetSpec {
  name: string;
  rows: (string | number | null)[][];
  merges?: string[];
  hiddenCols?: number[]; // 1-based
  widths?: number[];
}

/** A workbook written from plain rows, as a unit's re-typed or re-saved table would be. */
export async function writeSheets(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name);
    spec.rows.forEach((row, r) => row.forEach((v, c) => v !== null && v !== '' && (ws.getCell(r + 1, c + 1).value = v)));
    for (const m of spec.merges ?? []) ws.mergeCells(m);
    for (const c of spec.hiddenCols ?? []) ws.getColumn(c).hidden = true;
    spec.widths?.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  }
  return toBuffer(wb);
}

// ── Word tables, as units return them ─────────────────────────────────────────
/** A paragraph: plain text, or text with a hyperlink inside it. */
export type WordPara = string | { text: string; link: string };
/** A cell: its paragraphs, and how far it is merged; null where a cell above reaches down (vertical merge). */
export type WordCell = WordPara | WordPara[] | { paras: WordPara[]; rowSpan?: number; columnSpan?: number } | null;

/** A Word document written with the `docx` library: paragraphs, one table, paragraphs after it. */
export async function wordDoc(before: string[], rows: WordCell[][], after: string[] = []): Promise<Buffer> {
  const para = (p: WordPara) =>
    typeof p === 'string'
      ? new Paragraph(p)
      : new Paragraph({ children: [new ExternalHyperlink({ link: p.link, children: [new TextRun({ text: p.text, style: 'Hyperlink' })] })] });
  const cell = (c: Exclude<WordCell, null>) => {
    const spec = typeof c === 'object' && !Array.isArray(c) && 'paras' in c ? c : { paras: Array.isArray(c) ? c : [c] };
    return new TableCell({ children: (spec.paras.length ? spec.paras : ['']).map(para), rowSpan: spec.rowSpan, columnSpan: spec.columnSpan });
  };
  const table = new Table({ rows: rows.map((r) => new TableRow({ children: r.filter((c): c is Exclude<WordCell, null> => c !== null).map(cell) })) });
  const doc = new Document({ sections: [{ children: [...before.map((t) => new Paragraph(t)), table, ...after.map((t) => new Paragraph(t))] }] });
  return Packer.toBuffer(doc);
}

/**
 * Types text into a Word document's table cell the way Word stores it: the cell's empty paragraph
 * gets the first paragraph's text, further paragraphs follow (row and column 0-based, counting the
 * <w:tc> elements of the row as Word writes them, continuation cells of a vertical merge included).
 */
export function fillWordCell(bytes: Uint8Array, row: number, col: number, paras: string[]): Buffer {
  const files = unzipSync(bytes);
  let xml = strFromU8(files['word/document.xml']);
  const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)];
  const tr = rows[row];
  const cells = [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)];
  const tc = cells[col][0];
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const first = /<w:p>|<w:p [^>]*>/.exec(tc)!;
  const pEnd = tc.indexOf('</w:p>', first.index) + 6;
  const p = tc.slice(first.index, pEnd);
  const withText = (t: string) =>
    /<w:t(?: [^>]*)?>[^<]*<\/w:t>/.test(p) ? p.replace(/<w:t(?: [^>]*)?>[^<]*<\/w:t>/, `<w:t xml:space="preserve">${esc(t)}</w:t>`) : p.replace('</w:p>', `<w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r></w:p>`);
  const filled = tc.slice(0, first.index) + paras.map(withText).join('') + tc.slice(pEnd);
  const newTr = tr[0].slice(0, cells[col].index) + filled + tr[0].slice(cells[col].index! + tc.length);
  xml = xml.slice(0, tr.index) + newTr + xml.slice(tr.index! + tr[0].length);
  files['word/document.xml'] = strToU8(xml);
  return Buffer.from(zipSync(files));
}
