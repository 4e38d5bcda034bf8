/**
 * Rules built into the tool, addressed as `builtin:<name>`. The seed rule is Elastic's prebuilt
 * "SSH Key Generated via ssh-keygen" exactly as detection-rules ships it
 * (rules/linux/persistence_ssh_key_generation.toml; the query text is byte-for-byte the TOML's).
 */
import type { RuleText } from './rule-text.js';

/** The seed rule (`builtin:ssh-keygen`). */
export const SSH_KEYGEN_RULE: RuleText = {
  id: '7df3cb8b-5c0c-4228-b772-bb6cd619053c',
  name: 'SSH Key Generated via ssh-keygen',
  language: 'eql',
  index: ['logs-endpoint.events.file*', 'endgame-*', 'logs-sentinel_one_cloud_funnel.*'],
  query:
    'file where host.os.type == "linux" and event.action in ("creation", "file_create_event") and\n' +
    'process.executable == "/usr/bin/ssh-keygen" and file.path : ("/home/*/.ssh/*", "/root/.ssh/*", "/etc/ssh/*") and\n' +
    'not file.name : "known_hosts.*"\n',
  source: 'builtin:ssh-keygen',
};

/** Every built-in rule by the name after `builtin:`. */
export const BUILTIN_RULES: ReadonlyMap<string, RuleText> = new Map([['ssh-keygen', SSH_KEYGEN_RULE]]);
