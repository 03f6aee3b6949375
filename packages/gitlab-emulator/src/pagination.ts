import { Request, Response } from 'express';

const DEFAULT_PER_PAGE = 20;
const MAX_PER_PAGE = 100;

/**
 * GitLab's offset pagination: `page` and `per_page` (default 20, at most
 * 100) in, the page's items out, with the `x-page`, `x-per-page`,
 * `x-total`, `x-total-pages`, `x-next-page`, `x-prev-page` and `link`
 * headers (gitbeaker follows `link`'s `rel="next"`).
 */
export function paginate<T>(
  req: Request,
  res: Response,
  items: T[],
  baseUrl: string,
): T[] {
  const perPage = Math.min(
    Math.max(Number(req.query.per_page) || DEFAULT_PER_PAGE, 1),
    MAX_PER_PAGE,
  );
  const totalPages = Math.max(Math.ceil(items.length / perPage), 1);
  const page = Math.max(Number(req.query.page) || 1, 1);
  const pageUrl = (n: number) => {
    const url = new URL(req.originalUrl, baseUrl);
    url.searchParams.set('page', String(n));
    url.searchParams.set('per_page', String(perPage));
    return url.toString();
  };
  const links = [];
  if (page > 1) links.push(`<${pageUrl(page - 1)}>; rel="prev"`);
  if (page < totalPages) links.push(`<${pageUrl(page + 1)}>; rel="next"`);
  links.push(
    `<${pageUrl(1)}>; rel="first"`,
    `<${pageUrl(totalPages)}>; rel="last"`,
  );
  res.set({
    'x-page': String(page),
    'x-per-page': String(perPage),
    'x-total': String(items.length),
    'x-total-pages': String(totalPages),
    'x-next-page': page < totalPages ? String(page + 1) : '',
    'x-prev-page': page > 1 ? String(page - 1) : '',
    link: links.join(', '),
  });
  return items.slice((page - 1) * perPage, page * perPage);
}
