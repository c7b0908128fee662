import { inject, provideEnvironmentInitializer } from '@angular/core';
import { CanMatchFn, Router, Routes } from '@angular/router';

import { AuthService } from '../../core/auth/auth.service';
import { roleGuard } from '../../core/auth/role.guard';
import { firstAllowedIn } from '../../shared/area-redirect';
import { provideCrmTranslations } from './shared/crm-i18n';
import { registerCrmIcons } from './shared/crm-icons';
import { LEAD_CREATE_ROLES, hasRole } from './shared/crm.models';

/** "New lead" is for the roles that create leads; others land on /forbidden. */
export const leadCreateGuard: CanMatchFn = () =>
  hasRole(inject(AuthService).role(), LEAD_CREATE_ROLES) || inject(Router).createUrlTree(['/forbidden']);

/**
 * /crm/* — leads, customers, prospects pipeline, activities, marketing events & spend. Every
 * page is its own lazy chunk; the CRM translations (scope "crm") and icons come with this
 * route, never with the initial bundle.
 */
export const CRM_ROUTES: Routes = [
  {
    path: '',
    providers: [provideCrmTranslations(), provideEnvironmentInitializer(registerCrmIcons)],
    children: [
      { path: '', pathMatch: 'full', redirectTo: firstAllowedIn('crm') },
      {
        path: 'leads',
        pathMatch: 'full',
        canMatch: [roleGuard],
        data: { navKey: 'leads' },
        title: 'nav.leads',
        loadComponent: () => import('./leads/leads-page.component').then((m) => m.LeadsPageComponent),
      },
      {
        path: 'leads/new',
        canMatch: [roleGuard, leadCreateGuard],
        data: { navKey: 'leads' },
        title: 'crm.newLead.title',
        loadComponent: () => import('./leads/lead-new-page.component').then((m) => m.LeadNewPageComponent),
      },
      {
        path: 'leads/:id',
        canMatch: [roleGuard],
        data: { navKey: 'leads' },
        title: 'nav.leads',
        loadComponent: () => import('./leads/lead-detail-page.component').then((m) => m.LeadDetailPageComponent),
      },
      {
        path: 'customers',
        pathMatch: 'full',
        canMatch: [roleGuard],
        data: { navKey: 'customers' },
        title: 'nav.customers',
        loadComponent: () => import('./customers/customers-page.component').then((m) => m.CustomersPageComponent),
      },
      {
        path: 'customers/:id',
        canMatch: [roleGuard],
        data: { navKey: 'customers' },
        title: 'nav.customers',
        loadComponent: () =>
          import('./customers/customer-detail-page.component').then((m) => m.CustomerDetailPageComponent),
      },
      {
        path: 'prospects',
        canMatch: [roleGuard],
        data: { navKey: 'prospects' },
        title: 'nav.prospects',
        loadComponent: () => import('./prospects/prospects-board.component').then((m) => m.ProspectsBoardComponent),
      },
      {
        path: 'activities',
        canMatch: [roleGuard],
        data: { navKey: 'activities' },
        title: 'nav.activities',
        loadComponent: () => import('./activities/activities-page.component').then((m) => m.ActivitiesPageComponent),
      },
      {
        path: 'marketing',
        canMatch: [roleGuard],
        data: { navKey: 'marketing' },
        title: 'nav.marketing',
        loadComponent: () => import('./marketing/marketing-page.component').then((m) => m.MarketingPageComponent),
      },
    ],
  },
];
