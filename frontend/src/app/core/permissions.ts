import type { Role } from './auth/auth.models';
import { ROLES } from './auth/auth.models';

/**
 * The one permissions map of the console: every navigable screen, who may open it, where it
 * lives and how it is labelled. The sidenav renders from it and `roleGuard` (canMatch) checks
 * routes against it, so a menu entry and its route can never disagree. It mirrors the
 * "Console screens" table of domain.md; the server still enforces access on every API call.
 */

export type NavGroupKey = 'home' | 'crm' | 'tickets' | 'kpi' | 'ar' | 'imports' | 'admin' | 'me';

export type NavKey =
  | 'home'
  | 'leads'
  | 'customers'
  | 'prospects'
  | 'activities'
  | 'marketing'
  | 'my-tickets'
  | 'dept-queue'
  | 'rfq-queue'
  | 'sla'
  | 'kpi-progress'
  | 'kpi-targets'
  | 'kpi-catalogue'
  | 'invoices'
  | 'payments'
  | 'aging'
  | 'imports'
  | 'users'
  | 'api-tokens'
  | 'reference-data'
  | 'audit'
  | 'me';

export interface NavItem {
  readonly key: NavKey;
  readonly group: NavGroupKey;
  /** Absolute router path, e.g. `/crm/leads`. */
  readonly path: string;
  /** Name of an SVG icon registered in `core/icons.ts`. */
  readonly icon: string;
  /** Transloco key of the menu label (also the page title). */
  readonly labelKey: string;
  readonly roles: readonly Role[];
}

export interface NavGroup {
  readonly key: NavGroupKey;
  /** Transloco key of the group heading; `null` for single-item groups shown without a heading. */
  readonly labelKey: string | null;
  readonly items: readonly NavItem[];
}

const ALL: readonly Role[] = ROLES;
const CRM: readonly Role[] = [
  'super_admin',
  'director',
  'marketing_manager',
  'marketing_staff',
  'sales_manager',
  'salesperson',
];
const SALES_DESK: readonly Role[] = ['super_admin', 'director', 'sales_manager', 'salesperson'];
const MARKETING_DESK: readonly Role[] = [
  'super_admin',
  'director',
  'marketing_manager',
  'marketing_staff',
];
const SLA: readonly Role[] = [
  'super_admin',
  'director',
  'marketing_manager',
  'sales_manager',
  'ops',
];
const KPI_TARGETS: readonly Role[] = [
  'super_admin',
  'director',
  'marketing_manager',
  'sales_manager',
];
const AR: readonly Role[] = ['super_admin', 'director', 'finance', 'sales_manager', 'salesperson'];
/** The director reads every import (history, errors) but uploads none. */
const IMPORTS: readonly Role[] = [
  'super_admin',
  'director',
  'finance',
  'marketing_manager',
  'marketing_staff',
  'sales_manager',
];

