import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslocoPipe } from '@jsverse/transloco';

import { HistoryLinkComponent } from '../../../shared/components/history-link.component';

/*
 * The pieces every reference table repeats (departments, holidays, SLA, stale thresholds).
 * They render inside the page's view, so its Transloco scope "reference" applies.
 */

/** The reserved 4px line above a table, with the loading bar while `loading`. */
@Component({
  selector: 'bcc-ref-progress',
  imports: [MatProgressBarModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="progress">
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | transloco" />
      }
    </div>
  `,
  styles: `
    :host {
      display: block;
    }

    .progress {
      height: 4px;
    }
  `,
})
export class RefProgressComponent {
  readonly loading = input(false);
}

/** "Could not load" and a retry button, inline (in an empty table row or a note), while `failed`. */
@Component({
  selector: 'bcc-ref-load-failed',
  imports: [MatButtonModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (failed()) {
      {{ 'reference.loadFailed' | transloco }}
      <button mat-button type="button" (click)="retry.emit()">{{ 'common.retry' | transloco }}</button>
    }
  `,
  styles: `
    :host {
      display: contents;
    }
  `,
})
export class RefLoadFailedComponent {
  /** Shown only while true (default: the caller decides with its own @if). */
  readonly failed = input(true);
  readonly retry = output<void>();
}

/**
 * A row's actions cell content: its history link and the edit button (test id `editTestId`,
 * labelled with the row's name), then any projected extra button (the holiday's delete).
 */
@Component({
  selector: 'bcc-ref-row-actions',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule, TranslocoPipe, HistoryLinkComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="actions">
      <bcc-history-link [table]="table()" [recordId]="recordId()" [compact]="true" [label]="label()" />
      <button
        mat-icon-button
        type="button"
        (click)="edit.emit()"
        [matTooltip]="'common.edit' | transloco"
        [attr.aria-label]="'reference.editNamed' | transloco: { name: label() }"
        [attr.data-testid]="editTestId()"
      >
        <mat-icon svgIcon="edit" />
      </button>
      <ng-content />
    </div>
  `,
  styles: `
    :host {
      display: contents;
    }

    // Icon buttons and the history link (an inline component) on one line, vertically centred.
    .actions {
      display: inline-flex;
      align-items: center;
      justify-content: flex-end;
    }
  `,
})
export class RefRowActionsComponent {
  /** The audited table (history link). */
  readonly table = input.required<string>();
  readonly recordId = input.required<string>();
  /** The row's name: the history link's and the edit button's accessible label. */
  readonly label = input.required<string>();
  readonly editTestId = input.required<string>();
  readonly edit = output<void>();
}
