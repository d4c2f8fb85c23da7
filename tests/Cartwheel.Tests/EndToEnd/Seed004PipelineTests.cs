using Cartwheel.Simulation;

namespace Cartwheel.Tests.EndToEnd;

/// <summary>The design notes' mock-generator format through the pipeline into user_session_analysis.</summary>
public sealed class Seed004PipelineTests : IDisposable
{
    private readonly ShopPipeline _pipeline = new(new SimulationOptions
    {
        Seed = 4,
        Users = 200,
        Products = 50,
        Days = 3,
        Start = new DateOnly(2024, 1, 10),
        Format = SimulationFormat.Seed004,
    });

    [Fact]
    public void UserSessionAnalysis_TotalsMatchTheInput()
    {
        var events = _pipeline.Shop.Seed004Events;
        var sessions = events.Select(e => e.SessionId).ToHashSet(StringComparer.Ordinal);
        var transactions = _pipeline.Shop.Seed004Transactions.Where(t => sessions.Contains(t.SessionId)).ToList();

        var totals = _pipeline.Rows(
            "SELECT count(*), sum(total_events), count(*) FILTER (WHERE has_transaction), coalesce(sum(transaction_amount), 0), " +
            "coalesce(sum(transaction_count), 0) FROM gold.user_session_analysis")[0];

        totals[0].ShouldBe((long)sessions.Count);
        Values.Long(totals[1]).ShouldBe(events.Count);
        totals[2].ShouldBe((long)transactions.Select(t => t.SessionId).Distinct().Count());
        ((decimal)totals[3]!).ShouldBe(transactions.Sum(t => t.Amount));
        Values.Long(totals[4]).ShouldBe(transactions.Count);
        transactions.Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void UserSessionAnalysis_SessionBoundsAndEventOrder_MatchTheInput()
    {
        var expected = _pipeline.Shop.Seed004Events
            .GroupBy(e => e.SessionId)
            .Select(g => (Session: g.Key, Start: g.Min(e => e.EventTimestamp), End: g.Max(e => e.EventTimestamp),
                First: g.OrderBy(e => e.EventTimestamp).ThenBy(e => e.EventId, StringComparer.Ordinal).First().EventType))
            .OrderBy(s => s.Session, StringComparer.Ordinal)
            .ToList();

        var actual = _pipeline.Rows("SELECT session_id, session_start, session_end, first_event_type FROM gold.user_session_analysis")
            .Select(r => (Session: (string)r[0]!, Start: ToOffset(r[1]), End: ToOffset(r[2]), First: (string)r[3]!))
            .OrderBy(s => s.Session, StringComparer.Ordinal)
            .ToList();

        actual.ShouldBe(expected);
    }

    private static DateTimeOffset ToOffset(object? value) => value switch
    {
        DateTimeOffset o => o,
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        _ => throw new InvalidOperationException($"not a timestamp: {value}"),
    };

    public void Dispose() => _pipeline.Dispose();
}
