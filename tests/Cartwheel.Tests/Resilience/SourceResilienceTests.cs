using Cartwheel.Resilience;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Cartwheel.Tests.Resilience;

/// <summary>Backoff bounds, retries, the circuit breaker's open/half-open cycle and the attempt timeout — on a fake clock.</summary>
public sealed class SourceResilienceTests
{
    private static readonly SourceResilienceOptions Options = new()
    {
        MaxRetryAttempts = 0,
        BaseDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(10),
        CircuitBreakerFailureThreshold = 3,
        BreakDuration = TimeSpan.FromSeconds(30),
        AttemptTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public void Backoff_NominalDoublesAndCaps()
    {
        Enumerable.Range(1, 6).Select(n => Backoff.Nominal(Options, n).TotalSeconds).ShouldBe([1, 2, 4, 8, 10, 10]);
    }

    [Fact]
    public void Backoff_JitterStaysWithinBoundsAndDelaysNeverShrink()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            // Below the cap, retry n+1's lowest delay (nominal/2) is retry n's highest: delays never shrink.
            var previous = TimeSpan.Zero;
            for (var retry = 1; retry <= 4; retry++)
            {
                var nominal = Backoff.Nominal(Options, retry);
                var delay = Backoff.Delay(Options, retry, random.NextDouble());
                delay.ShouldBeInRange(nominal / 2, nominal);
                delay.ShouldBeGreaterThanOrEqualTo(previous);
                previous = delay;
            }

            Backoff.Delay(Options, 6, random.NextDouble()).ShouldBeInRange(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        }

        Backoff.Delay(Options, 3, 0).ShouldBe(TimeSpan.FromSeconds(4));
        Backoff.Delay(Options with { JitterFactor = 0 }, 3, 0.99).ShouldBe(TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Pipeline_TransientFailures_RetriedWithGrowingJitteredDelays()
    {
        var clock = new FakeTimeProvider();
        var delays = new List<TimeSpan>();
        var units = new Queue<double>([0.0, 0.5, 0.999]);
        var pipeline = SourceResilience.Build(Options with { MaxRetryAttempts = 3, CircuitBreakerFailureThreshold = 10 }, clock, units.Dequeue,
            (_, delay, _) => delays.Add(delay));
        var calls = 0;
        var run = pipeline.ExecuteAsync(_ => ++calls < 4 ? throw new IOException("flaky") : ValueTask.FromResult(calls),
            TestContext.Current.CancellationToken).AsTask();
        while (!run.IsCompleted)
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Yield();
        }

        (await run).ShouldBe(4);
        delays.ShouldBe([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5), TimeSpan.FromTicks((long)(TimeSpan.FromSeconds(4).Ticks * (1 - (0.5 * 0.999))))]);
    }

    [Fact]
    public async Task CircuitBreaker_OpensAfterThresholdThenHalfOpensAfterBreak()
    {
        var clock = new FakeTimeProvider();
        var pipeline = SourceResilience.Build(Options, clock);
        var calls = 0;
        var fail = true;
        ValueTask Call(CancellationToken _)
        {
            calls++;
            return fail ? throw new IOException("down") : ValueTask.CompletedTask;
        }

        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 3; i++)
        {
            await Should.ThrowAsync<IOException>(() => pipeline.ExecuteAsync(Call, ct).AsTask());
        }

        await Should.ThrowAsync<BrokenCircuitException>(() => pipeline.ExecuteAsync(Call, ct).AsTask());
        calls.ShouldBe(3);
        clock.Advance(TimeSpan.FromSeconds(29));
        await Should.ThrowAsync<BrokenCircuitException>(() => pipeline.ExecuteAsync(Call, ct).AsTask());
        clock.Advance(TimeSpan.FromSeconds(1));
        // Half-open: one trial call goes through; it fails, so the circuit opens again at once.
        await Should.ThrowAsync<IOException>(() => pipeline.ExecuteAsync(Call, ct).AsTask());
        await Should.ThrowAsync<BrokenCircuitException>(() => pipeline.ExecuteAsync(Call, ct).AsTask());
        calls.ShouldBe(4);
        clock.Advance(TimeSpan.FromSeconds(30));
        fail = false;
        await pipeline.ExecuteAsync(Call, ct);
        await pipeline.ExecuteAsync(Call, ct);
        calls.ShouldBe(6);
    }

    [Fact]
    public async Task Timeout_SlowAttempt_RejectedAfterAttemptTimeout()
    {
        var clock = new FakeTimeProvider();
        var pipeline = SourceResilience.Build(Options, clock);
        var run = pipeline.ExecuteAsync(async token => await Task.Delay(Timeout.InfiniteTimeSpan, clock, token), TestContext.Current.CancellationToken).AsTask();
        clock.Advance(TimeSpan.FromSeconds(4));
        run.IsCompleted.ShouldBeFalse();
        clock.Advance(TimeSpan.FromSeconds(1));
        await Should.ThrowAsync<TimeoutRejectedException>(() => run);
    }

    [Fact]
    public void Validate_BadOptions_NamesTheSetting()
    {
        Should.Throw<CartwheelException>(() => (Options with { CircuitBreakerFailureThreshold = 1 }).Validate())
            .Message.ShouldContain("CircuitBreakerFailureThreshold");
        Should.Throw<CartwheelException>(() => (Options with { JitterFactor = 1.5 }).Validate()).Message.ShouldContain("JitterFactor");
    }
}
