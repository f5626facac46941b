using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Benchmarks.Execution;

/// <summary>What the Express execution benchmarks share: one kernel, history off, each run to its end on the calling thread.</summary>
public abstract class ExpressBenchmark
{
    private readonly ExecutionRequest _request = new() { Type = ExecutionType.Express, RecordHistory = false, Name = "bench" };

    /// <summary>The kernel every run uses.</summary>
    protected ExecutionKernel Kernel { get; } = new();

    /// <summary>Runs <paramref name="program"/> on <paramref name="input"/> to its end.</summary>
    /// <param name="program">The program.</param>
    /// <param name="input">The execution's input.</param>
    /// <returns>The result.</returns>
    protected ExecutionResult Run(StateMachineProgram program, JsonValue input)
    {
        var pending = Kernel.RunAsync(program, input, _request);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }
}
