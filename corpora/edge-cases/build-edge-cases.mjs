#!/usr/bin/env node
/**
 * Builds the curated edge-case corpus (generate-then-freeze): one line per case in CASES, rendered by the
 * real producers on hosts of a fixed fleet, with the truth and the reason written by hand below. The
 * output is committed and reviewed line by line; rerun only to regenerate it on purpose:
 *
 *   npm run build && node corpora/edge-cases/build-edge-cases.mjs
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createBlockGenerator } from '../../dist/src/corpus/generate/block-generator.js';
import { loadProfile } from '../../dist/src/corpus/generate/profile-loader.js';
import { createPrng } from '../../dist/src/corpus/generate/prng.js';
import { keygenFromShell } from '../../dist/src/corpus/generate/scenarios/keygen.js';
import { spawnChild } from '../../dist/src/corpus/generate/processes.js';
import { renderDefend } from '../../dist/src/corpus/generate/producers/defend-renderer.js';
import { renderEndgame } from '../../dist/src/corpus/generate/producers/endgame-renderer.js';
import { renderSentinelOne, renderSentinelOneRaw } from '../../dist/src/corpus/generate/producers/sentinel-one-renderer.js';
import { applyVariant } from '../../dist/src/corpus/generate/producers/apply-variant.js';
import { privateKeyContent, publicKeyContent, textContent } from '../../dist/src/corpus/generate/file-content.js';
import { TimestampFormatter } from '../../dist/src/corpus/generate/timeline.js';
import { formatLabels, SEED_RULE_ID } from '../../dist/src/corpus/generate/labels.js';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const { profile } = await loadProfile('accuracy', { cwd: process.cwd() });
const generator = createBlockGenerator({ seed: 1, profile, blockSize: 4096, rawS1: false });
const fleet = generator.fleet;
const prng = createPrng(2024, 1);
const start = Date.parse('2024-10-16T11:06:00Z');
const fmt = new TimestampFormatter(start);
const ctx = { prng, blockStartSec: Math.floor(start / 1000) };
const byVersion = (v) => fleet.byProducer.defend.find((h) => h.agentVersion === v && h.users.length > 0);
const H = {
  latest: byVersion('9.0.0'),
  v813: byVersion('8.13.4'),
  v815: byVersion('8.15.1'),
  endgame: fleet.byProducer.endgame[0],
  s1: fleet.byProducer.sentinelOne[0],
  mac: fleet.macosHosts[0],
};
const user = (host) => host.users[0];
const keygen = (host, cmd = 'ssh-keygen -t ed25519', exe) => keygenFromShell({ ...ctx, prng: createPrng(7, host.index) }, host, () => cmd, exe).process;
const pad = (prefix, name, length) => {
  let dirs = '';
  let room = length - prefix.length - name.length;
  let k = 0;
  while (room > 0) {
    let size = Math.min(room - 1, 40);
    if (room - (size + 1) === 1) size += 1;
    dirs += `${String.fromCharCode(97 + (k++ % 26)).repeat(size)}/`;
    room -= size + 1;
  }
  return prefix + dirs + name;
};

/** [producer, host, op fields, positive, why]. */
const CASES = [];
const add = (host, op, positive, why, form = 'post') => CASES.push({ host, op: { positive, ...op }, positive, why, form });
const P = privateKeyContent(prng, 'ed25519');
const home = (h) => user(h).home;

