using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// Evaluates one field of a state (InputPath, Parameters, a Choice condition, Wait's Seconds ...) against a value.
/// The interpreter builds these from evaluators; generated code builds them from emitted methods.
/// </summary>
/// <param name="value">The value the field applies to (the state input, the effective input or the result).</param>
/// <param name="frame">The running state: context object, variables, Map item.</param>
public delegate EvaluationResult StateExpression(JsonValue value, StateFrame frame);

/// <summary>
/// Combines the raw state input with a result (JSONPath ResultPath, JSONata Output, Assign in both languages).
/// </summary>
/// <param name="stateInput">The raw state input.</param>
/// <param name="result">The result (task result after ResultSelector, the error output in a Catch ...).</param>
/// <param name="frame">The running state.</param>
public delegate EvaluationResult ResultCombiner(JsonValue stateInput, JsonValue result, StateFrame frame);

/// <summary>
/// A Map's ItemSelector written by the generator to give its result as a record (a struct of its members) rather than
/// a JSON object: the Map's effective input and the iteration's frame (whose <c>$$.Map.Item</c> is the item) in, the
/// record out.
/// </summary>
/// <typeparam name="TRecord">The record type.</typeparam>
/// <param name="effective">The Map state's effective input.</param>
/// <param name="frame">The iteration's frame.</param>
/// <param name="record">The selected record.</param>
/// <returns>Success, or the selector's failure.</returns>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate EvaluationResult RecordSelector<TRecord>(JsonValue effective, StateFrame frame, out TRecord record);

/// <summary>A compiled state machine: the root graph plus machine-level settings. Built once, run many times.</summary>
public sealed class StateMachineProgram
{
    /// <summary>Creates a program.</summary>
    public StateMachineProgram(GraphProgram root, long? timeoutSeconds, QueryLanguage queryLanguage, string definitionText)
    {
        Root = root ?? throw new ArgumentNullException(nameof(root));
        TimeoutSeconds = timeoutSeconds;
        QueryLanguage = queryLanguage;
        DefinitionText = definitionText;
    }

    /// <summary>The top-level states.</summary>
    public GraphProgram Root { get; }

    /// <summary>The machine's <c>TimeoutSeconds</c>, or null.</summary>
    public long? TimeoutSeconds { get; }

    /// <summary>The top-level query language.</summary>
    public QueryLanguage QueryLanguage { get; }

    /// <summary>The definition text (DescribeStateMachine's <c>definition</c>).</summary>
    public string DefinitionText { get; }

    /// <summary>
    /// The key of the task handlers registered for this program's definition alone
    /// (<see cref="Tasks.TaskHandlerRegistry.ForDefinition(string, System.Type)"/>), which its executions look up first: a generated class's
    /// <c>DefinitionHash</c>. Null (the interpreter's programs): only the handlers registered on the registry itself, or
    /// registered for one definition alone.
    /// </summary>
    public string? HandlerScope { get; init; }

    /// <summary>
    /// The name of the state machine its executions run as when their <see cref="ExecutionRequest.StateMachineName"/> is
    /// null (<c>$$.StateMachine.Name</c>, the ARNs): a generated class's name. Null: <c>StateMachine</c>.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>
    /// The root graph as one synchronous method, when the generator emitted one (every state is a Pass, Choice, Succeed,
    /// Fail or inline Map without Retry/Catch): the kernel runs it instead of <see cref="Root"/>'s states when the
    /// execution records no history and keeps no journal. Null: the kernel runs <see cref="Root"/>.
    /// </summary>
    public SynchronousGraph? SynchronousRoot { get; init; }

    /// <summary>
    /// The root graph as one asynchronous method, when the generator emitted one for a graph that can wait: the kernel
    /// runs it instead of <see cref="Root"/>'s states when the execution records no history and keeps no journal (and
    /// there is no <see cref="SynchronousRoot"/>). Null: the kernel runs <see cref="Root"/>.
    /// </summary>
    public AsynchronousGraph? AsynchronousRoot { get; init; }

    // 0: not known yet; 1: pure; 2: not (see PureDefinition).
    private int _pure;

    /// <summary>Whether the definition's states are pure functions of their input (<see cref="PureDefinition"/>), read once.</summary>
    internal bool IsPure
    {
        get
        {
            var pure = Volatile.Read(ref _pure);
            if (pure == 0)
            {
                pure = PureDefinition.IsPure(DefinitionText) ? 1 : 2;
                Volatile.Write(ref _pure, pure);
            }

            return pure == 1;
        }
    }
}

