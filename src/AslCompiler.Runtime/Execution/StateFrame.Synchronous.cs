using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// The kernel's per-state steps for a <see cref="SynchronousGraph"/>: generated code drives the control flow (state to
/// state, Map iterations) and calls these for each state's semantics, which are the kernel loop's own.
/// </summary>
public sealed partial class StateFrame
{
    /// <summary>
    /// Enters <paramref name="state"/> as the kernel's loop does before each state: checks cancellation (throws), the
    /// history limit and the execution's deadline, then makes it the current state.
    /// </summary>
    /// <param name="state">The state.</param>
    /// <param name="input">Its raw input.</param>
    /// <param name="cancellationToken">The execution's token.</param>
    /// <returns>Whether the state may run; when false, <see cref="EnterStop"/> says why the execution stops here.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public bool EnterState(StateProgram state, JsonValue input, CancellationToken cancellationToken) =>
        _run.TryEnterFast(this, state, input, cancellationToken) || _run.EnterChecked(this, state, input, cancellationToken);

    /// <summary>Why the execution stops at the state <see cref="EnterState"/> refused (timed out, history limit).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GraphOutcome EnterStop => _run.EnterStop;

    /// <summary>Enters a state whose entered time is read from the clock only if something reads it (system clock only).</summary>
    internal void EnterWithLazyTime(StateProgram state, JsonValue input)
    {
        _state = state;
        Step++;
        _run.CountStateEntered(this);
        if (!input.IsUndefined || !StateInput.IsUndefined)
        {
            // A generated runner's states that hold their input as a record pass none: after the first, nothing to store.
            StateInput = input;
        }

        _enteredTimePending = PendingTime.Clock;
        RetryCount = 0;
        TaskToken = null;
        _full = null;
        EnteredEventId = _run.CountUnrecordedEntry(this);
    }

    /// <summary>
    /// Enters a state of a light run (<c>ExecutionRun._light</c>): it becomes the current state and is counted, and
    /// nothing else (its input, entered time and event id are read only by the context object and a failure's cause).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void EnterLightly(StateProgram state)
    {
        _state = state;
        _run.CountLightEntry();
    }

    /// <summary>Runs a Pass state entered with <see cref="EnterState"/> (its output within the payload limit, as every step's).</summary>
    /// <param name="state">The state.</param>
    /// <param name="raw">Its raw input.</param>
    /// <returns>The outcome.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GraphOutcome RunPass(PassProgram state, JsonValue raw) => GraphOutcome.From(_run.RunPassState(state, raw, this));

    /// <summary>Runs a Choice state entered with <see cref="EnterState"/>.</summary>
    /// <param name="state">The state.</param>
    /// <param name="raw">Its raw input.</param>
    /// <returns>The outcome.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GraphOutcome RunChoice(ChoiceProgram state, JsonValue raw) => GraphOutcome.From(_run.RunChoiceState(state, raw, this));

    /// <summary>Runs a Succeed state entered with <see cref="EnterState"/>.</summary>
    /// <param name="state">The state.</param>
    /// <param name="raw">Its raw input.</param>
    /// <returns>The outcome.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GraphOutcome RunSucceed(SucceedProgram state, JsonValue raw) => GraphOutcome.From(_run.RunSucceedState(state, raw, this));

    /// <summary>
    /// Runs a state entered with <see cref="EnterState"/> through the kernel's asynchronous step, as the kernel's loop
    /// runs it: a Task, Wait, Parallel or Map state with its retries, catchers and timers, or any other state; then the
    /// payload limit. For an <see cref="AsynchronousGraph"/>.
    /// </summary>
    /// <param name="state">The state.</param>
    /// <param name="raw">Its raw input.</param>
    /// <param name="cancellationToken">The execution's token.</param>
    /// <returns>The outcome.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public System.Threading.Tasks.ValueTask<GraphOutcome> RunStateAsync(StateProgram state, JsonValue raw, CancellationToken cancellationToken) =>
        _run.RunStateStepAsync(state, raw, this, cancellationToken);

