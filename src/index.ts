/**
 * The public library API of eql-replay: explicit named re-exports, nothing else.
 */
export {
  AppError,
  InvalidOptionError,
  IoError,
  ERROR_CODES,
  serializeError,
  deserializeError,
  isSerializedError,
} from './errors.js';
export type { ErrorCode, ErrorData, SerializedError } from './errors.js';
// EQL front end
export { parseEql, parseEqlExpression } from './eql/parse.js';
export { normalizeQuery, constantOf } from './eql/normalize.js';
export { printStatement, printQuery, printExpr, printString, printFieldName } from './eql/print.js';
export { checkStatement, checkExpression } from './eql/check.js';
export { EqlError, EqlSyntaxError, EqlSemanticError, EqlUnsupportedError, formatEqlError, isEqlError } from './eql/errors.js';
export type { EqlErrorData, EqlErrorInput } from './eql/errors.js';
export { FUNCTION_SIGNATURES, findFunction, canonicalFunctionName } from './eql/function-signatures.js';
export type { EqlType, FunctionSignature, ArgumentSignature } from './eql/function-signatures.js';
export type * from './eql/ast.js';
// rules
export { loadRules, readRuleTexts, ruleFromQuery, parseRule } from './rules/load-rule.js';
export type { Rule, LoadRulesOptions } from './rules/load-rule.js';
export type { RuleText, SkippedRule } from './rules/rule-text.js';
export { RuleLoadError, RuleLanguageError } from './rules/rule-errors.js';
export { BUILTIN_RULES, SSH_KEYGEN_RULE } from './rules/builtin-rules.js';
export { parseDetectionRuleToml } from './rules/detection-rule-toml.js';
export { parseKibanaExport } from './rules/kibana-export.js';
export type { KibanaExportOptions, NonEqlPolicy } from './rules/kibana-export.js';
// Corpus readers
export { readCorpus, readCorpusBatches, CORPUS_FORMATS, REPORTED_MALFORMED } from './corpus/read-corpus.js';
export type {
  CorpusFormat,
  CorpusRecord,
  CorpusStats,
  CorpusReading,
  CorpusBatchReading,
  MalformedPolicy,
  ReadCorpusOptions,
} from './corpus/read-corpus.js';
export { describeMalformed, jsonErrorReason, notObjectReason, EXCERPT_CHARS } from './corpus/describe-malformed.js';
export { chunkCorpus, DEFAULT_CHUNK_BYTES } from './corpus/chunker.js';
export type { Chunk, ChunkOptions, ChunkStats, ChunkedCorpus } from './corpus/chunker.js';
export { createChunkBufferPool } from './corpus/chunk-buffer-pool.js';
export type { ChunkBufferPool, ChunkBufferPoolStats } from './corpus/chunk-buffer-pool.js';
export type { MalformedLine } from './corpus/describe-malformed.js';
export {
  CorpusReadError,
  CorpusCompressionError,
  CorpusFormatError,
  CorpusMalformedError,
  formatMalformed,
} from './corpus/corpus-errors.js';
// Prefilter (raw-byte literal screening) and EQL → Query DSL
export { buildPrefilter, prefilterAccepts, describePrefilter, prefilterToJson, foldAsciiBytes } from './match/prefilter.js';
export type { Needle, Prefilter, PrefilterOptions, PrefilterJson } from './match/prefilter.js';
export { createChunkScanner } from './match/prefilter-scanner.js';
export type { ChunkScanner, ChunkScan } from './match/prefilter-scanner.js';
export { indexLines } from './match/prefilter-lines.js';
export type { LineIndex } from './match/prefilter-lines.js';
export { unescapeJsonLine } from './match/prefilter-unescape.js';
export { toDsl } from './match/to-dsl.js';
export type { DslTranslation, DslQuery, DslScript, ToDslOptions } from './match/to-dsl.js';
// Matcher: mapping, values model, compiled predicate, reference interpreter
export { parseMapping, parseMappingText, loadMappingFile, resolveField, DEFAULT_ECS_MAPPING, MappingError } from './match/mapping.js';
export type { FieldMapping, Mapping, ResolvedField } from './match/mapping.js';
export { createFieldAccess, fieldValues, collectSourceValues, indexValue } from './match/values.js';
export type { FieldAccess } from './match/values.js';
export type { IndexedValue, ValueKind } from './match/compare-values.js';
export { compileQuery } from './match/compile.js';
export type { CompiledQuery, CompileOptions } from './match/compile.js';
export { interpretQuery } from './match/interpret.js';
export type { InterpretedQuery } from './match/interpret.js';
export { compileWildcard, planWildcard } from './match/wildcard.js';
export type { WildcardPlan } from './match/wildcard.js';
export { compileLuceneRegex, parseLuceneRegex, matchLuceneRegex, RegexError } from './match/regex.js';
export { compileExpr } from './match/compile-expr.js';
export { EQL_FUNCTIONS, findEqlFunction } from './match/functions/function-table.js';
export type { EqlFunction } from './match/functions/function-table.js';
export type { EqlValue } from './match/functions/eql-value.js';
export { printCond } from './match/print-cond.js';
export { applyPipes } from './match/apply-pipes.js';
export type { PipeSink } from './match/apply-pipes.js';
// Push: Elastic Agent-style _bulk load test, exactly-once accounting, verify
export { pushCorpus } from './push/push-corpus.js';
export type { PushCorpusOptions } from './push/push-corpus.js';
export type { PushProgress, PushResult, PushSettings, PushStatus, StoredIds } from './push/push-result.js';
export type { PushInputChunk } from './push/push-input.js';
export { chunksFromLines } from './push/push-input.js';
export { PUSH_PROFILES } from './push/push-profiles.js';
export type { PushProfile, PushProfileName } from './push/push-profiles.js';
export type { PushAuth } from './push/bulk-client.js';
export type { TargetOverride } from './push/event-routing.js';
export { routeEvent, DEFAULT_DATA_STREAM } from './push/event-routing.js';
export { computeDocumentId } from './push/document-id.js';
export { parseRetimeSpec, createRetimer, shiftTimestamp } from './push/retime.js';
export type { RetimeSpec, Retimer } from './push/retime.js';
export { summarizePush, pushSummaryRows, pushHtmlInput } from './push/push-summary.js';
export type { PushSummary } from './push/push-summary.js';
export { verifyPush } from './push/verify-push.js';
export type { VerifyPushOptions, VerifyResult, TargetVerification } from './push/verify-push.js';
export { readResumeFile, writeResumeFile } from './push/resume-file.js';
export type { ResumeState } from './push/resume-file.js';
export { PushHttpError, PushNetworkError, PushAccountingError, PushResumeError, PushInterruptedError, PushVerifyError } from './push/push-errors.js';
// Report: latency (HDR), throughput buckets, table, HTML
export { createLatencyRecorder, supportedPercentiles, REPORTED_PERCENTILES } from './report/latency.js';
export type { LatencyRecorder, LatencySummary, PercentileValue } from './report/latency.js';
export { createThroughputRecorder, rateStats } from './report/throughput.js';
export type { ThroughputRecorder, ThroughputSummary, ThroughputBucket, RateStats } from './report/throughput.js';
export { renderMetricTable, formatMetric } from './report/table.js';
export type { MetricRow } from './report/table.js';
export { renderHtmlReport } from './report/html-report.js';
export type { HtmlReportInput, PercentileSeries } from './report/html-report.js';
// Report: detection accuracy, the replay report (terminal, HTML, progress), explain's rendering
export { accuracyOf, confusionCounts, precisionOf, recallOf, sumAccuracy, hasMismatch, NO_COUNTS } from './report/accuracy.js';
export type { Accuracy, ConfusionCounts } from './report/accuracy.js';
export { renderReplayReport, renderRuleTable, replaySummaryRows, formatRatio } from './report/replay-report.js';
export type {
  ReplayReport,
  ReplayRuleReport,
  ReplayMismatch,
  ReplaySkippedRule,
  ReplayCorpusReport,
  ReplayThreadReport,
  ReportedMalformedLine,
} from './report/replay-report.js';
export { renderReplayHtml } from './report/replay-html.js';
export type { ReplayHtmlOptions } from './report/replay-html.js';
export { formatReplayProgress } from './report/replay-progress.js';
export type { ReplayProgress } from './report/replay-progress.js';
export { renderExplanation } from './report/replay-explanation.js';
export type { ExplanationView, ExplanationNode, ExplanationField } from './report/replay-explanation.js';
// Replay: rule sets over corpora on a worker pool (scan or parse-all), labels, explain, the quick start's cache
export { runReplay, SCAN_CHUNK_BYTES } from './replay/run-replay.js';
export type { RunReplayOptions } from './replay/run-replay.js';
export { loadReplayRules, prepareRule } from './replay/replay-rules.js';
export type { ReplayRule, ReplayRuleSpecs, LoadReplayRulesOptions, LoadedReplayRules } from './replay/replay-rules.js';
export { chooseReplayMode, MAX_SCAN_COST, MAX_WEAK_SCORE } from './replay/choose-mode.js';
export type { ModeChoice, ChooseModeOptions } from './replay/choose-mode.js';
export { readCorpusLabels, labelsPathOf } from './replay/corpus-labels.js';
export type { CorpusTruth } from './replay/corpus-labels.js';
export { ReplayWorkerError, ReplayInterruptedError, ReplayMismatchError } from './replay/replay-errors.js';
export { explainEvent, explainField } from './replay/explain-event.js';
export type { Explanation, ExplainedNode, ExplainedField, DroppedValue } from './replay/explain-event.js';
export { ensureCachedCorpus, generatorFingerprint } from './replay/cached-corpus.js';
export type { CachedCorpus, CachedCorpusOptions } from './replay/cached-corpus.js';
// Labelled synthetic corpus generator (generate): profiles, blocks, labels, writer
export { generateCorpus, labelsText, defaultWorkerUrl } from './corpus/generate/generate-corpus.js';
export type { GenerateOptions, GenerateResult } from './corpus/generate/generate-corpus.js';
export { createBlockGenerator, DEFAULT_BLOCK_SIZE } from './corpus/generate/block-generator.js';
export type { BlockGenerator, BlockTask, BlockResult, GeneratorConfig } from './corpus/generate/block-generator.js';
export { validateProfile, DEFAULT_PROFILE, PRODUCERS } from './corpus/generate/profile.js';
export type { Profile, Producer } from './corpus/generate/profile.js';
export { loadProfile, listProfiles, shippedProfilesDir, isProfileName, DEFAULT_PROFILE_NAME } from './corpus/generate/profile-loader.js';
export type { LoadedProfile, LoadProfileOptions } from './corpus/generate/profile-loader.js';
export { formatLabels, parseLabels, SEED_RULE_ID } from './corpus/generate/labels.js';
export type { CorpusLabels } from './corpus/generate/labels.js';
export { ProfileError, LabelsError } from './corpus/generate/generate-errors.js';
export { SCENARIO_NAMES, BACKGROUND_KINDS, KEYGEN_KINDS, NEAR_MISS_KINDS, EDGE_CASE_KINDS } from './corpus/generate/scenario-catalog.js';
export { openCorpusWriter } from './corpus/corpus-writer.js';
export type { CorpusWriter, CorpusWriterOptions } from './corpus/corpus-writer.js';
