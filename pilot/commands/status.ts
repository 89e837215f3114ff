// `spike status`: can this CLI reach Nexus, is it really Nexus, and is it serving?
import type { Command } from "commander";
import { openIdentitySource } from "../../lib/identity.js";
import { connectNexus, unary } from "../client/connect.js";
import type { PilotConfig } from "../config.js";
import { formatOption, print, type Format } from "../output.js";

export function registerStatus(program: Command, config: () => PilotConfig): void {
  program
    .command("status")
    .description("check that Nexus is reachable, presents the Nexus SPIFFE ID, and is serving")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike status\n  spike status --format json | jq .status")
    .action(async (opts: { format: Format }) => {
      const format = opts.format;
      const cfg = config();
      const source = openIdentitySource(cfg, "pilot");
      try {
        await source.ready(cfg.SPIKE_SPIFFE_SOURCE_TIMEOUT);
        const nexus = connectNexus(cfg.SPIKE_NEXUS_API_URL, source, cfg.SPIKE_TRUST_ROOT);
        try {
          const res = await unary<{ status: string }>((md, o, cb) => nexus.health.Check({ service: "" }, md, o, cb), 5000);
          const data = { nexus: nexus.address, spiffeId: nexus.serverId()?.text ?? null, status: res.status, client: source.svid().id.text };
          print(format, data, () => `Nexus at ${data.nexus} (${data.spiffeId ?? "?"}) is ${data.status}\n  you are ${data.client}`);
        } finally {
          nexus.close();
        }
      } finally {
        source.close();
      }
    });
}
