namespace Cartwheel.Contracts;

/// <summary>
/// The kinds of records Cartwheel ingests. The lower-case name is the folder name in the lake
/// (<c>lake/bronze/&lt;kind&gt;/</c>) and the view name in the <c>bronze</c> and <c>silver</c> schemas.
/// </summary>
public enum EntityKind
{
    Events,
    Orders,
    Inventory,
    Users,
    Products,

    /// <summary>Payments of the design notes' mock generator (seed004 format).</summary>
    Transactions,
}
