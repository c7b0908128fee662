import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';

import { AuthService } from '../../core/auth/auth.service';
import { fieldErrors, toProblem } from '../../core/http/problem';
import { LanguageToggleComponent } from '../../core/layout/language-toggle.component';
import { NotificationService } from '../../core/notification.service';
import { ApiTokensComponent } from '../../shared/api-tokens/api-tokens.component';
import { PageHeaderComponent } from '../../shared/components/page-header.component';
import { ChangePasswordComponent } from './change-password.component';

/** Mirrors the server's limit on `profiles.full_name`. */
export const FULL_NAME_MAX_LENGTH = 200;

/** Profile (GET/PATCH /api/me), password change, language, sign-out and my API tokens. */
@Component({
  selector: 'bcc-me-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    TranslocoPipe,
    LanguageToggleComponent,
    PageHeaderComponent,
    ChangePasswordComponent,
    ApiTokensComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './me-page.component.html',
  styleUrl: './me-page.component.scss',
})
export class MePageComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly notifications = inject(NotificationService);
  private readonly transloco = inject(TranslocoService);

  protected readonly user = this.auth.user;
  protected readonly loading = signal(true);
  protected readonly saving = signal(false);
  protected readonly maxLength = FULL_NAME_MAX_LENGTH;
  protected readonly fullName = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.maxLength(FULL_NAME_MAX_LENGTH)],
  });

  constructor() {
    this.auth.loadMe().subscribe({
      next: () => this.loading.set(false),
      error: () => this.loading.set(false),
    });
    // Keep the field in step with the profile unless the user is editing it.
    effect(() => {
      const name = this.user()?.full_name ?? '';
      if (!this.fullName.dirty) {
        this.fullName.setValue(name);
      }
    });
  }

  protected saveName(): void {
    const value = this.fullName.value.trim();
    if (this.fullName.invalid || value === '') {
      this.fullName.setValue(value);
      this.fullName.markAsTouched();
      return;
    }
    this.saving.set(true);
    this.auth.updateMe({ full_name: value }).subscribe({
      next: (user) => {
        this.saving.set(false);
        this.fullName.reset(user.full_name);
        this.notifications.info(this.transloco.translate('me.saved'));
      },
      error: (err: unknown) => {
        this.saving.set(false);
        const problem = toProblem(err);
        if (problem.status === 422) {
          const message = fieldErrors(problem)['full_name'] ?? problem.detail;
          this.fullName.setErrors({ server: message ?? this.transloco.translate('errors.unexpected') });
          this.fullName.markAsTouched();
        }
      },
    });
  }

  protected logout(): void {
    this.auth.logout().subscribe();
    void this.router.navigate(['/login']);
  }
}
