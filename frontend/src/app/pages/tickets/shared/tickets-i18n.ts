import { Provider } from '@angular/core';
import { provideTranslocoScope } from '@jsverse/transloco';

/**
 * The ticketing screens' strings live in their own Transloco scope "tickets" (keys `tickets.…`),
 * in `public/i18n/tickets/<lang>.json`, imported into the lazy ticket chunks so they never weigh
 * on the initial bundle. Dialogs (created in the root injector) provide the scope again.
 */
export const TICKETS_SCOPE = 'tickets';

export function provideTicketsTranslations(): Provider[] {
  return provideTranslocoScope({
    scope: TICKETS_SCOPE,
    loader: {
      id: () => import('../../../../../public/i18n/tickets/id.json').then((m) => m.default),
      en: () => import('../../../../../public/i18n/tickets/en.json').then((m) => m.default),
    },
  });
}
