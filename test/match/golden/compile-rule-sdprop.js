"use strict";
const { fieldValues, foldAscii, termEquals, HOST_OS_TYPE_FIELD, EVENT_CODE_FIELD, WINLOG_EVENT_DATA_ATTRIBUTE_LDAP_DISPLAY_NAME_FIELD, WINLOG_EVENT_DATA_OPERATION_TYPE_FIELD, script1, WINLOG_EVENT_DATA_ATTRIBUTE_VALUE_FIELD } = env;

const HOST_OS_TYPE = "windows";
const EVENT_CODE = "5136";
// winlog.event_data.AttributeLDAPDisplayName : "dSHeuristics"
const WINLOG_EVENT_DATA_ATTRIBUTE_LDAP_DISPLAY_NAME = "dsheuristics";
const WINLOG_EVENT_DATA_ATTRIBUTE_LDAP_DISPLAY_NAME_TERMS = ["dSHeuristics"];
const WINLOG_EVENT_DATA_OPERATION_TYPE = "%%14674";
const WINLOG_EVENT_DATA_OPERATION_TYPE_TERMS = ["%%14674"];
// winlog.event_data.AttributeValue regex~ "[0-9]{15}([1-9a-f]).*"
const WINLOG_EVENT_DATA_ATTRIBUTE_VALUE_REGEX = new RegExp("^(?:(?:(?:[0-9])){15,15}(?:[1-9]|[a-f])(?:.)*)$", "su");

// True when every value of an array indexes as it is: strings of at most 1024 UTF-16 code units (ignore_above).
function allStringsUpTo1024(values) {
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (typeof x !== "string" || x.length > 1024) return false;
  }
  return true;
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

// event.code: mapped as keyword, ignore_above 1024
function readEventCode(doc) {
  if (doc["event.code"] !== undefined) return fieldValues(doc, EVENT_CODE_FIELD);
  const event = doc.event;
  if (typeof event !== "object" || event === null) return undefined;
  if (Array.isArray(event)) return fieldValues(doc, EVENT_CODE_FIELD);
  const v = event.code;
  if (typeof v === "string") return v.length <= 1024 ? v : undefined;
  if (v === undefined) return undefined;
  if (Array.isArray(v) && allStringsUpTo1024(v)) return v;
  return fieldValues(doc, EVENT_CODE_FIELD);
}

