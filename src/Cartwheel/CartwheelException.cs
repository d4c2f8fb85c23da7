namespace Cartwheel;

/// <summary>
/// The one exception base of Cartwheel. <see cref="Code"/> is machine-readable and stable
/// (CLI exit messages, HTTP problem types and logs carry it).
/// </summary>
public class CartwheelException : Exception
{
    public CartwheelException(string code, string message, Exception? innerException = null)
        : base(message, innerException) => Code = code;

    public CartwheelException()
        : this(ErrorCodes.Internal, "Cartwheel error.")
    {
    }

    public CartwheelException(string message)
        : this(ErrorCodes.Internal, message)
    {
    }

    public CartwheelException(string message, Exception innerException)
        : this(ErrorCodes.Internal, message, innerException)
    {
    }

    /// <summary>A stable, machine-readable error code such as <c>input.unreadable</c>.</summary>
    public string Code { get; }
}
