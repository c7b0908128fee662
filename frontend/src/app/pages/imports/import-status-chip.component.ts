import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';

import type { ImportStatus } from './imports.models';

const TONE: Readonly<Record<ImportStatus, string>> = {
  UPLOADED: 'neutral',
  STAGED: 'info',
  PROCESSING: 'progress',
  COMPLETED: 'good',
  COMPLETED_WITH_ERRORS: 'warn',
  FAILED: 'bad',
};

/** An import's status as a small coloured label in the UI language. */
@Component({
  selector: 'bcc-import-status',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="chip chip--{{ tone() }}" [attr.data-testid]="testId()" [attr.data-value]="status()">{{
    'imports.status.' + status() | transloco
  }}</span>`,
  styles: `
    .chip {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 999px;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
    }
    .chip--neutral { background: var(--mat-sys-surface-container-high); color: var(--mat-sys-on-surface); }
    .chip--info { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .chip--progress { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    .chip--good { background: #c8e6c9; color: #1b5e20; }
    .chip--warn { background: #ffe0b2; color: #7a3b00; }
    .chip--bad { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
  `,
})
export class ImportStatusChipComponent {
  readonly status = input.required<ImportStatus>();
  readonly testId = input<string | null>(null);
  protected readonly tone = computed(() => TONE[this.status()] ?? 'neutral');
}
