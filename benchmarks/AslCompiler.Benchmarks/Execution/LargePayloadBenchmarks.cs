using System;
using System.Globalization;
using System.Linq;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using BenchmarkDotNet.Attributes;

namespace AslCompiler.Benchmarks.Execution;

/// <summary>
/// The payload check on a large payload: 20 Pass states hand on an array of 2,000 objects (about 200 KB, under the
/// 256 KiB limit) and count, on the interpreter, history off. A measured array keeps its exact size, so the states
/// after the first do not walk it again. The input is the same object in every run, so here it is measured only in the
/// first run; a new input is measured once, by the execution's first check.
/// </summary>
[MemoryDiagnoser]
public class LargePayloadBenchmarks : ExpressBenchmark
{
    private const int States = 20;
    private StateMachineProgram _program = null!;
    private JsonValue _input;

    /// <summary>Builds the definition and the input, and checks one run.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var states = string.Join(",", Enumerable.Range(0, States).Select(i =>
            "\"S" + i.ToString(CultureInfo.InvariantCulture) + "\":{\"Type\":\"Pass\",\"Parameters\":{\"items.$\":\"$.items\",\"i.$\":\"States.MathAdd($.i, 1)\"}," +
            (i < States - 1 ? "\"Next\":\"S" + (i + 1).ToString(CultureInfo.InvariantCulture) + "\"" : "\"End\":true") + "}"));
        _program = AslInterpreter.Compile("{\"StartAt\":\"S0\",\"States\":{" + states + "}}");
        var items = string.Join(",", Enumerable.Range(0, 2000).Select(k =>
            "{\"sku\":\"sku-" + k.ToString(CultureInfo.InvariantCulture) + "\",\"name\":\"Widget \\u00e9 " + k.ToString(CultureInfo.InvariantCulture) +
            "\",\"qty\":" + k.ToString(CultureInfo.InvariantCulture) + ",\"price\":" + (k * 1.5).ToString("R", CultureInfo.InvariantCulture) + ",\"tags\":[\"a\",\"b\"]}"));
        _input = JsonValue.Parse("{\"items\":[" + items + "],\"i\":0}");
        var result = Execute();
        if (result.Status != ExecutionStatus.Succeeded || !result.Output["i"].Equals(JsonValue.Parse(States.ToString(CultureInfo.InvariantCulture))))
        {
            throw new InvalidOperationException("The large-payload run failed: " + result.Error + " " + result.Cause);
        }
    }

    /// <summary>One execution.</summary>
    [Benchmark]
    public ExecutionResult Execute() => Run(_program, _input);
}
