/** Strings of the alarm rules in the configuration editor (config `alarmRules`). */
export const alarmRulesZh = {
  'config.alarmRules': '告警规则',
  'config.shelveMax': '最长搁置时间 (h)',
  'config.shelveMaxDefault': '8（默认）',
  'config.shelveMaxHint': '留空为 8 h（一个班次）；0.25–24 h',
  'config.triageOverrides': '本地分级规则（按站点或片区，优先于内置规则）',
  'config.rule.scope': '适用于',
  'config.rule.scope.station': '站点',
  'config.rule.scope.group': '片区',
  'config.rule.target': '站点 / 片区',
  'config.rule.cause': '原因代码',
  'config.rule.kinds': '设备类型',
  'config.rule.class': '缺陷等级',
  'config.rule.tier': '响应级别',
  'config.rule.priority': '优先级',
  'config.rule.why': '理由',
  'config.rule.byDefault': '（按等级）',
  'config.rule.add': '+ 添加规则',
  'config.rule.kindsHint':
    '原因代码可用 * 通配（如 gun*.faulted）；设备类型以逗号分隔，留空为全部：{kinds}。站点规则先于片区规则，片区规则先于内置规则；已产生的告警保持原分级。',
} as const;

export const alarmRulesEn: Record<keyof typeof alarmRulesZh, string> = {
  'config.alarmRules': 'Alarm rules',
  'config.shelveMax': 'Longest shelf (h)',
  'config.shelveMaxDefault': '8 (default)',
  'config.shelveMaxHint': 'empty: 8 h (one shift); 0.25–24 h',
  'config.triageOverrides': 'Site triage rows (per station or group, ahead of the shipped table)',
  'config.rule.scope': 'Applies to',
  'config.rule.scope.station': 'Station',
  'config.rule.scope.group': 'Group',
  'config.rule.target': 'Station / group',
  'config.rule.cause': 'Cause',
  'config.rule.kinds': 'Device kinds',
  'config.rule.class': 'Defect class',
  'config.rule.tier': 'Tier',
  'config.rule.priority': 'Priority',
  'config.rule.why': 'Why',
  'config.rule.byDefault': '(by class)',
  'config.rule.add': '+ Add rule',
  'config.rule.kindsHint':
    'A cause may use * (e.g. gun*.faulted); device kinds comma-separated, empty for all: {kinds}. Station rows come before group rows, group rows before the shipped table; alarms already raised keep their triage.',
};
