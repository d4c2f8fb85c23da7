namespace Cartwheel.Quality;

/// <summary>What a freshness expectation measures the newest event's age against.</summary>
public enum FreshnessReference
{
    /// <summary>The end of the partition day (D+1 00:00 UTC), or now when that is still in the future.</summary>
    PartitionEnd,

    /// <summary>The current time of the injected clock.</summary>
    Now,
}
