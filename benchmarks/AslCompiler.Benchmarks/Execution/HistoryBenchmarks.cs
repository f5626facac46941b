using System;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using BenchmarkDotNet.Attributes;

namespace AslCompiler.Benchmarks.Execution;

/// <summary>
/// ../shared/bench/workflow20.asl.json with its history recorded (as a Standard execution records it, and as
/// <c>asl run --history</c> and local testing read it): 68 events, each state's input and output as JSON text.
/// </summary>
[MemoryDiagnoser]
public class HistoryBenchmarks
{
    private readonly ExecutionKernel _kernel = new();
    private readonly ExecutionRequest _request = new() { Type = ExecutionType.Standard, RecordHistory = true, Name = "bench" };
    private StateMachineProgram _interpreted = null!;
    private JsonValue _input;

    /// <summary>Builds the interpreter's program and checks both record the same history.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _interpreted = BenchFiles.Workflow20Interpreted();
        _input = BenchFiles.Workflow20InputValue();
        var compiled = Compiled();
        var interpreted = Interpreted();
        if (compiled.Status != ExecutionStatus.Succeeded || compiled.History is null || interpreted.History is null
            || compiled.History.Count != interpreted.History.Count || !compiled.Output.Equals(interpreted.Output))
        {
            throw new InvalidOperationException("Compiled and interpreted workflow20 histories disagree.");
        }
    }

    /// <summary>One execution on the interpreter's program, history recorded.</summary>
    [Benchmark(Baseline = true)]
    public ExecutionResult Interpreted() => Run(_interpreted);

    /// <summary>One execution on the generated, compiled program, history recorded.</summary>
    [Benchmark]
    public ExecutionResult Compiled() => Run(Workflow20.Program);

    private ExecutionResult Run(StateMachineProgram program)
    {
        var pending = _kernel.RunAsync(program, _input, _request);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }
}