// --- Elastic Defend: positives
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/id_ed25519`, process: keygen(H.latest), content: P }, true, 'ssh-keygen -t ed25519 writes ~/.ssh/id_ed25519: every leaf of the rule holds (agent 9.0.0: no command_line, host trimmed to id/name/os).');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/id_ed25519.pub`, process: keygen(H.latest), content: publicKeyContent(prng, 'ed25519') }, true, 'The public half of the same key pair: a second creation, also a positive.');
add(H.v813, { action: 'creation', path: '/root/.ssh/id_rsa', process: keygen(H.v813, 'ssh-keygen -t rsa'), content: privateKeyContent(prng, 'rsa') }, true, 'root\'s key under /root/.ssh/ (agent 8.13.4: process.command_line and the full host block present).');
{
  const cloudInit = spawnChild(ctx, H.v815.daemons.systemd, '/usr/bin/python3', '/usr/bin/python3 /usr/bin/cloud-init init');
  add(H.v815, { action: 'deletion', path: '/etc/ssh/ssh_host_ed25519_key', process: cloudInit }, false, 'cloud-init removing the image\'s host key first: a deletion by python3, not a creation by ssh-keygen.');
  const kg = spawnChild(ctx, cloudInit, '/usr/bin/ssh-keygen', 'ssh-keygen -t ed25519 -N  -f /etc/ssh/ssh_host_ed25519_key');
  add(H.v815, { action: 'creation', path: '/etc/ssh/ssh_host_ed25519_key', process: kg, content: P }, true, 'cloud-init\'s first-boot host key: benign but a true positive of the rule (/etc/ssh/*).');
  const a = spawnChild(ctx, H.v815.daemons.systemd, '/usr/bin/ssh-keygen', 'ssh-keygen -A');
  add(H.v815, { action: 'creation', path: '/etc/ssh/ssh_host_rsa_key.Xq3vB9TzLm', process: a, content: privateKeyContent(prng, 'rsa') }, true, 'ssh-keygen -A writes a temporary name first: still a creation under /etc/ssh/ and not known_hosts.*.');
  add(H.v815, { action: 'rename', path: '/etc/ssh/ssh_host_rsa_key', originalPath: '/etc/ssh/ssh_host_rsa_key.Xq3vB9TzLm', process: a }, false, 'The rename of that temporary file to its final name: event.action "rename" is not in the list.');
}
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/id_ed25519-cert.pub`, process: keygen(H.latest, 'ssh-keygen -s /etc/ssh/ca/user_ca -I u id_ed25519.pub'), content: publicKeyContent(prng, 'ed25519', true) }, true, 'A certificate signed with -s: <key>-cert.pub is a creation under ~/.ssh/.');
add(H.latest, { action: 'creation', path: '/root/.ssh/id_rsa1822', process: keygen(H.latest, 'ssh-keygen -t rsa -b 4096 -N  -f /root/.ssh/id_rsa1822'), content: privateKeyContent(prng, 'rsa') }, true, 'Persistence tooling\'s key (/root/.ssh/id_rsa1822): the rule\'s purpose.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/known_hosts`, process: keygen(H.latest, 'ssh-keygen -H'), content: textContent(prng, '|1|', 900) }, true, 'file.name known_hosts does not match "known_hosts.*" (the dot is literal): not excluded, a positive.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/known_hosts2`, process: keygen(H.latest, 'ssh-keygen -H'), content: textContent(prng, '|1|', 900) }, true, 'known_hosts2 is not excluded either: "known_hosts.*" needs a dot after known_hosts.');
add(H.latest, { action: 'creation', path: `/HOME/${user(H.latest).name}/.SSH/id_rsa`, process: keygen(H.latest), content: P }, true, '":" is ASCII-case-insensitive on both sides: /HOME/…/.SSH/… matches "/home/*/.ssh/*".');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/work/.ssh/id_ed25519`, process: keygen(H.latest), content: P }, true, '"*" spans several directories ("cloud-user/work"): a positive.');
add(H.latest, { action: 'creation', path: '/home//.ssh/id_rsa', process: keygen(H.latest), content: P }, true, '"*" may be empty: /home//.ssh/id_rsa matches "/home/*/.ssh/*".');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/id_ecdsa`, process: keygen(H.latest), content: P, variant: { pathArray: ['/tmp/ssh-XkT2nq9Wbc/agent.4242', `${home(H.latest)}/.ssh/id_ecdsa`], osTypeArray: true } }, true, 'file.path and host.os.type as arrays: a leaf holds when some value satisfies it.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/id_rsa`, process: keygen(H.latest), content: P, variant: { dotted: true } }, true, '"file.path", "file.name" and "process.executable" as dotted top-level keys are the same fields.');
add(H.latest, { action: 'creation', path: '/etc/ssh/ssh_host_ed25519_key', process: keygen(H.latest, 'ssh-keygen -A'), content: P, variant: { omitName: true } }, true, 'No file.name at all: "not file.name : …" is a must_not, so a missing field passes.');
add(H.latest, { action: 'creation', path: pad(`${home(H.latest)}/.ssh/`, 'id_rsa', 1024), process: keygen(H.latest), content: P }, true, 'A file.path of exactly 1,024 characters is still indexed (ignore_above 1024 drops only longer values).');
add(H.latest, { action: 'creation', path: '/etc/ssh/sshd_config.d/keys/host_ed25519_key', process: keygen(H.latest), content: P }, true, '"/etc/ssh/*" with "*" spanning sshd_config.d/keys/: a positive.');
// --- Elastic Defend: near misses
add(H.latest, { action: 'creation', path: '/var/lib/postgresql/.ssh/id_rsa', process: keygen(H.latest, 'ssh-keygen -t rsa'), content: P }, false, 'A service account whose home is /var/lib/postgresql: none of the three patterns matches — the rule\'s real blind spot.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/id_rsa`, process: keygen(H.latest, 'ssh-keygen', '/usr/local/bin/ssh-keygen'), content: P }, false, 'process.executable /usr/local/bin/ssh-keygen: "==" is exact.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/id_rsa`, process: keygen(H.latest, 'ssh-keygen', '/bin/ssh-keygen'), content: P }, false, 'process.executable /bin/ssh-keygen (merged-/usr symlink): "==" is exact.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/id_rsa`, process: keygen(H.latest, 'ssh-keygen', '/USR/BIN/SSH-KEYGEN'), content: P }, false, 'process.executable in upper case: "==" is case-sensitive.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/id_ed25519`, process: keygen(H.latest, 'ssh-keygen', '/nix/store/0c6lh0qhd2ysq2hsw2kbgcrwdxhfn3wb-openssh-9.7p1/bin/ssh-keygen'), content: P }, false, 'ssh-keygen from the Nix store: a different executable path.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/id_dropbear`, process: keygen(H.latest, 'dropbearkey -t ed25519 -f id_dropbear', '/usr/bin/dropbearkey'), content: P }, false, 'Another key tool (dropbearkey) writing into ~/.ssh: not ssh-keygen.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/id_rsa`, process: keygen(H.latest), content: P, variant: { osType: 'Linux' } }, false, 'host.os.type "Linux": "==" is case-sensitive.');
add(H.mac, { action: 'creation', path: '/etc/ssh/ssh_host_ed25519_key.Pw8dKs2LqZ', process: keygen(H.mac, 'ssh-keygen -A'), content: P }, false, 'macOS also has /usr/bin/ssh-keygen and /etc/ssh: only host.os.type ("macos") fails.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/id_rsa`, process: keygen(H.latest), content: P, variant: { osType: null } }, false, 'No host.os.type at all: "==" needs a value.');
add(H.latest, { action: 'rename', path: `${home(H.latest)}/.ssh/id_ed25519`, originalPath: `${home(H.latest)}/.ssh/id_ed25519.Vb7TqNc1Ka`, process: keygen(H.latest) }, false, 'A rename into ~/.ssh/id_ed25519: event.action "rename".');
add(H.latest, { action: 'deletion', path: `${home(H.latest)}/.ssh/id_rsa`, process: keygen(H.latest) }, false, 'ssh-keygen deleting a key: event.action "deletion".');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/id_rsa`, process: keygen(H.latest), content: P, variant: { action: 'Creation' } }, false, 'event.action "Creation": "in (…)" is case-sensitive.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh2/id_rsa`, process: keygen(H.latest), content: P }, false, '~/.ssh2/: the pattern needs the literal "/.ssh/".');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh`, process: keygen(H.latest) }, false, 'The ~/.ssh directory itself (ssh-keygen\'s mkdir): no "/" after ".ssh"; file.name ".ssh" has no extension.');
add(H.latest, { action: 'creation', path: '/rootx/.ssh/id_rsa', process: keygen(H.latest), content: P }, false, '/rootx/: "/root/.ssh/*" is anchored at the start.');
add(H.latest, { action: 'creation', path: '/etc/sshd/ssh_host_rsa_key', process: keygen(H.latest), content: P }, false, '/etc/sshd/: "/etc/ssh/*" needs "/etc/ssh/".');
add(H.latest, { action: 'creation', path: '.ssh/id_rsa', process: keygen(H.latest), content: P }, false, 'A relative path: every pattern starts with "/".');
add(H.latest, { action: 'creation', path: pad(`${home(H.latest)}/.ssh/`, 'id_rsa', 1025), process: keygen(H.latest), content: P }, false, 'A 1,025-character file.path is not indexed (ignore_above 1024): the path leaf has no value.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/known_hosts.old`, process: keygen(H.latest, 'ssh-keygen -R github.com'), content: textContent(prng, '|1|', 900) }, false, 'ssh-keygen -R links known_hosts.old: excluded by not file.name : "known_hosts.*".');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/known_hosts.AbCdEfGhIj`, process: keygen(H.latest, 'ssh-keygen -R github.com'), content: textContent(prng, '|1|', 900) }, false, 'ssh-keygen -R\'s temporary known_hosts.XXXXXXXXXX: excluded.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/KNOWN_HOSTS.OLD`, process: keygen(H.latest), content: textContent(prng, '|1|', 900) }, false, 'KNOWN_HOSTS.OLD: ":" is case-insensitive, so still excluded.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/known_hosts.`, process: keygen(H.latest), content: textContent(prng, '|1|', 900) }, false, '"known_hosts." matches "known_hosts.*" with an empty "*": excluded.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/id_rsa`, process: keygen(H.latest), content: P, variant: { nameArray: ['id_rsa', 'known_hosts.old'] } }, false, 'file.name ["id_rsa", "known_hosts.old"]: one value matching the exclusion excludes the event.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/id_rsa`, process: keygen(H.latest), content: P, variant: { category: ['process'] } }, false, 'event.category ["process"]: "file where" needs "file".');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/id_rsa`, process: keygen(H.latest), content: P, variant: { category: ['FILE'] } }, false, 'event.category ["FILE"]: the category is compared exactly.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/known_hosts`, process: keygen(H.latest, 'ssh github.com', '/usr/bin/ssh'), content: textContent(prng, '|1|', 900) }, false, '/usr/bin/ssh adding a host to known_hosts: right path, wrong executable (common background).');
add(H.v815, { action: 'creation', path: '/etc/ssh/sshd_config20241016-2211-1x9k2a', process: H.v815.daemons.configAgent, content: textContent(prng, '# Managed by Pup', 3300) }, false, 'Configuration management writing under /etc/ssh/: right path, wrong executable.');
add(H.v815, { action: 'creation', path: '/run/systemd/journal/streams/.#8:5203253Z9Q47q', process: H.v815.daemons.journald, content: textContent(prng, 'PRIORITY=6', 180) }, false, 'Background: journald\'s stream temp file, the bulk of an idle host\'s file events.');
// --- Endgame
add(H.endgame, { action: 'creation', path: `${home(H.endgame)}/.ssh/id_ed25519`, process: keygen(H.endgame), content: P }, true, 'Endgame file_create_event with event.category "file" (a string): a positive.');
add(H.endgame, { action: 'rename', path: `${home(H.endgame)}/.ssh/id_ed25519`, originalPath: `${home(H.endgame)}/.ssh/id_ed25519.Qm2Lx8Rt0P`, process: keygen(H.endgame) }, false, 'Endgame file_rename_event: not file_create_event.');
add(H.endgame, { action: 'creation', path: '/root/.ssh/known_hosts.old', process: keygen(H.endgame, 'ssh-keygen -R db-prod-014'), content: textContent(prng, '|1|', 900) }, false, 'Endgame creation of known_hosts.old: excluded by name.');
// --- SentinelOne Cloud Funnel
add(H.s1, { action: 'creation', path: `${home(H.s1)}/.ssh/id_ed25519`, process: keygen(H.s1), content: P }, true, 'SentinelOne after the pipeline: event.action ["creation"] (an array) — some value is "creation".');
add(H.s1, { action: 'modification', path: `${home(H.s1)}/.ssh/id_ed25519`, process: keygen(H.s1, 'ssh-keygen -p -f id_ed25519'), content: P }, false, 'SentinelOne File Modification: event.action ["change"].');
add(H.s1, { action: 'rename', path: `${home(H.s1)}/.ssh/id_rsa`, originalPath: `${home(H.s1)}/.ssh/id_rsa.Zt5Rk1Wq9N`, process: keygen(H.s1) }, false, 'SentinelOne File Rename: event.action ["rename"].');
add(H.s1, { action: 'creation', path: `${home(H.s1)}/.ssh/id_rsa`, process: keygen(H.s1), content: P, variant: { osType: null } }, false, 'SentinelOne with an unlisted endpoint.os ("unknown"): the pipeline sets no host.os.type.');
add(H.s1, { action: 'creation', path: `${home(H.s1)}/.ssh/id_ecdsa`, process: keygen(H.s1), content: P }, false, 'The same kind of positive in its RAW form (vendor JSON inside "message"): it matches nothing until the integration pipeline parses it.', 'raw');
// --- Characters: exact JSON escaping, and ASCII-only case folding (EQL-SEMANTICS.md §5)
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/id_rsa "quoted" \\back\\slash\nnew line\ttab\u0001 caf\u00e9 \u{1F511}`, process: keygen(H.latest), content: P }, true, 'A key name with quotes, backslashes, a newline, a tab, a control character, an accent and an emoji: "*" matches every character, and the JSON escapes each exactly.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.ssh/\u212Anown_hosts.old`, process: keygen(H.latest), content: P }, true, 'file.name starts with U+212A KELVIN SIGN, which full Unicode lower-casing turns into "k"; Elasticsearch folds ASCII letters only, so the name is not excluded: a positive.');
add(H.latest, { action: 'creation', path: `${home(H.latest)}/.\u017Fsh/id_rsa`, process: keygen(H.latest), content: P }, false, '~/.\u017Fsh/ (LATIN SMALL LETTER LONG S) is ".ssh" under Unicode case folding but not under ASCII folding: a negative.');

