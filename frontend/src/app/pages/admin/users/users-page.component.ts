import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import {
  EMPTY,
  Subject,
  catchError,
  combineLatest,
  debounceTime,
  distinctUntilChanged,
  filter,
  map,
  startWith,
  switchMap,
} from 'rxjs';

import { ROLES, Role } from '../../../core/auth/auth.models';
import { AuthService } from '../../../core/auth/auth.service';
import { DEPARTMENT_CODES, MANAGER_ROLES } from '../../../core/departments';
import { NotificationService } from '../../../core/notification.service';
import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { HistoryLinkComponent } from '../../../shared/components/history-link.component';
import { confirmAction } from '../../../shared/dialogs/confirm-dialog.component';
import { dialogConfig } from '../../../shared/dialogs/dialog-config';
import { ResetPasswordDialogComponent } from './reset-password-dialog.component';
import { UserFormDialogComponent, UserFormDialogData } from './user-form-dialog.component';
import type { UserListQuery, UserProfile } from './user.models';
import { UsersService } from './users.service';
import { ExportMenuComponent } from '../../../shared/components/export-menu.component';

/** Search is sent this long after the last keystroke. */
export const SEARCH_DEBOUNCE_MS = 300;

interface Filters {
  q: string;
  role: Role | '';
  dept_code: string;
}

/**
 * Admin → Users (super_admin): the server-paginated user list with search and role/department
 * filters, "New user", and per-row edit, activate/deactivate and password reset.
 */
