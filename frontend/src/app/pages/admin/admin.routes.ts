import { Routes } from '@angular/router';

import { roleGuard } from '../../core/auth/role.guard';
import { navItem } from '../../core/permissions';
import { firstAllowedIn } from '../../shared/area-redirect';

/** /admin/* — users, API tokens, reference data (super_admin); audit (also director). */
export const ADMIN_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: firstAllowedIn('admin') },
  {
    path: 'users',
    canMatch: [roleGuard],
    data: { navKey: 'users' },
    title: navItem('users').labelKey,
    loadComponent: () => import('./users/users-page.component').then((m) => m.UsersPageComponent),
  },
  {
    path: 'api-tokens',
    canMatch: [roleGuard],
    data: { navKey: 'api-tokens' },
    title: navItem('api-tokens').labelKey,
    loadComponent: () => import('./api-tokens-page.component').then((m) => m.ApiTokensPageComponent),
  },
  {
    path: 'reference-data',
    canMatch: [roleGuard],
    data: { navKey: 'reference-data' },
    title: navItem('reference-data').labelKey,
    loadComponent: () =>
      import('./reference/reference-data-page.component').then((m) => m.ReferenceDataPageComponent),
  },
  {
    path: 'audit',
    canMatch: [roleGuard],
    data: { navKey: 'audit' },
    title: navItem('audit').labelKey,
    loadComponent: () => import('./audit/audit-page.component').then((m) => m.AuditPageComponent),
  },
];
