// TEMPORARY (until the services move to the async store, issue 10): the cycle's routes reach the
// async store through a second connection on the service's SQLite file. After that move the
// AppContext itself is the CycleCtx and this file goes.
import type { AppContext } from '../../context';
import { SqliteStore } from '../../store/sqlite';
import type { CycleCtx } from './context';

const opened = new WeakMap<AppContext, CycleCtx>();

export function cycleCtxOf(ctx: AppContext): CycleCtx {
  let c = opened.get(ctx);
  if (!c) {
    const store = new SqliteStore(ctx.store.path);
    const close = ctx.store.close.bind(ctx.store);
    ctx.store.close = () => {
      void store.close();
      close();
    };
    c = { store, now: ctx.now, config: ctx.config };
    opened.set(ctx, c);
  }
  return c;
}
