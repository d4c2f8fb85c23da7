namespace Cartwheel.Streaming;

/// <summary>The funnel product_view → add_to_cart → checkout_started → purchase, optionally of one device and country.</summary>
public sealed record FunnelReport(string? Device, string? Country, IReadOnlyList<FunnelStep> Steps)
{
    /// <summary>Sessions that purchased over sessions that viewed a product (null when none viewed).</summary>
    public double? OverallConversion => Steps[0].Sessions == 0 ? null : (double)Steps[^1].Sessions / Steps[0].Sessions;
}
