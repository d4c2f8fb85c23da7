using Microsoft.Extensions.Options;

namespace Cartwheel.Server.Options;

/// <summary>Runs <see cref="ISelfValidating.Validate"/> as an options validator (with ValidateOnStart).</summary>
internal sealed class SelfValidation<T> : IValidateOptions<T>
    where T : class, ISelfValidating
{
    public ValidateOptionsResult Validate(string? name, T options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
