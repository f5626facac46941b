using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// The synchronous root: generated for definitions whose states never wait, not for others, and the same outcomes as
/// the interpreter with history on and off (success, a failing Map iteration, a path that names nothing).
/// </summary>
public class SynchronousRootTests
{
    private const string Loop = """
        {
          "StartAt": "Init",
          "States": {
            "Init": { "Type": "Pass", "Parameters": { "items.$": "$.items", "i": 0, "n.$": "States.ArrayLength($.items)" }, "Next": "Lines" },
            "Lines": {
              "Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.lines",
              "ItemSelector": { "v.$": "$$.Map.Item.Value", "at.$": "$$.Map.Item.Index" },
              "ItemProcessor": {
                "StartAt": "Check",
                "States": {
                  "Check": { "Type": "Choice", "Choices": [ { "Variable": "$.v", "NumericGreaterThan": 100, "Next": "TooBig" } ], "Default": "Line" },
                  "TooBig": { "Type": "Fail", "Error": "TooBig", "Cause": "an item is over 100" },
                  "Line": { "Type": "Pass", "Parameters": { "text.$": "States.Format('{} at {}', $.v, $.at)", "sum.$": "States.MathAdd($.v, States.ArrayLength(States.Array(1, 2)))" }, "End": true }
                }
              },
              "Next": "Loop"
            },
            "Loop": { "Type": "Choice", "Choices": [ { "Variable": "$.i", "NumericLessThanPath": "$.n", "Next": "Step" } ], "Default": "Done" },
            "Step": { "Type": "Pass", "Parameters": { "items.$": "$.items", "lines.$": "$.lines", "n.$": "$.n", "i.$": "States.MathAdd($.i, 1)", "missing.$": "$.items[0]" }, "Next": "Loop" },
            "Done": { "Type": "Succeed", "OutputPath": "$.lines" }
          }
        }
        """;

    private const string WithTask = """
        { "StartAt": "Call", "States": { "Call": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true } } }
        """;

    [Fact]
    public void Only_definitions_whose_states_never_wait_get_a_synchronous_root()
    {
        var (output, sources) = Generate(("Flows/Loop.asl.json", Loop), ("Flows/WithTask.asl.json", WithTask));

        var loop = sources["Flows.Loop.asl.g.cs"];
        Assert.Contains("SynchronousRoot = new SynchronousGraph", loop, StringComparison.Ordinal);
        Assert.Contains("private sealed class SynchronousGraph2", loop, StringComparison.Ordinal);
        Assert.Contains("case 0: // Init (Pass), methods State1_*", loop, StringComparison.Ordinal); // the case is the index in its graph, the methods number across the definition
        Assert.Contains("IntrinsicFunction(\"States.Format('{} at {}', $.v, $.at)\")", loop, StringComparison.Ordinal);
        Assert.Contains("TryGetMapItemValue(frame, out global::AslCompiler.Runtime.Json.JsonValue m3)", loop, StringComparison.Ordinal);
        Assert.DoesNotContain("CompiledIntrinsic", loop, StringComparison.Ordinal);
        Assert.DoesNotContain("SynchronousRoot", sources["Flows.WithTask.asl.g.cs"], StringComparison.Ordinal);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
    }

    [Theory]
    [InlineData("""{"items":[1,2,3]}""")]
    [InlineData("""{"items":[1,200,3]}""")]
    [InlineData("""{"items":[]}""")]
    [InlineData("""{"items":"not an array"}""")]
    [InlineData("""{"other":1}""")]
    public async Task Synchronous_root_and_interpreter_agree_with_history_on_and_off(string input)
    {
        var (output, _) = Generate(("Flows/Loop.asl.json", Loop));
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Loop", "synchronous");
        try
        {
            Assert.NotNull(compiled.SynchronousRoot);
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, Loop, input, () => new ExecutionKernel(), "sync");
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public async Task A_loop_that_never_ends_times_out_on_the_system_clock()
    {
        const string forever = """
            {
              "TimeoutSeconds": 1,
              "StartAt": "Count",
              "States": {
                "Count": { "Type": "Pass", "Parameters": { "at.$": "$$.State.EnteredTime" }, "Next": "Again" },
                "Again": { "Type": "Choice", "Choices": [ { "Variable": "$.at", "IsPresent": true, "Next": "Count" } ], "Default": "Done" },
                "Done": { "Type": "Succeed" }
              }
            }
            """;
        var (output, _) = Generate(("Flows/Forever.asl.json", forever));
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Forever", "forever");
        try
        {
            Assert.NotNull(compiled.SynchronousRoot);
            foreach (var program in new[] { compiled, AslInterpreter.Compile(forever) })
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var result = await RunAsync(program, JsonValue.Parse("{}"), history: false);
                Assert.Equal(ExecutionStatus.TimedOut, result.Status);
                Assert.Null(result.Error); // as DescribeExecution shows a timed-out execution: no error, no cause
                Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 30);
            }
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public async Task An_item_selector_reads_the_Map_states_entered_time_though_the_system_clock_is_read_late()
    {
        // On the system clock a state's entered time is read when first needed. The iterations' frames take the Map
        // state's, so every item sees one time and the Map's ResultSelector the same one, however long the iterations
        // take in between (the first iteration's JSONata burns a few milliseconds).
        const string definition = """
            {
              "StartAt": "Lines",
              "States": {
                "Lines": {
                  "Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1,
                  "ItemSelector": { "at.$": "$$.State.EnteredTime", "v.$": "$$.Map.Item.Value" },
                  "ItemProcessor": {
                    "StartAt": "Burn",
                    "States": {
                      "Burn": { "Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $merge([$states.input, { 'n': $states.input.v = 0 ? $count([1..300000][$ % 7 = 0]) : 0 }]) %}", "End": true }
                    }
                  },
                  "ResultSelector": { "lines.$": "$", "mapAt.$": "$$.State.EnteredTime" },
                  "End": true
                }
              }
            }
            """;
        var (output, _) = Generate(("Flows/Times.asl.json", definition));
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Times", "times");
        try
        {
            Assert.NotNull(compiled.SynchronousRoot);
            foreach (var program in new[] { compiled, AslInterpreter.Compile(definition) })
            {
                foreach (var history in new[] { false, true })
                {
                    var result = await RunAsync(program, JsonValue.Parse("""{"items":[0,1,2]}"""), history);
                    Assert.Equal(ExecutionStatus.Succeeded, result.Status);
                    var mapAt = result.Output["mapAt"];
                    Assert.True(mapAt.IsString, result.Output.ToString());
                    Assert.All(result.Output["lines"].GetArray(), line => Assert.Equal(mapAt, line["at"]));
                    Assert.Equal(42857, result.Output["lines"][0]["n"].GetDouble());
                }
            }
        }
        finally
        {
            context.Unload();
        }
    }

    private static async Task<ExecutionResult> RunAsync(StateMachineProgram program, JsonValue input, bool history)
    {
        var kernel = new ExecutionKernel();
        return await kernel.RunAsync(program, input, new ExecutionRequest { StateMachineName = "StateMachine", Name = "sync", RecordHistory = history });
    }

    private static (Compilation Output, IReadOnlyDictionary<string, string> Sources) Generate(params (string Path, string Text)[] files)
    {
        var driver = GeneratorHarness.CreateDriver([.. files.Select(f => GeneratorHarness.File(f.Path, f.Text))]);
        var (_, output, sources) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));
        return (output, sources);
    }
}