/// <summary>A set of states with a start state: the machine, a Parallel branch or a Map's ItemProcessor.</summary>
public sealed class GraphProgram
{
    private readonly Dictionary<string, int> _indexes;

    /// <summary>Creates a graph and links every <c>Next</c> by name to an index.</summary>
    public GraphProgram(string startAt, IReadOnlyList<StateProgram> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        States = [.. states];
        _indexes = new Dictionary<string, int>(States.Length, StringComparer.Ordinal);
        for (var i = 0; i < States.Length; i++)
        {
            _indexes[States[i].Name] = i;
        }

        StartIndex = IndexOf(startAt);
        foreach (var state in States)
        {
            state.Link(this);
        }
    }

    /// <summary>The states.</summary>
    public StateProgram[] States { get; }

    /// <summary>The index of the start state.</summary>
    public int StartIndex { get; }

    /// <summary>
    /// The graph as one method the generator emitted (a Parallel branch or an inline Map's processor of a definition
    /// that can wait): the kernel runs it instead of the graph's states when the execution records no history and
    /// keeps no journal. Null: the kernel runs the states.
    /// </summary>
    public AsynchronousGraph? Runner { get; private set; }

    /// <summary>Sets <see cref="Runner"/>, once: generated code does, as it builds the runner of the graph around this one.</summary>
    /// <param name="runner">The graph's runner.</param>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public void UseRunner(AsynchronousGraph runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        if (Runner is not null)
        {
            throw new InvalidOperationException("The graph has a runner already.");
        }

