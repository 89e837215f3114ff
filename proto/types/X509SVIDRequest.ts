// Original file: proto/spiffe/workload.proto


/**
 * Empty: the workload is identified out of band (attestation), never by what it asks for.
 */
export interface X509SVIDRequest {
}

/**
 * Empty: the workload is identified out of band (attestation), never by what it asks for.
 */
export interface X509SVIDRequest__Output {
}
