namespace Cartwheel.Contracts;

/// <summary>How a personal-data field identifies a person.</summary>
public enum PiiCategory
{
    /// <summary>Identifies a person on its own (email, name, phone).</summary>
    Direct,

    /// <summary>Identifies a person together with other data (IP address, street address).</summary>
    Quasi,
}
