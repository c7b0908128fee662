import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { Observable } from 'rxjs';

import { ROLES, Role, isRole } from '../../../core/auth/auth.models';
import { AuthService } from '../../../core/auth/auth.service';
import { NEW_PASSWORD_VALIDATORS, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../core/auth/password';
import { DEFAULT_DEPARTMENT_BY_ROLE, DEPARTMENT_CODES } from '../../../core/departments';
import { toProblem } from '../../../core/http/problem';
import { LANGUAGES } from '../../../core/i18n/language.service';
import { applyServerErrors } from '../../../shared/forms/server-errors';
import { EMAIL_MAX_LENGTH, FULL_NAME_MAX_LENGTH, UserCreate, UserProfile, UserUpdate } from './user.models';
import { UsersService } from './users.service';

export interface UserFormDialogData {
  /** The user to edit; absent for "New user". */
  user?: UserProfile;
  /** Everyone the user may report to (manager roles), from UsersService.managers(). */
  managers: readonly UserProfile[];
}

/**
 * "New user" and "Edit user". Posts/patches itself so server errors land on their fields
 * (409 → email, 422 → the named field, e.g. manager_user_id for a reporting cycle) and closes
 * with the saved profile. Selects are native (`matNativeControl`): light, phone-friendly and
 * with plain option values (role, department code, manager user_id; "" = none).
 */
@Component({
  selector: 'bcc-user-form-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    TranslocoPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './user-form-dialog.component.html',
  styleUrl: './user-form-dialog.component.scss',
})
export class UserFormDialogComponent {
  private readonly users = inject(UsersService);
  private readonly transloco = inject(TranslocoService);
  private readonly dialogRef = inject<MatDialogRef<UserFormDialogComponent, UserProfile>>(MatDialogRef);
  protected readonly data = inject<UserFormDialogData>(MAT_DIALOG_DATA);

  protected readonly editing = this.data.user ?? null;
  /** An administrator editing their own account may not change their role (no self-lockout). */
  protected readonly editingSelf = !!this.editing && this.editing.user_id === inject(AuthService).user()?.user_id;
  protected readonly roles = ROLES;
  protected readonly departments = DEPARTMENT_CODES;
  protected readonly locales = LANGUAGES;
  protected readonly emailMax = EMAIL_MAX_LENGTH;
  protected readonly nameMax = FULL_NAME_MAX_LENGTH;
  protected readonly passwordMin = PASSWORD_MIN_LENGTH;
  protected readonly passwordMax = PASSWORD_MAX_LENGTH;
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly showPassword = signal(false);

  protected readonly form = new FormGroup({
    email: new FormControl(this.editing?.email ?? '', {
      nonNullable: true,
      validators: this.editing ? [] : [Validators.required, Validators.email, Validators.maxLength(EMAIL_MAX_LENGTH)],
    }),
    full_name: new FormControl(this.editing?.full_name ?? '', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(FULL_NAME_MAX_LENGTH)],
    }),
    role: new FormControl<string>(this.editing?.role ?? '', { nonNullable: true, validators: [Validators.required] }),
    dept_code: new FormControl<string>(this.editing?.dept_code ?? '', {
      nonNullable: true,
      validators: [Validators.required],
    }),
    manager_user_id: new FormControl<string>(this.editing?.manager_user_id ?? '', { nonNullable: true }),
    password: new FormControl('', {
      nonNullable: true,
      validators: this.editing ? [] : NEW_PASSWORD_VALIDATORS,
    }),
    locale: new FormControl<string>(this.editing?.locale ?? 'id', { nonNullable: true }),
  });

  /**
   * Manager choices: active users of a manager role, never the user themself; the current
   * manager stays listed even when no longer active, so an edit does not silently drop it.
   */
  protected readonly managerOptions = computed(() => {
    const self = this.editing?.user_id;
    const current = this.editing?.manager_user_id;
    return this.data.managers.filter(
      (manager) => manager.user_id !== self && (manager.is_active || manager.user_id === current),
    );
  });

  protected readonly hasUnknownManager = computed(() => {
    const current = this.editing?.manager_user_id;
    return !!current && !this.managerOptions().some((manager) => manager.user_id === current);
  });

  constructor() {
    if (this.editingSelf) {
      this.form.controls.role.disable();
    }
    // A new user's department follows the role until the admin picks one themself.
    this.form.controls.role.valueChanges.subscribe((role) => {
      const dept = this.form.controls.dept_code;
      if (!dept.dirty && isRole(role)) {
        dept.setValue(DEFAULT_DEPARTMENT_BY_ROLE[role] ?? (this.editing ? dept.value : ''));
      }
    });
  }

  protected submit(): void {
    for (const name of ['email', 'full_name'] as const) {
      const control = this.form.controls[name];
      const trimmed = control.value.trim();
      if (trimmed !== control.value) {
        control.setValue(trimmed);
      }
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const request = this.editing ? this.update(this.editing) : this.create();
    if (!request) {
      this.dialogRef.close();
      return;
    }
    this.saving.set(true);
    this.formError.set(null);
    request.subscribe({
      next: (user) => this.dialogRef.close(user),
      error: (err: unknown) => this.showError(err),
    });
  }

  private create(): Observable<UserProfile> {
    const value = this.form.getRawValue();
    const body: UserCreate = {
      email: value.email,
      full_name: value.full_name,
      role: value.role as Role,
      dept_code: value.dept_code,
      password: value.password,
      locale: value.locale,
    };
    if (value.manager_user_id) {
      body.manager_user_id = value.manager_user_id;
    }
    return this.users.create(body);
  }

  /** Sends only what changed; null when nothing did. */
  private update(user: UserProfile): Observable<UserProfile> | null {
    const value = this.form.getRawValue();
    const body: UserUpdate = {};
    if (value.full_name !== user.full_name) {
      body.full_name = value.full_name;
    }
    if (value.role !== user.role) {
      body.role = value.role as Role;
    }
    if (value.dept_code !== user.dept_code) {
      body.dept_code = value.dept_code;
    }
    const manager = value.manager_user_id || null;
    if (manager !== user.manager_user_id) {
      body.manager_user_id = manager;
    }
    return Object.keys(body).length ? this.users.update(user.user_id, body, [409, 422]) : null;
  }

  private showError(err: unknown): void {
    this.saving.set(false);
    const problem = toProblem(err);
    if (problem.status !== 409 && problem.status !== 422) {
      return; // Shown by the problem interceptor.
    }
    const controls = this.form.controls;
    const emailInUse = this.transloco.translate('users.form.emailInUse');
    if (problem.status === 409 && !this.editing && problem.errors.every((e) => !e.field || e.field === 'email')) {
      // Duplicate email, with or without an errors[] entry.
      controls.email.setErrors({ server: emailInUse });
      controls.email.markAsTouched();
      this.formError.set(null);
      return;
    }
    const placed = applyServerErrors(
      problem,
      {
        email: controls.email,
        full_name: controls.full_name,
        role: controls.role,
        dept_code: controls.dept_code,
        manager_user_id: controls.manager_user_id,
        password: controls.password,
        locale: controls.locale,
      },
      problem.status === 409 ? { email: emailInUse } : {},
    );
    this.formError.set(placed ? null : (problem.detail ?? this.transloco.translate('errors.unexpected')));
  }
}