// event.code == "5136"
function matchEventCode(x) {
  return x === EVENT_CODE;
}
function someEventCode(doc) {
  const v = readEventCode(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchEventCode(v);
  for (let i = 0; i < v.length; i++) if (matchEventCode(v[i])) return true;
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

// winlog.event_data.AttributeLDAPDisplayName: not in the mapping, values as JSON gives them
function readWinlogEventDataAttributeLDAPDisplayName(doc) {
  if (doc["winlog.event_data"] !== undefined || doc["winlog.event_data.AttributeLDAPDisplayName"] !== undefined) return fieldValues(doc, WINLOG_EVENT_DATA_ATTRIBUTE_LDAP_DISPLAY_NAME_FIELD);
  const winlog = doc.winlog;
  if (typeof winlog !== "object" || winlog === null) return undefined;
  if (Array.isArray(winlog)) return fieldValues(doc, WINLOG_EVENT_DATA_ATTRIBUTE_LDAP_DISPLAY_NAME_FIELD);
  if (winlog["event_data.AttributeLDAPDisplayName"] !== undefined) return fieldValues(doc, WINLOG_EVENT_DATA_ATTRIBUTE_LDAP_DISPLAY_NAME_FIELD);
  const eventData = winlog.event_data;
  if (typeof eventData !== "object" || eventData === null) return undefined;
  if (Array.isArray(eventData)) return fieldValues(doc, WINLOG_EVENT_DATA_ATTRIBUTE_LDAP_DISPLAY_NAME_FIELD);
  const v = eventData.AttributeLDAPDisplayName;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v === undefined) return undefined;
  if (Array.isArray(v) && allScalars(v)) return v;
  return fieldValues(doc, WINLOG_EVENT_DATA_ATTRIBUTE_LDAP_DISPLAY_NAME_FIELD);
}

// winlog.event_data.AttributeLDAPDisplayName : "dSHeuristics"
function matchWinlogEventDataAttributeLDAPDisplayName(x) {
  const text = typeof x === "string" ? x : String(x);
  const folded = foldAscii(text);
  return typeof x === "string" ? folded === WINLOG_EVENT_DATA_ATTRIBUTE_LDAP_DISPLAY_NAME : WINLOG_EVENT_DATA_ATTRIBUTE_LDAP_DISPLAY_NAME_TERMS.some((c) => termEquals(x, c, true, "dynamic"));
}
function someWinlogEventDataAttributeLDAPDisplayName(doc) {
  const v = readWinlogEventDataAttributeLDAPDisplayName(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchWinlogEventDataAttributeLDAPDisplayName(v);
  for (let i = 0; i < v.length; i++) if (matchWinlogEventDataAttributeLDAPDisplayName(v[i])) return true;
  return false;
}

// winlog.event_data.OperationType: not in the mapping, values as JSON gives them
function readWinlogEventDataOperationType(doc) {
  if (doc["winlog.event_data"] !== undefined || doc["winlog.event_data.OperationType"] !== undefined) return fieldValues(doc, WINLOG_EVENT_DATA_OPERATION_TYPE_FIELD);
  const winlog = doc.winlog;
  if (typeof winlog !== "object" || winlog === null) return undefined;
  if (Array.isArray(winlog)) return fieldValues(doc, WINLOG_EVENT_DATA_OPERATION_TYPE_FIELD);
  if (winlog["event_data.OperationType"] !== undefined) return fieldValues(doc, WINLOG_EVENT_DATA_OPERATION_TYPE_FIELD);
  const eventData = winlog.event_data;
  if (typeof eventData !== "object" || eventData === null) return undefined;
  if (Array.isArray(eventData)) return fieldValues(doc, WINLOG_EVENT_DATA_OPERATION_TYPE_FIELD);
  const v = eventData.OperationType;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v === undefined) return undefined;
  if (Array.isArray(v) && allScalars(v)) return v;
  return fieldValues(doc, WINLOG_EVENT_DATA_OPERATION_TYPE_FIELD);
}

// winlog.event_data.OperationType : "%%14674"
function matchWinlogEventDataOperationType(x) {
  const text = typeof x === "string" ? x : String(x);
  const folded = foldAscii(text);
  return typeof x === "string" ? folded === WINLOG_EVENT_DATA_OPERATION_TYPE : WINLOG_EVENT_DATA_OPERATION_TYPE_TERMS.some((c) => termEquals(x, c, true, "dynamic"));
}
function someWinlogEventDataOperationType(doc) {
  const v = readWinlogEventDataOperationType(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchWinlogEventDataOperationType(v);
  for (let i = 0; i < v.length; i++) if (matchWinlogEventDataOperationType(v[i])) return true;
  return false;
}

// winlog.event_data.AttributeValue: not in the mapping, values as JSON gives them
function readWinlogEventDataAttributeValue(doc) {
  if (doc["winlog.event_data"] !== undefined || doc["winlog.event_data.AttributeValue"] !== undefined) return fieldValues(doc, WINLOG_EVENT_DATA_ATTRIBUTE_VALUE_FIELD);
  const winlog = doc.winlog;
  if (typeof winlog !== "object" || winlog === null) return undefined;
  if (Array.isArray(winlog)) return fieldValues(doc, WINLOG_EVENT_DATA_ATTRIBUTE_VALUE_FIELD);
  if (winlog["event_data.AttributeValue"] !== undefined) return fieldValues(doc, WINLOG_EVENT_DATA_ATTRIBUTE_VALUE_FIELD);
  const eventData = winlog.event_data;
  if (typeof eventData !== "object" || eventData === null) return undefined;
  if (Array.isArray(eventData)) return fieldValues(doc, WINLOG_EVENT_DATA_ATTRIBUTE_VALUE_FIELD);
  const v = eventData.AttributeValue;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v === undefined) return undefined;
  if (Array.isArray(v) && allScalars(v)) return v;
  return fieldValues(doc, WINLOG_EVENT_DATA_ATTRIBUTE_VALUE_FIELD);
}

// winlog.event_data.AttributeValue regex~ "[0-9]{15}([1-9a-f]).*"
function matchWinlogEventDataAttributeValue(x) {
  const text = typeof x === "string" ? x : String(x);
  return WINLOG_EVENT_DATA_ATTRIBUTE_VALUE_REGEX.test(text);
}
function someWinlogEventDataAttributeValue(doc) {
  const v = readWinlogEventDataAttributeValue(doc);
  if (v === undefined) return false;
  if (typeof v !== "object") return matchWinlogEventDataAttributeValue(v);
  for (let i = 0; i < v.length; i++) if (matchWinlogEventDataAttributeValue(v[i])) return true;
  return false;
}

const EMPTY = {};
return function predicate(input) {
  const doc = typeof input === "object" && input !== null ? input : EMPTY;
  return someHostOsType(doc) // host.os.type == "windows"
    && someEventCode(doc) // event.code == "5136"
    && someWinlogEventDataAttributeLDAPDisplayName(doc) // winlog.event_data.AttributeLDAPDisplayName : "dSHeuristics"
    && someWinlogEventDataOperationType(doc) // winlog.event_data.OperationType : "%%14674"
    && script1(readWinlogEventDataAttributeValue(doc)) // length(winlog.event_data.AttributeValue) > 15 (script)
    && someWinlogEventDataAttributeValue(doc); // winlog.event_data.AttributeValue regex~ "[0-9]{15}([1-9a-f]).*"
};
