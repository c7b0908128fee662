import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';

import {
  NEW_PASSWORD_VALIDATORS,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordsMatch,
} from '../../../core/auth/password';
import { toProblem } from '../../../core/http/problem';
import { applyServerErrors } from '../../../shared/forms/server-errors';
import type { UserProfile } from './user.models';
import { UsersService } from './users.service';

/**
 * Sets a new password for a user (POST /api/users/{id}/password); the server ends their
 * sessions. Closes with `true` once done. Test ids: reset-password-input,
 * reset-password-confirm, reset-password-submit.
 */
@Component({
  selector: 'bcc-reset-password-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'users.reset.title' | transloco }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content class="content">
        <p class="help">{{ 'users.reset.help' | transloco: { name: user.full_name, email: user.email } }}</p>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ 'password.new' | transloco }}</mat-label>
          <input
            matInput
            type="password"
            formControlName="password"
            autocomplete="new-password"
            required
            data-testid="reset-password-input"
          />
          <mat-hint>{{ 'validation.minLength' | transloco: { min: minLength } }}</mat-hint>
          @if (form.controls.password.hasError('required')) {
            <mat-error>{{ 'validation.required' | transloco }}</mat-error>
          } @else if (form.controls.password.hasError('minlength')) {
            <mat-error>{{ 'validation.minLength' | transloco: { min: minLength } }}</mat-error>
          } @else if (form.controls.password.hasError('maxlength')) {
            <mat-error>{{ 'validation.maxLength' | transloco: { max: maxLength } }}</mat-error>
          } @else if (form.controls.password.hasError('server')) {
            <mat-error>{{ form.controls.password.getError('server') }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ 'password.confirm' | transloco }}</mat-label>
          <input
            matInput
            type="password"
            formControlName="confirm"
            autocomplete="new-password"
            required
            data-testid="reset-password-confirm"
          />
          @if (form.controls.confirm.hasError('required')) {
            <mat-error>{{ 'validation.required' | transloco }}</mat-error>
          } @else if (form.controls.confirm.hasError('mismatch')) {
            <mat-error>{{ 'validation.passwordMismatch' | transloco }}</mat-error>
          }
        </mat-form-field>
        @if (formError()) {
          <p class="form-error" role="alert">{{ formError() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="reset-password-submit">
          {{ 'users.reset.submit' | transloco }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .content {
      display: grid;
      gap: 16px;
    }
    .help {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
      overflow-wrap: anywhere;
    }
    .form-error {
      margin: 0;
      color: var(--mat-sys-error);
    }
  `,
})
export class ResetPasswordDialogComponent {
  private readonly users = inject(UsersService);
  private readonly transloco = inject(TranslocoService);
  private readonly dialogRef = inject<MatDialogRef<ResetPasswordDialogComponent, boolean>>(MatDialogRef);
  protected readonly user = inject<UserProfile>(MAT_DIALOG_DATA);

  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly maxLength = PASSWORD_MAX_LENGTH;
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);

  protected readonly form = new FormGroup(
    {
      password: new FormControl('', { nonNullable: true, validators: NEW_PASSWORD_VALIDATORS }),
      confirm: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    },
    { validators: passwordsMatch('password', 'confirm') },
  );

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.formError.set(null);
    this.users.resetPassword(this.user.user_id, this.form.controls.password.value).subscribe({
      next: () => this.dialogRef.close(true),
      error: (err: unknown) => {
        this.saving.set(false);
        const problem = toProblem(err);
        if (problem.status !== 422) {
          return;
        }
        const placed = applyServerErrors(problem, { password: this.form.controls.password });
        this.formError.set(placed ? null : (problem.detail ?? this.transloco.translate('errors.unexpected')));
      },
    });
  }
}
