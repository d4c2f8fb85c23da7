namespace Cartwheel.Streaming;

/// <summary>What ranks products in <see cref="RealtimeQueries.TopProducts"/>.</summary>
public enum TopProductsBy
{
    /// <summary>product_view events.</summary>
    Views,

    /// <summary>Line revenue of completed orders.</summary>
    Revenue,
}
