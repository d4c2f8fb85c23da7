namespace Cartwheel.Orchestration;

/// <summary>What an alert is about (the <c>kind</c> field of the webhook JSON).</summary>
public enum AlertKind
{
    TaskFailed,
    SlaMiss,
    DataQualityFailure,
    FreshnessBreach,
}
