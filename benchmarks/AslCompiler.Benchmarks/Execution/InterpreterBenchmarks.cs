using System;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using BenchmarkDotNet.Attributes;

namespace AslCompiler.Benchmarks.Execution;

/// <summary>
/// Express executions of ../shared/bench/workflow20.asl.json on the interpreter, history off, one thread
/// (issue 6: goal ≥ 30× aws-local-stepfunctions on the same machine).
/// </summary>
[MemoryDiagnoser]
public class InterpreterBenchmarks : ExpressBenchmark
{
    private StateMachineProgram _program = null!;
    private JsonValue _input;

    /// <summary>Compiles the workflow once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _program = BenchFiles.Workflow20Interpreted();
        _input = BenchFiles.Workflow20InputValue();
        var check = Run(_program, _input);
        if (check.Status != ExecutionStatus.Succeeded)
        {
            throw new InvalidOperationException("workflow20 did not succeed: " + check.Error + " " + check.Cause);
        }
    }

    /// <summary>One Express execution, history off.</summary>
    [Benchmark]
    public ExecutionResult Workflow20Express() => Run(_program, _input);
}
