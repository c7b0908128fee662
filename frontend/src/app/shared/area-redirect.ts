import { inject } from '@angular/core';
import { RedirectFunction } from '@angular/router';

import { AuthService } from '../core/auth/auth.service';
import { NAV_ITEMS, NavGroupKey, canAccess } from '../core/permissions';

/** `/crm` → the first screen of the group the signed-in role may open (else /forbidden). */
export function firstAllowedIn(group: NavGroupKey): RedirectFunction {
  return () => {
    const role = inject(AuthService).role();
    const first = NAV_ITEMS.find((item) => item.group === group && canAccess(role, item.key));
    return first ? first.path : '/forbidden';
  };
}
