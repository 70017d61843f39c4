// graphql-shield rules for Edu-V beyond students (schema/eduv-association.graphql). A root field is an
// exchange of its gegevensdienst and runs that dienst's layers, as the students root does. A link
// reaches the objects of another gegevensdienst: at plan time it needs that dienst's scope in the
// registration (static, cached per rights); its layers — activation, agreement, narrowing — run in the
// resolver for the onderwijsaanbieder of the object it starts from (resolvers/eduv-association.ts),
// since they are run-time state. Employee fields, like Student fields, each need their scope group.
import { fieldScopes } from '../src/domains/eduv/diensten.ts';
import { exchangePermitted, partOfPermittedExchange, scopeGranted } from './eduv-rules.ts';
import type { RuleTree } from './shield-types.ts';

const OBJECT_TYPES = ['EmployeePage', 'SchoolPeriod', 'ResultPage', 'Result', 'Usage', 'Score', 'Norm'];

export function eduvAssociationRuleTree(fieldsOf: (type: string) => string[]): RuleTree {
  const association = scopeGranted('eduv.association');
  const tree: RuleTree = {
    Query: {
      employees: exchangePermitted('employees'),
      groups: exchangePermitted('association'),
      schoolPeriods: exchangePermitted('schoolperiods'),
      results: exchangePermitted('results'),
      norms: exchangePermitted('norms'),
    },
    Student: { groups: association, results: scopeGranted('eduv.result') },
    Employee: { groups: association },
    Group: {},
  };
  for (const [field, scope] of fieldScopes('Employee')) tree.Employee[field] = scopeGranted(scope);
  for (const field of fieldsOf('Group')) tree.Group[field] = partOfPermittedExchange;
  tree.Group.students = scopeGranted('eduv.student.basic');
  tree.Group.employees = scopeGranted('eduv.employee.basic');
  for (const type of OBJECT_TYPES) tree[type] = Object.fromEntries(fieldsOf(type).map((f) => [f, partOfPermittedExchange]));
  return tree;
}
