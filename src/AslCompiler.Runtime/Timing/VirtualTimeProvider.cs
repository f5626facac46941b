using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace AslCompiler.Runtime.Timing;

/// <summary>
/// A manual clock: time moves only when <see cref="Advance"/> or <see cref="AdvanceToNextTimer"/> is called, and due
/// timers fire then. Used by tests and by the CLI's virtual clock, so waits and timeouts take no real time.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<VirtualTimer> _timers = [];
    private readonly List<VirtualTimer> _backgroundTimers = []; // armed housekeeping timers (CreateBackgroundTimer)
    private DateTimeOffset _now;
    private long _sequence;
    private int _holds;
    private long _heldSync; // while held: the real time (Stopwatch timestamp) virtual time has followed up to
    private long _lastActivity; // Environment.TickCount64 when a run on this clock last entered a state (0: never)

    /// <summary>Creates a clock starting at <paramref name="start"/> (default 2024-01-01T00:00:00Z).</summary>
    public VirtualTimeProvider(DateTimeOffset? start = null) =>
        _now = start ?? new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Notes that a run on this clock made progress (the kernel calls it as it enters a state), so
    /// <see cref="VirtualClock.RunAsync{T}(VirtualTimeProvider, Task{T}, TimeSpan)"/> does not take a run that computes for long without a timer for one that waits.
    /// </summary>
    internal void NoteActivity() => Volatile.Write(ref _lastActivity, Environment.TickCount64);

    /// <summary>The <see cref="Environment.TickCount64"/> of the last <see cref="NoteActivity"/>, or 0.</summary>
    internal long LastActivity => Volatile.Read(ref _lastActivity);

    /// <summary>
    /// Notes what a run on this clock waits for until the result is disposed: a task handler's pending call
    /// (<paramref name="call"/>: <see cref="VirtualClock.RunAsync{T}(VirtualTimeProvider, Task{T}, TimeSpan)"/> does not move time while one is pending, for up
    /// to its idle limit), or a callback, an activity worker (time may jump meanwhile). The description names it in the
    /// <see cref="TimeoutException"/> of a run that waits with no timer armed.
    /// </summary>
    internal IDisposable NoteWait(string description, bool call)
    {
        var wait = new Wait(this, description, call);
        lock (_gate)
        {
            _waits.Add(wait);
        }

        return wait;
    }

    /// <summary>Whether a task handler's call is pending (see <see cref="NoteWait"/>).</summary>
    internal bool HasPendingCalls
    {
        get
        {
            lock (_gate)
            {
                return _waits.Exists(w => w.Call);
            }
        }
    }

    /// <summary>What the runs on this clock wait for (see <see cref="NoteWait"/>), in the order they began.</summary>
    internal IReadOnlyList<string> Waits
    {
        get
        {
            lock (_gate)
            {
                return _waits.ConvertAll(w => w.Description);
            }
        }
    }

    private readonly List<Wait> _waits = [];

    private sealed class Wait(VirtualTimeProvider owner, string description, bool call) : IDisposable
    {
        private int _ended;

        public string Description { get; } = description;

        /// <summary>A task handler's pending call (it keeps time still), not a wait for a callback or a worker.</summary>
        public bool Call { get; } = call;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) != 0)
            {
                return;
            }

            lock (owner._gate)
            {
                owner._waits.Remove(this);
            }
        }
    }

    /// <summary>Whether real work that virtual time must wait for is in flight (see <see cref="HoldAdvance"/>).</summary>
    public bool IsHeld
    {
        get
        {
            lock (_gate)
            {
                return _holds > 0;
            }
        }
    }

    /// <summary>
    /// Marks real work in flight (an HTTP call, say): while any hold is open, <see cref="VirtualClock.RunAsync{T}(VirtualTimeProvider, Task{T}, TimeSpan)"/>
    /// moves time only at the real pace instead of jumping to the next timer, so a state's timeout cannot fire early
    /// just because the execution is waiting on the network.
    /// Dispose the result to release the hold (once; later disposals do nothing).
    /// </summary>
    public IDisposable HoldAdvance()
    {
        lock (_gate)
        {
            if (_holds++ == 0)
            {
                _heldSync = Stopwatch.GetTimestamp();
            }
        }

        return new VirtualClockHold(this);
    }

    /// <summary>
    /// Ends a hold. The last one moves time by the real time since it was last followed, so the end of the work counts
    /// in full however late <see cref="VirtualClock.RunAsync{T}(VirtualTimeProvider, Task{T}, TimeSpan)"/> would have looked (a busy thread pool delays it).
    /// </summary>
    internal void Release()
    {
        TimeSpan followed;
        lock (_gate)
        {
            if (--_holds > 0)
            {
                return;
            }

            followed = Stopwatch.GetElapsedTime(_heldSync);
        }

        Advance(followed);
    }

    /// <summary>While a hold is open, moves time by the real time since it was last followed (see <see cref="HoldAdvance"/>).</summary>
    internal void FollowRealTime()
    {
        TimeSpan followed;
        lock (_gate)
        {
            if (_holds == 0)
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            followed = Stopwatch.GetElapsedTime(_heldSync, now);
            _heldSync = now;
        }

        Advance(followed);
    }

    /// <summary>The number of armed timers (background ones, see <see cref="CreateBackgroundTimer"/>, not counted).</summary>
    public int PendingTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _now.UtcTicks;
        }
    }

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// A timer for housekeeping (an API instance's sweep of expired executions): it fires when <see cref="Advance"/>
    /// passes its time, but it is not a reason to move time: <see cref="AdvanceToNextTimer"/> skips it and
    /// <see cref="PendingTimerCount"/> leaves it out, so <see cref="VirtualClock.RunAsync{T}(VirtualTimeProvider, Task{T}, TimeSpan)"/> never jumps to it (a run
    /// waiting for a callback still ends idle). Created disarmed.
    /// </summary>
    internal ITimer CreateBackgroundTimer(TimerCallback callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return new VirtualTimer(this, callback, state) { Background = true };
    }

    /// <summary>
    /// A one-shot timer armed at the absolute time <paramref name="due"/> (for a due time already past, at the current
    /// time: it fires at the next move of the clock), where <see cref="CreateTimer"/> arms one from the current reading.
    /// </summary>
    internal ITimer CreateTimerAt(TimerCallback callback, object? state, DateTimeOffset due)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        lock (_gate)
        {
            timer.ArmAt(due < _now ? _now : due, TimeSpan.Zero);
        }

        return timer;
    }

    /// <summary>
    /// Completes when the clock reaches <paramref name="due"/> (at once when it has). The timer is armed at that absolute
    /// time, so a move of the clock between a run's reading of it and the arming cannot make the wait end late (a delay
    /// computed from the reading would be due after the move by the whole of the wait).
    /// </summary>
    internal Task DelayUntilAsync(DateTimeOffset due, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Continuations run where the timer fires, as Task.Delay's do: a run resumed by Advance reads the time it fired at.
        var done = new TaskCompletionSource();
        CancellationTokenRegistration registration = default;
        var timer = new VirtualTimer(this, _ =>
        {
            registration.Dispose();
            done.TrySetResult();
        }, null);
        lock (_gate)
        {
            if (due <= _now)
            {
                return Task.CompletedTask;
            }

            timer.ArmAt(due, TimeSpan.Zero);
        }

        if (cancellationToken.CanBeCanceled)
        {
            registration = cancellationToken.Register(() =>
            {
                timer.Dispose();
                done.TrySetCanceled(cancellationToken);
            });
            if (done.Task.IsCompleted)
            {
                registration.Dispose(); // fired while the registration was being made
            }
        }

        return done.Task;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in due order.</summary>
    public void Advance(TimeSpan delta)
    {
        if (delta < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), "Time cannot move backwards.");
        }

        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + delta;
        }

        while (FireNext(target, background: true))
        {
        }

        lock (_gate)
        {
            if (_now < target)
            {
                _now = target;
            }
        }
    }

    /// <summary>Moves the clock to the earliest armed timer and fires it; false when no timer is armed (background ones aside).</summary>
    public bool AdvanceToNextTimer() => FireNext(DateTimeOffset.MaxValue, background: false);

    /// <summary>Fires the earliest timer (background ones too) due at or before <paramref name="limit"/>, moving the clock to it; false when none is.</summary>
    internal bool FireNextDue(DateTimeOffset limit) => FireNext(limit, background: true);

    private bool FireNext(DateTimeOffset limit, bool background)
    {
        VirtualTimer? next;
        lock (_gate)
        {
            next = Earliest(_timers, null);
            if (background)
            {
                next = Earliest(_backgroundTimers, next);
            }

            if (next is null || next.Due > limit)
            {
                return false;
            }

            if (next.Due > _now)
            {
                _now = next.Due;
            }

            if (next.Period > TimeSpan.Zero)
            {
                next.Due = _now + next.Period;
            }
            else
            {
                next.Armed.Remove(next);
            }
        }

        next.Callback(next.State);
        return true;
    }

    /// <summary>The earliest of <paramref name="timers"/> and <paramref name="next"/> (ties: the first armed).</summary>
    private static VirtualTimer? Earliest(List<VirtualTimer> timers, VirtualTimer? next)
    {
        foreach (var timer in timers)
        {
            if (next is null || timer.Due < next.Due || (timer.Due == next.Due && timer.Sequence < next.Sequence))
            {
                next = timer;
            }
        }

        return next;
    }

    private sealed class VirtualTimer(VirtualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; private set; }

        public long Sequence { get; private set; }

        /// <summary>A housekeeping timer (see <see cref="CreateBackgroundTimer"/>).</summary>
        public bool Background { get; init; }

        /// <summary>The owner's list this timer is in while armed (under the owner's lock).</summary>
        public List<VirtualTimer> Armed => Background ? owner._backgroundTimers : owner._timers;

        /// <summary>
        /// Arms the timer at <paramref name="due"/>, then every <paramref name="period"/> (zero: once); the caller holds the
        /// owner's lock and the timer is not armed.
        /// </summary>
        public void ArmAt(DateTimeOffset due, TimeSpan period)
        {
            Due = due;
            Period = period;
            Sequence = ++owner._sequence;
            Armed.Add(this);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                Armed.Remove(this);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    ArmAt(owner._now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime), period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period);
                }

                return true;
            }
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                Armed.Remove(this);
            }
        }

        public System.Threading.Tasks.ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}

