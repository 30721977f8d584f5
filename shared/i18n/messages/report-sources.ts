/**
 * Where each report figure comes from, and the basis of each target. The
 * report functions in shared/report write the English text into the report
 * (it is the engine's own account of its figures); a record in another
 * language shows the same entry of this catalogue in its language.
 */
export const reportSourcesZh = {
  'reports.source.sessions': '值守日志：充电会话事件（充电枪离开充电状态时记录一次会话），计入会话结束的月份',
  'reports.source.reconstructed':
    '值守日志：值守台停机期间结束的充电会话，启动时按电表累计电量补记（每条补记至少代表一次会话，电量为电表差值，起止为停机空档）',
  'reports.source.energyMeter': '充电桩电表：月末与月初累计电量读数之差，取自遥测历史',
  'reports.source.energySessions': '值守台记录的各次会话电量之和（电表累计无历史时采用）',
  'reports.source.sessionEnergy': '值守日志：充电会话的本次电量（每次会话结束时的本次电量读数）',
  'reports.source.faults':
    '值守日志：设备故障代码的告警产生 / 恢复（不含通信中断）；同一设备重叠的故障告警计为一次故障',
  'reports.source.deviceWorkOrders': '值守日志：针对该设备新建的工单（故障报修记录）',
  'reports.source.availability': '可用率报表：充电枪未故障且通信正常的时间，已批准的停运与免考核不计入',
  'reports.source.generation': '光伏逆变器：月末与月初累计发电量读数之差，取自遥测历史',
  'reports.source.pvStatus': '值守日志：月内逆变器的故障与通信告警——有则异常，无则正常',
  'reports.source.journalEvents': '值守日志：月内记录的全部事件',
  'reports.source.annunciated': '值守日志：进入“未确认”状态的告警事件',
  'reports.source.workOrderCreated': '值守日志：新建工单事件',
  'reports.source.workOrderAccepted': '值守日志：工单验收事件',
  'reports.source.applicationFiled': '值守日志：提交申请事件',
  'reports.source.incidents': '值守日志：月内开始的告警事件（产生时即被抑制或处于停运中的告警不计）',
  'reports.source.clocks':
    '告警产生时站点所在区域适用的 SLA 预设（值守日志：配置版本事件）的各项时限，按事件时间线计算：告警产生 / 恢复、工单派发、到场签到、处置完成、停运申请',
  'reports.source.response': '值守日志：告警产生后的首次确认',
  'reports.source.dispatch': '值守日志：该事件所属工单的派单',
  'reports.source.arrival': '值守日志：工单到场签到时间',
  'reports.source.fix': '值守日志：告警恢复（且保持正常）或工单处置完成，以先到者为准',
  'reports.source.workOrders': '值守日志：月内新建工单的全部工单事件',
  'reports.source.applications': '值守日志：月内提交或生效的停运、复投、退运与免考核申请',
  'reports.source.availabilityRule':
    '值守日志：告警产生 / 恢复的条件（设备故障代码、充电枪故障、设备、网关与整站通信中断）；已批准的停运、退运与免考核期间不计入',
  'reports.source.annunciations':
    '值守日志：进入“未确认”状态的告警事件（即值班员听到和看到的；被抑制、搁置和停用的告警不计）；告警率按有记录的时段计算，至少 1 小时',
  'reports.source.activations': '值守日志：告警产生（条件每次成立，无论是否显示）',
  'reports.source.states': '值守日志：每个告警事件之后的告警状态',
  'reports.source.priority': '值守日志：开启每次告警事件的告警产生中的优先级',
  'reports.source.acked': '值守日志：告警确认事件',
  'reports.source.shelved': '值守日志：告警搁置事件',
  'reports.source.cleared': '值守日志：告警恢复事件',
  'reports.source.slaBreaches': '值守日志：告警与工单的 SLA 超时事件',
  'reports.source.workOrderDispatched': '值守日志：工单派单事件',
  'reports.source.workOrderResolved': '值守日志：工单处置完成事件',
  'reports.source.applicationsDecided': '值守日志：申请批准与驳回事件',
  'reports.source.sessionEvents': '值守日志：充电会话事件',
  'reports.source.sessionEnergyEvents': '值守日志：充电会话事件中的本次电量',
  'reports.source.remoteControls': '值守日志：远程控制请求事件',
  'reports.source.configChanges': '值守日志：配置变更事件',
  'reports.basis.perHour': 'EEMUA 191 / ISA-18.2：每小时约 6 条告警为可接受，不超过 12 条为可应付',
  'reports.basis.per10Min': 'ISA-18.2：每 10 分钟约 1 条告警为可接受，不超过 2 条为可应付',
  'reports.basis.peak10Min': 'ISA-18.2：10 分钟内超过 10 条告警即为告警泛滥',
  'reports.basis.floodShare': 'ISA-18.2：处于泛滥状态的时间少于 1 %',
  'reports.basis.top10Share': 'ISA-18.2：最频繁的 10 个告警至多约占告警量的 1–5 %',
  'reports.basis.chattering': 'ISA-18.2：不应有抖动或瞬时告警',
  'reports.basis.stale': 'ISA-18.2：陈旧告警（持续 24 小时以上）少于 5 个',
  'reports.basis.standing': 'EEMUA 191：长期存在的告警少于 10 个',
  'reports.basis.high': 'ISA-18.2：高优先级约占 5 %（紧急计入高）',
  'reports.basis.medium': 'ISA-18.2：中优先级约占 15 %',
  'reports.basis.low': 'ISA-18.2：低优先级约占 80 %',
  'reports.basis.timeliness': '预设中的每项服务承诺均按时完成（依据 000、001）',
} as const;

