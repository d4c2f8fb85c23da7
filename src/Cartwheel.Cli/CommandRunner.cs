using System.CommandLine;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Cartwheel.Cli;

/// <summary>
/// The error boundary of every command: a <see cref="CartwheelException"/> becomes a one-line message
/// with its code on stderr and exit code 2; anything else exit code 1 with its message.
/// </summary>
internal static class CommandRunner
{
    public const int Ok = 0;
    public const int Unexpected = 1;
    public const int Failed = 2;

    public static void SetGuardedAction(this Command command, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await action(parseResult, cancellationToken);
            }
            catch (CartwheelException ex)
            {
                WriteError($"error [{ex.Code}]: {ex.Message}");
                return Failed;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                WriteError("cancelled");
                return 130;
            }
            catch (OperationCanceledException ex)
            {
                // Not the user's Ctrl+C: something inside timed out (an HTTP client's timeout surfaces this way).
                WriteError($"error [{ErrorCodes.Timeout}]: {ex.Message}");
                return Failed;
            }
            catch (OptionsValidationException ex)
            {
                // A host's settings validated at start-up (e.g. serve without a write key): the user's fix, not a crash.
                WriteError($"error [{ErrorCodes.InvalidSettings}]: {string.Join(" ", ex.Failures)}");
                return Failed;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                WriteError($"error [io]: {ex.Message}");
                return Failed;
            }
            catch (Exception ex)
            {
                WriteError($"unexpected error: {ex}");
                return Unexpected;
            }
        });

    // Through the guarded overload: calling SetAction here would let exceptions escape the error boundary.
    public static void SetGuardedAction(this Command command, Func<ParseResult, int> action) =>
        command.SetGuardedAction((parseResult, _) => Task.FromResult(action(parseResult)));

    private static void WriteError(string message)
    {
        if (Console.IsErrorRedirected)
        {
            Console.Error.WriteLine(message);
            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.MarkupLine("[red]{0}[/]", Markup.Escape(message));
    }
}
