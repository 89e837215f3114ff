// Original file: proto/spike/v1/operator.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { OperatorBootstrapRequest as _spike_v1_OperatorBootstrapRequest, OperatorBootstrapRequest__Output as _spike_v1_OperatorBootstrapRequest__Output } from '../../spike/v1/OperatorBootstrapRequest.js';
import type { OperatorBootstrapResponse as _spike_v1_OperatorBootstrapResponse, OperatorBootstrapResponse__Output as _spike_v1_OperatorBootstrapResponse__Output } from '../../spike/v1/OperatorBootstrapResponse.js';
import type { OperatorRecoverRequest as _spike_v1_OperatorRecoverRequest, OperatorRecoverRequest__Output as _spike_v1_OperatorRecoverRequest__Output } from '../../spike/v1/OperatorRecoverRequest.js';
import type { OperatorRecoverResponse as _spike_v1_OperatorRecoverResponse, OperatorRecoverResponse__Output as _spike_v1_OperatorRecoverResponse__Output } from '../../spike/v1/OperatorRecoverResponse.js';
import type { OperatorRestoreRequest as _spike_v1_OperatorRestoreRequest, OperatorRestoreRequest__Output as _spike_v1_OperatorRestoreRequest__Output } from '../../spike/v1/OperatorRestoreRequest.js';
import type { OperatorRestoreResponse as _spike_v1_OperatorRestoreResponse, OperatorRestoreResponse__Output as _spike_v1_OperatorRestoreResponse__Output } from '../../spike/v1/OperatorRestoreResponse.js';
import type { OperatorRewrapRequest as _spike_v1_OperatorRewrapRequest, OperatorRewrapRequest__Output as _spike_v1_OperatorRewrapRequest__Output } from '../../spike/v1/OperatorRewrapRequest.js';
import type { OperatorRewrapResponse as _spike_v1_OperatorRewrapResponse, OperatorRewrapResponse__Output as _spike_v1_OperatorRewrapResponse__Output } from '../../spike/v1/OperatorRewrapResponse.js';
import type { OperatorRotateDataKeyRequest as _spike_v1_OperatorRotateDataKeyRequest, OperatorRotateDataKeyRequest__Output as _spike_v1_OperatorRotateDataKeyRequest__Output } from '../../spike/v1/OperatorRotateDataKeyRequest.js';
import type { OperatorRotateDataKeyResponse as _spike_v1_OperatorRotateDataKeyResponse, OperatorRotateDataKeyResponse__Output as _spike_v1_OperatorRotateDataKeyResponse__Output } from '../../spike/v1/OperatorRotateDataKeyResponse.js';
import type { OperatorRotateRootKeyRequest as _spike_v1_OperatorRotateRootKeyRequest, OperatorRotateRootKeyRequest__Output as _spike_v1_OperatorRotateRootKeyRequest__Output } from '../../spike/v1/OperatorRotateRootKeyRequest.js';
import type { OperatorRotateRootKeyResponse as _spike_v1_OperatorRotateRootKeyResponse, OperatorRotateRootKeyResponse__Output as _spike_v1_OperatorRotateRootKeyResponse__Output } from '../../spike/v1/OperatorRotateRootKeyResponse.js';
import type { OperatorStatusRequest as _spike_v1_OperatorStatusRequest, OperatorStatusRequest__Output as _spike_v1_OperatorStatusRequest__Output } from '../../spike/v1/OperatorStatusRequest.js';
import type { OperatorStatusResponse as _spike_v1_OperatorStatusResponse, OperatorStatusResponse__Output as _spike_v1_OperatorStatusResponse__Output } from '../../spike/v1/OperatorStatusResponse.js';

