using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// The synchronous runner's inline states (JSONPath Pass, Choice and Succeed written out in their <c>case</c>, no kernel
/// step): the same status, output, error and cause as the interpreter with history on and off, on their success paths
/// and their failures (a path that names nothing, a ResultPath that does not fit, no Choice rule matching, an output
/// past the payload limit), and Map iterations that run on one reused frame see nothing of each other.
/// </summary>
public class InlineStatesTests
{
    private const string Definition = """
        {
          "StartAt": "Init",
          "States": {
            "Init": {
              "Type": "Pass", "InputPath": "$.data",
              "Parameters": { "list.$": "$.list", "mode.$": "$.mode", "limit": 3 },
              "ResultPath": "$.state", "OutputPath": "$.state", "Assign": { "origin": "init" },
              "Next": "Route"
            },
            "Route": {
              "Type": "Choice", "InputPath": "$", "OutputPath": "$", "Assign": { "route": "default" },
              "Choices": [
                { "Variable": "$.mode", "StringEquals": "fail", "Next": "Boom" },
                { "Variable": "$.mode", "StringEquals": "strict", "Next": "Strict" },
                { "Variable": "$.mode", "StringEquals": "big", "Next": "Grow", "Assign": { "route": "big" } },
                { "Variable": "$.mode", "StringEquals": "badpath", "Next": "BadPath" },
                { "Variable": "$.mode", "StringEquals": "mismatch", "Next": "Mismatch" },
                { "Variable": "$.mode", "StringEquals": "constant", "Next": "Constant" },
                { "And": [ { "Variable": "$.mode", "StringEquals": "missingvar" }, { "Variable": "$.missing", "StringEquals": "x" } ], "Next": "Boom" }
              ],
              "Default": "Each"
            },
            "Strict": { "Type": "Choice", "Choices": [ { "Variable": "$.limit", "NumericGreaterThan": 1000, "Next": "Each" } ] },
            "Boom": { "Type": "Fail", "Error": "Boom", "Cause": "asked to fail" },
            "Grow": { "Type": "Pass", "Parameters": { "a.$": "$.list", "b.$": "$.list", "c.$": "$.list", "why.$": "$route" }, "Next": "Each" },
            "BadPath": { "Type": "Pass", "Parameters": { "x.$": "$.nothing.here" }, "Next": "Each" },
            "Mismatch": { "Type": "Pass", "Result": 1, "ResultPath": "$.mode.inner", "Next": "Each" },
            "Constant": { "Type": "Pass", "Result": { "list": [5, 6], "note": "constant" }, "ResultPath": null, "OutputPath": "$.list", "Next": "Wrap" },
            "Wrap": { "Type": "Pass", "Parameters": { "list.$": "$", "mode": "constant" }, "Next": "Each" },
            "Each": {
              "Type": "Map", "ItemsPath": "$.list", "ResultPath": "$.out",
              "ItemSelector": { "v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index" },
              "ItemProcessor": {
                "StartAt": "First",
                "States": {
                  "First": { "Type": "Choice", "Choices": [ { "Variable": "$.i", "NumericEquals": 0, "Next": "Set" } ], "Default": "Get" },
                  "Set": { "Type": "Pass", "Assign": { "mine": "first" }, "Parameters": { "v.$": "$.v", "name.$": "$$.State.Name" }, "End": true },
                  "Get": { "Type": "Pass", "Parameters": { "v.$": "$.v", "origin.$": "$origin", "seen.$": "$mine" }, "End": true }
                }
              },
              "Next": "Done"
            },
            "Done": { "Type": "Succeed", "InputPath": "$", "OutputPath": "$.out" }
          }
        }
        """;

