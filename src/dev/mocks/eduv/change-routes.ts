import { paramsValidation } from './problems.ts';
import { matches } from './query.ts';
import { DEFAULT_PAGE_SIZE, paging, type Route } from './route-kit.ts';

// GET /changes over the log (data/eduv/openapi.yaml): a cursor the feed did not give is a 400.
export const changesRoute: Route = {
  spec: { since: { check: matches(/^c\d{1,12}$/, 'a nextCursor of this feed') }, pageSize: paging.pageSize },
  handle(query, ctx) {
    const size = Number(query.get('pageSize') ?? DEFAULT_PAGE_SIZE);
    const page = ctx.changes.page(query.get('since'), size);
    if (!page) return paramsValidation(ctx.instance, [{ name: 'since', code: 'invalid', reason: 'is not a cursor of this feed' }]);
    return { status: 200, json: page };
  },
};