        Runner = runner;
    }

    /// <summary>
    /// Whether every state never waits: Pass, Choice, Succeed, Fail, and inline Maps without ItemReader, Retry or Catch
    /// whose processors are such graphs too. The kernel runs such graphs without async machinery when history is off.
    /// </summary>
    internal bool IsSynchronous => _synchronous ??= ComputeSynchronous();

    private bool? _synchronous;

    private bool ComputeSynchronous()
    {
        foreach (var state in States)
        {
            switch (state)
            {
                case PassProgram or ChoiceProgram or SucceedProgram or FailProgram:
                    break;
                case MapProgram map when !map.IsDistributed && map.ItemReader is null && map.ItemBatcher is null &&
                                          map.Retry is not { Count: > 0 } && map.Catch is not { Count: > 0 } && map.Processor.IsSynchronous:
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>The index of a state by name; throws when it does not exist.</summary>
    public int IndexOf(string name) =>
        _indexes.TryGetValue(name, out var index) ? index : throw new InvalidOperationException("The state '" + name + "' does not exist.");
}

/// <summary>A retrier: which errors it retries and how long it waits.</summary>
public sealed record RetryPolicy(
    IReadOnlyList<string> ErrorEquals,
    double IntervalSeconds = 1,
    int MaxAttempts = 3,
    double BackoffRate = 2,
    double? MaxDelaySeconds = null,
    JitterStrategy Jitter = JitterStrategy.None);

/// <summary>A catcher: which errors it catches, where the error output goes, and the next state.</summary>
public sealed class CatchPolicy
{
    /// <summary>Creates a catcher.</summary>
    public CatchPolicy(IReadOnlyList<string> errorEquals, string next, ResultCombiner? output, ResultCombiner? assign)
    {
        ErrorEquals = errorEquals;
        NextName = next;
        Output = output;
        Assign = assign;
    }

    /// <summary>The error names it catches.</summary>
    public IReadOnlyList<string> ErrorEquals { get; }

    /// <summary>The state to go to.</summary>
    public string NextName { get; }

    /// <summary>The index of <see cref="NextName"/>.</summary>
    public int Next { get; internal set; } = -1;

    /// <summary>Builds the state output from the raw input and the error output (JSONPath ResultPath; JSONata Output). Null: the error output is the output.</summary>
    public ResultCombiner? Output { get; }

    /// <summary>The variables to assign (an object), from the raw input and the error output.</summary>
    public ResultCombiner? Assign { get; }
}

/// <summary>One compiled state. Null delegates mean "the field is absent": the value passes through unchanged.</summary>
public abstract class StateProgram
{
    private protected StateProgram(string name, StateType type)
    {
        Name = name;
        Type = type;
        EnteredEventType = AslTypeName(type) + "StateEntered";
        ExitedEventType = AslTypeName(type) + "StateExited";
    }

    /// <summary>The state name.</summary>
    public string Name { get; }

    /// <summary>The state type.</summary>
    public StateType Type { get; }

    /// <summary>The next state's name, or null for a terminal state.</summary>
    public string? NextName { get; init; }

    /// <summary>The next state's index in its graph, or -1 when the state ends its graph.</summary>
    public int Next { get; private set; } = -1;

    /// <summary>Whether any field reads the context object (<c>$$</c> / <c>$states.context</c>); when false it is never built.</summary>
    public bool UsesContextObject { get; init; }

    /// <summary>JSONPath InputPath (null: the whole input).</summary>
    public StateExpression? InputPath { get; init; }

    /// <summary>JSONPath OutputPath (null: the whole value).</summary>
    public StateExpression? OutputPath { get; init; }

    /// <summary>The variables to assign (an object) from the raw input and the state result.</summary>
    public ResultCombiner? Assign { get; init; }

    internal string EnteredEventType { get; }

    internal string ExitedEventType { get; }

    internal virtual void Link(GraphProgram graph)
    {
        if (NextName is not null)
        {
            Next = graph.IndexOf(NextName);
        }
    }

    private protected static void LinkCatchers(GraphProgram graph, IReadOnlyList<CatchPolicy>? catchers)
    {
        if (catchers is null)
        {
            return;
        }

        foreach (var catcher in catchers)
        {
            catcher.Next = graph.IndexOf(catcher.NextName);
        }
    }

    private static string AslTypeName(StateType type) => type switch
    {
        StateType.Pass => "Pass",
        StateType.Task => "Task",
        StateType.Choice => "Choice",
        StateType.Wait => "Wait",
        StateType.Succeed => "Succeed",
        StateType.Fail => "Fail",
        StateType.Parallel => "Parallel",
        StateType.Map => "Map",
        _ => "Unknown",
    };
}

/// <summary>A Pass state.</summary>
public sealed class PassProgram(string name) : StateProgram(name, StateType.Pass)
{
    /// <summary>Parameters (JSONPath) applied to the effective input.</summary>
    public StateExpression? Parameters { get; init; }

    /// <summary>The fixed <c>Result</c> (undefined when absent).</summary>
    public JsonValue Result { get; init; }

    /// <summary>ResultPath (JSONPath) or Output (JSONata): raw input + result → output. Null: the result is the output.</summary>
    public ResultCombiner? ResultPath { get; init; }
}

/// <summary>A Task state.</summary>
public sealed class TaskProgram(string name, string resource) : StateProgram(name, StateType.Task)
{
    /// <summary>The resource ARN.</summary>
    public string Resource { get; } = resource;

    /// <summary>Parameters (JSONPath) or Arguments (JSONata).</summary>
    public StateExpression? Parameters { get; init; }

    /// <summary>ResultSelector (JSONPath).</summary>
    public StateExpression? ResultSelector { get; init; }

    /// <summary>ResultPath (JSONPath) or Output (JSONata).</summary>
    public ResultCombiner? ResultPath { get; init; }

    /// <summary>TimeoutSeconds (a number), evaluated on the raw input; null: AWS's default (99999999 s).</summary>
    public StateExpression? TimeoutSeconds { get; init; }

    /// <summary>HeartbeatSeconds (a number), evaluated on the raw input; null: none.</summary>
    public StateExpression? HeartbeatSeconds { get; init; }

    /// <summary>Credentials, evaluated on the effective input.</summary>
    public StateExpression? Credentials { get; init; }

    /// <summary>The retriers.</summary>
    public IReadOnlyList<RetryPolicy>? Retry { get; init; }

    /// <summary>The catchers.</summary>
    public IReadOnlyList<CatchPolicy>? Catch { get; init; }

    internal TaskResourceKind Kind { get; } = TaskResource.Classify(resource);

    internal override void Link(GraphProgram graph)
    {
        base.Link(graph);
        LinkCatchers(graph, Catch);
    }
}

/// <summary>One rule of a Choice state.</summary>
public sealed class ChoiceBranchProgram(StateExpression condition, string next)
{
    /// <summary>The condition: evaluates to <c>true</c> or <c>false</c> on the effective input.</summary>
    public StateExpression Condition { get; } = condition;

    /// <summary>The state to go to.</summary>
    public string NextName { get; } = next;

    /// <summary>The index of <see cref="NextName"/>.</summary>
    public int Next { get; internal set; } = -1;

    /// <summary>The rule's Assign.</summary>
    public ResultCombiner? Assign { get; init; }

    /// <summary>The rule's Output (JSONata).</summary>
    public ResultCombiner? Output { get; init; }
}

/// <summary>A Choice state.</summary>
public sealed class ChoiceProgram(string name, IReadOnlyList<ChoiceBranchProgram> choices, string? defaultName) : StateProgram(name, StateType.Choice)
{
    /// <summary>The rules in order.</summary>
    public IReadOnlyList<ChoiceBranchProgram> Choices { get; } = choices;

    /// <summary>The Default state, or null.</summary>
    public string? DefaultName { get; } = defaultName;

    /// <summary>The index of the Default state, or -1.</summary>
    public int Default { get; private set; } = -1;

    /// <summary>Output (JSONata) when the Default is taken; rules have their own.</summary>
    public ResultCombiner? Output { get; init; }

    internal override void Link(GraphProgram graph)
    {
        base.Link(graph);
        foreach (var choice in Choices)
        {
            choice.Next = graph.IndexOf(choice.NextName);
        }

        if (DefaultName is not null)
        {
            Default = graph.IndexOf(DefaultName);
        }
    }
}

/// <summary>A Wait state.</summary>
public sealed class WaitProgram(string name, StateExpression wait) : StateProgram(name, StateType.Wait)
{
    /// <summary>Gives the number of seconds (a number) or the timestamp (a string) to wait for, from the effective input.</summary>
    public StateExpression Wait { get; } = wait;

    /// <summary>Output (JSONata): raw input + effective input → output.</summary>
    public ResultCombiner? Output { get; init; }

    /// <summary>
    /// The <c>SecondsPath</c> text when the wait comes from one: its value must be a whole, non-negative number of
    /// seconds, and the errors name the path as AWS does.
    /// </summary>
    public string? SecondsPath { get; init; }

    /// <summary>
    /// The <c>TimestampPath</c> text when the wait comes from one: its value must be an ISO-8601 extended offset
    /// date-time string, and the errors name the path as AWS does.
    /// </summary>
    public string? TimestampPath { get; init; }
}

/// <summary>A Succeed state.</summary>
public sealed class SucceedProgram(string name) : StateProgram(name, StateType.Succeed)
{
    /// <summary>Output (JSONata).</summary>
    public ResultCombiner? Output { get; init; }
}

/// <summary>A Fail state.</summary>
public sealed class FailProgram(string name) : StateProgram(name, StateType.Fail)
{
    /// <summary>The error name (a string), from the raw input; null: no error.</summary>
    public StateExpression? Error { get; init; }

    /// <summary>The cause (a string), from the raw input; null: no cause.</summary>
    public StateExpression? Cause { get; init; }

    /// <summary>The <c>ErrorPath</c> text when the error comes from one (named in the error when it finds nothing).</summary>
    public string? ErrorPath { get; init; }

    /// <summary>The <c>CausePath</c> text when the cause comes from one (named in the error when it finds nothing).</summary>
    public string? CausePath { get; init; }
}

/// <summary>A Parallel state.</summary>
public sealed class ParallelProgram(string name, IReadOnlyList<GraphProgram> branches) : StateProgram(name, StateType.Parallel)
{
    /// <summary>The branches.</summary>
    public IReadOnlyList<GraphProgram> Branches { get; } = branches;

    /// <summary>Parameters (JSONPath) or Arguments (JSONata).</summary>
    public StateExpression? Parameters { get; init; }

    /// <summary>ResultSelector (JSONPath).</summary>
    public StateExpression? ResultSelector { get; init; }

    /// <summary>ResultPath (JSONPath) or Output (JSONata).</summary>
    public ResultCombiner? ResultPath { get; init; }

    /// <summary>The retriers.</summary>
    public IReadOnlyList<RetryPolicy>? Retry { get; init; }

    /// <summary>The catchers.</summary>
    public IReadOnlyList<CatchPolicy>? Catch { get; init; }

    internal override void Link(GraphProgram graph)
    {
        base.Link(graph);
        LinkCatchers(graph, Catch);
    }
}

/// <summary>A Map state, inline or distributed.</summary>
public sealed class MapProgram(string name, GraphProgram processor) : StateProgram(name, StateType.Map)
{
    /// <summary>The ItemProcessor (or Iterator).</summary>
    public GraphProgram Processor { get; } = processor;

    /// <summary>Whether the processor runs as a distributed Map (child executions, a Map Run).</summary>
    public bool IsDistributed { get; init; }

    /// <summary>The child execution type of a distributed Map.</summary>
    public ExecutionType ChildExecutionType { get; init; } = ExecutionType.Standard;

    /// <summary>ItemsPath (JSONPath) or Items (JSONata): the items array from the effective input. Null: the effective input.</summary>
    public StateExpression? Items { get; init; }

    /// <summary>ItemSelector (or legacy Parameters): each item's input, from the effective input, with <c>$$.Map.Item</c> set.</summary>
    public StateExpression? ItemSelector { get; init; }

    /// <summary>ItemReader (distributed): reads the items instead of <see cref="Items"/>.</summary>
    public ItemReaderProgram? ItemReader { get; init; }

    /// <summary>ItemBatcher (distributed).</summary>
    public ItemBatcherProgram? ItemBatcher { get; init; }

    /// <summary>ResultWriter (distributed): where the child results are written, and how they are shaped.</summary>
    public ResultWriterProgram? ResultWriter { get; init; }

    /// <summary>MaxConcurrency (a number; 0 = unlimited), from the effective input.</summary>
    public StateExpression? MaxConcurrency { get; init; }

    /// <summary>ToleratedFailureCount (a number), from the effective input.</summary>
    public StateExpression? ToleratedFailureCount { get; init; }

    /// <summary>ToleratedFailurePercentage (a number), from the effective input.</summary>
    public StateExpression? ToleratedFailurePercentage { get; init; }

    /// <summary>The <c>MaxConcurrencyPath</c> text when MaxConcurrency comes from one (named in AWS's errors).</summary>
    public string? MaxConcurrencyPath { get; init; }

    /// <summary>The <c>ToleratedFailureCountPath</c> text when the count comes from one (named in AWS's errors).</summary>
    public string? ToleratedFailureCountPath { get; init; }

    /// <summary>The <c>ToleratedFailurePercentagePath</c> text when the percentage comes from one (named in AWS's errors).</summary>
    public string? ToleratedFailurePercentagePath { get; init; }

    /// <summary>The Map's Label (distributed).</summary>
    public string? Label { get; init; }

    /// <summary>ResultSelector (JSONPath).</summary>
    public StateExpression? ResultSelector { get; init; }

    /// <summary>ResultPath (JSONPath) or Output (JSONata).</summary>
    public ResultCombiner? ResultPath { get; init; }

    /// <summary>The retriers.</summary>
    public IReadOnlyList<RetryPolicy>? Retry { get; init; }

    /// <summary>The catchers.</summary>
    public IReadOnlyList<CatchPolicy>? Catch { get; init; }

    internal override void Link(GraphProgram graph)
    {
        base.Link(graph);
        LinkCatchers(graph, Catch);
    }
}

/// <summary>A distributed Map's ItemReader.</summary>
public sealed class ItemReaderProgram(string resource)
{
    /// <summary>The reader resource, e.g. <c>arn:aws:states:::s3:getObject</c>.</summary>
    public string Resource { get; } = resource;

    /// <summary>The reader's Parameters/Arguments, evaluated on the effective input.</summary>
    public StateExpression? Parameters { get; init; }

    /// <summary>The ReaderConfig as JSON (InputType, CSVHeaders, MaxItems ...).</summary>
    public JsonValue ReaderConfig { get; init; }

    /// <summary>MaxItems (a number) from the effective input, or null.</summary>
    public StateExpression? MaxItems { get; init; }
}

/// <summary>A distributed Map's ResultWriter.</summary>
public sealed class ResultWriterProgram(string? resource)
{
    /// <summary>The writer resource (<c>arn:aws:states:::s3:putObject</c>), or null: the results are only shaped, not written.</summary>
    public string? Resource { get; } = resource;

    /// <summary>The writer's Parameters/Arguments (Bucket, Prefix), evaluated on the effective input.</summary>
    public StateExpression? Parameters { get; init; }

    /// <summary>The WriterConfig as JSON (OutputType JSON/JSONL, Transformation NONE/COMPACT/FLATTEN); undefined when absent.</summary>
    public JsonValue WriterConfig { get; init; }
}

/// <summary>A distributed Map's ItemBatcher.</summary>
public sealed class ItemBatcherProgram
{
    /// <summary>MaxItemsPerBatch (a number), or null.</summary>
    public StateExpression? MaxItemsPerBatch { get; init; }

    /// <summary>MaxInputBytesPerBatch (a number), or null.</summary>
    public StateExpression? MaxInputBytesPerBatch { get; init; }

    /// <summary>BatchInput (an object merged into every batch), or null.</summary>
    public StateExpression? BatchInput { get; init; }
}
