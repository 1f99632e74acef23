// Part of the strict fake Excel (see host.ts for what it enforces and why).
import { FakeExcelError, strict } from './client-object';
import type { FakeExcelHost } from './host';
import { Workbook } from './workbook';


const encoder = new TextEncoder();

interface Op {
  desc: unknown;
  run: () => void;
}

export class RequestContext {
  readonly _queue: Op[] = [];
  readonly workbook: Workbook;
  constructor(readonly _host: FakeExcelHost) {
    this.workbook = strict(new Workbook(this), 'Workbook');
  }

  private _response = 0;

  _enqueue(desc: unknown, run: () => void): void {
    this._queue.push({ desc, run });
  }

  /** Count what a load sends back; Excel on the web refuses a response over 5 MB too. */
  _respond(values: unknown): void {
    this._response += encoder.encode(JSON.stringify(values)).length;
    if (this._host.payloadLimit !== null && this._response > this._host.payloadLimit) {
      throw new FakeExcelError('ResponsePayloadSizeLimitExceeded', `response of ${this._response} bytes exceeds ${this._host.payloadLimit}`);
    }
  }

  async sync(): Promise<void> {
    // While a cell is being edited, Excel refuses every request, running none of it ("The operation
    // isn't available while Excel is in Edit cell mode" — Microsoft, Excel JavaScript API error codes).
    if (this._host.editing) {
      this._queue.length = 0;
      throw new FakeExcelError('InvalidOperationInCellEditMode', 'The operation is not available while Excel is in Edit cell mode. Exit Edit mode by pressing Enter or Tab, and then try again.');
    }
    const ops = this._queue.splice(0);
    const bytes = encoder.encode(JSON.stringify(ops.map((o) => o.desc))).length;
    if (this._host.payloadLimit !== null && bytes > this._host.payloadLimit) {
      this._host.payloads.push(bytes);
      throw new FakeExcelError('RequestPayloadSizeLimitExceeded', `request of ${bytes} bytes exceeds ${this._host.payloadLimit}`);
    }
    this._host.payloads.push(bytes);
    // Like Excel: commands run in order; the first failure rejects the sync, earlier ones stay done.
    this._response = 0;
    for (const op of ops) op.run();
    this._host.responses.push(this._response);
  }
}
