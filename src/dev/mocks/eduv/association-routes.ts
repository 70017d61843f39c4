import { eckIdCheck, idCheck } from './query.ts';
import { ids, isProblem, matchesAny, org, orgRows, paging, period, respondItem, respondPage, type Route, type RouteContext } from './route-kit.ts';

// The Association API: school periods, groups (classes and teaching groups), enrolments (student
// ↔ group) and assignments (employee ↔ group). Id filters repeat, so a facade can ask for the
// groups of a page of students in one request. `subjectOfferingId` narrows by the group's
// subject offerings, so an activation narrowed to subject offerings narrows the groups too.

/** The subject offerings of a group, for narrowing enrolments and assignments by their group. */
function groupOfferings(ctx: RouteContext, groupId: string): readonly string[] {
  return ctx.index.groupById.get(groupId)?.subjectOfferingIds ?? [];
}

const schoolPeriods: Route = {
  spec: { ...org(true), ...paging },
  handle(query, ctx) {
    const found = orgRows(ctx.index.schoolPeriodsByOrg, query, ctx);
    if (isProblem(found)) return found;
    return respondPage(found.rows, query, ctx, { org: found.aanbieder.id });
  },
};

const groups: Route = {
  spec: { ...org(true), ...period, groupId: ids(idCheck), subjectOfferingId: ids(idCheck), ...paging },
  handle(query, ctx) {
    const found = orgRows(ctx.index.groupsByOrg, query, ctx);
    if (isProblem(found)) return found;
    const periodId = query.get('schoolPeriodId');
    const groupIds = query.all('groupId');
    const offerings = query.all('subjectOfferingId');
    const rows = found.rows.filter(({ item }) => (periodId === undefined || item.schoolPeriodId === periodId)
      && matchesAny(groupIds, item.id) && matchesAny(offerings, item.subjectOfferingIds));
    // The new filters join the fingerprint only when given, so cursors of earlier queries stay valid.
    const selection = { org: found.aanbieder.id, periodId, ...(groupIds.length > 0 ? { groupIds } : {}), ...(offerings.length > 0 ? { offerings } : {}) };
    return respondPage(rows, query, ctx, selection);
  },
};

export const groupRoute: Route = {
  spec: { ...org(true) },
  pathParam: { name: 'groupId', check: idCheck },
  handle(query, ctx) {
    return respondItem(ctx.index.groupsByOrg, query, ctx, (g) => g.id);
  },
};

const enrolments: Route = {
  spec: { ...org(true), ...period, studentId: ids(eckIdCheck), groupId: ids(idCheck), subjectOfferingId: ids(idCheck), ...paging },
  handle(query, ctx) {
    const found = orgRows(ctx.index.enrolmentsByOrg, query, ctx);
    if (isProblem(found)) return found;
    const periodId = query.get('schoolPeriodId');
    const students = query.all('studentId');
    const groupIds = query.all('groupId');
    const offerings = query.all('subjectOfferingId');
    const rows = found.rows.filter(({ item }) => (periodId === undefined || item.schoolPeriodId === periodId)
      && matchesAny(students, item.studentId) && matchesAny(groupIds, item.groupId)
      && matchesAny(offerings, groupOfferings(ctx, item.groupId)));
    return respondPage(rows, query, ctx, { org: found.aanbieder.id, periodId, students, groupIds, offerings });
  },
};

const assignments: Route = {
  spec: { ...org(true), ...period, employeeId: ids(eckIdCheck), groupId: ids(idCheck), subjectOfferingId: ids(idCheck), ...paging },
  handle(query, ctx) {
    const found = orgRows(ctx.index.assignmentsByOrg, query, ctx);
    if (isProblem(found)) return found;
    const periodId = query.get('schoolPeriodId');
    const employees = query.all('employeeId');
    const groupIds = query.all('groupId');
    const offerings = query.all('subjectOfferingId');
    const rows = found.rows.filter(({ item }) => (periodId === undefined || item.schoolPeriodId === periodId)
      && matchesAny(employees, item.employeeId) && matchesAny(groupIds, item.groupId)
      && matchesAny(offerings, groupOfferings(ctx, item.groupId)));
    return respondPage(rows, query, ctx, { org: found.aanbieder.id, periodId, employees, groupIds, offerings });
  },
};

export const associationRoutes: readonly (readonly [string, Route])[] = [
  ['/school-periods', schoolPeriods],
  ['/groups', groups],
  ['/enrolments', enrolments],
  ['/assignments', assignments],
];
