using Cartwheel.Streaming;
using Microsoft.Extensions.Options;

namespace Cartwheel.Server.Options;

/// <summary>Validates <c>Cartwheel:Stream</c> at start with <see cref="StreamOptions.Validate"/>.</summary>
internal sealed class StreamOptionsValidation : IValidateOptions<StreamOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (CartwheelException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
