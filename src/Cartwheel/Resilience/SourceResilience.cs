using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Cartwheel.Resilience;

/// <summary>
/// Builds the Polly pipeline every outward-facing source uses: retry (outermost) → circuit breaker → per-attempt
/// timeout. Each failed attempt counts towards the breaker; a call rejected by an open circuit is not retried
/// (it fails fast with <see cref="BrokenCircuitException"/>, and the caller dead-letters the record).
/// </summary>
public static class SourceResilience
{
    /// <param name="random">Uniform numbers in [0, 1) for jitter; default <see cref="Random.Shared"/>.</param>
    /// <param name="onRetry">Called before each retry with the retry number (1-based), its delay and the failure.</param>
    public static ResiliencePipeline Build(SourceResilienceOptions options, TimeProvider? timeProvider = null, Func<double>? random = null,
        Action<int, TimeSpan, Exception?>? onRetry = null)
    {
        options.Validate();
        random ??= Random.Shared.NextDouble;
        var handled = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException || ex is TimeoutRejectedException);
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider ?? TimeProvider.System };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not BrokenCircuitException
                    && (ex is not OperationCanceledException || ex is TimeoutRejectedException)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(Backoff.Delay(options, args.AttemptNumber + 1, random())),
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                    return default;
                },
            });
        }

        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 1.0,
                MinimumThroughput = options.CircuitBreakerFailureThreshold,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = handled,
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }
}
