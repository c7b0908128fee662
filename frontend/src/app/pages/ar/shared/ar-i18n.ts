import { Provider } from '@angular/core';
import { provideTranslocoScope } from '@jsverse/transloco';

/**
 * The AR/DSO screens' strings live in the Transloco scope "ar" (keys `ar.…`), in
 * `public/i18n/ar/<lang>.json`, imported into the lazy AR chunks so they never weigh on the
 * initial bundle. Dialogs are created outside the route's injector (MatDialog lives in root),
 * so each dialog provides the scope again.
 */
export const AR_SCOPE = 'ar';

export function provideArTranslations(): Provider[] {
  return provideTranslocoScope({
    scope: AR_SCOPE,
    loader: {
      id: () => import('../../../../../public/i18n/ar/id.json').then((m) => m.default),
      en: () => import('../../../../../public/i18n/ar/en.json').then((m) => m.default),
    },
  });
}
