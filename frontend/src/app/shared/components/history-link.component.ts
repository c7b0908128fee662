import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';

import { AuthService } from '../../core/auth/auth.service';
import { canAccess } from '../../core/permissions';

/**
 * "Riwayat" (history): a record's changes in the audit viewer
 * (`/admin/audit?table_name=…&record_id=…`), shown only to roles that may open it
 * (super_admin, director). `compact` renders an icon button for table rows. A plain link (no
 * RouterLink), so pages and their tests need no ActivatedRoute for it.
 * Test id: `history-<table>` (or the given testId).
 */
@Component({
  selector: 'bcc-history-link',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (visible()) {
      @if (compact()) {
        <a
          mat-icon-button
          [href]="href()"
          (click)="open($event)"
          [matTooltip]="'audit.history' | transloco"
          [attr.aria-label]="('audit.historyLabel' | transloco) + (label() ? ': ' + label() : '')"
          [attr.data-testid]="testId() ?? 'history-' + table()"
        >
          <mat-icon svgIcon="history" />
        </a>
      } @else {
        <a
          mat-stroked-button
          [href]="href()"
          (click)="open($event)"
          [attr.aria-label]="'audit.historyLabel' | transloco"
          [attr.data-testid]="testId() ?? 'history-' + table()"
        >
          <mat-icon svgIcon="history" />
          {{ 'audit.history' | transloco }}
        </a>
      }
    }
  `,
})
export class HistoryLinkComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  /** Audited table (`leads`, `customers`, `tickets`, `invoices`, `profiles` …). */
  readonly table = input.required<string>();
  readonly recordId = input.required<string | null | undefined>();
  readonly compact = input(false);
  /** Spoken after "history" on the compact button (e.g. the user's name). */
  readonly label = input<string | null>(null);
  readonly testId = input<string | null>(null);

  protected readonly visible = computed(() => !!this.recordId() && canAccess(this.auth.role(), 'audit'));
  private readonly url = computed(() =>
    this.router.createUrlTree(['/admin/audit'], { queryParams: { table_name: this.table(), record_id: this.recordId() } }),
  );
  protected readonly href = computed(() => this.router.serializeUrl(this.url()));

  /** A plain click navigates in the app; ctrl/⌘/middle click opens a new tab as usual. */
  protected open(event: MouseEvent): void {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void this.router.navigateByUrl(this.url());
  }
}
