import type { TriageOverrideInput } from '../../shared/triage/overrides';

/**
 * The site triage row of the alarm-rules tests: sx01 stands beside a school,
 * so an open charger door there is a visit, and urgent. The e2e test types
 * it into the config editor; the integration test starts a desk with it.
 */
export const SCHOOL_DOOR = {
  id: 'school-door',
  station: 'sx01',
  cause: 'doorOpen',
  defectClass: 'serious',
  priority: 'high',
  why: '学校旁，儿童多',
} as const satisfies TriageOverrideInput;
