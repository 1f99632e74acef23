// The 督办 cycle's routes (shared/api/cycle.ts): liaisons, review, the office's cycle view and
// 催报通知, extensions, closures, evidence files (upload as a raw body named by X-File-Name,
// served as an attachment with nosniff), 本期 vs 上期.
import type { Mount } from './mount';
import {
  ClosureBody, ExtensionDecisionBody, ExtensionRequestBody, LiaisonBody, ReviewRequest,
} from '../../shared/api/cycle';
import { EVIDENCE_MIME } from '../../shared/cycle/evidence-name';
import { AppError } from '../../shared/messages';
import { actorOf } from '../auth';
import type { AppContext } from '../context';
import { closeMeasure, closuresOf, reopenMeasure } from '../services/cycle/closures';
import { compareWithPrevious } from '../services/cycle/compare';
import { listEvidence, readEvidence, removeEvidence, uploadEvidence, writeEvidenceZip } from '../services/cycle/evidence';
import { decideExtension, listExtensions, requestExtension } from '../services/cycle/extensions';
import { importLiaisonFile, setLiaison } from '../services/cycle/liaisons';
import { reviewUnit, unitReview } from '../services/cycle/review';
import { cycleView, loadCycle, pendingCounts, reminderFor } from '../services/cycle/status';
import { attachment } from '../workbooks/export';
import { listFileName, officeDate } from '../../shared/layout/file-names';
import { parseBody, param, queryString } from './http';
import { receiveFiles } from './workbooks';

// The office's routes are declared `access: 'office'` in shared/api/routes.ts: mount.ts guards them
// once, so a handler only reads the actor.
export function cycleRoutes(on: Mount, app: AppContext): void {
  const cx = () => app;

  on('liaisons', async (req, res) => {
    res.json({ liaisons: [...(await cx().store.liaisons.list()).values()] });
  });
  on('setLiaison', async (req, res) => {
    const a = actorOf(req);
    res.json(await setLiaison(cx(), param(req, 'unitId'), parseBody(LiaisonBody, req), a));
  });
  on('importLiaisons', async (req, res) => {
    const a = actorOf(req);
    const [file] = await receiveFiles(req);
    if (!file) throw new AppError('NO_FILES', 400);
    const apply = queryString(req, 'apply') === '1';
    res.json(await importLiaisonFile(cx(), { bytes: file.bytes, fileName: file.name }, a, { apply }));
  });

  on('unitReview', async (req, res) => {
    res.json(await unitReview(cx(), param(req, 'periodId'), actorOf(req), queryString(req, 'unit')));
  });
  on('reviewUnit', async (req, res) => {
    const a = actorOf(req);
    res.json(await reviewUnit(cx(), param(req, 'periodId'), param(req, 'unitId'), a, parseBody(ReviewRequest, req)));
  });
  on('cycleStatus', async (req, res) => {
    res.json(cycleView(await loadCycle(cx(), param(req, 'periodId'))));
  });
  on('cycleCounts', async (req, res) => {
    res.json({ counts: pendingCounts(await loadCycle(cx(), param(req, 'periodId'))) });
  });
  on('reminder', async (req, res) => {
    const units = queryString(req, 'units')?.split(',').filter(Boolean);
    res.json(reminderFor(cx(), await loadCycle(cx(), param(req, 'periodId')), units));
  });

  on('extensions', async (req, res) => {
    res.json({ extensions: await listExtensions(cx(), param(req, 'periodId'), actorOf(req)) });
  });
  on('requestExtension', async (req, res) => {
    res.json(await requestExtension(cx(), param(req, 'periodId'), actorOf(req), parseBody(ExtensionRequestBody, req)));
  });
  on('decideExtension', async (req, res) => {
    const a = actorOf(req);
    res.json(await decideExtension(cx(), param(req, 'extensionId'), a, parseBody(ExtensionDecisionBody, req)));
  });

  on('closures', async (req, res) => {
    actorOf(req);
    res.json(await closuresOf(cx(), param(req, 'periodId')));
  });
  on('closeMeasure', async (req, res) => {
    res.json(await closeMeasure(cx(), param(req, 'periodId'), actorOf(req), parseBody(ClosureBody, req)));
  });
  on('reopenMeasure', async (req, res) => {
    await reopenMeasure(cx(), param(req, 'periodId'), actorOf(req), parseBody(ClosureBody, req));
    res.json({ ok: true });
  });

  on('evidence', async (req, res) => {
    const f = { measureKey: queryString(req, 'measure'), unitId: queryString(req, 'unit') };
    res.json({ evidence: await listEvidence(cx(), param(req, 'periodId'), actorOf(req), f) });
  });
  on('uploadEvidence', async (req, res) => {
    const a = actorOf(req);
    const measureKey = queryString(req, 'measure');
    const unitId = queryString(req, 'unit') ?? a.unitId ?? undefined;
    if (!measureKey || !unitId) throw new AppError('INVALID_REQUEST', 400, '请指定 measure 与 unit');
    const [file] = await receiveFiles(req);
    if (!file) throw new AppError('NO_FILES', 400);
    res.json(await uploadEvidence(cx(), param(req, 'periodId'), a, { measureKey, unitId, fileName: file.name, bytes: file.bytes }));
  });
  on('downloadEvidence', async (req, res) => {
    const { row, bytes } = await readEvidence(cx(), param(req, 'evidenceId'), actorOf(req));
    res.setHeader('Content-Type', EVIDENCE_MIME[row.kind]);
    res.setHeader('Content-Disposition', attachment(row.name));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.end(Buffer.from(bytes));
  });
  on('removeEvidence', async (req, res) => {
    res.json(await removeEvidence(cx(), param(req, 'evidenceId'), actorOf(req)));
  });
  on('evidenceZip', async (req, res) => {
    const c = cx();
    const periodId = param(req, 'periodId');
    const period = await c.store.periods.get(periodId);
    if (!period) throw new AppError('UNKNOWN_PERIOD', 404);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', attachment(listFileName('佐证材料', period.name, officeDate(c.now(), c.config.timeZone), 'zip')));
    await writeEvidenceZip(c, periodId, res);
  });

  on('compare', async (req, res) => {
    res.json(await compareWithPrevious(cx(), param(req, 'periodId'), actorOf(req), queryString(req, 'unit')));
  });
}
