import { Provider } from '@angular/core';
import { provideTranslocoScope } from '@jsverse/transloco';

/**
 * The CRM screens' strings live in their own Transloco scope "crm" (keys `crm.…`), in
 * `public/i18n/crm/<lang>.json`. The files are imported into the lazy CRM chunks (one chunk per
 * language), so they load with the CRM screens and never weigh on the initial bundle.
 *
 * Routed CRM pages get the scope from the `/crm` route; dialogs are created outside that route's
 * injector (MatDialog lives in root), so each CRM dialog provides it again.
 */
export const CRM_SCOPE = 'crm';

export function provideCrmTranslations(): Provider[] {
  return provideTranslocoScope({
    scope: CRM_SCOPE,
    loader: {
      id: () => import('../../../../../public/i18n/crm/id.json').then((m) => m.default),
      en: () => import('../../../../../public/i18n/crm/en.json').then((m) => m.default),
    },
  });
}
