import { Injectable, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { TranslocoService } from '@jsverse/transloco';

export const APP_TITLE = 'Business Command Center';

/**
 * Route `title`s are translation keys; the document title is "<page> · Business Command Center"
 * in the active language and follows language switches.
 */
@Injectable({ providedIn: 'root' })
export class TranslatedTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly transloco = inject(TranslocoService);
  private titleKey: string | undefined;

  constructor() {
    super();
    this.transloco.langChanges$.subscribe(() => this.render());
    this.transloco.events$.subscribe((event) => {
      if (event.type === 'translationLoadSuccess') {
        this.render();
      }
    });
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.titleKey = this.buildTitle(snapshot);
    this.render();
  }

  private render(): void {
    const key = this.titleKey;
    const page = key ? this.transloco.translate(key) : '';
    this.title.setTitle(page && page !== key ? `${page} · ${APP_TITLE}` : APP_TITLE);
  }
}
