namespace Cartwheel.Cli.Bench;

/// <summary>
/// One rendered Segment message with the byte offsets of its placeholders (each <see cref="MessageTemplates.FieldWidth"/>
/// characters; <paramref name="UniqueAt"/>: the order id or user id, which get the messageId too) and how many click events the
/// collector makes of it (what the dashboard's event count grows by); <paramref name="SessionAt"/>: where the last
/// <see cref="MessageTemplates.SessionSuffixWidth"/> characters of its <c>context.sessionId</c> are (-1: none), which a fresh pass rewrites.
/// </summary>
internal sealed record MessageTemplate(byte[] Bytes, int IdAt, int TimeAt, int[] UniqueAt, int ClickEvents, int SessionAt = -1);
