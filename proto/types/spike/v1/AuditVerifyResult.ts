// Original file: proto/spike/v1/audit.proto

import type { AuditChainBreak as _spike_v1_AuditChainBreak, AuditChainBreak__Output as _spike_v1_AuditChainBreak__Output } from '../../spike/v1/AuditChainBreak.js';
import type { AuditAnchor as _spike_v1_AuditAnchor, AuditAnchor__Output as _spike_v1_AuditAnchor__Output } from '../../spike/v1/AuditAnchor.js';
import type { Long } from '@grpc/proto-loader';

export interface AuditVerifyResult {
  /**
   * True when every checked record is intact and linked.
   */
  'ok'?: (boolean);
  /**
   * How many records were checked.
   */
  'checked'?: (number | string | Long);
  /**
   * The first sequence checked.
   */
  'firstSequence'?: (number | string | Long);
  /**
   * The last sequence checked.
   */
  'lastSequence'?: (number | string | Long);
  /**
   * When not ok: the first sequence at which the chain breaks (for MISSING, the first absent sequence).
   */
  'brokenSequence'?: (number | string | Long);
  /**
   * When not ok: what is wrong there.
   */
  'reason'?: (_spike_v1_AuditChainBreak);
  /**
   * When not ok: a sentence for humans.
   */
  'detail'?: (string);
  /**
   * The anchor the check started from.
   */
  'anchor'?: (_spike_v1_AuditAnchor | null);
}

export interface AuditVerifyResult__Output {
  /**
   * True when every checked record is intact and linked.
   */
  'ok': (boolean);
  /**
   * How many records were checked.
   */
  'checked': (number);
  /**
   * The first sequence checked.
   */
  'firstSequence': (number);
  /**
   * The last sequence checked.
   */
  'lastSequence': (number);
  /**
   * When not ok: the first sequence at which the chain breaks (for MISSING, the first absent sequence).
   */
  'brokenSequence': (number);
  /**
   * When not ok: what is wrong there.
   */
  'reason': (_spike_v1_AuditChainBreak__Output);
  /**
   * When not ok: a sentence for humans.
   */
  'detail': (string);
  /**
   * The anchor the check started from.
   */
  'anchor': (_spike_v1_AuditAnchor__Output | null);
}
