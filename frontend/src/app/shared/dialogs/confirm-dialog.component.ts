import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { Observable, map } from 'rxjs';

import { dialogConfig } from './dialog-config';

export interface ConfirmDialogData {
  /** Already translated texts. */
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel: string;
  /** Destructive actions (revoke, deactivate) get the error colour. */
  destructive?: boolean;
}

/**
 * A yes/no question before an action that is hard to undo. Resolves `true` only on the
 * confirm button; Esc, the backdrop and Cancel all mean no.
 * Test ids: `confirm-dialog`, `confirm-dialog-ok`, `confirm-dialog-cancel`.
 */
@Component({
  selector: 'bcc-confirm-dialog',
  imports: [MatDialogModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content data-testid="confirm-dialog">
      <p class="message">{{ data.message }}</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false" data-testid="confirm-dialog-cancel">
        {{ data.cancelLabel }}
      </button>
      <button
        mat-flat-button
        type="button"
        [class.destructive]="data.destructive"
        [mat-dialog-close]="true"
        data-testid="confirm-dialog-ok"
      >
        {{ data.confirmLabel }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .message {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .destructive {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
})
export class ConfirmDialogComponent {
  protected readonly data = inject<ConfirmDialogData>(MAT_DIALOG_DATA);
}

/** Opens the confirm dialog; emits once, `true` when confirmed. */
export function confirmAction(dialog: MatDialog, data: ConfirmDialogData): Observable<boolean> {
  return dialog
    .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(
      ConfirmDialogComponent,
      dialogConfig(data, { width: '440px' }),
    )
    .afterClosed()
    .pipe(map((result) => result === true));
}
