"use strict";
const { fieldValues, foldAscii, EVENT_CATEGORY_FIELD, HOST_OS_TYPE_FIELD, EVENT_ACTION_FIELD, USER_ID_FIELD, WINLOG_EVENT_DATA_DNS_HOST_NAME_FIELD, script1, WINLOG_EVENT_DATA_TARGET_USER_NAME_FIELD } = env;

const EVENT_CATEGORY = "iam";
const HOST_OS_TYPE = "windows";
const EVENT_ACTION = "changed-computer-account";
// user.id : "S-1-5-21-*"
const USER_ID_1_START = "s-1-5-21-";
// user.id : "S-1-12-1-*"
const USER_ID_2_START = "s-1-12-1-";
// winlog.event_data.DnsHostName : "??*"
const WINLOG_EVENT_DATA_DNS_HOST_NAME_REGEX = new RegExp("^(?:...*)$", "su");

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

// event.category == "iam"
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

// host.os.type == "windows"
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

// event.action == "changed-computer-account"
function matchEventAction(x) {
  return x === EVENT_ACTION;
}
function someEventAction(doc) {
  const v = readEventAction(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchEventAction(v);
  for (let i = 0; i < v.length; i++) if (matchEventAction(v[i])) return true;
  return false;
}

// user.id: mapped as keyword, ignore_above 1024
function readUserId(doc) {
  if (doc["user.id"] !== undefined) return fieldValues(doc, USER_ID_FIELD);
  const user = doc.user;
  if (typeof user !== "object" || user === null) return undefined;
  if (Array.isArray(user)) return fieldValues(doc, USER_ID_FIELD);
  const v = user.id;
  if (typeof v === "string") return v.length <= 1024 ? v : undefined;
  if (v === undefined) return undefined;
  if (Array.isArray(v) && allStringsUpTo1024(v)) return v;
  return fieldValues(doc, USER_ID_FIELD);
}

// user.id : ("S-1-5-21-*", "S-1-12-1-*")
function matchUserId(x) {
  const folded = foldAscii(x);
  return folded.startsWith(USER_ID_1_START)
    || folded.startsWith(USER_ID_2_START);
}
function someUserId(doc) {
  const v = readUserId(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchUserId(v);
  for (let i = 0; i < v.length; i++) if (matchUserId(v[i])) return true;
  return false;
}

// True when every value of an array indexes as it is: strings, numbers and booleans.
function allScalars(values) {
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!(typeof x === "string" || typeof x === "number" || typeof x === "boolean")) return false;
  }
  return true;
}

// winlog.event_data.DnsHostName: not in the mapping, values as JSON gives them
function readWinlogEventDataDnsHostName(doc) {
  if (doc["winlog.event_data"] !== undefined || doc["winlog.event_data.DnsHostName"] !== undefined) return fieldValues(doc, WINLOG_EVENT_DATA_DNS_HOST_NAME_FIELD);
  const winlog = doc.winlog;
  if (typeof winlog !== "object" || winlog === null) return undefined;
  if (Array.isArray(winlog)) return fieldValues(doc, WINLOG_EVENT_DATA_DNS_HOST_NAME_FIELD);
  if (winlog["event_data.DnsHostName"] !== undefined) return fieldValues(doc, WINLOG_EVENT_DATA_DNS_HOST_NAME_FIELD);
  const eventData = winlog.event_data;
  if (typeof eventData !== "object" || eventData === null) return undefined;
  if (Array.isArray(eventData)) return fieldValues(doc, WINLOG_EVENT_DATA_DNS_HOST_NAME_FIELD);
  const v = eventData.DnsHostName;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v === undefined) return undefined;
  if (Array.isArray(v) && allScalars(v)) return v;
  return fieldValues(doc, WINLOG_EVENT_DATA_DNS_HOST_NAME_FIELD);
}

// winlog.event_data.DnsHostName : "??*"
function matchWinlogEventDataDnsHostName(x) {
  const text = typeof x === "string" ? x : String(x);
  const folded = foldAscii(text);
  return WINLOG_EVENT_DATA_DNS_HOST_NAME_REGEX.test(folded);
}
function someWinlogEventDataDnsHostName(doc) {
  const v = readWinlogEventDataDnsHostName(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchWinlogEventDataDnsHostName(v);
  for (let i = 0; i < v.length; i++) if (matchWinlogEventDataDnsHostName(v[i])) return true;
  return false;
}

// winlog.event_data.TargetUserName: not in the mapping, values as JSON gives them
function readWinlogEventDataTargetUserName(doc) {
  if (doc["winlog.event_data"] !== undefined || doc["winlog.event_data.TargetUserName"] !== undefined) return fieldValues(doc, WINLOG_EVENT_DATA_TARGET_USER_NAME_FIELD);
  const winlog = doc.winlog;
  if (typeof winlog !== "object" || winlog === null) return undefined;
  if (Array.isArray(winlog)) return fieldValues(doc, WINLOG_EVENT_DATA_TARGET_USER_NAME_FIELD);
  if (winlog["event_data.TargetUserName"] !== undefined) return fieldValues(doc, WINLOG_EVENT_DATA_TARGET_USER_NAME_FIELD);
  const eventData = winlog.event_data;
  if (typeof eventData !== "object" || eventData === null) return undefined;
  if (Array.isArray(eventData)) return fieldValues(doc, WINLOG_EVENT_DATA_TARGET_USER_NAME_FIELD);
  const v = eventData.TargetUserName;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v === undefined) return undefined;
  if (Array.isArray(v) && allScalars(v)) return v;
  return fieldValues(doc, WINLOG_EVENT_DATA_TARGET_USER_NAME_FIELD);
}

const EMPTY = {};
return function predicate(input) {
  const doc = typeof input === "object" && input !== null ? input : EMPTY;
  return someEventCategory(doc) // event.category == "iam"
    && someHostOsType(doc) // host.os.type == "windows"
    && someEventAction(doc) // event.action == "changed-computer-account"
    && someUserId(doc) // user.id : ("S-1-5-21-*", "S-1-12-1-*")
    && someWinlogEventDataDnsHostName(doc) // winlog.event_data.DnsHostName : "??*"
    && !script1(readWinlogEventDataDnsHostName(doc), readWinlogEventDataTargetUserName(doc)); // not (startsWith~(winlog.event_data.DnsHostName, substring(winlog.event_data.TargetUserName, 0, length(winlog.event_data.TargetUserName) - 1))) (script)
};
