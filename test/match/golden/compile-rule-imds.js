"use strict";
const { fieldValues, foldAscii, matchSegments, EVENT_CATEGORY_FIELD, HOST_OS_TYPE_FIELD, EVENT_TYPE_FIELD, EVENT_ACTION_FIELD, PROCESS_NAME_FIELD, PROCESS_EXECUTABLE_FIELD, PROCESS_ARGS_FIELD } = env;

const EVENT_CATEGORY = "process";
const HOST_OS_TYPE_1 = "linux";
const HOST_OS_TYPE_2 = "macos";
const HOST_OS_TYPE_3 = "windows";
const EVENT_TYPE = "start";
const EVENT_ACTION_VALUES = new Set(["exec","exec_event","start","ProcessRollup2","executed","process_started"]);
// event.action like "Process Create*"
const EVENT_ACTION_START = "Process Create";
const PROCESS_NAME_VALUES = new Set(["curl","curl.exe","wget","wget.exe","bash","dash","sh","tcsh","tclsh","wish","csh","zsh","ksh","fish","mksh","busybox","powershell.exe","cmd.exe","pwsh.exe","pwsh"]);
// process.name : ".*"
const PROCESS_NAME_1_START = ".";
// process.name : "python*"
const PROCESS_NAME_2_START = "python";
// process.name : "perl*"
const PROCESS_NAME_3_START = "perl";
// process.name : "ruby*"
const PROCESS_NAME_4_START = "ruby";
// process.name : "php*"
const PROCESS_NAME_5_START = "php";
// process.name : "lua*"
const PROCESS_NAME_6_START = "lua";
// process.name : "java*"
const PROCESS_NAME_7_START = "java";
// process.executable : "/tmp/*"
const PROCESS_EXECUTABLE_1_START = "/tmp/";
// process.executable : "/var/tmp/*"
const PROCESS_EXECUTABLE_2_START = "/var/tmp/";
// process.executable : "/dev/shm/*"
const PROCESS_EXECUTABLE_3_START = "/dev/shm/";
// process.executable : "/home/*/*"
const PROCESS_EXECUTABLE_4_START = "/home/";
const PROCESS_EXECUTABLE_4_THEN = "/";
// process.executable : "/var/run/*"
const PROCESS_EXECUTABLE_5_START = "/var/run/";
// process.executable : "/run/*"
const PROCESS_EXECUTABLE_6_START = "/run/";
// process.executable : "/boot/*"
const PROCESS_EXECUTABLE_7_START = "/boot/";
// process.executable : "/.*"
const PROCESS_EXECUTABLE_8_START = "/.";
// process.executable : "C:\\Users\\*"
const PROCESS_EXECUTABLE_9_START = "c:\\users\\";
// process.executable : "?:\\ProgramData\\*"
const PROCESS_EXECUTABLE_10_REGEX = new RegExp("^(?:.:\\\\programdata\\\\.*)$", "su");
// process.executable : "/var/www/*"
const PROCESS_EXECUTABLE_11_START = "/var/www/";
// process.executable : "./*"
const PROCESS_EXECUTABLE_12_START = "./";
// process.args : "*/latest/meta-data/iam/security-credentials/?*"
const PROCESS_ARGS_1_REGEX = new RegExp("^(?:.*\\/latest\\/meta-data\\/iam\\/security-credentials\\/..*)$", "su");
// process.args : "*computeMetadata/v1/instance/service-accounts/*/oauth2/access_token*"
const PROCESS_ARGS_2_MIDDLE = ["computemetadata/v1/instance/service-accounts/","/oauth2/access_token"];
// process.args : "*/metadata/identity/oauth2/token*resource=*"
const PROCESS_ARGS_3_MIDDLE = ["/metadata/identity/oauth2/token","resource="];

