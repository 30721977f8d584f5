/**
 * How a training desk marks what it prints (issue 18): a handover or a
 * report printed during a drill is of a simulated fleet worked by trainees,
 * and must never pass for the plant's record.
 */
export const drillWordsZh = {
  'drill.print.band': '演练 DRILL · {title} · 训练记录，非真实运行',
} as const;

export const drillWordsEn: Record<keyof typeof drillWordsZh, string> = {
  'drill.print.band': 'DRILL 演练 · {title} · training record, not live operation',
};
