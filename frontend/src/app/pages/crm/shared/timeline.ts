import { PROSPECT_STAGES, SOURCE_CHANNELS, TimelineItem } from './crm.models';

/** A piece of a timeline line: a translation key (rendered with the transloco pipe) or text as sent. */
export type TimelinePart = { key: string; params?: Record<string, string> } | { text: string };

export interface TimelineView {
  title: TimelinePart[];
  detail: TimelinePart[] | null;
}

const LEAD_EVENTS = ['created', 'qualified', 'handed_over', 'converted', 'disqualified'];
const ACTIVITY_TYPES = ['visit', 'call', 'meeting', 'email', 'whatsapp', 'stage_change', 'rfq_created', 'handover'];
const AUDIT_ACTIONS = ['INSERT', 'UPDATE', 'DELETE'];

function stage(code: string): TimelinePart {
  return (PROSPECT_STAGES as readonly string[]).includes(code) ? { key: `crm.stage.${code}` } : { text: code };
}

function known(list: readonly string[], value: string, prefix: string): TimelinePart {
  return list.includes(value) ? { key: `${prefix}${value}` } : { text: value };
}

function text(value: string | null | undefined): TimelinePart[] | null {
  return value ? [{ text: value }] : null;
}

/**
 * Turns the API's coded timeline rows (see TimelineItem) into translatable parts, so the line
 * follows the UI language; anything unknown is shown as sent, so a new event never disappears.
 */
export function describeTimelineItem(item: TimelineItem): TimelineView {
  const detail = item.detail ?? null;
  switch (item.kind) {
    case 'lead_event': {
      const title = [known(LEAD_EVENTS, item.title, 'crm.timeline.lead.')];
      if (item.title === 'created' && detail?.startsWith('source_channel: ')) {
        const channel = detail.slice('source_channel: '.length).trim();
        return {
          title,
          detail: [{ key: 'crm.fields.source_channel' }, { text: ': ' }, known(SOURCE_CHANNELS, channel, 'crm.channel.')],
        };
      }
      if (item.title === 'handed_over' && detail?.startsWith('to ')) {
        return { title, detail: [{ key: 'crm.timeline.handedTo', params: { name: detail.slice(3) } }] };
      }
      return { title, detail: text(detail) };
    }
    case 'activity':
      return { title: [known(ACTIVITY_TYPES, item.title, 'crm.activityType.')], detail: text(detail) };
    case 'stage_change': {
      const parts = item.title.split('→').map((s) => s.trim()).filter(Boolean);
      if (parts.length === 2) {
        return { title: [stage(parts[0]!), { text: ' → ' }, stage(parts[1]!)], detail: text(detail) };
      }
      return { title: [{ key: 'crm.timeline.prospectCreated' }, { text: ': ' }, stage(parts[0] ?? item.title)], detail: text(detail) };
    }
    case 'audit':
      return {
        title: [known(AUDIT_ACTIONS, item.title, 'crm.timeline.audit.')],
        detail: detail ? [{ key: 'crm.timeline.changedFields', params: { fields: detail } }] : null,
      };
    default:
      return { title: [{ text: item.title }], detail: text(detail) };
  }
}
