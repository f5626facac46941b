using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

internal sealed partial class ExecutionRun
{
    /// <summary>
    /// When attempts failed before the run learned of it (a timeout a handler that held its thread outlived), by frame:
    /// their retries wait from then. Made on the first such failure only, so the common path pays nothing.
    /// </summary>
    private System.Collections.Concurrent.ConcurrentDictionary<StateFrame, DateTimeOffset>? _lateFailures;

    /// <summary>Notes that <paramref name="frame"/>'s current attempt failed at <paramref name="at"/>, earlier than now.</summary>
    private void NoteLateFailure(StateFrame frame, DateTimeOffset at)
    {
        var failures = _lateFailures ?? Interlocked.CompareExchange(ref _lateFailures, new(), null) ?? _lateFailures!;
        failures[frame] = at;
    }

    /// <summary>When <paramref name="frame"/>'s last attempt failed, if before it was noticed; forgets it.</summary>
    private DateTimeOffset? TakeLateFailure(StateFrame frame) =>
        _lateFailures is { } failures && failures.TryRemove(frame, out var at) ? at : null;

    /// <summary>Runs a Task, Parallel or Map state with its Retry and Catch.</summary>
    private async ValueTask<StepOutcome> RunWithRetryAsync(StateProgram state, JsonValue raw, StateFrame frame, CancellationToken cancellationToken)
    {
        IReadOnlyList<RetryPolicy>? retriers;
        IReadOnlyList<CatchPolicy>? catchers;
        switch (state)
        {
            case TaskProgram t:
                (retriers, catchers) = (t.Retry, t.Catch);
                break;
            case ParallelProgram p:
                (retriers, catchers) = (p.Retry, p.Catch);
                break;
            case MapProgram m:
                (retriers, catchers) = (m.Retry, m.Catch);
                break;
            default:
                return StepOutcome.Failure(StatesErrors.Runtime, "The state type " + state.Type + " cannot run.");
        }

        int[]? attempts = null;
        var retryCount = 0;
        while (true)
        {
            frame.ReplayedFailure = false; // only this attempt's task may set it (a redrive restarts recorded failures only)
            _ = TakeLateFailure(frame); // nor is an earlier state's late failure this attempt's
            var outcome = state switch
            {
                TaskProgram t => await RunTaskAttemptAsync(t, raw, frame, cancellationToken).ConfigureAwait(false),
                ParallelProgram p => await RunParallelAttemptAsync(p, raw, frame, cancellationToken).ConfigureAwait(false),
                _ => await RunMapAttemptAsync((MapProgram)state, raw, frame, cancellationToken).ConfigureAwait(false),
            };

            if (!outcome.Failed || TimedOutIn(frame) || _historyExceeded)
            {
                RecordDeferredFailure(frame);
                return outcome;
            }

            var error = outcome.Error ?? string.Empty;
            if (error == StatesErrors.Runtime)
            {
                RecordDeferredFailure(frame);
                return outcome;
            }

            var fromTask = outcome.FromTask && state is TaskProgram;
            var heartbeat = outcome.HeartbeatTimedOut;
            var retrier = FindRetrier(retriers, error, fromTask, heartbeat);
            if (retrier >= 0)
            {
                attempts ??= new int[retriers!.Count];
                var policy = retriers![retrier];
                if (attempts[retrier] < policy.MaxAttempts)
                {
                    // A retried attempt of a Map or Parallel state ends without its *StateFailed event.
                    frame.DeferredFailedEvent = null;
                    var delay = RetryDelay(policy, attempts[retrier], frame.Random);
                    attempts[retrier]++;
                    retryCount++;
                    // The wait counts from the failure: from a late-noticed timeout's limit, it may be over already.
                    var due = await DurableDueAsync(frame, "retry", (TakeLateFailure(frame) ?? _time.GetUtcNow()) + delay, cancellationToken).ConfigureAwait(false);
                    if (!await DelayUntilAsync(due, frame, cancellationToken).ConfigureAwait(false))
                    {
                        return ExecutionTimedOut();
                    }

                    frame.SetRetryCount(retryCount);
                    continue;
                }
            }

            RecordDeferredFailure(frame);
            var catcherIndex = FindCatcher(catchers, error, fromTask, heartbeat);
            if (catcherIndex < 0)
            {
                if (_replay is { Generation: > 0 } && !frame.Live && frame.ReplayedFailure && !frame.Concluded)
                {
                    // A redrive: this is the recorded failure. From here the frame runs anew, the state's retries start over.
                    frame.GoLive();
                    frame.ReplayedFailure = false;
                    attempts = null;
                    retryCount = 0;
                    frame.SetRetryCount(0);
                    continue;
                }

                return outcome;
            }

            var catcher = catchers![catcherIndex];
            var errorOutput = CaughtErrorOutput(outcome.Error, outcome.Cause);
            JsonValue assigned = default;
            if (catcher.Assign is { } assign)
            {
                var a = assign(raw, errorOutput, frame);
                if (!a.IsSuccess)
                {
                    return StepOutcome.Failure(a);
                }

                assigned = a.Value;
            }

            var output = errorOutput;
            if (catcher.Output is { } combine)
            {
                var r = combine(raw, errorOutput, frame);
                if (!r.IsSuccess)
                {
                    return StepOutcome.Failure(r);
                }

                output = r.Value;
            }

            if (!assigned.IsUndefined && frame.Assign(assigned) is { IsSuccess: false } refused)
            {
                return StepOutcome.Failure(refused);
            }

            return StepOutcome.Success(output, catcher.Next);
        }
    }

