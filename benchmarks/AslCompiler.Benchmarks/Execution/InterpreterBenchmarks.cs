using System;
using System.IO;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using BenchmarkDotNet.Attributes;

namespace AslCompiler.Benchmarks.Execution;

/// <summary>
/// Express executions of ../shared/bench/workflow20.asl.json on the interpreter, history off, one thread
/// (issue 6: goal ≥ 30× aws-local-stepfunctions on the same machine).
/// </summary>
[MemoryDiagnoser]
public class InterpreterBenchmarks
{
    private StateMachineProgram _program = null!;
    private ExecutionKernel _kernel = null!;
    private JsonValue _input;
    private readonly ExecutionRequest _request = new() { Type = ExecutionType.Express, RecordHistory = false, Name = "bench" };

    /// <summary>Compiles the workflow once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var bench = FindBench();
        _program = AslInterpreter.Compile(File.ReadAllText(Path.Combine(bench, "workflow20.asl.json")));
        _input = JsonValue.Parse(File.ReadAllText(Path.Combine(bench, "workflow20.input.json")));
        _kernel = new ExecutionKernel();
        var check = Run();
        if (check.Status != ExecutionStatus.Succeeded)
        {
            throw new InvalidOperationException("workflow20 did not succeed: " + check.Error + " " + check.Cause);
        }
    }

    /// <summary>One Express execution, history off.</summary>
    [Benchmark]
    public ExecutionResult Workflow20Express() => Run();

    private ExecutionResult Run()
    {
        var pending = _kernel.RunAsync(_program, _input, _request);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    private static string FindBench()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "bench");
            if (File.Exists(Path.Combine(dir.FullName, "AslCompiler.sln")) && Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new DirectoryNotFoundException("../shared/bench was not found next to the repository root.");
    }
}
