-- Edu-V beyond students (issue 19): employees, association (groups with their enrolments and
-- assignments), school periods, results and norms are gegevensdiensten of their own, each activated
-- per onderwijsaanbieder as its classification requires.
ALTER TABLE eduv_activation DROP CONSTRAINT eduv_activation_gegevensdienst_check;
ALTER TABLE eduv_activation ADD CONSTRAINT eduv_activation_gegevensdienst_check
  CHECK (gegevensdienst IN ('students', 'schoolvak', 'catalogue', 'orders', 'employees', 'association', 'schoolperiods', 'results', 'norms'));
