using System;
using System.Globalization;
using System.Linq;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using BenchmarkDotNet.Attributes;

namespace AslCompiler.Benchmarks.Execution;

/// <summary>
/// Standard executions of ../shared/bench/workflow20.asl.json with history, with and without a journal over the
/// in-memory store (a commit per state transition). Transitions per second = transitions per execution (printed at
/// setup) / the mean time. The SQLite store has its own benchmark in its project.
/// </summary>
[MemoryDiagnoser]
public class DurableStandardBenchmarks
{
    private const int ExecutionsPerStore = 1000;

    private StateMachineProgram _program = null!;
    private ExecutionKernel _kernel = null!;
    private JsonValue _input;
    private InMemoryStepFunctionsStore _store = new();
    private int _executions;

    /// <summary>Compiles the workflow and reports how many transitions one execution makes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _program = BenchFiles.Workflow20Interpreted();
        _input = BenchFiles.Workflow20InputValue();
        _kernel = new ExecutionKernel();
        var check = Journaled();
        if (check.Status != ExecutionStatus.Succeeded)
        {
            throw new InvalidOperationException("workflow20 did not succeed: " + check.Error + " " + check.Cause);
        }

        var transitions = check.History!.Events.Count(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal));
        Console.WriteLine("// workflow20: " + transitions.ToString(CultureInfo.InvariantCulture) + " state transitions per execution, "
            + _store.CommitCount.ToString(CultureInfo.InvariantCulture) + " commits");
    }

    /// <summary>A Standard execution with history, no journal (today's in-memory path).</summary>
    [Benchmark(Baseline = true)]
    public ExecutionResult StandardInMemory() => Run(new ExecutionRequest { Name = "bench" });

    /// <summary>A Standard execution with history and a journal on the in-memory store, committed at every transition.</summary>
    [Benchmark]
    public ExecutionResult StandardJournaled() => Journaled();

    private ExecutionResult Journaled()
    {
        if (++_executions % ExecutionsPerStore == 0)
        {
            _store = new InMemoryStepFunctionsStore(); // keeps memory flat over millions of executions
        }

        var name = "bench-" + _executions.ToString(CultureInfo.InvariantCulture);
        var journal = _store.OpenJournalAsync(name, default).AsTask().GetAwaiter().GetResult();
        return Run(new ExecutionRequest { Name = name, Journal = journal });
    }

    private ExecutionResult Run(ExecutionRequest request)
    {
        var pending = _kernel.RunAsync(_program, _input, request);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }
}
