/**
 * Chooses the host a scenario runs on, within the kinds of hosts the scenario needs.
 */
import type { Fleet, Host } from './fleet.js';
import type { Producer } from './profile.js';
import type { Prng } from './prng.js';

/** Host choice for scenario builders. Every method draws from the given PRNG. */
export interface HostPicker {
  /** Any Linux host. */
  linux(): Host;
  /** A Linux host of this producer, or undefined when the fleet has none. */
  ofProducer(producer: Producer): Host | undefined;
  /**
   * A Linux host whose documents can carry a shape deviation in every output form: Defend or Endgame
   * (a raw SentinelOne line cannot express dotted keys or arrays). Falls back to any Linux host.
   */
  shapeable(): Host;
  /** A macOS host, or undefined. */
  macos(): Host | undefined;
}

/** Creates a {@link HostPicker} over `fleet`. */
export function createHostPicker(fleet: Fleet, prng: Prng): HostPicker {
  const shapeable = [...fleet.byProducer.defend, ...fleet.byProducer.endgame];
  return {
    linux: () => prng.pick(fleet.linuxHosts),
    ofProducer: (producer) => {
      const hosts = fleet.byProducer[producer];
      return hosts.length === 0 ? undefined : prng.pick(hosts);
    },
    shapeable: () => (shapeable.length === 0 ? prng.pick(fleet.linuxHosts) : prng.pick(shapeable)),
    macos: () => (fleet.macosHosts.length === 0 ? undefined : prng.pick(fleet.macosHosts)),
  };
}
