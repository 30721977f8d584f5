/**
 * How the demo desk marks what it shows and prints: its fleet is simulated
 * and its first week generated, and no screen, report or PDF of it may pass
 * for a real operation's record.
 */
export const demoWordsZh = {
  'demo.band': '演示数据 · 模拟车队与生成的一周记录，非真实运营数据',
} as const;

export const demoWordsEn: Record<keyof typeof demoWordsZh, string> = {
  'demo.band': 'DEMO DATA · a simulated fleet and a generated week, not a real operation’s record',
};
