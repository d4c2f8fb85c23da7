using System.Globalization;
using System.Numerics;

namespace Cartwheel.Tests.EndToEnd;

/// <summary>Converts DuckDB result values (DATE as DateOnly or DateTime, HUGEINT sums as BigInteger) for comparisons.</summary>
internal static class Values
{
    public static DateOnly Date(object? value) => value switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        _ => throw new InvalidCastException($"not a date: {value}"),
    };

    public static long Long(object? value) => value switch
    {
        BigInteger big => (long)big,
        null => 0,
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };
}