    [Fact]
    public void Pass_Choice_and_Succeed_states_are_written_inline()
    {
        var (output, sources) = Generate();
        var source = sources["Flows.Inline.asl.g.cs"];
        Assert.Contains("goto case", source, StringComparison.Ordinal);
        Assert.Contains("frame.ExceedsPayloadLimit(output, ref sizeBound", source, StringComparison.Ordinal);
        Assert.Contains(".NoChoiceMatched;", source, StringComparison.Ordinal);
        Assert.DoesNotContain("frame.RunPass(", source, StringComparison.Ordinal);
        Assert.DoesNotContain("frame.RunChoice(", source, StringComparison.Ordinal);
        Assert.DoesNotContain("frame.RunSucceed(", source, StringComparison.Ordinal);
        Assert.Contains("frame.RunFail(", source, StringComparison.Ordinal);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
    }

    [Theory]
    [InlineData("""{"data":{"list":[1],"mode":"plain"}}""", 256 * 1024)]
    [InlineData("""{"data":{"list":[1,2,3],"mode":"plain"}}""", 256 * 1024)]
    [InlineData("""{"data":{"list":[],"mode":"plain"}}""", 256 * 1024)]
    [InlineData("""{"data":{"list":[1,2],"mode":"fail"}}""", 256 * 1024)]
    [InlineData("""{"data":{"list":[1,2],"mode":"strict"}}""", 256 * 1024)]
    [InlineData("""{"data":{"list":[1,2],"mode":"big"}}""", 256 * 1024)]
    [InlineData("""{"data":{"list":["a string long enough to pass the payload limit of the test","a string long enough to pass the payload limit of the test"],"mode":"big"}}""", 300)]
    [InlineData("""{"data":{"list":[1,2],"mode":"badpath"}}""", 256 * 1024)]
    [InlineData("""{"data":{"list":[1,2],"mode":"mismatch"}}""", 256 * 1024)]
    [InlineData("""{"data":{"list":[1,2],"mode":"constant"}}""", 256 * 1024)]
    [InlineData("""{"data":{"list":[1,2],"mode":"other"}}""", 256 * 1024)]
    [InlineData("""{"data":{"list":[4],"mode":"constant"}}""", 256 * 1024)]
    [InlineData("""{"data":{"list":[1],"mode":"missingvar"}}""", 256 * 1024)]
    [InlineData("""{"data":{"list":"not an array","mode":"plain"}}""", 256 * 1024)]
    [InlineData("""{"nodata":1}""", 256 * 1024)]
    public async Task Inline_states_and_the_interpreter_agree_with_history_on_and_off(string input, int maxPayload)
    {
        var (output, _) = Generate();
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Inline", "inline");
        try
        {
            Assert.NotNull(compiled.SynchronousRoot);
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, Definition, input, () => new ExecutionKernel(new ExecutionOptions { MaxPayloadBytes = maxPayload }), "inline");
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public async Task An_output_past_the_payload_limit_fails_the_inline_state_that_made_it()
    {
        var (output, _) = Generate();
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Inline", "inline-limit");
        try
        {
            var text = new string('x', 60);
            var input = JsonValue.Parse("""{"data":{"list":["{{text}}","{{text}}"],"mode":"big"}}""".Replace("{{text}}", text, StringComparison.Ordinal));
            var result = await RunAsync(compiled, input, history: false, maxPayload: 300);
            Assert.Equal(ExecutionStatus.Failed, result.Status);
            Assert.Equal("States.DataLimitExceeded", result.Error);
            Assert.Contains("'Grow'", result.Cause, StringComparison.Ordinal);
        }
        finally
        {
            context.Unload();
        }
    }

    private static async Task<ExecutionResult> RunAsync(StateMachineProgram program, JsonValue input, bool history, int maxPayload)
    {
        var kernel = new ExecutionKernel(new ExecutionOptions { MaxPayloadBytes = maxPayload });
        return await kernel.RunAsync(program, input, new ExecutionRequest { StateMachineName = "StateMachine", Name = "inline", RecordHistory = history });
    }

    private static (Compilation Output, IReadOnlyDictionary<string, string> Sources) Generate()
    {
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Flows/Inline.asl.json", Definition)]);
        var (_, output, sources) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));
        return (output, sources);
    }
}
