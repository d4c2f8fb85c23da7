namespace Cartwheel.Warehouse;

/// <summary>Settings of the gold build and its marts (documented in docs/marts.md).</summary>
public sealed record GoldOptions
{
    /// <summary>Published versions kept per gold table (older ones are dropped after a publish).</summary>
    public int KeepVersions { get; init; } = 7;

    /// <summary>A customer is churned after this many days without a completed order.</summary>
    public int ChurnDays { get; init; } = 90;

    /// <summary>Channel attribution looks at the sessions this many days before an order.</summary>
    public int AttributionDays { get; init; } = 30;

    /// <summary>The cap of a projected customer lifespan (in observed histories) when nobody churned.</summary>
    public int MaxLifespan { get; init; } = 10;

    /// <summary>Throws <see cref="ErrorCodes.InvalidArgument"/> when a setting is out of range.</summary>
    public GoldOptions Validated()
    {
        if (KeepVersions < 1 || ChurnDays < 1 || AttributionDays < 0 || MaxLifespan < 1)
        {
            throw new CartwheelException(ErrorCodes.InvalidArgument,
                "Gold options: KeepVersions, ChurnDays and MaxLifespan must be at least 1, AttributionDays at least 0.");
        }

        return this;
    }
}