export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'home', group: 'home', path: '/', icon: 'dashboard', labelKey: 'nav.home', roles: ALL },

  { key: 'leads', group: 'crm', path: '/crm/leads', icon: 'person_add', labelKey: 'nav.leads', roles: CRM },
  { key: 'customers', group: 'crm', path: '/crm/customers', icon: 'business', labelKey: 'nav.customers', roles: CRM },
  { key: 'prospects', group: 'crm', path: '/crm/prospects', icon: 'pipeline', labelKey: 'nav.prospects', roles: CRM },
  { key: 'activities', group: 'crm', path: '/crm/activities', icon: 'call', labelKey: 'nav.activities', roles: SALES_DESK },
  { key: 'marketing', group: 'crm', path: '/crm/marketing', icon: 'campaign', labelKey: 'nav.marketing', roles: MARKETING_DESK },

  { key: 'my-tickets', group: 'tickets', path: '/tickets/mine', icon: 'ticket', labelKey: 'nav.myTickets', roles: ALL },
  { key: 'dept-queue', group: 'tickets', path: '/tickets/queue', icon: 'inbox', labelKey: 'nav.deptQueue', roles: ALL },
  { key: 'rfq-queue', group: 'tickets', path: '/tickets/rfq', icon: 'request_quote', labelKey: 'nav.rfqQueue', roles: ['super_admin', 'ops'] },
  { key: 'sla', group: 'tickets', path: '/tickets/sla', icon: 'timer', labelKey: 'nav.sla', roles: SLA },

  { key: 'kpi-progress', group: 'kpi', path: '/kpi/progress', icon: 'trending_up', labelKey: 'nav.kpiProgress', roles: ALL },
  { key: 'kpi-targets', group: 'kpi', path: '/kpi/targets', icon: 'flag', labelKey: 'nav.kpiTargets', roles: KPI_TARGETS },
  { key: 'kpi-catalogue', group: 'kpi', path: '/kpi/catalogue', icon: 'list', labelKey: 'nav.kpiCatalogue', roles: ALL },

  { key: 'invoices', group: 'ar', path: '/ar/invoices', icon: 'receipt', labelKey: 'nav.invoices', roles: AR },
  { key: 'payments', group: 'ar', path: '/ar/payments', icon: 'payments', labelKey: 'nav.payments', roles: AR },
  { key: 'aging', group: 'ar', path: '/ar/aging', icon: 'aging', labelKey: 'nav.aging', roles: AR },

  { key: 'imports', group: 'imports', path: '/imports', icon: 'upload', labelKey: 'nav.imports', roles: IMPORTS },

  { key: 'users', group: 'admin', path: '/admin/users', icon: 'group', labelKey: 'nav.users', roles: ['super_admin'] },
  { key: 'api-tokens', group: 'admin', path: '/admin/api-tokens', icon: 'key', labelKey: 'nav.apiTokens', roles: ['super_admin'] },
  { key: 'reference-data', group: 'admin', path: '/admin/reference-data', icon: 'tune', labelKey: 'nav.referenceData', roles: ['super_admin'] },
  { key: 'audit', group: 'admin', path: '/admin/audit', icon: 'history', labelKey: 'nav.audit', roles: ['super_admin', 'director'] },

  { key: 'me', group: 'me', path: '/me', icon: 'account', labelKey: 'nav.me', roles: ALL },
];

const GROUP_LABELS: Readonly<Record<NavGroupKey, string | null>> = {
  home: null,
  crm: 'navGroup.crm',
  tickets: 'navGroup.tickets',
  kpi: 'navGroup.kpi',
  ar: 'navGroup.ar',
  imports: null,
  admin: 'navGroup.admin',
  me: null,
};

const GROUP_ORDER: readonly NavGroupKey[] = ['home', 'crm', 'tickets', 'kpi', 'ar', 'imports', 'admin', 'me'];

const ITEMS_BY_KEY: ReadonlyMap<NavKey, NavItem> = new Map(NAV_ITEMS.map((item) => [item.key, item]));

export function navItem(key: NavKey): NavItem {
  const item = ITEMS_BY_KEY.get(key);
  if (!item) {
    throw new Error(`Unknown nav key: ${key}`);
  }
  return item;
}

export function isNavKey(value: unknown): value is NavKey {
  return typeof value === 'string' && ITEMS_BY_KEY.has(value as NavKey);
}

export function isNavGroupKey(value: unknown): value is NavGroupKey {
  return typeof value === 'string' && (GROUP_ORDER as readonly string[]).includes(value);
}

/** May `role` open the screen `key`? A missing role (signed out) may open nothing. */
export function canAccess(role: Role | null | undefined, key: NavKey): boolean {
  return !!role && navItem(key).roles.includes(role);
}

/** May `role` open at least one screen of `group`? Used to avoid loading a lazy chunk in vain. */
export function canAccessGroup(role: Role | null | undefined, group: NavGroupKey): boolean {
  return !!role && NAV_ITEMS.some((item) => item.group === group && item.roles.includes(role));
}

/** The menu items `role` sees, in menu order. */
export function navItemsForRole(role: Role | null | undefined): NavItem[] {
  return role ? NAV_ITEMS.filter((item) => item.roles.includes(role)) : [];
}

/** The menu of `role` grouped for the sidenav; empty groups are left out. */
export function navGroupsForRole(role: Role | null | undefined): NavGroup[] {
  const items = navItemsForRole(role);
  return GROUP_ORDER.map((key) => ({
    key,
    labelKey: GROUP_LABELS[key],
    items: items.filter((item) => item.group === key),
  })).filter((group) => group.items.length > 0);
}