const lines = [];
const expected = [];
const notes = [];
CASES.forEach((c, i) => {
  const tick = i * 3_217_113 + 17;
  const host = c.host;
  const stamp = { timestamp: host.producer === 'defend' ? fmt.defend(tick) : fmt.millis(tick), sequence: host.seqBase + 4 * i, eventId: `${host.idPrefix}++++${String(1000 + i).padStart(4, '+')}`, epochMs: fmt.epochMs(tick) };
  let line =
    host.producer === 'defend' ? renderDefend(c.op, host, stamp) : host.producer === 'endgame' ? renderEndgame(c.op, host, stamp) : c.form === 'raw' ? renderSentinelOneRaw(c.op, host, fleet, stamp) : renderSentinelOne(c.op, host, fleet, stamp);
  if (c.op.variant !== undefined) line = applyVariant(line, c.op.variant, host.producer);
  lines.push(line);
  if (c.positive) expected.push(i + 1);
  const producer = host.producer === 'defend' ? `Defend ${host.agentVersion}` : host.producer === 'endgame' ? 'Endgame' : c.form === 'raw' ? 'SentinelOne (raw)' : 'SentinelOne';
  notes.push(`| ${i + 1} | ${producer} | ${c.positive ? '**positive**' : 'negative'} | ${c.why} |`);
});
writeFileSync(here('edge-cases.ndjson'), `${lines.join('\n')}\n`);
writeFileSync(here('edge-cases.ndjson.labels.json'), formatLabels({ format: 1, events: lines.length, seed: 0, profile: 'edge-cases (hand-curated)', expected: { [SEED_RULE_ID]: expected }, scenarios: {} }));
writeFileSync(here('edge-cases.table.md'), `${notes.join('\n')}\n`); // pasted into edge-cases.md
console.log(`${lines.length} lines, ${expected.length} positives`);
