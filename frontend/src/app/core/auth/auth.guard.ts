import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';

import { AuthService } from './auth.service';

/** Shell routes need a session; without one go to /login and come back afterwards. */
export const authGuard: CanActivateFn = (_route, state) => {
  if (inject(AuthService).isAuthenticated()) {
    return true;
  }
  const returnUrl = state.url && state.url !== '/' ? { returnUrl: state.url } : undefined;
  return inject(Router).createUrlTree(['/login'], { queryParams: returnUrl });
};

/** The login page is for signed-out users; a signed-in user goes straight home. */
export const guestGuard: CanActivateFn = () =>
  inject(AuthService).isAuthenticated() ? inject(Router).createUrlTree(['/']) : true;
