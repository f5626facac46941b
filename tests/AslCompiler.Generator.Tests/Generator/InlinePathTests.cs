namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// Paths written in place in the method that uses them (template members, intrinsic arguments, Choice variables and
/// operands, the Map item part of <c>$$.Map.Item.Value</c>): the compiled class and the interpreter agree on output,
/// error and cause when the path finds its value and when it stops at any of its steps.
/// </summary>
public class InlinePathTests
{
    private const string Definition = """
        {
          "StartAt": "Route",
          "States": {
            "Route": {
              "Type": "Choice",
              "Choices": [
                { "Variable": "$.mode", "StringEquals": "template", "Next": "Template" },
                { "Variable": "$.mode", "StringEquals": "intrinsic", "Next": "Intrinsic" },
                { "Variable": "$.mode", "StringEquals": "map", "Next": "Each" },
                { "Variable": "$.mode", "StringEquals": "operand", "Next": "Operand" },
                { "Variable": "$.mode", "StringEquals": "context", "Next": "Context" },
                { "Variable": "$.mode", "StringEquals": "format", "Next": "Formats" },
                { "Variable": "$.mode", "StringEquals": "formatbad", "Next": "FormatBad" },
                { "Variable": "$.mode", "StringEquals": "members", "Next": "Members" },
                { "Variable": "$.mode", "StringEquals": "notask", "Next": "NoTaskAtAll" },
                { "Variable": "$.mode", "StringEquals": "nomember", "Next": "NoMember" },
                { "Variable": "$.mode", "StringEquals": "dotbracket", "Next": "DotBracket" },
                { "Variable": "$$.Execution.Input.mode", "StringEquals": "viacontext", "Next": "Members" },
                { "Variable": "$.deep.er.est", "StringEquals": "x", "Next": "Template" }
              ],
              "Default": "Template"
            },
            "Template": {
              "Type": "Pass",
              "Assign": { "saved": { "k": "kept" } },
              "Parameters": { "abc.$": "$.a.b.c", "second.$": "$.list[1]", "whole.$": "$", "nested": { "inner.$": "$.a.b" }, "lit": 1 },
              "Next": "Variable"
            },
            "Variable": { "Type": "Pass", "Parameters": { "k.$": "$saved.k", "abc.$": "$.abc" }, "End": true },
            "Intrinsic": {
              "Type": "Pass",
              "Parameters": { "text.$": "States.Format('{} and {}', $.a.b, $.list[0])", "sum.$": "States.MathAdd($.n, 1)", "len.$": "States.ArrayLength(States.Array($.a.b, 2))" },
              "End": true
            },
            "Each": {
              "Type": "Map", "ItemsPath": "$.list",
              "ItemSelector": { "z.$": "$$.Map.Item.Value.k.z", "item.$": "$$.Map.Item.Value", "at.$": "$$.Map.Item.Index" },
              "ItemProcessor": { "StartAt": "Echo", "States": { "Echo": { "Type": "Pass", "End": true } } },
              "End": true
            },
            "Operand": {
              "Type": "Choice",
              "Choices": [ { "Variable": "$.n", "NumericLessThanPath": "$.limit.max", "Next": "Low" } ],
              "Default": "High"
            },
            "Formats": {
              "Type": "Pass",
              "Parameters": {
                "escaped.$": "States.Format('x\\{y\\} {} z {}', $.v, $.w)",
                "one.$": "States.Format('[{}]', $.v)",
                "three.$": "States.Format('{}{}{}', $.v, $.w, $.v)",
                "backslash.$": "States.Format('a\\\\{}', $.v)"
              },
              "End": true
            },
            "FormatBad": { "Type": "Pass", "Parameters": { "bad.$": "States.Format('{} {}', $.v)" }, "End": true },
            "Low": { "Type": "Pass", "Result": "low", "End": true },
            "High": { "Type": "Pass", "Result": "high", "End": true },
            "Context": { "Type": "Pass", "Parameters": { "name.$": "$$.Execution.Name", "state.$": "$$.State.Name", "none.$": "$$.Execution.Input.missing" }, "End": true },
            "Members": {
              "Type": "Pass",
              "Parameters": { "execution.$": "$$.Execution", "input.$": "$$.Execution.Input.v", "machine.$": "$$.StateMachine.Name", "state.$": "$$.State", "id.$": "States.Format('{}', $$.Execution.Name)" },
              "Next": "NoTask"
            },
            "NoTask": { "Type": "Pass", "Parameters": { "token.$": "$$.Task.Token" }, "End": true },
            "NoTaskAtAll": { "Type": "Pass", "Parameters": { "task.$": "$$.Task" }, "End": true },
            "NoMember": { "Type": "Pass", "Parameters": { "x.$": "$$.Execution.Nothing.deeper" }, "End": true },
            "DotBracket": {
              "Type": "Pass",
              "Parameters": { "first.$": "$.list.[0]", "quoted.$": "$.a.['b c']", "picked.$": "$.list.[?(@.v > 1)].v", "text.$": "States.Format('{}', $.list.[1].v)" },
              "OutputPath": "$.['first']",
              "End": true
            }
          }
        }
        """;

