// Original file: proto/spike/v1/operator.proto

import type { Readiness as _spike_v1_Readiness, Readiness__Output as _spike_v1_Readiness__Output } from '../../spike/v1/Readiness.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { DatabaseStatus as _spike_v1_DatabaseStatus, DatabaseStatus__Output as _spike_v1_DatabaseStatus__Output } from '../../spike/v1/DatabaseStatus.js';
import type { KeeperPeerStatus as _spike_v1_KeeperPeerStatus, KeeperPeerStatus__Output as _spike_v1_KeeperPeerStatus__Output } from '../../spike/v1/KeeperPeerStatus.js';

export interface OperatorStatusResponse {
  /**
   * Whether Nexus is serving, and if not, the broad reason.
   */
  'readiness'?: (_spike_v1_Readiness);
  /**
   * A sentence for humans, e.g. "waiting for keepers: 1 of 2 shares"; empty when ready.
   */
  'reason'?: (string);
  /**
   * Whether the database records a completed bootstrap.
   */
  'bootstrapped'?: (boolean);
  /**
   * Shares collected towards rebuilding the root key (0 once ready; the key is rebuilt and the shares dropped).
   */
  'sharesHeld'?: (number);
  /**
   * Shares needed to rebuild the root key (k); 0 before bootstrap.
   */
  'sharesNeeded'?: (number);
  /**
   * Shares that exist (n); 0 before bootstrap.
   */
  'sharesTotal'?: (number);
  /**
   * The active data key's id; 0 when Nexus holds no root key.
   */
  'activeKeyId'?: (number);
  /**
   * 1 after bootstrap, plus 1 per root-key rotation; 0 before bootstrap.
   */
  'rootKeyGeneration'?: (number);
  /**
   * A fingerprint of the key check value (lower-case hex); empty before bootstrap.
   */
  'keyCheckFingerprint'?: (string);
  /**
   * Nexus's software version.
   */
  'version'?: (string);
  /**
   * A name for this Nexus instance (several may share one database).
   */
  'instance'?: (string);
  /**
   * When this Nexus process started.
   */
  'startTime'?: (_google_protobuf_Timestamp | null);
  /**
   * When it last became ready; unset while not ready.
   */
  'readyTime'?: (_google_protobuf_Timestamp | null);
  /**
   * The database as this Nexus sees it.
   */
  'database'?: (_spike_v1_DatabaseStatus | null);
  /**
   * Each configured Keeper as this Nexus last saw it.
   */
  'keepers'?: (_spike_v1_KeeperPeerStatus)[];
}

export interface OperatorStatusResponse__Output {
  /**
   * Whether Nexus is serving, and if not, the broad reason.
   */
  'readiness': (_spike_v1_Readiness__Output);
  /**
   * A sentence for humans, e.g. "waiting for keepers: 1 of 2 shares"; empty when ready.
   */
  'reason': (string);
  /**
   * Whether the database records a completed bootstrap.
   */
  'bootstrapped': (boolean);
  /**
   * Shares collected towards rebuilding the root key (0 once ready; the key is rebuilt and the shares dropped).
   */
  'sharesHeld': (number);
  /**
   * Shares needed to rebuild the root key (k); 0 before bootstrap.
   */
  'sharesNeeded': (number);
  /**
   * Shares that exist (n); 0 before bootstrap.
   */
  'sharesTotal': (number);
  /**
   * The active data key's id; 0 when Nexus holds no root key.
   */
  'activeKeyId': (number);
  /**
   * 1 after bootstrap, plus 1 per root-key rotation; 0 before bootstrap.
   */
  'rootKeyGeneration': (number);
  /**
   * A fingerprint of the key check value (lower-case hex); empty before bootstrap.
   */
  'keyCheckFingerprint': (string);
  /**
   * Nexus's software version.
   */
  'version': (string);
  /**
   * A name for this Nexus instance (several may share one database).
   */
  'instance': (string);
  /**
   * When this Nexus process started.
   */
  'startTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * When it last became ready; unset while not ready.
   */
  'readyTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * The database as this Nexus sees it.
   */
  'database': (_spike_v1_DatabaseStatus__Output | null);
  /**
   * Each configured Keeper as this Nexus last saw it.
   */
  'keepers': (_spike_v1_KeeperPeerStatus__Output)[];
}
