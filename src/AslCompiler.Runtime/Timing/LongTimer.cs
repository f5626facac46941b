using System;
using System.Threading;

namespace AslCompiler.Runtime.Timing;

/// <summary>
/// A one-shot timer for any due time up to a year and beyond: <see cref="TimeProvider"/> timers are armed in steps of
/// at most <see cref="MaxStep"/> (the system timer's range ends at about 49 days), re-armed until the absolute due time
/// is reached, then <c>callback</c> runs once. Disposing it cancels what is left.
/// </summary>
internal sealed class LongTimer : IDisposable
{
    /// <summary>The longest single step a timer is armed for.</summary>
    internal static readonly TimeSpan MaxStep = TimeSpan.FromDays(30);

    private readonly TimeProvider _time;
    private readonly Action _callback;
    private DateTimeOffset _due;
    private readonly object _gate = new();
    private ITimer? _timer;
    private bool _disposed;

    private LongTimer(TimeProvider time, Action callback, DateTimeOffset due)
    {
        _time = time;
        _callback = callback;
        _due = due;
    }

    /// <summary>Runs <paramref name="callback"/> once, <paramref name="dueTime"/> from now on <paramref name="time"/>.</summary>
    public static LongTimer Start(TimeProvider time, TimeSpan dueTime, Action callback)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new LongTimer(time, callback, DateTimeOffset.MaxValue);
        timer.Change(dueTime);
        return timer;
    }

    /// <summary>
    /// Runs <paramref name="callback"/> once when <paramref name="time"/> reaches <paramref name="due"/>. On a
    /// <see cref="VirtualTimeProvider"/> the timer is armed at that absolute time, so a move of the clock between the
    /// caller's reading and the arming does not push it later by the move (a timer armed from a reading would).
    /// </summary>
    public static LongTimer StartAt(TimeProvider time, DateTimeOffset due, Action callback)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new LongTimer(time, callback, due);
        if (time is VirtualTimeProvider virtualTime)
        {
            lock (timer._gate)
            {
                timer._timer = virtualTime.CreateTimerAt(static s => ((LongTimer)s!).Fire(), timer, due);
            }
        }
        else
        {
            var left = due - time.GetUtcNow();
            timer.Arm(left < TimeSpan.Zero ? TimeSpan.Zero : left);
        }

        return timer;
    }

    /// <summary>Moves the due time to <paramref name="dueTime"/> from now (a heartbeat restarting its wait).</summary>
    public void Change(TimeSpan dueTime)
    {
        var now = _time.GetUtcNow();
        var due = dueTime >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
        lock (_gate)
        {
            _due = due;
        }

        Arm(due - now);
    }

    private void Arm(TimeSpan remaining)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _timer?.Dispose();
            _timer = _time.CreateTimer(static s => ((LongTimer)s!).Fire(), this, remaining > MaxStep ? MaxStep : remaining, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var remaining = _due - _time.GetUtcNow();
            if (remaining > TimeSpan.Zero)
            {
                Arm(remaining);
                return;
            }

            _disposed = true; // one shot: a late Change or Dispose does nothing more
        }

        _callback();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }
}
