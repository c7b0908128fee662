import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';

import { API_DOCS_URL } from '../../core/http/api-url';

export interface TokenSecretDialogData {
  name: string;
  /** The `bcc_pat_…` secret; null when the server could not return it (idempotent replay). */
  secret: string | null;
}

/**
 * Shows a new token's secret exactly once, with a copy button and a clear warning. It cannot be
 * dismissed by Esc or a stray click on the backdrop — only by the explicit close button — and
 * nothing keeps the secret once it is closed.
 */
@Component({
  selector: 'bcc-token-secret-dialog',
  imports: [MatDialogModule, MatButtonModule, MatIconModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'apiTokens.secretTitle' | transloco: { name: data.name } }}</h2>
    <mat-dialog-content>
      @if (data.secret) {
        <div class="warning" role="alert">
          <mat-icon svgIcon="warning" class="warning__icon" />
          <p>{{ 'apiTokens.secretWarning' | transloco }}</p>
        </div>
        <div class="secret">
          <code class="secret__value" data-testid="token-secret">{{ data.secret }}</code>
          <button
            mat-stroked-button
            type="button"
            class="secret__copy"
            (click)="copy(data.secret)"
            data-testid="token-secret-copy"
          >
            <mat-icon [svgIcon]="copied() ? 'check' : 'content_copy'" />
            {{ (copied() ? 'apiTokens.copied' : 'apiTokens.copy') | transloco }}
          </button>
        </div>
        <p class="status" aria-live="polite">
          @if (copyFailed()) {
            {{ 'apiTokens.copyFailed' | transloco }}
          }
        </p>
      } @else {
        <p class="warning" role="alert" data-testid="token-secret-unavailable">
          {{ 'apiTokens.secretUnavailable' | transloco }}
        </p>
      }
      <p class="usage">
        {{ 'apiTokens.usage' | transloco }}
        <code>Authorization: Bearer bcc_pat_…</code> —
        <a [href]="docsUrl" target="_blank" rel="noopener">{{ 'apiTokens.docsLink' | transloco }}</a>
      </p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-flat-button type="button" mat-dialog-close data-testid="token-secret-close">
        {{ 'apiTokens.secretDone' | transloco }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .warning {
      display: flex;
      gap: 12px;
      align-items: flex-start;
      margin: 0 0 16px;
      padding: 12px 16px;
      border-radius: 12px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .warning p {
      margin: 0;
    }
    .warning__icon {
      flex: none;
    }
    .secret {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 12px;
      align-items: center;
    }
    .secret__value {
      flex: 1 1 240px;
      min-width: 0;
      padding: 12px;
      border-radius: 8px;
      border: 1px solid var(--mat-sys-outline-variant);
      background: var(--mat-sys-surface-container);
      color: var(--mat-sys-on-surface);
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 0.875rem;
      overflow-wrap: anywhere;
      user-select: all;
    }
    .status {
      min-height: 1.25rem;
      margin: 4px 0 8px;
      color: var(--mat-sys-error);
      font: var(--mat-sys-body-small);
    }
    .usage {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
      overflow-wrap: anywhere;
    }
    .usage code {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    }
  `,
})
export class TokenSecretDialogComponent {
  private readonly clipboard = inject(Clipboard);
  protected readonly data = inject<TokenSecretDialogData>(MAT_DIALOG_DATA);
  protected readonly docsUrl = API_DOCS_URL;
  protected readonly copied = signal(false);
  protected readonly copyFailed = signal(false);

  protected copy(secret: string): void {
    const ok = this.clipboard.copy(secret);
    this.copied.set(ok);
    this.copyFailed.set(!ok);
  }
}
