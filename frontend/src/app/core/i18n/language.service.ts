import { DOCUMENT } from '@angular/common';
import { Injectable, inject, signal } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';
import { Observable, firstValueFrom } from 'rxjs';

import { AuthService } from '../auth/auth.service';
import { LOCAL_STORAGE } from '../storage';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'id';
export const LANGUAGE_STORAGE_KEY = 'bcc.lang';

/** Maps a stored or server locale (`id`, `id-ID`, `en_US`, …) to a supported language. */
export function toLanguage(locale: string | null | undefined): Language | null {
  const base = (locale ?? '').trim().toLowerCase().split(/[-_]/, 1)[0];
  return (LANGUAGES as readonly string[]).includes(base ?? '') ? (base as Language) : null;
}

/**
 * The UI language: Bahasa Indonesia by default, English on request. The choice is kept in
 * localStorage, mirrored on `<html lang>`, and saved to the profile (`PATCH /api/me`) when
 * signed in; after login the profile's locale wins.
 */
@Injectable({ providedIn: 'root' })
export class LanguageService {
  private readonly transloco = inject(TranslocoService);
  private readonly auth = inject(AuthService);
  private readonly storage = inject(LOCAL_STORAGE);
  private readonly document = inject(DOCUMENT);

  private readonly current = signal<Language>(
    toLanguage(this.storage.getItem(LANGUAGE_STORAGE_KEY)) ?? DEFAULT_LANGUAGE,
  );
  readonly language = this.current.asReadonly();

  /** App initializer: loads the stored language before the first render (no key flash). */
  init(): Promise<unknown> {
    const language = this.current();
    this.apply(language);
    return firstValueFrom(this.transloco.load(language) as Observable<unknown>).catch(() => undefined);
  }

  /** The user picked a language: apply, remember, and save to the profile when signed in. */
  select(language: Language): void {
    this.apply(language);
    const user = this.auth.user();
    if (user && toLanguage(user.locale) !== language) {
      // Best effort: the choice already applies locally; the profile catches up next time.
      this.auth.updateMe({ locale: language }, { silent: true }).subscribe({ error: () => undefined });
    }
  }

  /** After login: the profile's locale, when it names a supported language, wins. */
  applyUserLocale(locale: string | null | undefined): void {
    const language = toLanguage(locale);
    if (language) {
      this.apply(language);
    }
  }

  private apply(language: Language): void {
    this.current.set(language);
    this.storage.setItem(LANGUAGE_STORAGE_KEY, language);
    this.document.documentElement.lang = language;
    this.transloco.setActiveLang(language);
  }
}
