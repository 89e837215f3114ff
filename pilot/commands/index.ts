// The command groups of `spike`, one line each. A group's module is imported only when its command is invoked (or
// when the whole tree is needed: top-level help, an unknown command's suggestion, shell completion), so a cold
// `spike secret get` loads the code for `secret` and nothing else.
import type { Command } from "commander";
import type { PilotConfig } from "../config.js";

export type Register = (program: Command, config: () => PilotConfig) => void;

export interface CommandGroup {
  readonly name: string;
  readonly load: () => Promise<Register>;
  /** False for commands that never read the configuration (it costs zod and the identity sources at start). */
  readonly config?: false;
}

export const GROUPS: readonly CommandGroup[] = [
  { name: "status", load: async () => (await import("./status.js")).registerStatus },
  { name: "secret", load: async () => (await import("./secret.js")).registerSecret },
  { name: "policy", load: async () => (await import("./policy.js")).registerPolicy },
  { name: "cipher", load: async () => (await import("./cipher.js")).registerCipher },
  { name: "operator", load: async () => (await import("./operator.js")).registerOperator },
  { name: "admin-token", load: async () => (await import("./admin-token.js")).registerAdminToken },
  { name: "audit", load: async () => (await import("./audit.js")).registerAudit },
  { name: "backup", load: async () => (await import("./backup.js")).registerBackup },
  { name: "dev", load: async () => (await import("./dev.js")).registerDev },
  { name: "version", load: async () => (await import("./version.js")).registerVersion, config: false },
  { name: "completion", load: async () => (await import("./completion.js")).registerCompletion, config: false },
];
