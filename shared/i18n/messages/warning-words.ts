/**
 * The early warnings' words the screen and the monthly report share: the
 * detectors' names and the counts of a month's warnings (issue 19).
 */
export const warningWordsZh = {
  'warn.detector.connector-thermal': '枪头过热趋势',
  'warn.detector.insulation-decline': '绝缘下降',
  'warn.detector.pv-performance': '光伏发电不足',
  'warn.detector.silent-equipment': '设备静默',
  'warn.detector.charging-quality': '充电质量下降',
  'warn.detector.comms-quality': '通信质量下降',
  'warn.detector.energy-mismatch': '电量不符',
  'reports.warnings.title': '预警（设备劣化）',
  'reports.warnings.detector': '检测项',
  'reports.warnings.raised': '发出',
  'reports.warnings.actedOn': '已开工单',
  'reports.warnings.confirmed': '后续故障证实',
  'reports.warnings.dismissed': '驳回',
  'reports.warnings.none': '本月未发出预警',
  'reports.warnings.source':
    '值守日志：本月发出预警的事件；已开工单 = 由预警开出预防性工单的事件，驳回 = 驳回预警的事件（不论何时处理）；证实 = 预警后 {days} 天内同一设备或网关产生的告警',
} as const;

export const warningWordsEn: Record<keyof typeof warningWordsZh, string> = {
  'warn.detector.connector-thermal': 'Connector overheating',
  'warn.detector.insulation-decline': 'Insulation decline',
  'warn.detector.pv-performance': 'PV underperformance',
  'warn.detector.silent-equipment': 'Silent equipment',
  'warn.detector.charging-quality': 'Charging quality',
  'warn.detector.comms-quality': 'Comms quality',
  'warn.detector.energy-mismatch': 'Energy mismatch',
  'reports.warnings.title': 'Early warnings (equipment wearing out)',
  'reports.warnings.detector': 'Detector',
  'reports.warnings.raised': 'Raised',
  'reports.warnings.actedOn': 'Acted on',
  'reports.warnings.confirmed': 'Confirmed by a later fault',
  'reports.warnings.dismissed': 'Dismissed',
  'reports.warnings.none': 'No early warning was raised this month',
  'reports.warnings.source':
    'Warnings raised in the month (journal warning.raised); acted on = warning.acted, dismissed = warning.dismissed, whenever done; confirmed = an alarm (alarm.raised) at the same device or gateway within {days} days of the warning',
};
