import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { ControlContainer, FormGroupDirective, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';

/**
 * The inside of a marketing create form (events, spend): title, the projected form fields in a
 * three-column grid, the notes field every marketing record has (control `notes`), the form-level
 * error and the submit button (test ids `<testPrefix>-notes`, `<testPrefix>-error`, `<testPrefix>-submit`). It sits on the `<form>` itself
 * (`<form bccCrmMarketingCreateForm [formGroup]=…>`), so the page keeps its reactive form,
 * `#createForm="ngForm"` and `(ngSubmit)`, and the DOM is the one of a plain form.
 */
@Component({
  selector: 'form[bccCrmMarketingCreateForm]',
  imports: [ReactiveFormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatInputModule, TranslocoPipe],
  // The notes field below is in this view: hand it the host form's container, which Angular's
  // @Host() lookup of formControlName would not reach on its own.
  viewProviders: [{ provide: ControlContainer, useExisting: FormGroupDirective }],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card-header>
      <mat-card-title><h2 class="create__title">{{ headingKey() | transloco }}</h2></mat-card-title>
    </mat-card-header>
    <mat-card-content class="grid">
      <ng-content />
      <mat-form-field appearance="outline" class="span-3">
        <mat-label>{{ 'crm.fields.notes' | transloco }}</mat-label>
        <textarea matInput formControlName="notes" rows="2" [maxlength]="notesMaxLength()" [attr.data-testid]="testPrefix() + '-notes'"></textarea>
        @if (form.control.get('notes')?.getError('server'); as error) {
          <mat-error>{{ error }}</mat-error>
        }
      </mat-form-field>
    </mat-card-content>
    @if (error()) {
      <p class="form-error" role="alert" [attr.data-testid]="testPrefix() + '-error'">{{ error() }}</p>
    }
    <mat-card-actions align="end">
      <button mat-flat-button type="submit" [disabled]="saving()" [attr.data-testid]="testPrefix() + '-submit'">
        {{ (saving() ? 'crm.common.saving' : submitKey()) | transloco }}
      </button>
    </mat-card-actions>
  `,
  styles: `
    .create__title {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }

    .grid {
      display: grid;
      grid-template-columns: 1fr;
      gap: 4px 16px;
      padding-top: 12px;

      // Most fields are the page's (projected), hence ::ng-deep, kept below this grid.
      ::ng-deep mat-form-field {
        width: 100%;
      }

      @media (min-width: 720px) {
        grid-template-columns: repeat(3, 1fr);

        ::ng-deep .span-2 {
          grid-column: span 2;
        }

        ::ng-deep .span-3 {
          grid-column: 1 / -1;
        }
      }
    }

    .form-error {
      margin: 0 16px 8px;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class MarketingCreateFormComponent {
  /** Translation key of the card title. */
  readonly headingKey = input.required<string>();
  /** Translation key of the submit button (it reads "saving…" while `saving`). */
  readonly submitKey = input.required<string>();
  /** `mkt-event` | `mkt-spend`: test ids `<testPrefix>-error`, `<testPrefix>-submit`. */
  readonly testPrefix = input.required<string>();
  /** The form-level message (a problem the fields could not take), or null. */
  readonly error = input<string | null>(null);
  readonly saving = input(false);
  /** The notes' maxlength (the API's limit for this record). */
  readonly notesMaxLength = input.required<number>();

  /** The page's `[formGroup]` on this same `<form>`. */
  protected readonly form = inject(FormGroupDirective);
}
