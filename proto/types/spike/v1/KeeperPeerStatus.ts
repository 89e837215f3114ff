// Original file: proto/spike/v1/operator.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';

/**
 * One configured Keeper. Never contains share bytes.
 */
export interface KeeperPeerStatus {
  /**
   * The Keeper's address, as configured.
   */
  'address'?: (string);
  /**
   * The SPIFFE ID the Keeper must present.
   */
  'spiffeId'?: (string);
  /**
   * The share id this Keeper holds (1..n).
   */
  'shareId'?: (number);
  /**
   * Whether it answered the last contact.
   */
  'reachable'?: (boolean);
  /**
   * Whether it reported holding a share.
   */
  'hasShare'?: (boolean);
  /**
   * When Nexus last heard from it; unset if never.
   */
  'lastContactTime'?: (_google_protobuf_Timestamp | null);
}

/**
 * One configured Keeper. Never contains share bytes.
 */
export interface KeeperPeerStatus__Output {
  /**
   * The Keeper's address, as configured.
   */
  'address': (string);
  /**
   * The SPIFFE ID the Keeper must present.
   */
  'spiffeId': (string);
  /**
   * The share id this Keeper holds (1..n).
   */
  'shareId': (number);
  /**
   * Whether it answered the last contact.
   */
  'reachable': (boolean);
  /**
   * Whether it reported holding a share.
   */
  'hasShare': (boolean);
  /**
   * When Nexus last heard from it; unset if never.
   */
  'lastContactTime': (_google_protobuf_Timestamp__Output | null);
}
