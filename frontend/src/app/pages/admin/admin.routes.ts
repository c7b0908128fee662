import { Routes } from '@angular/router';

import { roleGuard } from '../../core/auth/role.guard';
import { navItem } from '../../core/permissions';
import { firstAllowedIn, pendingRoute } from '../../shared/components/feature-pending.route';

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
  pendingRoute('reference-data', 'reference-data'),
  pendingRoute('audit', 'audit'),
];
