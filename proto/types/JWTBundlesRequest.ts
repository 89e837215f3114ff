// Original file: proto/spiffe/workload.proto


export interface JWTBundlesRequest {
}

export interface JWTBundlesRequest__Output {
}
