namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>A bronze record silver rejects: where it came from, why, and the original record (raw line, else payload).</summary>
internal sealed record RejectedEvent(string SourceFile, long LineNumber, string Reason, string Detail, string Raw);
