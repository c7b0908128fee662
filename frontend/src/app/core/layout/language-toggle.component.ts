import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatButtonToggleChange, MatButtonToggleModule } from '@angular/material/button-toggle';
import { TranslocoPipe } from '@jsverse/transloco';

import { LANGUAGES, Language, LanguageService } from '../i18n/language.service';

/** ID / EN switch. Test ids: `<testId>-toggle`, `<testId>-id`, `<testId>-en`. */
@Component({
  selector: 'bcc-language-toggle',
  imports: [MatButtonToggleModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-button-toggle-group
      class="language-toggle"
      [class.language-toggle--on-primary]="onPrimary()"
      [value]="languages.language()"
      (change)="select($event)"
      [attr.aria-label]="'language.label' | transloco"
      [attr.data-testid]="testId() + '-toggle'"
      [hideSingleSelectionIndicator]="true"
    >
      @for (language of options; track language) {
        <mat-button-toggle
          [value]="language"
          [attr.data-testid]="testId() + '-' + language"
          [attr.lang]="language"
          [aria-label]="'language.' + language | transloco"
        >
          {{ language.toUpperCase() }}
        </mat-button-toggle>
      }
    </mat-button-toggle-group>
  `,
  styles: `
    .language-toggle {
      --mat-button-toggle-height: 36px;
      flex: none;
    }
    /* On the primary-coloured toolbar. */
    .language-toggle--on-primary {
      --mat-button-toggle-text-color: var(--mat-sys-on-primary);
      --mat-button-toggle-background-color: transparent;
      --mat-button-toggle-selected-state-background-color: var(--mat-sys-on-primary);
      --mat-button-toggle-selected-state-text-color: var(--mat-sys-primary);
      --mat-button-toggle-state-layer-color: var(--mat-sys-on-primary);
      --mat-button-toggle-divider-color: var(--mat-sys-on-primary);
    }
  `,
})
export class LanguageToggleComponent {
  protected readonly languages = inject(LanguageService);
  protected readonly options = LANGUAGES;
  readonly testId = input('lang');
  readonly onPrimary = input(false);

  protected select(change: MatButtonToggleChange): void {
    const value: unknown = change.value;
    if (value === 'id' || value === 'en') {
      this.languages.select(value as Language);
    }
  }
}
