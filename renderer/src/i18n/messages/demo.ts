/** Strings of the demo desk's reset: back to its generated week. */
export const demoZh = {
  'demo.reset.open': '重置演示数据',
  'demo.reset.title': '把演示台恢复到生成的一周',
  'demo.reset.what':
    '下次启动时，演示台的记录库和历史数据会被丢弃，并重新生成同样的一周；此后在演示台上做的一切都会消失。此操作会记入记录库。',
  'demo.reset.confirmLabel': '输入 “{phrase}” 以确认',
  'demo.reset.confirmWrong': '请准确输入 “{phrase}”',
  'demo.reset.reason': '原因',
  'demo.reset.reasonHint': '例如：新学员培训前恢复演示数据',
  'demo.reset.send': '申请重置',
  'demo.reset.requested': '已记录重置申请：重新启动 DutyDesk 后演示台恢复到生成的一周。',
  'demo.reset.noPermission': '只有值班长或管理员可以重置演示数据。',
} as const;

export const demoEn: Record<keyof typeof demoZh, string> = {
  'demo.reset.open': 'Reset the demo',
  'demo.reset.title': 'Back to the generated week',
  'demo.reset.what':
    'At the next start the demo desk drops its journal and history and writes the same week again: everything done on the demo since is gone. The request is journalled.',
  'demo.reset.confirmLabel': 'Type “{phrase}” to confirm',
  'demo.reset.confirmWrong': 'Type “{phrase}” exactly',
  'demo.reset.reason': 'Reason',
  'demo.reset.reasonHint': 'e.g. a clean demo for the new trainees',
  'demo.reset.send': 'Request the reset',
  'demo.reset.requested': 'Reset requested: restart DutyDesk and the demo is back to its generated week.',
  'demo.reset.noPermission': 'Only a shift lead or an admin can reset the demo.',
};
