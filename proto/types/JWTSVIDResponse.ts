// Original file: proto/spiffe/workload.proto

import type { JWTSVID as _JWTSVID, JWTSVID__Output as _JWTSVID__Output } from './JWTSVID.js';

export interface JWTSVIDResponse {
  /**
   * One token per identity.
   */
  'svids'?: (_JWTSVID)[];
}

export interface JWTSVIDResponse__Output {
  /**
   * One token per identity.
   */
  'svids': (_JWTSVID__Output)[];
}
