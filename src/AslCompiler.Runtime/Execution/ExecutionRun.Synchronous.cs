using System.Threading;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

/// <summary>The kernel's side of <see cref="SynchronousGraph"/>: the same steps as <see cref="RunGraphAsync"/> and the inline Map.</summary>
internal sealed partial class ExecutionRun
{
    /// <summary>Whether the root runs as the program's <see cref="SynchronousGraph"/>: no history, no journal.</summary>
    private bool RunsSynchronously => _history is null && _replay is null && _program.SynchronousRoot is not null;

    private StepOutcome RunSynchronously(StateFrame frame, CancellationToken cancellationToken) =>
        _program.SynchronousRoot!(Input, frame, cancellationToken).ToStep();

    internal bool EnterSynchronously(StateFrame frame, StateProgram state, JsonValue input, CancellationToken cancellationToken, out GraphOutcome stop)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_historyExceeded)
        {
            stop = GraphOutcome.Failure(StatesErrors.Runtime, "The execution history exceeded the limit of " + _kernel.Options.MaxHistoryEvents + " events.");
            return false;
        }

        var now = _time.GetUtcNow();
        if (now >= _deadline)
        {
            _timedOut = true;
            stop = GraphOutcome.Failure(StatesErrors.Timeout, "The execution timed out.");
            return false;
        }

        frame.Enter(state, input, now);
        frame.EnteredEventId = frame.LastEventId;
        stop = default;
        return true;
    }

    internal static StepOutcome RunPassState(PassProgram state, JsonValue raw, StateFrame frame) => RunPass(state, raw, frame);

    internal static StepOutcome RunChoiceState(ChoiceProgram state, JsonValue raw, StateFrame frame) => RunChoice(state, raw, frame);

    internal static StepOutcome RunSucceedState(SucceedProgram state, JsonValue raw, StateFrame frame) => RunSucceed(state, raw, frame);

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

    internal StateFrame? StartMapIteration(MapProgram map, int index, JsonValue item, JsonValue effective, StateFrame parent, out JsonValue input, out GraphOutcome failure)
    {
        var child = StartIteration(map, index, item, effective, parent, parent.Record, out input, out var stop);
        failure = child is null ? GraphOutcome.From(stop) : default;
        return child;
    }

    internal GraphOutcome FinishInlineMap(MapProgram map, JsonValue raw, JsonValue[] results, StateFrame frame) =>
        GraphOutcome.From(FinishAggregate(map, map.ResultSelector, map.ResultPath, raw, JsonArrayValue.FromOwnedArray(results), frame, map.Next));
}
