namespace Cartwheel.Server;

/// <summary>
/// What the caller (the <c>serve</c> command, a test) decides about a server. Settings come, lowest first, from
/// appsettings.json, environment variables (<c>CARTWHEEL__COLLECTOR__WRITEKEYS__0</c>), <see cref="Args"/>,
/// <see cref="Settings"/>, then the explicit values here (a non-empty key list replaces the configured one).
/// </summary>
public sealed record CartwheelServerOptions
{
    public required DataDirectory DataDirectory { get; init; }

    /// <summary>The URLs to listen on (<c>;</c>-separated); null for the <c>urls</c> setting or <see cref="CartwheelServer.DefaultUrl"/>.</summary>
    public string? Urls { get; init; }

    public IReadOnlyList<string> WriteKeys { get; init; } = [];

    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    /// <summary>Command-line style settings (<c>--Cartwheel:Log:Partitions=8</c>).</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>In-memory settings above the command line (tests).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>The minimum log level of the console logger.</summary>
    public Microsoft.Extensions.Logging.LogLevel MinimumLogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Information;

    /// <summary>Service replacements after the server's own registrations (tests: a fake clock).</summary>
    internal Action<IServiceCollection>? ConfigureServices { get; init; }
}
