using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

/// <summary>The kernel's side of <see cref="SynchronousGraph"/>: the same steps as <see cref="RunGraphAsync"/> and the inline Map.</summary>
internal sealed partial class ExecutionRun
{
    /// <summary>
    /// Whether the root runs synchronously: no history, no journal, and either the program's generated
    /// <see cref="SynchronousGraph"/> or only states that never wait (the kernel's own synchronous loop).
    /// </summary>
    private bool RunsSynchronously => Unrecorded && (_program.SynchronousRoot is not null || _program.Root.IsSynchronous);

    /// <summary>Whether nothing can see the run's steps: no history, no journal (what lets generated runners and the synchronous loop run it).</summary>
    private bool Unrecorded => _history is null && _replay is null;

    private StepOutcome RunSynchronously(StateFrame frame, CancellationToken cancellationToken) =>
        _program.SynchronousRoot is { } root
            ? root(Input, frame, cancellationToken).ToStep()
            : RunGraphSynchronously(_program.Root, Input, frame, cancellationToken).ToStep();

    /// <summary>
    /// <see cref="RunGraphAsync"/> for a graph whose states never wait (<see cref="GraphProgram.IsSynchronous"/>), with
    /// no history and no journal: the same steps, without async state machines, and inline Map iterations one after
    /// another (in the kernel they complete synchronously, so in order, too).
    /// </summary>
    private GraphOutcome RunGraphSynchronously(GraphProgram graph, JsonValue input, StateFrame frame, CancellationToken cancellationToken)
    {
        var index = graph.StartIndex;
        var value = input;
        while (true)
        {
            var state = graph.States[index];
            if (!EnterSynchronously(frame, state, value, cancellationToken))
            {
                return EnterStop;
            }

            var outcome = state switch
            {
                PassProgram pass => GraphOutcome.From(LimitOutput(pass, RunPass(pass, value, frame))),
                ChoiceProgram choice => GraphOutcome.From(LimitOutput(choice, RunChoice(choice, value, frame))),
                SucceedProgram succeed => GraphOutcome.From(LimitOutput(succeed, RunSucceed(succeed, value, frame))),
                FailProgram fail => GraphOutcome.From(RunFail(fail, value, frame)),
                _ => RunInlineMapSynchronously((MapProgram)state, value, frame, cancellationToken),
            };

            if (outcome.Failed)
            {
                return frame.StateFailed(state, outcome);
            }

            if (outcome.Next < 0)
            {
                return outcome;
            }

            index = outcome.Next;
            value = outcome.Output;
        }
    }

    private GraphOutcome RunInlineMapSynchronously(MapProgram map, JsonValue raw, StateFrame frame, CancellationToken cancellationToken)
    {
        if (!TryStartInlineMap(map, raw, frame, out var effective, out var items, out var failure))
        {
            return failure;
        }

        var results = new JsonValue[items.Count];
        StateFrame? child = null;
        for (var i = 0; i < results.Length; i++)
        {
            child = StartMapIteration(map, i, items[i], effective, frame, child, out var itemInput, out failure);
            if (child is null)
            {
                return failure;
            }

            var iteration = RunGraphSynchronously(map.Processor, itemInput, child, cancellationToken);
            if (iteration.Failed)
            {
                return iteration;
            }

            results[i] = iteration.Output;
        }

        return FinishInlineMap(map, raw, results, frame);
    }

    private const long CoarseDeadlineMarginMilliseconds = 50;

    // How many states may be entered between two readings of the tick count while the deadline is far (a power of two,
    // minus one): reading a clock is not free on every machine (tens of ns, hundreds on some VMs), a state's step is
    // short, and the margin above leaves a state run 50 ms to notice the deadline.
    private const int CoarseCheckMask = 7;

    // 0: not computed; long.MinValue: not the system clock (always read the provider); else the tick count up to which
    // the deadline cannot have passed.
    private long _coarseDeadline;

    // The tick count when the run read its start time from the system clock (0: the start was given).
    private readonly long _startTicks;