internal sealed class VirtualClockHold(VirtualTimeProvider clock) : IDisposable
{
    private VirtualTimeProvider? _clock = clock;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _clock, null) is { } c)
        {
            c.Release();
        }
    }
}

/// <summary>Drives a <see cref="VirtualTimeProvider"/>: whenever the work is idle and a timer is armed, time jumps to it.</summary>
public static class VirtualClock
{
    /// <summary>The idle limit of the overloads that take none (as <c>asl run</c>'s): 10 seconds of real time.</summary>
    public static readonly TimeSpan DefaultIdleLimit = TimeSpan.FromSeconds(10);

    /// <summary><see cref="RunAsync{T}(VirtualTimeProvider, Task{T}, TimeSpan)"/> with <see cref="DefaultIdleLimit"/>.</summary>
    /// <param name="clock">The clock the work runs on.</param>
    /// <param name="work">The work, e.g. a generated class's <c>RunAsync</c>.</param>
    /// <returns>The work's result.</returns>
    public static Task<T> RunAsync<T>(VirtualTimeProvider clock, ValueTask<T> work) => RunAsync(clock, work.AsTask(), DefaultIdleLimit);

    /// <summary><see cref="RunAsync{T}(VirtualTimeProvider, Task{T}, TimeSpan)"/> over a <see cref="ValueTask{TResult}"/>.</summary>
    /// <param name="clock">The clock the work runs on.</param>
    /// <param name="work">The work, e.g. a generated class's <c>RunAsync</c>.</param>
    /// <param name="idleLimit">How long (real time) the work may make no progress with no timer armed.</param>
    /// <returns>The work's result.</returns>
    public static Task<T> RunAsync<T>(VirtualTimeProvider clock, ValueTask<T> work, TimeSpan idleLimit) => RunAsync(clock, work.AsTask(), idleLimit);

