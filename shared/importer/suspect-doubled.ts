// Finds doubled characters that PDF extraction leaves behind (`全国国家政服务业`, `行政行为为实行`).
// No rule can mend these safely, so they are only reported. Rule: two identical adjacent Chinese
// characters, unless they form a real reduplication (常常, 人人, 层层 …) or an administrative
// suffix followed by a word that starts with the same character (临沂市市场监管局, 各县县级).

const REDUPLICABLE = new Set(
  Array.from(
    '常渐天年月日人处层步事时个家户久刚仅稍往纷恰默轻慢好明偏统种样条件项节实踏扎认真清楚方面点滴' +
      '代世岁一多大高深紧牢稳快早匆井头是生息欣熙攘勤恳兢业堂正源滚丝声谢星看想试说等略寥茫片座张' +
      '句字笔桩串排双对块' +
      '省市县区乡镇村', // 省省会, 市市场, 县县级, 区区委 …
  ),
);

export interface SuspectDoubled {
  /** The doubled character pair, e.g. 国国. */
  pair: string;
  /** Up to 6 characters either side, for a person to find the place. */
  context: string;
  index: number;
}

export function findSuspectDoubled(text: string): SuspectDoubled[] {
  const found: SuspectDoubled[] = [];
  for (const m of text.matchAll(/(\p{Script=Han})\1/gu)) {
    if (REDUPLICABLE.has(m[1])) continue;
    const at = m.index ?? 0;
    found.push({ pair: m[0], context: text.slice(Math.max(0, at - 6), at + 8), index: at });
  }
  return found;
}
