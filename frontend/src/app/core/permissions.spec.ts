import { ROLES, Role } from './auth/auth.models';
import {
  NAV_ITEMS,
  NavKey,
  canAccess,
  canAccessGroup,
  navGroupsForRole,
  navItemsForRole,
} from './permissions';

const keysOf = (role: Role): NavKey[] => navItemsForRole(role).map((item) => item.key);

const EVERYONE: NavKey[] = ['home', 'my-tickets', 'dept-queue', 'kpi-progress', 'kpi-catalogue', 'me'];
const CRM_CORE: NavKey[] = ['leads', 'customers', 'prospects'];

/** The expected menu per role, from domain.md's "Console screens" table. */
const EXPECTED: Record<Role, NavKey[]> = {
  super_admin: [
    ...EVERYONE, ...CRM_CORE, 'activities', 'marketing', 'rfq-queue', 'sla', 'kpi-targets',
    'invoices', 'payments', 'aging', 'imports', 'users', 'api-tokens', 'reference-data', 'audit',
  ],
  director: [...EVERYONE, ...CRM_CORE, 'activities', 'marketing', 'sla', 'kpi-targets', 'invoices', 'payments', 'aging', 'imports', 'audit'],
  marketing_manager: [...EVERYONE, ...CRM_CORE, 'marketing', 'sla', 'kpi-targets', 'imports'],
  marketing_staff: [...EVERYONE, ...CRM_CORE, 'marketing', 'imports'],
  sales_manager: [...EVERYONE, ...CRM_CORE, 'activities', 'sla', 'kpi-targets', 'invoices', 'payments', 'aging', 'imports'],
  salesperson: [...EVERYONE, ...CRM_CORE, 'activities', 'invoices', 'payments', 'aging'],
  ops: [...EVERYONE, 'rfq-queue', 'sla'],
  finance: [...EVERYONE, 'invoices', 'payments', 'aging', 'imports'],
};

describe('permissions map', () => {
  it.each(ROLES)('gives %s exactly the expected menu', (role) => {
    expect(new Set(keysOf(role))).toEqual(new Set(EXPECTED[role]));
  });

  it('has unique keys and unique paths', () => {
    expect(new Set(NAV_ITEMS.map((i) => i.key)).size).toBe(NAV_ITEMS.length);
    expect(new Set(NAV_ITEMS.map((i) => i.path)).size).toBe(NAV_ITEMS.length);
  });

  it('gives every role Home and Me', () => {
    for (const role of ROLES) {
      expect(canAccess(role, 'home')).toBe(true);
      expect(canAccess(role, 'me')).toBe(true);
    }
  });

  it('keeps ops out of CRM and AR, but gives them the RFQ queue', () => {
    expect(canAccessGroup('ops', 'crm')).toBe(false);
    expect(keysOf('ops').filter((k) => CRM_CORE.includes(k) || k === 'activities' || k === 'marketing')).toEqual([]);
    expect(canAccessGroup('ops', 'ar')).toBe(false);
    expect(canAccess('ops', 'rfq-queue')).toBe(true);
  });

  it('gives the RFQ queue to ops and super_admin only', () => {
    expect(ROLES.filter((r) => canAccess(r, 'rfq-queue'))).toEqual(['super_admin', 'ops']);
  });

  it('gives the director audit but no user, token or reference-data admin', () => {
    expect(canAccess('director', 'audit')).toBe(true);
    expect(canAccess('director', 'users')).toBe(false);
    expect(canAccess('director', 'api-tokens')).toBe(false);
    expect(canAccess('director', 'reference-data')).toBe(false);
    expect(ROLES.filter((r) => canAccess(r, 'users'))).toEqual(['super_admin']);
  });

  it('limits imports to finance, marketing, sales managers, admin and (read-only) the director', () => {
    expect(ROLES.filter((r) => canAccess(r, 'imports')).sort()).toEqual(
      ['director', 'finance', 'marketing_manager', 'marketing_staff', 'sales_manager', 'super_admin'].sort(),
    );
  });

  it('denies everything to a signed-out user', () => {
    expect(navItemsForRole(null)).toEqual([]);
    expect(canAccess(null, 'home')).toBe(false);
    expect(canAccessGroup(undefined, 'tickets')).toBe(false);
  });

  it('groups the menu in order and drops empty groups', () => {
    expect(navGroupsForRole('ops').map((g) => g.key)).toEqual(['home', 'tickets', 'kpi', 'me']);
    expect(navGroupsForRole('super_admin').map((g) => g.key)).toEqual([
      'home', 'crm', 'tickets', 'kpi', 'ar', 'imports', 'admin', 'me',
    ]);
    const director = navGroupsForRole('director').find((g) => g.key === 'admin');
    expect(director?.items.map((i) => i.key)).toEqual(['audit']);
  });
});
