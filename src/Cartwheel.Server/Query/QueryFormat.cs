namespace Cartwheel.Server.Query;

/// <summary>The answer formats of <c>POST /api/v1/query</c>.</summary>
public enum QueryFormat
{
    Json,
    Csv,
    Arrow,
}