// True when every value of an array indexes as it is: strings of at most 1024 UTF-16 code units (ignore_above).
function allStringsUpTo1024(values) {
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (typeof x !== "string" || x.length > 1024) return false;
  }
  return true;
}

// event.category: mapped as keyword, ignore_above 1024
function readEventCategory(doc) {
  if (doc["event.category"] !== undefined) return fieldValues(doc, EVENT_CATEGORY_FIELD);
  const event = doc.event;
  if (typeof event !== "object" || event === null) return undefined;
  if (Array.isArray(event)) return fieldValues(doc, EVENT_CATEGORY_FIELD);
  const v = event.category;
  if (typeof v === "string") return v.length <= 1024 ? v : undefined;
  if (v === undefined) return undefined;
  if (Array.isArray(v) && allStringsUpTo1024(v)) return v;
  return fieldValues(doc, EVENT_CATEGORY_FIELD);
}

// event.category == "process"
function matchEventCategory(x) {
  return x === EVENT_CATEGORY;
}
function someEventCategory(doc) {
  const v = readEventCategory(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchEventCategory(v);
  for (let i = 0; i < v.length; i++) if (matchEventCategory(v[i])) return true;
  return false;
}

// host.os.type: mapped as keyword, ignore_above 1024
function readHostOsType(doc) {
  if (doc["host.os"] !== undefined || doc["host.os.type"] !== undefined) return fieldValues(doc, HOST_OS_TYPE_FIELD);
  const host = doc.host;
  if (typeof host !== "object" || host === null) return undefined;
  if (Array.isArray(host)) return fieldValues(doc, HOST_OS_TYPE_FIELD);
  if (host["os.type"] !== undefined) return fieldValues(doc, HOST_OS_TYPE_FIELD);
  const os = host.os;
  if (typeof os !== "object" || os === null) return undefined;
  if (Array.isArray(os)) return fieldValues(doc, HOST_OS_TYPE_FIELD);
  const v = os.type;
  if (typeof v === "string") return v.length <= 1024 ? v : undefined;
  if (v === undefined) return undefined;
  if (Array.isArray(v) && allStringsUpTo1024(v)) return v;
  return fieldValues(doc, HOST_OS_TYPE_FIELD);
}

// host.os.type in ("linux", "macos", "windows")
function matchHostOsType(x) {
  return x === HOST_OS_TYPE_1
    || x === HOST_OS_TYPE_2
    || x === HOST_OS_TYPE_3;
}
function someHostOsType(doc) {
  const v = readHostOsType(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchHostOsType(v);
  for (let i = 0; i < v.length; i++) if (matchHostOsType(v[i])) return true;
  return false;
}

// event.type: mapped as keyword, ignore_above 1024
function readEventType(doc) {
  if (doc["event.type"] !== undefined) return fieldValues(doc, EVENT_TYPE_FIELD);
  const event = doc.event;
  if (typeof event !== "object" || event === null) return undefined;
  if (Array.isArray(event)) return fieldValues(doc, EVENT_TYPE_FIELD);
  const v = event.type;
  if (typeof v === "string") return v.length <= 1024 ? v : undefined;
  if (v === undefined) return undefined;
  if (Array.isArray(v) && allStringsUpTo1024(v)) return v;
  return fieldValues(doc, EVENT_TYPE_FIELD);
}

// event.type == "start"
function matchEventType(x) {
  return x === EVENT_TYPE;
}
function someEventType(doc) {
  const v = readEventType(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchEventType(v);
  for (let i = 0; i < v.length; i++) if (matchEventType(v[i])) return true;
  return false;
}

// event.action: mapped as keyword, ignore_above 1024
function readEventAction(doc) {
  if (doc["event.action"] !== undefined) return fieldValues(doc, EVENT_ACTION_FIELD);
  const event = doc.event;
  if (typeof event !== "object" || event === null) return undefined;
  if (Array.isArray(event)) return fieldValues(doc, EVENT_ACTION_FIELD);
  const v = event.action;
  if (typeof v === "string") return v.length <= 1024 ? v : undefined;
  if (v === undefined) return undefined;
  if (Array.isArray(v) && allStringsUpTo1024(v)) return v;
  return fieldValues(doc, EVENT_ACTION_FIELD);
}

// event.action in ("exec", "exec_event", "start", "ProcessRollup2", "executed", "process_started")
// or event.action like "Process Create*"
function matchEventAction(x) {
  return EVENT_ACTION_VALUES.has(x)
    || x.startsWith(EVENT_ACTION_START);
}
function someEventAction(doc) {
  const v = readEventAction(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchEventAction(v);
  for (let i = 0; i < v.length; i++) if (matchEventAction(v[i])) return true;
  return false;
}

// process.name: mapped as keyword, ignore_above 1024
function readProcessName(doc) {
  if (doc["process.name"] !== undefined) return fieldValues(doc, PROCESS_NAME_FIELD);
  const process = doc.process;
  if (typeof process !== "object" || process === null) return undefined;
  if (Array.isArray(process)) return fieldValues(doc, PROCESS_NAME_FIELD);
  const v = process.name;
  if (typeof v === "string") return v.length <= 1024 ? v : undefined;
  if (v === undefined) return undefined;
  if (Array.isArray(v) && allStringsUpTo1024(v)) return v;
  return fieldValues(doc, PROCESS_NAME_FIELD);
}

// process.name in~ ("curl", "curl.exe", "wget", "wget.exe", "bash", "dash", "sh", "tcsh", "tclsh", "wish", "csh", "zsh", "ksh", "fish", "mksh", "busybox", "powershell.exe", "cmd.exe", "pwsh.exe", "pwsh")
// or process.name : (".*", "python*", "perl*", "ruby*", "php*", "lua*", "java*")
function matchProcessName(x) {
  const folded = foldAscii(x);
  return PROCESS_NAME_VALUES.has(folded)
    || folded.startsWith(PROCESS_NAME_1_START)
    || folded.startsWith(PROCESS_NAME_2_START)
    || folded.startsWith(PROCESS_NAME_3_START)
    || folded.startsWith(PROCESS_NAME_4_START)
    || folded.startsWith(PROCESS_NAME_5_START)
    || folded.startsWith(PROCESS_NAME_6_START)
    || folded.startsWith(PROCESS_NAME_7_START);
}
function someProcessName(doc) {
  const v = readProcessName(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchProcessName(v);
  for (let i = 0; i < v.length; i++) if (matchProcessName(v[i])) return true;
  return false;
}

// process.executable: mapped as keyword, ignore_above 1024
function readProcessExecutable(doc) {
  if (doc["process.executable"] !== undefined) return fieldValues(doc, PROCESS_EXECUTABLE_FIELD);
  const process = doc.process;
  if (typeof process !== "object" || process === null) return undefined;
  if (Array.isArray(process)) return fieldValues(doc, PROCESS_EXECUTABLE_FIELD);
  const v = process.executable;
  if (typeof v === "string") return v.length <= 1024 ? v : undefined;
  if (v === undefined) return undefined;
  if (Array.isArray(v) && allStringsUpTo1024(v)) return v;
  return fieldValues(doc, PROCESS_EXECUTABLE_FIELD);
}

// process.executable : ("/tmp/*", "/var/tmp/*", "/dev/shm/*", "/home/*/*", "/var/run/*", "/run/*", "/boot/*", "/.*", "C:\\Users\\*", "?:\\ProgramData\\*", "/var/www/*", "./*")
function matchProcessExecutable(x) {
  const folded = foldAscii(x);
  return folded.startsWith(PROCESS_EXECUTABLE_1_START)
    || folded.startsWith(PROCESS_EXECUTABLE_2_START)
    || folded.startsWith(PROCESS_EXECUTABLE_3_START)
    || (folded.startsWith(PROCESS_EXECUTABLE_4_START) && folded.includes(PROCESS_EXECUTABLE_4_THEN, PROCESS_EXECUTABLE_4_START.length))
    || folded.startsWith(PROCESS_EXECUTABLE_5_START)
    || folded.startsWith(PROCESS_EXECUTABLE_6_START)
    || folded.startsWith(PROCESS_EXECUTABLE_7_START)
    || folded.startsWith(PROCESS_EXECUTABLE_8_START)
    || folded.startsWith(PROCESS_EXECUTABLE_9_START)
    || PROCESS_EXECUTABLE_10_REGEX.test(folded)
    || folded.startsWith(PROCESS_EXECUTABLE_11_START)
    || folded.startsWith(PROCESS_EXECUTABLE_12_START);
}
function someProcessExecutable(doc) {
  const v = readProcessExecutable(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchProcessExecutable(v);
  for (let i = 0; i < v.length; i++) if (matchProcessExecutable(v[i])) return true;
  return false;
}

// process.args: mapped as keyword, ignore_above 1024
function readProcessArgs(doc) {
  if (doc["process.args"] !== undefined) return fieldValues(doc, PROCESS_ARGS_FIELD);
  const process = doc.process;
  if (typeof process !== "object" || process === null) return undefined;
  if (Array.isArray(process)) return fieldValues(doc, PROCESS_ARGS_FIELD);
  const v = process.args;
  if (typeof v === "string") return v.length <= 1024 ? v : undefined;
  if (v === undefined) return undefined;
  if (Array.isArray(v) && allStringsUpTo1024(v)) return v;
  return fieldValues(doc, PROCESS_ARGS_FIELD);
}

// process.args : ("*/latest/meta-data/iam/security-credentials/?*", "*computeMetadata/v1/instance/service-accounts/*/oauth2/access_token*", "*/metadata/identity/oauth2/token*resource=*")
function matchProcessArgs(x) {
  const folded = foldAscii(x);
  return PROCESS_ARGS_1_REGEX.test(folded)
    || matchSegments(folded, "", PROCESS_ARGS_2_MIDDLE, "")
    || matchSegments(folded, "", PROCESS_ARGS_3_MIDDLE, "");
}
function someProcessArgs(doc) {
  const v = readProcessArgs(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchProcessArgs(v);
  for (let i = 0; i < v.length; i++) if (matchProcessArgs(v[i])) return true;
  return false;
}

const EMPTY = {};
return function predicate(input) {
  const doc = typeof input === "object" && input !== null ? input : EMPTY;
  return someEventCategory(doc) // event.category == "process"
    && someHostOsType(doc) // host.os.type in ("linux", "macos", "windows")
    && someEventType(doc) // event.type == "start"
    && someEventAction(doc) // event.action in ("exec", "exec_event", "start", "ProcessRollup2", "executed", "process_started") or event.action like "Process Create*"
    && (someProcessName(doc) // process.name in~ ("curl", "curl.exe", "wget", "wget.exe", "bash", "dash", "sh", "tcsh", "tclsh", "wish", "csh", "zsh", "ksh", "fish", "mksh", "busybox", "powershell.exe", "cmd.exe", "pwsh.exe", "pwsh") or process.name : (".*", "python*", "perl*", "ruby*", "php*", "lua*", "java*")
      || someProcessExecutable(doc)) // process.executable : ("/tmp/*", "/var/tmp/*", "/dev/shm/*", "/home/*/*", "/var/run/*", "/run/*", "/boot/*", "/.*", "C:\\Users\\*", "?:\\ProgramData\\*", "/var/www/*", "./*")
    && someProcessArgs(doc); // process.args : ("*/latest/meta-data/iam/security-credentials/?*", "*computeMetadata/v1/instance/service-accounts/*/oauth2/access_token*", "*/metadata/identity/oauth2/token*resource=*")
};
