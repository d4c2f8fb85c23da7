using Cartwheel.Contracts;
using Cartwheel.Ingest.Segment;
using Cartwheel.Log;

namespace Cartwheel.Server.Collector;

/// <summary>Turns collected records into log records: kind name, key, the contract JSON.</summary>
internal static class LogAppender
{
    public static async ValueTask AppendCollectedAsync(this IEventLog log, IReadOnlyList<CollectedRecord> records, CancellationToken cancellationToken)
    {
        var appends = new LogAppend[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            appends[i] = new LogAppend(records[i].Kind.Name(), records[i].Key, records[i].ToJson());
        }

        await log.AppendAsync(appends, cancellationToken);
    }
}
