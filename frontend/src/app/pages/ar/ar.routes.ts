import { Routes } from '@angular/router';

import { roleGuard } from '../../core/auth/role.guard';
import { firstAllowedIn } from '../../shared/area-redirect';
import { provideArTranslations } from './shared/ar-i18n';

/**
 * /ar/* — invoices (list, detail + payments), payments and aging & DSO. Every screen is a lazy chunk;
 * the "ar" translations load with the area. ngx-charts (aging page only) renders through
 * Angular's animation renderer, provided once at the root (app.config.ts, lazily loaded).
 */
export const AR_ROUTES: Routes = [
  {
    path: '',
    providers: [provideArTranslations()],
    children: [
      { path: '', pathMatch: 'full', redirectTo: firstAllowedIn('ar') },
      {
        path: 'invoices',
        canMatch: [roleGuard],
        data: { navKey: 'invoices' },
        title: 'nav.invoices',
        loadComponent: () => import('./invoices/invoices-page.component').then((m) => m.InvoicesPageComponent),
      },
      {
        path: 'invoices/:invoice_id',
        canMatch: [roleGuard],
        data: { navKey: 'invoices' },
        title: 'nav.invoices',
        loadComponent: () => import('./invoices/invoice-detail-page.component').then((m) => m.InvoiceDetailPageComponent),
      },
      {
        path: 'payments',
        canMatch: [roleGuard],
        data: { navKey: 'payments' },
        title: 'nav.payments',
        loadComponent: () => import('./payments/payments-page.component').then((m) => m.PaymentsPageComponent),
      },
      {
        path: 'aging',
        canMatch: [roleGuard],
        data: { navKey: 'aging' },
        title: 'nav.aging',
        loadComponent: () => import('./aging/aging-page.component').then((m) => m.AgingPageComponent),
      },
    ],
  },
];
