// The strict fake enforces what Excel enforces (so the add-in's tests against it mean something).
import { describe, expect, it } from 'vitest';
import { FakeExcelHost, FakeExcelError, type RequestContext } from './host';
import { EXCEL_API_SETS } from './requirement-sets.generated';
import { spawnSync } from 'node:child_process';

const run = <T>(host: FakeExcelHost, fn: (ctx: RequestContext) => Promise<T>) => host.run(fn);

describe('strict fake Excel', () => {
  it('its requirement-set table is generated from the installed @types/office-js annotations', () => {
    const r = spawnSync(process.execPath, ['bin/run-ts.mjs', 'scripts/gen-requirement-sets.ts', '--check'], { encoding: 'utf8' });
    expect(r.stdout).toContain('up to date');
    expect(r.status).toBe(0);
  });

  it('reading a property before load + sync throws PropertyNotLoaded', async () => {
    const host = new FakeExcelHost();
    await run(host, async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:B2');
      expect(() => r.values).toThrow(/PropertyNotLoaded/);
      r.load('values');
      expect(() => r.values).toThrow(/PropertyNotLoaded/); // loaded only after sync
      await ctx.sync();
      expect(r.values).toEqual([['', ''], ['', '']]);
    });
  });

  it('a 2-D array must match the range size', async () => {
    const host = new FakeExcelHost();
    await expect(
      run(host, async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:B2').values = [['a', 'b']];
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  it('writing to a locked cell of a protected sheet fails; unlocked cells take values', async () => {
    const host = new FakeExcelHost();
    await run(host, async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Sheet1');
      ws.getRange('B1').format.protection.locked = false;
      ws.protection.protect();
      await ctx.sync();
      ws.getRange('B1').values = [['ok']];
      await ctx.sync();
      ws.getRange('A1').values = [['no']];
      await expect(ctx.sync()).rejects.toMatchObject({ code: 'AccessDenied' });
      ws.getRange('A1:B1').merge();
      await expect(ctx.sync()).rejects.toMatchObject({ code: 'AccessDenied' });
      ws.protection.protect();
      await expect(ctx.sync()).rejects.toMatchObject({ code: 'InvalidOperation' });
      ws.protection.unprotect();
      await ctx.sync();
      ws.protection.unprotect(); // unprotecting an unprotected sheet throws too
      await expect(ctx.sync()).rejects.toMatchObject({ code: 'InvalidOperation' });
      ws.protection.protect();
      await ctx.sync();
    });
    expect(host.text('Sheet1', 0, 1)).toBe('ok');
    expect(host.text('Sheet1', 0, 0)).toBe('');
    expect(() => host.type('Sheet1', 0, 0, 'x')).toThrow(FakeExcelError);
  });

  it('an ExcelApi 1.7 host throws on 1.8 / 1.9 members; the gate comes from the generated table', async () => {
    expect(EXCEL_API_SETS.PageLayout.orientation).toBe('1.9');
    expect(EXCEL_API_SETS.Range.dataValidation).toBe('1.8');
    expect(EXCEL_API_SETS.Worksheet.getRangeByIndexes).toBe('1.7');
    const host = new FakeExcelHost({ apiVersion: '1.7' });
    await run(host, async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Sheet1');
      expect(() => ws.pageLayout).toThrow(/ApiNotFound.*1\.9/);
      expect(() => ws.getRange('A1').dataValidation).toThrow(/ApiNotFound.*1\.8/);
      ws.freezePanes.freezeRows(1); // 1.7: fine
      await ctx.sync();
    });
    const g = host.globals() as { Office: { context: { requirements: { isSetSupported(n: string, v: string): boolean } } } };
    expect(g.Office.context.requirements.isSetSupported('ExcelApi', '1.7')).toBe(true);
    expect(g.Office.context.requirements.isSetSupported('ExcelApi', '1.9')).toBe(false);
  });

  it('counts syncs and payload bytes, and refuses a request over 5 MB', async () => {
    const host = new FakeExcelHost();
    await run(host, async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Sheet1');
      ws.getRange('A1').values = [['进展']];
      await ctx.sync();
      const big = Array.from({ length: 5000 }, () => ['这是一段很长的进展情况文字'.repeat(30)]);
      ws.getRangeByIndexes(0, 0, 5000, 1).values = big;
      await expect(ctx.sync()).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    });
    expect(host.syncs).toBe(2);
    expect(host.payloads[0]).toBeGreaterThan(20);
    expect(host.payloads[0]).toBeLessThan(300);
    expect(host.maxPayload).toBeGreaterThan(5 * 1024 * 1024);
    expect(host.text('Sheet1', 1, 0)).toBe(''); // nothing of the refused request ran
  });

  it('refuses a response over 5 MB (loading a huge range)', async () => {
    const host = new FakeExcelHost();
    await run(host, async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Sheet1');
      const text = '进展情况'.repeat(100);
      for (let i = 0; i < 6; i++) {
        ws.getRangeByIndexes(i * 1000, 0, 1000, 1).values = Array.from({ length: 1000 }, () => [text]);
        await ctx.sync(); // each request stays under 5 MB
      }
      const all = ws.getRangeByIndexes(0, 0, 6000, 1);
      all.load('values');
      await expect(ctx.sync()).rejects.toMatchObject({ code: 'ResponsePayloadSizeLimitExceeded' });
    });
  });

  it('text written to a General cell starting with = becomes a formula; a text-formatted cell keeps it', async () => {
    const host = new FakeExcelHost();
    await run(host, async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Sheet1');
      ws.getRange('A2').numberFormat = [['@']];
      ws.getRange('A1:A2').values = [['=SUM(1)'], ['=SUM(1)']];
      await ctx.sync();
    });
    expect(host.mustSheet('Sheet1').cell(0, 0).formula).toBe('=SUM(1)');
    expect(host.text('Sheet1', 1, 0)).toBe('=SUM(1)');
  });

  it('members the add-in does not use are not modeled', async () => {
    const host = new FakeExcelHost();
    await run(host, async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1') as unknown as Record<string, unknown>;
      expect(() => r.conditionalFormats).toThrow(/NotModeled/);
    });
  });

  it('null objects: a missing sheet and setting read as null after sync', async () => {
    const host = new FakeExcelHost();
    await run(host, async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject('没有');
      const used = ws.getUsedRangeOrNullObject(true);
      used.load('values');
      const s = ctx.workbook.settings.getItemOrNullObject('k');
      s.load('value');
      await ctx.sync();
      expect(ws.isNullObject).toBe(true);
      expect(used.isNullObject).toBe(true);
      expect(s.isNullObject).toBe(true);
      ctx.workbook.settings.add('k', { a: 1 });
      await ctx.sync();
    });
    expect(host.workbook.settings.get('k')).toEqual({ a: 1 });
  });

  it('refuses every request while a cell is being edited, running none of it', async () => {
    const host = new FakeExcelHost();
    host.editing = true;
    await expect(
      run(host, async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['x']];
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidOperationInCellEditMode' });
    expect(host.text('Sheet1', 0, 0)).toBe('');
    host.editing = false;
  });

  it('caps document settings (2 MB per add-in)', async () => {
    const host = new FakeExcelHost();
    host.settingsLimit = 1000;
    await run(host, async (ctx) => {
      ctx.workbook.settings.add('a', 'x'.repeat(600));
      await ctx.sync();
      ctx.workbook.settings.add('b', 'y'.repeat(600));
      await expect(ctx.sync()).rejects.toMatchObject({ code: 'GeneralException' });
      ctx.workbook.settings.add('a', 'z'.repeat(900)); // replacing a value counts only once
      await ctx.sync();
    });
  });

  it('hands back a pasted date as a serial number, with its format', async () => {
    const host = new FakeExcelHost();
    host.paste('Sheet1', 0, 0, [[46296]], false, 'yyyy-mm-dd');
    await run(host, async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1');
      r.load('values,numberFormat');
      await ctx.sync();
      expect(r.values).toEqual([[46296]]);
      expect(r.numberFormat).toEqual([['yyyy-mm-dd']]);
    });
  });

  it('refuses a typed validation list over 255 characters', async () => {
    const host = new FakeExcelHost();
    await run(host, async (ctx) => {
      const dv = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:A3').dataValidation;
      dv.rule = { list: { inCellDropDown: true, source: Array.from({ length: 60 }, (_, i) => `选项${i}`).join(',') } };
      await expect(ctx.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
    });
  });

  it('a value written into a merged area’s hidden cells is not kept; merging keeps the top-left value', async () => {
    const host = new FakeExcelHost();
    await run(host, async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Sheet1');
      ws.getRange('A1:A2').values = [['上'], ['下']];
      ws.getRange('A1:A2').merge();
      await ctx.sync();
      ws.getRange('A1:A2').values = [['新上'], ['新下']];
      await ctx.sync();
    });
    expect(host.text('Sheet1', 0, 0)).toBe('新上');
    expect(host.mustSheet('Sheet1').cell(1, 0).value).toBe('');
  });

  it('a paste raises no onChanged; typing does', async () => {
    const host = new FakeExcelHost();
    let n = 0;
    await run(host, async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').onChanged.add(async () => void n++);
      await ctx.sync();
    });
    host.paste('Sheet1', 0, 0, [['a', 'b']]);
    host.type('Sheet1', 1, 0, 'c');
    await new Promise((r) => setTimeout(r, 0));
    expect(n).toBe(1);
  });
});
