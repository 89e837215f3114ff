// The error codes the policy service raises that lib/errors.ts has no shorthand for.
import { SpikeError, notFound } from "../../lib/errors.js";

export const alreadyExistsError = (message: string): SpikeError => new SpikeError("already_exists", message);
export const notFoundError = notFound;
