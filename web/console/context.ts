// What every console page gets: the client, who is signed in, the periods and the chosen one.
import type { z } from 'zod';
import type { ApiClient } from '../common/api';
import type { Me, PlanSummary } from '../../shared/api/contract';
import type { Period } from '../../shared/model/progress';
import type { Unit } from '../../shared/model/plan';
import type { PendingCountsSchema } from '../../shared/api/cycle';

/** Pending office work (the cycle view's counts): shown in the overview and as the side menu's badges. */
export type PendingCounts = z.infer<typeof PendingCountsSchema>;

export interface Ctx {
  api: ApiClient;
  me: Me;
  periods: Period[];
  plans: z.infer<typeof PlanSummary>[];
  /** The period the pages show (chosen in the header). */
  period: Period | null;
  units: Map<string, Unit>;
  /** Reload periods / units after a page changed them, then redraw. */
  refresh(): Promise<void>;
  unitName(id: string): string;
  /** Something pending changed (a conflict resolved …): redraw the side menu's badges, from `counts` if the page has them. */
  pendingChanged(counts?: PendingCounts): void;
}

export type Page = (ctx: Ctx, main: HTMLElement) => Promise<void>;
