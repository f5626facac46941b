using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using BenchmarkDotNet.Attributes;

namespace AslCompiler.Benchmarks.Execution;

/// <summary>
/// An inline Map whose iterations each call a Task handler that completes asynchronously (it yields once), with all
/// iterations at once (MaxConcurrency 0) or ten at a time: the cost of the Map's bookkeeping as iterations end.
/// </summary>
[MemoryDiagnoser]
public class InlineMapBenchmarks
{
    private const string Resource = "arn:aws:lambda:us-east-1:123456789012:function:item";

    private readonly ExecutionRequest _request = new() { Type = ExecutionType.Express, RecordHistory = false };
    private ExecutionKernel _kernel = null!;
    private StateMachineProgram _program = null!;
    private JsonValue _input;

    /// <summary>How many items the Map iterates over.</summary>
    [Params(1_000, 4_000)]
    public int Items { get; set; }

    /// <summary>The Map's MaxConcurrency (0: no limit).</summary>
    [Params(0, 10)]
    public int MaxConcurrency { get; set; }

    /// <summary>Builds the program and the input.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var handlers = new TaskHandlerRegistry().Register(Resource, async invocation =>
        {
            await Task.Yield();
            return invocation.Input;
        });
        _kernel = new ExecutionKernel(new ExecutionOptions { TaskHandlers = handlers });
        _program = AslInterpreter.Compile(
            "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\",\"MaxConcurrency\":" + MaxConcurrency.ToString(CultureInfo.InvariantCulture)
            + ",\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"INLINE\"},\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"" + Resource + "\",\"End\":true}}},\"End\":true}}}");
        _input = JsonValue.Parse("{\"items\":[" + string.Join(",", Enumerable.Range(0, Items)) + "]}");
        if (Run().GetAwaiter().GetResult().Status != ExecutionStatus.Succeeded)
        {
            throw new InvalidOperationException("The Map did not succeed.");
        }
    }

    /// <summary>One execution of the Map.</summary>
    [Benchmark]
    public Task<ExecutionResult> Run() => _kernel.RunAsync(_program, _input, _request).AsTask();
}
