/**
 * The names of everything the generator can emit, grouped the way a profile sets their rates, with one
 * sentence each on what it is and why its events are (or are not) positives for the seed rule
 * (EQL-SEMANTICS.md §8). The labels file counts instances under `<group>.<name>`.
 */

/** Background activity (CORPUS.md §6); never a positive. Profile: `background` weights. */
export const BACKGROUND_KINDS = {
  systemd: 'systemd (pid 1) unit invocation files under /run/systemd: temp create → rename → delete',
  journald: 'systemd-journald stream files under /run/systemd/journal/streams: temp create → rename',
  'package-manager': 'dpkg/apt or rpm/dnf writing under /var/lib, /var/cache, /usr and /etc (temp name → rename)',
  'container-runtime': 'dockerd/containerd/podman layers and logs under /var/lib/docker, /var/lib/containers, /run/containerd',
  'logrotate-cron': 'logrotate rotating /var/log files and cron jobs writing mktemp files',
  'config-management': 'puppet, chef and ansible writing state, temp modules and managed configs',
  'user-shell': 'shells and editors in /home: .bash_history, .viminfo, vim swap and 4913 probes, .cache/…',
  'ssh-known-hosts': '/usr/bin/ssh adding a host to ~/.ssh/known_hosts: right path, wrong executable',
  'sshd-pam': 'sshd/PAM and systemd-logind: /run/motd.dynamic, /run/systemd/sessions, /run/user/<uid>',
} as const satisfies Record<string, string>;

/** How ssh-keygen really writes files (CORPUS.md §4). Profile: `keygen`, instances per million events. */
export const KEYGEN_KINDS = {
  interactive: 'ssh-keygen -t <type>: ~/.ssh/id_<type> then id_<type>.pub, two creations, both positive',
  'cloud-init': 'first boot: cloud-init deletes old host keys, then ssh-keygen creates 3 host key pairs under /etc/ssh: 6 positives',
  'host-keys-a': 'ssh-keygen -A: temp names /etc/ssh/ssh_host_<t>_key.XXXXXXXXXX(.pub) are positives, the renames are not',
  'known-hosts-r': 'ssh-keygen -R: known_hosts.XXXXXXXXXX and known_hosts.old are excluded names; the rename is no creation',
  certificate: 'ssh-keygen -s: <key>-cert.pub under ~/.ssh or /etc/ssh, a positive',
  persistence: 'persistence tooling: /root/.ssh/id_rsa1822 or /home/<user>/.ssh/id_rsa1822 (+ .pub), positives',
  'service-account': 'a service account whose home is outside /home (/var/lib/postgresql/.ssh/…): the rule\'s blind spot, not a positive',
} as const satisfies Record<string, string>;

/**
 * Near misses (CORPUS.md §5): an ssh-keygen key creation with exactly one thing wrong, so none is a
 * positive. Profile: `nearMisses`, instances per million events.
 */
