using System.Runtime.CompilerServices;
using System.Text;

namespace Cartwheel.Warehouse.NativeGold;

/// <summary>
/// Hands a <see cref="SessionFold"/>'s sessions to DuckDB: temp table <c>cw_sessions</c> with the columns and types
/// of <c>sql/gold/_fact_sessions_events.sql</c>'s, filled by the appender (in the build's transaction).
/// </summary>
internal static class SessionRows
{
    private const string Table = """
        CREATE OR REPLACE TEMP TABLE cw_sessions (
            session_id VARCHAR, session_start TIMESTAMPTZ, session_end TIMESTAMPTZ, total_events BIGINT, product_views BIGINT,
            has_add_to_cart BOOLEAN, has_checkout BOOLEAN, has_purchase BOOLEAN, user_id VARCHAR, event_types VARCHAR[],
            device VARCHAR, country VARCHAR, utm_source VARCHAR, utm_medium VARCHAR, utm_campaign VARCHAR, referrer VARCHAR,
            user_key BIGINT, processing_timestamp TIMESTAMPTZ)
        """;

    /// <summary>
    /// Writes the fold's included sessions; false when the fold could not order a session exactly or a session's
    /// dim_user join would not give one row (the table is then left incomplete: the SQL path replaces it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Write(Warehouse warehouse, SessionFold fold, Action<string>? phase = null)
    {
        if (!fold.Finish())
        {
            return false;
        }

        var lookups = SessionLookups.Read(warehouse);
        phase?.Invoke("lookups");
        warehouse.Execute(Table);
        using (var appender = warehouse.Connection.CreateAppender("temp", "main", "cw_sessions"))
        {
            for (var s = 0; s < fold.Count; s++)
            {
                if (!fold.Included(s))
                {
                    continue;
                }

                var user = fold.UserOf(s);
                if (!lookups.TryUserKey(user, fold.Start(s), out var userKey))
                {
                    return false;
                }

                var builtAt = lookups.BuiltAt(fold.Day(s));
                appender.CreateRow()
                    .AppendValue(Encoding.UTF8.GetString(fold.SessionIdBytes(s)))
                    .AppendValue(Time(fold.Start(s)))
                    .AppendValue(Time(fold.End(s)))
                    .AppendValue((long)fold.Events(s))
                    .AppendValue((long)fold.ProductViews(s))
                    .AppendValue(fold.HasAddToCart(s))
                    .AppendValue(fold.HasCheckout(s))
                    .AppendValue(fold.HasPurchase(s))
                    .AppendValue(user)
                    .AppendValue(fold.Types(s))
                    .AppendValue(fold.DeviceOf(s))
                    .AppendValue(fold.CountryOf(s))
                    .AppendValue(fold.UtmSourceOf(s))
                    .AppendValue(fold.UtmMediumOf(s))
                    .AppendValue(fold.UtmCampaignOf(s))
                    .AppendValue(fold.ReferrerOf(s))
                    .AppendValue(userKey)
                    .AppendValue(builtAt is { } at ? Time(at) : (DateTime?)null)
                    .EndRow();
            }
        }

        phase?.Invoke("append");
        return true;
    }

    private static DateTime Time(long micros) => DateTime.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond);
}
