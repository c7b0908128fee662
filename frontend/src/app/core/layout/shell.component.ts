import { BreakpointObserver } from '@angular/cdk/layout';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSidenav, MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { map } from 'rxjs';

import { AuthService } from '../auth/auth.service';
import { registerIcons } from '../icons';
import { navGroupsForRole } from '../permissions';
import { LanguageToggleComponent } from './language-toggle.component';

/** Below this width the sidenav floats over the content behind a hamburger (phones, tablets). */
export const COMPACT_LAYOUT_QUERY = '(max-width: 959.98px)';

/**
 * The signed-in frame: toolbar (title, language, user menu) and the role-based sidenav built
 * from the permissions map. `side` mode on desktop, `over` mode with a hamburger on phones.
 */
@Component({
  selector: 'bcc-shell',
  imports: [
    MatButtonModule,
    MatDividerModule,
    MatIconModule,
    MatListModule,
    MatMenuModule,
    MatSidenavModule,
    MatToolbarModule,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
    TranslocoPipe,
    LanguageToggleComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.scss',
})
export class ShellComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly sidenav = viewChild.required<MatSidenav>('sidenav');
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');

  private readonly breakpoints = inject(BreakpointObserver);
  protected readonly compact = toSignal(
    this.breakpoints.observe(COMPACT_LAYOUT_QUERY).pipe(map((state) => state.matches)),
    { initialValue: this.breakpoints.isMatched(COMPACT_LAYOUT_QUERY) },
  );

  /** Mirrors the sidenav state for the hamburger's aria-expanded (backdrop/Esc via closedStart). */
  protected readonly menuOpen = signal(false);
  /**
   * `open` once the drawer has finished sliding in (openedChange fires after the animation),
   * `closed` otherwise: exposed as `data-state` on the sidenav so end-to-end tests and
   * screenshots can wait for a fully open menu on phones.
   */
  protected readonly drawerSettled = signal(false);
  protected readonly user = this.auth.user;
  protected readonly groups = computed(() => navGroupsForRole(this.auth.role()));

  constructor() {
    // Icons are registered with the shell (the only place they are shown) to keep their
    // markup out of the initial bundle.
    registerIcons();
    // Role, department or name may have changed since this tab signed in.
    this.auth.loadMe({ silent: true }).subscribe({ error: () => undefined });
  }

  protected toggleMenu(): void {
    const sidenav = this.sidenav();
    void sidenav.toggle();
    this.menuOpen.set(sidenav.opened);
  }

  protected onNavigate(): void {
    if (this.compact()) {
      void this.sidenav().close();
      this.menuOpen.set(false);
    }
  }

  protected skipToContent(): void {
    this.main().nativeElement.focus();
  }

  protected logout(): void {
    this.auth.logout().subscribe();
    void this.router.navigate(['/login']);
  }
}