    /// <summary><see cref="RunAsync{T}(VirtualTimeProvider, Task{T}, TimeSpan)"/> with <see cref="DefaultIdleLimit"/>.</summary>
    /// <param name="clock">The clock the work runs on.</param>
    /// <param name="work">The work.</param>
    /// <returns>The work's result.</returns>
    public static Task<T> RunAsync<T>(VirtualTimeProvider clock, Task<T> work) => RunAsync(clock, work, DefaultIdleLimit);

    /// <summary>
    /// Waits for <paramref name="work"/>, advancing <paramref name="clock"/> to the next timer whenever nothing else is
    /// running; while a <see cref="VirtualTimeProvider.HoldAdvance"/> is open, time follows the real clock instead, and
    /// while a task handler's call is pending it stays still (for up to <paramref name="idleLimit"/>; see
    /// <see cref="Tasks.TaskInvocation.ReleaseClock"/>). Throws <see cref="TimeoutException"/>, naming what the runs wait
    /// for, when the work makes no progress (no timer fired, no state entered) for <paramref name="idleLimit"/> of real
    /// time with no timer armed (e.g. a task waiting for a callback that never comes).
    /// </summary>
    /// <param name="clock">The clock the work runs on.</param>
    /// <param name="work">The work.</param>
    /// <param name="idleLimit">How long (real time) the work may make no progress with no timer armed.</param>
    /// <returns>The work's result.</returns>
    public static async Task<T> RunAsync<T>(VirtualTimeProvider clock, Task<T> work, TimeSpan idleLimit)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(work);
        var idleSince = DateTime.UtcNow;
        while (!work.IsCompleted)
        {
            // Let continuations that are already scheduled run before moving time.
            await SettleAsync(work).ConfigureAwait(false);
            if (work.IsCompleted)
            {
                break;
            }

            if (clock.IsHeld)
            {
                // Real work (a network call) is in flight: virtual time runs at the real pace (so a state's timeout
                // still ends a call that never answers, after its real duration), and the wait does not count as idle.
                clock.FollowRealTime();
                idleSince = DateTime.UtcNow;
                await Task.WhenAny(work, Task.Delay(1)).ConfigureAwait(false); // the call runs elsewhere: no spinning meanwhile
                continue;
            }

            if (clock.HasPendingCalls && DateTime.UtcNow - idleSince <= idleLimit)
            {
                // A task handler's call is pending (it awaits real work: an in-memory fake, a test server): time stays
                // where it is until the call answers, so the answer is not cut short by a jump to the task's timeout and
                // the history's times stay those of the clock. A call pending for the whole idle limit (a handler that
                // never answers without calling ReleaseClock) no longer holds time back.
                await Task.WhenAny(work, Task.Delay(1)).ConfigureAwait(false);
                continue;
            }

            if (clock.PendingTimerCount > 0)
            {
                if (!PoolIsIdle())
                {
                    await Task.WhenAny(work, Task.Delay(1)).ConfigureAwait(false);

                    // Work queued on the thread pool (a continuation of this run not yet picked up on a busy machine)
                    // means the run is not idle yet: give it a little longer before moving time, but not forever (other
                    // work in the process also queues items).
                    for (var spins = 0; spins < 20 && ThreadPool.PendingWorkItemCount > 0 && !work.IsCompleted; spins++)
                    {
                        await Task.WhenAny(work, Task.Delay(1)).ConfigureAwait(false);
                    }
                }

                if (!work.IsCompleted && clock.AdvanceToNextTimer())
                {
                    // Every other timer due at the same instant fires with it (a Map's iterations waiting alike), so
                    // the run resumes once for them all.
                    clock.Advance(TimeSpan.Zero);
                    idleSince = DateTime.UtcNow;
                }
            }
            else if (DateTime.UtcNow - idleSince > idleLimit && Environment.TickCount64 - clock.LastActivity > idleLimit.TotalMilliseconds)
            {
                // No timer moved time and no state was entered for the whole limit: the run waits for something outside.
                throw new TimeoutException(IdleMessage(clock.Waits));
            }
            else
            {
                // Waiting for something outside (a callback, an activity worker) with no timer to move to: check again
                // in a millisecond rather than spin a core for the whole idle limit (an error-names trial saw it).
                await Task.WhenAny(work, Task.Delay(1)).ConfigureAwait(false);
            }
        }

