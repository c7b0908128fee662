import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { filter, switchMap } from 'rxjs';

import { API_DOCS_URL } from '../../core/http/api-url';
import { NotificationService } from '../../core/notification.service';
import { confirmAction } from '../dialogs/confirm-dialog.component';
import { dialogConfig } from '../dialogs/dialog-config';
import { IdDatePipe, IdDateTimePipe } from '../format/format.pipes';
import { ApiToken, ApiTokenStatus, CreatedApiToken, tokenStatus, withoutSecret } from './api-token.models';
import { ApiTokensService } from './api-tokens.service';
import { TokenCreateDialogComponent } from './token-create-dialog.component';
import { TokenSecretDialogComponent, TokenSecretDialogData } from './token-secret-dialog.component';

/**
 * "My API tokens": the signed-in user's partner tokens — list, create (secret shown once in a
 * dialog, never in the list) and revoke. Used on the Me page and on Admin → API tokens.
 * Test ids: me-tokens-table, me-token-create, token-revoke-<token_id>, me-tokens-more.
 */
@Component({
  selector: 'bcc-api-tokens',
  imports: [
    MatButtonModule,
    MatCardModule,
    MatDialogModule,
    MatIconModule,
    MatProgressBarModule,
    MatTableModule,
    TranslocoPipe,
    IdDatePipe,
    IdDateTimePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './api-tokens.component.html',
  styleUrl: './api-tokens.component.scss',
})
export class ApiTokensComponent {
  private readonly service = inject(ApiTokensService);
  private readonly dialog = inject(MatDialog);
  private readonly notifications = inject(NotificationService);
  private readonly transloco = inject(TranslocoService);

  protected readonly columns = ['name', 'prefix', 'created', 'expires', 'lastUsed', 'status', 'actions'];
  protected readonly docsUrl = API_DOCS_URL;
  protected readonly tokens = signal<ApiToken[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly loadFailed = signal(false);
  protected readonly revoking = signal<string | null>(null);

  constructor() {
    this.load();
  }

  protected status(token: ApiToken): ApiTokenStatus {
    return tokenStatus(token);
  }

  protected load(more = false): void {
    this.loading.set(true);
    this.loadFailed.set(false);
    this.service.list({ cursor: more ? this.nextCursor() : null }).subscribe({
      next: (page) => {
        this.tokens.update((current) => (more ? [...current, ...page.items] : page.items));
        this.nextCursor.set(page.next_cursor);
        this.loading.set(false);
      },
      error: () => {
        this.loading.set(false);
        this.loadFailed.set(true);
      },
    });
  }

  protected create(): void {
    this.dialog
      .open<TokenCreateDialogComponent, void, CreatedApiToken>(TokenCreateDialogComponent, dialogConfig(undefined, { width: '480px' }))
      .afterClosed()
      .pipe(filter((created): created is CreatedApiToken => !!created))
      .subscribe((created) => {
        // The list only ever gets the token without its secret…
        this.tokens.update((current) => [withoutSecret(created), ...current]);
        // …which the user sees once, here, and which is gone when this dialog closes.
        this.dialog.open<TokenSecretDialogComponent, TokenSecretDialogData>(
          TokenSecretDialogComponent,
          dialogConfig({ name: created.name, secret: created.token }, { disableClose: true }),
        );
      });
  }

  protected revoke(token: ApiToken): void {
    const t = (key: string, params?: Record<string, unknown>) => this.transloco.translate(key, params);
    confirmAction(this.dialog, {
      title: t('apiTokens.revokeTitle'),
      message: t('apiTokens.revokeMessage', { name: token.name, prefix: token.token_prefix }),
      confirmLabel: t('apiTokens.revoke'),
      cancelLabel: t('common.cancel'),
      destructive: true,
    })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.revoking.set(token.token_id);
          return this.service.revoke(token.token_id);
        }),
      )
      .subscribe({
        next: () => {
          this.revoking.set(null);
          const revokedAt = new Date().toISOString();
          this.tokens.update((current) =>
            current.map((item) => (item.token_id === token.token_id ? { ...item, revoked_at: revokedAt } : item)),
          );
          void this.notifications.info(t('apiTokens.revoked', { name: token.name }));
        },
        error: () => this.revoking.set(null),
      });
  }
}
