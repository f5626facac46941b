using System.ComponentModel;
using System.Threading;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// A state graph that the generator emitted as one synchronous method (its states are Pass, Choice, Succeed, Fail and
/// inline Map states, whose fields never wait): the kernel runs it in place of the graph's states when the execution
/// records no history and keeps no journal. It calls the same kernel helpers (<see cref="StateFrame"/>'s
/// <c>EnterState</c>, <c>RunPass</c> ...) as the kernel's own loop, so both behave identically.
/// </summary>
/// <param name="input">The graph's input.</param>
/// <param name="frame">The graph's frame.</param>
/// <param name="cancellationToken">Cancels the execution (checked as each state is entered).</param>
/// <returns>The graph's outcome.</returns>
public delegate GraphOutcome SynchronousGraph(JsonValue input, StateFrame frame, CancellationToken cancellationToken);

/// <summary>
/// A state graph that the generator emitted as one asynchronous method: its Pass, Choice and Succeed states are written
/// out in place, and every other state (Task, Wait, Parallel, Map ...) runs through the kernel's own step
/// (<see cref="StateFrame.RunStateAsync"/>). The kernel runs it in place of the graph's states when the execution records
/// no history and keeps no journal, and the graph is not one that never waits (see <see cref="SynchronousGraph"/>).
/// </summary>
/// <param name="input">The graph's input.</param>
/// <param name="frame">The graph's frame.</param>
/// <param name="cancellationToken">Cancels the execution (checked as each state is entered).</param>
/// <returns>The graph's outcome.</returns>
public delegate System.Threading.Tasks.ValueTask<GraphOutcome> AsynchronousGraph(JsonValue input, StateFrame frame, CancellationToken cancellationToken);

/// <summary>The outcome of a state or a graph run synchronously: an output and the next state, or an error. For generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GraphOutcome
{
    private GraphOutcome(JsonValue output, int next, string? error, string? cause, bool failed)
    {
        Output = output;
        Next = next;
        Error = error;
        Cause = cause;
        Failed = failed;
    }

    /// <summary>The output (undefined when failed).</summary>
    public JsonValue Output { get; }

    /// <summary>The index of the next state in the graph, or -1 when the graph ends.</summary>
    public int Next { get; }

    /// <summary>The error name (may be null for a Fail state without one).</summary>
    public string? Error { get; }

    /// <summary>The cause.</summary>
    public string? Cause { get; }

    /// <summary>Whether the state or graph failed.</summary>
    public bool Failed { get; }

    /// <summary>A failure.</summary>
    /// <param name="error">The error name.</param>
    /// <param name="cause">The cause.</param>
    /// <returns>The outcome.</returns>
    public static GraphOutcome Failure(string? error, string? cause) => new(default, -1, error, cause, true);

    /// <summary>A success: the state's output and the index of the next state (-1: the graph ends with this output).</summary>
    /// <param name="output">The output.</param>
    /// <param name="next">The next state's index, or -1.</param>
    /// <returns>The outcome.</returns>
    public static GraphOutcome Success(JsonValue output, int next) => new(output, next, null, null, false);

    /// <summary>A Choice state none of whose rules matched and that has no Default (<c>States.NoChoiceMatched</c>).</summary>
    public static GraphOutcome NoChoiceMatched => Failure(StatesErrors.NoChoiceMatched, "No Matches!");

    /// <summary>A failure of an evaluation.</summary>
    /// <param name="result">The failed evaluation.</param>
    /// <returns>The outcome.</returns>
    public static GraphOutcome Failure(EvaluationResult result) => new(default, -1, result.Error, result.Cause, true);

    internal static GraphOutcome From(StepOutcome outcome) => outcome.Failed
        ? new(default, -1, outcome.Error, outcome.Cause, true)
        : new(outcome.Output, outcome.Next, null, null, false);

    internal StepOutcome ToStep() => Failed ? StepOutcome.Failure(Error, Cause) : StepOutcome.Success(Output, Next);
}
