import { describe, expect, it } from 'vitest';
import { STATUSES } from '../model/fields';
import { normalizeStatus, readStatus, statusKind, STATUS_SYNONYMS } from './status-words';

describe('status words', () => {
  it('reads the synonyms units type as the four statuses', () => {
    const cases: [string, string][] = [
      ['正常推进', '推进中'],
      ['按计划推进', '推进中'],
      ['进行中', '推进中'],
      ['完成', '已完成'],
      ['已办结', '已完成'],
      ['未开展', '未启动'],
      ['尚未启动', '未启动'],
      ['进度滞后', '滞后'],
      ['推进缓慢', '滞后'],
      ['已延期', '滞后'],
    ];
    for (const [word, status] of cases) expect(normalizeStatus(word), word).toBe(status);
  });

  it('every status is in the table as itself, and every synonym names a status', () => {
    for (const s of STATUSES) expect(STATUS_SYNONYMS[s]).toBe(s);
    for (const v of Object.values(STATUS_SYNONYMS)) expect(STATUSES).toContain(v);
  });

  it('ignores spaces, trailing punctuation, brackets and a 状态： prefix', () => {
    expect(normalizeStatus(' 已 完成。')).toBe('已完成');
    expect(normalizeStatus('（推进中）')).toBe('推进中');
    expect(normalizeStatus('状态：滞后')).toBe('滞后');
    expect(normalizeStatus('推进中\n')).toBe('推进中');
  });

  it('an unknown word is not guessed: the reason names the word and the allowed values', () => {
    const r = readStatus('基本完成');
    expect(r.status).toBeNull();
    expect(r.status === null && r.reason).toMatch(/“基本完成”.*未启动、推进中、已完成、滞后/);
    expect(normalizeStatus('未完成')).toBeNull(); // not done: in progress, not started or late? a person says
    expect(normalizeStatus('已完成方案编制，正在组织实施')).toBeNull(); // narrative is not a status
  });

  it('under a 是否完成 header, 是 is 已完成 and 否 is reported (it is not a status)', () => {
    expect(normalizeStatus('是', '是否完成')).toBe('已完成');
    expect(normalizeStatus('√', '是否已完成')).toBe('已完成');
    expect(normalizeStatus('是', '进展情况')).toBeNull();
    const no = readStatus('否', '是否完成');
    expect(no.status === null && no.reason).toMatch(/尚未完成/);
    expect(statusKind('否', '是否完成')).toBe('word');
    expect(statusKind('否', '完成情况')).toBeNull();
  });

  it('tells a typed status the table does not know (完成了一半) from narrative', () => {
    expect(statusKind('完成了一半')).toBe('like');
    expect(statusKind('基本完成')).toBe('like');
    expect(statusKind('已办结')).toBe('word');
    expect(statusKind('已完成方案编制，正在组织实施')).toBeNull();
    expect(statusKind('资金不足')).toBeNull();
  });
});
