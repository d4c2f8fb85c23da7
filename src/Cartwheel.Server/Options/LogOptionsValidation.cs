using Cartwheel.Log;
using Microsoft.Extensions.Options;

namespace Cartwheel.Server.Options;

/// <summary>Start-up validation of the core library's settings types, which do not know about options.</summary>
internal sealed class LogOptionsValidation : IValidateOptions<EventLogOptions>
{
    public ValidateOptionsResult Validate(string? name, EventLogOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
