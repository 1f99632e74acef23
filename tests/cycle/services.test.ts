// The 督办 cycle's services on both store backends (SQLite file, PGlite): 审签/报送 → 退回 → 重新报送
// → 通过 with every step kept; a liaison list imported from a GBK CSV; an extension granted moving
// the unit's deadline; 办结 and reopening; evidence files typed by content, hostile ones refused
// with the store unchanged, the archive ordered 任务/举措/单位.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { unzipSync, zipSync, strToU8 } from 'fflate';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite';
import { PgStore } from '../../server/store/postgres';
import { pgliteDriver } from '../../server/store/pg-driver';
import type { Store } from '../../server/store/types';
import type { Plan } from '../../shared/model/plan';
import type { Actor } from '../../server/services/actor';
import type { CycleCtx } from '../../server/services/cycle/context';
import { reviewUnit, submitSigned, unitReview } from '../../server/services/cycle/review';
import { importLiaisonFile, setLiaison } from '../../server/services/cycle/liaisons';
import { decideExtension, requestExtension } from '../../server/services/cycle/extensions';
import { closeMeasure, closuresOf, reopenMeasure } from '../../server/services/cycle/closures';
import { listEvidence, readEvidence, uploadEvidence, writeEvidenceZip } from '../../server/services/cycle/evidence';
import { EMPTY_LIAISON } from '../../shared/cycle/liaison';
import { unitDeadline } from '../../shared/cycle/extension';

const AT = '2026-12-20T02:00:00.000Z';
const unit = (id: string, name: string) => ({ id, name, shortName: name, aliases: [], kind: 'provincial_department' as const, needsResolution: false });
const PLAN = {
  title: '测试分工表',
  units: [unit('keji', '省科技厅'), unit('jiaotong', '省交通运输厅')],
  tasks: [
    { key: 't1', no: '一', title: '科技创新', measures: [
      { key: 'm1', no: '1.1', text: '共建实验室', assignments: [{ unitId: 'keji', role: 'lead', order: 0, group: 0 }, { unitId: 'jiaotong', role: 'co', order: 1, group: 0 }] },
      { key: 'm2', no: '1.2', text: '成果转化', assignments: [{ unitId: 'keji', role: 'lead', order: 0, group: 0 }] },
    ] },
    { key: 't2', no: '二', title: '交通', measures: [{ key: 'm3', no: '2.1', text: '高铁建设', assignments: [{ unitId: 'jiaotong', role: 'lead', order: 0, group: 0 }] }] },
  ],
} as unknown as Plan;

const KEJI: Actor = { role: 'unit', unitId: 'keji', codeId: 'c-keji', label: '省科技厅' };
const JT: Actor = { role: 'unit', unitId: 'jiaotong', codeId: 'c-jt', label: '省交通运输厅' };
const OFFICE: Actor = { role: 'coordinator', unitId: null, codeId: 'c-office', label: '协调办公室' };

const PDF = strToU8('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n');
function png(w = 1, h = 1): Uint8Array {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(w, 16);
  b.writeUInt32BE(h, 20);
  return new Uint8Array(b);
}

async function seed(s: Store): Promise<Store> {
  await s.transaction(async (tx) => {
    for (const u of PLAN.units) await tx.units.upsert(u);
    await tx.plans.insert({ id: 'plan', title: PLAN.title, version: 1, active: true, importedAt: AT, updatedAt: AT, plan: PLAN }, 'x');
    await tx.periods.insert({ id: 'per', planId: 'plan', name: '2026年下半年', deadline: '2026-12-31', state: 'open', openedAt: AT, closedAt: null, carriedFrom: null });
  });
  return s;
}

