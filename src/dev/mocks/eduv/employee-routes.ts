import { paramsValidation } from './problems.ts';
import { eckIdCheck, matches } from './query.ts';
import { ids, isProblem, matchesAny, org, orgRows, paging, respondItem, respondPage, type Route } from './route-kit.ts';
import { projectScoped, requestedScopeGroups } from './scopes.ts';

// The Employees API: the staff of a school, as a list (batch lookup by ECK iD) and one by one.
// Like students, an employee is delivered with only the scope groups asked for (`scope`).

const scope = { check: matches(/^[a-z.]+( [a-z.]+)*$/, 'scope names separated by single spaces') };

const employees: Route = {
  spec: { ...org(true), employeeId: ids(eckIdCheck), scope, ...paging },
  handle(query, ctx) {
    const requested = requestedScopeGroups('Employee', query.get('scope'));
    if ('invalid' in requested) return paramsValidation(ctx.instance, requested.invalid);
    const found = orgRows(ctx.index.employeesByOrg, query, ctx);
    if (isProblem(found)) return found;
    const wanted = query.all('employeeId');
    const rows = found.rows.filter(({ item }) => matchesAny(wanted, item.employee.userMasterIdentifier));
    return respondPage(rows, query, ctx, { org: found.aanbieder.id, wanted }, (r) => projectScoped('Employee', r.employee, requested.scopes));
  },
};

export const employeeRoute: Route = {
  spec: { ...org(true), scope },
  pathParam: { name: 'employeeId', check: eckIdCheck },
  handle(query, ctx) {
    const requested = requestedScopeGroups('Employee', query.get('scope'));
    if ('invalid' in requested) return paramsValidation(ctx.instance, requested.invalid);
    return respondItem(ctx.index.employeesByOrg, query, ctx, (r) => r.employee.userMasterIdentifier, (r) => projectScoped('Employee', r.employee, requested.scopes));
  },
};

export const employeeRoutes: readonly (readonly [string, Route])[] = [['/employees', employees]];