    /// <summary>Runs a Fail state entered with <see cref="EnterState"/>.</summary>
    /// <param name="state">The state.</param>
    /// <param name="raw">Its raw input.</param>
    /// <returns>The outcome (always failed).</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GraphOutcome RunFail(FailProgram state, JsonValue raw) => GraphOutcome.From(ExecutionRun.RunFailState(state, raw, this));

    /// <summary>
    /// Whether a state's output is past the execution's payload limit (<c>MaxPayloadBytes</c>): for generated code that
    /// runs a state's fields itself, which then fails the state with <see cref="PayloadLimitExceeded"/>. Cheap for an
    /// output that reuses measured parts (see the kernel's size bounds).
    /// </summary>
    /// <param name="output">The state's output.</param>
    /// <returns>Whether the state must fail with <c>States.DataLimitExceeded</c>.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public bool ExceedsPayloadLimit(JsonValue output) => _run.ExceedsPayloadLimit(output);

    /// <summary>
    /// <see cref="ExceedsPayloadLimit(JsonValue)"/> for a runner that keeps an upper bound of its current value's size and
    /// depth (<paramref name="bound"/>: in, of the state's raw input; out, of its output; -1 when not known). The generator
    /// proved the output is at most <paramref name="constant"/> + <paramref name="inputs"/> × the input's bound: while
    /// that is within the limit the output is not walked.
    /// </summary>
    /// <param name="output">The state's output.</param>
    /// <param name="bound">The bound of the input, then of the output.</param>
    /// <param name="constant">The part of the output's bound the definition fixes.</param>
    /// <param name="inputs">How many sub-values of the input the output may hold.</param>
    /// <returns>Whether the output is past the limit.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public bool ExceedsPayloadLimit(JsonValue output, ref long bound, long constant, int inputs) =>
        !WithinPayloadBound(ref bound, constant, inputs) && ExceedsPayloadLimit(output, ref bound);

