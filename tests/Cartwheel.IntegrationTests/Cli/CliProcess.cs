using System.Diagnostics;

namespace Cartwheel.IntegrationTests.Cli;

/// <summary>Runs the real <c>cartwheel</c> CLI (the built Cartwheel.Cli.dll) in a child process, as a user would.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(string dataDirectory, CancellationToken cancellationToken, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Cartwheel.Cli.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["CARTWHEEL_DATA_DIR"] = dataDirectory;
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the CLI");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
