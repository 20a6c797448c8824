// A signed-in consumer's catalog and product pages, as fast as a guest's: the render every consumer shares
// (lib/guest-pages.ts, with markers for the personal parts) filled with this person's name and balance
// (lib/personal-slots.ts). Everything else on those pages depends only on the role and the language. Both values
// come from the person's own account, read with their token for each page, so the users service vouches for them
// and nothing personal is kept anywhere: the filled page goes to this request alone, marked not to be stored.
// When any of it cannot be done, the page is rendered for the person as usual (the caller's fallback).
import { createApiClient, usersApi } from '@marketshare/contracts';
import { NextResponse, type NextRequest } from 'next/server';
import { config } from './config';
import { CSP_HEADER } from './content-security-policy';
import { formatMoney } from './format';
import { isShareablePageRequest, pageLocale, pagePath, sharedPage } from './guest-pages';
import { fillTemplate } from './personal-slots';
import type { Claims } from './tokens';

const users = createApiClient({ baseUrl: () => config.usersUrl, timeoutMs: 5_000, init: { cache: 'no-store' } });

/** A consumer's (unexpired) request for a page consumers share. */
export const isSharedConsumerPage = (req: NextRequest, claims: Claims) => claims.role === 'consumer' && isShareablePageRequest(req);

/** The consumers' shared page filled for the person whose access token this is, or `null` to render it for them. */
export async function consumerPage(req: NextRequest, accessToken: string, claims: Claims): Promise<NextResponse | null> {
  const locale = pageLocale(req);
  const requestId = req.headers.get('x-request-id');
  const [page, me] = await Promise.all([
    sharedPage('consumer', pagePath(req), locale).catch(() => null),
    users.call(usersApi.me, { authorization: `Bearer ${accessToken}`, headers: requestId ? { 'x-request-id': requestId } : {} }).catch(() => null),
  ]);
  // The account must be the one the page was asked for as (a token of someone else's, or a seller's, is not filled in).
  if (page?.viewer !== 'consumer' || !me?.balance || me.role !== 'consumer' || String(me.id) !== claims.sub) return null;
  const html = fillTemplate(page.template, { name: me.username, balance: formatMoney(me.balance.amount, me.balance.currency, locale) });
  return new NextResponse(html, {
    headers: {
      'content-type': page.contentType,
      [CSP_HEADER]: page.policy,
      'cache-control': 'private, no-cache, no-store, max-age=0, must-revalidate',
      'x-personal-page': 'composed',
    },
  });
}