    // States entered by the synchronous loop since the tick count was last read.
    private int _uncheckedStates;

    // Not inlined: the interpreter's synchronous loop is faster calling it than with it written into the loop.
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal bool EnterSynchronously(StateFrame frame, StateProgram state, JsonValue input, CancellationToken cancellationToken) =>
        TryEnterFast(frame, state, input, cancellationToken) || EnterChecked(frame, state, input, cancellationToken);

    /// <summary>
    /// Enters the usual state (far from the deadline on the system clock, between two readings of the tick count,
    /// not cancelled, history within its limit); false when <see cref="EnterChecked"/> must decide.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryEnterFast(StateFrame frame, StateProgram state, JsonValue input, CancellationToken cancellationToken)
    {
        if (_coarseDeadline > 0 && (++_uncheckedStates & CoarseCheckMask) != 0 && !StopsAtNextState && !cancellationToken.IsCancellationRequested)
        {
            EnterFar(frame, state, input);
            return true;
        }

        return false;
    }

    /// <summary>Enters a state far from the deadline on the system clock: lightly in a light run (see <see cref="_light"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnterFar(StateFrame frame, StateProgram state, JsonValue input)
    {
        if (_light)
        {
            frame.EnterLightly(state);
        }
        else
        {
            frame.EnterWithLazyTime(state, input);
        }
    }

    /// <summary>Why the last <see cref="EnterSynchronously"/> that returned false stops the execution.</summary>
    internal GraphOutcome EnterStop => StopsAtNextState
        ? GraphOutcome.From(StopFailure)
        : GraphOutcome.Failure(StatesErrors.Timeout, ExecutionTimedOutCause);

    internal bool EnterChecked(StateFrame frame, StateProgram state, JsonValue input, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (StopsAtNextState)
        {
            return false;
        }

        if (_coarseDeadline == 0)
        {
            // On the system clock a monotonic tick count (cheaper to read than the wall clock) stands in for it until a
            // margin before the deadline; from there on every state reads the wall clock as the async loop does.
            _coarseDeadline = !ReferenceEquals(_time, TimeProvider.System) ? long.MinValue
                : _startTicks != 0 ? _startTicks + Math.Max(0, (long)(_deadline - _start).TotalMilliseconds - CoarseDeadlineMarginMilliseconds)
                : Environment.TickCount64 + Math.Max(0, (long)(_deadline - _time.GetUtcNow()).TotalMilliseconds - CoarseDeadlineMarginMilliseconds);
        }

        if (_coarseDeadline != long.MinValue)
        {
            // Far from the deadline the tick count is read at one state in eight (the first included, counted by the
            // fast path above); once it passes the margin, every later state reads the wall clock.
            if (Environment.TickCount64 < _coarseDeadline)
            {
                EnterFar(frame, state, input);
                return true;
            }

            _coarseDeadline = long.MinValue;
        }

        var now = _time.GetUtcNow();
        _virtualTime?.NoteActivity();
        if (now >= _deadline || PastRealDeadline(_realDeadline))
        {
            _timedOut = true;
            return false;
        }

        frame.Enter(state, input, now);
        frame.EnteredEventId = CountUnrecordedEntry(frame);
        return true;
    }

    internal bool ExceedsPayloadLimit(JsonValue output) => ExceedsPayload(output);

    /// <summary>
    /// A Parallel branch or an inline Map iteration: the graph's generated runner when it has one and nothing records
    /// (no history, no journal, not inside a Map Run's child execution, whose own limits the kernel's loop checks), else
    /// the kernel's loop.
    /// </summary>
    internal ValueTask<StepOutcome> RunNestedGraphAsync(GraphProgram graph, JsonValue input, StateFrame frame, CancellationToken cancellationToken) =>
        graph.Runner is { } runner && Unrecorded && frame.ChildExecution is null
            ? RunRunnerAsync(runner, input, frame, cancellationToken)
            : RunGraphAsync(graph, input, frame, cancellationToken);

