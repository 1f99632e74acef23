// The print view of the reference plan's tasks 1 and 4 (eight measures, a page or two), as the
// service serves it (linking the bundled fonts).
import { FONT_STYLESHEET_LINK } from '../../server/fonts/bundled-fonts';
import { loadReferencePlan } from '../../server/readers/reference-plan';
import { consolidate } from '../../shared/model/consolidate';
import { buildConsolidatedSheet } from '../../shared/layout/consolidated-sheet';
import { renderLayoutHtml } from '../../shared/layout/render-html';
import { PERIOD } from '../../shared/layout/test-fixtures';

export function consolidatedPrintHtml(): string {
  const plan = loadReferencePlan();
  const layout = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures: consolidate(plan, PERIOD, [], {}, plan.units), filter: { taskNos: ['1', '4'] } });
  return renderLayoutHtml(layout, { extraHead: FONT_STYLESHEET_LINK });
}
