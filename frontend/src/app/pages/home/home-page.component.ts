import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';

import { AuthService } from '../../core/auth/auth.service';
import { navItemsForRole } from '../../core/permissions';
import { PageHeaderComponent } from '../../shared/components/page-header.component';

/**
 * The role's command center. For now: who you are, what this command center will show for your
 * role (numbers, charts, stuck items) and shortcuts to every screen you may open. The numbers
 * arrive with `GET /api/dashboard/summary` in the dashboard issue.
 */
@Component({
  selector: 'bcc-home-page',
  imports: [MatCardModule, MatIconModule, RouterLink, TranslocoPipe, PageHeaderComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './home-page.component.html',
  styleUrl: './home-page.component.scss',
})
export class HomePageComponent {
  private readonly auth = inject(AuthService);

  protected readonly user = this.auth.user;
  protected readonly roleKey = computed(() => `home.roles.${this.auth.role() ?? 'unknown'}`);
  protected readonly focusItems = ['focus1', 'focus2', 'focus3'] as const;
  protected readonly shortcuts = computed(() =>
    navItemsForRole(this.auth.role()).filter((item) => item.key !== 'home' && item.key !== 'me'),
  );
}
