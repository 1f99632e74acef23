import { describe, expect, it } from 'vitest';
import { htmlToGrid } from './html-grid';

describe('htmlToGrid', () => {
  it('lays out rowspan and colspan as merged marks, with paragraphs per cell', () => {
    const html =
      '<p>标题</p><table><tr><td colspan="2"><p>A</p></td><td>B</td></tr>' +
      '<tr><td rowspan="2"><p>x</p><p>y</p></td><td>1</td><td>2</td></tr>' +
      '<tr><td>3</td><td>4&amp;5</td></tr></table>';
    const g = htmlToGrid(html);
    expect(g.rows).toEqual([
      [{ paras: ['标题'] }],
      [{ paras: ['A'] }, { paras: [], merged: 'left' }, { paras: ['B'] }],
      [{ paras: ['x', 'y'] }, { paras: ['1'] }, { paras: ['2'] }],
      [{ paras: [], merged: 'up' }, { paras: ['3'] }, { paras: ['4&5'] }],
    ]);
  });

  it('keeps nested tables inside their cell and ignores text between tables', () => {
    const g = htmlToGrid('<table><tr><td><table><tr><td>inner</td></tr></table></td></tr></table><p>页脚</p><table><tr><td>next</td></tr></table>');
    expect(g.rows).toEqual([[{ paras: ['inner'] }], [{ paras: ['next'] }]]);
  });
});
