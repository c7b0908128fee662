import { Provider } from '@angular/core';
import { provideTranslocoScope } from '@jsverse/transloco';

/**
 * The Imports screens' strings: Transloco scope "imports" (keys `imports.…`) in
 * `public/i18n/imports/<lang>.json`, bundled into the lazy imports chunk (one per language).
 */
export const IMPORTS_SCOPE = 'imports';

export function provideImportsTranslations(): Provider[] {
  return provideTranslocoScope({
    scope: IMPORTS_SCOPE,
    loader: {
      id: () => import('../../../../public/i18n/imports/id.json').then((m) => m.default),
      en: () => import('../../../../public/i18n/imports/en.json').then((m) => m.default),
    },
  });
}
