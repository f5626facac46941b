using System;
using System.Globalization;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// The running state as its fields see it: the context object (built only when a field reads it), the variables in
/// scope, the Map item. One frame per graph run (the execution, a Parallel branch, a Map iteration), moved from state to state.
/// </summary>
public sealed class StateFrame
{
    private readonly ExecutionRun _run;
    private EvaluationContext? _plain;
    private EvaluationContext? _full;
    private StateProgram? _state;

    internal StateFrame(ExecutionRun run, VariableScope variables, bool record, long lastEventId)
    {
        _run = run;
        Variables = variables;
        Record = record;
        LastEventId = lastEventId;
    }

    /// <summary>The variables in scope.</summary>
    public VariableScope Variables { get; }

    /// <summary>The current state's name.</summary>
    public string StateName => _state?.Name ?? string.Empty;

    /// <summary>When the current state was entered.</summary>
    public DateTimeOffset EnteredTime { get; private set; }

    /// <summary>How many times the current state has been retried.</summary>
    public int RetryCount { get; private set; }

    /// <summary>The task token of the current task, or null.</summary>
    public string? TaskToken { get; private set; }

    /// <summary>The current Map item's index, or -1.</summary>
    public int MapItemIndex { get; private set; } = -1;

    /// <summary>The current Map item's value (undefined outside a Map).</summary>
    public JsonValue MapItemValue { get; private set; }

    /// <summary>The raw input of the current state (JSONata's <c>$states.input</c>).</summary>
    public JsonValue StateInput { get; private set; }

    /// <summary>The execution's ARN.</summary>
    public string ExecutionArn => _run.ExecutionArn;

    /// <summary>The id of the current state's <c>*StateEntered</c> event (0 when history is off); AWS's cause texts name it.</summary>
    public long EnteredEventId { get; internal set; }

    /// <summary>The kernel's clock (JSONata's <c>$now()</c> and <c>$millis()</c> read it).</summary>
    public TimeProvider Clock => _run.Clock;

    /// <summary>
    /// Records an <c>EvaluationFailed</c> event (as AWS does when a JSONata field fails) for the current state;
    /// <paramref name="location"/> is the field (<c>Arguments/FunctionName</c>), or null when the failure is not a field's.
    /// </summary>
    public void ReportEvaluationFailure(string error, string cause, string? location)
    {
        if (!Record)
        {
            return;
        }

        var builder = new JsonObjectBuilder(4);
        builder.Set("cause", cause);
        builder.Set("error", error);
        if (location is not null)
        {
            builder.Set("location", location);
        }

        builder.Set("state", StateName);
        _run.Record(this, "EvaluationFailed", "evaluationFailedEventDetails", builder.ToObject());
    }

    internal bool Record { get; }

    internal long LastEventId { get; set; }

    /// <summary>What JSONPath evaluation sees: the context object when the state reads it, and the variables.</summary>
    public EvaluationContext EvaluationContext
    {
        get
        {
            if (_state is { UsesContextObject: true } || MapItemIndex >= 0)
            {
                return _full ??= new EvaluationContext { ContextObject = BuildContextObject(), Variables = Variables, Random = _run.Random };
            }

            return _plain ??= new EvaluationContext { Variables = Variables, Random = _run.Random };
        }
    }

    /// <summary>The context object (<c>$$</c>) of the current state.</summary>
    public JsonValue ContextObject => BuildContextObject();

    /// <summary>A context object given from outside (TestState's <c>context</c>) that replaces the built one; undefined: build it.</summary>
    internal JsonValue ContextOverride { get; set; }

    internal void Enter(StateProgram state, JsonValue input, DateTimeOffset now)
    {
        _state = state;
        StateInput = input;
        EnteredTime = now;
        RetryCount = 0;
        TaskToken = null;
        _full = null;
    }

    internal void SetRetryCount(int count)
    {
        RetryCount = count;
        _full = null;
    }

    internal void SetTaskToken(string? token)
    {
        TaskToken = token;
        _full = null;
    }

    internal void SetMapItem(int index, JsonValue value)
    {
        MapItemIndex = index;
        MapItemValue = value;
        _full = null;
    }

    internal void InheritState(StateFrame parent)
    {
        _state = parent._state;
        EnteredTime = parent.EnteredTime;
        EnteredEventId = parent.EnteredEventId;
        StateInput = parent.StateInput;
    }

    private JsonValue BuildContextObject()
    {
        if (!ContextOverride.IsUndefined)
        {
            return ContextOverride;
        }

        var builder = new JsonObjectBuilder(5);
        builder.Set("Execution", _run.ExecutionContext);
        builder.Set("StateMachine", _run.StateMachineContext);
        builder.Set("State", JsonValue.CreateObject(
            new("EnteredTime", FormatTime(EnteredTime)),
            new("Name", StateName),
            new("RetryCount", RetryCount)));
        if (TaskToken is not null)
        {
            builder.Set("Task", JsonMembers.Single("Token", TaskToken));
        }

        if (MapItemIndex >= 0)
        {
            builder.Set("Map", JsonMembers.Single("Item", JsonValue.CreateObject(new("Index", MapItemIndex), new("Value", MapItemValue))));
        }

        return builder.ToObject();
    }

    internal static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
