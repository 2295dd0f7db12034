/**
 * Puts the widget on the store without touching the skin: Admin API `scripttags`
 * (developers.cafe24.com/docs/ko/api/admin/#scripttags — POST `{shop_no, request: {src,
 * display_location, exclude_path, skin_no}}` → 201 `{scripttag: {script_no, src, …}}`; GET lists
 * them). Idempotent: a tag with our `src` already there is kept, so it runs on every launch and
 * install (and the maintenance job retries a mall whose tag is not known to be there).
 *
 * No `integrity` (scripttags.md: optional, sha384/sha512): the tag's src is the per-mall loader
 * below, whose bytes follow the backend's settings (PUBLIC_URL, KAKAO_JS_KEY, NAVER_CLIENT_ID,
 * WIDGET_URL). A hash pinned in the tag would make every settings change a dead widget on every
 * page until the merchant re-ran the app; and the loader and the widget come from the backend's own
 * origin over HTTPS, where whoever could alter one could alter both.
 */
import { z } from 'zod';
import { ApiError } from '../errors';
import type { AdminClient } from './client';

/** Every page: the login buttons on the login pages and the welcome notice after login. */
export const DISPLAY_LOCATION = ['all'] as const;

const Tag = z.object({
  script_no: z.union([z.string(), z.number()]).transform(String),
  src: z.string(),
});

export async function installScriptTag(
  client: AdminClient,
  mallId: string,
  src: string,
): Promise<{ scriptNo: string; created: boolean }> {
  const list = z
    .object({ scripttags: z.array(Tag) })
    .safeParse(await client.get(mallId, '/scripttags'));
  if (!list.success)
    throw new ApiError('upstream_error', 'Cafe24 listed script tags in an unknown shape');
  const existing = list.data.scripttags.find((tag) => tag.src === src);
  if (existing) return { scriptNo: existing.script_no, created: false };
  const created = z.object({ scripttag: Tag }).safeParse(
    await client.post(mallId, '/scripttags', {
      shop_no: 1,
      request: { src, display_location: [...DISPLAY_LOCATION], exclude_path: [], skin_no: [] },
    }),
  );
  if (!created.success)
    throw new ApiError('upstream_error', 'Cafe24 created a script tag in an unknown shape');
  return { scriptNo: created.data.scripttag.script_no, created: true };
}

/**
 * What the script tag loads (`/cafe24/widget.js?mall_id=…`): a few lines that add the widget's own
 * tag with the backend's settings, and a `[data-social-login]` spot above Cafe24's login form on
 * the login pages (PC `/member/login.html`, mobile skins the same path).
 */
export function loaderScript(
  settings: Record<string, string | undefined>,
  widgetUrl: string,
): string {
  const data = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
  return `(function(d){if(window.SocialLogin&&!Array.isArray(window.SocialLogin))return;
var s=d.createElement('script');s.async=true;s.src=${JSON.stringify(widgetUrl)};
var a=${JSON.stringify(data)};for(var k in a)s.setAttribute('data-'+k,a[k]);
function spot(){if(location.pathname!=='/member/login.html'||d.querySelector('[data-social-login]'))return;
var m=d.createElement('div');m.setAttribute('data-social-login','');
var f=d.querySelector('.xans-member-login');if(f&&f.parentNode)f.parentNode.insertBefore(m,f);else d.body.appendChild(m);}
if(d.readyState==='loading')d.addEventListener('DOMContentLoaded',spot);else spot();
d.head.appendChild(s);})(document);
`;
}