        return await work.ConfigureAwait(false);
    }

    /// <summary>The <see cref="TimeoutException"/>'s message of a run that waits with no timer armed: what it waits for.</summary>
    internal static string IdleMessage(IReadOnlyList<string> waits) => waits.Count == 0
        ? "The execution is waiting with no timer armed (a callback or activity worker that never came)."
        : "The execution is waiting with no timer armed: " + string.Join("; ", waits) + ".";

    /// <summary>
    /// Moves <paramref name="clock"/> forward by <paramref name="duration"/> as the runs on it see time pass: it first
    /// lets them reach where they wait (the thread pool idle, or 100 ms of real time while other work keeps it busy), then
    /// fires each timer due within the duration in time order, letting the runs settle after each, and ends at the target
    /// time with the runs settled. In a test between
    /// StartExecution and a check or a StopExecution, a Wait the execution reaches is entered (its timer armed) before
    /// time moves, where <see cref="VirtualTimeProvider.Advance"/> moves it at once, perhaps before the run gets there.
    /// </summary>
    /// <param name="clock">The clock.</param>
    /// <param name="duration">How far to move it (not negative).</param>
    /// <returns>When the clock has reached the target time and the runs have settled.</returns>
    public static async Task AdvanceAsync(VirtualTimeProvider clock, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var target = clock.GetUtcNow() + duration;
        do
        {
            await SettleRunsAsync(clock).ConfigureAwait(false);
        }
        while (clock.FireNextDue(target));

        var left = target - clock.GetUtcNow();
        clock.Advance(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        await SettleRunsAsync(clock).ConfigureAwait(false);
    }

    /// <summary>
    /// Lets the work on the thread pool run until the pool is idle, or for about 100 ms while other work keeps it busy;
    /// and lets task handlers' pending calls answer, for up to <see cref="CallSettleLimit"/>.
    /// </summary>
    private static async Task SettleRunsAsync(VirtualTimeProvider clock)
    {
        await Task.Yield();
        var start = Stopwatch.GetTimestamp();
        while (true)
        {
            var settling = Stopwatch.GetTimestamp();
            while (!WaitForIdlePool() && Stopwatch.GetElapsedTime(settling) < SettleLimit)
            {
                await Task.Delay(1).ConfigureAwait(false);
            }

            // A call that answered resumes its run, which settles in the next round.
            if (!clock.HasPendingCalls || Stopwatch.GetElapsedTime(start) >= CallSettleLimit)
            {
                return;
            }

            while (clock.HasPendingCalls && Stopwatch.GetElapsedTime(start) < CallSettleLimit)
            {
                await Task.Delay(1).ConfigureAwait(false);
            }
        }
    }

    private static readonly TimeSpan SettleLimit = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan CallSettleLimit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Lets continuations already scheduled run. When the thread pool soon has nothing queued and no worker busy but this
    /// one, the run is idle and time may move at once (a Wait loop then costs microseconds a timer, not milliseconds);
    /// otherwise (other work in the process, or a state computing) a millisecond's wait, as before.
    /// </summary>
    private static async Task SettleAsync(Task work)
    {
        await Task.Yield();
        if (work.IsCompleted || WaitForIdlePool())
        {
            return;
        }

        await Task.WhenAny(work, Task.Delay(1)).ConfigureAwait(false);
    }

    /// <summary>
    /// Spins briefly (at most <see cref="IdleSpinTicks"/>) until the pool is idle: a worker that just ran a continuation
    /// stays busy a little while, looking for more, before it rests.
    /// </summary>
    private static bool WaitForIdlePool()
    {
        var start = Stopwatch.GetTimestamp();
        var spinner = default(SpinWait);
        while (!PoolIsIdle())
        {
            if (Stopwatch.GetElapsedTime(start).Ticks > IdleSpinTicks)
            {
                return false;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }

        return true;
    }

    private const long IdleSpinTicks = TimeSpan.TicksPerMillisecond / 5;

    /// <summary>Whether the thread pool has no queued work and no worker running but (at most) the caller.</summary>
    private static bool PoolIsIdle()
    {
        if (ThreadPool.PendingWorkItemCount > 0)
        {
            return false;
        }

        // Busy workers: none but the one asking, when it is one (a test framework's or an app's own thread is not).
        ThreadPool.GetMaxThreads(out var maxWorkers, out _);
        ThreadPool.GetAvailableThreads(out var availableWorkers, out _);
        return maxWorkers - availableWorkers <= (Thread.CurrentThread.IsThreadPoolThread ? 1 : 0);
    }
}