    /// <summary>
    /// The wait before retry number <paramref name="attempt"/> (0-based): interval × rate^attempt, capped, jittered, and
    /// kept from 0 to 99,999,999 seconds. Validation refuses the values that leave that range (a negative or zero
    /// interval, a rate below 1, a negative MaxDelaySeconds), but a definition run without it (the interpreter, or
    /// <c>asl run</c>, which warns) must not fail on its arithmetic: 0 × ∞ is NaN, and a huge negative wait overflows.
    /// </summary>
    internal static TimeSpan RetryDelay(RetryPolicy policy, int attempt, Random random)
    {
        var seconds = policy.IntervalSeconds * Math.Pow(policy.BackoffRate, attempt);
        if (policy.MaxDelaySeconds is { } max && seconds > max)
        {
            seconds = max;
        }

        if (policy.Jitter == JitterStrategy.Full)
        {
            seconds *= random.NextDouble();
        }

        return TimeSpan.FromSeconds(double.IsNaN(seconds) || seconds <= 0 ? 0 : Math.Min(seconds, MaxWaitSeconds));
    }

    /// <summary>
    /// The error output a catcher gives (<c>{"Error","Cause"}</c>): what the failure has no value for is null, as AWS's
    /// Catch gives a failure with neither (SendTaskFailure without them, recorded); a cause left out (a Fail state's, a
    /// timeout's) is null too, as the execution's own cause is (it was an empty string; error-names trial).
    /// </summary>
    internal static JsonValue CaughtErrorOutput(string? error, string? cause) =>
        JsonValue.CreateObject(new("Error", error is { } named ? named : JsonValue.Null), new("Cause", cause is { } given ? given : JsonValue.Null));

    /// <summary>
    /// Whether an <c>ErrorEquals</c> entry matches: AWS's rules, except that a Task's own <c>States.DataLimitExceeded</c>
    /// (its result was too large) is a task failure that the wildcards match as well, and that a task whose
    /// HeartbeatSeconds passed (<paramref name="heartbeat"/>) fails with <c>States.Timeout</c>, which
    /// <c>States.HeartbeatTimeout</c> matches as well.
    /// </summary>
    private static bool Matches(string errorEquals, string error, bool fromTask, bool heartbeat) =>
        (heartbeat && errorEquals == StatesErrors.HeartbeatTimeout) ||
        (fromTask && error == StatesErrors.DataLimitExceeded
            ? errorEquals is StatesErrors.All or StatesErrors.TaskFailed or StatesErrors.DataLimitExceeded
            : StatesErrors.Matches(errorEquals, error));

    /// <summary>The first retrier whose ErrorEquals takes the error (a task's own DataLimitExceeded and heartbeat timeout included), or -1.</summary>
    internal static int FindRetrier(IReadOnlyList<RetryPolicy>? retriers, string error, bool fromTask, bool heartbeat)
    {
        if (retriers is null)
        {
            return -1;
        }

        for (var i = 0; i < retriers.Count; i++)
        {
            foreach (var name in retriers[i].ErrorEquals)
            {
                if (Matches(name, error, fromTask, heartbeat))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    /// <summary>The index of the first catcher whose ErrorEquals takes the error, as <see cref="FindRetrier"/> matches it, or -1.</summary>
    internal static int FindCatcher(IReadOnlyList<CatchPolicy>? catchers, string error, bool fromTask, bool heartbeat)
    {
        if (catchers is null)
        {
            return -1;
        }

        for (var i = 0; i < catchers.Count; i++)
        {
            foreach (var name in catchers[i].ErrorEquals)
            {
                if (Matches(name, error, fromTask, heartbeat))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    /// <summary>Holds a Map or Parallel attempt's <c>*StateFailed</c> event until the retriers decide (see <see cref="StateFrame.DeferredFailedEvent"/>).</summary>
    private void DeferStateFailed(StateFrame frame, string type)
    {
        // History off: held too, so that RecordDeferredFailure counts it (see _unrecordedEvents).
        if (frame.Record || _history is null)
        {
            frame.DeferredFailedEvent = type;
        }
    }

    private void RecordDeferredFailure(StateFrame frame)
    {
        if (frame.DeferredFailedEvent is { } type)
        {
            frame.DeferredFailedEvent = null;
            Record(frame, type, null, default);
        }
    }
}
