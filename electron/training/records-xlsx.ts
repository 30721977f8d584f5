import type { TrainingRecords } from '../../shared/api/drills';
import { formatInZone } from '../../shared/handover/format';
import type { CertificationStatus } from '../../shared/training/certification';
import { type ExportDocument, tableOf } from '../reports/tables';
import { documentXlsx } from '../reports/xlsx';
import type { Lang } from './words';

const WORDS = {
  'zh-CN': {
    title: '培训记录（上岗认证 / 年度复训）',
    passMark: (mark: number, days: number) => `及格分 ${mark} · 复训周期 ${days} 天`,
    asOf: '状态截至',
    sources: '数据来源：正式日志中的 training.drill 记录',
    operators: '人员',
    drills: '演练',
    status: {
      uncertified: '未认证',
      certified: '已认证',
      'due-soon': '即将复训',
      overdue: '复训逾期',
    } satisfies Record<CertificationStatus, string>,
    col: {
      trainee: '人员',
      role: '角色',
      status: '状态',
      certified: '上岗认证',
      lastPassed: '最近通过',
      retrainBy: '复训截止',
      passed: '通过',
      failed: '未通过',
      drill: '演练',
      score: '得分',
      result: '结果',
      lead: '带班',
      recorded: '记录时间',
      hash: '报告哈希',
    },
    pass: '通过',
    fail: '未通过',
  },
  en: {
    title: 'Training records (certification / annual retraining)',
    passMark: (mark: number, days: number) => `pass mark ${mark} · retraining every ${days} days`,
    asOf: 'status as of',
    sources: 'Source: the training.drill records of the real journal',
    operators: 'Operators',
    drills: 'Drills',
    status: {
      uncertified: 'not certified',
      certified: 'certified',
      'due-soon': 'retraining due soon',
      overdue: 'retraining overdue',
    } satisfies Record<CertificationStatus, string>,
    col: {
      trainee: 'Operator',
      role: 'Role',
      status: 'Status',
      certified: 'Certified',
      lastPassed: 'Last passed',
      retrainBy: 'Retrain by',
      passed: 'Passed',
      failed: 'Failed',
      drill: 'Drill',
      score: 'Score',
      result: 'Result',
      lead: 'Lead',
      recorded: 'Recorded',
      hash: 'Report hash',
    },
    pass: 'passed',
    fail: 'failed',
  },
} as const;

/**
 * The records page as a workbook: one row per operator with the
 * certification status, then one row per drill with its report hash, so a
 * printout points at the reports it summarises.
 */
export function trainingRecordsXlsx(records: TrainingRecords, lang: Lang, timeZone: string): Promise<Buffer> {
  const w = WORDS[lang];
  const c = w.col;
  const doc: ExportDocument = {
    title: w.title,
    fileStem: 'training-records',
    timeZone,
    lines: [
      w.passMark(records.passMark, records.retrainEveryDays),
      `${w.asOf} ${formatInZone(records.asOf, timeZone)} (${timeZone})`,
    ],
    tables: [
      tableOf(
        w.operators,
        [
          [c.trainee, 'text', 'trainee'],
          [c.role, 'text', 'role'],
          [c.status, 'text', (o) => w.status[o.status]],
          [c.certified, 'time', 'certifiedAt'],
          [c.lastPassed, 'time', 'lastPassedAt'],
          [c.retrainBy, 'time', 'retrainBy'],
          [c.passed, 'int', 'passed'],
          [c.failed, 'int', 'failed'],
        ],
        records.operators,
        { abnormal: (o) => o.status === 'overdue' || o.status === 'uncertified', notes: [w.sources] },
      ),
      tableOf(
        w.drills,
        [
          [c.trainee, 'text', 'trainee'],
          [c.drill, 'text', (d) => d.title[lang]],
          [c.score, 'number', 'score'],
          [c.result, 'text', (d) => (d.passed ? w.pass : w.fail)],
          [c.lead, 'text', 'lead'],
          [c.recorded, 'time', 'recordedAt'],
          [c.hash, 'text', 'reportHash'],
        ],
        records.operators.flatMap((o) => o.drills.map((d) => ({ ...d, trainee: o.trainee }))),
        { abnormal: (d) => !d.passed },
      ),
    ],
  };
  return documentXlsx(doc, w.sources, records.asOf);
}