export const NEAR_MISS_KINDS = {
  'exe.usr-local-bin': 'process.executable /usr/local/bin/ssh-keygen: == is exact',
  'exe.bin': 'process.executable /bin/ssh-keygen (merged-/usr symlink path): == is exact',
  'exe.upper-case': 'process.executable /USR/BIN/SSH-KEYGEN: == is case-sensitive',
  'exe.nix-store': 'process.executable in the Nix store: == is exact',
  'exe.other-key-tool': 'dropbearkey, puttygen or openssl writing a key into ~/.ssh: not ssh-keygen',
  'os.type-capitalized': 'host.os.type "Linux": == is case-sensitive',
  'os.macos': 'a macOS host running /usr/bin/ssh-keygen -A into /etc/ssh: host.os.type is "macos"',
  'os.type-missing': 'no host.os.type at all (e.g. SentinelOne with an unlisted endpoint.os): == needs a value',
  'action.rename': 'Defend rename into ~/.ssh/id_<type>: event.action "rename" is not in the list',
  'action.deletion': 'ssh-keygen deleting a key file: event.action "deletion"',
  'action.capitalized': 'event.action "Creation": in (…) is case-sensitive',
  'action.endgame-rename': 'Endgame file_rename_event: not file_create_event',
  'action.s1-change': 'SentinelOne File Modification: event.action ["change"]',
  'path.ssh2-dir': '~/.ssh2/id_rsa: the pattern needs "/.ssh/"',
  'path.ssh-dir-itself': 'the ~/.ssh directory itself (mkdir by ssh-keygen): no trailing "/" and file name',
  'path.rootx': '/rootx/.ssh/id_rsa: "/root/.ssh/*" is anchored',
  'path.etc-sshd': '/etc/sshd/ssh_host_rsa_key: "/etc/ssh/*" needs "/etc/ssh/"',
  'path.relative': 'a relative path (.ssh/id_rsa, home/u/.ssh/id_rsa): patterns are anchored at "/"',
  'path.over-1024': 'a path longer than 1,024 characters: ignore_above 1024 leaves file.path without a value',
  'path.unicode-not-folded': '~/.\u017Fsh/id_rsa (LATIN SMALL LETTER LONG S): only ASCII letters fold, so ".ſsh" is not ".ssh"',
  'name.known-hosts-old': 'file.name known_hosts.old: excluded by not file.name : "known_hosts.*"',
  'name.known-hosts-temp': 'file.name known_hosts.XXXXXXXXXX: excluded',
  'name.upper-case': 'file.name KNOWN_HOSTS.OLD: ":" is case-insensitive, so still excluded',
  'name.known-hosts-dot': 'file.name "known_hosts.": "*" may be empty, so excluded',
  'name.array-with-excluded': 'file.name ["id_rsa", "known_hosts.old"]: one excluded value excludes the event',
  'category.process': 'event.category ["process"]: not a file event',
  'category.upper-case': 'event.category ["FILE"]: the category is compared exactly',
} as const satisfies Record<string, string>;

/**
 * The positive edge cases of EQL-SEMANTICS.md §3–§5: unusual shapes that ARE positives.
 * Profile: `edgeCases`, instances per million events.
 */
export const EDGE_CASE_KINDS = {
  'upper-case-home': '/HOME/<user>/.SSH/id_rsa: ":" folds ASCII case',
  'star-spans-dirs': '/home/<user>/work/.ssh/id_ed25519: "*" spans several directories',
  'empty-star': '/home//.ssh/id_rsa: "*" may be empty',
  'array-values': 'file.path and host.os.type as arrays: some value satisfies each leaf',
  'dotted-keys': '"file.path", "file.name" and "process.executable" as dotted top-level keys: same fields',
  'missing-file-name': 'no file.name: "not file.name : …" passes when the field has no value',
  'known-hosts-not-excluded': 'ssh-keygen creating known_hosts or known_hosts2: "known_hosts.*" does not match them',
  'path-exactly-1024': 'a path of exactly 1,024 characters: still indexed, still a positive',
  'odd-characters': 'a key name with quotes, backslashes, control characters, a newline, accents and an emoji: "*" matches them all',
  'unicode-not-folded': 'file.name "\u212Anown_hosts.old" (KELVIN SIGN): only ASCII letters fold, so it is not excluded',
} as const satisfies Record<string, string>;

/** A background kind name. */
export type BackgroundKind = keyof typeof BACKGROUND_KINDS;
/** An ssh-keygen scenario name. */
export type KeygenKind = keyof typeof KEYGEN_KINDS;
/** A near-miss kind name. */
export type NearMissKind = keyof typeof NEAR_MISS_KINDS;
/** A positive edge-case kind name. */
export type EdgeCaseKind = keyof typeof EDGE_CASE_KINDS;

/**
 * Every scenario name as counted in the labels file, in a fixed order:
 * `background.*`, then `keygen.*`, `near-miss.*`, `edge.*`.
 */
export const SCENARIO_NAMES: readonly string[] = [
  ...Object.keys(BACKGROUND_KINDS).map((k) => `background.${k}`),
  ...Object.keys(KEYGEN_KINDS).map((k) => `keygen.${k}`),
  ...Object.keys(NEAR_MISS_KINDS).map((k) => `near-miss.${k}`),
  ...Object.keys(EDGE_CASE_KINDS).map((k) => `edge.${k}`),
];
