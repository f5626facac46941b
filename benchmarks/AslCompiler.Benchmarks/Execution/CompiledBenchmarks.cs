using System;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using BenchmarkDotNet.Attributes;

namespace AslCompiler.Benchmarks.Execution;

/// <summary>
/// ../shared/bench/workflow20.asl.json compiled by the source generator (the class <c>Workflow20</c>) against the same
/// definition on the interpreter: Express executions, history off, one thread, the same kernel (issue 7).
/// </summary>
[MemoryDiagnoser]
public class CompiledBenchmarks : ExpressBenchmark
{
    private StateMachineProgram _interpreted = null!;
    private JsonValue _input;

    /// <summary>Builds both programs once and checks they agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _interpreted = BenchFiles.Workflow20Interpreted();
        _input = BenchFiles.Workflow20InputValue();
        var compiled = Run(Workflow20.Program, _input);
        var interpreted = Run(_interpreted, _input);
        if (compiled.Status != ExecutionStatus.Succeeded || !compiled.Output.Equals(interpreted.Output) || !compiled.Output.Equals(HandWritten()) || !compiled.Output.Equals(HandWrittenPerState()))
        {
            throw new InvalidOperationException("Compiled, interpreted and hand-written workflow20 disagree: " + compiled.Output + " / " + interpreted.Output + " / " + HandWritten() + " / " + HandWrittenPerState());
        }
    }

    /// <summary>The same workflow as plain C# over the same JSON values (no kernel).</summary>
    [Benchmark]
    public JsonValue HandWritten() => HandWrittenWorkflow20.Run(_input);

    /// <summary>The same workflow as plain C# doing each executed state's JSON step (no kernel).</summary>
    [Benchmark]
    public JsonValue HandWrittenPerState() => HandWrittenPerStateWorkflow20.Run(_input);

    /// <summary>One execution on the interpreter's program.</summary>
    [Benchmark(Baseline = true)]
    public ExecutionResult Interpreted() => Run(_interpreted, _input);

    /// <summary>One execution on the generated, compiled program.</summary>
    [Benchmark]
    public ExecutionResult Compiled() => Run(Workflow20.Program, _input);
}