    [Theory]
    [InlineData("""{"mode":"template","a":{"b":{"c":3}},"list":[1,2]}""")]
    [InlineData("""{"mode":"template","a":{},"list":[1,2]}""")]
    [InlineData("""{"mode":"template","a":{"b":{}},"list":[1,2]}""")]
    [InlineData("""{"mode":"template","a":1,"list":[1,2]}""")]
    [InlineData("""{"mode":"template","a":{"b":{"c":3}},"list":[1]}""")]
    [InlineData("""{"mode":"template","a":{"b":{"c":3}},"list":{"1":2}}""")]
    [InlineData("""{"mode":"intrinsic","a":{"b":"x"},"list":["y"],"n":4}""")]
    [InlineData("""{"mode":"intrinsic","a":{},"list":["y"],"n":4}""")]
    [InlineData("""{"mode":"intrinsic","a":{"b":"x"},"list":[],"n":4}""")]
    [InlineData("""{"mode":"intrinsic","a":{"b":"x"},"list":["y"],"n":"four"}""")]
    [InlineData("""{"mode":"intrinsic","a":{"b":"x"},"list":["y"]}""")]
    [InlineData("""{"mode":"intrinsic","a":{"b":"x"},"list":["y"],"n":2147483646}""")]
    [InlineData("""{"mode":"intrinsic","a":{"b":"x"},"list":["y"],"n":2147483647}""")]
    [InlineData("""{"mode":"intrinsic","a":{"b":"x"},"list":["y"],"n":-2147483649}""")]
    [InlineData("""{"mode":"intrinsic","a":{"b":"x"},"list":["y"],"n":4503599627370495}""")]
    [InlineData("""{"mode":"intrinsic","a":{"b":"x"},"list":["y"],"n":0.49999999999999994}""")]
    [InlineData("""{"mode":"map","list":[{"k":{"z":1}},{"k":{"z":2}}]}""")]
    [InlineData("""{"mode":"map","list":[{"k":{"z":1}},{"k":{}}]}""")]
    [InlineData("""{"mode":"map","list":[{"k":{"z":1}},5]}""")]
    [InlineData("""{"mode":"operand","n":1,"limit":{"max":2}}""")]
    [InlineData("""{"mode":"operand","n":3,"limit":{"max":2}}""")]
    [InlineData("""{"mode":"operand","n":1,"limit":{}}""")]
    [InlineData("""{"mode":"operand","n":1,"limit":7}""")]
    [InlineData("""{"mode":"operand","limit":{"max":2}}""")]
    [InlineData("""{"mode":"context"}""")]
    [InlineData("""{"mode":"format","v":"s{}","w":1}""")]
    [InlineData("""{"mode":"format","v":1.5,"w":1e21}""")]
    [InlineData("""{"mode":"format","v":true,"w":null}""")]
    [InlineData("""{"mode":"format","v":-0.0,"w":123456789012345678901234567890}""")]
    [InlineData("""{"mode":"format","v":{"k":[1,"a"]},"w":[1,{"b":null}]}""")]
    [InlineData("""{"mode":"format","v":"only"}""")]
    [InlineData("""{"mode":"formatbad","v":"x"}""")]
    [InlineData("""{"mode":"members","v":{"k":[1]}}""")]
    [InlineData("""{"mode":"notask"}""")]
    [InlineData("""{"mode":"nomember"}""")]
    [InlineData("""{"mode":"viacontext","v":2}""")]
    [InlineData("""{"mode":"dotbracket","list":[{"v":1},{"v":2}],"a":{"b c":3}}""")]
    [InlineData("""{"mode":"dotbracket","list":[{"v":1}],"a":{"b c":3}}""")]
    [InlineData("""{"mode":"dotbracket","list":[{"v":1},{"v":2}],"a":{}}""")]
    [InlineData("""{"mode":"other"}""")]
    [InlineData("""{"deep":{"er":{}}}""")]
    [InlineData("""{"mode":1,"deep":{"er":{"est":"x"}},"a":{"b":{"c":0}},"list":[0,0]}""")]
    public async Task Inline_paths_and_the_interpreter_agree(string input)
    {
        var (output, source) = GeneratorHarness.Generate("Flows/Paths.asl.json", Definition);
        Assert.Contains("TryGetMapItemValue(frame, out global::AslCompiler.Runtime.Json.JsonValue ", source, StringComparison.Ordinal);
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Paths", "paths");
        try
        {
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, Definition, input, GeneratorHarness.FixedClockKernel, "paths");
        }
        finally
        {
            context.Unload();
        }
    }
}
