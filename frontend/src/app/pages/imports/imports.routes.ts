import { provideEnvironmentInitializer } from '@angular/core';
import { Routes } from '@angular/router';

import { roleGuard } from '../../core/auth/role.guard';
import { provideImportsTranslations } from './imports-i18n';
import { registerImportsIcons } from './imports-icons';

/**
 * /imports — upload (module, template, drag-and-drop, preview with column check), history;
 * /imports/:id — live progress, summary, error rows with reasons, error download, retry.
 * `/imports?module=invoices` preselects a module (entry points from the AR and KPI pages).
 */
export const IMPORTS_ROUTES: Routes = [
  {
    path: '',
    providers: [provideImportsTranslations(), provideEnvironmentInitializer(registerImportsIcons)],
    children: [
      {
        path: '',
        pathMatch: 'full',
        canMatch: [roleGuard],
        data: { navKey: 'imports' },
        title: 'nav.imports',
        loadComponent: () => import('./imports-page.component').then((m) => m.ImportsPageComponent),
      },
      {
        path: ':id',
        canMatch: [roleGuard],
        data: { navKey: 'imports' },
        title: 'nav.imports',
        loadComponent: () => import('./import-detail-page.component').then((m) => m.ImportDetailPageComponent),
      },
    ],
  },
];
