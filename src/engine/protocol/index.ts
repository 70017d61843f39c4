// The protocol log's public surface. See README.md beside this file for the design.
export {
  ProtocolRecordInvalidError,
  ProtocolUnavailableError,
  TASK_DESCRIPTION_MAX,
  type AccessRecord,
  type LogKind,
  type PrincipalKind,
  type ProcessingRecord,
  type ProtocolPrincipal,
  type SubjectType,
} from './types.ts';
export { createProtocolLog, type ProtocolLog, type ProtocolLogOptions, type ProtocolLogStats } from './protocol-log.ts';
export {
  verify,
  type BreakKind,
  type BrokenLink,
  type ChainReport,
  type CheckpointKeyReport,
  type VerifyOptions,
  type VerifyResult,
} from './verify.ts';
export {
  DEFAULT_RETENTION_YEARS,
  prune,
  retentionCutoff,
  type PruneChainResult,
  type PruneOptions,
  type PruneResult,
} from './prune.ts';
export { ProtocolCursorError, queryBySubject, queryProtocol, type ProtocolEntries, type ProtocolFilter, type ProtocolPage, type SubjectDisclosure, type SubjectQuery } from './query.ts';
export { keyFingerprint, toSigningKey, toVerifyKey } from './checkpoint.ts';
