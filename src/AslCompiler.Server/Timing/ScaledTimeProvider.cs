using System;
using System.Threading;

namespace AslCompiler.Server.Timing;

/// <summary>
/// Real time, sped up by a factor: a timer of <c>d</c> fires after <c>d / scale</c> of real time, and the clock
/// advances <c>scale</c> seconds per real second from the moment of creation, so Wait states (durations and
/// timestamps), timeouts and heartbeats all stay consistent with each other. <c>asl serve --time-scale N</c>, and a
/// server whose store's clock is ahead of the wall clock (it ran faster before) at scale 1 from there.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly DateTimeOffset _origin;
    private readonly long _originTimestamp;

    /// <summary>Creates a clock running <paramref name="scale"/> times faster than <paramref name="inner"/>.</summary>
    /// <param name="scale">The speed-up, greater than 0 (1 is real time; 60 turns a minute into a second).</param>
    /// <param name="inner">The real clock; <see cref="TimeProvider.System"/> when null.</param>
    public ScaledTimeProvider(double scale, TimeProvider? inner = null)
        : this(scale, inner, null)
    {
    }

    /// <summary>
    /// Creates a clock running <paramref name="scale"/> times faster than <paramref name="inner"/>, reading
    /// <paramref name="start"/> now (a restarted server goes on from where its store's clock was).
    /// </summary>
    /// <param name="scale">The speed-up, greater than 0 (1 is real time; 60 turns a minute into a second).</param>
    /// <param name="inner">The real clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="start">The time the clock reads now; <paramref name="inner"/>'s when null.</param>
    public ScaledTimeProvider(double scale, TimeProvider? inner, DateTimeOffset? start)
    {
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The time scale must be a positive number.");
        }

        Scale = scale;
        _inner = inner ?? System;
        _origin = start ?? _inner.GetUtcNow();
        _originTimestamp = _inner.GetTimestamp();
    }

    /// <summary>The speed-up factor.</summary>
    public double Scale { get; }

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    /// <inheritdoc/>
    public override long TimestampFrequency => _inner.TimestampFrequency;

    /// <summary>The longest real delay a timer takes (.NET's limit, about 49.7 days).</summary>
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <inheritdoc/>
    /// <remarks>A fast clock that reaches the last date .NET holds stays there (it does not overflow).</remarks>
    public override DateTimeOffset GetUtcNow()
    {
        var ticks = _inner.GetElapsedTime(_originTimestamp).Ticks * Scale;
        return ticks >= (DateTimeOffset.MaxValue - _origin).Ticks ? DateTimeOffset.MaxValue : _origin + TimeSpan.FromTicks((long)ticks);
    }

    /// <inheritdoc/>
    public override long GetTimestamp()
    {
        var scaled = (_inner.GetTimestamp() - _originTimestamp) * Scale;
        return scaled >= long.MaxValue - _originTimestamp ? long.MaxValue : _originTimestamp + (long)scaled;
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_inner.CreateTimer(callback, state, Shrink(dueTime), Shrink(period)), this);

    /// <summary>
    /// The real delay of a scaled one, at most the longest .NET sets: a slow clock's long timer then fires early, and the
    /// runtime's timers, which check the clock when they fire, wait on for the rest.
    /// </summary>
    private TimeSpan Shrink(TimeSpan span)
    {
        if (span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero)
        {
            return span;
        }

        var ticks = span.Ticks / Scale;
        return ticks >= MaxTimerDelay.Ticks ? MaxTimerDelay : TimeSpan.FromTicks(Math.Max(1, (long)ticks));
    }

    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Shrink(dueTime), clock.Shrink(period));

        public void Dispose() => inner.Dispose();

        public System.Threading.Tasks.ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
