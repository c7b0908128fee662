import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';

import { toProblem } from '../../../core/http/problem';
import { applyServerErrors } from '../../../shared/forms/server-errors';
import { provideReferenceTranslations } from './reference-i18n';
import { DEPARTMENT_NAME_MAX, SORT_ORDER_MAX, requiredTrimmed, sortOrderValidator } from './reference-validation';
import type { Department, DepartmentUpdate } from './reference.models';
import { ReferenceService } from './reference.service';

export interface DepartmentDialogData {
  department: Department;
}

/**
 * Rename or reorder a department. The code and the operations flag are structural (users,
 * ticket queues, RFQ routing and KPI scope hang on them) and shown read-only.
 */
@Component({
  selector: 'bcc-department-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, TranslocoPipe],
  providers: [provideReferenceTranslations()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'reference.departments.editTitle' | transloco }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content class="content">
        <p class="identity">
          <span class="identity__label">{{ 'reference.departments.code' | transloco }}</span>
          <span class="identity__value" data-testid="department-form-code">{{ department.dept_code }}</span>
          <span class="identity__label">·</span>
          <span class="identity__value">
            {{ (department.is_ops ? 'reference.departments.ops' : 'reference.departments.nonOps') | transloco }}
          </span>
        </p>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="full">
          <mat-label>{{ 'reference.departments.name' | transloco }}</mat-label>
          <input matInput formControlName="name" autocomplete="off" [maxlength]="nameMax" required data-testid="department-form-name" />
          @if (form.controls.name.hasError('required')) {
            <mat-error data-testid="department-form-name-error">{{ 'validation.required' | transloco }}</mat-error>
          } @else if (form.controls.name.hasError('server')) {
            <mat-error data-testid="department-form-name-error">{{ form.controls.name.getError('server') }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="full">
          <mat-label>{{ 'reference.departments.nameEn' | transloco }}</mat-label>
          <input matInput formControlName="name_en" autocomplete="off" [maxlength]="nameMax" required data-testid="department-form-name-en" />
          @if (form.controls.name_en.hasError('required')) {
            <mat-error data-testid="department-form-name-en-error">{{ 'validation.required' | transloco }}</mat-error>
          } @else if (form.controls.name_en.hasError('server')) {
            <mat-error data-testid="department-form-name-en-error">{{ form.controls.name_en.getError('server') }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="full">
          <mat-label>{{ 'reference.departments.sortOrder' | transloco }}</mat-label>
          <input matInput type="text" inputmode="numeric" formControlName="sort_order" autocomplete="off" required data-testid="department-form-sort" />
          <mat-hint>{{ 'reference.departments.sortHint' | transloco }}</mat-hint>
          @if (form.controls.sort_order.hasError('required')) {
            <mat-error data-testid="department-form-sort-error">{{ 'validation.required' | transloco }}</mat-error>
          } @else if (form.controls.sort_order.hasError('wholeNumberRange')) {
            <mat-error data-testid="department-form-sort-error">{{ 'validation.wholeNumberRange' | transloco: { min: 0, max: sortMax } }}</mat-error>
          } @else if (form.controls.sort_order.hasError('server')) {
            <mat-error data-testid="department-form-sort-error">{{ form.controls.sort_order.getError('server') }}</mat-error>
          }
        </mat-form-field>
        <p class="note">{{ 'reference.departments.structuralNote' | transloco }}</p>
        @if (formError()) {
          <p class="form-error" role="alert" data-testid="department-form-error">{{ formError() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="department-form-cancel">{{ 'common.cancel' | transloco }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="department-form-submit">{{ 'common.save' | transloco }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styleUrl: './reference-dialog.scss',
})
export class DepartmentDialogComponent {
  private readonly reference = inject(ReferenceService);
  private readonly transloco = inject(TranslocoService);
  private readonly dialogRef = inject<MatDialogRef<DepartmentDialogComponent, Department>>(MatDialogRef);
  protected readonly department = inject<DepartmentDialogData>(MAT_DIALOG_DATA).department;
  protected readonly nameMax = DEPARTMENT_NAME_MAX;
  protected readonly sortMax = SORT_ORDER_MAX;
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);

  readonly form = new FormGroup({
    name: new FormControl(this.department.name, {
      nonNullable: true,
      validators: [requiredTrimmed, Validators.maxLength(DEPARTMENT_NAME_MAX)],
    }),
    name_en: new FormControl(this.department.name_en, {
      nonNullable: true,
      validators: [requiredTrimmed, Validators.maxLength(DEPARTMENT_NAME_MAX)],
    }),
    sort_order: new FormControl(String(this.department.sort_order), { nonNullable: true, validators: [sortOrderValidator] }),
  });

  submit(): void {
    for (const name of ['name', 'name_en', 'sort_order'] as const) {
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
    const value = this.form.getRawValue();
    const body: DepartmentUpdate = {};
    if (value.name !== this.department.name) {
      body.name = value.name;
    }
    if (value.name_en !== this.department.name_en) {
      body.name_en = value.name_en;
    }
    if (Number(value.sort_order) !== this.department.sort_order) {
      body.sort_order = Number(value.sort_order);
    }
    if (!Object.keys(body).length) {
      this.dialogRef.close();
      return;
    }
    this.saving.set(true);
    this.formError.set(null);
    this.reference.updateDepartment(this.department.dept_code, body).subscribe({
      next: (saved) => this.dialogRef.close(saved),
      error: (err: unknown) => this.showError(err),
    });
  }

  private showError(err: unknown): void {
    this.saving.set(false);
    const problem = toProblem(err);
    if (problem.status !== 422) {
      return; // Shown by the problem interceptor.
    }
    const c = this.form.controls;
    const placed = applyServerErrors(problem, { name: c.name, name_en: c.name_en, sort_order: c.sort_order });
    this.formError.set(placed ? null : (problem.detail ?? this.transloco.translate('errors.unexpected')));
  }
}
