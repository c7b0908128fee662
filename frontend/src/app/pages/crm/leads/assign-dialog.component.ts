import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';

import { toProblem } from '../../../core/http/problem';
import { applyServerErrors } from '../../../shared/forms/server-errors';
import { Conflict, allowedLabels, conflictOf } from '../shared/conflict';
import { CrmApiService } from '../shared/crm-api.service';
import { provideCrmTranslations } from '../shared/crm-i18n';
import type { Assignee, LeadAssigned } from '../shared/crm.models';
import { IdempotentSubmission } from '../shared/idempotency';

export interface AssignDialogData {
  leadId: string;
  companyName: string;
  currentOwnerId: string | null;
}

/**
 * "Assign lead": lists exactly the people the caller may assign to (`GET /api/crm/assignees`),
 * posts the handover itself and closes with the result. 409/422 are shown in the dialog.
 * Test ids: assign-dialog, assign-select, assign-option-<user_id>, assign-submit, assign-error.
 */
@Component({
  selector: 'bcc-crm-assign-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatProgressBarModule, MatSelectModule, TranslocoPipe],
  providers: [provideCrmTranslations()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'crm.assign.title' | transloco }}</h2>
    <form (submit)="$event.preventDefault(); submit()" novalidate>
      <mat-dialog-content data-testid="assign-dialog">
        <p class="help">{{ 'crm.assign.help' | transloco: { company: data.companyName, id: data.leadId } }}</p>
        @if (loading()) {
          <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | transloco" />
        } @else if (assignees().length === 0) {
          <p class="empty" role="alert">{{ 'crm.assign.nobody' | transloco }}</p>
        } @else {
          <mat-form-field appearance="outline" class="field">
            <mat-label>{{ 'crm.assign.owner' | transloco }}</mat-label>
            <mat-select [formControl]="owner" required data-testid="assign-select">
              @for (person of assignees(); track person.user_id) {
                <mat-option [value]="person.user_id" [attr.data-testid]="'assign-option-' + person.user_id">
                  {{ person.full_name }} · {{ 'roles.' + person.role | transloco }}
                  @if (person.user_id === data.currentOwnerId) {
                    ({{ 'crm.assign.current' | transloco }})
                  }
                </mat-option>
              }
            </mat-select>
            @if (owner.hasError('server')) {
              <mat-error>{{ owner.getError('server') }}</mat-error>
            } @else if (owner.hasError('required')) {
              <mat-error>{{ 'validation.required' | transloco }}</mat-error>
            }
          </mat-form-field>
        }
        @if (conflict(); as c) {
          <div class="error" role="alert" data-testid="assign-error">
            <p>{{ c.detail }}</p>
            @if (c.allowed.length) {
              <p>{{ 'crm.common.allowedMoves' | transloco: { allowed: allowedText() } }}</p>
            }
          </div>
        } @else if (error()) {
          <p class="error" role="alert" data-testid="assign-error">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
        <button mat-flat-button type="submit" [disabled]="saving() || loading() || assignees().length === 0" data-testid="assign-submit">
          {{ (saving() ? 'crm.assign.saving' : 'crm.assign.submit') | transloco }}
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
      width: 100%;
    }
    .empty {
      margin: 0;
    }
    .error {
      margin: 8px 0 0;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .error p {
      margin: 4px 0;
    }
  `,
})
export class AssignDialogComponent {
  private readonly api = inject(CrmApiService);
  private readonly transloco = inject(TranslocoService);
  private readonly dialogRef = inject<MatDialogRef<AssignDialogComponent, LeadAssigned>>(MatDialogRef);
  protected readonly data = inject<AssignDialogData>(MAT_DIALOG_DATA);

  protected readonly owner = new FormControl<string | null>(null, { validators: [Validators.required] });
  protected readonly assignees = signal<Assignee[]>([]);
  protected readonly loading = signal(true);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly conflict = signal<Conflict | null>(null);
  protected readonly allowedText = computed(() =>
    allowedLabels(this.conflict()?.allowed ?? [], this.transloco, 'crm.leadStatus.'),
  );
  private readonly submission = new IdempotentSubmission();

  constructor() {
    this.api
      .assignees()
      .pipe(takeUntilDestroyed())
      .subscribe({
        next: (res) => {
          this.assignees.set(res.items);
          this.loading.set(false);
        },
        error: () => {
          this.loading.set(false);
          this.error.set(this.transloco.translate('crm.assign.loadFailed'));
        },
      });
  }

  protected submit(): void {
    if (this.saving()) return;
    if (this.owner.invalid || !this.owner.value) {
      this.owner.markAsTouched();
      return;
    }
    const ownerId = this.owner.value;
    this.saving.set(true);
    this.error.set(null);
    this.conflict.set(null);
    const key = this.submission.keyFor({ lead: this.data.leadId, owner: ownerId });
    this.api.assignLead(this.data.leadId, ownerId, key).subscribe({
      next: (assigned) => {
        this.submission.complete();
        this.dialogRef.close(assigned);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        const problem = toProblem(err);
        if (problem.status === 409) {
          this.conflict.set(conflictOf(err, this.transloco, 'crm.common.conflict'));
        } else if (problem.status === 422) {
          const placed = applyServerErrors(problem, { sales_owner_user_id: this.owner });
          if (!placed) this.error.set(problem.detail ?? this.transloco.translate('errors.unexpected'));
        }
      },
    });
  }
}
