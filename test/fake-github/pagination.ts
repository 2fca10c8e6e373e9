// Page-based pagination as the REST API does it (docs.github.com/rest/using-the-rest-api/
// using-pagination-in-the-rest-api): `per_page` (default 30, at most 100) and `page` (from 1),
// and a `Link` header listing, in GitHub's order, rel="prev", rel="next", rel="last" and
// rel="first" — each only when it applies — with the request's own query and `page` last.

export interface Page<T> {
  items: T[];
  /** The `Link` header value, or undefined when everything fits on one page. */
  link: string | undefined;
}

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

export function paginate<T>(items: readonly T[], requestUrl: URL): Page<T> {
  const perPage = clamp(requestUrl.searchParams.get("per_page"), DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
  const page = clamp(requestUrl.searchParams.get("page"), 1, 1, Number.MAX_SAFE_INTEGER);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);

  const pageUrl = (n: number): string => {
    const url = new URL(requestUrl);
    url.searchParams.delete("page");
    url.searchParams.append("page", String(n));
    return url.toString();
  };
  const relations: string[] = [];
  if (page > 1) relations.push(`<${pageUrl(Math.min(page - 1, lastPage))}>; rel="prev"`);
  if (page < lastPage) {
    relations.push(`<${pageUrl(page + 1)}>; rel="next"`);
    relations.push(`<${pageUrl(lastPage)}>; rel="last"`);
  }
  if (page > 1) relations.push(`<${pageUrl(1)}>; rel="first"`);
  return { items: slice, link: relations.length === 0 ? undefined : relations.join(", ") };
}

// GitHub falls back to the default for values it cannot read and caps per_page at 100.
function clamp(raw: string | null, fallback: number, min: number, max: number): number {
  const value = raw === null ? Number.NaN : Number.parseInt(raw, 10);
  if (!Number.isFinite(value) || value < min) return fallback;
  return Math.min(value, max);
}