    private async ValueTask<StepOutcome> RunRunnerAsync(AsynchronousGraph runner, JsonValue input, StateFrame frame, CancellationToken cancellationToken)
    {
        var outcome = await runner(input, frame, cancellationToken).ConfigureAwait(false);
        if (outcome.Failed && ExitCountedAtEntry(frame.State))
        {
            // The failed state did not exit: take back the exited event its entry counted (see CountUnrecordedEntry).
            CountUnrecorded(frame, -1);
        }

        return outcome.ToStep();
    }

    /// <summary>
    /// The step of a state entered with <see cref="EnterSynchronously"/> as <see cref="RunGraphAsync"/> runs it (Wait,
    /// Task, Parallel and Map with their retries, catchers and timers; Pass, Choice, Succeed and Fail too), with the
    /// payload limit. The next state entered reads the clock again, since this one may have waited.
    /// </summary>
    internal async ValueTask<GraphOutcome> RunStateStepAsync(StateProgram state, JsonValue value, StateFrame frame, CancellationToken cancellationToken)
    {
        var outcome = await StepAsync(state, value, frame, cancellationToken).ConfigureAwait(false);
        _uncheckedStates = -1; // the next EnterSynchronously checks the time
        outcome = LimitOutput(state, outcome);
        if (!outcome.Failed && !ExitCountedAtEntry(state))
        {
            CountUnrecorded(frame); // the exited event of a state that can be waited on (history off; see CountUnrecordedEntry)
        }

        return GraphOutcome.From(outcome);
    }

    /// <summary>Whether a payload of at most <paramref name="bound"/> bytes is within the limit (always, when there is none).</summary>
    internal bool WithinPayloadLimit(long bound) => _maxPayload <= 0 || bound <= _maxPayload;

    /// <summary>Whether outputs have no size limit (<c>MaxPayloadBytes</c> 0 or less).</summary>
    internal bool NoPayloadLimit => _maxPayload <= 0;

    /// <summary>
    /// The payload check's bound of a value (<see cref="PayloadSize.Pack"/>: size and depth), walking it when its size is
    /// not known (-1 when past the limit).
    /// </summary>
    internal long MeasuredBound(JsonValue value)
    {
        var known = BoundOf(value);
        if (known >= 0)
        {
            return known;
        }

        var bound = PayloadSize.Bound(value, _maxPayload);
        return bound > _maxPayload ? -1 : PayloadSize.Pack(bound, value.Depth);
    }

    /// <summary>
    /// The payload check's bound of a value when known without a walk (<see cref="PayloadSize.Pack"/>: its depth and its
    /// kept size, or <see cref="PayloadSize.UnknownSize"/> when outputs have no size limit); else -1.
    /// </summary>
    internal long BoundOf(JsonValue value)
    {
        var size = PayloadSize.KnownBound(value);
        return size < 0 && NoPayloadLimit ? PayloadSize.Pack(PayloadSize.UnknownSize, value.Depth) : PayloadSize.Pack(size, value.Depth);
    }

    internal StepOutcome RunPassState(PassProgram state, JsonValue raw, StateFrame frame) => LimitOutput(state, RunPass(state, raw, frame));

    internal StepOutcome RunChoiceState(ChoiceProgram state, JsonValue raw, StateFrame frame) => LimitOutput(state, RunChoice(state, raw, frame));

    internal StepOutcome RunSucceedState(SucceedProgram state, JsonValue raw, StateFrame frame) => LimitOutput(state, RunSucceed(state, raw, frame));

    internal static StepOutcome RunFailState(FailProgram state, JsonValue raw, StateFrame frame) => RunFail(state, raw, frame);

    internal bool TryStartInlineMap(MapProgram map, JsonValue raw, StateFrame frame, out JsonValue effective, out JsonArrayValue items, out GraphOutcome failure)
    {
        items = JsonArrayValue.Empty;
        if (!TryStartMap(map, raw, frame, out effective, out _, out var stop) || !TryGetMapItems(map, effective, frame, out items, out stop))
        {
            failure = GraphOutcome.From(stop);
            return false;
        }

        failure = default;
        return true;
    }

