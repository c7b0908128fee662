import { Routes } from '@angular/router';

import { firstAllowedIn, pendingRoute } from '../../shared/components/feature-pending.route';

/** /ar/* — invoices and payments, aging & DSO. */
export const AR_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: firstAllowedIn('ar') },
  pendingRoute('invoices', 'invoices'),
  pendingRoute('aging', 'aging'),
];
