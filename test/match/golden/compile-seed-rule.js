"use strict";
const { fieldValues, foldAscii, EVENT_CATEGORY_FIELD, HOST_OS_TYPE_FIELD, EVENT_ACTION_FIELD, PROCESS_EXECUTABLE_FIELD, FILE_PATH_FIELD, FILE_NAME_FIELD } = env;

const EVENT_CATEGORY = "file";
const HOST_OS_TYPE = "linux";
const EVENT_ACTION_1 = "creation";
const EVENT_ACTION_2 = "file_create_event";
const PROCESS_EXECUTABLE = "/usr/bin/ssh-keygen";
// file.path : "/home/*/.ssh/*"
const FILE_PATH_1_START = "/home/";
const FILE_PATH_1_THEN = "/.ssh/";
// file.path : "/root/.ssh/*"
const FILE_PATH_2_START = "/root/.ssh/";
// file.path : "/etc/ssh/*"
const FILE_PATH_3_START = "/etc/ssh/";
// file.name : "known_hosts.*"
const FILE_NAME_START = "known_hosts.";

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

// event.category == "file"
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

// host.os.type == "linux"
function matchHostOsType(x) {
  return x === HOST_OS_TYPE;
}
function someHostOsType(doc) {
  const v = readHostOsType(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchHostOsType(v);
  for (let i = 0; i < v.length; i++) if (matchHostOsType(v[i])) return true;
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

// event.action in ("creation", "file_create_event")
function matchEventAction(x) {
  return x === EVENT_ACTION_1
    || x === EVENT_ACTION_2;
}
function someEventAction(doc) {
  const v = readEventAction(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchEventAction(v);
  for (let i = 0; i < v.length; i++) if (matchEventAction(v[i])) return true;
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

// process.executable == "/usr/bin/ssh-keygen"
function matchProcessExecutable(x) {
  return x === PROCESS_EXECUTABLE;
}
function someProcessExecutable(doc) {
  const v = readProcessExecutable(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchProcessExecutable(v);
  for (let i = 0; i < v.length; i++) if (matchProcessExecutable(v[i])) return true;
  return false;
}

// file.path: mapped as keyword, ignore_above 1024
function readFilePath(doc) {
  if (doc["file.path"] !== undefined) return fieldValues(doc, FILE_PATH_FIELD);
  const file = doc.file;
  if (typeof file !== "object" || file === null) return undefined;
  if (Array.isArray(file)) return fieldValues(doc, FILE_PATH_FIELD);
  const v = file.path;
  if (typeof v === "string") return v.length <= 1024 ? v : undefined;
  if (v === undefined) return undefined;
  if (Array.isArray(v) && allStringsUpTo1024(v)) return v;
  return fieldValues(doc, FILE_PATH_FIELD);
}

// file.path : ("/home/*/.ssh/*", "/root/.ssh/*", "/etc/ssh/*")
function matchFilePath(x) {
  const folded = foldAscii(x);
  return (folded.startsWith(FILE_PATH_1_START) && folded.includes(FILE_PATH_1_THEN, FILE_PATH_1_START.length))
    || folded.startsWith(FILE_PATH_2_START)
    || folded.startsWith(FILE_PATH_3_START);
}
function someFilePath(doc) {
  const v = readFilePath(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchFilePath(v);
  for (let i = 0; i < v.length; i++) if (matchFilePath(v[i])) return true;
  return false;
}

// file.name: mapped as keyword, ignore_above 1024
function readFileName(doc) {
  if (doc["file.name"] !== undefined) return fieldValues(doc, FILE_NAME_FIELD);
  const file = doc.file;
  if (typeof file !== "object" || file === null) return undefined;
  if (Array.isArray(file)) return fieldValues(doc, FILE_NAME_FIELD);
  const v = file.name;
  if (typeof v === "string") return v.length <= 1024 ? v : undefined;
  if (v === undefined) return undefined;
  if (Array.isArray(v) && allStringsUpTo1024(v)) return v;
  return fieldValues(doc, FILE_NAME_FIELD);
}

// file.name : "known_hosts.*"
function matchFileName(x) {
  const folded = foldAscii(x);
  return folded.startsWith(FILE_NAME_START);
}
function someFileName(doc) {
  const v = readFileName(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchFileName(v);
  for (let i = 0; i < v.length; i++) if (matchFileName(v[i])) return true;
  return false;
}

const EMPTY = {};
return function predicate(input) {
  const doc = typeof input === "object" && input !== null ? input : EMPTY;
  return someEventCategory(doc) // event.category == "file"
    && someHostOsType(doc) // host.os.type == "linux"
    && someEventAction(doc) // event.action in ("creation", "file_create_event")
    && someProcessExecutable(doc) // process.executable == "/usr/bin/ssh-keygen"
    && someFilePath(doc) // file.path : ("/home/*/.ssh/*", "/root/.ssh/*", "/etc/ssh/*")
    && !someFileName(doc); // not file.name : "known_hosts.*"
};
