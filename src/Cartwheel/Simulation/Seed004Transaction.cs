namespace Cartwheel.Simulation;

/// <summary>A row of the seed004 <c>transactions.csv</c>: one per completed purchase.</summary>
public sealed record Seed004Transaction(
    string TransactionId,
    string SessionId,
    string UserId,
    decimal Amount,
    string Currency,
    DateTimeOffset TransactionTimestamp);
