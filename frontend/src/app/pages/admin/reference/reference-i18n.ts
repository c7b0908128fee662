import { Provider } from '@angular/core';
import { provideTranslocoScope } from '@jsverse/transloco';

/**
 * The reference-data screen's strings live in the Transloco scope "reference" (keys
 * `reference.…`), in `public/i18n/reference/<lang>.json`, loaded with the lazy page chunk.
 * The page and each of its dialogs (created from the root injector) provide the scope.
 */
export const REFERENCE_SCOPE = 'reference';

export function provideReferenceTranslations(): Provider[] {
  return provideTranslocoScope({
    scope: REFERENCE_SCOPE,
    loader: {
      id: () => import('../../../../../public/i18n/reference/id.json').then((m) => m.default),
      en: () => import('../../../../../public/i18n/reference/en.json').then((m) => m.default),
    },
  });
}
