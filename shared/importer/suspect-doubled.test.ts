import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findSuspectDoubled } from './suspect-doubled';

describe('findSuspectDoubled', () => {
  it('flags the extraction damage in the reference document', () => {
    expect(findSuspectDoubled('支持临沂、济宁两市申报全国国家政服务业“领跑者”试点').map((s) => s.pair)).toEqual(['国国']);
    expect(findSuspectDoubled('不违背法律法规的行政行为为实行尽职免责').map((s) => s.pair)).toEqual(['为为']);
    expect(findSuspectDoubled('已完成的的工作').map((s) => s.pair)).toEqual(['的的']);
  });

  it('leaves real reduplications and administrative suffixes alone', () => {
    for (const ok of ['常常', '层层落实', '人人参与', '方方面面', '扎扎实实', '一一对应', '临沂市市场监管局', '各县县级医院', '步步推进', '年年增长']) {
      expect(findSuspectDoubled(ok), ok).toEqual([]);
    }
  });

  it('gives context for a person to find the place', () => {
    const [s] = findSuspectDoubled('对执行联席会议决定的、不违背法律法规的行政行为为实行尽职免责。');
    expect(s.context).toContain('行政行为为实行');
  });

  it('raises no other alarm on the reference document', () => {
    const text = readFileSync(new URL('../data/lunan-task-division-table.txt', import.meta.url), 'utf8');
    expect(findSuspectDoubled(text).map((s) => s.pair)).toEqual(['国国', '为为']);
  });
});
