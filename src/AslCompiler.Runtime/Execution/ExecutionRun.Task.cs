using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Execution;

internal sealed partial class ExecutionRun
{
    private const string LambdaInvoke = "arn:aws:states:::lambda:invoke";
    private const string StartExecution = "arn:aws:states:::states:startExecution";

    // The journal record naming the child execution a startExecution task started (its ARN, name, redrive generation).
    private const string ChildKind = "child";
    private const string ChildSuffix = ":child";

    private async ValueTask<StepOutcome> RunTaskAttemptAsync(TaskProgram task, JsonValue raw, StateFrame frame, CancellationToken cancellationToken)
    {
        var effective = raw;
        if (task.InputPath is { } inputPath)
        {
            var r = inputPath(raw, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            effective = r.Value;
        }

        // Credentials read the state's input (after InputPath), not the Parameters: AWS resolves "RoleArn.$" there.
        var afterInputPath = effective;
        var waitsForToken = TaskResource.IsWaitForTaskToken(task.Resource);

        // AWS gives a .sync task a token too ($$.Task.Token): a callback with it ends the task (see JobOrCallbackAsync).
        if (waitsForToken || task.Kind == TaskResourceKind.Activity || TaskResource.IsSync(task.Resource))
        {
            var token = NewTaskToken(frame);
            if (_replay is { } replay)
            {
                // The token is durable before anyone sees it: a callback sent after a restart finds the same token.
                var key = replay.Key(frame, string.Empty);
                if (replay.TryGet(JournalReplay.TokenKind, key, out var recorded))
                {
                    token = recorded;
                }
                else
                {
                    replay.Stage(JournalReplay.TokenKind, key, token);
                }
            }

            frame.SetTaskToken(token);
        }

        if (task.Parameters is { } parameters)
        {
            var r = parameters(effective, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            effective = r.Value;
        }

        if (!TryGetTaskTimeouts(task, raw, frame, out var timeoutSeconds, out var heartbeatSeconds, out var timeoutFailure))
        {
            return timeoutFailure;
        }

        if (!TryGetTaskCredentials(task, afterInputPath, frame, out var credentials, out var credentialsFailure))
        {
            return credentialsFailure;
        }

        if (TaskInputRefused(task, effective, _maxPayload) is { } refused)
        {
            return refused;
        }

        if (ActivityMissing(task, frame))
        {
            // Recorded on AWS: no ActivityScheduled; the state fails (States.Runtime, which takes the state's prefix).
            return StepOutcome.Failure(StatesErrors.Runtime, "The activity " + task.Resource + " does not exist.");
        }

        TaskOutcome outcome;
        if (_replay is { } journal)
        {
            // Staged before TaskScheduled: once the event is durable, so is the due time it implies. A due time staged now
            // is committed before the handler runs, so a crash during the attempt keeps it (it restarted at the resume).
            var (timeout, due, dueStaged) = DurableTaskTimeout(journal, task, frame, timeoutSeconds);
            RecordScheduled(task, effective, credentials, frame, timeoutSeconds, heartbeatSeconds);
            outcome = await InvokeJournaledAsync(journal, task, effective, credentials, frame, timeout, due, heartbeatSeconds, waitsForToken, dueStaged, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            RecordScheduled(task, effective, credentials, frame, timeoutSeconds, heartbeatSeconds);
            outcome = await InvokeAsync(task, effective, credentials, frame, TimeSpan.FromSeconds(timeoutSeconds), heartbeatSeconds, waitsForToken, cancellationToken).ConfigureAwait(false);
        }

        if (!outcome.Failed && ExceedsPayload(outcome.Output))
        {
            // The task fails (TaskFailed, not TaskSucceeded) and, as on AWS, its Retry and Catch see the error.
            outcome = TaskOutcome.Failure(StatesErrors.DataLimitExceeded, ResultRefused(TaskResultName(task), outcome.Output));
        }

        if (outcome.Failed)
        {
            RecordTaskFailure(task, frame, outcome);
            if (outcome.At is { } failedAt)
            {
                NoteLateFailure(frame, failedAt);
            }

            return StepOutcome.TaskFailure(outcome.Error, outcome.Cause);
        }

        RecordTaskSucceeded(task, frame, outcome.Output);

        var result = outcome.Output;
        if (task.ResultSelector is { } selector)
        {
            var r = selector(result, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            result = r.Value;
        }

        return Complete(task, task.ResultPath, raw, result, frame, task.Next);
    }

    /// <summary>
    /// A task's <c>TimeoutSeconds</c>/<c>TimeoutSecondsPath</c> and <c>HeartbeatSeconds</c>/<c>HeartbeatSecondsPath</c>,
    /// evaluated on the state's raw input (executions and TestState): false with the failure when one fails or is no
    /// positive integer.
    /// </summary>
    internal static bool TryGetTaskTimeouts(TaskProgram task, JsonValue raw, StateFrame frame, out long timeoutSeconds, out long? heartbeatSeconds, out StepOutcome failure)
    {
        failure = default;
        timeoutSeconds = DefaultTaskTimeoutSeconds;
        heartbeatSeconds = null;
        if (task.TimeoutSeconds is { } timeoutExpression)
        {
            var r = timeoutExpression(raw, frame);
            if (!r.IsSuccess)
            {
                failure = StepOutcome.Failure(r);
                return false;
            }

            if (PositiveSecondsProblem("TimeoutSeconds", r.Value, out timeoutSeconds) is { } problem)
            {
                failure = StepOutcome.Failure(StatesErrors.Runtime, problem);
                return false;
            }
        }

        if (task.HeartbeatSeconds is { } heartbeatExpression)
        {
            var r = heartbeatExpression(raw, frame);
            if (!r.IsSuccess)
            {
                failure = StepOutcome.Failure(r);
                return false;
            }

            if (PositiveSecondsProblem("HeartbeatSeconds", r.Value, out var hb) is { } problem)
            {
                failure = StepOutcome.Failure(StatesErrors.Runtime, problem);
                return false;
            }

            heartbeatSeconds = hb;
        }

        return true;
    }

    /// <summary>
    /// A task's <c>Credentials</c> (JSONPath template or JSONata), evaluated on the state's input after InputPath
    /// (executions and TestState): undefined when the task has none; false with the failure when the evaluation fails.
    /// </summary>
    internal static bool TryGetTaskCredentials(TaskProgram task, JsonValue afterInputPath, StateFrame frame, out JsonValue credentials, out StepOutcome failure)
    {
        credentials = default;
        failure = default;
        if (task.Credentials is not { } credentialsExpression)
        {
            return true;
        }

        var r = credentialsExpression(afterInputPath, frame);
        if (!r.IsSuccess)
        {
            failure = StepOutcome.Failure(r);
            return false;
        }

        credentials = r.Value;
        return true;
    }

    /// <summary>
    /// The failure of a task whose effective input (after Parameters or Arguments) is refused by the payload limit
    /// (<paramref name="maxPayloadBytes"/>; 0 or less: none) or nests too deep, as AWS fails it after Parameters
    /// processing (executions and TestState); null when the input is within the limit.
    /// </summary>
    internal static StepOutcome? TaskInputRefused(TaskProgram task, JsonValue effective, int maxPayloadBytes) =>
        !PayloadSize.Refuses(effective, maxPayloadBytes) ? null
        : StepOutcome.Failure(StatesErrors.DataLimitExceeded, PayloadSize.TooDeep(effective)
            ? NestedTooDeep("The state/task '" + task.Name + "' has an input")
            : "The state/task '" + task.Name + "' has an input with a size exceeding the maximum number of bytes service limit.");

    /// <summary>What is wrong with a task's evaluated <c>TimeoutSeconds</c> or <c>HeartbeatSeconds</c> (<paramref name="field"/>), or null with the seconds.</summary>
    internal static string? PositiveSecondsProblem(string field, JsonValue value, out long seconds) =>
        !value.TryGetInt64(out seconds) || seconds < 1 ? "The " + field + " value " + value.ToJsonString() + " is not a positive integer."
        : seconds > MaxWaitSeconds ? "The " + field + " value " + value.ToJsonString() + " is more than 99999999, the most a definition may give."
        : null;

    /// <summary>
    /// How AWS names a task whose result is too large: a Lambda function by its ARN, a service integration by its
    /// service (<c>lambda</c> for <c>arn:aws:states:::lambda:invoke</c>), an activity by its ARN.
    /// </summary>
    internal static string TaskResultName(TaskProgram task) =>
        task.Kind == TaskResourceKind.Service ? TaskResource.Split(task.Resource).ResourceType : task.Resource;

    /// <summary>
    /// A journaled task attempt's limit: a task with <c>TimeoutSeconds</c> records its due time when it is first
    /// scheduled, and every attempt of it times out then (<c>Due</c>; null for the default limit, which counts from the
    /// call): neither the commit before the call nor a restart moves it, and a resumed attempt past it times out at once.
    /// </summary>
    private (TimeSpan Timeout, DateTimeOffset? Due, bool Staged) DurableTaskTimeout(JournalReplay replay, TaskProgram task, StateFrame frame, long timeoutSeconds)
    {
        var timeout = TimeSpan.FromSeconds(timeoutSeconds);
        if (task.TimeoutSeconds is null)
        {
            return (timeout, null, false); // the default limit is past the execution's own, which already counts from its start
        }

        var key = replay.Key(frame, ":timeout");
        if (replay.TryGet(JournalReplay.TimerKind, key, out var recorded))
        {
            return (timeout, JournalReplay.ParseTime(recorded), false);
        }

        if (!replay.TryGet(JournalReplay.TaskKind, replay.Key(frame, string.Empty), out _))
        {
            var due = _time.GetUtcNow() + timeout;
            replay.Stage(JournalReplay.TimerKind, key, JournalReplay.FormatTime(due));
            return (timeout, due, true);
        }

        return (timeout, null, false);
    }

    /// <summary>
    /// A task attempt of a journaled run: a committed outcome is reused (the handler is not called again); otherwise the
    /// handler runs and its outcome is staged, to be committed with the transition. Handlers are called at least once;
    /// the idempotency key makes their effects exactly-once.
    /// </summary>
    private async ValueTask<TaskOutcome> InvokeJournaledAsync(
        JournalReplay replay,
        TaskProgram task,
        JsonValue effective,
        JsonValue credentials,
        StateFrame frame,
        TimeSpan timeout,
        DateTimeOffset? due,
        long? heartbeatSeconds,
        bool waitsForToken,
        bool dueStaged,
        CancellationToken cancellationToken)
    {
        var key = replay.Key(frame, string.Empty);
        if (replay.TryGet(JournalReplay.TaskKind, key, out var recorded))
        {
            var replayed = JournalReplay.ParseOutcome(recorded);
            var mocked = Mocks is { } mocks && mocks.TryGet(task.Name, out _);
            if (mocked)
            {
                NextMockInvocation(task.Name); // later live attempts take the next mocked response, as in one run
            }

            // The events between Scheduled and the outcome, when they were committed (never added now).
            RecordStarted(task, frame, null, replayOnly: true);
            if (waitsForToken || TaskResource.IsSync(task.Resource))
            {
                RecordSubmitted(task, frame, JsonValue.EmptyObject, replayOnly: true);
            }

            frame.ReplayedFailure = replayed.Failed;
            return replayed;
        }

        frame.ReplayedFailure = false;
        if (frame.TaskToken is not null || dueStaged)
        {
            await replay.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        // A callback's SendTaskSuccess/Failure answers only once the outcome it delivered is durable: the run commits
        // it at once and tells the waiting caller, or tells it the outcome was not recorded.
        var registered = frame.TaskToken is null ? null : new StrongBox<PendingTask?>();
        var committed = false;
        try
        {
            // A .waitForTaskToken handler whose TaskSubmitted was committed (it returned, the token was out) before a
            // restart is not called again: the task only waits for its token.
            var submitted = waitsForToken && replay.HasCommittedEvent(frame, "TaskSubmitted");
            var outcome = await InvokeAsync(task, effective, credentials, frame, timeout, heartbeatSeconds, waitsForToken, cancellationToken, registered, submitted, due).ConfigureAwait(false);

            // A stopped or suspended run records no outcome (the task runs again on resume); nor does the execution's own timeout.
            cancellationToken.ThrowIfCancellationRequested();
            if (!_timedOut)
            {
                replay.Stage(JournalReplay.TaskKind, key, JournalReplay.FormatOutcome(outcome));
                if (registered?.Value is { Completion.Task.IsCompleted: true })
                {
                    await replay.FlushAsync(cancellationToken).ConfigureAwait(false);
                    committed = true;
                }
            }

            return outcome;
        }
        finally
        {
            registered?.Value?.Committed?.TrySetResult(committed);
        }
    }

    private async ValueTask<TaskOutcome> InvokeAsync(
        TaskProgram task,
        JsonValue input,
        JsonValue credentials,
        StateFrame frame,
        TimeSpan timeout,
        long? heartbeatSeconds,
        bool waitsForToken,
        CancellationToken cancellationToken,
        StrongBox<PendingTask?>? registered = null,
        bool submitted = false,
        DateTimeOffset? due = null)
    {
        if (Mocks is { } mocks && mocks.TryGet(task.Name, out var mock))
        {
            return MockedOutcome(task, frame, mock!.GetEntry(NextMockInvocation(task.Name)), waitsForToken);
        }

        // The task's limits count from its call: a call may hold the run's thread (a handler that blocks) before the
        // run can arm a timer, so what passed meanwhile is measured (see Overdue) rather than waited for.
        var calledAt = _time.GetUtcNow();
        if (due is { } dueAt)
        {
            // A journaled task's timeout counts from its due time, staged before the commit that precedes the call: the
            // commit's time (on a virtual clock, a jump while the store wrote) does not move it. Past it, the task is
            // overdue at once, and its timeout is dated at the due time (see Overdue).
            timeout = dueAt - calledAt;
        }

        var (deadline, child) = DeadlineOf(frame);
        var remaining = deadline - calledAt;
        var hitsDeadline = remaining <= timeout;
        var limit = hitsDeadline ? remaining : timeout;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signal = new TaskCompletionSource<TaskOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        Timing.LongTimer? heartbeatTimer = null;
        var heartbeat = heartbeatSeconds is { } hbs ? TimeSpan.FromSeconds(hbs) : Timeout.InfiniteTimeSpan;

        // Until its timer is armed, a heartbeat is the time it came (a handler may beat while it holds the thread); the
        // timer is then armed for what is left after the last one. The lock (the signal, private to this call) keeps a
        // beat from falling between the two.
        var lastBeat = calledAt;
        void Beat()
        {
            if (heartbeatSeconds is null)
            {
                return;
            }

            lock (signal)
            {
                if (heartbeatTimer is { } armed)
                {
                    armed.Change(heartbeat);
                }
                else
                {
                    lastBeat = _time.GetUtcNow();
                }
            }
        }

        TaskOutcome? Overdue(DateTimeOffset now) => OverdueTask(now, calledAt + limit, hitsDeadline, heartbeatSeconds is null ? null : lastBeat + heartbeat);

        PendingTask? pending = null;
        var token = frame.TaskToken;
        ValueTask<TaskOutcome> work;

        // The handler's invocation while its pending call keeps a virtual clock still: released below when the run stops
        // waiting.
        var called = _virtualTime is null ? null : new StrongBox<TaskInvocation?>();

        // The handler of a .waitForTaskToken task while it still runs (it submits the token): it runs under the task's
        // limits like any task's work, and the run gives up on it as on any (see below).
        Task<TaskOutcome>? submitting = null;

        // The job of a .sync task while the task also takes callbacks for its token (see JobOrCallbackAsync), and its
        // handler's report of the job's submission.
        Task<TaskOutcome>? syncJob = null;
        SyncSubmission? syncSubmission = null;

        PendingTask TakeCallbacks()
        {
            var taken = _kernel.RegisterPending(token!, Beat, durable: registered is not null);
            if (registered is not null)
            {
                registered.Value = taken;
            }

            _replay?.TokenRegistered(_replay.Key(frame, string.Empty));
            return taken;
        }

        try
        {
            if (task.Kind == TaskResourceKind.Activity)
            {
                pending = TakeCallbacks();
                pending.OnActivityStarted = worker => RecordStarted(task, frame, worker);
                var queue = _kernel.ActivityQueueOf(task.Resource);
                var queuedToken = token!;
                pending.Withdrawn = () => queue.Remove(queuedToken);
                queue.Enqueue(new ActivityTask(queuedToken, input));
                if (pending.IsWithdrawn)
                {
                    // Ended between its registration and the queue (a stop at that moment): no worker may find it.
                    queue.Remove(queuedToken);
                }

                work = new ValueTask<TaskOutcome>(pending.Completion.Task);
            }
            else
            {
                RecordStarted(task, frame, null);
                if (waitsForToken && submitted)
                {
                    // Submitted before a restart (see InvokeJournaledAsync): the committed TaskSubmitted stands, and the
                    // task waits for its token under its limits, which count from their recorded due times.
                    pending = TakeCallbacks();
                    RecordSubmitted(task, frame, JsonValue.EmptyObject);
                    work = new ValueTask<TaskOutcome>(pending.Completion.Task);
                }
                else if (waitsForToken)
                {
                    pending = TakeCallbacks();
                    pending.Submitting = true;
                    var submission = CallHandlerAsync(task, input, credentials, frame, Beat, hitsDeadline ? null : HandlerLimit(limit), cts.Token, called: called);
                    if (submission.IsCompleted)
                    {
                        pending.Submitting = false;
                        var answer = submission.Result;
                        if (Overdue(_time.GetUtcNow()) is { } late)
                        {
                            // Returned after a limit: the task timed out while its handler held the thread (no
                            // TaskSubmitted), and its token with it, as below when the timer fires.
                            signal.TrySetResult(late);
                        }
                        else if (answer.Failed)
                        {
                            return answer;
                        }
                        else
                        {
                            await SubmittedAsync(task, frame, answer.Output, cancellationToken).ConfigureAwait(false);
                        }
                    }
                    else
                    {
                        submitting = submission.AsTask();
                    }

                    work = new ValueTask<TaskOutcome>(pending.Completion.Task);
                }
                else if (token is not null)
                {
                    // A .sync task: its job (a child execution, a handler) runs, and a callback with its token may end
                    // it first. Callbacks are taken from before the call, which may itself send one (a child's first
                    // state answering its parent's token).
                    pending = TakeCallbacks();
                    syncSubmission = new SyncSubmission(this, task, frame);
                    var job = CallHandlerAsync(task, input, credentials, frame, Beat, hitsDeadline ? null : HandlerLimit(limit), cts.Token, syncSubmission, called);
                    if (job.IsCompleted && pending.TryClose())
                    {
                        // The job ended within its call and no callback came meanwhile: the task ends as any handler's.
                        _kernel.RemovePending(token);
                        pending = null;
                        work = job;
                    }
                    else
                    {
                        syncJob = job.AsTask();
                        work = new ValueTask<TaskOutcome>(JobOrCallbackAsync(syncJob, pending));
                    }
                }
                else
                {
                    work = CallHandlerAsync(task, input, credentials, frame, Beat, hitsDeadline ? null : HandlerLimit(limit), cts.Token, called: called);
                }
            }

            if (submitting is null && work.IsCompleted && !signal.Task.IsCompleted)
            {
                // A handler's result that came after one of its limits is dropped: the task timed out while the handler
                // held the thread. (A callback's or a worker's answer was accepted when it came, and stands.)
                if (pending is null && !cancellationToken.IsCancellationRequested && Overdue(_time.GetUtcNow()) is { } late)
                {
                    return TimedOut(late, hitsDeadline, child);
                }

                // A stop that came while the handler held the thread stops the run here: the result is dropped, as the
                // result of a handler that awaits when the stop ends its wait.
                cancellationToken.ThrowIfCancellationRequested();
                return work.Result;
            }

            // Timers of any length (a task may wait up to the execution's year): armed in steps, re-armed until due, for
            // what is left of each limit once the call has returned. A limit past the step that no one set (the default
            // task timeout, the implicit maximum duration) arms none, so work in flight on a virtual clock is not cut
            // short by a limit nobody asked for.
            var armedAt = _time.GetUtcNow();
            if (Overdue(armedAt) is { } overdue)
            {
                signal.TrySetResult(overdue);
            }

            var limitLeft = calledAt + limit - armedAt;
            var explicitLimit = hitsDeadline ? _program.TimeoutSeconds is not null : timeout < TimeSpan.FromSeconds(DefaultTaskTimeoutSeconds);
            using var timeoutTimer = signal.Task.IsCompleted || (limitLeft > Timing.LongTimer.MaxStep && !explicitLimit) ? null : Timing.LongTimer.StartAt(
                _time,
                calledAt + limit,
                () => signal.TrySetResult(TaskOutcome.Failure(StatesErrors.Timeout, hitsDeadline ? ExecutionTimedOutCause : null)));
            if (heartbeatSeconds is not null && !signal.Task.IsCompleted)
            {
                lock (signal)
                {
                    heartbeatTimer = Timing.LongTimer.StartAt(_time, lastBeat + heartbeat, () => signal.TrySetResult(TaskOutcome.Failure(StatesErrors.HeartbeatTimeout, null)));
                }
            }

            // A stop or shutdown ends the wait too (a callback or an activity never observes the token itself).
            using var cancelled = cancellationToken.Register(static s => ((TaskCompletionSource<TaskOutcome>)s!).TrySetCanceled(), signal);

            // What a virtual clock's driver names when the run waits here with no timer armed.
            using var waitNote = pending is not null && _virtualTime is { } clock
                ? clock.NoteWait(task.Kind == TaskResourceKind.Activity
                    ? "the state '" + task.Name + "' waits for a worker of the activity '" + task.Resource + "' (GetActivityTask)"
                    : "the state '" + task.Name + "' waits for a callback with its task token (SendTaskSuccess or SendTaskFailure)", call: false)
                : null;

            // The run waits for the task's work (the handler, the token's callback, the activity worker) only until the
            // task's timeout or heartbeat, the execution's deadline, or a stop: work that ignores its cancellation is left
            // behind, and whatever it returns later is dropped (the run has gone on, or ended, without it).
            var awaited = submitting ?? work.AsTask();
            var done = await Task.WhenAny(awaited, signal.Task).ConfigureAwait(false);
            if (done != signal.Task && submitting is not null)
            {
                // The .waitForTaskToken handler returned in time: the task now waits for its token, under the same limits.
                pending!.Submitting = false;
                var answer = await submitting.ConfigureAwait(false);
                if (answer.Failed)
                {
                    return answer;
                }

                await SubmittedAsync(task, frame, answer.Output, cancellationToken).ConfigureAwait(false);
                submitting = null;
                awaited = work.AsTask();
                done = await Task.WhenAny(awaited, signal.Task).ConfigureAwait(false);
            }

            if (done == signal.Task)
            {
                // The handler's own call, when the run is still waiting for it (not for a callback or a worker).
                var handler = submitting ?? syncJob ?? (pending is null ? awaited : null);
                if (signal.Task.IsCanceled)
                {
                    await cts.CancelAsync().ConfigureAwait(false);
                    if (handler is not null && StartsNestedItself(task))
                    {
                        // A nested start is the kernel's own work and stops at the cancellation: the run ends after it,
                        // so nothing of it (a commit under way, the child's creation) happens once a shutdown returned.
                        await EndedAsync(handler).ConfigureAwait(false);
                    }
                    else if (handler is not null)
                    {
                        Abandon(handler);
                    }

                    throw new OperationCanceledException(cancellationToken);
                }

                // A callback for this token from now on answers TaskTimedOut rather than TaskDoesNotExist; one that
                // got in just before the timer wins instead.
                if (pending is not null && !_kernel.ExpirePending(token!, pending, durable: _replay is not null))
                {
                    if (handler is not null)
                    {
                        Abandon(handler);
                    }

                    return await pending.Completion.Task.ConfigureAwait(false);
                }

                await cts.CancelAsync().ConfigureAwait(false);
                if (handler is not null)
                {
                    Abandon(handler);
                }

                return TimedOut(signal.Task.Result, hitsDeadline, child);
            }

            return await awaited.ConfigureAwait(false);
        }
        finally
        {
            // A call the run no longer waits for (timed out, stopped) no longer keeps the clock still.
            called?.Value?.ReleaseClock();
            heartbeatTimer?.Dispose();
            syncSubmission?.Close();
            if (pending is not null)
            {
                pending.Submitting = false;
                _kernel.RemovePending(token!, closed: !Suspending);
            }
        }
    }

    /// <summary>
    /// The timeout a task's call outlived while it held the run's thread, noticed at <paramref name="now"/>: its limit
    /// (<paramref name="limitDue"/>: its TimeoutSeconds, or the execution's deadline when that comes first,
    /// <paramref name="hitsDeadline"/>) or its heartbeat (<paramref name="heartbeatDue"/>: HeartbeatSeconds after the
    /// call or its last heartbeat), whichever passed first; null when neither has. The outcome is the one the timer gives,
    /// dated when it would have fired.
    /// </summary>
    private static TaskOutcome? OverdueTask(DateTimeOffset now, DateTimeOffset limitDue, bool hitsDeadline, DateTimeOffset? heartbeatDue)
    {
        if (heartbeatDue is { } beatDue && now >= beatDue && beatDue < limitDue)
        {
            return TaskOutcome.Failure(StatesErrors.HeartbeatTimeout, null) with { At = beatDue };
        }

        return now >= limitDue
            ? TaskOutcome.Failure(StatesErrors.Timeout, hitsDeadline ? ExecutionTimedOutCause : null) with { At = limitDue }
            : null;
    }

    /// <summary>
    /// A task's timeout (its timer's, or one noticed late): the execution's own when its deadline came first, which ends
    /// the execution (dated at the deadline when noticed late).
    /// </summary>
    private TaskOutcome TimedOut(TaskOutcome timeout, bool hitsDeadline, MapRunExecution? child)
    {
        if (hitsDeadline && timeout.Error == StatesErrors.Timeout)
        {
            if (timeout.At is not null && child is null)
            {
                _deadlineNoticedLate = true;
            }

            MarkTimedOut(child);
        }

        return timeout;
    }

    /// <summary>
    /// A .sync task's outcome: its job's (a child execution, a handler), or the callback's that came with its token
    /// first, as on AWS (the job then goes on, its outcome dropped). A job that ends first closes the task to callbacks,
    /// and its outcome also completes the pending task, for a timer that raced it.
    /// </summary>
    private static async Task<TaskOutcome> JobOrCallbackAsync(Task<TaskOutcome> job, PendingTask pending)
    {
        if (await Task.WhenAny(job, pending.Completion.Task).ConfigureAwait(false) == job && pending.TryClose())
        {
            var outcome = await job.ConfigureAwait(false);
            pending.Completion.TrySetResult(outcome);
            return outcome;
        }

        Abandon(job);
        return await pending.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// A <c>.sync</c> task's TaskSubmitted, from its handler's report (<see cref="TaskInvocation.ReportSubmitted"/>):
    /// recorded once, and only while the task waits for the handler (a report after the task ended is dropped).
    /// </summary>
    private sealed class SyncSubmission(ExecutionRun run, TaskProgram task, StateFrame frame)
    {
        private readonly object _gate = new();
        private bool _done;

        public void Report(JsonValue response)
        {
            lock (_gate)
            {
                if (_done)
                {
                    return;
                }

                _done = true;
                run.RecordSubmitted(task, frame, response.IsUndefined ? JsonValue.EmptyObject : response);
            }
        }

        public void Close()
        {
            lock (_gate)
            {
                _done = true;
            }
        }
    }

    /// <summary>
    /// Leaves behind work the run no longer waits for (a handler that ignores its cancellation): its outcome is dropped,
    /// and a failure it ends with is observed here, so it is not reported as an unobserved task exception.
    /// </summary>
    private static void Abandon(Task work)
    {
        if (work.IsCompleted)
        {
            _ = work.Exception;
            return;
        }

        _ = work.ContinueWith(static done => _ = done.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async ValueTask<TaskOutcome> CallHandlerAsync(TaskProgram task, JsonValue input, JsonValue credentials, StateFrame frame, Action heartbeat, TimeSpan? timeout, CancellationToken cancellationToken, SyncSubmission? submission = null, StrongBox<TaskInvocation?>? called = null)
    {
        var resource = task.Resource;
        var shapeLambda = false;
        var baseResource = resource.EndsWith(TaskResource.WaitForTaskTokenSuffix, StringComparison.Ordinal)
            ? resource[..^TaskResource.WaitForTaskTokenSuffix.Length]
            : resource;
        var function = baseResource == LambdaInvoke && input["FunctionName"].TryGetString(out var name) ? name : null;

        // A handler registered for exactly this function is more specific than one for every lambda:invoke call, so it
        // wins: a definition with both a computed and a literal FunctionName (a generated class's InvokeAsync under the
        // resource, PriceAsync under "price") calls each state's own handler. A pattern matching the function comes
        // after the resource's own handler.
        TaskHandler? handler = null;
        var scope = _program.HandlerScope;
        if (function is not null && (TryGetHandler(function, exactOnly: true, out handler) || (!TryGetHandler(resource, exactOnly: false, out handler) && TryGetHandler(function, exactOnly: false, out handler))))
        {
            resource = function;
            input = input["Payload"].IsUndefined ? JsonValue.EmptyObject : input["Payload"];
            shapeLambda = !TaskResource.IsWaitForTaskToken(task.Resource);
        }
        else if (handler is null && !TryGetHandler(resource, exactOnly: false, out handler))
        {
            if (Handlers.AmbiguousDefinitions(function ?? resource, scope) is { Count: > 0 } definitions)
            {
                // Registered by several definitions' classes, none this execution's: calling one would be a guess.
                return TaskOutcome.Failure(StatesErrors.TaskFailed, "The resource '" + (function ?? resource) + "' has handlers registered for "
                    + definitions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " definitions (" + string.Join(", ", definitions)
                    + ") and none for this execution's: register one on the registry itself, or run the definition's generated class.");
            }

            if (baseResource.StartsWith(StartExecution, StringComparison.Ordinal)
                && (_kernel.NestedExecutions is not null || _kernel.Options.StateMachineResolver is not null))
            {
                var nestedEnded = _kernel.Options.TaskHandlerCalling is null
                    ? null
                    : CallStarting(new TaskInvocation(resource, input, credentials, frame.TaskToken, task.Name, frame.ExecutionArn, heartbeat, cancellationToken));
                string? nestedError = "States.Runtime";
                try
                {
                    var nested = await StartNestedAsync(task, baseResource, input, frame, cancellationToken).ConfigureAwait(false);
                    nestedError = nested.Failed ? nested.Error ?? StatesErrors.TaskFailed : null;
                    return nested;
                }
                finally
                {
                    CallEnded(nestedEnded, nestedError);
                }
            }
            else if (resource == HttpTask.Resource)
            {
                // A real HTTP call unless the application registered its own handler for the resource.
                handler = _kernel.HttpTasks.InvokeAsync;
            }
            else
            {
                // With a test case, the likelier mistake is the test case's: it names the state it leaves out. Without
                // one, the cause names the state and, for a Lambda call, the function name a handler may be registered under.
                return TaskOutcome.Failure(StatesErrors.TaskFailed, "No task handler or mock is registered for the resource '" + task.Resource + "'."
                    + (Mocks is { } testCase
                        ? " The mock test case '" + testCase.Name + "' has no response for the state '" + task.Name + "'."
                        : " The state '" + task.Name + "' calls it" + (function is null ? "." : " with the function name '" + function + "': register a handler under that name or under the resource.")));
            }
        }

        TaskInvocation? invocation = null;
        Action<string?>? callEnded = null;
        string? callError = "States.Runtime"; // what the call ended with, for TaskHandlerCalling's action (null: it answered)
        try
        {
            invocation = new TaskInvocation(resource, input, credentials, frame.TaskToken, task.Name, frame.ExecutionArn, heartbeat, cancellationToken)
            {
                Site = frame,
                SiteAttempt = frame.RetryCount,
                SiteStep = frame.Step,
                SiteLive = frame.Live && _replay is not null ? _replay.Generation : 0,
                Timeout = timeout,
                SubmissionReport = submission is null ? null : submission.Report,
                Clock = _virtualTime,
            };
            // Current for the handler and what it awaits (this method's own flow: its caller's is left as it was).
            TaskInvocation.SetCurrent(invocation);
            callEnded = CallStarting(invocation);
            JsonValue output;
            var call = handler!(invocation);
            if (call.IsCompleted)
            {
                output = call.Result;
            }
            else
            {
                // A pending call is work in flight: a virtual clock stays still until it ends (or the run stops waiting
                // for it), rather than jumping to the task's timeout while the handler awaits an answer.
                if (_virtualTime is { } clock)
                {
                    invocation.NotePendingCall(clock);
                    if (called is not null)
                    {
                        called.Value = invocation;
                    }
                }

                try
                {
                    output = await call.ConfigureAwait(false);
                }
                finally
                {
                    invocation.ReleaseClock();
                }
            }

            TaskInvocation.SetCurrent(null);
            callError = null;

            // A .sync job that ended well was submitted: AWS records TaskSubmitted before its end.
            submission?.Report(JsonValue.EmptyObject);
            if (shapeLambda)
            {
                output = JsonValue.CreateObject(
                    new("ExecutedVersion", "$LATEST"),
                    new("Payload", output.IsUndefined ? JsonValue.Null : output),
                    new("SdkHttpMetadata", JsonMembers.Single("HttpStatusCode", 200)),
                    new("SdkResponseMetadata", JsonMembers.Single("RequestId", Uuids.New())),
                    new("StatusCode", 200));
            }

            return TaskOutcome.Success(output.IsUndefined ? JsonValue.Null : output);
        }
        catch (TaskFailedException e)
        {
            callError = e.Error ?? StatesErrors.TaskFailed;
            return TaskOutcome.Failure(e.Error, e.ErrorCause);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            callError = "Cancelled";
            throw;
        }
#pragma warning disable CA1031 // a handler's unexpected exception fails the task, as a Lambda error does
        catch (Exception e)
#pragma warning restore CA1031
        {
            callError = e.GetType().Name;
            if (invocation is not null && _kernel.Options.TaskHandlerFailed is { } told)
            {
                try
                {
                    told(invocation, e);
                }
#pragma warning disable CA1031 // the listener's own failure changes nothing for the run
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }

            // A Lambda function's exception is a function error: its cause is Lambda's JSON error document, with the
            // stack trace and inner exceptions. Another resource's is the exception's message.
            return task.Kind == TaskResourceKind.Lambda || baseResource == LambdaInvoke
                ? TaskOutcome.Failure(e.GetType().Name, LambdaFunctionError.Cause(e))
                : TaskOutcome.Failure(e.GetType().Name, LambdaFunctionError.Message(e));
        }
        finally
        {
            CallEnded(callEnded, callError);
        }
    }

    /// <summary>Tells <see cref="ExecutionOptions.TaskHandlerCalling"/> a call is starting; its action for the end, or null.</summary>
    private Action<string?>? CallStarting(TaskInvocation invocation)
    {
        if (_kernel.Options.TaskHandlerCalling is not { } calling)
        {
            return null;
        }

        try
        {
            return calling(invocation);
        }
#pragma warning disable CA1031 // the listener's own failure changes nothing for the run
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>Tells the action <see cref="CallStarting"/> gave that the call ended, with its error name (null: it answered).</summary>
    private static void CallEnded(Action<string?>? ended, string? error)
    {
        try
        {
            ended?.Invoke(error);
        }
#pragma warning disable CA1031 // the listener's own failure changes nothing for the run
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>The time a handler is told it has (<see cref="TaskInvocation.Timeout"/>): none left is zero.</summary>
    private static TimeSpan HandlerLimit(TimeSpan limit) => limit > TimeSpan.Zero ? limit : TimeSpan.Zero;

    /// <summary>Whether the kernel starts the task's child itself (no handler is registered for the <c>states:startExecution</c> resource).</summary>
    private bool StartsNestedItself(TaskProgram task) =>
        task.Resource.StartsWith(StartExecution, StringComparison.Ordinal)
        && (_kernel.NestedExecutions is not null || _kernel.Options.StateMachineResolver is not null)
        && !TryGetHandler(task.Resource, exactOnly: false, out _);

    /// <summary>Waits for work to end, whatever its outcome (the caller has already given up on it).</summary>
    private static async Task EndedAsync(Task work)
    {
        try
        {
            await work.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the outcome is not wanted, only the end
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>
    /// A mocked task's outcome, with the events its pattern records on AWS. A <c>.waitForTaskToken</c> or <c>.sync</c>
    /// task records TaskSubmitted first, before a mocked failure too: the mock stands for the callback's or the job's
    /// answer, after the submission succeeded (as AWS records a callback failed with SendTaskFailure). A Lambda function
    /// ARN's mocked Return is Lambda Invoke's response, as Step Functions Local's mocks give it
    /// (<c>{"StatusCode": 200, "Payload": ...}</c>): the task's result is its Payload, as the function's output is on AWS.
    /// </summary>
    private TaskOutcome MockedOutcome(TaskProgram task, StateFrame frame, JsonValue entry, bool waitsForToken)
    {
        RecordStarted(task, frame, null);
        if (waitsForToken || TaskResource.IsSync(task.Resource))
        {
            RecordSubmitted(task, frame, JsonValue.EmptyObject);
        }

        if (entry["Throw"].TryGetObject(out var thrown))
        {
            // A callback's Throw is its SendTaskFailure, which may give no error (the failure then has none, as on AWS).
            var error = thrown["Error"].TryGetString(out var e) ? e : waitsForToken ? null : StatesErrors.TaskFailed;
            return TaskOutcome.Failure(error, thrown["Cause"].TryGetString(out var c) ? c : null);
        }

        var returned = entry["Return"];
        return TaskOutcome.Success(task.Kind == TaskResourceKind.Lambda && returned.TryGetObject(out var response) && response.TryGetValue("Payload", out var payload)
            ? payload
            : returned);
    }

    /// <summary>
    /// A <c>states:startExecution</c> task: starts a child execution (through the API's engine when there is one, else
    /// on this kernel with <see cref="ExecutionOptions.StateMachineResolver"/>) and, for <c>.sync</c> and
    /// <c>.sync:2</c>, waits for its end. The request/response form and <c>.waitForTaskToken</c> return
    /// StartExecution's answer.
    /// </summary>
    private async ValueTask<TaskOutcome> StartNestedAsync(TaskProgram task, string resource, JsonValue input, StateFrame frame, CancellationToken cancellationToken)
    {
        if (!input["StateMachineArn"].TryGetString(out var arn))
        {
            return TaskOutcome.Failure(StatesErrors.TaskFailed, "StateMachineArn is required.");
        }

        // Input is the child's input as JSON text, or a JSON value; none (or null) is an empty object, as on AWS.
        var childInput = input["Input"];
        var inputText = childInput.TryGetString(out var text) ? text
            : childInput.IsUndefined || childInput.IsNull ? "{}"
            : childInput.ToJsonString();
        string? name = input["Name"].TryGetString(out var n) ? n : null;
        if (_kernel.NestedExecutions is { } host)
        {
            try
            {
                var outcome = await StartChildAsync(host, task, resource, arn, name, inputText, frame, cancellationToken).ConfigureAwait(false);
                if (outcome is { } done)
                {
                    return done;
                }
            }
            catch (TaskFailedException e)
            {
                return TaskOutcome.Failure(e.Error, e.ErrorCause);
            }

            if (_kernel.Options.StateMachineResolver is null)
            {
                return TaskOutcome.Failure("StepFunctions.StateMachineDoesNotExistException", "State Machine Does Not Exist: '" + arn + "'");
            }
        }

        return await StartResolvedAsync(task, resource, arn, name, inputText, frame, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts (or, in a resumed parent, re-attaches to) a child execution of the API. A journaled parent records the
    /// child's ARN and commits it before the child is started, so after a restart it finds the same child: it does not
    /// start a second one, and takes the first one's end (at once when the child ended while the process was down).
    /// Null when the host does not know the state machine.
    /// </summary>
    private async ValueTask<TaskOutcome?> StartChildAsync(
        INestedExecutionHost host, TaskProgram task, string resource, string arn, string? name, string inputText, StateFrame frame, CancellationToken cancellationToken)
    {
        NestedChild? child = null;
        var replay = _replay;
        var key = replay?.Key(frame, ChildSuffix);
        if (replay is not null && replay.TryGet(ChildKind, key!, out var recorded))
        {
            var data = JsonValue.Parse(recorded);

            // A child of an earlier redrive generation belongs to the attempt that failed (or was stopped): a
            // redriven task starts a new one.
            if (data["generation"].TryGetInt64(out var generation) && generation == replay.Generation
                && data["arn"].TryGetString(out var recordedArn) && data["name"].TryGetString(out var recordedName))
            {
                child = new NestedChild(recordedArn, recordedName, arn, inputText, recorded: true);
            }
        }

        if (child is null)
        {
            child = host.Prepare(arn, name, inputText);
            if (child is null)
            {
                return null;
            }

            if (replay is not null)
            {
                var record = JsonValue.CreateObject(new("arn", child.ExecutionArn), new("name", child.Name), new("generation", replay.Generation));
                replay.Stage(ChildKind, key!, record.ToJsonString());
                await replay.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        // A run stopped or shut down meanwhile (e.g. while the child's ARN was being committed) does not start the
        // child: a resumed parent starts it under the recorded name.
        cancellationToken.ThrowIfCancellationRequested();
        var started = await host.StartAsync(child, cancellationToken).ConfigureAwait(false);
        var response = JsonValue.CreateObject(new("ExecutionArn", started.ExecutionArn), new("StartDate", StateFrame.FormatTime(started.StartDate)));
        if (!TaskResource.IsSync(resource))
        {
            return TaskOutcome.Success(response);
        }

        RecordSubmitted(task, frame, response);
        if (replay is not null)
        {
            // A parent resumed while its child runs keeps the first run's TaskSubmitted (its id and time).
            await replay.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        var ended = await host.WaitAsync(started.ExecutionArn, cancellationToken).ConfigureAwait(false);
        return NestedSyncOutcome(resource, ended);
    }

    /// <summary>
    /// A <c>.sync</c> task's outcome from its child's end, in AWS's shapes: DescribeExecution's fields, Input and Output
    /// as JSON text (<c>.sync</c>) or JSON (<c>.sync:2</c>); a child that did not succeed fails the task with
    /// <c>States.TaskFailed</c> and those fields (with the child's Error and Cause) as the cause.
    /// </summary>
    private static TaskOutcome NestedSyncOutcome(string resource, NestedExecutionState ended)
    {
        var asJson = resource.EndsWith(":2", StringComparison.Ordinal);
        var input = asJson && JsonValue.TryParse(ended.Input, out var parsedInput, out _) ? parsedInput : JsonValue.FromString(ended.Input);
        var included = JsonMembers.Single("Included", true);
        var stop = StateFrame.FormatTime(ended.StopDate ?? ended.StartDate);
        if (ended.Status == NestedExecutionState.Succeeded)
        {
            var outputText = ended.Output ?? "null";
            var output = asJson && JsonValue.TryParse(outputText, out var parsedOutput, out _) ? parsedOutput : JsonValue.FromString(outputText);
            return TaskOutcome.Success(JsonValue.CreateObject(
                new("ExecutionArn", ended.ExecutionArn),
                new("Input", input),
                new("InputDetails", included),
                new("Name", ended.Name),
                new("Output", output),
                new("OutputDetails", included),
                new("StartDate", StateFrame.FormatTime(ended.StartDate)),
                new("StateMachineArn", ended.StateMachineArn),
                new("Status", ended.Status),
                new("StopDate", stop)));
        }

        var cause = new JsonObjectBuilder(10);
        if (ended.Cause is not null)
        {
            cause.Set("Cause", ended.Cause);
        }

        if (ended.Error is not null)
        {
            cause.Set("Error", ended.Error);
        }

        cause.Set("ExecutionArn", ended.ExecutionArn)
            .Set("Input", input)
            .Set("InputDetails", included)
            .Set("Name", ended.Name)
            .Set("StartDate", StateFrame.FormatTime(ended.StartDate))
            .Set("StateMachineArn", ended.StateMachineArn)
            .Set("Status", ended.Status)
            .Set("StopDate", stop);
        return TaskOutcome.Failure(StatesErrors.TaskFailed, JsonValue.FromObject(cause.ToObject()).ToJsonString());
    }

    /// <summary>
    /// A child run on this kernel with <see cref="ExecutionOptions.StateMachineResolver"/> (the kernel used without the
    /// API): it is part of the parent's run, not an execution of its own, and is not journaled.
    /// </summary>
    private async ValueTask<TaskOutcome> StartResolvedAsync(TaskProgram task, string resource, string arn, string? name, string inputText, StateFrame frame, CancellationToken cancellationToken)
    {
        var program = _kernel.Options.StateMachineResolver!(arn);
        if (program is null)
        {
            return TaskOutcome.Failure("StepFunctions.StateMachineDoesNotExistException", "State Machine Does Not Exist: '" + arn + "'");
        }

        if (!JsonValue.TryParse(inputText, out var childInput, out var error))
        {
            return TaskOutcome.Failure("StepFunctions.InvalidExecutionInputException", "Invalid State Machine Execution Input: '" + Api.JsonInputError.Describe(inputText, error) + "'");
        }

        name ??= Uuids.New();
        var machineName = arn[(arn.LastIndexOf(':') + 1)..];
        var request = new ExecutionRequest { Name = name, StateMachineName = machineName, RecordHistory = _history is not null };
        var child = _kernel.RunAsync(program, childInput, request, cancellationToken);
        var started = _time.GetUtcNow();
        var executionArn = "arn:" + _kernel.Options.Partition + ":states:" + _kernel.Options.Region + ":" + _kernel.Options.AccountId + ":execution:" + machineName + ":" + name;
        var response = JsonValue.CreateObject(new("ExecutionArn", executionArn), new("StartDate", StateFrame.FormatTime(started)));
        if (!TaskResource.IsSync(resource))
        {
            _ = child.AsTask();
            return TaskOutcome.Success(response);
        }

        RecordSubmitted(task, frame, response);
        var result = await child.ConfigureAwait(false);
        return NestedSyncOutcome(resource, new NestedExecutionState(
            result.ExecutionArn,
            result.Name,
            arn,
            inputText,
            result.StatusName,
            result.Status == ExecutionStatus.Succeeded ? result.Output.ToJsonString() : null,
            result.Error,
            result.Cause,
            result.StartDate,
            result.StopDate));
    }

    /// <summary>
    /// Whether the activity <paramref name="task"/> names does not exist in the API the kernel runs under
    /// (<see cref="ExecutionKernel.ActivityExists"/>; a kernel on its own has no registry), when no mock answers the state
    /// and no earlier run of a journaled execution scheduled it already.
    /// </summary>
    private bool ActivityMissing(TaskProgram task, StateFrame frame) =>
        task.Kind == TaskResourceKind.Activity
        && _kernel.ActivityExists is { } exists
        && !(Mocks is { } mocks && mocks.TryGet(task.Name, out _))
        && !(_replay is { } journal && journal.HasCommittedEvent(frame, "ActivityScheduled"))
        && !exists(task.Resource);

    private void RecordScheduled(TaskProgram task, JsonValue input, JsonValue credentials, StateFrame frame, long timeoutSeconds, long? heartbeatSeconds)
    {
        if (RecordsNoEvent(frame))
        {
            return;
        }

        var builder = new JsonObjectBuilder(6);
        switch (task.Kind)
        {
            case TaskResourceKind.Lambda:
                builder.Set("resource", task.Resource).Set("input", input.ToJsonString()).Set("inputDetails", NotTruncated);
                if (TaskCredentials(credentials) is { } lambdaCredentials)
                {
                    builder.Set("taskCredentials", lambdaCredentials);
                }

                if (task.TimeoutSeconds is not null)
                {
                    builder.Set("timeoutInSeconds", timeoutSeconds);
                }

                Record(frame, "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", builder.ToObject());
                return;
            case TaskResourceKind.Activity:
                builder.Set("resource", task.Resource).Set("input", input.ToJsonString()).Set("inputDetails", NotTruncated);
                if (task.TimeoutSeconds is not null)
                {
                    builder.Set("timeoutInSeconds", timeoutSeconds); // as recorded on AWS: only when the state sets one
                }

                if (heartbeatSeconds is { } hbActivity)
                {
                    builder.Set("heartbeatInSeconds", hbActivity);
                }

                Record(frame, "ActivityScheduled", "activityScheduledEventDetails", builder.ToObject());
                return;
            default:
                var (type, name) = TaskResource.Split(task.Resource);
                builder.Set("resourceType", type).Set("resource", name).Set("region", _kernel.Options.Region).Set("parameters", input.ToJsonString());
                if (TaskCredentials(credentials) is { } serviceCredentials)
                {
                    builder.Set("taskCredentials", serviceCredentials);
                }

                if (task.TimeoutSeconds is not null)
                {
                    builder.Set("timeoutInSeconds", timeoutSeconds);
                }

                if (heartbeatSeconds is { } hb)
                {
                    builder.Set("heartbeatInSeconds", hb);
                }

                Record(frame, "TaskScheduled", "taskScheduledEventDetails", builder.ToObject());
                return;
        }
    }

    /// <summary>The history's <c>taskCredentials</c> (<c>{"roleArn"}</c>) of an evaluated Credentials field, or null.</summary>
    private static JsonValue? TaskCredentials(JsonValue credentials) =>
        credentials["RoleArn"].TryGetString(out var roleArn) ? JsonMembers.Single("roleArn", roleArn) : (JsonValue?)null;

    private void RecordStarted(TaskProgram task, StateFrame frame, string? workerName, bool replayOnly = false)
    {
        if (RecordsNoEvent(frame, replayOnly))
        {
            return;
        }

        switch (task.Kind)
        {
            case TaskResourceKind.Lambda:
                Record(frame, "LambdaFunctionStarted", null, default, replayOnly);
                return;
            case TaskResourceKind.Activity:
                Record(frame, "ActivityStarted", "activityStartedEventDetails", workerName is null ? JsonValue.EmptyObject : JsonMembers.Single("workerName", workerName), replayOnly);
                return;
            default:
                var (type, name) = TaskResource.Split(task.Resource);
                Record(frame, "TaskStarted", "taskStartedEventDetails", JsonValue.CreateObject(new("resourceType", type), new("resource", name)), replayOnly);
                return;
        }
    }

    /// <summary>
    /// A <c>.waitForTaskToken</c> handler returned: records TaskSubmitted and, in a journaled run, commits it (with
    /// TaskStarted), so a run resumed after a restart waits for the token without calling the handler again.
    /// </summary>
    private async ValueTask SubmittedAsync(TaskProgram task, StateFrame frame, JsonValue output, CancellationToken cancellationToken)
    {
        RecordSubmitted(task, frame, output.IsUndefined ? JsonValue.EmptyObject : output);
        if (_replay is { } replay)
        {
            await replay.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void RecordSubmitted(TaskProgram task, StateFrame frame, JsonValue output, bool replayOnly = false)
    {
        if (task.Kind != TaskResourceKind.Service || RecordsNoEvent(frame, replayOnly))
        {
            return;
        }

        var (type, name) = TaskResource.Split(task.Resource);
        Record(frame, "TaskSubmitted", "taskSubmittedEventDetails", JsonValue.CreateObject(
            new("resourceType", type), new("resource", name), new("output", output.ToJsonString()), new("outputDetails", NotTruncated)), replayOnly);
    }

    private void RecordTaskSucceeded(TaskProgram task, StateFrame frame, JsonValue output)
    {
        if (RecordsNoEvent(frame))
        {
            return;
        }

        switch (task.Kind)
        {
            case TaskResourceKind.Lambda:
                Record(frame, "LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", JsonValue.CreateObject(new("output", output.ToJsonString()), new("outputDetails", NotTruncated)));
                return;
            case TaskResourceKind.Activity:
                Record(frame, "ActivitySucceeded", "activitySucceededEventDetails", JsonValue.CreateObject(new("output", output.ToJsonString()), new("outputDetails", NotTruncated)));
                return;
            default:
                var (type, name) = TaskResource.Split(task.Resource);
                Record(frame, "TaskSucceeded", "taskSucceededEventDetails", JsonValue.CreateObject(
                    new("resourceType", type), new("resource", name), new("output", output.ToJsonString()), new("outputDetails", NotTruncated)));
                return;
        }
    }

    private void RecordTaskFailure(TaskProgram task, StateFrame frame, TaskOutcome outcome)
    {
        if (RecordsNoEvent(frame))
        {
            return;
        }

        // A timeout noticed late (see OverdueTask) is dated when it passed.
        var at = outcome.At;

        // A heartbeat that did not come is reported as AWS reports it: States.Timeout (HeartbeatTimeout matches it).
        var timedOut = outcome.Error is StatesErrors.Timeout or StatesErrors.HeartbeatTimeout;
        var error = StatesErrors.AsReported(outcome.Error);
        var details = ErrorDetails(error, outcome.Cause);
        switch (task.Kind)
        {
            case TaskResourceKind.Lambda:
                Record(frame, timedOut ? "LambdaFunctionTimedOut" : "LambdaFunctionFailed", timedOut ? "lambdaFunctionTimedOutEventDetails" : "lambdaFunctionFailedEventDetails", details, at: at);
                return;
            case TaskResourceKind.Activity:
                Record(frame, timedOut ? "ActivityTimedOut" : "ActivityFailed", timedOut ? "activityTimedOutEventDetails" : "activityFailedEventDetails", details, at: at);
                return;
            default:
                var (type, name) = TaskResource.Split(task.Resource);
                var builder = new JsonObjectBuilder(4).Set("resourceType", type).Set("resource", name);
                if (error is not null)
                {
                    builder.Set("error", error);
                }

                if (outcome.Cause is not null)
                {
                    builder.Set("cause", outcome.Cause);
                }

                Record(frame, timedOut ? "TaskTimedOut" : "TaskFailed", timedOut ? "taskTimedOutEventDetails" : "taskFailedEventDetails", builder.ToObject(), at: at);
                return;
        }
    }
}
