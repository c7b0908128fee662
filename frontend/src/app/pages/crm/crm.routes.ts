import { Routes } from '@angular/router';

import { firstAllowedIn, pendingRoute } from '../../shared/components/feature-pending.route';

/** /crm/* — leads, customers, prospects pipeline, activities, marketing events & spend. */
export const CRM_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: firstAllowedIn('crm') },
  pendingRoute('leads', 'leads'),
  pendingRoute('customers', 'customers'),
  pendingRoute('prospects', 'prospects'),
  pendingRoute('activities', 'activities'),
  pendingRoute('marketing', 'marketing'),
];
