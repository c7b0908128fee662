import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';

import { AuthService } from '../../core/auth/auth.service';
import {
  NEW_PASSWORD_VALIDATORS,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordsMatch,
} from '../../core/auth/password';
import { toProblem } from '../../core/http/problem';
import { NotificationService } from '../../core/notification.service';
import { applyServerErrors } from '../../shared/forms/server-errors';

/**
 * "Change password" (POST /api/me/password). Validates like the server (new password at least
 * 10 characters, confirmation must match); a wrong current password comes back as a 422 on
 * `current_password` and shows under that field. On success the server has revoked every
 * refresh token of the user, this tab's too, so the user is told and signed out to sign in
 * again with the new password.
 */
@Component({
  selector: 'bcc-change-password',
  imports: [ReactiveFormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatInputModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" data-testid="me-password">
      <mat-card-header>
        <mat-card-title><h2 class="card-title">{{ 'password.title' | transloco }}</h2></mat-card-title>
      </mat-card-header>
      <mat-card-content>
        <p class="muted">{{ 'password.help' | transloco }}</p>
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate class="form">
          <!-- Lets password managers pair the new password with this account. -->
          <input type="email" name="username" autocomplete="username" [value]="email()" hidden />
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ 'password.current' | transloco }}</mat-label>
            <input
              matInput
              type="password"
              formControlName="current"
              autocomplete="current-password"
              required
              data-testid="me-password-current"
            />
            @if (form.controls.current.hasError('required')) {
              <mat-error>{{ 'validation.required' | transloco }}</mat-error>
            } @else if (form.controls.current.hasError('server')) {
              <mat-error data-testid="me-password-current-error">{{ form.controls.current.getError('server') }}</mat-error>
            }
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ 'password.new' | transloco }}</mat-label>
            <input
              matInput
              type="password"
              formControlName="next"
              autocomplete="new-password"
              required
              [attr.minlength]="minLength"
              data-testid="me-password-new"
            />
            <mat-hint>{{ 'validation.minLength' | transloco: { min: minLength } }}</mat-hint>
            @if (form.controls.next.hasError('required')) {
              <mat-error>{{ 'validation.required' | transloco }}</mat-error>
            } @else if (form.controls.next.hasError('minlength')) {
              <mat-error>{{ 'validation.minLength' | transloco: { min: minLength } }}</mat-error>
            } @else if (form.controls.next.hasError('maxlength')) {
              <mat-error>{{ 'validation.maxLength' | transloco: { max: maxLength } }}</mat-error>
            } @else if (form.controls.next.hasError('server')) {
              <mat-error>{{ form.controls.next.getError('server') }}</mat-error>
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
              data-testid="me-password-confirm"
            />
            @if (form.controls.confirm.hasError('required')) {
              <mat-error>{{ 'validation.required' | transloco }}</mat-error>
            } @else if (form.controls.confirm.hasError('mismatch')) {
              <mat-error data-testid="me-password-mismatch">{{ 'validation.passwordMismatch' | transloco }}</mat-error>
            }
          </mat-form-field>
          @if (formError()) {
            <p class="form-error" role="alert">{{ formError() }}</p>
          }
          <div class="actions">
            <button mat-flat-button type="submit" [disabled]="saving()" data-testid="me-password-submit">
              {{ (saving() ? 'password.submitting' : 'password.submit') | transloco }}
            </button>
          </div>
        </form>
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .card-title {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    .muted {
      margin: 0 0 16px;
      color: var(--mat-sys-on-surface-variant);
    }
    .form {
      display: grid;
      gap: 16px;
    }
    .form-error {
      margin: 0;
      color: var(--mat-sys-error);
    }
    .actions {
      display: flex;
      justify-content: flex-end;
    }
  `,
})
export class ChangePasswordComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly notifications = inject(NotificationService);
  private readonly transloco = inject(TranslocoService);

  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly maxLength = PASSWORD_MAX_LENGTH;
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly email = computed(() => this.auth.user()?.email ?? '');

  protected readonly form = new FormGroup(
    {
      current: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
      next: new FormControl('', { nonNullable: true, validators: NEW_PASSWORD_VALIDATORS }),
      confirm: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    },
    { validators: passwordsMatch('next', 'confirm') },
  );

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { current, next } = this.form.getRawValue();
    this.saving.set(true);
    this.formError.set(null);
    this.auth.changePassword(current, next).subscribe({
      next: () => {
        this.saving.set(false);
        this.form.reset();
        void this.notifications.info(this.transloco.translate('password.changed'), 10_000);
        // The server ended every session of this user; sign in again with the new password.
        this.auth.logout().subscribe();
        void this.router.navigate(['/login']);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        const problem = toProblem(err);
        if (problem.status !== 422) {
          return; // Shown by the problem interceptor.
        }
        const placed = applyServerErrors(
          problem,
          { current_password: this.form.controls.current, new_password: this.form.controls.next },
          { current_password: this.transloco.translate('password.currentIncorrect') },
        );
        this.formError.set(placed ? null : (problem.detail ?? this.transloco.translate('errors.unexpected')));
      },
    });
  }
}
