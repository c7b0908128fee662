import { Routes } from '@angular/router';

import { firstAllowedIn, pendingRoute } from '../../shared/components/feature-pending.route';

/** /tickets/* — my tickets, department queue, ops RFQ queue (masked), SLA. */
export const TICKETS_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: firstAllowedIn('tickets') },
  pendingRoute('mine', 'my-tickets'),
  pendingRoute('queue', 'dept-queue'),
  pendingRoute('rfq', 'rfq-queue'),
  pendingRoute('sla', 'sla'),
];
