import type { MarketingListQuery, SourceChannel } from '../shared/crm.models';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The list query of a marketing filter form (channel, from, to); empty values are left out. */
export function marketingQuery(v: { channel: SourceChannel | ''; from: string; to: string }): MarketingListQuery {
  const query: MarketingListQuery = {};
  if (v.channel) query.channel = v.channel;
  if (DATE.test(v.from)) query.from = v.from;
  if (DATE.test(v.to)) query.to = v.to;
  return query;
}
