import { inject, provideEnvironmentInitializer } from '@angular/core';
import { CanMatchFn, Router, Routes } from '@angular/router';

import { AuthService } from '../../core/auth/auth.service';
import { roleGuard } from '../../core/auth/role.guard';
import { firstAllowedIn } from '../../shared/area-redirect';
import { provideTicketsTranslations } from './shared/tickets-i18n';
import { registerTicketIcons } from './shared/tickets-icons';
import { canWriteTickets } from './shared/tickets.models';

/** "New ticket" is for every role but the director (who reads, never writes). */
export const ticketWriteGuard: CanMatchFn = () => canWriteTickets(inject(AuthService).role()) || inject(Router).createUrlTree(['/forbidden']);

/**
 * /tickets/* — my tickets, department queue (+ stale), new ticket, ticket detail, the ops RFQ
 * queue (masked) and its detail, and the SLA page. Every page is its own lazy chunk; the ticket
 * translations (scope "tickets") and icons come with this route; the chart library only with
 * the SLA page (its animation renderer is provided once at the root, app.config.ts).
 */
export const TICKETS_ROUTES: Routes = [
  {
    path: '',
    providers: [provideTicketsTranslations(), provideEnvironmentInitializer(registerTicketIcons)],
    children: [
      { path: '', pathMatch: 'full', redirectTo: firstAllowedIn('tickets') },
      {
        path: 'mine',
        canMatch: [roleGuard],
        data: { navKey: 'my-tickets', mode: 'mine' },
        title: 'nav.myTickets',
        loadComponent: () => import('./ticket-list-page.component').then((m) => m.TicketListPageComponent),
      },
      {
        path: 'queue',
        canMatch: [roleGuard],
        data: { navKey: 'dept-queue', mode: 'queue' },
        title: 'nav.deptQueue',
        loadComponent: () => import('./ticket-list-page.component').then((m) => m.TicketListPageComponent),
      },
      {
        path: 'new',
        canMatch: [roleGuard, ticketWriteGuard],
        data: { navKey: 'my-tickets' },
        title: 'tickets.new.title',
        loadComponent: () => import('./ticket-new-page.component').then((m) => m.TicketNewPageComponent),
      },
      {
        path: 'rfq',
        pathMatch: 'full',
        canMatch: [roleGuard],
        data: { navKey: 'rfq-queue' },
        title: 'nav.rfqQueue',
        loadComponent: () => import('./rfq-queue-page.component').then((m) => m.RfqQueuePageComponent),
      },
      {
        path: 'rfq/:id',
        canMatch: [roleGuard],
        data: { navKey: 'rfq-queue' },
        title: 'nav.rfqQueue',
        loadComponent: () => import('./rfq-detail-page.component').then((m) => m.RfqDetailPageComponent),
      },
      {
        path: 'sla',
        canMatch: [roleGuard],
        data: { navKey: 'sla' },
        title: 'nav.sla',
        loadComponent: () => import('./sla-page.component').then((m) => m.SlaPageComponent),
      },
      {
        path: ':id',
        canMatch: [roleGuard],
        data: { navKey: 'my-tickets' },
        title: 'nav.myTickets',
        loadComponent: () => import('./ticket-detail-page.component').then((m) => m.TicketDetailPageComponent),
      },
    ],
  },
];
