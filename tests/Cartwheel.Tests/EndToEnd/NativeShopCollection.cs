namespace Cartwheel.Tests.EndToEnd;

/// <summary>The test classes that share one simulated native shop (built once: it is the slow part).</summary>
[CollectionDefinition(Name)]
public sealed class NativeShopCollection : ICollectionFixture<NativeShopFixture>
{
    public const string Name = "native shop";
}