    /// <summary>
    /// Whether the generator's bound of a state's output (<paramref name="constant"/> + <paramref name="inputs"/> × the
    /// input's <paramref name="bound"/>) proves the output within the payload limit; if so <paramref name="bound"/>
    /// becomes the output's. False: the output must be measured (<see cref="ExceedsPayloadLimit(JsonValue, ref long)"/>);
    /// a runner that holds the output as a record builds its JSON only then. A bound also bounds the value's nesting
    /// depth (the output's is at most the input's plus half of <paramref name="constant"/>, each level the definition
    /// adds taking two bytes), which must stay within the depth a payload may have.
    /// </summary>
    /// <param name="bound">The bound of the input (-1 when not known), then of the output.</param>
    /// <param name="constant">The part of the output's bound the definition fixes.</param>
    /// <param name="inputs">How many sub-values of the input the output may hold.</param>
    /// <returns>Whether the output is proved within the limit.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public bool WithinPayloadBound(ref long bound, long constant, int inputs)
    {
        if (bound < 0)
        {
            return false;
        }

        // The definition's fixed part spends at least two bytes ([] or {}) on each level it adds above the input's values.
        var depth = PayloadSize.DepthOf(bound) + (constant / 2);
        if (depth > JsonValue.MaxDepth)
        {
            return false;
        }

        if (_run.NoPayloadLimit)
        {
            bound = PayloadSize.Pack(PayloadSize.UnknownSize, (int)depth);
            return true;
        }

        var size = PayloadSize.SizeOf(bound);
        if (size < PayloadSize.UnknownSize)
        {
            var grown = constant + (inputs * size);
            if (_run.WithinPayloadLimit(grown))
            {
                bound = PayloadSize.Pack(grown, (int)depth);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <see cref="WithinPayloadBound(ref long, long, int)"/> for a state whose input is the JSON value
    /// <paramref name="input"/>: when its bound is not known, the input is measured first (within the limit), which
    /// costs no object, where measuring the output would first build it.
    /// </summary>
    /// <param name="input">The state's raw input.</param>
    /// <param name="bound">The bound of the input (-1 when not known), then of the output.</param>
    /// <param name="constant">The part of the output's bound the definition fixes.</param>
    /// <param name="inputs">How many sub-values of the input the output may hold.</param>
    /// <returns>Whether the output is proved within the limit.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public bool WithinPayloadBound(JsonValue input, ref long bound, long constant, int inputs)
    {
        if (bound < 0)
        {
            bound = _run.MeasuredBound(input);
        }

        return WithinPayloadBound(ref bound, constant, inputs);
    }

    /// <summary><see cref="ExceedsPayloadLimit(JsonValue)"/>, then <paramref name="bound"/> set to the output's measured bound (-1 when not known).</summary>
    /// <param name="output">The state's output.</param>
    /// <param name="bound">The bound of the output, when known after the check.</param>
    /// <returns>Whether the output is past the limit.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public bool ExceedsPayloadLimit(JsonValue output, ref long bound)
    {
        if (_run.ExceedsPayloadLimit(output))
        {
            return true;
        }

        bound = _run.BoundOf(output);
        return false;
    }

    /// <summary>The payload check's upper bound of a value's size when it is known without a walk (a scalar, or a container measured before), else -1.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The bound, or -1.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static long PayloadBound(JsonValue value) => PayloadSize.Pack(PayloadSize.KnownBound(value), value.Depth);

    /// <summary>
    /// Sets the variables of a state's evaluated <c>Assign</c> (an object of name to value; undefined: none), refusing
    /// with <c>States.DataLimitExceeded</c> a value that nests deeper than a payload may, as a state's output is refused.
    /// </summary>
    /// <param name="assignments">The evaluated Assign.</param>
    /// <returns>Success (of no value), or the failure.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public EvaluationResult Assign(JsonValue assignments)
    {
        if (assignments.Depth > JsonValue.MaxDepth + 1)
        {
            return EvaluationResult.Failure(StatesErrors.DataLimitExceeded, ExecutionRun.NestedTooDeep("The state/task '" + StateName + "' assigned a variable"));
        }

        Variables.AssignAll(assignments);
        _assigned = assignments;
        return EvaluationResult.Success(default);
    }

    /// <summary>
    /// What the state now exiting assigned (its Assign, or its catcher's), for its exited event's
    /// <c>assignedVariables</c>; undefined when it assigned nothing. Cleared by the reading, so a later state that
    /// assigns nothing does not show it.
    /// </summary>
    internal JsonValue TakeAssigned()
    {
        var assigned = _assigned;
        _assigned = default;
        return assigned;
    }

    /// <summary>
    /// The <c>States.DataLimitExceeded</c> failure of a state whose output the payload check refused (past the size
    /// limit, or nested too deeply), naming the state.
    /// </summary>
    /// <param name="state">The state.</param>
    /// <param name="output">The refused output.</param>
    /// <returns>The outcome.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GraphOutcome PayloadLimitExceeded(StateProgram state, JsonValue output) =>
        GraphOutcome.Failure(StatesErrors.DataLimitExceeded, ExecutionRun.ResultRefused(state.Name, output));

    /// <summary>
    /// The failure of a state as its graph reports it: a <c>States.Runtime</c> error of any state but a Fail state gets
    /// AWS's "An error occurred while executing the state ..." cause, unless it has one (from a branch or iteration).
    /// </summary>
    /// <param name="state">The failed state.</param>
    /// <param name="outcome">Its failed outcome.</param>
    /// <returns>The graph's outcome.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GraphOutcome StateFailed(StateProgram state, GraphOutcome outcome) =>
        ExecutionRun.TakesRuntimeCause(state, outcome.Error, outcome.Cause)
            ? GraphOutcome.Failure(StatesErrors.Runtime, ExecutionRun.RuntimeCause(state.Name, EnteredEventId, outcome.Cause))
            : outcome;

    /// <summary>
    /// Starts an inline Map without Retry or Catch entered with <see cref="EnterState"/>: InputPath, MaxConcurrency and
    /// the items. Its iterations run one after another (they complete synchronously, in order, as in the kernel).
    /// </summary>
    /// <param name="state">The Map state.</param>
    /// <param name="raw">Its raw input.</param>
    /// <param name="effective">The effective input (for ItemSelector).</param>
    /// <param name="items">The items.</param>
    /// <param name="failure">The failure, when false.</param>
    /// <returns>Whether the iterations may run.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public bool TryStartInlineMap(MapProgram state, JsonValue raw, out JsonValue effective, out JsonArrayValue items, out GraphOutcome failure) =>
        _run.TryStartInlineMap(state, raw, this, out effective, out items, out failure);

    /// <summary>
    /// The frame and input of iteration <paramref name="index"/> of an inline Map, reusing <paramref name="previous"/> (the
    /// frame of the iteration before, which has ended) when nothing can still see it: the execution records no history
    /// and keeps no journal, as on the synchronous path. The reused frame is reset to what a new one holds (a new
    /// variable scope, no state entered, the parent's event id), so iterations do not see each other.
    /// </summary>
    /// <param name="state">The Map state.</param>
    /// <param name="index">The item's index.</param>
    /// <param name="item">The item.</param>
    /// <param name="effective">The Map's effective input.</param>
    /// <param name="previous">The previous iteration's frame, or null.</param>
    /// <param name="input">The iteration's input.</param>
    /// <param name="failure">The failure, when null.</param>
    /// <returns>The iteration's frame.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public StateFrame? StartMapIteration(MapProgram state, int index, JsonValue item, JsonValue effective, StateFrame? previous, out JsonValue input, out GraphOutcome failure) =>
        _run.StartMapIteration(state, index, item, effective, this, previous, out input, out failure);

    /// <summary>
    /// <see cref="StartMapIteration(MapProgram, int, JsonValue, JsonValue, StateFrame?, out JsonValue, out GraphOutcome)"/>
    /// with the generator's ItemSelector that gives the iteration's input as a record: the same frame (reused likewise),
    /// <c>$$.Map.Item</c> set while the selector runs, and the same failure.
    /// </summary>
    /// <typeparam name="TRecord">The record type.</typeparam>
    /// <param name="state">The Map state.</param>
    /// <param name="index">The item's index.</param>
    /// <param name="item">The item.</param>
    /// <param name="effective">The Map's effective input.</param>
    /// <param name="previous">The previous iteration's frame, or null.</param>
    /// <param name="selector">The ItemSelector.</param>
    /// <param name="input">The iteration's input.</param>
    /// <param name="failure">The failure, when null.</param>
    /// <returns>The iteration's frame.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public StateFrame? StartMapIteration<TRecord>(MapProgram state, int index, JsonValue item, JsonValue effective, StateFrame? previous, RecordSelector<TRecord> selector, out TRecord input, out GraphOutcome failure) =>
        _run.StartMapIteration(state, index, item, effective, this, previous, selector, out input, out failure);

    /// <summary>
    /// An inline Map's items as the kernel takes them from the value its ItemsPath selected: the array, or the failure
    /// that it is not one (for a runner that selects the items itself, from a record).
    /// </summary>
    /// <param name="source">The value ItemsPath selected.</param>
    /// <param name="items">The items.</param>
    /// <param name="failure">The failure, when false.</param>
    /// <returns>Whether the value is an array.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static bool TryGetMapItems(JsonValue source, out JsonArrayValue items, out GraphOutcome failure)
    {
        var ok = ExecutionRun.TryGetItemArray(source, out items, out var stop);
        failure = ok ? default : GraphOutcome.From(stop);
        return ok;
    }

    /// <summary>
    /// The first step of <see cref="FinishInlineMap"/> for a runner that finishes the Map itself: whether the gathered
    /// result is within the payload limit (else the state's <c>States.DataLimitExceeded</c> failure), and its bound.
    /// </summary>
    /// <param name="state">The Map state.</param>
    /// <param name="result">The iterations' results as an array.</param>
    /// <param name="bound">The result's bound (-1 when not known).</param>
    /// <param name="failure">The failure, when false.</param>
    /// <returns>Whether the result is within the limit.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public bool TryCheckMapResult(MapProgram state, JsonValue result, out long bound, out GraphOutcome failure)
    {
        _run.CountInlineMapEnd(this);
        return _run.TryCheckAggregate(state, result, out bound, out failure);
    }

    /// <summary>The payload check's bound of a value, measured (within the limit) when not known; -1 past the limit.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The bound, or -1.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public long MeasuredBound(JsonValue value) => _run.MeasuredBound(value);

    /// <summary>
    /// The bound of an inline Map iteration's input that the generator proved from its ItemSelector: at most
    /// <paramref name="constant"/> + <paramref name="itemInputs"/> × the item's bound + <paramref name="inputs"/> ×
    /// <paramref name="effectiveBound"/> (the Map's effective input's); -1 when a bound is not known or past the limit.
    /// </summary>
    /// <param name="item">The Map item.</param>
    /// <param name="effectiveBound">The bound of the Map's effective input (<see cref="MeasuredBound"/>), or -1.</param>
    /// <param name="constant">The part of the bound the definition fixes.</param>
    /// <param name="itemInputs">How many sub-values of the item the input may hold.</param>
    /// <param name="inputs">How many sub-values of the effective input the input may hold.</param>
    /// <returns>The bound, or -1.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public long SelectorBound(JsonValue item, long effectiveBound, long constant, int itemInputs, int inputs)
    {
        var size = constant;
        var deepest = 0L;
        if (itemInputs > 0)
        {
            var itemBound = _run.MeasuredBound(item);
            if (itemBound < 0)
            {
                return -1;
            }

            size += itemInputs * PayloadSize.SizeOf(itemBound);
            deepest = PayloadSize.DepthOf(itemBound);
        }

        if (inputs > 0)
        {
            if (effectiveBound < 0)
            {
                return -1;
            }

            size += inputs * PayloadSize.SizeOf(effectiveBound);
            deepest = System.Math.Max(deepest, PayloadSize.DepthOf(effectiveBound));
        }

        var depth = deepest + (constant / 2);
        if (depth > JsonValue.MaxDepth)
        {
            return -1;
        }

        return _run.NoPayloadLimit ? PayloadSize.Pack(PayloadSize.UnknownSize, (int)depth)
            : _run.WithinPayloadLimit(size) ? PayloadSize.Pack(size, (int)depth)
            : -1;
    }

    /// <summary>Whether this frame, a child of <paramref name="parent"/>, can be reset for the next item of the same Map.</summary>
    internal bool CanReuseFor(StateFrame parent) => _parent == parent && _segmentKind == 'i' && !Record && _run.Replay is null;

    /// <summary>Resets a Map iteration's frame (see <see cref="CanReuseFor"/>) to what a new child frame for <paramref name="index"/> holds.</summary>
    internal void ReuseForIteration(int index)
    {
        var parent = _parent!;
        _segmentIndex = index;
        _variables = null; // a new scope over the parent's, made when first used
        LastEventId = parent.LastEventId;
        Live = parent.Live;
        ChildExecution = parent.ChildExecution;
        _plain = null;
        _full = null;
        _state = null;
        _path = null;
        _random = null;
        _seeded = false;
        Step = 0;
        ReplayedFailure = false;
        DeferredFailedEvent = null;
        EnteredTime = default;
        RetryCount = 0;
        TaskToken = null;
        MapItemIndex = -1;
        MapItemValue = default;
        MapItemSource = null;
        StateInput = default;
        EnteredEventId = 0;
        _journaledClock = null;
        _clockSite = null;
        _clockReads = 0;
        ContextOverride = default;
    }

    /// <summary>Ends an inline Map whose iterations all succeeded: payload limit, ResultSelector, ResultPath, OutputPath, Assign.</summary>
    /// <param name="state">The Map state.</param>
    /// <param name="raw">Its raw input.</param>
    /// <param name="results">The iterations' outputs in order (given up by the caller).</param>
    /// <returns>The outcome.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GraphOutcome FinishInlineMap(MapProgram state, JsonValue raw, JsonValue[] results) =>
        _run.FinishInlineMap(state, raw, results, this);
}
