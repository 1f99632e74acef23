// A picture of a fake Excel sheet for people to look at: the grid as an HTML table (merges, column
// widths, row heights, fonts, fills, borders, hidden columns, locked vs unlocked cells), screenshot
// by the browser tests into artifacts/addin/.
import type { SheetState } from '../fakes/grid';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function sheetPreviewHtml(s: SheetState, maxRows = 40): string {
  const used = s.usedRange(false);
  if (!used) return '<p>(empty)</p>';
  const bottom = Math.min(used.bottom, used.top + maxRows - 1);
  const cols = Array.from({ length: used.right + 1 }, (_, c) => c).filter((c) => !s.hiddenCols.has(c));
  const covered = new Set<string>();
  let html = `<style>table{border-collapse:collapse;table-layout:fixed}td{overflow:hidden;padding:1px 3px;vertical-align:top;font-size:11pt}
  .u{background:#fffbe6}</style><p style="font:12px sans-serif">sheet “${esc(s.name)}” · protected=${s.protected} · frozen rows=${s.frozenRows} · hidden cols=${[...s.hiddenCols].join(',')} · print: ${s.pageLayout.paperSize} ${s.pageLayout.orientation}, titles ${s.pageLayout.printTitleRows}, footer “${esc(s.pageLayout.centerFooter)}” · yellow = unlocked</p><table><colgroup>`;
  for (const c of cols) html += `<col style="width:${((s.colWidths.get(c) ?? 48) * 4) / 3}px">`;
  html += '</colgroup>';
  for (let r = 0; r <= bottom; r++) {
    html += `<tr style="height:${((s.rowHeights.get(r) ?? 15) * 4) / 3}px">`;
    for (const c of cols) {
      if (covered.has(`${r},${c}`)) continue;
      const m = s.merges.find((x) => x.top === r && x.left === c);
      let span = '';
      if (m) {
        for (let i = m.top; i <= m.bottom; i++) for (let j = m.left; j <= m.right; j++) if (i !== r || j !== c) covered.add(`${i},${j}`);
        const colspan = cols.filter((j) => j >= m.left && j <= m.right).length;
        span = ` rowspan="${m.bottom - m.top + 1}" colspan="${colspan}"`;
      }
      const cell = s.cell(r, c);
      const f = cell.format;
      const border = Object.keys(f.borders).length ? 'border:1px solid #000;' : '';
      const style = `${border}font-family:'${f.fontName}',serif;font-size:${f.fontSize}pt;font-weight:${f.fontBold ? 700 : 400};text-align:${f.hAlign === 'Center' ? 'center' : 'left'};vertical-align:${f.vAlign === 'Center' ? 'middle' : 'top'};white-space:${f.wrap ? 'pre-wrap' : 'nowrap'};${f.fill ? `background:${f.fill};` : ''}`;
      const cls = !cell.locked ? ' class="u"' : '';
      html += `<td${span}${cls} style="${style}">${esc(String(s.valueAt(r, c)))}${cell.validation ? ' ▾' : ''}</td>`;
    }
    html += '</tr>';
  }
  return `${html}</table>`;
}
