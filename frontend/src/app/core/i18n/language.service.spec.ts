import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { TranslocoService } from '@jsverse/transloco';

import { provideTranslocoTesting, seedSession, testUser } from '../../../testing/test-helpers';
import { LANGUAGE_STORAGE_KEY, LanguageService, toLanguage } from './language.service';

describe('LanguageService', () => {
  let http: HttpTestingController;

  function setup(): LanguageService {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideTranslocoTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    return TestBed.inject(LanguageService);
  }

  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    document.documentElement.lang = '';
  });
  afterEach(() => http.verify());

  it('defaults to Bahasa Indonesia and sets <html lang>', async () => {
    const languages = setup();
    await languages.init();
    expect(languages.language()).toBe('id');
    expect(document.documentElement.lang).toBe('id');
    expect(TestBed.inject(TranslocoService).translate('nav.home')).toBe('Beranda');
  });

  it('restores the stored choice', async () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    const languages = setup();
    await languages.init();
    expect(languages.language()).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('switching when signed out persists locally without calling the API', () => {
    const languages = setup();
    languages.select('en');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(TestBed.inject(TranslocoService).getActiveLang()).toBe('en');
    expect(TestBed.inject(TranslocoService).translate('nav.home')).toBe('Home');
    http.expectNone('/api/me');
  });

  it('switching when signed in saves the locale to the profile', () => {
    seedSession('director');
    const languages = setup();
    languages.select('en');
    const req = http.expectOne('/api/me');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toEqual({ locale: 'en' });
    req.flush(testUser('director', { locale: 'en' }));
    // Selecting the language the profile already has does not call the API again.
    languages.select('en');
    http.expectNone('/api/me');
  });

  it("applies the user's locale after login", () => {
    const languages = setup();
    languages.applyUserLocale('en-US');
    expect(languages.language()).toBe('en');
    languages.applyUserLocale('fr');
    expect(languages.language()).toBe('en');
    languages.applyUserLocale(null);
    expect(languages.language()).toBe('en');
    http.expectNone('/api/me');
  });

  it('maps locales to supported languages', () => {
    expect(toLanguage('id-ID')).toBe('id');
    expect(toLanguage('EN_gb')).toBe('en');
    expect(toLanguage('de')).toBeNull();
    expect(toLanguage(undefined)).toBeNull();
  });
});
