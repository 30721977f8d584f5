/** The DRILL band and the training desk (issue 18). */
export const trainingZh = {
  'drill.band': '演练 DRILL',
  'drill.scale': '时间 ×{scale}',
  'drill.trainees': '学员：{names}',
  'drill.lead': '带班：{name}',
  'drill.isolated': '模拟车队 · 通知不外发 · 不写入正式日志',
};

export const trainingEn: Record<keyof typeof trainingZh, string> = {
  'drill.band': 'DRILL 演练',
  'drill.scale': 'time ×{scale}',
  'drill.trainees': 'trainees: {names}',
  'drill.lead': 'lead: {name}',
  'drill.isolated': 'simulated fleet · no notification leaves · not in the real journal',
};
