import { inject } from '@angular/core';
import { CanMatchFn, Router } from '@angular/router';

import { canAccess, canAccessGroup, isNavGroupKey, isNavKey } from '../permissions';
import { AuthService } from './auth.service';

/**
 * canMatch guard driven by the permissions map. A route declares `data.navKey` (one screen) or
 * `data.navGroup` (a lazy feature area: matches when the role may open any of its screens, so a
 * chunk is never downloaded in vain). Signed-out users do not match (the shell's authGuard then
 * sends them to /login); signed-in users without the right role land on /forbidden.
 */
export const roleGuard: CanMatchFn = (route) => {
  const role = inject(AuthService).role();
  if (!role) {
    return false;
  }
  const navKey: unknown = route.data?.['navKey'];
  const navGroup: unknown = route.data?.['navGroup'];
  let allowed: boolean;
  if (isNavKey(navKey)) {
    allowed = canAccess(role, navKey);
  } else if (isNavGroupKey(navGroup)) {
    allowed = canAccessGroup(role, navGroup);
  } else {
    // A guarded route without a permission entry is a programming error: fail closed.
    allowed = false;
  }
  return allowed || inject(Router).createUrlTree(['/forbidden']);
};
