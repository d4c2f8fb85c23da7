using Microsoft.Extensions.Logging;

namespace Cartwheel.Tests.Orchestration;

/// <summary>[LoggerMessage] events for the tasks the tests define.</summary>
internal static partial class TestLogging
{
    [LoggerMessage(LogLevel.Information, "{Line}")]
    public static partial void LogInformationLine(this ILogger logger, string line);
}
