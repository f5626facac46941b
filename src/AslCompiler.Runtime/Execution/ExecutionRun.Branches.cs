using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

internal sealed partial class ExecutionRun
{
    private async ValueTask<StepOutcome> RunParallelAttemptAsync(ParallelProgram parallel, JsonValue raw, StateFrame frame, CancellationToken cancellationToken)
    {
        var effective = raw;
        if (parallel.InputPath is { } inputPath)
        {
            var r = inputPath(raw, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            effective = r.Value;
        }

        if (parallel.Parameters is { } parameters)
        {
            var r = parameters(effective, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            effective = r.Value;
        }

        Record(frame, "ParallelStateStarted", null, default);
        var branches = parallel.Branches;
        var results = new JsonValue[branches.Count];
        var failedAt = -1L;
        var failureEventIds = new long[branches.Count];

        // Branches start live only if the state did: a branch that reruns its replayed failure (redrive) must not make
        // the branches started after it rerun their recorded work.
        var liveAtStart = frame.Live;
        var failure = await RunChildrenAsync(
            branches.Count,
            (i, token) => RunBranchAsync(branches[i], effective, ChildFrame(frame, 'b', i, frame.Record, live: liveAtStart), failureEventIds, i, cancellationToken, token),
            (i, outcome) => results[i] = outcome.Output,
            maxConcurrency: 0,
            tolerated: 0,
            cancellationToken,
            (i, _) =>
            {
                // The Parallel's next event follows the failing branch's failure event (not the abort recorded after it).
                if (failedAt < 0)
                {
                    failedAt = failureEventIds[i];
                }
            }).ConfigureAwait(false);
        if (failure is { } failed)
        {
            if (frame.Record && _history is not null && failedAt > 0)
            {
                frame.LastEventId = failedAt;
            }

            // Recorded unless a retrier runs the state again (AWS records no ParallelStateFailed for a retried attempt).
            DeferStateFailed(frame, "ParallelStateFailed");
            return failed;
        }

        if (!RecordsNoEvent(frame))
        {
            // ParallelStateSucceeded follows the branches' last event, and ParallelStateExited follows that same event.
            frame.LastEventId = _history.Count;
            var source = frame.LastEventId;
            Record(frame, "ParallelStateSucceeded", null, default);
            frame.LastEventId = source;
        }

        return FinishAggregate(parallel, parallel.ResultSelector, parallel.ResultPath, raw, JsonArrayValue.FromOwnedArray(results), frame, parallel.Next);
    }

    /// <summary>
    /// Runs one branch. When the branch fails, or is stopped because another branch failed, the state it was in (if a
    /// Task, Wait, Parallel or Map state, the states that last) is aborted: AWS records a <c>*StateAborted</c> event for it.
    /// </summary>
    private async ValueTask<StepOutcome> RunBranchAsync(GraphProgram branch, JsonValue input, StateFrame child, long[] failureEventIds, int index, CancellationToken execution, CancellationToken token)
    {
        StepOutcome outcome;
        try
        {
            outcome = await RunNestedGraphAsync(branch, input, child, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested && !execution.IsCancellationRequested && !TimedOutIn(child))
        {
            RecordAborted(child);
            throw;
        }

        if (outcome.Failed && !TimedOutIn(child) && !_historyExceeded)
        {
            // (An execution that times out or outgrows its history ends there: nothing is aborted.)
            failureEventIds[index] = child.LastEventId;
            RecordAborted(child);
        }
        else if (!outcome.Failed && _replay is { } replay)
        {
            // A finished branch is durable at once, as a finished Map iteration is (its last state's exit is no transition).
            await replay.CommitAsync(token).ConfigureAwait(false);
        }

        return outcome;
    }

    private void RecordAborted(StateFrame frame)
    {
        var type = frame.State?.Type switch
        {
            StateType.Task => "TaskStateAborted",
            StateType.Wait => "WaitStateAborted",
            StateType.Parallel => "ParallelStateAborted",
            StateType.Map => "MapStateAborted",
            _ => null,
        };
        // Only a state still running is aborted: not one the branch has already left (stopped between two states).
        if (type is not null && _history?.Find(frame.LastEventId) is { } last && !last.Type.EndsWith("Exited", StringComparison.Ordinal))
        {
            Record(frame, type, null, default);
        }
        else if (type is not null && _history is null)
        {
            // History off: whether the branch left the state is not known; a failing branch fails in its state.
            CountUnrecorded(frame);
        }
    }

    /// <summary>The failure of a Map or Parallel state whose gathered result is past the payload limit.</summary>
    internal static StepOutcome ResultExceedsPayload(StateProgram state, JsonValue result) => StepOutcome.Failure(StatesErrors.DataLimitExceeded, ResultRefused(state.Name, result));

    /// <summary>
    /// Whether a Map's gathered result is within the payload limit (as <see cref="FinishAggregate"/> checks it first),
    /// with its bound (-1 when not known).
    /// </summary>
    internal bool TryCheckAggregate(StateProgram state, JsonValue result, out long bound, out GraphOutcome failure)
    {
        if (ExceedsPayload(result))
        {
            bound = -1;
            failure = GraphOutcome.From(ResultExceedsPayload(state, result));
            return false;
        }

        bound = BoundOf(result);
        failure = default;
        return true;
    }

    private StepOutcome FinishAggregate(StateProgram state, StateExpression? resultSelector, ResultCombiner? resultPath, JsonValue raw, JsonValue result, StateFrame frame, int next)
    {
        if (ExceedsPayload(result))
        {
            return ResultExceedsPayload(state, result);
        }

        if (resultSelector is not null)
        {
            var r = resultSelector(result, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            result = r.Value;
        }

        return Complete(state, resultPath, raw, result, frame, next);
    }

    /// <summary>
    /// Runs <paramref name="count"/> children with a concurrency limit (0 = all at once). Children that complete
    /// synchronously cost no task. The first failure beyond <paramref name="tolerated"/> cancels the rest and is returned.
    /// The others report their ends on a queue as they complete, so a Map of n waiting iterations costs O(n), not a
    /// search of every running child at each completion.
    /// </summary>
    internal static async ValueTask<StepOutcome?> RunChildrenAsync(
        int count,
        Func<int, CancellationToken, ValueTask<StepOutcome>> start,
        Action<int, StepOutcome> onSuccess,
        int maxConcurrency,
        int tolerated,
        CancellationToken cancellationToken,
        Action<int, StepOutcome>? onFailure = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Channel<(int Index, Task<StepOutcome> Task)>? ended = null;
        var running = 0;
        var failures = 0;
        StepOutcome? firstFailure = null;
        try
        {
            for (var i = 0; i <= count; i++)
            {
                // Drain when full (or at the end).
                while (running > 0 && (i == count || (maxConcurrency > 0 && running >= maxConcurrency)))
                {
                    var (index, done) = await ended!.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
                    running--;
                    var outcome = await done.ConfigureAwait(false);
                    if (Handle(index, outcome))
                    {
                        await cts.CancelAsync().ConfigureAwait(false);
                        await DrainAsync(ended, running).ConfigureAwait(false);
                        return firstFailure;
                    }
                }

                if (i == count)
                {
                    break;
                }

                var pending = start(i, cts.Token);
                if (pending.IsCompleted)
                {
                    if (Handle(i, pending.Result))
                    {
                        await cts.CancelAsync().ConfigureAwait(false);
                        if (ended is not null)
                        {
                            await DrainAsync(ended, running).ConfigureAwait(false);
                        }

                        return firstFailure;
                    }
                }
                else
                {
                    ended ??= Channel.CreateUnbounded<(int Index, Task<StepOutcome> Task)>(new UnboundedChannelOptions { SingleReader = true });
                    running++;
                    var writer = ended.Writer;
                    var index = i;
                    _ = pending.AsTask().ContinueWith(
                        task => writer.TryWrite((index, task)),
                        CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously,
                        TaskScheduler.Default);
                }
            }

            return firstFailure is not null && failures > tolerated ? firstFailure : null;
        }
        catch (OperationCanceledException) when (running > 0)
        {
            // Stopped: the other children end first, so none records anything (an ActivityStarted, say) after the
            // state, and the execution, ended.
            await cts.CancelAsync().ConfigureAwait(false);
            await DrainAsync(ended!, running).ConfigureAwait(false);
            throw;
        }

        bool Handle(int index, StepOutcome outcome)
        {
            if (!outcome.Failed)
            {
                onSuccess(index, outcome);
                return false;
            }

            onFailure?.Invoke(index, outcome);
            failures++;
            firstFailure ??= outcome;
            return failures > tolerated;
        }
    }

    /// <summary>Waits for the <paramref name="running"/> children still to report on <paramref name="ended"/>.</summary>
    private static async ValueTask DrainAsync(Channel<(int Index, Task<StepOutcome> Task)> ended, int running)
    {
        for (; running > 0; running--)
        {
            var (_, task) = await ended.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
