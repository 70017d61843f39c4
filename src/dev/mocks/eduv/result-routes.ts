import { eckIdCheck, idCheck, matches } from './query.ts';
import { ids, isProblem, matchesAny, org, orgRows, paging, period, respondPage, type Route } from './route-kit.ts';

// The Results API (scores and usage per student, subject offering and product) and the
// supplier's norms. Results are per school; norms, like the catalogue, are the supplier's own.

const results: Route = {
  spec: { ...org(true), ...period, studentId: ids(eckIdCheck), productId: ids(idCheck), subjectOfferingId: ids(idCheck), ...paging },
  handle(query, ctx) {
    const found = orgRows(ctx.index.resultsByOrg, query, ctx);
    if (isProblem(found)) return found;
    const periodId = query.get('schoolPeriodId');
    const students = query.all('studentId');
    const products = query.all('productId');
    const offerings = query.all('subjectOfferingId');
    const rows = found.rows.filter(({ item }) => (periodId === undefined || item.schoolPeriodId === periodId)
      && matchesAny(students, item.studentId) && matchesAny(products, item.productId) && matchesAny(offerings, item.subjectOfferingId));
    return respondPage(rows, query, ctx, { org: found.aanbieder.id, periodId, students, products, offerings });
  },
};

const norms: Route = {
  spec: { productId: ids(idCheck), subjectCode: { check: matches(/^[A-Z]{2,5}[0-9]?$/, 'a subject code such as NE or WB') }, ...paging },
  handle(query, ctx) {
    const products = query.all('productId');
    const subject = query.get('subjectCode');
    const rows = ctx.index.norms.filter(({ item }) => matchesAny(products, item.productId) && (subject === undefined || item.subject.code === subject));
    return respondPage(rows, query, ctx, { products, subject });
  },
};

export const resultRoutes: readonly (readonly [string, Route])[] = [
  ['/results', results],
  ['/norms', norms],
];
