import { Routes } from '@angular/router';

import { firstAllowedIn, pendingRoute } from '../../shared/components/feature-pending.route';

/** /admin/* — users, API tokens, reference data (super_admin); audit (also director). */
export const ADMIN_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: firstAllowedIn('admin') },
  pendingRoute('users', 'users'),
  pendingRoute('api-tokens', 'api-tokens'),
  pendingRoute('reference-data', 'reference-data'),
  pendingRoute('audit', 'audit'),
];
