import { Routes } from '@angular/router';

import { firstAllowedIn, pendingRoute } from '../../shared/components/feature-pending.route';

/** /kpi/* — my progress, targets (managers; director reads), metric catalogue. */
export const KPI_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: firstAllowedIn('kpi') },
  pendingRoute('progress', 'kpi-progress'),
  pendingRoute('targets', 'kpi-targets'),
  pendingRoute('catalogue', 'kpi-catalogue'),
];
