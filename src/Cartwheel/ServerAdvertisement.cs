using System.Security.Cryptography;
using System.Text.Json;

namespace Cartwheel;

/// <summary>
/// What a running server tells CLI commands on the same data directory (<c>&lt;data-dir&gt;/server.json</c>, mode
/// 0600): where it listens and a random local token that its read APIs accept, so commands can be forwarded
/// to the process that owns the warehouse instead of meeting a lock error.
/// </summary>
public sealed record ServerAdvertisement(string Url, string Token, int ProcessId, DateTimeOffset StartedAt)
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "server.json";

    public static string PathIn(DataDirectory dataDirectory) => Path.Combine(dataDirectory.Root, FileName);

    /// <summary>A new advertisement for this process with a fresh 256-bit token.</summary>
    public static ServerAdvertisement Create(string url) =>
        new(url, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), Environment.ProcessId, DateTimeOffset.UtcNow);

    /// <summary>Writes the file owner-only (0600) through a temp file and a rename, so readers never see half of it.</summary>
    public void Write(DataDirectory dataDirectory)
    {
        dataDirectory.EnsureCreated();
        var path = PathIn(dataDirectory);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("url", Url);
            writer.WriteString("token", Token);
            writer.WriteNumber("pid", ProcessId);
            writer.WriteString("started_at", StartedAt);
            writer.WriteEndObject();
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The advertisement of the server holding a data directory, or null when none is running there.</summary>
    public static ServerAdvertisement? TryRead(DataDirectory dataDirectory)
    {
        var path = PathIn(dataDirectory);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            return new ServerAdvertisement(
                root.GetProperty("url").GetString()!,
                root.GetProperty("token").GetString()!,
                root.GetProperty("pid").GetInt32(),
                root.GetProperty("started_at").GetDateTimeOffset());
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Deletes the file if it is still this advertisement's (a newer server may have replaced it).</summary>
    public void Delete(DataDirectory dataDirectory)
    {
        if (TryRead(dataDirectory) is { } current && current.Token == Token)
        {
            File.Delete(PathIn(dataDirectory));
        }
    }
}
