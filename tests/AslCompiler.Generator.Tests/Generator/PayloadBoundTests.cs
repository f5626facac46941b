using System.Text;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// The synchronous runner skips walking a Pass state's output while the bound the generator proved from the input's
/// bound is within the payload limit. A payload that doubles at every state, under many limits: the compiled class
/// fails at the same state as the interpreter (each state has its own name, so the state that failed tells the round),
/// or succeeds with the same output.
/// </summary>
public class PayloadBoundTests
{
    private const int Rounds = 12;

    [Fact]
    public async Task A_growing_payload_fails_at_the_same_state_compiled_and_interpreted()
    {
        var definition = Definition();
        var (output, source) = GeneratorHarness.Generate("Flows/Grow.asl.json", definition);

        // The doubling, ResultPath and Format-over-paths states have a proved bound (checked on their records); the
        // last state, whose JsonToString has none, is measured.
        Assert.Contains("frame.WithinPayloadBound(ref sizeBound, ", source, StringComparison.Ordinal);
        Assert.Contains("frame.WithinPayloadBound(value, ref sizeBound, ", source, StringComparison.Ordinal);
        Assert.Contains("frame.ExceedsPayloadLimit(output, ref sizeBound))", source, StringComparison.Ordinal);

        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Grow", "grow");
        try
        {
            var interpreted = AslInterpreter.Compile(definition);
            var failedAt = new HashSet<string>(StringComparer.Ordinal);
            // Control characters take 6 bytes each escaped, as many as the bound counts: there the bound is tight.
            foreach (var leaf in new[] { "x", "xyz", "\u00e9\u00e9\u00e9\u00e9\u00e9", "\\u0001\\u0002" })
            {
                var input = JsonValue.Parse("{\"data\":\"" + leaf + "\",\"keep\":{\"k\":[1,2]}}");
                for (var limit = 60; limit < 400_000; limit = (limit * 5 / 4) + 1)
                {
                    var expected = await RunAsync(interpreted, input, limit);
                    var actual = await RunAsync(compiled, input, limit);
                    Assert.True(expected.Status == actual.Status, "limit " + limit + ", leaf " + leaf + ": " + expected.Cause + " / " + actual.Cause);
                    Assert.Equal(expected.Error, actual.Error);
                    Assert.Equal(expected.Cause, actual.Cause);
                    Assert.Equal(expected.Output, actual.Output);
                    if (expected.Cause is { } cause)
                    {
                        failedAt.Add(cause);
                    }
                }
            }

            // The limits reach every round: the comparison saw failures at many different states.
            Assert.True(failedAt.Count >= Rounds, string.Join(" | ", failedAt));
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public async Task Paths_that_contain_one_another_and_Format_arguments_count_in_the_bound()
    {
        // Each case's output holds its input's data more than once (or once, for disjoint paths; a Map's iteration
        // input holds its item twice, one inside the other, or its Map's input's data twice; a Map over a record gathers
        // its input's data twice and sets the result on the record, or doubles each item of its record input), and a
        // control character is as big escaped (6 bytes) as the bound counts it: a bound that counted a path too few times
        // would let the compiled class pass a limit the interpreter fails.
        const string definition = """
            { "StartAt": "Pick", "States": {
              "Pick": { "Type": "Choice", "Choices": [
                { "Variable": "$.case", "StringEquals": "disjoint", "Next": "Disjoint" },
                { "Variable": "$.case", "StringEquals": "nested", "Next": "Nested" },
                { "Variable": "$.case", "StringEquals": "format", "Next": "Format" },
                { "Variable": "$.case", "StringEquals": "map", "Next": "Each" },
                { "Variable": "$.case", "StringEquals": "mapinput", "Next": "EachInput" },
                { "Variable": "$.case", "StringEquals": "mapresult", "Next": "Gather" },
                { "Variable": "$.case", "StringEquals": "formatlist", "Next": "FormatList" },
                { "Variable": "$.case", "StringEquals": "indexes", "Next": "Indexes" },
                { "Variable": "$.case", "StringEquals": "mapindexes", "Next": "EachIndexes" },
                { "Variable": "$.case", "StringEquals": "mapitems", "Next": "GatherItems" } ], "Default": "Same" },
              "GatherItems": { "Type": "Pass", "Parameters": { "items.$": "$.items", "z": 1 }, "Next": "EachItem" },
              "EachItem": { "Type": "Map", "ItemsPath": "$.items",
                "ItemSelector": { "v.$": "$$.Map.Item.Value" },
                "ItemProcessor": { "StartAt": "InnerItem", "States": {
                  "InnerItem": { "Type": "Pass", "Parameters": { "v.$": "$.v", "w.$": "$.v" }, "End": true } } },
                "ResultPath": "$.out", "End": true },
              "FormatList": { "Type": "Pass", "Parameters": { "t.$": "States.Format('{}', $.list)" }, "End": true },
              "Indexes": { "Type": "Pass", "Parameters": { "a.$": "$.arr[0]", "b.$": "$.arr[-1]" }, "End": true },
              "EachIndexes": { "Type": "Map", "ItemsPath": "$.items",
                "ItemSelector": { "a.$": "$$.Map.Item.Value[0]", "b.$": "$$.Map.Item.Value[-1]" },
                "ItemProcessor": { "StartAt": "InnerIndexes", "States": {
                  "InnerIndexes": { "Type": "Pass", "End": true } } },
                "End": true },
              "Gather": { "Type": "Pass", "Parameters": { "items.$": "$.items", "data.$": "$.data" }, "Next": "EachResult" },
              "EachResult": { "Type": "Map", "ItemsPath": "$.items",
                "ItemSelector": { "d.$": "$.data", "v.$": "$$.Map.Item.Value" },
                "ItemProcessor": { "StartAt": "InnerResult", "States": {
                  "InnerResult": { "Type": "Pass", "Parameters": { "d.$": "$.d", "v.$": "$.v" }, "End": true } } },
                "ResultPath": "$.out", "End": true },
              "Each": { "Type": "Map", "ItemsPath": "$.items",
                "ItemSelector": { "a.$": "$$.Map.Item.Value", "b.$": "$$.Map.Item.Value.data", "i.$": "$$.Map.Item.Index" },
                "ItemProcessor": { "StartAt": "Inner", "States": {
                  "Inner": { "Type": "Pass", "Parameters": { "a.$": "$.a", "b.$": "$.b" }, "End": true } } },
                "End": true },
              "EachInput": { "Type": "Map", "ItemsPath": "$.items",
                "ItemSelector": { "c.$": "$.data", "d.$": "$.data" },
                "ItemProcessor": { "StartAt": "InnerInput", "States": {
                  "InnerInput": { "Type": "Pass", "Parameters": { "c.$": "$.c", "d.$": "$.d" }, "End": true } } },
                "End": true },
              "Same": { "Type": "Pass", "Parameters": { "a.$": "$.data", "b.$": "$.data" }, "End": true },
              "Disjoint": { "Type": "Pass", "Parameters": { "a.$": "$.data", "b.$": "$.other" }, "End": true },
              "Nested": { "Type": "Pass", "Parameters": { "a.$": "$.box", "b.$": "$.box.data" }, "End": true },
              "Format": { "Type": "Pass", "Parameters": { "a.$": "$.data", "t.$": "States.Format('{}', $.data)" }, "End": true } } }
            """;
        var (output, _) = GeneratorHarness.Generate("Flows/Paths.asl.json", definition);
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Paths", "paths");
        try
        {
            var interpreted = AslInterpreter.Compile(definition);
            var failures = 0;
            foreach (var length in new[] { 40, 300 })
            {
                var data = JsonValue.Parse("\"" + string.Concat(Enumerable.Repeat("\\u0001", length)) + "\"");
                var inputs = new[]
                {
                    JsonValue.CreateObject(new("case", "same"), new("data", data)),
                    JsonValue.CreateObject(new("case", "disjoint"), new("data", data), new("other", data)),
                    JsonValue.CreateObject(new("case", "nested"), new("box", JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("data", data)))),
                    JsonValue.CreateObject(new("case", "format"), new("data", data)),
                    JsonValue.CreateObject(new("case", "map"), new("items", JsonValue.FromArray(JsonArrayValue.Create(JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("data", data)))))),
                    JsonValue.CreateObject(new("case", "mapinput"), new("data", data), new("items", JsonValue.FromArray(JsonArrayValue.Create(1)))),
                    JsonValue.CreateObject(new("case", "mapresult"), new("data", data), new("items", JsonValue.FromArray(JsonArrayValue.Create(1, 2)))),

                    // Found by a fuzz trial: Format writes "[], " for "[]," (so the text outgrows the argument), and
                    // [0] and [-1] of a one-item array are one item, counted once for two copies.
                    JsonValue.Parse("{\"case\":\"formatlist\",\"list\":[" + string.Join(",", Enumerable.Repeat("[],true", length)) + "]}"),
                    JsonValue.CreateObject(new("case", "indexes"), new("arr", JsonValue.FromArray(JsonArrayValue.Create(data)))),
                    JsonValue.CreateObject(new("case", "mapindexes"), new("items", JsonValue.FromArray(JsonArrayValue.Create(JsonValue.FromArray(JsonArrayValue.Create(data)))))),

                    // An iteration state that doubles the item it takes from a Map over a record input must fail where the
                    // interpreter's does (a bound of the item that is too small lets it pass).
                    JsonValue.CreateObject(new("case", "mapitems"), new("items", JsonValue.FromArray(JsonArrayValue.Create(1, data, JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("d", data)))))),
                };
                foreach (var input in inputs)
                {
                    for (var limit = 100; limit < 8 * ((6 * length) + 100); limit = (limit * 21 / 20) + 1)
                    {
                        var expected = await RunAsync(interpreted, input, limit);
                        var actual = await RunAsync(compiled, input, limit);
                        Assert.True(expected.Status == actual.Status, input["case"] + ", limit " + limit + ": " + expected.Cause + " / " + actual.Cause);
                        Assert.Equal(expected.Cause, actual.Cause);
                        Assert.Equal(expected.Output, actual.Output);
                        failures += expected.Status == ExecutionStatus.Failed ? 1 : 0;
                    }
                }
            }

            Assert.True(failures > 20, "The limits must reach the outputs' sizes: " + failures + " failures.");
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public async Task Number_literals_longer_than_24_characters_count_their_text_in_the_bound()
    {
        // A Result and a Format argument that hold a 300-digit integer (kept digits, written in full). Counted as 24
        // bytes, the proved bound would let an output past the limit through: at one byte below the output's size the
        // execution fails, at its size it succeeds, compiled and interpreted.
        var digits = "7" + new string('0', 299);
        var definition = """
            { "StartAt": "Pick", "States": {
              "Pick": { "Type": "Choice", "Choices": [
                { "Variable": "$.case", "StringEquals": "format", "Next": "Format" } ], "Default": "Constant" },
              "Constant": { "Type": "Pass", "Result": { "big": DIGITS }, "ResultPath": "$.r", "End": true },
              "Format": { "Type": "Pass", "Parameters": { "t.$": "States.Format('{} {}', DIGITS, $.case)" }, "End": true } } }
            """.Replace("DIGITS", digits, StringComparison.Ordinal);
        var (output, source) = GeneratorHarness.Generate("Flows/Digits.asl.json", definition);
        Assert.Contains("frame.WithinPayloadBound(", source, StringComparison.Ordinal);
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Digits", "digits");
        try
        {
            var interpreted = AslInterpreter.Compile(definition);
            foreach (var (name, expected) in new[]
            {
                ("constant", "{\"case\":\"constant\",\"r\":{\"big\":" + digits + "}}"),
                ("format", "{\"t\":\"" + digits + " format\"}"),
            })
            {
                var input = JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("case", name));
                var size = Encoding.UTF8.GetByteCount(expected);
                foreach (var program in new[] { interpreted, compiled })
                {
                    var within = await RunAsync(program, input, size);
                    Assert.Equal(ExecutionStatus.Succeeded, within.Status);
                    Assert.Equal(expected, within.Output.ToJsonString());
                }

                // The state fails, naming itself (not the execution's own check of its output at the end).
                var past = await RunAsync(interpreted, input, size - 1);
                Assert.Equal(ExecutionStatus.Failed, past.Status);
                Assert.Equal("States.DataLimitExceeded", past.Error);
                Assert.Contains(name == "format" ? "'Format'" : "'Constant'", past.Cause, StringComparison.Ordinal);
                var pastCompiled = await RunAsync(compiled, input, size - 1);
                Assert.Equal(past.Error, pastCompiled.Error);
                Assert.Equal(past.Cause, pastCompiled.Cause);
            }
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>
    /// Rounds of: double the data (Parameters), set a member (Result at a ResultPath), select it back with a Format of
    /// paths (a record with a proved bound), then a Format and a JsonToString (no bound).
    /// </summary>
    private static string Definition()
    {
        var states = new StringBuilder();
        for (var i = 1; i <= Rounds; i++)
        {
            var next = i == Rounds ? "Label" : "Double" + (i + 1);
            states.Append("\"Double").Append(i).Append("\": { \"Type\": \"Pass\", \"Parameters\": { \"n.$\": \"States.MathAdd(1, ").Append(i)
                .Append(")\", \"data\": { \"a.$\": \"$.data\", \"b.$\": \"$.data\" }, \"keep.$\": \"$.keep\", \"id.$\": \"States.UUID()\" }, \"Next\": \"Mark").Append(i).Append("\" },");
            states.Append("\"Mark").Append(i).Append("\": { \"Type\": \"Pass\", \"Result\": { \"round\": ").Append(i)
                .Append(", \"tag\": \"long enough tag text\" }, \"ResultPath\": \"$.meta.last\", \"Next\": \"Pick").Append(i).Append("\" },");
            states.Append("\"Pick").Append(i).Append("\": { \"Type\": \"Pass\", \"InputPath\": \"$\", \"Parameters\": { \"data.$\": \"$.data\", \"keep.$\": \"$.keep\", \"meta.$\": \"$.meta\", \"label.$\": \"States.Format('round {} of {}', $.meta.last.round, $.data)\" }, \"OutputPath\": \"$\", \"Next\": \"")
                .Append(next).Append("\" },");
        }

        states.Append("\"Label\": { \"Type\": \"Pass\", \"Parameters\": { \"text.$\": \"States.Format('{} {}', $.keep, $.label)\", \"json.$\": \"States.JsonToString($.keep)\", \"data.$\": \"$.data\" }, \"End\": true }");
        return "{ \"StartAt\": \"Double1\", \"States\": { " + states + " } }";
    }

    [Theory]
    [InlineData(256 * 1024, false)]
    [InlineData(0, false)]
    [InlineData(256 * 1024, true)]
    [InlineData(0, true)]
    public async Task A_payload_that_nests_deeper_each_round_fails_at_the_same_round_compiled_and_interpreted(int maxPayload, bool waits)
    {
        // Each case adds two levels a round (a template, intrinsics, a Map's result set by ResultPath, a ResultPath
        // within the input, a variable's Assign): a bound that undercounted the depth would let the compiled class pass a round the
        // interpreter refuses, with or without a size limit (the depth limit holds without one).
        const string definition = """
            { "StartAt": "Init", "States": {
              "Init": { "Type": "Pass", "Assign": { "v": [] }, "Next": "Loop" },
              "Loop": { "Type": "Choice", "Choices": [
                { "And": [ { "Variable": "$.i", "NumericLessThanPath": "$.rounds" }, { "Variable": "$.case", "StringEquals": "template" } ], "Next": "NestTemplate" },
                { "And": [ { "Variable": "$.i", "NumericLessThanPath": "$.rounds" }, { "Variable": "$.case", "StringEquals": "array" } ], "Next": "NestArray" },
                { "And": [ { "Variable": "$.i", "NumericLessThanPath": "$.rounds" }, { "Variable": "$.case", "StringEquals": "map" } ], "Next": "NestMap" },
                { "And": [ { "Variable": "$.i", "NumericLessThanPath": "$.rounds" }, { "Variable": "$.case", "StringEquals": "resultpath" } ], "Next": "NestResultPath" },
                { "And": [ { "Variable": "$.i", "NumericLessThanPath": "$.rounds" }, { "Variable": "$.case", "StringEquals": "assign" } ], "Next": "NestAssign" } ],
                "Default": "Done" },
              "NestTemplate": { "Type": "Pass", "Parameters": { "case.$": "$.case", "rounds.$": "$.rounds", "i.$": "States.MathAdd($.i, 1)", "v": { "a": { "b.$": "$.v" } } }, "Next": "Loop" },
              "NestArray": { "Type": "Pass", "Parameters": { "case.$": "$.case", "rounds.$": "$.rounds", "i.$": "States.MathAdd($.i, 1)", "v.$": "States.Array(States.Array($.v))" }, "Next": "Loop" },
              "NestMap": { "Type": "Map", "ItemsPath": "$.one", "ItemSelector": { "u.$": "$.v" },
                "ItemProcessor": { "StartAt": "Keep", "States": { "Keep": { "Type": "Pass", "End": true } } },
                "ResultPath": "$.v", "Next": "CountMap" },
              "CountMap": { "Type": "Pass", "Parameters": { "case.$": "$.case", "rounds.$": "$.rounds", "one.$": "$.one", "i.$": "States.MathAdd($.i, 1)", "v.$": "$.v" }, "Next": "Loop" },
              "NestResultPath": { "Type": "Pass", "Parameters": { "w": { "x.$": "$.v" } }, "ResultPath": "$.v", "Next": "CountResultPath" },
              "CountResultPath": { "Type": "Pass", "Parameters": { "case.$": "$.case", "rounds.$": "$.rounds", "i.$": "States.MathAdd($.i, 1)", "v.$": "$.v" }, "Next": "Loop" },
              "NestAssign": { "Type": "Pass", "Parameters": { "case.$": "$.case", "rounds.$": "$.rounds", "i.$": "States.MathAdd($.i, 1)", "v.$": "$.v" },
                "Assign": { "v": { "a": { "b.$": "$v" } } }, "Next": "Loop" },
              "Done": { "Type": "Pass", "Parameters": { "i.$": "$.i", "v.$": "$.v" }, "End": true } } }
            """;
        // A Wait first makes the compiled class's root runner the asynchronous one, which measures each output.
        var text = waits ? definition.Replace("\"StartAt\": \"Init\", \"States\": {", "\"StartAt\": \"Pause\", \"States\": { \"Pause\": { \"Type\": \"Wait\", \"Seconds\": 0, \"Next\": \"Init\" },", StringComparison.Ordinal) : definition;
        var (output, source) = GeneratorHarness.Generate("Flows/Nest.asl.json", text);
        Assert.Equal(!waits, source.Contains("frame.WithinPayloadBound(ref sizeBound, ", StringComparison.Ordinal));
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Nest", "nest");
        Assert.Equal(waits, compiled.AsynchronousRoot is not null);
        try
        {
            var interpreted = AslInterpreter.Compile(text);
            foreach (var (name, failing) in new[] { ("template", "NestTemplate"), ("array", "NestArray"), ("map", "NestMap"), ("resultpath", "NestResultPath"), ("assign", "NestAssign") })
            {
                var failures = 0;
                for (var rounds = 495; rounds <= 502; rounds++)
                {
                    var input = JsonValue.Parse("{\"case\":\"" + name + "\",\"rounds\":" + rounds + ",\"i\":0,\"one\":[0],\"v\":[]}");
                    var expected = await RunAsync(interpreted, input, maxPayload);
                    var actual = await RunAsync(compiled, input, maxPayload);
                    Assert.True(expected.Status == actual.Status, name + ", " + rounds + " rounds: " + expected.Cause + " / " + actual.Cause);
                    Assert.Equal(expected.Error, actual.Error);
                    Assert.Equal(expected.Cause, actual.Cause);
                    Assert.Equal(expected.Output, actual.Output);
                    if (expected.Status == ExecutionStatus.Failed)
                    {
                        failures++;
                        Assert.Equal("States.DataLimitExceeded", expected.Error);
                        Assert.Equal("The state/task '" + failing + "' " + (name == "assign" ? "assigned a variable" : "returned a result") + " nested deeper than 1000 levels, the most a payload may nest.", expected.Cause);
                    }
                }

                // The limit falls inside the rounds tried: some pass, some fail.
                Assert.InRange(failures, 1, 7);
            }
        }
        finally
        {
            context.Unload();
        }
    }

    private static async Task<ExecutionResult> RunAsync(StateMachineProgram program, JsonValue input, int maxPayload)
    {
        var kernel = new ExecutionKernel(new ExecutionOptions { MaxPayloadBytes = maxPayload, Random = new Random(3) });
        return await kernel.RunAsync(program, input, new ExecutionRequest { StateMachineName = "StateMachine", Name = "grow", RecordHistory = false });
    }
}
