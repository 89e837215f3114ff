// Original file: proto/spiffe/workload.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct.js';

export interface ValidateJWTSVIDResponse {
  /**
   * The SPIFFE ID in the token's `sub` claim.
   */
  'spiffeId'?: (string);
  /**
   * Every claim of the token.
   */
  'claims'?: (_google_protobuf_Struct | null);
}

export interface ValidateJWTSVIDResponse__Output {
  /**
   * The SPIFFE ID in the token's `sub` claim.
   */
  'spiffeId': (string);
  /**
   * Every claim of the token.
   */
  'claims': (_google_protobuf_Struct__Output | null);
}
