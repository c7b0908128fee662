import { Routes } from '@angular/router';

import { roleGuard } from '../../core/auth/role.guard';
import { firstAllowedIn } from '../../shared/area-redirect';
import { provideKpiTranslations } from './shared/kpi-i18n';

/** /kpi/* — my progress, targets (managers set; director reads), metric catalogue. Each page is lazy. */
export const KPI_ROUTES: Routes = [
  {
    path: '',
    providers: [provideKpiTranslations()],
    children: [
      { path: '', pathMatch: 'full', redirectTo: firstAllowedIn('kpi') },
      {
        path: 'progress',
        canMatch: [roleGuard],
        data: { navKey: 'kpi-progress' },
        title: 'nav.kpiProgress',
        loadComponent: () => import('./progress/progress-page.component').then((m) => m.ProgressPageComponent),
      },
      {
        path: 'targets',
        canMatch: [roleGuard],
        data: { navKey: 'kpi-targets' },
        title: 'nav.kpiTargets',
        loadComponent: () => import('./targets/targets-page.component').then((m) => m.TargetsPageComponent),
      },
      {
        path: 'catalogue',
        canMatch: [roleGuard],
        data: { navKey: 'kpi-catalogue' },
        title: 'nav.kpiCatalogue',
        loadComponent: () => import('./catalogue/catalogue-page.component').then((m) => m.CataloguePageComponent),
      },
    ],
  },
];
