/**
 * Operating-system identities the fleet is built from, in Elastic Defend's `host.os` shape (CORPUS.md §1:
 * `{type, name, family, platform, full, version, kernel, Ext.variant}`). The Debian entry is the one
 * observed in real Defend 8.15.1 data; the others follow the same conventions.
 */

/** One operating-system identity. */
export interface Distro {
  /** `host.os.type`. */
  readonly type: 'linux' | 'macos';
  readonly name: string;
  readonly family: string;
  readonly platform: string;
  readonly full: string;
  readonly version: string;
  readonly kernel: string;
  readonly variant: string;
  /** Which package manager background this host runs. */
  readonly packages: 'dpkg' | 'rpm' | 'none';
}

/** Linux distributions a profile may weight (`fleet.distros`). */
export const LINUX_DISTROS = {
  'debian-12': {
    type: 'linux',
    name: 'Linux',
    family: 'debian',
    platform: 'debian',
    full: 'Debian 12.7',
    version: '12.7',
    kernel: '6.1.0-25-cloud-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.106-3 (2024-08-26)',
    variant: 'Debian',
    packages: 'dpkg',
  },
  'ubuntu-22.04': {
    type: 'linux',
    name: 'Linux',
    family: 'debian',
    platform: 'ubuntu',
    full: 'Ubuntu 22.04.4',
    version: '22.04.4',
    kernel: '6.5.0-1022-aws #22~22.04.1-Ubuntu SMP Fri Jun 14 16:31:00 UTC 2024',
    variant: 'Ubuntu',
    packages: 'dpkg',
  },
  'ubuntu-24.04': {
    type: 'linux',
    name: 'Linux',
    family: 'debian',
    platform: 'ubuntu',
    full: 'Ubuntu 24.04.1',
    version: '24.04.1',
    kernel: '6.8.0-1015-gcp #17-Ubuntu SMP Thu Aug 22 20:26:49 UTC 2024',
    variant: 'Ubuntu',
    packages: 'dpkg',
  },
  'rhel-9': {
    type: 'linux',
    name: 'Linux',
    family: 'rhel',
    platform: 'rhel',
    full: 'Red Hat Enterprise Linux 9.4',
    version: '9.4',
    kernel: '5.14.0-427.31.1.el9_4.x86_64 #1 SMP PREEMPT_DYNAMIC Fri Aug 2 05:04:18 EDT 2024',
    variant: 'RHEL',
    packages: 'rpm',
  },
  'amazon-linux-2023': {
    type: 'linux',
    name: 'Linux',
    family: 'rhel',
    platform: 'amzn',
    full: 'Amazon Linux 2023',
    version: '2023',
    kernel: '6.1.109-118.189.amzn2023.x86_64 #1 SMP PREEMPT_DYNAMIC Tue Sep 10 08:59:12 UTC 2024',
    variant: 'Amazon Linux',
    packages: 'rpm',
  },
} as const satisfies Record<string, Distro>;

/** A distribution id accepted in `fleet.distros`. */
export type DistroId = keyof typeof LINUX_DISTROS;

/** The identity of the few macOS workstations a fleet may have (only near misses run there). */
export const MACOS: Distro = {
  type: 'macos',
  name: 'macOS',
  family: 'darwin',
  platform: 'darwin',
  full: 'macOS 14.6.1',
  version: '14.6.1',
  kernel: '23.6.0',
  variant: 'Darwin',
  packages: 'none',
};