export const reportSourcesEn: Record<keyof typeof reportSourcesZh, string> = {
  'reports.source.sessions':
    'journal: charging.session events (the desk records a session when a gun leaves charging), counted in the month they end',
  'reports.source.reconstructed':
    'journal: charging.session with reconstructed: true — sessions that ended while the desk was stopped, found at start from the lifetime energy counter (each stands for at least one session; its energy is the counter difference, its start and end the bounds of the gap)',
  'reports.source.energyMeter':
    "charger meter: lifetime energy counter (totalEnergy) at the month's end minus at its start, from telemetry history",
  'reports.source.energySessions':
    'sum of the session energies the desk recorded (used where the meter counter has no history)',
  'reports.source.sessionEnergy':
    'journal: charging.session energyKwh (session energy register at the end of each session)',
  'reports.source.faults':
    "journal: alarm.raised / alarm.cleared of the device's fault codes (comms loss excluded); overlapping fault alarms of one device count as one fault",
  'reports.source.deviceWorkOrders': 'journal: workorder.created for the device (故障报修记录)',
  'reports.source.availability':
    'availability report: gun-time not faulted or without comms, approved outages and exemptions excluded',
  'reports.source.generation':
    'PV inverter: lifetime energy counter (energyTotal, Wh) difference over the month, from telemetry history',
  'reports.source.pvStatus':
    'journal: inverter fault and comms alarms during the month — abnormal if any, normal otherwise',
  'reports.source.journalEvents': 'journal: events recorded with a time in the month',
  'reports.source.annunciated': 'journal: alarm events entering active-unacknowledged',
  'reports.source.workOrderCreated': 'journal: workorder.created',
  'reports.source.workOrderAccepted': 'journal: workorder.accepted',
  'reports.source.applicationFiled': 'journal: application.filed',
  'reports.source.incidents':
    'journal: alarm.raised starting an incident in the month (alarms hidden at raise by suppression or an outage excluded)',
  'reports.source.clocks':
    'SLA clocks of the preset in force for the station group when the alarm was raised (journal: config.revision; shared/triage/sla.ts) over the incident timeline: alarm raised / cleared, work-order dispatch, check-in, resolution, outage application',
  'reports.source.response': 'journal: first alarm.acked after the raise',
  'reports.source.dispatch': 'journal: workorder.dispatched of the incident’s work order',
  'reports.source.arrival': 'journal: workorder.arrived check-in time',
  'reports.source.fix':
    'journal: alarm.cleared (the condition stayed normal) or workorder.resolved, whichever came first',
  'reports.source.workOrders': 'journal: workorder.* events of work orders opened in the month',
  'reports.source.applications':
    'journal: application.* — outages, resumes, decommissions and exemptions filed or in force in the month',
  'reports.source.availabilityRule':
    'journal: alarm.raised / alarm.cleared conditions (device fault codes, gun faults, device, gateway and station comms); approved application.* outages, decommissions and exemptions excluded',
  'reports.source.annunciations':
    'journal: alarm events entering active-unacknowledged (what the operator heard and saw; suppressed, shelved and out-of-service raises excluded); rates over the span with records, at least one hour',
  'reports.source.activations': 'journal: alarm.raised (every activation of the condition, hidden or not)',
  'reports.source.states': 'journal: alarm state after each alarm event (data.to)',
  'reports.source.priority': 'journal: priority in the alarm.raised that opened each incident',
  'reports.source.acked': 'journal: alarm.acked',
  'reports.source.shelved': 'journal: alarm.shelved',
  'reports.source.cleared': 'journal: alarm.cleared',
  'reports.source.slaBreaches': 'journal: alarm.sla-breached, workorder.sla-breached',
  'reports.source.workOrderDispatched': 'journal: workorder.dispatched',
  'reports.source.workOrderResolved': 'journal: workorder.resolved',
  'reports.source.applicationsDecided': 'journal: application.approved, application.rejected',
  'reports.source.sessionEvents': 'journal: charging.session',
  'reports.source.sessionEnergyEvents': 'journal: charging.session energyKwh',
  'reports.source.remoteControls': 'journal: device.write.requested',
  'reports.source.configChanges': 'journal: config.changed',
  'reports.basis.perHour': 'EEMUA 191 / ISA-18.2: ≈6 alarms per hour acceptable, ≤12 manageable',
  'reports.basis.per10Min': 'ISA-18.2: ≈1 alarm per 10 minutes acceptable, ≤2 manageable',
  'reports.basis.peak10Min': 'ISA-18.2: more than 10 alarms in 10 minutes is a flood',
  'reports.basis.floodShare': 'ISA-18.2: less than 1 % of the time in flood',
  'reports.basis.top10Share': 'ISA-18.2: the 10 most frequent alarms ≈1–5 % of the load at most',
  'reports.basis.chattering': 'ISA-18.2: no chattering or fleeting alarms',
  'reports.basis.stale': 'ISA-18.2: fewer than 5 stale alarms (active more than 24 h)',
  'reports.basis.standing': 'EEMUA 191: fewer than 10 standing alarms',
  'reports.basis.high': 'ISA-18.2: ≈5 % high priority (critical counted as high)',
  'reports.basis.medium': 'ISA-18.2: ≈15 % medium priority',
  'reports.basis.low': 'ISA-18.2: ≈80 % low priority',
  'reports.basis.timeliness': 'every commitment of the preset in force kept (seeds 000, 001)',
};

type Ids<P extends string> = keyof typeof reportSourcesZh extends infer K
  ? K extends `${P}${infer Id}`
    ? Id
    : never
  : never;

/** The English entries under `prefix`, by the id after it: what the report functions write. */
function english<P extends string>(prefix: P): Readonly<Record<Ids<P>, string>> {
  return Object.fromEntries(
    Object.entries(reportSourcesEn)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, text]) => [key.slice(prefix.length), text]),
  ) as Record<Ids<P>, string>;
}

export const SOURCE_TEXT = english('reports.source.');
export const BASIS_TEXT = english('reports.basis.');
