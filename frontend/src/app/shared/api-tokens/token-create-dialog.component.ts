import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';

import { toProblem } from '../../core/http/problem';
import { applyServerErrors } from '../forms/server-errors';
import {
  CreatedApiToken,
  TOKEN_DAYS_DEFAULT,
  TOKEN_DAYS_MAX,
  TOKEN_DAYS_MIN,
  TOKEN_NAME_MAX_LENGTH,
} from './api-token.models';
import { ApiTokensService } from './api-tokens.service';

/**
 * "Create token": name and lifetime in days. Posts itself (so server field errors show inline)
 * and closes with the created token, secret included, for the one-time secret dialog.
 */
@Component({
  selector: 'bcc-token-create-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'apiTokens.createTitle' | transloco }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content>
        <p class="help">{{ 'apiTokens.createHelp' | transloco }}</p>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="field">
          <mat-label>{{ 'apiTokens.nameLabel' | transloco }}</mat-label>
          <input
            matInput
            formControlName="name"
            [maxlength]="nameMax"
            required
            autocomplete="off"
            data-testid="token-name-input"
          />
          <mat-hint>{{ 'apiTokens.nameHint' | transloco }}</mat-hint>
          @if (form.controls.name.hasError('required')) {
            <mat-error>{{ 'validation.required' | transloco }}</mat-error>
          } @else if (form.controls.name.hasError('maxlength')) {
            <mat-error>{{ 'validation.maxLength' | transloco: { max: nameMax } }}</mat-error>
          } @else if (form.controls.name.hasError('server')) {
            <mat-error>{{ form.controls.name.getError('server') }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="field">
          <mat-label>{{ 'apiTokens.daysLabel' | transloco }}</mat-label>
          <input
            matInput
            type="number"
            inputmode="numeric"
            formControlName="days"
            [min]="daysMin"
            [max]="daysMax"
            step="1"
            required
            data-testid="token-days-input"
          />
          <mat-hint>{{ 'apiTokens.daysHint' | transloco: { min: daysMin, max: daysMax } }}</mat-hint>
          @if (form.controls.days.hasError('required')) {
            <mat-error>{{ 'validation.required' | transloco }}</mat-error>
          } @else if (form.controls.days.hasError('server')) {
            <mat-error>{{ form.controls.days.getError('server') }}</mat-error>
          } @else if (form.controls.days.invalid) {
            <mat-error>{{ 'validation.wholeNumberRange' | transloco: { min: daysMin, max: daysMax } }}</mat-error>
          }
        </mat-form-field>
        @if (formError()) {
          <p class="form-error" role="alert" data-testid="token-create-error">{{ formError() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="token-create-submit">
          {{ (saving() ? 'apiTokens.creating' : 'apiTokens.create') | transloco }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .help {
      margin: 0 0 16px;
      color: var(--mat-sys-on-surface-variant);
    }
    .field {
      display: block;
      margin-bottom: 16px;
    }
    .form-error {
      margin: 0;
      color: var(--mat-sys-error);
    }
  `,
})
export class TokenCreateDialogComponent {
  private readonly tokens = inject(ApiTokensService);
  private readonly dialogRef = inject<MatDialogRef<TokenCreateDialogComponent, CreatedApiToken>>(MatDialogRef);
  private readonly transloco = inject(TranslocoService);

  protected readonly nameMax = TOKEN_NAME_MAX_LENGTH;
  protected readonly daysMin = TOKEN_DAYS_MIN;
  protected readonly daysMax = TOKEN_DAYS_MAX;
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);

  protected readonly form = new FormGroup({
    name: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(TOKEN_NAME_MAX_LENGTH)],
    }),
    days: new FormControl<number | null>(TOKEN_DAYS_DEFAULT, {
      validators: [
        Validators.required,
        Validators.min(TOKEN_DAYS_MIN),
        Validators.max(TOKEN_DAYS_MAX),
        Validators.pattern(/^\d+$/),
      ],
    }),
  });

  protected submit(): void {
    const name = this.form.controls.name.value.trim();
    if (name !== this.form.controls.name.value) {
      this.form.controls.name.setValue(name);
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.formError.set(null);
    this.tokens.create({ name, expires_in_days: Number(this.form.controls.days.value) }).subscribe({
      next: (created) => this.dialogRef.close(created),
      error: (err: unknown) => {
        this.saving.set(false);
        const problem = toProblem(err);
        if (problem.status !== 422) {
          return; // Shown by the problem interceptor.
        }
        const placed = applyServerErrors(problem, {
          name: this.form.controls.name,
          expires_in_days: this.form.controls.days,
        });
        this.formError.set(placed ? null : (problem.detail ?? this.transloco.translate('errors.unexpected')));
      },
    });
  }
}