@Component({
  selector: 'bcc-users-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCardModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatTableModule,
    MatTooltipModule,
    TranslocoPipe,
    PageHeaderComponent,
    HistoryLinkComponent,
    ExportMenuComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './users-page.component.html',
  styleUrl: './users-page.component.scss',
})
export class UsersPageComponent {
  private readonly service = inject(UsersService);
  private readonly dialog = inject(MatDialog);
  private readonly auth = inject(AuthService);
  private readonly notifications = inject(NotificationService);
  private readonly transloco = inject(TranslocoService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly columns = ['name', 'email', 'role', 'department', 'manager', 'status', 'actions'];
  protected readonly roles = ROLES;
  protected readonly departments = DEPARTMENT_CODES;

  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly roleFilter = new FormControl<Role | ''>('', { nonNullable: true });
  protected readonly deptFilter = new FormControl('', { nonNullable: true });

  protected readonly users = signal<UserProfile[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly loadingMore = signal(false);
  protected readonly loadFailed = signal(false);
  protected readonly busy = signal<ReadonlySet<string>>(new Set());
  protected readonly managers = signal<UserProfile[]>([]);
  protected readonly selfId = computed(() => this.auth.user()?.user_id ?? null);

  /** Names of managers that are neither in the manager list nor on this page (e.g. demoted). */
  private readonly extraNames = signal<ReadonlyMap<string, string>>(new Map());
  private readonly requestedNames = new Set<string>();
  private managersLoaded = false;

  protected readonly managerNames = computed(() => {
    const names = new Map<string, string>(this.extraNames());
    for (const user of [...this.managers(), ...this.users()]) {
      names.set(user.user_id, user.full_name);
    }
    return names;
  });

  /** The list's filters now (also what the export menu downloads). */
  protected readonly filters = signal<Filters>({ q: '', role: '', dept_code: '' });
  private readonly requests = new Subject<{ filters: Filters; cursor: string | null }>();

  constructor() {
    this.requests
      .pipe(
        switchMap(({ filters, cursor }) => {
          this.loadFailed.set(false);
          (cursor ? this.loadingMore : this.loading).set(true);
          const query: UserListQuery = { ...filters, cursor };
          return this.service.list(query).pipe(
            map((page) => ({ page, more: !!cursor })),
            catchError(() => {
              this.loading.set(false);
              this.loadingMore.set(false);
              this.loadFailed.set(true);
              return EMPTY;
            }),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe(({ page, more }) => {
        this.users.update((current) => (more ? [...current, ...page.items] : page.items));
        this.nextCursor.set(page.next_cursor);
        this.loading.set(false);
        this.loadingMore.set(false);
      });

    combineLatest([
      this.search.valueChanges.pipe(
        debounceTime(SEARCH_DEBOUNCE_MS),
        map((q) => q.trim()),
        startWith(''),
        distinctUntilChanged(),
      ),
      this.roleFilter.valueChanges.pipe(startWith(this.roleFilter.value)),
      this.deptFilter.valueChanges.pipe(startWith(this.deptFilter.value)),
    ])
      .pipe(takeUntilDestroyed())
      .subscribe(([q, role, dept_code]) => {
        this.filters.set({ q, role, dept_code });
        this.reload();
      });

    this.loadManagers();

    // A manager outside the manager roles (e.g. demoted since) is looked up once by id.
    effect(() => {
      const known = this.managerNames();
      if (!this.managersLoaded) {
        return;
      }
      for (const user of this.users()) {
        const id = user.manager_user_id;
        if (id && !known.has(id) && !this.requestedNames.has(id)) {
          this.requestedNames.add(id);
          this.service
            .get(id, { silent: true })
            .pipe(takeUntilDestroyed(this.destroyRef))
            .subscribe({
              next: (manager) => this.extraNames.update((names) => new Map(names).set(id, manager.full_name)),
              error: () => undefined,
            });
        }
      }
    });
  }

  protected reload(): void {
    this.requests.next({ filters: this.filters(), cursor: null });
  }

  protected loadMore(): void {
    const cursor = this.nextCursor();
    if (cursor && !this.loadingMore()) {
      this.requests.next({ filters: this.filters(), cursor });
    }
  }

  protected clearFilters(): void {
    this.search.setValue('');
    this.roleFilter.setValue('');
    this.deptFilter.setValue('');
  }

  protected readonly hasFilters = computed(() => {
    const { q, role, dept_code } = this.filters();
    return !!(q || role || dept_code);
  });

  protected managerName(user: UserProfile): string | null {
    return user.manager_user_id ? (this.managerNames().get(user.manager_user_id) ?? null) : null;
  }

  protected isBusy(user: UserProfile): boolean {
    return this.busy().has(user.user_id);
  }

  protected create(): void {
    this.openForm({ managers: this.managers() }).subscribe((created) => {
      void this.notifications.info(this.t('users.created', { name: created.full_name }));
      // The list is sorted and filtered by the server: ask it where the new user belongs.
      this.reload();
      if (MANAGER_ROLES.includes(created.role)) {
        this.loadManagers();
      }
    });
  }

  protected edit(user: UserProfile): void {
    this.openForm({ user, managers: this.managers() }).subscribe((updated) => {
      this.replace(updated);
      void this.notifications.info(this.t('users.saved', { name: updated.full_name }));
      if (MANAGER_ROLES.includes(updated.role) || MANAGER_ROLES.includes(user.role)) {
        this.loadManagers();
      }
    });
  }

  protected toggleActive(user: UserProfile): void {
    const activate = !user.is_active;
    const action = activate ? 'activate' : 'deactivate';
    confirmAction(this.dialog, {
      title: this.t(`users.${action}.title`),
      message: this.t(`users.${action}.message`, { name: user.full_name, email: user.email }),
      confirmLabel: this.t(`users.${action}.confirm`),
      cancelLabel: this.t('common.cancel'),
      destructive: !activate,
    })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.setBusy(user.user_id, true);
          return this.service.update(user.user_id, { is_active: activate });
        }),
      )
      .subscribe({
        next: (updated) => {
          this.setBusy(user.user_id, false);
          this.replace(updated);
          void this.notifications.info(this.t(`users.${action}.done`, { name: updated.full_name }));
        },
        error: () => this.setBusy(user.user_id, false),
      });
  }

  protected resetPassword(user: UserProfile): void {
    this.dialog
      .open<ResetPasswordDialogComponent, UserProfile, boolean>(ResetPasswordDialogComponent, dialogConfig(user, { width: '480px' }))
      .afterClosed()
      .pipe(filter((done) => done === true))
      .subscribe(() => void this.notifications.info(this.t('users.reset.done', { name: user.full_name })));
  }

  private openForm(data: UserFormDialogData) {
    return this.dialog
      .open<UserFormDialogComponent, UserFormDialogData, UserProfile>(UserFormDialogComponent, dialogConfig(data, { width: '640px' }))
      .afterClosed()
      .pipe(filter((user): user is UserProfile => !!user));
  }

  private loadManagers(): void {
    this.service
      .managers()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (managers) => {
          this.managersLoaded = true;
          this.managers.set(managers);
        },
        error: () => undefined,
      });
  }

  private replace(updated: UserProfile): void {
    this.users.update((current) => current.map((user) => (user.user_id === updated.user_id ? updated : user)));
    this.managers.update((current) =>
      current.map((manager) => (manager.user_id === updated.user_id ? updated : manager)),
    );
  }

  private setBusy(userId: string, busy: boolean): void {
    this.busy.update((current) => {
      const next = new Set(current);
      if (busy) {
        next.add(userId);
      } else {
        next.delete(userId);
      }
      return next;
    });
  }

  private t(key: string, params?: Record<string, unknown>): string {
    return this.transloco.translate(key, params);
  }
}
