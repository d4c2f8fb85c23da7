namespace Cartwheel.Contracts;

/// <summary>
/// Marks a contract property that holds personal data. Pseudonymisation, masking and erasure
/// find the fields to act on through this mark, never through hard-coded field lists.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class PiiAttribute : Attribute
{
    public PiiAttribute(PiiCategory category = PiiCategory.Direct) => Category = category;

    /// <summary>How the field identifies a person.</summary>
    public PiiCategory Category { get; }
}
