import { inject } from '@angular/core';
import { RedirectFunction, Route } from '@angular/router';

import { roleGuard } from '../../core/auth/role.guard';
import { AuthService } from '../../core/auth/auth.service';
import { NAV_ITEMS, NavGroupKey, NavKey, canAccess, navItem } from '../../core/permissions';

/**
 * A lazy route for a screen whose module is still being rolled out: guarded by the permissions
 * map, titled from it, rendered by FeaturePendingComponent. Feature issues swap `loadComponent`
 * for the real page and keep the path, guard and data.
 */
export function pendingRoute(path: string, navKey: NavKey): Route {
  return {
    path,
    ...(path === '' ? { pathMatch: 'full' as const } : {}),
    canMatch: [roleGuard],
    data: { navKey },
    title: navItem(navKey).labelKey,
    loadComponent: () =>
      import('./feature-pending.component').then((m) => m.FeaturePendingComponent),
  };
}

/** `/crm` → the first screen of the group the signed-in role may open (else /forbidden). */
export function firstAllowedIn(group: NavGroupKey): RedirectFunction {
  return () => {
    const role = inject(AuthService).role();
    const first = NAV_ITEMS.find((item) => item.group === group && canAccess(role, item.key));
    return first ? first.path : '/forbidden';
  };
}
