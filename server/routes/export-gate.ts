// Exports (consolidated .xlsx/.docx, print view, PDF, templates) are gathered on the event loop and
// rendered in the export worker (server/workbooks/export-pool.ts), seconds for the largest plan
// (`npm run bench -- trust`): at most EXPORTS_AT_ONCE run at a time and MAX_WAITING_EXPORTS wait;
// one more is answered 503 EXPORT_BUSY at once, so exports never pile up into a queue without end
// nor hold memory for more than a few at once (docs/rules.md "Bounds").
import type { RequestHandler } from 'express';
import { AppError } from '../../shared/messages';

export const EXPORTS_AT_ONCE = 1;
export const MAX_WAITING_EXPORTS = 4;

/** A counting gate: `enter` resolves when a slot is free (or refuses when too many wait); `leave` frees it. */
export class Gate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(readonly atOnce: number, readonly maxWaiting: number) {}

  enter(): Promise<void> {
    if (this.running < this.atOnce) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxWaiting) return Promise.reject(new AppError('EXPORT_BUSY', 503));
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  leave(): void {
    const next = this.waiting.shift();
    if (next) next(); // the slot passes on
    else this.running--;
  }
}

/** Middleware: the request holds a slot until its response is done (or the client went away). */
export function exportGate(gate = new Gate(EXPORTS_AT_ONCE, MAX_WAITING_EXPORTS)): RequestHandler {
  return (req, res, next) => {
    gate.enter().then(() => {
      let left = false;
      const leave = () => {
        if (!left) (left = true), gate.leave();
      };
      res.once('finish', leave);
      res.once('close', leave);
      next();
    }, next);
  };
}
