import { Routes } from '@angular/router';
import { provideNoopAnimations } from '@angular/platform-browser/animations';

import { roleGuard } from '../../core/auth/role.guard';
import { firstAllowedIn } from '../../shared/components/feature-pending.route';
import { provideArTranslations } from './shared/ar-i18n';

/**
 * /ar/* — invoices (list, detail + payments) and aging & DSO. Every screen is a lazy chunk;
 * the "ar" translations load with the area. ngx-charts (aging page only) renders through
 * Angular's animation renderer: the no-op one is provided on that route alone, so the
 * console's initial bundle stays free of it.
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
        path: 'aging',
        canMatch: [roleGuard],
        data: { navKey: 'aging' },
        title: 'nav.aging',
        providers: [provideNoopAnimations()],
        loadComponent: () => import('./aging/aging-page.component').then((m) => m.AgingPageComponent),
      },
    ],
  },
];
