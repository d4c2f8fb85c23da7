using System.Text.Json.Serialization;

namespace Cartwheel.Simulation;

/// <summary>What the shop simulator generates. The same options (and seed) always give byte-identical files.</summary>
public sealed record SimulationOptions
{
    /// <summary>The seed of every random choice.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Registered customers (some sign up during the simulated window).</summary>
    public int Users { get; init; } = 1000;

    /// <summary>Catalog products.</summary>
    public int Products { get; init; } = 200;

    /// <summary>Simulated days of traffic, starting at <see cref="Start"/> 00:00 UTC.</summary>
    public int Days { get; init; } = 3;

    /// <summary>The first simulated day (UTC).</summary>
    public DateOnly Start { get; init; } = new(2024, 3, 1);

    /// <summary>Fraction of click events that arrive 2–48 h after they happened.</summary>
    public double LateRate { get; init; } = 0.05;

    /// <summary>Fraction of event, order, inventory and transaction lines written a second time.</summary>
    public double DuplicateRate { get; init; } = 0.02;

    /// <summary>Fraction of the lines of every file replaced by a corrupt line.</summary>
    public double CorruptRate { get; init; } = 0.001;

    /// <summary>The file layout.</summary>
    public SimulationFormat Format { get; init; } = SimulationFormat.Native;

    /// <summary>When above 0, each native click event's properties get a "padding" string so its line is about this many bytes.</summary>
    public int PadEventsTo { get; init; }

    /// <summary>Approximate click events per average day; 0 means 4 per registered user.</summary>
    public long EventsPerDay { get; init; }

    /// <summary>
    /// When set, follow-ups dated after this instant (cancellations, refunds and their returns, restocks, stock
    /// adjustments) are not written: they have not happened yet. The demo sets it to the start of today (UTC), so a window
    /// that ends today holds nothing from the future. Null (the default) writes every follow-up.
    /// </summary>
    [JsonIgnore]
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>The first instant after the simulated window.</summary>
    [JsonIgnore]
    public DateTimeOffset End => StartTime.AddDays(Days);

    /// <summary>The first instant of the simulated window.</summary>
    [JsonIgnore]
    public DateTimeOffset StartTime => new(Start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Throws <see cref="CartwheelException"/> (<see cref="ErrorCodes.InvalidArgument"/>) naming the first invalid option.</summary>
    public SimulationOptions Validate()
    {
        Positive(Users, "users");
        Positive(Products, "products");
        Positive(Days, "days");
        Rate(LateRate, "late rate");
        Rate(DuplicateRate, "duplicate rate");
        Rate(CorruptRate, "corrupt rate");
        if (Start < new DateOnly(2003, 1, 1) || Start > new DateOnly(2100, 1, 1))
        {
            Fail($"start must be between 2003-01-01 and 2100-01-01 (was {Start:yyyy-MM-dd}).");
        }

        if (Days > 3660)
        {
            Fail($"days must be at most 3660 (was {Days}).");
        }

        if (PadEventsTo < 0 || PadEventsTo > 1_000_000)
        {
            Fail($"pad-events-to must be between 0 and 1000000 bytes (was {PadEventsTo}).");
        }

        if (EventsPerDay < 0)
        {
            Fail($"events per day must be 0 (automatic) or more (was {EventsPerDay}).");
        }

        if (!Enum.IsDefined(Format))
        {
            Fail($"unknown format {Format}.");
        }

        return this;
    }

    /// <summary>The click events per average day actually aimed at.</summary>
    internal long EffectiveEventsPerDay => EventsPerDay > 0 ? EventsPerDay : Users * 4L;

    private static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            Fail($"{name} must be greater than 0 (was {value}).");
        }
    }

    private static void Rate(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            Fail($"{name} must be between 0 and 1 (was {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        }
    }

    private static void Fail(string message) => throw new CartwheelException(ErrorCodes.InvalidArgument, message);
}
