import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, isCleanText, textProblem } from './integrity';

describe('text integrity', () => {
  it('accepts ordinary Chinese text, tab, line breaks and surrogate pairs', () => {
    for (const t of ['', '已完成。\n下一步：验收\t（预计）\r\n', '𠀀𪚥 emoji 😀', '\u2028段落\u3000全角空格']) {
      expect(textProblem(t), t).toBeNull();
      expect(cleanText(t)).toBe(t);
    }
  });

  it('finds control characters, lone surrogates and XML-illegal noncharacters', () => {
    expect(textProblem('ab\u0000c')).toEqual({ index: 2, char: 'U+0000' });
    expect(textProblem('x\u001b[31m')).toEqual({ index: 1, char: 'U+001B' });
    expect(textProblem('\u007f')?.char).toBe('U+007F');
    expect(textProblem('\u0085')?.char).toBe('U+0085');
    expect(textProblem('a\ud800b')).toEqual({ index: 1, char: 'U+D800' });
    expect(textProblem('a\udc00')).toEqual({ index: 1, char: 'U+DC00' });
    expect(textProblem('\ud83d')).not.toBeNull(); // half of an emoji at the end
    expect(textProblem('\uffff')?.char).toBe('U+FFFF');
  });

  it('cleans: drops controls, keeps line-like ones as line breaks, marks lone surrogates', () => {
    expect(cleanText('进展\u0000情况\u0007')).toBe('进展情况');
    expect(cleanText('第一行\u000b第二行\u000c第三行')).toBe('第一行\n第二行\n第三行');
    expect(cleanText('a\ud800b\udc00c😀')).toBe('a\ufffdb\ufffdc😀');
  });

  it('cleaning always gives clean text that survives UTF-8 unchanged, and leaves clean text alone', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 60 }), (s) => {
        const c = cleanText(s);
        expect(isCleanText(c)).toBe(true);
        expect(Buffer.from(c, 'utf8').toString('utf8')).toBe(c);
        expect(cleanText(c)).toBe(c);
        if (isCleanText(s)) expect(c).toBe(s);
      }),
    );
  });
});
