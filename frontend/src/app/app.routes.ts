import { Routes } from '@angular/router';

import { authGuard, guestGuard } from './core/auth/auth.guard';
import { roleGuard } from './core/auth/role.guard';

/**
 * Every page is lazy. Access follows `core/permissions.ts`: the shell needs a session
 * (authGuard), each area and screen is matched by role (roleGuard via `navGroup` / `navKey`).
 */
export const routes: Routes = [
  {
    path: 'login',
    title: 'login.pageTitle',
    canActivate: [guestGuard],
    loadComponent: () => import('./pages/login/login-page.component').then((m) => m.LoginPageComponent),
  },
  {
    path: '',
    canActivate: [authGuard],
    canActivateChild: [authGuard],
    loadComponent: () => import('./core/layout/shell.component').then((m) => m.ShellComponent),
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: 'nav.home',
        canMatch: [roleGuard],
        data: { navKey: 'home' },
        loadComponent: () => import('./pages/home/home-page.component').then((m) => m.HomePageComponent),
      },
      {
        path: 'me',
        title: 'nav.me',
        canMatch: [roleGuard],
        data: { navKey: 'me' },
        loadComponent: () => import('./pages/me/me-page.component').then((m) => m.MePageComponent),
      },
      {
        path: 'crm',
        canMatch: [roleGuard],
        data: { navGroup: 'crm' },
        loadChildren: () => import('./pages/crm/crm.routes').then((m) => m.CRM_ROUTES),
      },
      {
        path: 'tickets',
        canMatch: [roleGuard],
        data: { navGroup: 'tickets' },
        loadChildren: () => import('./pages/tickets/tickets.routes').then((m) => m.TICKETS_ROUTES),
      },
      {
        path: 'kpi',
        canMatch: [roleGuard],
        data: { navGroup: 'kpi' },
        loadChildren: () => import('./pages/kpi/kpi.routes').then((m) => m.KPI_ROUTES),
      },
      {
        path: 'ar',
        canMatch: [roleGuard],
        data: { navGroup: 'ar' },
        loadChildren: () => import('./pages/ar/ar.routes').then((m) => m.AR_ROUTES),
      },
      {
        path: 'imports',
        canMatch: [roleGuard],
        data: { navGroup: 'imports' },
        loadChildren: () => import('./pages/imports/imports.routes').then((m) => m.IMPORTS_ROUTES),
      },
      {
        path: 'admin',
        canMatch: [roleGuard],
        data: { navGroup: 'admin' },
        loadChildren: () => import('./pages/admin/admin.routes').then((m) => m.ADMIN_ROUTES),
      },
      {
        path: 'forbidden',
        title: 'status.forbidden.title',
        data: { kind: 'forbidden' },
        loadComponent: () => import('./pages/status/status-page.component').then((m) => m.StatusPageComponent),
      },
      {
        path: '**',
        title: 'status.notFound.title',
        data: { kind: 'not-found' },
        loadComponent: () => import('./pages/status/status-page.component').then((m) => m.StatusPageComponent),
      },
    ],
  },
];
