using System.Globalization;
using Cartwheel.Contracts;

namespace Cartwheel.Simulation.Formats;

/// <summary>The seed004 <c>transactions.csv</c>: transaction_id,session_id,user_id,amount,currency,transaction_timestamp.</summary>
internal sealed class Seed004TransactionsCsvFormat()
    : CsvRecordFormat<Seed004Transaction>("transactions.csv",
        ["transaction_id", "session_id", "user_id", "amount", "currency", "transaction_timestamp"],
        "transaction_id", "transaction_timestamp", [.. Common, CorruptionKind.WrongType, CorruptionKind.BadValue])
{
    protected override string[] Fields(Seed004Transaction t) =>
    [
        t.TransactionId, t.SessionId, t.UserId, t.Amount.ToString("0.00", CultureInfo.InvariantCulture), t.Currency,
        UtcTimestampJsonConverter.ToText(t.TransactionTimestamp),
    ];

    protected override void Mutate(string[] fields, CorruptionKind kind, double choice) =>
        fields[Column("amount")] = kind switch
        {
            CorruptionKind.WrongType => "ten",
            CorruptionKind.BadValue => "-12.50",
            _ => throw Unsupported(kind),
        };
}
