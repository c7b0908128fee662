import { Provider } from '@angular/core';
import { provideTranslocoScope } from '@jsverse/transloco';

/**
 * The KPI screens' strings live in the Transloco scope "kpi" (keys `kpi.…`), in
 * `public/i18n/kpi/<lang>.json`, loaded with the lazy KPI chunks. Dialogs (created from the
 * root injector) provide the scope again.
 */
export const KPI_SCOPE = 'kpi';

export function provideKpiTranslations(): Provider[] {
  return provideTranslocoScope({
    scope: KPI_SCOPE,
    loader: {
      id: () => import('../../../../../public/i18n/kpi/id.json').then((m) => m.default),
      en: () => import('../../../../../public/i18n/kpi/en.json').then((m) => m.default),
    },
  });
}
