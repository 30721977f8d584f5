import { z } from 'zod';

/**
 * Who may do what at the desk. Managers and wallboards only read; field
 * writes need someone on duty; station configuration needs an admin.
 */
export const Role = z.enum(['wallboard', 'manager', 'monitor', 'shift-lead', 'admin']);
export type Role = z.infer<typeof Role>;

/**
 * `session` is what anyone connected may do, signed in or not: see who they
 * are, sign in, sign out, lock. `accounts.manage` is the admin's account page.
 * `duty.approve`: deciding outage, resume, decommission and exemption applications.
 * `handover.duty`: notes and daily checks of the shift; `handover.sign`: signing,
 * accepting and correcting a handover (the signer's own role, re-authenticated).
 * `training.run`: starting and ending drills for named trainees, with the assessor's remarks (issue 18).
 */
export const Permission = z.enum([
  'session',
  'read',
  'device.control',
  'config.edit',
  'accounts.manage',
  'duty.approve',
  'handover.duty',
  'handover.sign',
  'training.run',
]);
export type Permission = z.infer<typeof Permission>;

const GRANTS: Record<Role, readonly Permission[]> = {
  wallboard: ['session', 'read'],
  manager: ['session', 'read'],
  monitor: ['session', 'read', 'device.control', 'handover.duty'],
  'shift-lead': [
    'session',
    'read',
    'device.control',
    'duty.approve',
    'handover.duty',
    'handover.sign',
    'training.run',
  ],
  // The admin holds every permission there is, so a new one never leaves the admin out.
  admin: Permission.options,
};

/**
 * Whoever is not signed in, or has locked the desk, watches like a
 * wallboard: the live view stays, every action is refused by the engine.
 */
export const WATCH_ONLY_ROLE: Role = 'wallboard';

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function permissionsOf(role: Role): Permission[] {
  return [...GRANTS[role]];
}

export const Session = z.object({
  /** Who is acting, as written into the journal. */
  user: z.string().min(1),
  role: Role,
});
export type Session = z.infer<typeof Session>;