const dirs: string[] = [];
let pg: PGlite | null = null;
let n = 0;
const backends: [string, () => Promise<Store>][] = [
  ['sqlite', async () => {
    const d = mkdtempSync(join(tmpdir(), 'fengong-cycle-'));
    dirs.push(d);
    return new SqliteStore(join(d, 'fengong.db'));
  }],
  ['pglite', async () => {
    pg ??= await PGlite.create();
    const schema = `c${++n}`;
    return PgStore.open(pgliteDriver(pg, { schema }), { schema });
  }],
];
afterAll(async () => {
  await pg?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function collect(): { out: Writable; bytes: () => Uint8Array; done: Promise<void> } {
  const chunks: Buffer[] = [];
  let end!: () => void;
  const done = new Promise<void>((r) => (end = r));
  const out = new Writable({ write(c, _e, cb) { chunks.push(Buffer.from(c)); cb(); }, final(cb) { end(); cb(); } });
  return { out, bytes: () => new Uint8Array(Buffer.concat(chunks)), done };
}

const counts = async (s: Store) => Promise.all(['evidence', 'evidence_chunks', 'review_steps', 'liaisons', 'extensions'].map((t) => s.raw.count(t)));

for (const [name, open] of backends) {
  describe(`督办 cycle services on ${name}`, () => {
    let ctx: CycleCtx;
    let now = new Date(AT);
    beforeEach(async () => {
      now = new Date(AT);
      ctx = { store: await seed(await open()), now: () => now, config: { timeZone: 'Asia/Shanghai' } };
      return () => ctx.store.close();
    });

    it('报送 with sign-off → 退回 one entry with a reason → the unit sees it → 重新报送 → 通过, every step kept', async () => {
      await expect(submitSigned(ctx, 'per', KEJI, { signedBy: ' ' })).rejects.toMatchObject({ code: 'SIGNOFF_REQUIRED' });
      await expect(reviewUnit(ctx, 'per', 'keji', OFFICE, { decision: 'approve' })).rejects.toMatchObject({ code: 'NOT_SUBMITTED' });
      const sub = await submitSigned(ctx, 'per', KEJI, { signedBy: '张副厅长' });
      expect(sub.signedBy).toBe('张副厅长');
      expect(await ctx.store.submissions.get('per', 'keji')).toMatchObject({ signedBy: '张副厅长', by: '省科技厅' });
      await expect(reviewUnit(ctx, 'per', 'keji', KEJI, { decision: 'approve' })).rejects.toMatchObject({ code: 'COORDINATOR_ONLY' });
      await expect(reviewUnit(ctx, 'per', 'keji', OFFICE, { decision: 'return', reason: '' })).rejects.toMatchObject({ code: 'REASON_REQUIRED' });
      await expect(reviewUnit(ctx, 'per', 'keji', OFFICE, { decision: 'return', reason: 'x', measureKeys: ['m3'] })).rejects.toMatchObject({ code: 'NOT_ASSIGNED' });
      const ret = await reviewUnit(ctx, 'per', 'keji', OFFICE, { decision: 'return', reason: '请补充共建实验室名单', measureKeys: ['m1'] });
      expect(ret.state).toBe('returned');
      const seen = await unitReview(ctx, 'per', KEJI);
      expect(seen.returnedEntries).toEqual({ m1: '请补充共建实验室名单' });
      await expect(unitReview(ctx, 'per', KEJI, 'jiaotong')).rejects.toMatchObject({ code: 'NOT_YOUR_ENTRY' });
      await expect(reviewUnit(ctx, 'per', 'keji', OFFICE, { decision: 'approve' })).rejects.toMatchObject({ code: 'ALREADY_REVIEWED' });
      await submitSigned(ctx, 'per', KEJI, { signedBy: '张副厅长' });
      const ok = await reviewUnit(ctx, 'per', 'keji', OFFICE, { decision: 'approve' });
      expect(ok.state).toBe('approved');
      expect(ok.steps.map((s) => [s.kind, s.by])).toEqual([['submit', '省科技厅'], ['return', '协调办公室'], ['submit', '省科技厅'], ['approve', '协调办公室']]);
      expect(ok.steps[1]).toMatchObject({ reason: '请补充共建实验室名单', measureKeys: ['m1'] });
    });

    it('liaisons: set one, import a GBK CSV the way Chinese Excel saves it (preview, then apply)', async () => {
      await setLiaison(ctx, 'keji', { ...EMPTY_LIAISON, name: '李四', mobile: '13600000000' }, OFFICE);
      await expect(setLiaison(ctx, 'keji', { ...EMPTY_LIAISON, name: '王' }, KEJI)).rejects.toMatchObject({ code: 'COORDINATOR_ONLY' });
      await expect(setLiaison(ctx, 'nope', { ...EMPTY_LIAISON, name: '王' }, OFFICE)).rejects.toMatchObject({ code: 'UNKNOWN_UNIT' });
      // "单位,联络员,手机\r\n省交通运输厅,王工,139\r\n" in GBK
      const gbk = Buffer.concat([
        Buffer.from([0xb5, 0xa5, 0xce, 0xbb]), Buffer.from(','), Buffer.from([0xc1, 0xaa, 0xc2, 0xe7, 0xd4, 0xb1]), Buffer.from(','), Buffer.from([0xca, 0xd6, 0xbb, 0xfa]), Buffer.from('\r\n'),
        Buffer.from([0xca, 0xa1, 0xbd, 0xbb, 0xcd, 0xa8, 0xd4, 0xcb, 0xca, 0xe4, 0xcc, 0xfc]), Buffer.from(','), Buffer.from([0xcd, 0xf5, 0xb9, 0xa4]), Buffer.from(',139\r\n'),
      ]);
      const preview = await importLiaisonFile(ctx, { bytes: gbk, fileName: '联络员名单.csv' }, OFFICE, { apply: false });
      expect(preview.units.map((u) => [u.unitId, u.liaison.name, u.liaison.mobile, u.changed])).toEqual([['jiaotong', '王工', '139', true]]);
      expect(await ctx.store.liaisons.get('jiaotong')).toBeUndefined(); // a preview writes nothing
      const applied = await importLiaisonFile(ctx, { bytes: gbk, fileName: '联络员名单.csv' }, OFFICE, { apply: true });
      expect(applied.applied).toBe(true);
      expect((await ctx.store.liaisons.get('jiaotong'))?.name).toBe('王工');
      expect((await ctx.store.liaisons.get('keji'))?.name).toBe('李四'); // not in the file: kept
      await expect(importLiaisonFile(ctx, { bytes: strToU8('a,b\n1,2\n'), fileName: 'x.csv' }, OFFICE, { apply: true })).rejects.toMatchObject({ code: 'NO_LIAISON_HEADER' });
    });

    it('延期申请: requested with a reason, granted once, the unit\'s deadline moves', async () => {
      await expect(requestExtension(ctx, 'per', KEJI, { requestedDeadline: '2026-12-30', reason: '数据未发布' })).rejects.toMatchObject({ code: 'NOT_LATER' });
      const e = await requestExtension(ctx, 'per', KEJI, { requestedDeadline: '2027-01-15', reason: '统计数据1月10日发布' });
      await expect(requestExtension(ctx, 'per', KEJI, { requestedDeadline: '2027-01-20', reason: 'x' })).rejects.toMatchObject({ code: 'EXTENSION_PENDING' });
      await expect(decideExtension(ctx, e.id, KEJI, { grant: true })).rejects.toMatchObject({ code: 'COORDINATOR_ONLY' });
      const d = await decideExtension(ctx, e.id, OFFICE, { grant: true, deadline: '2027-01-12', note: '同意延期至1月12日' });
      expect(d).toMatchObject({ state: 'granted', grantedDeadline: '2027-01-12', decidedBy: '协调办公室' });
      await expect(decideExtension(ctx, e.id, OFFICE, { grant: false })).rejects.toMatchObject({ code: 'ALREADY_DECIDED' });
      expect(unitDeadline('2026-12-31', await ctx.store.extensions.list('per', 'keji'), 'Asia/Shanghai')).toBe('2027-01-12');
      expect(unitDeadline('2026-12-31', await ctx.store.extensions.list('per', 'jiaotong'), 'Asia/Shanghai')).toBe('2026-12-31');
    });

    it('办结 a measure or one unit\'s part, reopen, both recorded', async () => {
      await closeMeasure(ctx, 'per', OFFICE, { measureKey: 'm1', unitId: 'jiaotong', note: '已验收' });
      await expect(closeMeasure(ctx, 'per', OFFICE, { measureKey: 'm3', unitId: 'keji' })).rejects.toMatchObject({ code: 'NOT_ASSIGNED' });
      await expect(closeMeasure(ctx, 'per', KEJI, { measureKey: 'm1' })).rejects.toMatchObject({ code: 'COORDINATOR_ONLY' });
      await expect(reopenMeasure(ctx, 'per', OFFICE, { measureKey: 'm2' })).rejects.toMatchObject({ code: 'NOT_CLOSED' });
      await reopenMeasure(ctx, 'per', OFFICE, { measureKey: 'm1', unitId: 'jiaotong', note: '发现遗留问题' });
      const { closures, events } = await closuresOf(ctx, 'per');
      expect(closures).toEqual([]);
      expect(events.map((e) => [e.kind, e.unitId, e.note])).toEqual([['close', 'jiaotong', '已验收'], ['reopen', 'jiaotong', '发现遗留问题']]);
    });

    it('evidence: typed by content, named safely, own unit only; hostile files refused with the store unchanged; the archive in plan order', async () => {
      const a = await uploadEvidence(ctx, 'per', KEJI, { measureKey: 'm1', unitId: 'keji', fileName: '..\\实验室名单.exe', bytes: PDF });
      expect(a).toMatchObject({ kind: 'pdf', name: '实验室名单.exe.pdf', size: PDF.length, createdBy: '省科技厅' });
      await uploadEvidence(ctx, 'per', JT, { measureKey: 'm3', unitId: 'jiaotong', fileName: '现场.png', bytes: png() });
      await uploadEvidence(ctx, 'per', JT, { measureKey: 'm1', unitId: 'jiaotong', fileName: '协议.pdf', bytes: PDF });
      await expect(uploadEvidence(ctx, 'per', KEJI, { measureKey: 'm3', unitId: 'jiaotong', fileName: 'a.pdf', bytes: PDF })).rejects.toMatchObject({ code: 'NOT_YOUR_ENTRY' });
      await expect(readEvidence(ctx, a.id, JT)).rejects.toMatchObject({ code: 'NOT_YOUR_ENTRY' });
      expect(Buffer.from((await readEvidence(ctx, a.id, OFFICE)).bytes).equals(Buffer.from(PDF))).toBe(true);
      const before = await counts(ctx.store);
      const hostile: [string, Uint8Array, string][] = [
        ['page.pdf', strToU8('<html><script>alert(1)</script></html>'), 'EVIDENCE_TYPE'],
        ['image.png', strToU8('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'EVIDENCE_TYPE'],
        ['setup.pdf', new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]), 'EVIDENCE_TYPE'],
        ['js.pdf', strToU8('%PDF-1.4\n1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF'), 'EVIDENCE_TYPE'],
        ['huge.png', png(100_000, 100_000), 'EVIDENCE_TYPE'],
        ['macro.docx', zipSync({ '[Content_Types].xml': strToU8('<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'), 'word/document.xml': strToU8('<w:document/>'), 'word/vbaProject.bin': new Uint8Array(10) }), 'EVIDENCE_TYPE'],
        ['other.zip', zipSync({ 'a.txt': strToU8('hello') }), 'EVIDENCE_TYPE'],
        ['bomb.xlsx', zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': new Uint8Array(200 * 1024 * 1024) }, { level: 9 }), 'ZIP_BOMB'],
        ['empty.pdf', new Uint8Array(0), 'EMPTY_FILE'],
      ];
      for (const [fileName, bytes, code] of hostile) {
        await expect(uploadEvidence(ctx, 'per', KEJI, { measureKey: 'm1', unitId: 'keji', fileName, bytes }), fileName).rejects.toMatchObject({ code });
      }
      expect(await counts(ctx.store)).toEqual(before);
      expect((await listEvidence(ctx, 'per', KEJI)).map((r) => r.unitId)).toEqual(['keji']);
      const z = collect();
      expect(await writeEvidenceZip(ctx, 'per', z.out)).toBe(3);
      await z.done;
      const files = unzipSync(z.bytes());
      expect(Object.keys(files)).toEqual([
        '一 科技创新/1.1 共建实验室/省科技厅/实验室名单.exe.pdf',
        '一 科技创新/1.1 共建实验室/省交通运输厅/协议.pdf',
        '二 交通/2.1 高铁建设/省交通运输厅/现场.png',
      ]);
      expect(Buffer.from(files['二 交通/2.1 高铁建设/省交通运输厅/现场.png']).equals(Buffer.from(png()))).toBe(true);
    }, 120_000);
  });
}
