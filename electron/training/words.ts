/** The words of a drill report, on paper and in a spreadsheet. */
export type Lang = 'zh-CN' | 'en';

export const WORDS = {
  'zh-CN': {
    band: '演练 DRILL — 训练记录，非真实运行',
    title: '演练报告',
    lead: '带班',
    trainees: '学员',
    scale: '时间倍速',
    period: '演练时间',
    briefing: '情景简介',
    scores: '评分',
    timeline: '时间线',
    remarks: '考评意见',
    none: '无',
    full: '满分',
    item: { ack: '确认报警', tier: '响应等级', dispatch: '派单', outage: '停运申请', handover: '交接班记录' },
    page: (p: number, n: number, hash: string) => `第 ${p} / ${n} 页 · 报告哈希 ${hash.slice(0, 16)}…`,
  },
  en: {
    band: 'DRILL 演练 — training record, not live operation',
    title: 'Drill report',
    lead: 'Lead',
    trainees: 'Trainees',
    scale: 'Time scale',
    period: 'Drill time',
    briefing: 'Briefing',
    scores: 'Scores',
    timeline: 'Timeline',
    remarks: "Assessor's remarks",
    none: 'none',
    full: 'full marks',
    item: {
      ack: 'Acknowledge',
      tier: 'Response tier',
      dispatch: 'Dispatch',
      outage: 'Outage application',
      handover: 'Handover note',
    },
    page: (p: number, n: number, hash: string) => `page ${p} / ${n} · report hash ${hash.slice(0, 16)}…`,
  },
} as const;

/** The drill times print in the fleet's zone, as the drill desk showed them. */
export const ZONE = 'Asia/Shanghai';

export const COLUMNS = {
  'zh-CN': {
    trainee: '学员',
    item: '项目',
    points: '得分',
    max: '满分',
    after: '用时（分钟）',
    by: '操作人',
    why: '扣分说明',
    type: '事件',
    subject: '对象',
    total: '总分',
  },
  en: {
    trainee: 'Trainee',
    item: 'Item',
    points: 'Points',
    max: 'Max',
    after: 'After (min)',
    by: 'By',
    why: 'Deduction',
    type: 'Event',
    subject: 'Subject',
    total: 'Total',
  },
} as const;
