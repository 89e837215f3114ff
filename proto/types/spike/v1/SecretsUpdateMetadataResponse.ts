// Original file: proto/spike/v1/secrets.proto

import type { SecretsGetMetadataResponse as _spike_v1_SecretsGetMetadataResponse, SecretsGetMetadataResponse__Output as _spike_v1_SecretsGetMetadataResponse__Output } from '../../spike/v1/SecretsGetMetadataResponse.js';

export interface SecretsUpdateMetadataResponse {
  /**
   * The metadata after the change, exactly as GetMetadata would return it.
   */
  'metadata'?: (_spike_v1_SecretsGetMetadataResponse | null);
}

export interface SecretsUpdateMetadataResponse__Output {
  /**
   * The metadata after the change, exactly as GetMetadata would return it.
   */
  'metadata': (_spike_v1_SecretsGetMetadataResponse__Output | null);
}
