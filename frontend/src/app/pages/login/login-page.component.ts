import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { ActivatedRoute, Router } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';

import { AuthService } from '../../core/auth/auth.service';
import { HealthService } from '../../core/health.service';
import { fieldErrors, toProblem } from '../../core/http/problem';
import { LanguageService } from '../../core/i18n/language.service';
import { LanguageToggleComponent } from '../../core/layout/language-toggle.component';
import { problemFallbackKey } from '../../core/notification.service';

/** Only same-app paths may be a return target (no `//evil.example`, no looping to /login). */
export function safeReturnUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return '/';
  }
  return value.startsWith('/login') ? '/' : value;
}

/** Mirrors the server's rule for the login body (an e-mail, at most 254 characters). */
const EMAIL_MAX_LENGTH = 254;

@Component({
  selector: 'bcc-login-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressSpinnerModule,
    TranslocoPipe,
    LanguageToggleComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './login-page.component.html',
  styleUrl: './login-page.component.scss',
})
export class LoginPageComponent {
  private readonly auth = inject(AuthService);
  private readonly languages = inject(LanguageService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly transloco = inject(TranslocoService);
  private readonly emailInput = viewChild.required<ElementRef<HTMLInputElement>>('emailInput');
  private readonly passwordInput = viewChild.required<ElementRef<HTMLInputElement>>('passwordInput');

  protected readonly form = new FormGroup({
    email: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.email, Validators.maxLength(EMAIL_MAX_LENGTH)],
    }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });

  protected readonly pending = signal(false);
  /** The form-level error shown in the alert region (bad credentials, throttling, network). */
  protected readonly error = signal<string | null>(null);
  /** Demo accounts are only advertised when the server says it runs in demo mode. */
  protected readonly health = toSignal(inject(HealthService).health(), { initialValue: null });

  protected submit(): void {
    if (this.pending()) {
      return;
    }
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.focusFirstInvalid();
      return;
    }
    const { email, password } = this.form.getRawValue();
    this.pending.set(true);
    this.auth.login(email, password).subscribe({
      next: (user) => {
        this.languages.applyUserLocale(user.locale);
        const returnUrl = safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl'));
        void this.router.navigateByUrl(returnUrl).finally(() => this.pending.set(false));
      },
      error: (err: unknown) => {
        this.pending.set(false);
        this.showError(err);
      },
    });
  }

  private showError(err: unknown): void {
    const problem = toProblem(err);
    const t = (key: string): string => this.transloco.translate(key);
    switch (problem.status) {
      case 401:
        // The server deliberately says the same for an unknown e-mail and a wrong password.
        this.error.set(t('login.errors.invalidCredentials'));
        this.form.controls.password.reset();
        this.passwordInput().nativeElement.focus();
        return;
      case 429:
        this.error.set([t('login.errors.throttled'), problem.detail].filter(Boolean).join(' '));
        return;
      case 422: {
        const errors = fieldErrors(problem);
        let shownInline = false;
        for (const field of ['email', 'password'] as const) {
          const message = errors[field];
          if (message) {
            this.form.controls[field].setErrors({ server: message });
            this.form.controls[field].markAsTouched();
            shownInline = true;
          }
        }
        this.error.set(shownInline ? t('login.errors.checkFields') : (problem.detail ?? t('errors.unexpected')));
        this.focusFirstInvalid();
        return;
      }
      default:
        this.error.set(problem.detail ?? t(problemFallbackKey(problem.status)));
    }
  }

  private focusFirstInvalid(): void {
    if (this.form.controls.email.invalid) {
      this.emailInput().nativeElement.focus();
    } else if (this.form.controls.password.invalid) {
      this.passwordInput().nativeElement.focus();
    }
  }
}
