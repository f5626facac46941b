using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Timing;
using BenchmarkDotNet.Attributes;

namespace AslCompiler.Benchmarks.Execution;

/// <summary>
/// Waits on the virtual clock (what <c>asl run</c> and TestState use): a loop of 200 one-second Wait states, and a Map of
/// 200 iterations that each wait twice, all due at the same instants. Virtual time moves as soon as the run is idle, so
/// the real time per timer is what driving the clock costs, not a polling interval.
/// </summary>
[MemoryDiagnoser]
public class VirtualClockBenchmarks
{
    private const int Count = 200;
    private StateMachineProgram _loop = null!;
    private StateMachineProgram _map = null!;
    private JsonValue _items;

    /// <summary>Builds both definitions and checks one run of each.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _loop = AslInterpreter.Compile("""
            {"StartAt": "W", "States": {
              "W": {"Type": "Wait", "Seconds": 1, "Next": "Inc"},
              "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "C"},
              "C": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 200, "Next": "W"}], "Default": "Done"},
              "Done": {"Type": "Succeed"}}}
            """);
        _map = AslInterpreter.Compile("""
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "W1", "States": {
              "W1": {"Type": "Wait", "Seconds": 5, "Next": "W2"},
              "W2": {"Type": "Wait", "Seconds": 3, "End": true}}}, "End": true}}}
            """);
        _items = JsonValue.Parse("{\"items\":[" + string.Join(",", Enumerable.Range(0, Count).Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]}");
        var loop = WaitLoop().GetAwaiter().GetResult();
        var map = WaitingMap().GetAwaiter().GetResult();
        if (loop.Status != ExecutionStatus.Succeeded || map.Status != ExecutionStatus.Succeeded || map.Output.GetArray().Count != Count)
        {
            throw new InvalidOperationException("A virtual-clock run failed: " + loop.Cause + " " + map.Cause);
        }
    }

    /// <summary>200 Wait states one after another.</summary>
    [Benchmark]
    public Task<ExecutionResult> WaitLoop() => Run(_loop, JsonValue.Parse("{\"i\":0}"));

    /// <summary>A Map of 200 iterations, each waiting 5 s then 3 s.</summary>
    [Benchmark]
    public Task<ExecutionResult> WaitingMap() => Run(_map, _items);

    private static Task<ExecutionResult> Run(StateMachineProgram program, JsonValue input)
    {
        var clock = new VirtualTimeProvider();
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock });
        return VirtualClock.RunAsync(clock, kernel.RunAsync(program, input).AsTask(), TimeSpan.FromSeconds(10));
    }
}