    internal StateFrame? StartMapIteration(MapProgram map, int index, JsonValue item, JsonValue effective, StateFrame parent, StateFrame? previous, out JsonValue input, out GraphOutcome failure)
    {
        var child = NextIterationFrame(map, index, parent, previous);
        var selected = TrySelectItem(map, index, item, "STATE_DATA", effective, child, out input, out var stop);
        failure = selected ? default : GraphOutcome.From(stop);
        return selected ? child : null;
    }

    /// <summary>
    /// <see cref="StartMapIteration(MapProgram, int, JsonValue, JsonValue, StateFrame, StateFrame?, out JsonValue, out GraphOutcome)"/>
    /// with the ItemSelector the generator wrote to give a record: the same frame, the same <c>$$.Map.Item</c> while it
    /// runs, the same failure.
    /// </summary>
    internal StateFrame? StartMapIteration<TRecord>(MapProgram map, int index, JsonValue item, JsonValue effective, StateFrame parent, StateFrame? previous, RecordSelector<TRecord> selector, out TRecord input, out GraphOutcome failure)
    {
        var child = NextIterationFrame(map, index, parent, previous);
        child.SetMapItem(index, item, "STATE_DATA");
        var r = selector(effective, child, out input);
        child.SetMapItem(-1, default);
        failure = r.IsSuccess ? default : GraphOutcome.From(StepOutcome.Failure(r));
        return r.IsSuccess ? child : null;
    }

    /// <summary>
    /// The frame of an inline Map's next iteration: <paramref name="previous"/> (the ended iteration's) reset as a new
    /// one would be, when nothing can still see it (no history, no journal); else a new frame, as StartIteration makes it.
    /// In a light run, the Map's own frame (<paramref name="parent"/>).
    /// </summary>
    private StateFrame NextIterationFrame(MapProgram map, int index, StateFrame parent, StateFrame? previous)
    {
        if (_light)
        {
            // A light run (pure definition, history off): nothing its states do reads a frame of their own (no variables,
            // no context object but the Map item, which the caller sets around the ItemSelector), so every iteration
            // runs on the Map's frame. Nothing is counted (see _light).
            return parent;
        }

        // History off, the iteration's MapIterationStarted and one event before it: the Map's MapStateStarted for the
        // first (the synchronous Map's start does not count it: a generated runner takes the items itself), else the
        // iteration before's MapIterationSucceeded (a failed one's MapIterationFailed ends the Map, and is counted in
        // place of the failed state's exit). CountInlineMapEnd counts the last one's.
        if (previous is null || _history is not null || !previous.CanReuseFor(parent))
        {
            var fresh = IterationFrame(map, index, parent, parent.Record); // counts MapIterationStarted
            if (_history is null)
            {
                CountUnrecorded(fresh, 1);
            }

            return fresh;
        }

        // What IterationFrame does for a new frame (no history here, so MapIterationStarted is only counted).
        previous.ReuseForIteration(index);
        previous.InheritState(parent);
        CountUnrecorded(previous, 2);
        return previous;
    }

    /// <summary>
    /// History off, the end of an inline Map run synchronously: MapStateSucceeded, MapStateExited, and before them the
    /// last iteration's MapIterationSucceeded, or the MapStateStarted no iteration counted (see <see cref="NextIterationFrame"/>).
    /// </summary>
    internal void CountInlineMapEnd(StateFrame frame)
    {
        if (!_light)
        {
            CountUnrecorded(frame, 3);
        }
    }

    internal GraphOutcome FinishInlineMap(MapProgram map, JsonValue raw, JsonValue[] results, StateFrame frame)
    {
        CountInlineMapEnd(frame);
        return GraphOutcome.From(LimitOutput(map, FinishAggregate(map, map.ResultSelector, map.ResultPath, raw, JsonArrayValue.FromOwnedArray(results), frame, map.Next)));
    }
}
