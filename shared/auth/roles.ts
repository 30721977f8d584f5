import { z } from 'zod';

/**
 * Who may do what at the desk. Managers and wallboards only read; field
 * writes need someone on duty; station configuration needs an admin.
 */
export const Role = z.enum(['wallboard', 'manager', 'monitor', 'shift-lead', 'admin']);
export type Role = z.infer<typeof Role>;

export const Permission = z.enum(['read', 'device.control', 'config.edit']);
export type Permission = z.infer<typeof Permission>;

const GRANTS: Record<Role, readonly Permission[]> = {
  wallboard: ['read'],
  manager: ['read'],
  monitor: ['read', 'device.control'],
  'shift-lead': ['read', 'device.control'],
  admin: ['read', 'device.control', 'config.edit'],
};

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