export interface OperatorClient extends grpc.Client {
  /**
   * The bootstrap ceremony: on an uninitialized database, makes the root key, gives each Keeper its share, records
   * the key check value and the bootstrap, and creates the first admin token, returned here once and never again.
   * Every Keeper must take its share, or nothing is recorded and the call can be retried. Not gated by readiness.
   * Callers: superuser; bootstrap role.
   * Errors: FAILED_PRECONDITION (already bootstrapped: it can never run twice); UNAVAILABLE (a Keeper or the
   * database cannot be reached; nothing recorded); INVALID_ARGUMENT (bad admin token name); PERMISSION_DENIED.
   */
  Bootstrap(argument: _spike_v1_OperatorBootstrapRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorBootstrapResponse__Output>): grpc.ClientUnaryCall;
  Bootstrap(argument: _spike_v1_OperatorBootstrapRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_OperatorBootstrapResponse__Output>): grpc.ClientUnaryCall;
  Bootstrap(argument: _spike_v1_OperatorBootstrapRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorBootstrapResponse__Output>): grpc.ClientUnaryCall;
  Bootstrap(argument: _spike_v1_OperatorBootstrapRequest, callback: grpc.requestCallback<_spike_v1_OperatorBootstrapResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The bootstrap ceremony: on an uninitialized database, makes the root key, gives each Keeper its share, records
   * the key check value and the bootstrap, and creates the first admin token, returned here once and never again.
   * Every Keeper must take its share, or nothing is recorded and the call can be retried. Not gated by readiness.
   * Callers: superuser; bootstrap role.
   * Errors: FAILED_PRECONDITION (already bootstrapped: it can never run twice); UNAVAILABLE (a Keeper or the
   * database cannot be reached; nothing recorded); INVALID_ARGUMENT (bad admin token name); PERMISSION_DENIED.
   */
  bootstrap(argument: _spike_v1_OperatorBootstrapRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorBootstrapResponse__Output>): grpc.ClientUnaryCall;
  bootstrap(argument: _spike_v1_OperatorBootstrapRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_OperatorBootstrapResponse__Output>): grpc.ClientUnaryCall;
  bootstrap(argument: _spike_v1_OperatorBootstrapRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorBootstrapResponse__Output>): grpc.ClientUnaryCall;
  bootstrap(argument: _spike_v1_OperatorBootstrapRequest, callback: grpc.requestCallback<_spike_v1_OperatorBootstrapResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Break-glass export: returns all n shares of the current root key, to be kept offline.
   * Callers: recover role only; no policy can grant it and the superuser cannot use it.
   * Errors: UNAVAILABLE (Nexus holds no root key yet); PERMISSION_DENIED.
   */
  Recover(argument: _spike_v1_OperatorRecoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorRecoverResponse__Output>): grpc.ClientUnaryCall;
  Recover(argument: _spike_v1_OperatorRecoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_OperatorRecoverResponse__Output>): grpc.ClientUnaryCall;
  Recover(argument: _spike_v1_OperatorRecoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorRecoverResponse__Output>): grpc.ClientUnaryCall;
  Recover(argument: _spike_v1_OperatorRecoverRequest, callback: grpc.requestCallback<_spike_v1_OperatorRecoverResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Break-glass export: returns all n shares of the current root key, to be kept offline.
   * Callers: recover role only; no policy can grant it and the superuser cannot use it.
   * Errors: UNAVAILABLE (Nexus holds no root key yet); PERMISSION_DENIED.
   */
  recover(argument: _spike_v1_OperatorRecoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorRecoverResponse__Output>): grpc.ClientUnaryCall;
  recover(argument: _spike_v1_OperatorRecoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_OperatorRecoverResponse__Output>): grpc.ClientUnaryCall;
  recover(argument: _spike_v1_OperatorRecoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorRecoverResponse__Output>): grpc.ClientUnaryCall;
  recover(argument: _spike_v1_OperatorRecoverRequest, callback: grpc.requestCallback<_spike_v1_OperatorRecoverResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Break-glass import: takes one share per call. Once enough shares are collected Nexus rebuilds the root key,
   * checks it against the key check value, and re-seeds the Keepers; if the check fails every collected share is
   * discarded. Not gated by readiness.
   * Callers: restore role only; no policy can grant it and the superuser cannot use it.
   * Errors: FAILED_PRECONDITION (Nexus already holds a root key, or the database was never bootstrapped);
   * INVALID_ARGUMENT (share id 0 or above n, value not 32 bytes or all zeros, or the collected shares rebuild a key
   * that fails the key check: all discarded); ALREADY_EXISTS (a share with this id is already collected, nothing
   * changed); PERMISSION_DENIED; UNAVAILABLE (database down).
   */
  Restore(argument: _spike_v1_OperatorRestoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorRestoreResponse__Output>): grpc.ClientUnaryCall;
  Restore(argument: _spike_v1_OperatorRestoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_OperatorRestoreResponse__Output>): grpc.ClientUnaryCall;
  Restore(argument: _spike_v1_OperatorRestoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorRestoreResponse__Output>): grpc.ClientUnaryCall;
  Restore(argument: _spike_v1_OperatorRestoreRequest, callback: grpc.requestCallback<_spike_v1_OperatorRestoreResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Break-glass import: takes one share per call. Once enough shares are collected Nexus rebuilds the root key,
   * checks it against the key check value, and re-seeds the Keepers; if the check fails every collected share is
   * discarded. Not gated by readiness.
   * Callers: restore role only; no policy can grant it and the superuser cannot use it.
   * Errors: FAILED_PRECONDITION (Nexus already holds a root key, or the database was never bootstrapped);
   * INVALID_ARGUMENT (share id 0 or above n, value not 32 bytes or all zeros, or the collected shares rebuild a key
   * that fails the key check: all discarded); ALREADY_EXISTS (a share with this id is already collected, nothing
   * changed); PERMISSION_DENIED; UNAVAILABLE (database down).
   */
  restore(argument: _spike_v1_OperatorRestoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorRestoreResponse__Output>): grpc.ClientUnaryCall;
  restore(argument: _spike_v1_OperatorRestoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_OperatorRestoreResponse__Output>): grpc.ClientUnaryCall;
  restore(argument: _spike_v1_OperatorRestoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorRestoreResponse__Output>): grpc.ClientUnaryCall;
  restore(argument: _spike_v1_OperatorRestoreRequest, callback: grpc.requestCallback<_spike_v1_OperatorRestoreResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Re-encrypts every stored secret version and admin token that is not under the active data key, in the
   * background. Starts a job (or joins the one already running) and streams its progress, then its result; the job
   * goes on if the caller leaves, and calling again shows where it is.
   * Callers: superuser.
   * Errors: NOT_FOUND (watch_only and no job has run since Nexus started); PERMISSION_DENIED; UNAVAILABLE.
   */
  Rewrap(argument: _spike_v1_OperatorRewrapRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_OperatorRewrapResponse__Output>;
  Rewrap(argument: _spike_v1_OperatorRewrapRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_OperatorRewrapResponse__Output>;
  /**
   * Re-encrypts every stored secret version and admin token that is not under the active data key, in the
   * background. Starts a job (or joins the one already running) and streams its progress, then its result; the job
   * goes on if the caller leaves, and calling again shows where it is.
   * Callers: superuser.
   * Errors: NOT_FOUND (watch_only and no job has run since Nexus started); PERMISSION_DENIED; UNAVAILABLE.
   */
  rewrap(argument: _spike_v1_OperatorRewrapRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_OperatorRewrapResponse__Output>;
  rewrap(argument: _spike_v1_OperatorRewrapRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_OperatorRewrapResponse__Output>;
  
  /**
   * Adds a new data key to the keyring and makes it the active one: new writes use it, existing ciphertexts still
   * decrypt. Runs online. Also happens automatically after a configured number of uses or age.
   * Callers: superuser.
   * Errors: FAILED_PRECONDITION (another rotation is in progress); PERMISSION_DENIED; UNAVAILABLE.
   */
  RotateDataKey(argument: _spike_v1_OperatorRotateDataKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorRotateDataKeyResponse__Output>): grpc.ClientUnaryCall;
  RotateDataKey(argument: _spike_v1_OperatorRotateDataKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_OperatorRotateDataKeyResponse__Output>): grpc.ClientUnaryCall;
  RotateDataKey(argument: _spike_v1_OperatorRotateDataKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorRotateDataKeyResponse__Output>): grpc.ClientUnaryCall;
  RotateDataKey(argument: _spike_v1_OperatorRotateDataKeyRequest, callback: grpc.requestCallback<_spike_v1_OperatorRotateDataKeyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Adds a new data key to the keyring and makes it the active one: new writes use it, existing ciphertexts still
   * decrypt. Runs online. Also happens automatically after a configured number of uses or age.
   * Callers: superuser.
   * Errors: FAILED_PRECONDITION (another rotation is in progress); PERMISSION_DENIED; UNAVAILABLE.
   */
  rotateDataKey(argument: _spike_v1_OperatorRotateDataKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorRotateDataKeyResponse__Output>): grpc.ClientUnaryCall;
  rotateDataKey(argument: _spike_v1_OperatorRotateDataKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_OperatorRotateDataKeyResponse__Output>): grpc.ClientUnaryCall;
  rotateDataKey(argument: _spike_v1_OperatorRotateDataKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorRotateDataKeyResponse__Output>): grpc.ClientUnaryCall;
  rotateDataKey(argument: _spike_v1_OperatorRotateDataKeyRequest, callback: grpc.requestCallback<_spike_v1_OperatorRotateDataKeyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Makes a new root key, re-wraps the keyring under it, updates the key check value and re-shards the Keepers.
   * Crash-safe: an interrupted rotation leaves either the old or the new key fully in force.
   * Callers: superuser presenting a valid admin token.
   * Errors: PERMISSION_DENIED (not superuser, or the admin token is missing, unknown, expired or revoked);
   * FAILED_PRECONDITION (another rotation is in progress); UNAVAILABLE (a Keeper cannot be reached: nothing
   * changed).
   */
  RotateRootKey(argument: _spike_v1_OperatorRotateRootKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorRotateRootKeyResponse__Output>): grpc.ClientUnaryCall;
  RotateRootKey(argument: _spike_v1_OperatorRotateRootKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_OperatorRotateRootKeyResponse__Output>): grpc.ClientUnaryCall;
  RotateRootKey(argument: _spike_v1_OperatorRotateRootKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorRotateRootKeyResponse__Output>): grpc.ClientUnaryCall;
  RotateRootKey(argument: _spike_v1_OperatorRotateRootKeyRequest, callback: grpc.requestCallback<_spike_v1_OperatorRotateRootKeyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Makes a new root key, re-wraps the keyring under it, updates the key check value and re-shards the Keepers.
   * Crash-safe: an interrupted rotation leaves either the old or the new key fully in force.
   * Callers: superuser presenting a valid admin token.
   * Errors: PERMISSION_DENIED (not superuser, or the admin token is missing, unknown, expired or revoked);
   * FAILED_PRECONDITION (another rotation is in progress); UNAVAILABLE (a Keeper cannot be reached: nothing
   * changed).
   */
  rotateRootKey(argument: _spike_v1_OperatorRotateRootKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorRotateRootKeyResponse__Output>): grpc.ClientUnaryCall;
  rotateRootKey(argument: _spike_v1_OperatorRotateRootKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_OperatorRotateRootKeyResponse__Output>): grpc.ClientUnaryCall;
  rotateRootKey(argument: _spike_v1_OperatorRotateRootKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorRotateRootKeyResponse__Output>): grpc.ClientUnaryCall;
  rotateRootKey(argument: _spike_v1_OperatorRotateRootKeyRequest, callback: grpc.requestCallback<_spike_v1_OperatorRotateRootKeyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Nexus's readiness and why it is not ready, for operators. Not gated by readiness; workloads use grpc.health.v1.
   * Callers: superuser; bootstrap, recover or restore role.
   * Errors: PERMISSION_DENIED (any other caller). Never UNAVAILABLE: a Nexus that is not ready says so in the
   * response.
   */
  Status(argument: _spike_v1_OperatorStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorStatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _spike_v1_OperatorStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_OperatorStatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _spike_v1_OperatorStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorStatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _spike_v1_OperatorStatusRequest, callback: grpc.requestCallback<_spike_v1_OperatorStatusResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Nexus's readiness and why it is not ready, for operators. Not gated by readiness; workloads use grpc.health.v1.
   * Callers: superuser; bootstrap, recover or restore role.
   * Errors: PERMISSION_DENIED (any other caller). Never UNAVAILABLE: a Nexus that is not ready says so in the
   * response.
   */
  status(argument: _spike_v1_OperatorStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorStatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _spike_v1_OperatorStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_OperatorStatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _spike_v1_OperatorStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_OperatorStatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _spike_v1_OperatorStatusRequest, callback: grpc.requestCallback<_spike_v1_OperatorStatusResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface OperatorHandlers extends grpc.UntypedServiceImplementation {
  /**
   * The bootstrap ceremony: on an uninitialized database, makes the root key, gives each Keeper its share, records
   * the key check value and the bootstrap, and creates the first admin token, returned here once and never again.
   * Every Keeper must take its share, or nothing is recorded and the call can be retried. Not gated by readiness.
   * Callers: superuser; bootstrap role.
   * Errors: FAILED_PRECONDITION (already bootstrapped: it can never run twice); UNAVAILABLE (a Keeper or the
   * database cannot be reached; nothing recorded); INVALID_ARGUMENT (bad admin token name); PERMISSION_DENIED.
   */
  Bootstrap: grpc.handleUnaryCall<_spike_v1_OperatorBootstrapRequest__Output, _spike_v1_OperatorBootstrapResponse>;
  
  /**
   * Break-glass export: returns all n shares of the current root key, to be kept offline.
   * Callers: recover role only; no policy can grant it and the superuser cannot use it.
   * Errors: UNAVAILABLE (Nexus holds no root key yet); PERMISSION_DENIED.
   */
  Recover: grpc.handleUnaryCall<_spike_v1_OperatorRecoverRequest__Output, _spike_v1_OperatorRecoverResponse>;
  
  /**
   * Break-glass import: takes one share per call. Once enough shares are collected Nexus rebuilds the root key,
   * checks it against the key check value, and re-seeds the Keepers; if the check fails every collected share is
   * discarded. Not gated by readiness.
   * Callers: restore role only; no policy can grant it and the superuser cannot use it.
   * Errors: FAILED_PRECONDITION (Nexus already holds a root key, or the database was never bootstrapped);
   * INVALID_ARGUMENT (share id 0 or above n, value not 32 bytes or all zeros, or the collected shares rebuild a key
   * that fails the key check: all discarded); ALREADY_EXISTS (a share with this id is already collected, nothing
   * changed); PERMISSION_DENIED; UNAVAILABLE (database down).
   */
  Restore: grpc.handleUnaryCall<_spike_v1_OperatorRestoreRequest__Output, _spike_v1_OperatorRestoreResponse>;
  
  /**
   * Re-encrypts every stored secret version and admin token that is not under the active data key, in the
   * background. Starts a job (or joins the one already running) and streams its progress, then its result; the job
   * goes on if the caller leaves, and calling again shows where it is.
   * Callers: superuser.
   * Errors: NOT_FOUND (watch_only and no job has run since Nexus started); PERMISSION_DENIED; UNAVAILABLE.
   */
  Rewrap: grpc.handleServerStreamingCall<_spike_v1_OperatorRewrapRequest__Output, _spike_v1_OperatorRewrapResponse>;
  
  /**
   * Adds a new data key to the keyring and makes it the active one: new writes use it, existing ciphertexts still
   * decrypt. Runs online. Also happens automatically after a configured number of uses or age.
   * Callers: superuser.
   * Errors: FAILED_PRECONDITION (another rotation is in progress); PERMISSION_DENIED; UNAVAILABLE.
   */
  RotateDataKey: grpc.handleUnaryCall<_spike_v1_OperatorRotateDataKeyRequest__Output, _spike_v1_OperatorRotateDataKeyResponse>;
  
  /**
   * Makes a new root key, re-wraps the keyring under it, updates the key check value and re-shards the Keepers.
   * Crash-safe: an interrupted rotation leaves either the old or the new key fully in force.
   * Callers: superuser presenting a valid admin token.
   * Errors: PERMISSION_DENIED (not superuser, or the admin token is missing, unknown, expired or revoked);
   * FAILED_PRECONDITION (another rotation is in progress); UNAVAILABLE (a Keeper cannot be reached: nothing
   * changed).
   */
  RotateRootKey: grpc.handleUnaryCall<_spike_v1_OperatorRotateRootKeyRequest__Output, _spike_v1_OperatorRotateRootKeyResponse>;
  
  /**
   * Nexus's readiness and why it is not ready, for operators. Not gated by readiness; workloads use grpc.health.v1.
   * Callers: superuser; bootstrap, recover or restore role.
   * Errors: PERMISSION_DENIED (any other caller). Never UNAVAILABLE: a Nexus that is not ready says so in the
   * response.
   */
  Status: grpc.handleUnaryCall<_spike_v1_OperatorStatusRequest__Output, _spike_v1_OperatorStatusResponse>;
  
}

export interface OperatorDefinition extends grpc.ServiceDefinition {
  Bootstrap: MethodDefinition<_spike_v1_OperatorBootstrapRequest, _spike_v1_OperatorBootstrapResponse, _spike_v1_OperatorBootstrapRequest__Output, _spike_v1_OperatorBootstrapResponse__Output>
  Recover: MethodDefinition<_spike_v1_OperatorRecoverRequest, _spike_v1_OperatorRecoverResponse, _spike_v1_OperatorRecoverRequest__Output, _spike_v1_OperatorRecoverResponse__Output>
  Restore: MethodDefinition<_spike_v1_OperatorRestoreRequest, _spike_v1_OperatorRestoreResponse, _spike_v1_OperatorRestoreRequest__Output, _spike_v1_OperatorRestoreResponse__Output>
  Rewrap: MethodDefinition<_spike_v1_OperatorRewrapRequest, _spike_v1_OperatorRewrapResponse, _spike_v1_OperatorRewrapRequest__Output, _spike_v1_OperatorRewrapResponse__Output>
  RotateDataKey: MethodDefinition<_spike_v1_OperatorRotateDataKeyRequest, _spike_v1_OperatorRotateDataKeyResponse, _spike_v1_OperatorRotateDataKeyRequest__Output, _spike_v1_OperatorRotateDataKeyResponse__Output>
  RotateRootKey: MethodDefinition<_spike_v1_OperatorRotateRootKeyRequest, _spike_v1_OperatorRotateRootKeyResponse, _spike_v1_OperatorRotateRootKeyRequest__Output, _spike_v1_OperatorRotateRootKeyResponse__Output>
  Status: MethodDefinition<_spike_v1_OperatorStatusRequest, _spike_v1_OperatorStatusResponse, _spike_v1_OperatorStatusRequest__Output, _spike_v1_OperatorStatusResponse__Output>
}
