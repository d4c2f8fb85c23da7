namespace Cartwheel;

/// <summary>Stable error codes carried by <see cref="CartwheelException"/>.</summary>
public static class ErrorCodes
{
    public const string Internal = "internal";
    public const string InvalidArgument = "argument.invalid";

    /// <summary>Settings (appsettings.json, CARTWHEEL__… variables, options) that fail validation at start-up.</summary>
    public const string InvalidSettings = "settings.invalid";
    /// <summary>An operation inside a command gave up waiting (e.g. an HTTP request to a server that did not answer in time).</summary>
    public const string Timeout = "timeout";
    public const string InputNotFound = "input.not_found";
    public const string InputUnreadable = "input.unreadable";
    public const string UnknownKind = "input.unknown_kind";
    public const string InputBinary = "input.binary";
    public const string InputBadHeader = "input.bad_header";
    public const string InputUnsupported = "input.unsupported";
    public const string IngestBusy = "ingest.busy";
    public const string StreamBusy = "stream.busy";
    public const string AccountingMismatch = "accounting.mismatch";
    public const string QueryNotReadOnly = "query.not_read_only";
    public const string QueryFailed = "query.failed";
    public const string QueryTimeout = "query.timeout";
    public const string QueryTooLarge = "query.too_large";
    public const string CatalogCorrupt = "catalog.corrupt";
    public const string WarehouseLocked = "warehouse.locked";
    public const string DagInvalid = "dag.invalid";
    public const string DagNotFound = "dag.not_found";
    public const string DagRunNotFound = "dag.run_not_found";
    public const string DagRunFailed = "dag.run_failed";
    public const string CollectorInvalidEvent = "collector.invalid_event";
    public const string QualitySuiteInvalid = "quality.suite_invalid";
    public const string QualityFailed = "quality.failed";
    public const string DeadLetterNotFound = "deadletter.not_found";
    public const string DeadLetterNoHandler = "deadletter.no_handler";
    public const string ReportNotFound = "report.not_found";
}
