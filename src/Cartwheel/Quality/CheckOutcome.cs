using System.Globalization;

namespace Cartwheel.Quality;

/// <summary>What evaluating one expectation found, before it is stamped with run, suite and timing.</summary>
internal sealed record CheckOutcome(CheckStatus Status, string? Observed, long FailingRows, IReadOnlyList<string> SampleKeys, string? Message)
{
    public static CheckOutcome Of(bool passed, string? observed, long failingRows = 0, IReadOnlyList<string>? sample = null, string? message = null) =>
        new(passed ? CheckStatus.Passed : CheckStatus.Failed, observed, failingRows, sample ?? [], message);

    public static CheckOutcome Skipped(string message, string? observed = null) => new(CheckStatus.Skipped, observed, 0, [], message);

    public static string Number(double value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);

    public static bool Within(decimal value, decimal? min, decimal? max) => (min is null || value >= min) && (max is null || value <= max);

    public static string Bounds(decimal? min, decimal? max) =>
        string.Create(CultureInfo.InvariantCulture, $"[{(min is null ? "-∞" : min.Value.ToString(CultureInfo.InvariantCulture))}, {(max is null ? "∞" : max.Value.ToString(CultureInfo.InvariantCulture))}]");
}
