import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { provideAnimationsAsync } from '@angular/platform-browser/animations/async';
import { registerLocaleData } from '@angular/common';
import localeEn from '@angular/common/locales/en';
import localeId from '@angular/common/locales/id';
import {
  ApplicationConfig,
  LOCALE_ID,
  inject,
  isDevMode,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import {
  TitleStrategy,
  provideRouter,
  withComponentInputBinding,
  withInMemoryScrolling,
} from '@angular/router';
import { provideTransloco } from '@jsverse/transloco';

import { routes } from './app.routes';
import { authInterceptor } from './core/http/auth.interceptor';
import { problemInterceptor } from './core/http/problem.interceptor';
import { DEFAULT_LANGUAGE, LANGUAGES, LanguageService } from './core/i18n/language.service';
import { TranslocoHttpLoader } from './core/i18n/transloco-http.loader';
import { TranslatedTitleStrategy } from './core/i18n/translated-title.strategy';

// Angular's own pipes/components (e.g. the datepicker later) get Indonesian and English data.
// Our money/date formatting does not depend on it: see shared/format/format.ts.
registerLocaleData(localeId, 'id');
registerLocaleData(localeEn, 'en');

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    // ngx-charts (home, aging, SLA) renders through Angular's animation renderer. Provided once
    // here, its engine is flushed by ApplicationRef on every change detection; the animation
    // code itself is a lazy chunk, fetched the first time a chart (or other animated
    // component) renders, so the initial bundle does not carry it.
    provideAnimationsAsync(),
    provideRouter(
      routes,
      withComponentInputBinding(),
      withInMemoryScrolling({ scrollPositionRestoration: 'top' }),
    ),
    // problemInterceptor is outermost: it sees the final outcome after auth's refresh + retry.
    provideHttpClient(withInterceptors([problemInterceptor, authInterceptor])),
    provideTransloco({
      config: {
        availableLangs: [...LANGUAGES],
        defaultLang: DEFAULT_LANGUAGE,
        fallbackLang: DEFAULT_LANGUAGE,
        reRenderOnLangChange: true,
        missingHandler: { useFallbackTranslation: true, logMissingKey: isDevMode() },
        prodMode: !isDevMode(),
      },
      loader: TranslocoHttpLoader,
    }),
    { provide: LOCALE_ID, useValue: 'id' },
    { provide: TitleStrategy, useClass: TranslatedTitleStrategy },
    provideAppInitializer(() => inject(LanguageService).init()),
  ],
};
